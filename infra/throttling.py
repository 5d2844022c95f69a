"""API throttles (CONTRACT.md: 429): a count per caller and scope.

The caller is the API token's user (one token per user in DRF's authtoken; a staff session counts as
its user), or the client's address when anonymous (as TrustedProxyMiddleware settles it). Scopes:
`intake` (new complaints and contacts from outside), `reads` (every GET), `transitions` (every other
write), `feed` (the operations system's shipments). Each view may map its actions or methods to a
scope in `throttle_scopes`. Rates come from settings.API_THROTTLE_RATES ("120/min"; "off" for none),
read on each request.

Counted by the product's one rate-limit interface (infra.ratelimit: fixed windows, one atomic upsert in
PostgreSQL by default, or the RATE_LIMIT_BACKEND, e.g. Redis): exact under concurrency and one query,
where Django's database cache took nine queries per request (add and incr) and lost counts in races.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from infra.env import parse_rate
from infra.proxy import client_ip
from infra.ratelimit import over_limit

logger = logging.getLogger(__name__)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def scope_of(request, view) -> str:
    scopes = getattr(view, "throttle_scopes", {})
    action = getattr(view, "action", None)
    if action in scopes:
        return scopes[action]
    if request.method in scopes:
        return scopes[request.method]
    return "reads" if request.method in READ_METHODS else "transitions"


class ScopedThrottle(BaseThrottle):
    """Allows `N` requests per window for each (scope, caller); the rest get 429 with Retry-After."""

    def allow_request(self, request, view) -> bool:
        scope = scope_of(request, view)
        rate = parse_rate(settings.API_THROTTLE_RATES.get(scope, "off"))
        if rate is None:
            return True
        limit, period = rate
        user = getattr(request, "user", None)
        caller = f"user:{user.pk}" if user is not None and user.is_authenticated else client_ip(request)
        now = time.time()
        try:
            over = over_limit(f"api:{scope}:{period}", caller, limit=limit, window=period)
        except Exception:  # noqa: BLE001 - whatever the counter's backend raises
            # A limiter that cannot count lets the request through (and says so) rather than turning
            # every API call into a 500 while its store is away (Redis down, say).
            logger.warning("API throttle: the counter is unavailable; %s not limited", scope, exc_info=True)
            return True
        self.retry_after = max(1, int((int(now // period) + 1) * period - now + 0.999))
        return not over

    def wait(self) -> float | None:
        return getattr(self, "retry_after", None)
