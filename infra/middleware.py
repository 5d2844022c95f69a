"""Request-boundary checks that every page and endpoint shares."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
        return True
    if any("\x00" in value for value in request.COOKIES.values()):
        return True
    if is_api(request) or request.content_type not in FORM_TYPES:
        return False  # the API's parsers refuse what they read (infra.api.StrictJSONParser)
    if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists()):
        return True
    return any("\x00" in (upload.name or "") for upload in request.FILES.values())


class RefuseUnstorableInputMiddleware:
    """A NUL byte in the URL, the query string, a cookie or a browser form is refused here with a 400,
    before any lookup sends it to PostgreSQL (which cannot store it and would answer with an error).

    Placed before the session and authentication middleware: nothing has read the session yet, so a
    NUL in the session cookie cannot reach the database either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            message = _("The request contains characters that cannot be stored (e.g. NUL).")
            if is_api(request):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
