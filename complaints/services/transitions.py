"""One service per complaint transition or action. Each locks the row, checks the actor's permission
(403) and the current state (409), calls the model's transition, saves and appends one event, all in
one transaction. `actor=None` is the system (jobs, intake's automatic acknowledgement).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints import deadlines as dl
from complaints.models import (
    FINAL_STATES,
    Complaint,
    ContactOutcome,
    EventKind,
    Outcome,
    RootCause,
    Severity,
    Status,
    Tier,
)
from complaints.services.events import event_record, event_values
from complaints.services.investigation import department_request_answer, department_request_ask
from complaints.services.notices import (
    complaint_values,
    enqueue,
    escalation_notices,
    notify_customer,
    notify_staff,
)
from complaints.services.rating import rating_link
from complaints.services.routing import queue_members
from complaints.workdays import WorkingCalendar
from customers.masking import mask_id_numbers
from infra.fsm import Step, label_of, transition_check, transition_meta, transition_run
from org.models import Department

MIN_FAILED_CONTACTS_FOR_UNREACHABLE = 3
MAX_EXTENSION_DAYS = 10


def check_allowed(complaint: Complaint, name: str, actor) -> None:
    """PermissionDenied when the actor may not run `name` on this complaint from its current state;
    Conflict (409) when the complaint's current state (or a condition of the transition) does not allow
    it now."""
    transition_check(complaint, name, actor, **RULES)


def _not_now(complaint: Complaint, meta) -> str:
    return _("“%(action)s” is not possible while the complaint is “%(state)s”.") % {
        "action": label_of(meta),
        "state": complaint.get_tier_display()
        if meta.field.name == "tier"
        else complaint.get_status_display(),
    }


RULES: dict[str, Any] = {
    "denied": gettext_lazy("You are not allowed to do this on this complaint."),
    "not_now": _not_now,
    "current_state": lambda complaint: complaint.status,  # the 409 names the status, even for the tier
}

# The complaint's free-text fields: ID-card numbers typed into them are masked before they are saved.
FREE_TEXT = ("description", "solution", "finding_cause", "resolution", "satisfaction_comment")


def _mask_free_text(complaint: Complaint) -> None:
    for text_field in FREE_TEXT:  # whatever the transition wrote, typed by staff or the customer
        setattr(complaint, text_field, mask_id_numbers(getattr(complaint, text_field)))


def _apply(
    complaint: Complaint,
    actor,
    name: str,
    *,
    args: Callable[[Complaint], dict[str, Any]] | dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    kind: str | None = None,
    validate: Callable[[Complaint], None] | None = None,
    after: Callable[[Complaint], None] | None = None,
) -> Complaint:
    """Run transition `name` on a freshly locked copy of `complaint` (infra.fsm); return that copy.

    `args` may be a function of the locked row (deadlines are computed from the current values, not
    from what the caller last saw); `validate` checks business rules on the locked row; `after` writes
    the notices of the change (outbox rows, in the same transaction)."""

    def record(step: Step) -> None:
        event_record(
            complaint=step.obj,
            actor=actor,
            **event_values(
                name=name,
                field=step.field,
                source=step.source,
                target=step.target,
                note=note,
                data=data,
                kind=kind,
            ),
        )
        if after is not None:
            after(step.obj)

    return transition_run(
        complaint,
        name,
        actor=actor,
        queryset=Complaint.objects.all(),
        args=args,
        validate=validate,
        before_save=_mask_free_text,
        record=record,
        **RULES,
    ).obj


def _require(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# -- transitions ----------------------------------------------------------------------------------
def complaint_acknowledge(*, complaint: Complaint, actor, at: dt.datetime | None = None) -> Complaint:
    """received → acknowledged: the customer has been told the complaint is accepted and the answer date."""
    at = at or timezone.now()
    return _apply(
        complaint, actor, "acknowledge", args={"at": at}, after=lambda c: notify_customer(c, "accepted")
    )


def complaint_dispatch(
    *, complaint: Complaint, actor, department: Department, assignee=None, note: str = ""
) -> Complaint:
    """→ investigating, with the responsible department (and optionally a named handler)."""
    if not department.is_active:
        raise ValidationError({"department": _("This department is no longer active.")})
    now = timezone.now()
    return _apply(
        complaint,
        actor,
        "dispatch",
        args={"department": department, "assignee": assignee},
        note=note,
        data={
            "department": department.code,
            "assignee": assignee.get_username() if assignee else None,
            "lead": True,
        },
        after=lambda locked: department_request_ask(
            complaint=locked,
            actor=actor,
            department=department,
            at=now,
            question=note.strip(),
            lead=True,
            assignee=assignee,
        ),
    )


def complaint_ask_department(
    *, complaint: Complaint, actor, department: Department, note: str = ""
) -> Complaint:
    """Joint investigation: one more department is asked for its own finding, by its own deadline;
    the lead department stays the one the complaint was dispatched to."""
    if not department.is_active:
        raise ValidationError({"department": _("This department is no longer active.")})
    now = timezone.now()
    return _apply(
        complaint,
        actor,
        "ask_department",
        args={"department": department},
        note=note,
        data={"department": department.code},
        after=lambda locked: department_request_ask(
            complaint=locked, actor=actor, department=department, at=now, question=note.strip()
        ),
    )


def complaint_request_info(*, complaint: Complaint, actor, note: str) -> Complaint:
    """investigating → awaiting_customer; the acknowledgement, answer-by and callback clocks stop (the
    statutory clock does not)."""
    note = _require(note, "note", _("Say what the customer should provide."))
    return _apply(
        complaint,
        actor,
        "request_info",
        args={"at": timezone.now()},
        note=note,
        after=lambda c: notify_customer(c, "awaiting_info", note=note),
    )


def complaint_receive_info(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    """awaiting_customer → investigating. The working time paused is added to the round's; the deadlines
    move by the whole working days of that total (a pause of seconds moves nothing), never past the
    statutory date."""
    now = timezone.now()
    calendar = WorkingCalendar.load()

    def args(locked: Complaint) -> dict[str, Any]:
        paused = calendar.working_seconds_between(locked.sla_paused_at, now)
        deadlines = dl.deadlines_for(
            locked, calendar, round_paused_seconds=locked.round_paused_seconds + paused
        )
        return {
            "at": now,
            "paused_seconds": paused,
            "acknowledge_due": deadlines.acknowledge_due,
            "resolve_due": deadlines.resolve_due,
        }

    return _apply(complaint, actor, "receive_info", args=args, note=note)


def complaint_propose(*, complaint: Complaint, actor, solution: str) -> Complaint:
    """investigating → pending_approval when a supervisor must approve (major, appeal), else → proposed."""
    solution = _require(solution, "solution", _("Describe the proposed solution."))

    def after(locked: Complaint) -> None:
        if locked.status == Status.PENDING_APPROVAL:
            approvers = queue_members(department=locked.queue_department, tier=Tier.SUPERVISOR)
            notify_staff(locked, "pending_approval", approvers, solution=solution)

    return _apply(
        complaint,
        actor,
        "propose",
        args=lambda locked: {"solution": solution, "needs_approval": dl.needs_approval(locked)},
        note=solution,
        after=after,
    )


def complaint_approve_proposal(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return _apply(complaint, actor, "approve_proposal", note=note)


def complaint_decline_proposal(*, complaint: Complaint, actor, note: str) -> Complaint:
    note = _require(note, "note", _("Say why the proposal is declined."))
    return _apply(complaint, actor, "decline_proposal", note=note)


def complaint_revise(*, complaint: Complaint, actor, note: str) -> Complaint:
    note = _require(note, "note", _("Say what the customer did not accept."))
    return _apply(complaint, actor, "revise", note=note)


def complaint_accept_offer(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    """The customer accepted the proposed solution: recorded once (then resolving is the next step); a
    rejection goes back to negotiation with `revise`."""
    return _apply(complaint, actor, "accept_offer", args={"at": timezone.now()}, note=note)


def complaint_confirm_category(*, complaint: Complaint, actor, category) -> Complaint:
    """The agent confirms (or corrects) the category the keyword rules chose; the event records whether
    the rules were right, for measuring them."""
    suggested = complaint.category.code
    return _apply(
        complaint,
        actor,
        "confirm_category",
        args={"category": category},
        data={"suggested": suggested, "confirmed": category.code, "rules_right": suggested == category.code},
        note=category.name,
    )


def complaint_resolve(
    *,
    complaint: Complaint,
    actor,
    resolution: str,
    root_cause: RootCause,
    company_at_fault: bool,
    responsible_department: Department | None = None,
    responsible_staff: str = "",
) -> Complaint:
    """→ resolved. The root cause is required (the monthly Pareto is over it); the callback is due two
    working days later."""
    resolution = _require(resolution, "resolution", _("Describe the resolution told to the customer."))
    if root_cause is None:
        raise ValidationError({"root_cause": _("The root cause is required to resolve.")})
    now = timezone.now()
    calendar = WorkingCalendar.load()
    return _apply(
        complaint,
        actor,
        "resolve",
        args=lambda locked: {
            "at": now,
            "resolution": resolution,
            "root_cause": root_cause,
            "company_at_fault": company_at_fault,
            "responsible_department": responsible_department,
            "responsible_staff": responsible_staff.strip(),
            "callback_due": dl.callback_due(locked, now, calendar),
        },
        note=resolution,
        data={
            "root_cause": root_cause.code,
            "company_at_fault": company_at_fault,
            "responsible_department": responsible_department.code if responsible_department else None,
        },
        after=lambda c: notify_customer(c, "result", resolution=resolution, link=rating_link(c)),
    )


def complaint_close(
    *, complaint: Complaint, actor, outcome: str, satisfaction: int | None = None, comment: str = ""
) -> Complaint:
    """resolved → closed with the callback's outcome; `unreachable` needs three failed contact attempts."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": _("Satisfaction is a score from 1 to 5.")})

    def validate(locked: Complaint) -> None:
        if outcome == Outcome.UNREACHABLE and locked.failed_contacts < MIN_FAILED_CONTACTS_FOR_UNREACHABLE:
            raise ValidationError(
                {
                    "outcome": _(
                        "“Unreachable” needs %(n)d recorded failed contact attempts; %(done)d so far."
                    )
                    % {"n": MIN_FAILED_CONTACTS_FOR_UNREACHABLE, "done": locked.failed_contacts}
                }
            )

    return _apply(
        complaint,
        actor,
        "close",
        validate=validate,
        args={
            "at": timezone.now(),
            "outcome": outcome,
            "satisfaction": satisfaction,
            "comment": comment.strip(),
        },
        note=comment,
        data={"outcome": outcome, "satisfaction": satisfaction},
    )


