"""The analytics jobs: build the monthly report, take the nightly snapshot, anonymise what is past its
retention, and warn in December when next year's calendar is missing. Each records a JobRun and can be
killed and run again: its writes are in one transaction (or in batches that a rerun continues)."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from analytics import report
from analytics.jobs import job_run
from analytics.models import MonthlyReport
from analytics.months import Month
from complaints.workdays import SHANGHAI, WorkingCalendar
from notifications.models import Notification
from notifications.services import notification_enqueue
from org.roles import Role


def monthly_report_build(month: Month, *, notify: bool = True) -> MonthlyReport:
    """Builds (or rebuilds) `month`'s report; replaces the stored one in one transaction."""
    with job_run("build_monthly_report", str(month)) as counts:
        started = time.monotonic()
        with transaction.atomic():
            data = report.figures(month)
            previous = MonthlyReport.objects.filter(month=month.previous.first).first()
            previous_data = previous.data if previous else report.brief(month.previous)
            data["change"] = report.change(data, previous_data)
            data["actions"] = report.actions(month)
            data["trend"] = report.trend(month, data)
            built_at = timezone.now()
            data["built_at"] = built_at.isoformat()
            seconds = round(time.monotonic() - started, 3)
            built, _created = MonthlyReport.objects.update_or_create(
                month=month.first, defaults={"data": data, "built_at": built_at, "seconds": seconds}
            )
            if notify:
                counts["notified"] = _notify_managers(built)
        counts.update(complaints=data["totals"]["complaints"], seconds=seconds)
    return built


def _managers():
    return get_user_model().objects.filter(is_active=True, groups__name=Role.MANAGER).distinct()


def _notify_managers(built: MonthlyReport) -> int:
    data = built.data
    rate = data["on_time"]["resolve"]
    params = {
        "month": data["month"],
        "complaints": data["totals"]["complaints"],
        "per_10k": data["complaints_per_10k_shipments"]
        if data["complaints_per_10k_shipments"] is not None
        else "-",
        "resolve_rate": "-" if rate is None else f"{rate:.1%}",
        "link": f"{settings.PUBLIC_BASE_URL}/reports/monthly/{data['month']}/",
    }
    sent = 0
    for manager in _managers():
        channel = Notification.Channel.EMAIL if manager.email else Notification.Channel.INTERNAL
        notification_enqueue(
            template="monthly_report",
            params=params,
            audience=Notification.Audience.STAFF,
            channel=channel,
            recipient=manager.email or manager.username,
            recipient_user=manager,
        )
        sent += 1
    return sent


SNAPSHOT_SQL = """
INSERT INTO analytics_dailysnapshot
       (day, department_id, tier, status, open_count, overdue_count, received_count)
SELECT %(day)s, c.department_id, c.tier, c.status, count(*),
       count(*) FILTER (WHERE (c.sla_paused_at IS NULL AND c.resolve_due < %(at)s)
                           OR (c.sla_paused_at IS NOT NULL
                               AND (c.resolve_due < c.sla_paused_at OR c.statutory_due < %(at)s))),
       count(*) FILTER (WHERE c.received_at >= %(day_start)s AND c.received_at < %(day_end)s)
  FROM complaints_complaint c
 WHERE c.status NOT IN ('resolved', 'closed', 'rejected', 'merged')
 GROUP BY c.department_id, c.tier, c.status
"""


def daily_snapshot_take(day: dt.date | None = None, *, at: dt.datetime | None = None) -> int:
    """Open complaints per department, tier and status as of now, stored for `day` (yesterday by
    default); a rerun for the same day replaces it."""
    at = at or timezone.now()
    day = day or (at.astimezone(SHANGHAI).date() - dt.timedelta(days=1))
    day_start = dt.datetime.combine(day, dt.time.min, SHANGHAI)
    with job_run("daily_snapshot", day.isoformat()) as counts, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM analytics_dailysnapshot WHERE day = %s", [day])
            cursor.execute(
                SNAPSHOT_SQL,
                {"day": day, "at": at, "day_start": day_start, "day_end": day_start + dt.timedelta(days=1)},
            )
            counts["rows"] = cursor.rowcount
    return counts["rows"]


