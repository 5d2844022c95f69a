from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 otherwise (for load balancers and operators)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


# Seconds a client should wait before retrying while the database does not answer.
RETRY_AFTER_SECONDS = 30


def _database_unavailable(exc: BaseException | None) -> bool:
    """The database cannot be reached (refused, gone, restarting), as opposed to a query failing."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After while the database is down, else 500; JSON for the API and a
    Chinese page for browsers. Rendered without the request's context: the session and the user live in
    the database that may be the very thing that failed."""
    import sys

    from django.template import loader
    from django.utils.translation import gettext as _

    from infra.middleware import is_api

    unavailable = _database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if is_api(request):
        detail = (
            _("The service is briefly unavailable (the database does not answer). Please try again soon.")
            if unavailable
            else _("Server error.")
        )
        response: HttpResponse = JsonResponse({"detail": detail}, status=status)
    else:
        response = HttpResponse(loader.get_template(f"{status}.html").render(), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (an old tab, cookies off): the 403 page, in Chinese."""
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    message = _(
        "The form has expired or cookies are blocked. Reload the page, allow cookies for this site, "
        "and send the form again."
    )
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: JSON for the API (a client reads every answer as JSON, also for a path that matches
    no route), the Chinese page for browsers."""
    from django.utils.translation import gettext as _
    from django.views import defaults

    from infra.middleware import is_api

    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
