"""A complaint's deadlines (DESIGN.md "Deadlines"; written for managers in docs/deadlines.md).

A complaint is handled in rounds: the first starts at its receipt, each reopening starts another.
Within a round every deadline is recomputed from the same inputs (the round's start, the policy, the
whole working days paused and the working days of extension applied) rather than nudged, so regrading,
extending and pausing in any order give the same answer:

- answer-by (tier) date: the end (23:59:59) of the Nth working day after the day the round started,
  N = the policy's working days + extension days applied + whole working days paused;
- statutory date: the end of the day the policy's calendar days after the round's start, rolled to a
  working day; a reopening starts a new statutory period (a regulator appeal's re-handling: 5 days);
  it never moves within a round and caps the answer-by date;
- pauses count working time (time on working days, all of it), added up over the round and rounded
  down to whole working days: a pause of seconds moves nothing, one and a half working days move one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from complaints.models import Complaint, Kind, Severity, SlaPolicy
from complaints.workdays import DAY_SECONDS, WorkingCalendar, local_date


@dataclass(frozen=True)
class Deadlines:
    acknowledge_due: dt.datetime
    resolve_due: dt.datetime
    statutory_due: dt.datetime


def policy_for(kind: str, severity: str) -> SlaPolicy:
    return SlaPolicy.objects.get(kind=kind, severity=severity)


def whole_days(paused_seconds: int) -> int:
    """Whole working days in `paused_seconds` of working time, rounded down."""
    return max(paused_seconds, 0) // DAY_SECONDS


def statutory_days(policy: SlaPolicy, *, reopened: bool) -> int:
    """Calendar days of the statutory period: after a reopening, the policy's re-handling period if it
    has one (appeals: 5), else a full new period."""
    if reopened and policy.rehandling_calendar_days:
        return policy.rehandling_calendar_days
    return policy.statutory_calendar_days


def tier_due(
    start: dt.datetime,
    policy: SlaPolicy,
    calendar: WorkingCalendar,
    *,
    paused_seconds: int = 0,
    extended_days: int = 0,
) -> dt.datetime:
    """The answer-by date of the round before the statutory cap."""
    days = policy.resolve_working_days + extended_days + whole_days(paused_seconds)
    return calendar.working_days_deadline(start, days)


def compute_deadlines(
    *,
    received_at: dt.datetime,
    policy: SlaPolicy,
    calendar: WorkingCalendar,
    paused_seconds: int = 0,
    extended_days: int = 0,
    reopened: bool = False,
) -> Deadlines:
    """The deadlines of a round starting at `received_at` (the receipt, or with `reopened` the
    reopening): resolve_due = min(tier deadline, statutory_due)."""
    statutory_due = calendar.calendar_days_deadline(received_at, statutory_days(policy, reopened=reopened))
    due = tier_due(received_at, policy, calendar, paused_seconds=paused_seconds, extended_days=extended_days)
    acknowledge_due = calendar.shift_working_days(
        received_at + dt.timedelta(hours=policy.acknowledge_hours), whole_days(paused_seconds)
    )
    return Deadlines(
        acknowledge_due=acknowledge_due, resolve_due=min(due, statutory_due), statutory_due=statutory_due
    )


def round_start(complaint: Complaint) -> dt.datetime:
    """The start of the current handling round: the last reopening, else the receipt."""
    return complaint.reopened_at or complaint.received_at


def deadlines_for(
    complaint: Complaint,
    calendar: WorkingCalendar,
    *,
    severity: str | None = None,
    round_paused_seconds: int | None = None,
    extended_days: int | None = None,
) -> Deadlines:
    """The complaint's deadlines in its current round, with any of its inputs replaced (for regrade,
    extend, resume). The statutory date on record never moves: it caps the answer-by date. The
    acknowledgement deadline moves only while the complaint is not acknowledged yet (a pause after the
    acknowledgement never turns a late one into an on-time one)."""
    policy = policy_for(complaint.kind, severity or complaint.severity)
    paused = complaint.round_paused_seconds if round_paused_seconds is None else round_paused_seconds
    extended = complaint.extended_days if extended_days is None else extended_days
    due = tier_due(round_start(complaint), policy, calendar, paused_seconds=paused, extended_days=extended)
    acknowledge_due = complaint.acknowledge_due
    if complaint.acknowledged_at is None and complaint.reopened_at is None:
        moved = calendar.shift_working_days(
            complaint.received_at + dt.timedelta(hours=policy.acknowledge_hours), whole_days(paused)
        )
        acknowledge_due = max(acknowledge_due, moved)
    return Deadlines(
        acknowledge_due=acknowledge_due,
        resolve_due=min(due, complaint.statutory_due),
        statutory_due=complaint.statutory_due,
    )


def extension_days_applied(complaint: Complaint, asked: int, calendar: WorkingCalendar) -> int:
    """How many of `asked` working days after the current answer-by date fit before the statutory
    date (0: none, the answer-by date already is the statutory date)."""
    if complaint.resolve_due >= complaint.statutory_due:
        return 0
    day, last, applied = local_date(complaint.resolve_due), local_date(complaint.statutory_due), 0
    while applied < asked:
        day = calendar.next_working_day(day)
        if day > last:
            break
        applied += 1
    return applied


def callback_due(complaint: Complaint, resolved_at: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """The callback is due the policy's working days after the resolution. A resolved complaint never
    waits for the customer (it is reopened instead), so no pause falls in this clock."""
    policy = policy_for(complaint.kind, complaint.severity)
    return calendar.working_days_deadline(resolved_at, policy.callback_working_days)


def reopened_deadlines(
    complaint: Complaint, reopened_at: dt.datetime, calendar: WorkingCalendar
) -> Deadlines:
    """A reopening starts a new round of handling: the policy's working days and a new statutory
    period (a regulator appeal's re-handling period) from the reopening."""
    policy = policy_for(complaint.kind, complaint.severity)
    return compute_deadlines(received_at=reopened_at, policy=policy, calendar=calendar, reopened=True)


def needs_approval(complaint: Complaint) -> bool:
    """主管批示: major complaints, regulator appeals, and proposals with compensation above the proposer's
    authority (a claim waiting for an approver) need a supervisor's approval of the proposal."""
    from complaints.extensions import AWAITS_APPROVAL  # filled by claims

    if complaint.severity == Severity.MAJOR or complaint.kind == Kind.APPEAL:
        return True
    return any(awaits(complaint) for awaits in AWAITS_APPROVAL)
