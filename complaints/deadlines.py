"""A complaint's deadlines from its receipt, policy, pauses and extensions (DESIGN.md "Deadlines").

Every deadline is recomputed from the same inputs rather than nudged, so regrading, extending and
pausing in any order give the same answer; the statutory deadline never moves and caps the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from complaints.models import Complaint, Kind, SlaPolicy
from complaints.workdays import WorkingCalendar, end_of_day, local_date


@dataclass(frozen=True)
class Deadlines:
    acknowledge_due: dt.datetime
    resolve_due: dt.datetime
    statutory_due: dt.datetime


def policy_for(kind: str, severity: str) -> SlaPolicy:
    return SlaPolicy.objects.get(kind=kind, severity=severity)


def compute_deadlines(
    *,
    received_at: dt.datetime,
    policy: SlaPolicy,
    calendar: WorkingCalendar,
    paused_seconds: int = 0,
    extended_days: int = 0,
) -> Deadlines:
    """Tier deadline = end of the Nth working day after the day of receipt, then moved by extensions
    (working days) and pauses (working time); resolve_due = min(that, statutory_due)."""
    statutory_due = calendar.calendar_days_deadline(received_at, policy.statutory_calendar_days)
    tier_due = calendar.working_days_deadline(received_at, policy.resolve_working_days)
    if extended_days:
        tier_due = end_of_day(calendar.add_working_days(local_date(tier_due), extended_days))
    if paused_seconds:
        tier_due = calendar.add_working_seconds(tier_due, paused_seconds)
    acknowledge_due = received_at + dt.timedelta(hours=policy.acknowledge_hours)
    return Deadlines(
        acknowledge_due=acknowledge_due, resolve_due=min(tier_due, statutory_due), statutory_due=statutory_due
    )


def deadlines_for(
    complaint: Complaint,
    calendar: WorkingCalendar,
    *,
    severity: str | None = None,
    paused_seconds: int | None = None,
    extended_days: int | None = None,
) -> Deadlines:
    """The complaint's deadlines, with any of its inputs replaced (for regrade, extend, resume).

    The statutory deadline on record never moves: it caps the recomputed answer-by date.
    """
    policy = policy_for(complaint.kind, severity or complaint.severity)
    computed = compute_deadlines(
        received_at=complaint.received_at,
        policy=policy,
        calendar=calendar,
        paused_seconds=complaint.paused_seconds if paused_seconds is None else paused_seconds,
        extended_days=complaint.extended_days if extended_days is None else extended_days,
    )
    return Deadlines(
        acknowledge_due=computed.acknowledge_due,
        resolve_due=min(computed.resolve_due, complaint.statutory_due),
        statutory_due=complaint.statutory_due,
    )


def callback_due(complaint: Complaint, resolved_at: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    policy = policy_for(complaint.kind, complaint.severity)
    return calendar.working_days_deadline(resolved_at, policy.callback_working_days)


def reopened_resolve_due(
    complaint: Complaint, reopened_at: dt.datetime, calendar: WorkingCalendar
) -> dt.datetime:
    """A reopened complaint is a new round of handling: the policy's working days (capped at the
    statutory span) counted from the reopening. The original statutory deadline stays on record."""
    policy = policy_for(complaint.kind, complaint.severity)
    return compute_deadlines(received_at=reopened_at, policy=policy, calendar=calendar).resolve_due


def needs_approval(complaint: Complaint) -> bool:
    """主管批示: major complaints, regulator appeals, and proposals with compensation above the proposer's
    authority (a claim waiting for an approver) need a supervisor's approval of the proposal."""
    from claims.selectors import claim_awaits_approval

    return complaint.severity == "major" or complaint.kind == Kind.APPEAL or claim_awaits_approval(complaint)
