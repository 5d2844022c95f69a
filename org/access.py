"""Access helpers for views: who may use the back office."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from org.roles import BACK_OFFICE_ROLES, has_role


def back_office_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """403 for logged-in users without a back-office role (API-only channel users, for instance)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_superuser or has_role(request.user, *BACK_OFFICE_ROLES)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
