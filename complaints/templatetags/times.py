"""{{ at|minute }}: what `{{ at|date:"Y-m-d H:i" }}` writes (the time in the current time zone, to the
minute; "" for none), without the date filter's general formatting (the complaint page shows a dozen)."""

from django import template

from complaints.web import local_minute

register = template.Library()


@register.filter
def minute(at) -> str:
    return local_minute(at) if at else ""
