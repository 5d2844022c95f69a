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
