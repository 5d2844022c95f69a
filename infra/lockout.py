"""The login lockout page (django-axes counts the failures; settings AXES_*)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: the Chinese page, 429."""
    from django.conf import settings
    from django.shortcuts import render

    return render(
        request,
        "registration/locked.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": round(settings.AXES_COOLOFF_TIME * 60)},
        status=429,
    )


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The user name a login attempt was made for, as django-axes records it: at most as long as a user
    name can be (a 100,000-character one would not fit its column and turned the login into a 500)."""
    from django.contrib.auth import get_user_model

    limit = get_user_model()._meta.get_field("username").max_length
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value)[:limit]
