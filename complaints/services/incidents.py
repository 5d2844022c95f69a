"""Incidents: declare one, link the complaints it caused, tell all their customers once, and extend
their answer-by dates within the law in one step (each complaint through its own service)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import OPEN_STATES, Complaint, ComplaintEvent, EventKind, Incident
from complaints.services.actions import MAX_EXTENSION_DAYS, complaint_extend
from complaints.workdays import SHANGHAI
from infra.bulk import bulk_run
from notifications.models import Notification
from notifications.services import notifications_enqueue_many
from org.roles import Role, has_role

MAX_WAYBILLS = 5000


def _manager(actor) -> None:
    if not (actor.is_superuser or has_role(actor, Role.MANAGER)):
        raise PermissionDenied(_("Only managers handle incidents."))


def incident_declare(*, actor, name: str, description: str, starts_on: dt.date, ends_on=None, outlet=None):
    _manager(actor)
    if not (name or "").strip() or not (description or "").strip():
        raise ValidationError(_("Name the incident and say what happened."))
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end is before the start.")})
    return Incident.objects.create(
        name=name.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        outlet=outlet,
        declared_by=actor,
        declared_at=timezone.now(),
    )


def parse_waybills(text: str) -> list[str]:
    waybills = sorted({w.strip().upper() for w in (text or "").replace(",", "\n").split() if w.strip()})
    if len(waybills) > MAX_WAYBILLS:
        raise ValidationError({"waybills": _("At most %(n)d waybills at a time.") % {"n": MAX_WAYBILLS}})
    return waybills


def incident_link(
    *,
    incident: Incident,
    actor,
    waybills: list[str],
    outlet=None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
) -> int:
    """Links the open complaints on those waybills, or on shipments of that outlet received in that date
    range, to the incident (one event each); returns how many were linked."""
    _manager(actor)
    if not waybills and outlet is None:
        raise ValidationError(_("Give waybill numbers, or an outlet with a date range."))
    if outlet is not None and (received_from is None or received_to is None or received_to < received_from):
        raise ValidationError(_("With an outlet, give the date range the complaints were received in."))
    candidates = Complaint.objects.filter(status__in=OPEN_STATES, incident__isnull=True)
    query = Complaint.objects.none()
    if waybills:
        query = query | candidates.filter(waybill_no__in=waybills)
    if outlet is not None:
        start = dt.datetime.combine(received_from, dt.time.min, SHANGHAI)
        end = dt.datetime.combine(received_to + dt.timedelta(days=1), dt.time.min, SHANGHAI)
        query = query | candidates.filter(
            received_at__gte=start, received_at__lt=end, shipment__destination_outlet=outlet
        )
    now = timezone.now()
    with transaction.atomic():
        ids = list(query.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Complaint.objects.filter(pk__in=ids).update(incident=incident, updated_at=now)
        ComplaintEvent.objects.bulk_create(
            [
                ComplaintEvent(
                    complaint_id=pk,
                    at=now,
                    actor=actor,
                    kind=EventKind.ACTION,
                    name="incident",
                    note=incident.name,
                    data={"incident": incident.pk},
                )
                for pk in ids
            ],
            batch_size=1000,
        )
    return len(ids)


def incident_notify(*, incident: Incident, actor, text: str) -> int:
    """One SMS per customer of the incident's open complaints (a customer with three complaints gets
    one); returns how many notices were queued."""
    _manager(actor)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the notice.")})
    phones = (
        incident.complaints.filter(status__in=OPEN_STATES, customer__isnull=False)
        .order_by()
        .values_list("customer__phone", flat=True)
        .distinct()
    )
    rows = [
        {
            "template": "incident",
            "params": {"incident": incident.name, "text": text.strip()},
            "audience": Notification.Audience.CUSTOMER,
            "channel": Notification.Channel.SMS,
            "recipient": phone,
        }
        for phone in phones
    ]
    with transaction.atomic():
        return notifications_enqueue_many(rows) if rows else 0


def incident_extend(*, incident: Incident, actor, working_days: int, reason: str) -> tuple[int, Counter]:
    """Extends every open complaint of the incident through complaint_extend (which never passes the
    statutory deadline); returns (extended, reasons for the others)."""
    _manager(actor)
    if not isinstance(working_days, int) or not 1 <= working_days <= MAX_EXTENSION_DAYS:
        raise ValidationError(
            {"working_days": _("Extend by 1 to %(n)d working days.") % {"n": MAX_EXTENSION_DAYS}}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason the customer will be told.")})
    outcome = bulk_run(
        incident.complaints.filter(status__in=OPEN_STATES).order_by("pk"),
        lambda complaint: complaint_extend(
            complaint=complaint, actor=actor, working_days=working_days, reason=reason
        ),
    )
    return len(outcome.done), outcome.reasons()
