"""The complaint's history: what an event says (`event_values`, one builder for the services and the
SLA sweep) and appending it, one row (`event_record`) or many at once (`events_append_many`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import connection
from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent, EventKind
from customers.masking import mask_id_numbers


def event_values(
    *,
    name: str,
    field: str = "status",
    source: str = "",
    target: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """What a transition or action `name` on `field` ("status" or "tier") writes to the history: a
    transition when the state changed, else an action (unless `kind` says otherwise); the tier
    machine's events name their field."""
    return {
        "kind": str(kind or (EventKind.TRANSITION if target != source else EventKind.ACTION)),
        "name": name,
        "from_state": str(source),
        "to_state": str(target),
        "note": note,
        "data": {**(data or {}), **({"field": field} if field != "status" else {})},
    }


def event_record(
    *,
    complaint: Complaint,
    actor,
    kind: str,
    name: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> ComplaintEvent:
    """Append one event to the complaint's history (rows are never changed afterwards)."""
    return ComplaintEvent.objects.create(
        complaint=complaint,
        at=at or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        name=name,
        from_state=from_state,
        to_state=to_state,
        note=mask_id_numbers(note),
        data=data or {},
    )


COLUMNS = ("complaint_id", "at", "actor_id", "kind", "name", "from_state", "to_state", "note", "data")


def events_append_many(events: list[dict[str, Any]], *, at: dt.datetime) -> int:
    """Append system events (no actor) at `at` with COPY, each `{"complaint_id": …, **event_values(…)}`
    (the history's trigger forbids only updates and deletes). No other query may run meanwhile."""
    if not events:
        return 0
    statement = f"COPY {ComplaintEvent._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for event in events:
            copy.write_row(
                (
                    event["complaint_id"],
                    at,
                    None,
                    event["kind"],
                    event["name"],
                    event["from_state"],
                    event["to_state"],
                    mask_id_numbers(event["note"]),
                    json.dumps(event["data"]),
                )
            )
    return len(events)
