"""{{ f|field:prefix }}: a form field of complaints/web.py (label, input, help, errors) as HTML;
{{ fields|fields:prefix }}: several; {% action_forms forms %}: the complaint page's action forms."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from complaints.web import action_form_html

register = template.Library()


@register.filter
def field(form_field, prefix: str = "") -> str:
    return form_field.render(prefix)


@register.filter
def fields(form_fields, prefix: str = "") -> str:
    """{{ fields|fields:prefix }}: each field as `field` writes it, one a line."""
    return mark_safe("".join(f.render(prefix) + "\n" for f in form_fields))


@register.simple_tag(takes_context=True)
def action_forms(context, forms: list[dict], open: bool = False) -> str:
    """The complaint page's action forms (`open`: all shown open, else each as it was posted), with the
    page's one CSRF token and the state of the complaint they were shown in."""
    if not forms:
        return ""
    c = context["c"]
    token = context.get("csrf_token")  # as {% csrf_token %} writes it
    csrf_input = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"
        else ""
    )
    # As `{{ c.updated_at|date:"U.u" }}` writes it: seconds since the epoch and microseconds.
    stamp = f"{int(c.updated_at.timestamp())}.{c.updated_at.microsecond:06d}"
    seen = f"{c.status}/{c.tier}/{stamp}"
    return mark_safe(
        "".join(
            action_form_html(form, seen=seen, csrf_input=csrf_input, open=open or form["open"])
            for form in forms
        )
    )
