"""Operators' endpoints: /readyz (ready to serve) and /metrics (Prometheus); /healthz (alive) is in config."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ops import health, metrics


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when database, cache, worker heartbeat and outbox backlog are fine; else 503 naming what is
    not. Says nothing that an outsider could use beyond which component fails."""
    failures = health.readiness()
    if failures:
        return JsonResponse({"status": "unavailable", "failing": failures}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition, only with `Authorization: Bearer <METRICS_TOKEN>`; 404 without a token
    configured or with a wrong one (the endpoint does not reveal that it exists)."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
