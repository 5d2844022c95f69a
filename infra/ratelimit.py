"""Rate limits: one small interface, `over_limit(scope, client, limit=…, window=…)`, and its backend.

The default backend counts in PostgreSQL with one atomic statement (INSERT … ON CONFLICT DO UPDATE …
RETURNING), so concurrent requests in any number of worker processes are counted exactly; Django's
DatabaseCache is not suited (its incr is a read followed by a write: 11 of 40 concurrent lookups passed
a limit of 10). Another backend (Redis INCR + EXPIRE, say) is a class with the same `hit` method named
by the RATE_LIMIT_BACKEND setting."""

from __future__ import annotations

import datetime as dt
import time
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string


class DatabaseCounter:
    """Fixed windows counted in the infra_ratecounter table; expired windows are removed by the first
    request of a new window (an index on expires_at keeps that a short range delete)."""

    UPSERT = """
        INSERT INTO infra_ratecounter (key, count, expires_at) VALUES (%s, 1, %s)
        ON CONFLICT (key) DO UPDATE SET count = infra_ratecounter.count + 1
        RETURNING count
    """
    # On its own (autocommit) the count is its own transaction, committed without waiting for the disk:
    # a count lost in a crash only lets a few more requests through in that window, and a request no
    # longer waits for a flush of the log before it starts. (Set for this statement's transaction
    # only; inside the caller's transaction the caller's durability stands.)
    UPSERT_OWN = """
        INSERT INTO infra_ratecounter (key, count, expires_at)
        SELECT %s, 1, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait
        ON CONFLICT (key) DO UPDATE SET count = infra_ratecounter.count + 1
        RETURNING count
    """
    PURGE = "DELETE FROM infra_ratecounter WHERE expires_at < %s"

    def hit(self, key: str, *, window: int) -> int:
        now = time.time()
        number = int(now // window)
        expires = dt.datetime.fromtimestamp((number + 1) * window, tz=dt.UTC)
        upsert = self.UPSERT if connection.in_atomic_block else self.UPSERT_OWN
        with connection.cursor() as cursor:
            cursor.execute(upsert, [f"{key}:{number}", expires])
            count = cursor.fetchone()[0]
            if count == 1:
                cursor.execute(self.PURGE, [dt.datetime.fromtimestamp(now, tz=dt.UTC)])
        return count


@cache
def _backend():
    return import_string(getattr(settings, "RATE_LIMIT_BACKEND", "infra.ratelimit.DatabaseCounter"))()


def over_limit(scope: str, client: str, *, limit: int, window: int = 60) -> bool:
    """Count one request of `client` against `scope`; True once more than `limit` arrived in the
    current window of `window` seconds."""
    return _backend().hit(f"{scope}:{client}", window=window) > limit


class RedisCounter:
    """Fixed windows counted in Redis (CACHE_REDIS_URL) with INCR and EXPIRE in one transaction: atomic
    across every web host that shares the Redis server; keys expire by themselves."""

    def __init__(self) -> None:
        import redis

        self.client = redis.Redis.from_url(settings.CACHE_REDIS_URL)

    def hit(self, key: str, *, window: int) -> int:
        name = f"desk:ratelimit:{key}:{int(time.time() // window)}"
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(name)
        pipe.expire(name, window * 2)
        count, _expire = pipe.execute()
        return count
