"""Every write to the organisation: staff roles and departments (Zulip's actions/users.py in small)."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Department, StaffProfile
from org.roles import ADMIN_ROLES, BACK_OFFICE_ROLES, Role


@transaction.atomic
def staff_user_assign(*, actor, user, role: str, department: Department | None, display_name: str = ""):
    """Give `user` exactly one of our roles, the admin access that role has, and their department.

    The role is the user's one role group (other role groups are removed; groups that are not roles are
    left to superusers); `is_staff` follows the role (ADMIN_ROLES). Staff who work in the back office
    belong to a department. Only a superuser changes a superuser. Raises PermissionDenied or
    ValidationError and writes nothing then."""
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser may change a superuser."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if department is None and role in BACK_OFFICE_ROLES:
        raise ValidationError({"department": _("Staff of the back office belong to a department.")})
    user.groups.remove(*Group.objects.filter(name__in=Role.values).exclude(name=role))
    user.groups.add(Group.objects.get(name=role))
    if not user.is_superuser:
        user.is_staff = role in ADMIN_ROLES
        user.save(update_fields=["is_staff"])
    if department is not None:
        StaffProfile.objects.update_or_create(
            user=user, defaults={"department": department, "display_name": display_name.strip()}
        )
    user._role_cache = None
    return user


@transaction.atomic
def manager_create(
    *,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    department_code: str,
    department_name: str,
) -> User:
    """The first manager of a new installation (manage.py create_manager; never demo data): a user with
    the manager role and its admin access, in a customer-service department made if missing. Refuses
    an existing username and a password the validators reject (ValidationError); writes nothing then."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("The user %(name)s already exists.") % {"name": username}})
    user = User(username=username, email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    department, _created = Department.objects.get_or_create(
        code=department_code,
        defaults={"name": department_name, "kind": Department.Kind.CUSTOMER_SERVICE},
    )
    # No acting user: the operator's command on the server (the new user is not a superuser).
    staff_user_assign(
        actor=None, user=user, role=Role.MANAGER, department=department, display_name=display_name or username
    )
    return user