ANONYMISED_NAME = "已匿名"

# Personal data of complaints closed longer ago than the retention: the complaint keeps its figures.
ANONYMISE_COMPLAINTS_SQL = """
WITH batch AS (
    SELECT id FROM complaints_complaint
     WHERE status IN ('closed', 'rejected', 'merged') AND COALESCE(closed_at, updated_at) < %(cutoff)s
       AND contact_name <> %(name)s
     ORDER BY id LIMIT %(batch)s FOR UPDATE SKIP LOCKED
)
UPDATE complaints_complaint c
   SET contact_name = %(name)s, description = '', satisfaction_comment = '', customer_id = NULL,
       responsible_staff = ''
  FROM batch WHERE c.id = batch.id
RETURNING c.id
"""

ANONYMISE_CONTACTS_SQL = """
UPDATE complaints_contact SET contact_name = %(name)s, customer_id = NULL, text = '', answer = ''
 WHERE at < %(cutoff)s AND contact_name <> %(name)s
"""

# Customers with nothing left inside the retention: their name and phone are replaced.
ANONYMISE_CUSTOMERS_SQL = """
UPDATE customers_customer cu
   SET name = %(name)s, phone = '0' || lpad(to_hex(cu.id), 10, '0'), email = ''
 WHERE cu.name <> %(name)s
   AND NOT EXISTS (SELECT 1 FROM complaints_complaint c WHERE c.customer_id = cu.id)
   AND NOT EXISTS (SELECT 1 FROM customers_shipment s
                    WHERE (s.sender_id = cu.id OR s.recipient_id = cu.id) AND s.updated_at >= %(cutoff)s)
   AND NOT EXISTS (SELECT 1 FROM complaints_contact k WHERE k.customer_id = cu.id AND k.at >= %(cutoff)s)
   AND cu.created_at < %(cutoff)s
"""


def retention_anonymise(*, now: dt.datetime | None = None, batch: int = 5000) -> dict:
    """Anonymises personal data kept longer than RETENTION_YEARS after closure, in committed batches
    (a killed run loses at most one batch of work; the next run carries on)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=round(365.25 * settings.RETENTION_YEARS))
    with job_run("retention", cutoff.date().isoformat()) as counts:
        counts["complaints"] = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    ANONYMISE_COMPLAINTS_SQL, {"cutoff": cutoff, "name": ANONYMISED_NAME, "batch": batch}
                )
                done = cursor.rowcount
            counts["complaints"] += done
            if done < batch:
                break
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(ANONYMISE_CONTACTS_SQL, {"cutoff": cutoff, "name": ANONYMISED_NAME})
            counts["contacts"] = cursor.rowcount
            cursor.execute(ANONYMISE_CUSTOMERS_SQL, {"cutoff": cutoff, "name": ANONYMISED_NAME})
            counts["customers"] = cursor.rowcount
    return counts


def calendar_check(*, today: dt.date | None = None) -> list[int]:
    """In December, tells the managers when next year's official calendar is missing (once a day)."""
    today = today or timezone.now().astimezone(SHANGHAI).date()
    with job_run("calendar_check", today.isoformat()) as counts, transaction.atomic():
        missing = WorkingCalendar.load().missing_years([today.year + 1]) if today.month == 12 else []
        counts["missing"] = missing
        for year in missing:
            for manager in _managers():
                notification_enqueue(
                    template="calendar_missing",
                    params={"year": year},
                    audience=Notification.Audience.STAFF,
                    channel=Notification.Channel.INTERNAL,
                    recipient=manager.username,
                    recipient_user=manager,
                )
    return missing
