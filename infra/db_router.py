"""Reads of report pages and API, exports and read-only API lists go to the read replica.

Nothing is routed unless settings have a "replica" database (DATABASE_REPLICA_URL). Then:
- writes always go to the primary ("default"), and so does every read inside a transaction;
- only code run under `replica_reads(request)` (directly, or through the `reads_from_replica` view
  decorator) reads the project's own tables from the replica; sessions, users,
  tokens and the cache table are always read from the primary;
- a user who just wrote is pinned: their replica-eligible pages read from the primary until the
  replica has replayed the primary's WAL position recorded after the write (no stale page right after
  an action), at most REPLICA_PIN_SECONDS;
- a replica that does not answer is skipped (the page reads from the primary and a warning is logged).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

REPLICA = "replica"
PRIMARY = "default"
# The project's tables; Django's own (auth, sessions, cache, django_q) stay on the primary.
ROUTED_APPS = frozenset({"org", "customers", "complaints", "claims", "analytics", "notifications"})

log = logging.getLogger(__name__)
_use_replica = contextvars.ContextVar("use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if (
            _use_replica.get()
            and model._meta.app_label in ROUTED_APPS
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY


def _pin_key(user_id) -> str:
    return f"replica-pin:{user_id}"


def pin_to_primary(user_id) -> None:
    """Record the primary's WAL position after this user's write."""
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            lsn = cursor.fetchone()[0]
    except DatabaseError:
        return
    cache.set(_pin_key(user_id), lsn, timeout=settings.REPLICA_PIN_SECONDS)


def replica_is_fresh_for(request) -> bool:
    """True when the replica answers and has replayed this user's last write (if any)."""
    user = getattr(request, "user", None)
    pinned = cache.get(_pin_key(user.pk)) if user is not None and user.is_authenticated else None
    try:
        with connections[REPLICA].cursor() as cursor:
            if pinned is None:
                cursor.execute("SELECT 1")
                return True
            cursor.execute("SELECT COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [pinned])
            return bool(cursor.fetchone()[0])
    except DatabaseError as exc:
        log.warning("read replica unavailable, reading from the primary: %s", exc)
        connections[REPLICA].close()
        return False


@contextlib.contextmanager
def replica_reads(request) -> Iterator[bool]:
    """Within the block, the request's reads of the project's tables use the replica when that is
    safe (a GET or HEAD, the replica answers and has this user's writes). Yields whether it does."""
    use = replica_configured() and request.method in ("GET", "HEAD") and replica_is_fresh_for(request)
    previous = _use_replica.get()
    _use_replica.set(use)
    try:
        yield use
    finally:
        _use_replica.set(previous)


def _streamed_under_flag(chunks, use: bool) -> Iterator[bytes]:
    previous = _use_replica.get()
    _use_replica.set(use)
    try:
        yield from chunks
    finally:
        _use_replica.set(previous)


def reads_from_replica(view):
    """View decorator: the view, its template and its streamed body read from the replica."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # The user (session, auth tables) is read from the primary before routing starts.
        getattr(request, "user", None) and request.user.is_authenticated  # noqa: B018
        with replica_reads(request) as use:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        if use and getattr(response, "streaming", False):
            response.streaming_content = _streamed_under_flag(response.streaming_content, use)
        return response

    return wrapper
