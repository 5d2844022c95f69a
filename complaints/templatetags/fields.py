"""{{ f|field:prefix }}: a form field of complaints/web.py (label, input, help, errors) as HTML."""

from django import template

register = template.Library()


@register.filter
def field(form_field, prefix: str = "") -> str:
    return form_field.render(prefix)
