"""Request id, timing, one log line and the request metrics per request; the primary pin after writes."""

from __future__ import annotations

import logging
import time

from django.http import HttpRequest, HttpResponse

from infra import db_router
from ops import logcontext, metrics

access_log = logging.getLogger("desk.request")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class RequestContextMiddleware:
    """Gives the request an id (the proxy's X-Request-ID when well-formed, else a new one), binds it and
    the request to the log context, and when the response is ready writes one `desk.request` line and
    counts the request in the Prometheus metrics (by route name, never by raw path)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = logcontext.request_id_for(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        tokens = logcontext.bind_request(request, request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except BaseException:
            logcontext.unbind(tokens)
            raise
        # The context stays bound until the server closes the response: Django logs an error
        # response (django.request) after the middleware returned, and it should carry the id too.
        response._resource_closers.append(  # called by response.close()
            lambda: logcontext.unbind(tokens)
        )
        seconds = time.perf_counter() - started
        response["X-Request-ID"] = request_id
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match else "unresolved"
        metrics.observe_request(request.method, route, response.status_code, seconds)
        # The path without its query string: filters may carry phone numbers.
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": route,
                "status": response.status_code,
                # The client's address (the customer's, behind trusted proxies: DJANGO_TRUSTED_PROXIES).
                "client": request.META.get("REMOTE_ADDR", ""),
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        return response


class PrimaryAfterWriteMiddleware:
    """After a successful write by a signed-in user, that user's replica-eligible pages read from the
    primary until the replica has replayed the write (infra.db_router). Nothing happens without a
    replica."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            db_router.replica_configured()
            and request.method in UNSAFE_METHODS
            and response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            db_router.pin_to_primary(request.user.pk)
        return response
