"""Staff roles. Each role is a Django group (created by org/migrations/0002_roles.py) with its permissions;
code asks `has_role(user, Role.X)` for role rules and `user.has_perm` for model permissions."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.backends import load_access


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    EXPERT = "expert", _("Expert group")
    MANAGER = "manager", _("Manager")
    AUDITOR = "auditor", _("Auditor (read-only)")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    CHANNEL = "channel", _("Channel (API only)")
    OPERATIONS = "operations", _("Operations system feed (API only)")


# Roles that work in the browser back office (the workbench at /).
BACK_OFFICE_ROLES = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER, Role.AUDITOR, Role.DEPARTMENT_STAFF}
)
# Roles that may open Django admin (auditors read-only through view permissions only).
ADMIN_ROLES = frozenset({Role.SUPERVISOR, Role.EXPERT, Role.MANAGER, Role.AUDITOR})


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The user's role names, read once per user object with their permissions (one query,
    org.backends), then cached on it."""
    if not user.is_authenticated:
        return frozenset()
    if getattr(user, "_role_cache", None) is None:
        load_access(user)
    return user._role_cache


def has_role(user: AbstractBaseUser | AnonymousUser, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))
