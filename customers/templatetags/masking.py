from django import template

from customers import masking

register = template.Library()


@register.filter
def mask_name(value: str | None) -> str:
    return masking.mask_name(value)


@register.filter
def mask_phone(value: str | None) -> str:
    return masking.mask_phone(value)
