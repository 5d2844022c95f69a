"""Reference data read once per process and read again only after it changed.

Reference data are the small tables managers edit in admin and every request reads (categories, SLA
policies, calendar days, routing and classification rules, channel bindings, notice wordings). Each
such table carries `version_trigger()`: any statement that writes it (insert, update, delete, truncate;
admin, bulk updates and raw SQL alike) sets the one row of ReferenceVersion to a new number from a
sequence, in the writing transaction. A unit of work reads that number once (`reference_version`, one
query) and `cached` hands it what this process loaded at the same number, loading afresh otherwise.

Why this is right: a reader sees a new number as soon as (and only when) the change that made it is
visible to it: committed, or written by its own transaction. Sequence numbers are never reused, so a
number seen once names one state of the data, also after a rollback (a test's, or a failed admin save)
puts the row back. A change committed between the reader's version query and its load is loaded under
the older number and so loaded again by the next unit of work: never served stale past it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pgtrigger
from django.db import connection

T = TypeVar("T")
VERSION_TABLE = "infra_referenceversion"
VERSION_SEQUENCE = "infra_reference_version_seq"

_values: dict[Callable[[], Any], tuple[int, Any]] = {}
_lock = threading.Lock()


def version_trigger() -> pgtrigger.Trigger:
    """The statement-level trigger that marks a write to a table of reference data (Meta.triggers)."""
    return pgtrigger.Trigger(
        name="reference_version",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate,
        func=f"""
        INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, nextval('{VERSION_SEQUENCE}'))
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
        RETURN NULL;
        """,
    )


def reference_version() -> int | None:
    """The current version of the reference data, as this transaction sees it (one query); None when
    its row is missing (a test database flushed since): then nothing is served from the cache."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row is not None else None


def cached(loader: Callable[[], T], version: int | None) -> T:
    """`loader()`'s value at `version` (from `reference_version`): loaded once per process and
    version. The value is shared by every request of the process: treat it as read-only."""
    hit = _values.get(loader)
    if hit is not None and version is not None and hit[0] == version:
        return hit[1]
    value = loader()
    if version is None:
        return value
    with _lock:
        _values[loader] = (version, value)
    return value


def forget() -> None:
    """Drop every cached value (tests that change the data behind the triggers' back)."""
    with _lock:
        _values.clear()
