"""Complaint actions that keep the state: the finding, regrading, extensions, notes, contacts, who owns
the complaint, merging a duplicate. Each runs through `run_transition` like the lifecycle."""

from __future__ import annotations

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
    Severity,
    Status,
)
from complaints.services.investigation import department_request_answer
from complaints.services.notices import (
    notify_customer,
    notify_staff,
)
from complaints.services.transitions import required_text, run_transition
from complaints.workdays import WorkingCalendar
from org.models import Department

MAX_EXTENSION_DAYS = 10


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
    cause = required_text(cause, "cause", _("Describe the cause found."))
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

    return run_transition(
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
    reason = required_text(reason, "reason", _("Say why the severity changes."))
    calendar = WorkingCalendar.load()

    def validate(locked: Complaint) -> None:
        if locked.severity == severity:
            raise ValidationError({"severity": _("The complaint already has this severity.")})

    return run_transition(
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
    reason = required_text(reason, "reason", _("Give the reason the customer will be told."))
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

    return run_transition(
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
    text = required_text(text, "text", _("The note is empty."))
    return run_transition(complaint, actor, "note", note=text, kind=EventKind.NOTE)


def complaint_contact(*, complaint: Complaint, actor, outcome: str, note: str = "") -> Complaint:
    """A call to the customer: reached, no answer or wrong number (three failures allow `unreachable`)."""
    if outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": _("Unknown contact outcome.")})
    return run_transition(
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
    return run_transition(complaint, actor, "take", args={"owner": actor, "queue_department": team})


def complaint_transfer_owner(*, complaint: Complaint, actor, to, reason: str) -> Complaint:
    """A supervisor hands the first responsibility to another colleague, with a reason (logged)."""
    from complaints.rules import WORKERS, department_id
    from org.models import Department
    from org.roles import has_role

    reason = required_text(reason, "reason", _("Say why the owner changes."))
    if to is None or not to.is_active or not has_role(to, *WORKERS):
        raise ValidationError(
            {"to": _("The new owner must be an active agent, supervisor, expert or manager.")}
        )

    def validate(locked: Complaint) -> None:
        if locked.owner_id == to.pk:
            raise ValidationError({"to": _("This colleague already owns the complaint.")})

    dept_id = department_id(to)
    team = Department.objects.filter(pk=dept_id).first() if dept_id else None
    return run_transition(
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

    return run_transition(
        complaint,
        actor,
        "merge",
        validate=validate,
        args={"into": into, "at": timezone.now()},
        data={"into": into.number},
        note=into.number,
    )
