"""The complaint's actions: declared like transitions (sources, permission, label) but leaving the
state as it is (`target=None`). A mixin of `Complaint`."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from complaints import rules
from complaints.models.states import (
    OPEN_STATES,
    ContactOutcome,
    Status,
    is_unowned,
)


class Actions:
    # -- actions (the state stays as it is) -----------------------------------------------------
    @transition(
        field="status",
        source=OPEN_STATES,
        target=None,
        conditions=[is_unowned],
        permission=rules.can_take,
        custom={"label": _("Take (become the first-responsible owner)")},
    )
    def take(self, *, owner, queue_department) -> None:
        self.owner = owner
        if queue_department is not None:
            self.queue_department = queue_department
        if self.assignee_id is None:
            self.assignee = owner

    @transition(
        field="status",
        source=[*OPEN_STATES, Status.RESOLVED],
        target=None,
        permission=rules.can_decide,
        custom={"label": _("Transfer ownership")},
    )
    def transfer_owner(self, *, to, queue_department) -> None:
        self.owner = to
        if queue_department is not None:
            self.queue_department = queue_department

    @transition(
        field="status",
        source=[Status.INVESTIGATING, Status.AWAITING_CUSTOMER],
        target=None,
        permission=rules.can_record_finding,
        custom={"label": _("Record the finding")},
    )
    def record_finding(self, *, cause, company_at_fault, responsible_department, responsible_staff) -> None:
        self.finding_cause = cause
        self.company_at_fault = company_at_fault
        self.responsible_department = responsible_department
        self.responsible_staff = responsible_staff

    @transition(
        field="status",
        source=[Status.INVESTIGATING, Status.AWAITING_CUSTOMER],
        target=None,
        permission=rules.can_work,
        custom={"label": _("Ask another department")},
    )
    def ask_department(self, *, department) -> None:
        """Joint investigation: one more department is asked for its finding; the lead stays."""
        self._consult(department)

    @transition(
        field="status",
        source=OPEN_STATES,
        target=None,
        permission=rules.can_work,
        custom={"label": _("Change severity")},
    )
    def regrade(self, *, at: dt.datetime, severity, resolve_due) -> None:
        self.severity = severity
        self._move_resolve_due(resolve_due, at)

    @transition(
        field="status",
        source=OPEN_STATES,
        target=None,
        permission=rules.can_decide,
        custom={"label": _("Extend the deadline")},
    )
    def extend(self, *, at: dt.datetime, working_days: int, resolve_due) -> None:
        self.extended_days += working_days
        self._move_resolve_due(resolve_due, at)

    @transition(
        field="status",
        source=[*OPEN_STATES, Status.RESOLVED, Status.CLOSED, Status.REJECTED],
        target=None,
        permission=rules.can_note,
        custom={"label": _("Add a note")},
    )
    def note(self) -> None:
        pass

    @transition(
        field="status",
        source=[*OPEN_STATES, Status.RESOLVED],
        target=None,
        permission=rules.can_work,
        custom={"label": _("Record a contact attempt")},
    )
    def contact(self, *, outcome: str) -> None:
        if outcome == ContactOutcome.REACHED:
            return
        self.failed_contacts += 1
