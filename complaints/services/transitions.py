"""The complaint's lifecycle transitions, one service each, and the glue to the transition engine
(infra.fsm) that every complaint service runs on (`run_transition`). Actions that keep the state:
services/actions.py; the tier machine: services/escalation.py.

One service per complaint transition or action. Each locks the row, checks the actor's permission
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
    Complaint,
    Outcome,
    RootCause,
    Status,
    Tier,
)
from complaints.services.events import event_record, event_values
from complaints.services.investigation import department_request_ask
from complaints.services.notices import (
    notify_customer,
    notify_staff,
)
from complaints.services.rating import rating_link
from complaints.services.routing import queue_members
from complaints.workdays import WorkingCalendar
from customers.masking import mask_id_numbers
from infra.fsm import Step, label_of, transition_check, transition_run
from org.models import Department

MIN_FAILED_CONTACTS_FOR_UNREACHABLE = 3


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


def run_transition(
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


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# -- transitions ----------------------------------------------------------------------------------
def complaint_acknowledge(*, complaint: Complaint, actor, at: dt.datetime | None = None) -> Complaint:
    """received → acknowledged: the customer has been told the complaint is accepted and the answer date."""
    at = at or timezone.now()
    return run_transition(
        complaint, actor, "acknowledge", args={"at": at}, after=lambda c: notify_customer(c, "accepted")
    )


def complaint_dispatch(
    *, complaint: Complaint, actor, department: Department, assignee=None, note: str = ""
) -> Complaint:
    """→ investigating, with the responsible department (and optionally a named handler)."""
    if not department.is_active:
        raise ValidationError({"department": _("This department is no longer active.")})
    now = timezone.now()
    return run_transition(
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
    return run_transition(
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
    note = required_text(note, "note", _("Say what the customer should provide."))
    return run_transition(
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

    return run_transition(complaint, actor, "receive_info", args=args, note=note)


def complaint_propose(*, complaint: Complaint, actor, solution: str) -> Complaint:
    """investigating → pending_approval when a supervisor must approve (major, appeal), else → proposed."""
    solution = required_text(solution, "solution", _("Describe the proposed solution."))

    def after(locked: Complaint) -> None:
        if locked.status == Status.PENDING_APPROVAL:
            approvers = queue_members(department=locked.queue_department, tier=Tier.SUPERVISOR)
            notify_staff(locked, "pending_approval", approvers, solution=solution)

    return run_transition(
        complaint,
        actor,
        "propose",
        args=lambda locked: {"solution": solution, "needs_approval": dl.needs_approval(locked)},
        note=solution,
        after=after,
    )


def complaint_approve_proposal(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return run_transition(complaint, actor, "approve_proposal", note=note)


def complaint_decline_proposal(*, complaint: Complaint, actor, note: str) -> Complaint:
    note = required_text(note, "note", _("Say why the proposal is declined."))
    return run_transition(complaint, actor, "decline_proposal", note=note)


def complaint_revise(*, complaint: Complaint, actor, note: str) -> Complaint:
    note = required_text(note, "note", _("Say what the customer did not accept."))
    return run_transition(complaint, actor, "revise", note=note)


def complaint_accept_offer(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    """The customer accepted the proposed solution: recorded once (then resolving is the next step); a
    rejection goes back to negotiation with `revise`."""
    return run_transition(complaint, actor, "accept_offer", args={"at": timezone.now()}, note=note)


def complaint_confirm_category(*, complaint: Complaint, actor, category) -> Complaint:
    """The agent confirms (or corrects) the category the keyword rules chose; the event records whether
    the rules were right, for measuring them."""
    suggested = complaint.category.code
    return run_transition(
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
    resolution = required_text(resolution, "resolution", _("Describe the resolution told to the customer."))
    if root_cause is None:
        raise ValidationError({"root_cause": _("The root cause is required to resolve.")})
    now = timezone.now()
    calendar = WorkingCalendar.load()
    return run_transition(
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

    return run_transition(
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
    reason = required_text(reason, "reason", _("Say why the complaint is reopened."))
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

    return run_transition(complaint, actor, "reopen", args=args, note=reason, data=data)


def complaint_reject(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """An unfounded complaint → rejected (supervisor or above), with the rules explained."""
    reason = required_text(reason, "reason", _("Explain why the complaint is unfounded."))
    return run_transition(complaint, actor, "reject", args={"at": timezone.now()}, note=reason)
