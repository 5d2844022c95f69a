"""Joint investigation: asking departments for their findings and recording each one's finding.

These run inside the transaction of the complaint's own transition (`dispatch`, `ask_department`,
`record_finding` in complaints/services/transitions.py), on the complaint row that transition locked:
one event on the complaint's timeline says what happened, and the request rows say where each
department stands."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from complaints.models import Complaint, DepartmentRequest
from complaints.workdays import WorkingCalendar
from infra.errors import Conflict

# Working days a department has for its finding, by severity (never beyond the complaint's answer date).
FINDING_DAYS = {"simple": 1, "complex": 2, "major": 2}


def finding_due(complaint: Complaint, at: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """The end of the department's last working day for its finding: a day or two, and no later than
    the complaint's own answer date while that is still ahead."""
    due = calendar.working_days_deadline(at, FINDING_DAYS.get(complaint.severity, 2))
    return min(due, complaint.resolve_due) if complaint.resolve_due > at else due


def _check(request: DepartmentRequest, name: str, actor) -> None:
    method = getattr(request, name)
    if actor is not None and not has_transition_perm(method, actor):
        raise PermissionDenied(_("You are not allowed to do this for this department."))
    if not can_proceed(method):
        raise Conflict(
            _("This is not possible while the department's request is “%(state)s”.")
            % {"state": request.get_status_display()},
            current_state=request.status,
        )


def department_request_ask(
    *,
    complaint: Complaint,
    actor,
    department,
    at: dt.datetime,
    question: str = "",
    lead: bool = False,
    assignee=None,
) -> DepartmentRequest:
    """Ask `department` for its finding (again, if it was asked before), with a deadline. `lead`
    moves the lead to this department. `complaint` is the row locked by the calling transition."""
    if lead:
        # The old lead stops leading first (one lead per complaint, checked row by row).
        DepartmentRequest.objects.filter(complaint=complaint, lead=True).exclude(
            department=department
        ).update(lead=False)
    due = finding_due(complaint, at, WorkingCalendar.load())
    request = (
        DepartmentRequest.objects.select_for_update()
        .filter(complaint=complaint, department=department)
        .first()
    )
    if request is None:
        return DepartmentRequest.objects.create(
            complaint=complaint,
            department=department,
            lead=lead,
            question=question,
            assignee=assignee,
            asked_by=actor,
            asked_at=at,
            due=due,
        )
    request.complaint = complaint
    _check(request, "ask", actor)
    request.ask(by=actor, at=at, due=due, question=question, lead=lead, assignee=assignee)
    request.save()
    return request


def department_request_answer(
    *,
    complaint: Complaint,
    actor,
    department,
    at: dt.datetime,
    cause: str,
    company_at_fault: bool,
    responsible_department=None,
    responsible_staff: str = "",
) -> DepartmentRequest:
    """Record `department`'s finding. A complaint dispatched before joint investigations existed has
    no request row for its department yet: it gets one, leading, answered at once."""
    request = (
        DepartmentRequest.objects.select_for_update()
        .filter(complaint=complaint, department=department)
        .first()
    )
    if request is None:
        request = DepartmentRequest(
            complaint=complaint,
            department=department,
            lead=complaint.department_id == department.pk
            and not DepartmentRequest.objects.filter(complaint=complaint, lead=True).exists(),
            asked_by=None,
            asked_at=at,
            due=at,
        )
    request.complaint = complaint
    _check(request, "answer", actor)
    request.answer(
        by=actor,
        at=at,
        cause=cause,
        company_at_fault=company_at_fault,
        responsible_department=responsible_department,
        responsible_staff=responsible_staff,
    )
    request.save()
    return request
