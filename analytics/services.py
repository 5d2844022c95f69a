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
from analytics.shipment_days import shipment_days_recount
from complaints.models.history import REDACTED_NOTE
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


# Shipments reported this many days late still reach the count of their day (the feed's delay).
SHIPMENT_RECOUNT_DAYS = 7


def daily_snapshot_take(day: dt.date | None = None, *, at: dt.datetime | None = None) -> int:
    """Open complaints per department, tier and status as of now, stored for `day` (yesterday by
    default); a rerun for the same day replaces it. The shipments per outlet of `day` and the days
    before it are counted again for the monthly report."""
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
        counts["shipment_days"] = shipment_days_recount(
            day - dt.timedelta(days=SHIPMENT_RECOUNT_DAYS - 1), day, now=at
        )
    return counts["rows"]


ANONYMISED_NAME = "已匿名"

# Personal data of complaints closed longer ago than the retention: the complaint keeps its figures
# (category, states, times, root cause, amounts) and loses every text that may quote the customer.
ANONYMISE_COMPLAINTS_SQL = """
WITH batch AS (
    SELECT id FROM complaints_complaint
     WHERE status IN ('closed', 'rejected', 'merged') AND COALESCE(closed_at, updated_at) < %(cutoff)s
       AND contact_name <> %(name)s
     ORDER BY id LIMIT %(batch)s FOR UPDATE SKIP LOCKED
)
UPDATE complaints_complaint c
   SET contact_name = %(name)s, description = '', satisfaction_comment = '', customer_id = NULL,
       responsible_staff = '', solution = '', finding_cause = '', resolution = ''
  FROM batch WHERE c.id = batch.id
RETURNING c.id
"""

# The history is append-only (a trigger); the one change it allows is this redaction of the note.
REDACT_EVENTS_SQL = """
UPDATE complaints_complaintevent SET note = %(redacted)s
 WHERE complaint_id = ANY(%(ids)s) AND note <> '' AND note <> %(redacted)s
"""
# The outbox keeps that a notice was sent (template, channel, status, times), not to whom (a customer's
# phone or e-mail; staff recipients are colleagues) nor what it said.
ANONYMISE_NOTIFICATIONS_SQL = """
UPDATE notifications_notification
   SET recipient = CASE WHEN audience = 'customer' THEN %(name)s ELSE recipient END,
       subject = '', body = '', last_error = ''
 WHERE complaint_id = ANY(%(ids)s) AND (body <> '' OR recipient <> %(name)s AND audience = 'customer')
"""
ANONYMISE_CLAIMS_SQL = """
UPDATE claims_claim SET decision_note = '' WHERE complaint_id = ANY(%(ids)s) AND decision_note <> ''
"""
ANONYMISE_CONTACTS_SQL = """
UPDATE complaints_contact SET contact_name = %(name)s, customer_id = NULL, text = '', answer = ''
 WHERE at < %(cutoff)s AND contact_name <> %(name)s
"""

# Customers with nothing left inside the retention: their name and phone are replaced, so are the names
# their waybills carry, and notices that were sent to that phone (without a complaint, or not yet
# anonymised) forget it.
ANONYMISE_CUSTOMERS_SQL = """
WITH gone AS (
    SELECT cu.id, cu.phone, cu.email FROM customers_customer cu
     WHERE cu.name <> %(name)s
       AND NOT EXISTS (SELECT 1 FROM complaints_complaint c WHERE c.customer_id = cu.id)
       AND NOT EXISTS (SELECT 1 FROM customers_shipment s
                        WHERE (s.sender_id = cu.id OR s.recipient_id = cu.id) AND s.updated_at >= %(cutoff)s)
       AND NOT EXISTS (SELECT 1 FROM complaints_contact k WHERE k.customer_id = cu.id AND k.at >= %(cutoff)s)
       AND cu.created_at < %(cutoff)s
     FOR UPDATE
), shipments AS (
    UPDATE customers_shipment s
       SET sender_name = CASE WHEN s.sender_id IN (SELECT id FROM gone) THEN %(name)s ELSE s.sender_name END,
           recipient_name = CASE WHEN s.recipient_id IN (SELECT id FROM gone) THEN %(name)s
                                 ELSE s.recipient_name END
     WHERE s.sender_id IN (SELECT id FROM gone) OR s.recipient_id IN (SELECT id FROM gone)
), notices AS (
    UPDATE notifications_notification n
       SET recipient = %(name)s, subject = '', body = '', last_error = ''
      FROM gone WHERE n.recipient IN (gone.phone, NULLIF(gone.email, ''))
)
UPDATE customers_customer cu
   SET name = %(name)s, phone = '0' || lpad(to_hex(cu.id), 10, '0'), email = ''
  FROM gone WHERE cu.id = gone.id
"""


def _anonymise_complaint_traces(cursor, ids: list[int]) -> list[str]:
    """Events, notices, claims and evidence of the anonymised complaints; the evidence files to remove."""
    params = {"ids": ids, "name": ANONYMISED_NAME, "redacted": REDACTED_NOTE}
    cursor.execute(REDACT_EVENTS_SQL, params)
    cursor.execute(ANONYMISE_NOTIFICATIONS_SQL, params)
    cursor.execute(ANONYMISE_CLAIMS_SQL, params)
    cursor.execute(
        "SELECT file FROM complaints_attachment WHERE complaint_id = ANY(%(ids)s) AND file <> ''", params
    )
    files = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "UPDATE complaints_attachment SET original_name = %(name)s, file = '' "
        "WHERE complaint_id = ANY(%(ids)s) AND file <> ''",
        params,
    )
    return files


def retention_anonymise(*, now: dt.datetime | None = None, batch: int = 5000) -> dict:
    """Anonymises personal data kept longer than RETENTION_YEARS after closure, in committed batches
    (a killed run loses at most one batch of work; the next run carries on).

    Afterwards nothing of such a customer remains: the complaint's texts, its history's notes (redacted
    as the append-only trigger allows), the outbox's recipients and texts, claim notes, evidence files
    and their names, consultations, and finally the customer's own name, phone and e-mail."""
    from complaints.models import Attachment

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=round(365.25 * settings.RETENTION_YEARS))
    storage = Attachment.file.field.storage
    with job_run("retention", cutoff.date().isoformat()) as counts:
        counts.update(complaints=0, files=0)
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    ANONYMISE_COMPLAINTS_SQL, {"cutoff": cutoff, "name": ANONYMISED_NAME, "batch": batch}
                )
                ids = [row[0] for row in cursor.fetchall()]
                files = _anonymise_complaint_traces(cursor, ids) if ids else []
                # Files go once the rows no longer name them (a failed batch keeps both).
                transaction.on_commit(lambda files=files: [storage.delete(name) for name in files])
            counts["complaints"] += len(ids)
            counts["files"] += len(files)
            if len(ids) < batch:
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
