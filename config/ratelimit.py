"""A per-client rate limit counted in the shared cache (the database cache: every worker sees it)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request: HttpRequest, scope: str, per_minute: int) -> bool:
    """Count this request against `scope` for the client's address; True once over the limit."""
    key = f"ratelimit:{scope}:{client_address(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute
