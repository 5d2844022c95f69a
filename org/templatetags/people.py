"""People as colleagues know them: the display name of their staff profile, else the user name.

Views load the profiles of every user on a page in one query first
(`prefetch_related_objects(users, "staff_profile")`); without that each name costs a query."""

from __future__ import annotations

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


def display_name(user) -> str:
    if user is None:
        return ""
    try:
        profile = user.staff_profile
    except ObjectDoesNotExist:
        profile = None
    return (profile.display_name if profile is not None else "") or user.get_username()


@register.filter
def person(user, empty: str = "—") -> str:
    """{{ complaint.owner|person }}: the display name, or "—" without a user."""
    return display_name(user) or empty


@register.filter(name="has_role")
def has_role_filter(user, role: str) -> bool:
    """{% if user|has_role:"expert" %}: the roles are read once per request (org/roles.py)."""
    from org.roles import has_role

    return has_role(user, role)
