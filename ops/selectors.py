"""The operational figures read by /metrics and /readyz: a few aggregate queries, each answered from an
index (open complaints by the tier index, deadlines by the partial index on open complaints' due
dates, the outbox by its partial index on pending notices, schedule runs by ops' index on
django_q_task(group, stopped))."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_q.models import Schedule, Task

from complaints.models import OPEN_STATES, Complaint, overdue_q
from notifications.models import Notification


@dataclass
class Backlog:
    due: int  # pending notices whose attempt is due now
    oldest_created_at: dt.datetime | None  # the oldest notice not yet delivered (pending)


@dataclass
class ScheduleRuns:
    last_run: dict[str, dt.datetime | None] = field(default_factory=dict)  # finished, either way
    last_success: dict[str, dt.datetime | None] = field(default_factory=dict)

    @property
    def newest_run(self) -> dt.datetime | None:
        return max((t for t in self.last_run.values() if t), default=None)


def open_complaints_by_tier() -> dict[str, int]:
    rows = Complaint.objects.filter(status__in=OPEN_STATES).values("tier").annotate(n=Count("pk"))
    counts = {tier: 0 for tier, _label in Complaint._meta.get_field("tier").choices}
    counts.update({row["tier"]: row["n"] for row in rows})
    return counts


def overdue_counts(now: dt.datetime) -> dict[str, int]:
    return {
        "overdue": Complaint.objects.filter(overdue_q(now)).count(),
        "statutory_overdue": Complaint.objects.filter(status__in=OPEN_STATES, statutory_due__lt=now).count(),
    }


def outbox_backlog(now: dt.datetime) -> Backlog:
    pending = Notification.objects.filter(status=Notification.Status.PENDING)
    figures = pending.aggregate(due=Count("pk", filter=Q(next_attempt_at__lte=now)), oldest=Min("created_at"))
    return Backlog(due=figures["due"], oldest_created_at=figures["oldest"])


def schedule_runs() -> ScheduleRuns:
    """Last finished run and last success of every schedule (its tasks carry its name as group)."""
    names = list(Schedule.objects.exclude(name=None).values_list("name", flat=True))
    rows = (
        Task.objects.filter(group__in=names)
        .values("group")
        .annotate(last=Max("stopped"), last_success=Max("stopped", filter=Q(success=True)))
    )
    runs = ScheduleRuns(last_run=dict.fromkeys(names), last_success=dict.fromkeys(names))
    for row in rows:
        runs.last_run[row["group"]] = row["last"]
        runs.last_success[row["group"]] = row["last_success"]
    return runs


def now() -> dt.datetime:
    return timezone.now()
