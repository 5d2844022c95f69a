"""What a user may do, read once per user object in one query: their roles (org.roles), Django's model
permissions (their own and their roles'; Django reads them in two queries) and their staff profile
(the department the access rules ask for). Every page and API call asks for them. The API's token
authentication reads them in its own query (org.authentication), with the same SQL."""

from __future__ import annotations

from django.contrib.auth import backends
from django.db import connection

from org.models import StaffProfile

# The user's role names (their groups) and "app_label.codename" of their permissions, for the user row
# aliased `u` (a superuser has every permission). Arrays, so that they fit in the caller's one row; the
# permission ids as arrays rather than joins, which took the planner longer than the execution.
ROLES_SQL = """ARRAY(
    SELECT g.name FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id WHERE ug.user_id = u.id
)"""
PERMISSIONS_SQL = """ARRAY(
    SELECT ct.app_label || '.' || p.codename
      FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
     WHERE u.is_superuser
        OR p.id = ANY(ARRAY(
           SELECT up.permission_id FROM auth_user_user_permissions up WHERE up.user_id = u.id))
        OR p.id = ANY(ARRAY(
           SELECT gp.permission_id FROM auth_group_permissions gp
            WHERE gp.group_id = ANY(ARRAY(
                  SELECT ug.group_id FROM auth_user_groups ug WHERE ug.user_id = u.id))))
)"""
# The staff profile's columns, from `PROFILE_JOIN` (NULLs for a user without one).
PROFILE_FIELDS = [field.attname for field in StaffProfile._meta.concrete_fields]
PROFILE_COLUMNS = ", ".join(f"sp.{field.column}" for field in StaffProfile._meta.concrete_fields)
PROFILE_JOIN = f"LEFT JOIN {StaffProfile._meta.db_table} sp ON sp.user_id = u.id"
ACCESS_SQL = f"""
    SELECT {ROLES_SQL}, {PERMISSIONS_SQL}, {PROFILE_COLUMNS} FROM auth_user u {PROFILE_JOIN} WHERE u.id = %s
"""


def remember_access(user, row) -> None:
    """Keep what the access columns read (roles, permissions, the profile's columns) on the user object
    for its lifetime (the request's). A profile already loaded on it stays."""
    roles, permissions, *profile = row
    user._role_cache = frozenset(roles)
    user._perm_cache = set(permissions) if user.is_active else set()
    if "staff_profile" not in user._state.fields_cache:
        staff_profile = None
        if profile[0] is not None:
            staff_profile = StaffProfile.from_db(connection.alias, PROFILE_FIELDS, profile)
            staff_profile._state.fields_cache["user"] = user
        user._state.fields_cache["staff_profile"] = staff_profile  # None: no profile, as select_related


def load_access(user) -> None:
    """The user's roles, model permissions and staff profile, in one query, kept on the user object."""
    with connection.cursor() as cursor:
        cursor.execute(ACCESS_SQL, [user.pk])
        row = cursor.fetchone()
    remember_access(user, row if row is not None else ((), (), *[None] * len(PROFILE_FIELDS)))


class ModelBackend(backends.ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            load_access(user_obj)
        return user_obj._perm_cache
