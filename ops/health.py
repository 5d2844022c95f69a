"""Readiness: the checks behind /readyz, each returning None when fine or the reason it is not."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

from ops import selectors


def check_database() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"database: {type(exc).__name__}"
    return None


def check_cache() -> str | None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        fine = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # any cache backend error (Redis down, table missing) means not ready
        return f"cache: {type(exc).__name__}"
    return None if fine else "cache: a value written could not be read back"


def check_worker(now) -> str | None:
    newest = selectors.schedule_runs().newest_run
    if newest is None:
        return "worker: no scheduled task has finished yet"
    age = (now - newest).total_seconds()
    if age > settings.READY_WORKER_MAX_AGE:
        return f"worker: last task finished {int(age)} s ago (more than {settings.READY_WORKER_MAX_AGE} s)"
    return None


def check_outbox(now) -> str | None:
    backlog = selectors.outbox_backlog(now)
    if backlog.due > settings.READY_OUTBOX_MAX:
        return f"outbox: {backlog.due} notices due (more than {settings.READY_OUTBOX_MAX})"
    return None


def readiness() -> list[str]:
    """The reasons the service is not ready (empty: ready). Later checks need the database."""
    failures = [reason for reason in (check_database(), check_cache()) if reason]
    if any(reason.startswith("database") for reason in failures):
        return failures
    now = selectors.now()
    try:
        failures += [reason for reason in (check_worker(now), check_outbox(now)) if reason]
    except DatabaseError as exc:
        failures.append(f"database: {type(exc).__name__}")
    return failures
