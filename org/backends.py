"""Django's model permissions, read in one query per user object instead of two (the user's own and
their roles' permissions together): every page asks what the user may do."""

from __future__ import annotations

from django.contrib.auth import backends
from django.contrib.auth.models import Permission


class ModelBackend(backends.ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                perms = Permission.objects.values_list(*fields)
            else:
                own = Permission.objects.filter(user=user_obj).values_list(*fields).order_by()
                perms = own.union(
                    Permission.objects.filter(group__user=user_obj).values_list(*fields).order_by()
                )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in perms}
        return user_obj._perm_cache
