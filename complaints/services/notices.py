"""Who is told what about a complaint: customer and staff notices written to the outbox.

The builders here (`notice_params`, `staff_notices`, `escalation_notices`) are the only place a
complaint notice's placeholders and recipients are made: the services write one complaint's notices
with them, the SLA sweep many complaints' at once, so both write the same rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from complaints.models import Complaint, Tier
from complaints.workdays import SHANGHAI
from customers.masking import mask_id_numbers
from notifications.services import notification_enqueue

# The complaint's dates a notice may name.
DEADLINES = ("resolve_due", "callback_due", "statutory_due")


def format_when(moment: dt.datetime | None) -> str:
    """A date and time in a notice: China time, whoever's request or job writes it."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else ""


def notice_params(values: Mapping, **extra) -> dict:
    """A notice's placeholders from the complaint's number and dates (`values`: a row or
    `complaint_values`); texts staff typed (a reason, a note) with ID-card numbers masked."""
    return {
        "number": values["number"],
        **{name: format_when(values.get(name)) for name in DEADLINES},
        **{key: mask_id_numbers(value) if isinstance(value, str) else value for key, value in extra.items()},
    }


def complaint_values(complaint: Complaint) -> dict:
    return {"id": complaint.pk, "number": complaint.number, **{n: getattr(complaint, n) for n in DEADLINES}}


def complaint_params(complaint: Complaint, **extra) -> dict:
    return notice_params(complaint_values(complaint), **extra)


def staff_notices(*, complaint_id: int, template: str, users: Iterable, params: dict) -> list[dict]:
    """One internal message to each of `users` (each once, None skipped), by e-mail when the user has
    an address, as rows for the outbox."""
    rows, seen = [], set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            {
                "template": template,
                "params": params,
                "audience": "staff",
                "channel": "email" if user.email else "internal",
                "recipient": user.email or user.get_username(),
                "recipient_user_id": user.pk,
                "complaint_id": complaint_id,
            }
        )
    return rows


def escalation_notices(*, values: Mapping, tier: str, reason: str, members: Iterable, owner) -> list[dict]:
    """The new tier's queue and the owner are told that the complaint now sits at `tier`, and why."""
    return staff_notices(
        complaint_id=values["id"],
        template="escalated",
        users=[*members, owner],
        params=notice_params(values, tier=Tier(tier).label, reason=reason),
    )


def enqueue(rows: Iterable[dict]) -> None:
    for row in rows:
        notification_enqueue(**row)


def customer_notice(complaint: Complaint, template: str, **extra) -> dict | None:
    """An SMS to the customer's mobile, or an e-mail when only that is known, as a row for the outbox;
    None without either."""
    customer = complaint.customer
    if customer is None:
        return None
    channel, recipient = ("sms", customer.phone) if customer.phone else ("email", customer.email)
    if not recipient:
        return None
    return {
        "template": template,
        "params": complaint_params(complaint, **extra),
        "audience": "customer",
        "channel": channel,
        "recipient": recipient,
        "complaint_id": complaint.pk,
    }


def notify_customer(complaint: Complaint, template: str, **extra) -> None:
    """An SMS to the customer's mobile, or an e-mail when only that is known; nothing without either."""
    row = customer_notice(complaint, template, **extra)
    if row is not None:
        notification_enqueue(**row)


def notify_staff(complaint: Complaint, template: str, users, **extra) -> None:
    """An internal message to each of `users` (each once), with e-mail when the user has an address."""
    params = complaint_params(complaint, **extra)
    enqueue(staff_notices(complaint_id=complaint.pk, template=template, users=users, params=params))
