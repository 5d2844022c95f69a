from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent
from customers.masking import mask_id_numbers


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
