"""The working-day table the report's SQL joins: filled from the deadlines' own calendar."""

from __future__ import annotations

import datetime as dt

from analytics.models import WorkingDay
from complaints.workdays import WorkingCalendar


def ensure_working_days(first: dt.date, last: dt.date) -> int:
    """Writes (or corrects) every day from first to last; returns how many days were written."""
    calendar = WorkingCalendar.load()
    days = [
        WorkingDay(
            day=first + dt.timedelta(days=i), is_working=calendar.is_working_day(first + dt.timedelta(days=i))
        )
        for i in range((last - first).days + 1)
    ]
    WorkingDay.objects.bulk_create(
        days, update_conflicts=True, unique_fields=["day"], update_fields=["is_working"], batch_size=1000
    )
    return len(days)
