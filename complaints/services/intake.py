"""Intake (受理与登记): one entry point for every channel, staff and API alike."""

from __future__ import annotations

import datetime as dt
import secrets
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.deadlines import compute_deadlines
from complaints.models import (
    OPEN_STATES,
    STAFF_CHANNELS,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    EventKind,
    Kind,
    Remedy,
    Severity,
    Status,
    Tier,
)
from complaints.reference import Reference
from complaints.rules import WORKERS, department_id
from complaints.services.events import event_values
from complaints.services.notices import complaint_params, customer_notice, staff_notices
from complaints.services.routing import higher_tier, least_loaded, route_for
from customers.masking import mask_id_numbers
from customers.models import Customer, Shipment
from customers.phones import normalise_phone
from customers.services import customer_get_or_create
from customers.services.shipments import normalise_waybill
from infra.fsm import transition_check
from infra.inserts import insert_together
from notifications.services import notifications_build, notifications_queue_delivery
from org.roles import has_role

# Readable over the phone: no 0/O, 1/I/L. 31^10 ≈ 8·10^14 numbers, drawn at random (not guessable).
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_PREFIX = "TS"
FALLBACK_CATEGORY = "other.other"
SEVERITY_ORDER = [Severity.SIMPLE, Severity.COMPLEX, Severity.MAJOR]
MAX_BACKDATE = dt.timedelta(days=366)
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)


def new_complaint_number() -> str:
    return NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(10))


class IntakeResult:
    def __init__(self, complaint: Complaint, created: bool) -> None:
        self.complaint = complaint
        self.created = created

    @cached_property
    def related_open(self) -> list[Complaint]:
        """Open complaints on the same waybill or from the same customer (shown to the agent at
        intake); read when asked for."""
        if not self.created:
            return []
        complaint = self.complaint
        return related_open_complaints(
            waybill_no=complaint.waybill_no, customer=complaint.customer, exclude_id=complaint.pk
        )


def classify(description: str, reference: Reference | None = None) -> Category:
    """The category of the first keyword rule (by priority) with a keyword in the description; 其他 when
    none matches. Managers edit the rules in admin."""
    reference = reference or Reference()
    for words, category in reference.classification:
        if any(word in description for word in words):
            return category
    fallback = reference.categories.get(FALLBACK_CATEGORY)
    if fallback is None:
        raise Category.DoesNotExist(FALLBACK_CATEGORY)
    return fallback


def _category(code: str | None, description: str, reference: Reference) -> tuple[Category, bool]:
    """The category for `code`; without one the keyword rules classify the complaint, flagged for the
    agent to confirm."""
    if not code:
        return classify(description, reference), True
    category = reference.categories.get(code)
    if category is None or not category.is_active:
        raise ValidationError({"category": _("Unknown category code: %(code)s") % {"code": code}})
    return category, False


