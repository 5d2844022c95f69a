"""The working-day table the report's SQL joins: filled from the deadlines' own calendar."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from analytics.models import WorkingDay
from complaints.workdays import WorkingCalendar


def ensure_working_days(first: dt.date, last: dt.date) -> int:
    """Writes (or corrects) every day from first to last that is missing or wrong; returns how many
    days were written (none, usually: a report build reads the range and writes nothing)."""
    calendar = WorkingCalendar.load()
    wanted = {
        first + dt.timedelta(days=i): calendar.is_working_day(first + dt.timedelta(days=i))
        for i in range((last - first).days + 1)
    }
    stored = dict(WorkingDay.objects.filter(day__range=(first, last)).values_list("day", "is_working"))
    days = [
        WorkingDay(day=day, is_working=working)
        for day, working in wanted.items()
        if stored.get(day) != working
    ]
    if not days:
        return 0
    WorkingDay.objects.bulk_create(
        days, update_conflicts=True, unique_fields=["day"], update_fields=["is_working"], batch_size=1000
    )
    with connection.cursor() as cursor:
        cursor.execute(RUNNING_TOTAL_SQL)
    return len(days)


# The running total of working seconds, over the whole table (a few hundred rows a year); rows already
# right are left alone.
RUNNING_TOTAL_SQL = """
UPDATE analytics_workingday w SET seconds_before = t.before
  FROM (SELECT day,
               COALESCE(sum(CASE WHEN is_working THEN 86400 ELSE 0 END)
                        OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
          FROM analytics_workingday) t
 WHERE w.day = t.day AND w.seconds_before IS DISTINCT FROM t.before
"""
