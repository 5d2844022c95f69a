"""API throttles (CONTRACT.md: 429): a count per caller and scope in Django's cache.

The caller is the API token's user (one token per user in DRF's authtoken; a staff session counts as
its user), or the client's address when anonymous. Scopes: `intake` (new complaints and contacts from
outside), `reads` (every GET), `transitions` (every other write), `feed` (the operations system's
shipments). Each view may map its actions or methods to a scope in `throttle_scopes`. Rates come from
settings.API_THROTTLE_RATES ("120/min"; "off" for none), read on each request.

Fixed windows counted with cache.add + cache.incr: one round trip, and atomic on the backends that
make incr atomic (Redis, Memcached, local memory); no table of our own is needed.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from config.env import parse_rate
from infra.proxy import client_ip

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


def _count(key: str, *, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


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
        window = int(now // period)
        key = f"throttle:{scope}:{period}:{caller}:{window}"
        try:
            count = _count(key, timeout=period + 5)
        except Exception:  # noqa: BLE001 - whatever the cache backend raises
            # A limiter that cannot count lets the request through (and says so) rather than turning
            # every API call into a 500 while the cache is away (a missing table, Redis down).
            logger.warning("API throttle: the cache cannot count; %s not limited", scope, exc_info=True)
            return True
        self.retry_after = max(1, int((window + 1) * period - now + 0.999))
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self, "retry_after", None)