def _received_at(value: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if value is None:
        return now
    if timezone.is_naive(value):
        raise ValidationError({"received_at": _("Give the time with its time zone.")})
    if value > now + MAX_CLOCK_SKEW:
        raise ValidationError({"received_at": _("The time of receipt cannot be in the future.")})
    if value < now - MAX_BACKDATE:
        raise ValidationError({"received_at": _("The time of receipt is more than a year ago.")})
    return value


def _upgrade_reasons(*, kind: str, customer: Customer | None, waybill_no: str) -> list[str]:
    """DESIGN.md: regulator appeals, repeat complaints on a waybill and VIP customers are upgraded."""
    reasons = []
    if kind == Kind.APPEAL:
        reasons.append(_("regulator appeal"))
    if waybill_no and Complaint.objects.filter(waybill_no=waybill_no).exists():
        reasons.append(_("repeat complaint on the same waybill"))
    if customer is not None and customer.is_vip:
        reasons.append(_("VIP customer"))
    return reasons


def related_open_complaints(
    *, waybill_no: str, customer: Customer | None, exclude_id: int | None = None, limit: int = 10
) -> list[Complaint]:
    """Open complaints on the same waybill or from the same customer, newest first."""
    from django.db.models import Q

    condition = Q()
    if waybill_no:
        condition |= Q(waybill_no=waybill_no)
    if customer is not None:
        condition |= Q(customer=customer)
    if not condition:
        return []
    queryset = Complaint.objects.filter(condition, status__in=OPEN_STATES).select_related("category")
    if exclude_id:
        queryset = queryset.exclude(pk=exclude_id)
    return list(queryset.order_by("-received_at")[:limit])


# CONTRACT.md: staff (agents and above) file under these channels, through the API as in the browser.
STAFF_FILING_CHANNELS = frozenset({"phone", "outlet", "letter", "email", "regulator"})


def filing_channels(user, reference: Reference | None = None) -> frozenset[str]:
    """The channels `user` may file complaints and contacts under: the staff channels for those who
    handle complaints, plus the channels the user is bound to in admin (API integration users)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_filing_channels_cache", None)
    if cached is None:
        bound = (reference or Reference()).bound_channels(user.pk)
        cached = frozenset(bound | (STAFF_FILING_CHANNELS if has_role(user, *WORKERS) else set()))
        user._filing_channels_cache = cached
    return cached


def check_filing_channel(*, actor, channel: str, reference: Reference | None = None) -> None:
    """PermissionDenied unless `actor` may file under `channel` (`filing_channels`):
    the body of a request cannot claim a channel its sender is not bound to. `actor=None` is the system."""
    if actor is None:
        return
    allowed = filing_channels(actor, reference)
    if channel not in allowed:
        names = "、".join(str(label) for value, label in Channel.choices if value in allowed) or _("none")
        raise PermissionDenied(
            _("You may not file under the channel “%(channel)s” (your channels: %(allowed)s).")
            % {"channel": Channel(channel).label if channel in Channel.values else channel, "allowed": names}
        )


def intake_replay(
    *, actor, channel: str, external_id: str, reference: Reference | None = None
) -> Complaint | None:
    """The complaint already stored under (channel, external_id), if any, for an idempotent retry.

    Only a caller who may see the stored complaint gets it back (complaints/rules.py `visible_q`); anyone
    else gets a ValidationError on `external_id` that says nothing of the complaint. The caller must be
    allowed to file under the channel at all (PermissionDenied otherwise). This is the one lookup of a
    repeated external_id: the API calls it before validating the body ("whatever the body"), intake
    calls it first, and again when a concurrent identical request won the insert.
    """
    check_filing_channel(actor=actor, channel=channel, reference=reference)
    if not external_id:
        return None
    from complaints.selectors import complaint_by_external_id, complaint_list

    existing = complaint_by_external_id(channel=channel, external_id=external_id)
    if existing is None or actor is None:
        return existing
    visible = complaint_list(user=actor).filter(pk=existing.pk).first()
    if visible is None:
        raise ValidationError(
            {"external_id": _("This external ID is already used on this channel; send another one.")}
        )
    return visible


def complaint_intake(
    *,
    actor,
    channel: str,
    customer_name: str,
    customer_phone: str | None,
    description: str,
    category_code: str | None = None,
    kind: str = Kind.COMPLAINT,
    regulator_ref: str = "",
    external_id: str = "",
    waybill_no: str = "",
    remedy_sought: str = Remedy.OTHER,
    received_at: dt.datetime | None = None,
    reference: Reference | None = None,
) -> IntakeResult:
    """Record a complaint from any channel and acknowledge it at once when the customer can be told.

    Guarantees: a repeated (channel, external_id) returns the stored complaint (created=False), also
    when two identical requests race; on invalid input ValidationError names the fields and nothing
    is written. Staff intake is owned by the recording agent (首问负责制); channel intake is unowned.
    The actor files only under its channels, and a repeated external_id answers only a caller who may
    see the stored complaint (`intake_replay`). `reference`: the reference data the caller already read
    (complaints/reference.py), else read here.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    reference = reference or Reference()
    existing = intake_replay(actor=actor, channel=channel, external_id=external_id, reference=reference)
    if existing is not None:
        return IntakeResult(existing, created=False)

    now = timezone.now()
    errors: dict[str, str] = {}
    customer_name = (customer_name or "").strip()
    description = mask_id_numbers((description or "").strip())
    if not customer_name:
        errors["customer"] = _("The customer's name is required.")
    if not description:
        errors["description"] = _("Describe what happened.")
    if kind not in Kind.values:
        errors["kind"] = _("Unknown kind.")
    elif kind == Kind.APPEAL and not regulator_ref.strip():
        errors["regulator_ref"] = _("An appeal carries the regulator's reference.")
    if remedy_sought not in Remedy.values:
        errors["remedy_sought"] = _("Unknown remedy.")
    if customer_phone:
        try:
            customer_phone = normalise_phone(customer_phone)
        except ValidationError as exc:
            errors["customer"] = exc.messages[0]
    elif channel != Channel.LETTER:
        errors["customer"] = _("The customer's mobile number is required.")
    if waybill_no:
        try:
            waybill_no = normalise_waybill(waybill_no)
        except ValidationError as exc:
            errors["waybill_no"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    received_at = _received_at(received_at, now)
    category, needs_confirmation = _category(category_code, description, reference)
    regulator_ref = regulator_ref.strip()
    # What was given is checked before anything is written, so that a refusal leaves the caller's
    # transaction as it was (intake takes no savepoint inside it unless it may have to retry).
    Complaint(
        kind=kind,
        regulator_ref=regulator_ref,
        channel=channel,
        external_id=external_id,
        contact_name=customer_name,
        waybill_no=waybill_no,
        description=description,
        remedy_sought=remedy_sought,
        received_at=received_at,
    ).full_clean(exclude=NOT_GIVEN, validate_unique=False, validate_constraints=False)
    staff_intake = channel in STAFF_CHANNELS and has_role(actor, *WORKERS)

    # The only write that may fail is the complaint's insert: on the (channel, external_id) constraint
    # (a concurrent identical request won: its complaint is returned) or, astronomically rarely, on the
    # random number (everything is done again). Both need the failed attempt undone: intake's own
    # transaction, or inside the caller's one a savepoint, taken only where a retry can happen (a
    # channel's external_id); without one a collision of numbers undoes the caller's transaction.
    nested = transaction.get_connection().in_atomic_block
    for _attempt in range(5):
        try:
            with transaction.atomic(savepoint=bool(external_id)):
                complaint = _record(
                    actor=actor,
                    channel=channel,
                    customer_name=customer_name,
                    customer_phone=customer_phone,
                    description=description,
                    category=category,
                    needs_confirmation=needs_confirmation,
                    kind=kind,
                    regulator_ref=regulator_ref,
                    external_id=external_id,
                    waybill_no=waybill_no,
                    remedy_sought=remedy_sought,
                    received_at=received_at,
                    now=now,
                    staff_intake=staff_intake,
                    reference=reference,
                )
            return IntakeResult(complaint, created=True)
        except IntegrityError as exc:
            if nested and not external_id:
                raise
            violated = _violated_constraint(exc)
            if external_id and violated == EXTERNAL_ID_CONSTRAINT:
                replayed = intake_replay(
                    actor=actor, channel=channel, external_id=external_id, reference=reference
                )
                return IntakeResult(replayed, created=False)
            if "number" not in violated:
                raise
    raise RuntimeError("Could not draw a free complaint number")


EXTERNAL_ID_CONSTRAINT = "complaint_channel_external_id"
# What full_clean checks: the fields given by the caller. The rest intake derives itself (the state
# fields are protected: full_clean would assign them), sets from rows it has just read or written (the
# foreign keys: full_clean would query each), or leaves at their defaults. Uniqueness and the (channel,
# external_id) constraint are left to the database, which decides races.
GIVEN_FIELDS = frozenset(
    {
        "kind",
        "regulator_ref",
        "channel",
        "external_id",
        "contact_name",
        "waybill_no",
        "description",
        "remedy_sought",
        "received_at",
    }
)
NOT_GIVEN = [field.name for field in Complaint._meta.fields if field.name not in GIVEN_FIELDS]


def _violated_constraint(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or str(exc)


def _record(
    *,
    actor,
    channel: str,
    customer_name: str,
    customer_phone: str | None,
    description: str,
    category: Category,
    needs_confirmation: bool,
    kind: str,
    regulator_ref: str,
    external_id: str,
    waybill_no: str,
    remedy_sought: str,
    received_at: dt.datetime,
    now: dt.datetime,
    staff_intake: bool,
    reference: Reference,
) -> Complaint:
    """The complaint's rows, in the caller's transaction, from input already checked: the customer
    (one upsert), the complaint (one insert, already acknowledged when the customer can be told), its
    events (one insert) and its notices (one insert)."""
    customer = customer_get_or_create(name=customer_name, phone=customer_phone) if customer_phone else None
    shipment = Shipment.objects.filter(waybill_no=waybill_no).first() if waybill_no else None
    upgrade = _upgrade_reasons(kind=kind, customer=customer, waybill_no=waybill_no)
    severity = category.default_severity
    if upgrade:
        severity = SEVERITY_ORDER[min(SEVERITY_ORDER.index(severity) + 1, len(SEVERITY_ORDER) - 1)]
    deadlines = compute_deadlines(
        received_at=received_at, policy=reference.policy(kind, severity), calendar=reference.calendar
    )
    # Major complaints and appeals start at the supervisor tier; routing may place it higher still.
    auto_tier = Tier.SUPERVISOR if severity == Severity.MAJOR or kind == Kind.APPEAL else Tier.FRONTLINE
    outlet_id = (
        (shipment.destination_outlet_id or shipment.origin_outlet_id) if shipment is not None else None
    )
    route = route_for(category=category, outlet_id=outlet_id, reference=reference)
    tier = higher_tier(auto_tier, route.tier)
    if staff_intake:
        queue_department_id = department_id(actor) or route.department_id
        assignee = actor
    else:
        queue_department_id = route.department_id
        assignee = least_loaded(department=queue_department_id, tier=tier) if route.auto_assign else None
    complaint = Complaint(
        number=new_complaint_number(),
        kind=kind,
        regulator_ref=regulator_ref,
        channel=channel,
        external_id=external_id,
        created_by=actor,
        customer=customer,
        contact_name=customer_name,
        waybill_no=waybill_no,
        shipment=shipment,
        category=category,
        category_needs_confirmation=needs_confirmation,
        severity=severity,
        description=description,
        remedy_sought=remedy_sought,
        tier=tier,
        owner=actor if staff_intake else None,
        assignee=assignee,
        queue_department_id=queue_department_id,
        received_at=received_at,
        acknowledge_due=deadlines.acknowledge_due,
        resolve_due=deadlines.resolve_due,
        statutory_due=deadlines.statutory_due,
    )
    events = [
        (
            actor if actor is not None and actor.is_authenticated else None,
            event_values(
                name="intake",
                target=Status.RECEIVED,
                kind=EventKind.INTAKE,
                data={
                    "channel": channel,
                    "shipment_known": shipment is not None or not waybill_no,
                    "category_needs_confirmation": needs_confirmation,
                    "tier": tier,
                },
            ),
        )
    ]
    if upgrade:
        note = _("Upgraded at intake: %(reasons)s") % {"reasons": "、".join(upgrade)}
        data = {"from": category.default_severity, "to": severity}
        events.append((None, event_values(name="regrade", kind=EventKind.ACTION, note=note, data=data)))
    if customer is not None:
        # The customer is told at once: the complaint is stored acknowledged (the system's transition
        # with its conditions, as complaint_acknowledge runs it, without writing the row twice).
        from complaints.services.transitions import RULES

        transition_check(complaint, "acknowledge", None, **RULES)
        complaint.acknowledge(at=now)
        events.append(
            (None, event_values(name="acknowledge", source=Status.RECEIVED, target=Status.ACKNOWLEDGED))
        )
    notices = [customer_notice(complaint, "accepted")] if customer is not None else []
    if not staff_intake and assignee is not None:
        notices += staff_notices(
            complaint_id=None, template="assigned", users=[assignee], params=complaint_params(complaint)
        )
    notifications = notifications_build([n for n in notices if n is not None], version=reference.version)
    history = [
        ComplaintEvent(
            complaint=complaint,
            at=now,
            actor=event_actor,
            **{**values, "note": mask_id_numbers(values["note"])},
        )
        for event_actor, values in events
    ]
    # One statement writes the complaint, its history and its notices (nothing listens to their saves).
    insert_together(complaint, [("complaint_id", history), ("complaint_id", notifications)])
    notifications_queue_delivery([notification.pk for notification in notifications])
    return complaint
