"""Who is told what about a complaint: customer and staff notices written to the outbox."""

from __future__ import annotations

from django.utils import formats, timezone

from complaints.models import Complaint
from customers.masking import mask_id_numbers
from notifications.services import notification_enqueue


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""


def complaint_params(complaint: Complaint, **extra) -> dict:
    """A notice's placeholders; texts staff typed (a reason, a note) with ID-card numbers masked."""
    return {
        "number": complaint.number,
        "resolve_due": _when(complaint.resolve_due),
        "callback_due": _when(complaint.callback_due),
        "statutory_due": _when(complaint.statutory_due),
        **{key: mask_id_numbers(value) if isinstance(value, str) else value for key, value in extra.items()},
    }


def notify_customer(complaint: Complaint, template: str, **extra) -> None:
    """An SMS to the customer's mobile, or an e-mail when only that is known; nothing without either."""
    customer = complaint.customer
    if customer is None:
        return
    channel, recipient = ("sms", customer.phone) if customer.phone else ("email", customer.email)
    if not recipient:
        return
    notification_enqueue(
        template=template,
        params=complaint_params(complaint, **extra),
        audience="customer",
        channel=channel,
        recipient=recipient,
        complaint=complaint,
    )


def notify_staff(complaint: Complaint, template: str, users, **extra) -> None:
    """An internal message to each of `users` (each once), with e-mail when the user has an address."""
    seen = set()
    params = complaint_params(complaint, **extra)
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notification_enqueue(
            template=template,
            params=params,
            audience="staff",
            channel="email" if user.email else "internal",
            recipient=user.email or user.get_username(),
            recipient_user=user,
            complaint=complaint,
        )