def complaint_reopen(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """resolved or closed → reopened (from closed: supervisor or above). A new handling round starts:
    the policy's working days and a new statutory period from now (a regulator appeal's re-handling
    period); the first statutory date stays on record."""
    reason = _require(reason, "reason", _("Say why the complaint is reopened."))
    now = timezone.now()
    calendar = WorkingCalendar.load()
    data: dict[str, Any] = {}

    def args(locked: Complaint) -> dict[str, Any]:
        deadlines = dl.reopened_deadlines(locked, now, calendar)
        data.update(
            statutory_due=deadlines.statutory_due.isoformat(),
            previous_statutory_due=locked.statutory_due.isoformat(),
        )
        return {"at": now, "resolve_due": deadlines.resolve_due, "statutory_due": deadlines.statutory_due}

    return _apply(complaint, actor, "reopen", args=args, note=reason, data=data)


def complaint_reject(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """An unfounded complaint → rejected (supervisor or above), with the rules explained."""
    reason = _require(reason, "reason", _("Explain why the complaint is unfounded."))
    return _apply(complaint, actor, "reject", args={"at": timezone.now()}, note=reason)


# -- actions (no state change) ----------------------------------------------------------------------
def complaint_record_finding(
    *,
    complaint: Complaint,
    actor,
    cause: str,
    company_at_fault: bool,
    responsible_department: Department | None = None,
    responsible_staff: str = "",
    note: str = "",
    department: Department | None = None,
) -> Complaint:
    """A department's finding (责任认定): the cause, whether the company is at fault, and who.

    `department` is the department whose finding it is: by default the actor's own when they are its
    staff and it was asked, else the lead department. Its request is marked answered; the complaint
    keeps the latest finding (the resolve form starts from it)."""
    cause = _require(cause, "cause", _("Describe the cause found."))
    department = department or _finding_department(complaint, actor)
    asked = {*complaint.consulted_departments, complaint.department_id}
    if department is not None and department.pk not in asked:
        raise ValidationError({"department": _("This department was not asked about the complaint.")})
    now = timezone.now()

    def record_request(locked: Complaint) -> None:
        if department is not None:
            department_request_answer(
                complaint=locked,
                actor=actor,
                department=department,
                at=now,
                cause=cause,
                company_at_fault=company_at_fault,
                responsible_department=responsible_department,
                responsible_staff=responsible_staff.strip(),
            )

    return _apply(
        complaint,
        actor,
        "record_finding",
        args={
            "cause": cause,
            "company_at_fault": company_at_fault,
            "responsible_department": responsible_department,
            "responsible_staff": responsible_staff.strip(),
        },
        note=note or cause,
        data={
            "department": department.code if department else None,
            "company_at_fault": company_at_fault,
            "responsible_department": responsible_department.code if responsible_department else None,
            "responsible_staff": responsible_staff.strip(),
        },
        after=record_request,
    )


def _finding_department(complaint: Complaint, actor) -> Department | None:
    """Department staff record their own department's finding; handlers the lead department's."""
    from complaints.rules import department_id
    from org.roles import Role, has_role

    if actor is not None and has_role(actor, Role.DEPARTMENT_STAFF):
        own = department_id(actor)
        if own is not None and own in {*complaint.consulted_departments, complaint.department_id}:
            return Department.objects.get(pk=own)
    return complaint.department


def complaint_regrade(*, complaint: Complaint, actor, severity: str, reason: str) -> Complaint:
    """Change the severity and recompute the answer-by date from the start of the current handling
    round (with its pauses and extensions); the statutory date stays."""
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Unknown severity.")})
    reason = _require(reason, "reason", _("Say why the severity changes."))
    calendar = WorkingCalendar.load()

    def validate(locked: Complaint) -> None:
        if locked.severity == severity:
            raise ValidationError({"severity": _("The complaint already has this severity.")})

    return _apply(
        complaint,
        actor,
        "regrade",
        validate=validate,
        args=lambda locked: {
            "at": timezone.now(),
            "severity": severity,
            "resolve_due": dl.deadlines_for(locked, calendar, severity=severity).resolve_due,
        },
        note=reason,
        data={"severity": severity},
    )


def complaint_extend(*, complaint: Complaint, actor, working_days: int, reason: str) -> Complaint:
    """Move the answer-by date later by working days (supervisor or above); never beyond the statutory
    date: the days that fit are applied and recorded (the event keeps both), and the extension is
    refused when none fit."""
    if not isinstance(working_days, int) or not 1 <= working_days <= MAX_EXTENSION_DAYS:
        raise ValidationError(
            {"working_days": _("Extend by 1 to %(n)d working days.") % {"n": MAX_EXTENSION_DAYS}}
        )
    reason = _require(reason, "reason", _("Give the reason the customer will be told."))
    calendar = WorkingCalendar.load()
    data: dict[str, Any] = {"working_days": working_days}

    def validate(locked: Complaint) -> None:
        applied = dl.extension_days_applied(locked, working_days, calendar)
        if not applied:
            raise ValidationError(
                {
                    "working_days": _(
                        "The answer-by date is already the statutory deadline; it cannot be extended."
                    )
                }
            )
        data["applied"] = applied

    def args(locked: Complaint) -> dict[str, Any]:
        applied = data["applied"]
        due = dl.deadlines_for(locked, calendar, extended_days=locked.extended_days + applied).resolve_due
        return {"at": timezone.now(), "working_days": applied, "resolve_due": due}

    return _apply(
        complaint,
        actor,
        "extend",
        validate=validate,
        args=args,
        note=reason,
        data=data,
        after=lambda c: notify_customer(c, "extended", reason=reason),
    )


def complaint_note(*, complaint: Complaint, actor, text: str) -> Complaint:
    text = _require(text, "text", _("The note is empty."))
    return _apply(complaint, actor, "note", note=text, kind=EventKind.NOTE)


def complaint_contact(*, complaint: Complaint, actor, outcome: str, note: str = "") -> Complaint:
    """A call to the customer: reached, no answer or wrong number (three failures allow `unreachable`)."""
    if outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": _("Unknown contact outcome.")})
    return _apply(
        complaint,
        actor,
        "contact",
        args={"outcome": outcome},
        note=note,
        kind=EventKind.CONTACT,
        data={"outcome": outcome},
    )


def complaint_take(*, complaint: Complaint, actor) -> Complaint:
    """The actor becomes the first-responsible owner (首问负责制) of an unowned complaint in their queue."""
    from complaints.rules import department_id
    from org.models import Department

    dept_id = department_id(actor)
    team = Department.objects.filter(pk=dept_id).first() if dept_id else None
    return _apply(complaint, actor, "take", args={"owner": actor, "queue_department": team})


def complaint_transfer_owner(*, complaint: Complaint, actor, to, reason: str) -> Complaint:
    """A supervisor hands the first responsibility to another colleague, with a reason (logged)."""
    from complaints.rules import WORKERS, department_id
    from org.models import Department
    from org.roles import has_role

    reason = _require(reason, "reason", _("Say why the owner changes."))
    if to is None or not to.is_active or not has_role(to, *WORKERS):
        raise ValidationError(
            {"to": _("The new owner must be an active agent, supervisor, expert or manager.")}
        )

    def validate(locked: Complaint) -> None:
        if locked.owner_id == to.pk:
            raise ValidationError({"to": _("This colleague already owns the complaint.")})

    dept_id = department_id(to)
    team = Department.objects.filter(pk=dept_id).first() if dept_id else None
    return _apply(
        complaint,
        actor,
        "transfer_owner",
        validate=validate,
        args={"to": to, "queue_department": team},
        note=reason,
        data={
            "from": complaint.owner.get_username() if complaint.owner_id else None,
            "to": to.get_username(),
        },
        after=lambda c: notify_staff(c, "assigned", [to]),
    )


# One answer for "no such complaint" and "a complaint you may not handle" (the serializer of `merge`'s
# arguments uses it too), so that merging cannot probe which numbers exist.
NO_COMPLAINT_TO_MERGE_INTO = gettext_lazy("No complaint with this number that you handle.")


def complaint_merge(*, complaint: Complaint, actor, into: Complaint) -> Complaint:
    """A duplicate → merged into an open complaint of the same customer or waybill, within the actor's
    scope: a survivor the actor may not handle gets the same answer as a number that does not exist.
    The duplicate keeps its events; the survivor's timeline shows both."""
    from complaints.rules import can_work

    if into is None or into.pk == complaint.pk:
        raise ValidationError({"into": _("Choose another complaint to merge into.")})

    def validate(locked: Complaint) -> None:
        survivor = Complaint.objects.get(pk=into.pk)
        if actor is not None and not can_work(survivor, actor):
            raise ValidationError({"into": NO_COMPLAINT_TO_MERGE_INTO})
        if survivor.status in FINAL_STATES or survivor.status == Status.RESOLVED:
            raise ValidationError({"into": _("The complaint to merge into is no longer open.")})
        same_customer = locked.customer_id is not None and locked.customer_id == survivor.customer_id
        same_waybill = bool(locked.waybill_no) and locked.waybill_no == survivor.waybill_no
        if not (same_customer or same_waybill):
            raise ValidationError(
                {"into": _("Only a complaint of the same customer or waybill can be merged.")}
            )

    return _apply(
        complaint,
        actor,
        "merge",
        validate=validate,
        args={"into": into, "at": timezone.now()},
        data={"into": into.number},
        note=into.number,
    )


def complaint_escalate(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """One tier up (frontline → supervisor → expert): the new tier's queue and the owner are told."""
    reason = _require(reason, "reason", _("Say why the complaint is escalated."))
    return _apply(complaint, actor, "escalate", note=reason, after=lambda c: _tell_new_tier(c, reason))


def complaint_deescalate(*, complaint: Complaint, actor, note: str) -> Complaint:
    """One tier down, with instructions (supervisor or above)."""
    note = _require(note, "note", _("Give the instructions for the lower tier."))
    return _apply(complaint, actor, "deescalate", note=note, after=lambda c: _tell_new_tier(c, note))


def _tell_new_tier(complaint: Complaint, reason: str) -> None:
    members = queue_members(department=complaint.queue_department, tier=complaint.tier)
    enqueue(
        escalation_notices(
            values=complaint_values(complaint),
            tier=complaint.tier,
            reason=reason,
            members=members,
            owner=complaint.owner,
        )
    )


def available_names(complaint: Complaint, user, cache: dict | None = None) -> list[str]:
    """The transitions and actions `user` may run on `complaint` now (no queries: roles are cached).

    With `cache` (one dict per list response), complaints that look the same to the access rules share
    one evaluation: the key holds every field that complaints/rules.py and the transition conditions
    read (state, tier, owner, handler, team, department, whether the user's department was asked,
    whether the customer accepted the offer)."""
    from complaints.rules import department_id

    if cache is None:
        return _available_names(complaint, user)
    key = (
        complaint.status,
        complaint.tier,
        complaint.owner_id is None,
        complaint.owner_id == user.pk,
        complaint.assignee_id == user.pk,
        complaint.queue_department_id,
        complaint.department_id,
        department_id(user) in complaint.consulted_departments,
        complaint.offer_accepted_at is None,
    )
    if key not in cache:
        cache[key] = _available_names(complaint, user)
    return cache[key]


def _available_names(complaint: Complaint, user) -> list[str]:
    return [t.name for t in complaint.get_available_user_status_transitions(user)] + [
        t.name for t in complaint.get_available_user_tier_transitions(user)
    ]


__all__ = [
    "Status",
    "available_names",
    "check_allowed",
    "complaint_acknowledge",
    "complaint_approve_proposal",
    "complaint_ask_department",
    "complaint_close",
    "complaint_contact",
    "complaint_decline_proposal",
    "complaint_dispatch",
    "complaint_extend",
    "complaint_note",
    "complaint_propose",
    "complaint_receive_info",
    "complaint_record_finding",
    "complaint_regrade",
    "complaint_reject",
    "complaint_reopen",
    "complaint_request_info",
    "complaint_resolve",
    "complaint_revise",
    "transition_meta",
]
