"""Entry points of the scheduled jobs (django-q2 schedules by stable names, data migration 0002)."""

from __future__ import annotations

from django.utils import timezone

from analytics import services
from analytics.months import Month


def nightly_snapshot() -> int:
    return services.daily_snapshot_take()


def monthly_report() -> str:
    """On the 1st: the month that just ended."""
    month = Month.containing(timezone.now()).previous
    services.monthly_report_build(month)
    return str(month)


def retention() -> dict:
    return services.retention_anonymise()


def calendar_check() -> list[int]:
    return services.calendar_check()
