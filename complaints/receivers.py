"""What complaints hears from other apps (connected in ComplaintsConfig.ready)."""

from __future__ import annotations

from complaints.models import EventKind
from complaints.services.events import event_record


def record_delivery(sender, *, notification, outcome: str, at, **kwargs) -> None:
    """A notice about a complaint that was sent, or failed for good, shows on its timeline."""
    if not notification.complaint_id:
        return
    event_record(
        complaint=notification.complaint,
        actor=None,
        kind=EventKind.NOTIFICATION,
        name=notification.template,
        at=at,
        note=notification.body,
        data={
            "status": outcome,
            "channel": notification.channel,
            "audience": notification.audience,
            "attempts": notification.attempts,
            "notification": notification.pk,
        },
    )
