"""The complaint's lifecycle transitions (status) and escalation (tier), declared once each with
sources, target, permission and label. A mixin of `Complaint` (the fields named by name); the bodies
only set fields in memory, the services do the rest."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from complaints import rules
from complaints.models.states import (
    OPEN_STATES,
    Status,
    Tier,
    is_open,
    offer_not_accepted,
)


class Lifecycle:
    # -- lifecycle transitions (state changes) --------------------------------------------------
    @transition(
        field="status",
        source=Status.RECEIVED,
        target=Status.ACKNOWLEDGED,
        permission=rules.can_work,
        custom={"label": _("Acknowledge")},
    )
    def acknowledge(self, *, at: dt.datetime) -> None:
        self.acknowledged_at = at

    @transition(
        field="status",
        source=[Status.ACKNOWLEDGED, Status.REOPENED, Status.INVESTIGATING],
        target=Status.INVESTIGATING,
        permission=rules.can_work,
        custom={"label": _("Dispatch")},
    )
    def dispatch(self, *, department, assignee=None) -> None:
        """The lead department (the others are asked with `ask_department`)."""
        self.department = department
        self.assignee = assignee
        self._consult(department)

    def _consult(self, department) -> None:
        if department.pk not in self.consulted_departments:
            self.consulted_departments = [*self.consulted_departments, department.pk]

    @transition(
        field="status",
        source=Status.INVESTIGATING,
        target=Status.AWAITING_CUSTOMER,
        permission=rules.can_work,
        custom={"label": _("Ask the customer")},
    )
    def request_info(self, *, at: dt.datetime) -> None:
        self.sla_paused_at = at

    @transition(
        field="status",
        source=Status.AWAITING_CUSTOMER,
        target=Status.INVESTIGATING,
        permission=rules.can_work,
        custom={"label": _("Information received")},
    )
    def receive_info(self, *, at: dt.datetime, paused_seconds: int, acknowledge_due, resolve_due) -> None:
        self.sla_paused_at = None
        self.paused_seconds += paused_seconds
        self.round_paused_seconds += paused_seconds
        self.acknowledge_due = acknowledge_due
        self._move_resolve_due(resolve_due, at)

    @transition(
        field="status",
        source=Status.INVESTIGATING,
        target=RETURN_VALUE(Status.PENDING_APPROVAL, Status.PROPOSED),
        permission=rules.can_work,
        custom={"label": _("Propose a solution")},
    )
    def propose(self, *, solution: str, needs_approval: bool) -> str:
        self.solution = solution
        self.offer_accepted_at = None
        return Status.PENDING_APPROVAL if needs_approval else Status.PROPOSED

    @transition(
        field="status",
        source=Status.PENDING_APPROVAL,
        target=Status.PROPOSED,
        permission=rules.can_decide,
        custom={"label": _("Approve the proposal")},
    )
    def approve_proposal(self) -> None:
        pass

    @transition(
        field="status",
        source=Status.PENDING_APPROVAL,
        target=Status.INVESTIGATING,
        permission=rules.can_decide,
        custom={"label": _("Decline the proposal")},
    )
    def decline_proposal(self) -> None:
        pass

    @transition(
        field="status",
        source=Status.PROPOSED,
        target=Status.INVESTIGATING,
        permission=rules.can_work,
        custom={"label": _("Revise (offer not accepted)")},
    )
    def revise(self) -> None:
        self.offer_accepted_at = None

    @transition(
        field="status",
        source=[Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.PROPOSED],
        target=Status.RESOLVED,
        permission=rules.can_work,
        custom={"label": _("Resolve")},
    )
    def resolve(
        self,
        *,
        at,
        resolution,
        root_cause,
        company_at_fault,
        responsible_department,
        responsible_staff,
        callback_due,
    ) -> None:
        self.resolved_at = at
        self.resolution = resolution
        self.root_cause = root_cause
        self.company_at_fault = company_at_fault
        if responsible_department is not None:
            self.responsible_department = responsible_department
        if responsible_staff:
            self.responsible_staff = responsible_staff
        self.callback_due = callback_due

    @transition(
        field="status",
        source=Status.RESOLVED,
        target=Status.CLOSED,
        permission=rules.can_work,
        custom={"label": _("Close")},
    )
    def close(self, *, at, outcome, satisfaction, comment) -> None:
        self.closed_at = at
        self.outcome = outcome
        self.satisfaction = satisfaction
        self.satisfaction_comment = comment

    # A resolved complaint is reopened by its handlers; a closed one only by a supervisor or above.
    @transition(
        field="status",
        source=Status.RESOLVED,
        target=Status.REOPENED,
        permission=rules.can_work,
        custom={"label": _("Reopen")},
    )
    @transition(
        field="status",
        source=Status.CLOSED,
        target=Status.REOPENED,
        permission=rules.can_decide,
        custom={"label": _("Reopen")},
    )
    def reopen(self, *, at: dt.datetime, resolve_due, statutory_due) -> None:
        """A new handling round: its own deadlines, pauses, extensions and breach records."""
        self.reopen_count += 1
        self.reopened_at = at
        if self.original_statutory_due is None:
            self.original_statutory_due = self.statutory_due
        self.statutory_due = statutory_due
        self.resolve_due = resolve_due
        self.round_paused_seconds = 0
        self.extended_days = 0
        self.warned_due = None
        self.breached_due = None
        self.resolved_at = None
        self.closed_at = None
        self.callback_due = None
        self.outcome = ""

    @transition(
        field="status",
        source=OPEN_STATES,
        target=Status.REJECTED,
        permission=rules.can_decide,
        custom={"label": _("Reject as unfounded")},
    )
    def reject(self, *, at) -> None:
        self.closed_at = at
        self.sla_paused_at = None

    @transition(
        field="status",
        source=OPEN_STATES,
        target=Status.MERGED,
        permission=rules.can_work,
        custom={"label": _("Merge into another complaint")},
    )
    def merge(self, *, into, at) -> None:
        self.merged_into = into
        self.closed_at = at
        self.sla_paused_at = None

    @transition(
        field="status",
        source=Status.PROPOSED,
        target=None,
        conditions=[offer_not_accepted],
        permission=rules.can_work,
        custom={"label": _("Customer accepts the offer")},
    )
    def accept_offer(self, *, at: dt.datetime) -> None:
        """The customer accepted; resolving (with what was done) comes next. A rejection is `revise`."""
        self.offer_accepted_at = at

    @transition(
        field="status",
        source=[*OPEN_STATES, Status.RESOLVED],
        target=None,
        permission=rules.can_work,
        custom={"label": _("Confirm the category")},
    )
    def confirm_category(self, *, category) -> None:
        self.category = category
        self.category_needs_confirmation = False

    # -- escalation: the second state machine, on the tier ---------------------------------------
    @transition(
        field="tier",
        source=Tier.FRONTLINE,
        target=Tier.SUPERVISOR,
        conditions=[is_open],
        permission=rules.can_work,
        custom={"label": _("Escalate")},
    )
    @transition(
        field="tier",
        source=Tier.SUPERVISOR,
        target=Tier.EXPERT,
        conditions=[is_open],
        permission=rules.can_work,
        custom={"label": _("Escalate")},
    )
    def escalate(self) -> None:
        pass

    @transition(
        field="tier",
        source=Tier.EXPERT,
        target=Tier.SUPERVISOR,
        conditions=[is_open],
        permission=rules.can_decide,
        custom={"label": _("Hand back down")},
    )
    @transition(
        field="tier",
        source=Tier.SUPERVISOR,
        target=Tier.FRONTLINE,
        conditions=[is_open],
        permission=rules.can_decide,
        custom={"label": _("Hand back down")},
    )
    def deescalate(self) -> None:
        pass
