"""API permission classes shared by every app."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class ModelPermissionsByMethod(BasePermission):
    """Each HTTP method needs the Django permissions listed in the view's `required_perms[method]`."""

    def has_permission(self, request, view) -> bool:
        method = "GET" if request.method == "HEAD" else request.method  # HEAD answers like GET
        perms = getattr(view, "required_perms", {}).get(method, ())
        return bool(request.user and request.user.is_authenticated and request.user.has_perms(perms))
