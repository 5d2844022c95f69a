"""The nightly jobs: scheduled by stable names, recorded, idempotent."""

import datetime as dt

import pytest
from django_q.models import Schedule

from analytics.models import DailySnapshot, JobRun
from analytics.services import calendar_check, daily_snapshot_take, retention_anonymise
from complaints.models import Complaint
from complaints.workdays import SHANGHAI
from customers.models import Customer
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory


@pytest.mark.django_db
def test_the_nightly_jobs_are_scheduled_in_shanghai_time():
    crons = dict(Schedule.objects.filter(name__startswith="analytics.").values_list("name", "cron"))
    assert crons == {
        "analytics.nightly_snapshot": "0 1 * * *",
        "analytics.monthly_report": "0 2 1 * *",
        "analytics.retention": "30 3 * * *",
        "analytics.calendar_check": "0 9 * 12 *",
    }


@pytest.mark.django_db
def test_the_snapshot_counts_open_and_overdue_and_a_rerun_replaces_it():
    at = dt.datetime(2026, 11, 10, 1, 0, tzinfo=SHANGHAI)
    ComplaintFactory(status="investigating", received_at=at - dt.timedelta(days=10))  # overdue
    ComplaintFactory(status="investigating", received_at=at - dt.timedelta(hours=5))  # received yesterday
    ComplaintFactory(status="closed", received_at=at - dt.timedelta(days=3))
    daily_snapshot_take(at=at)
    daily_snapshot_take(at=at)
    rows = DailySnapshot.objects.filter(day=dt.date(2026, 11, 9))
    assert sum(r.open_count for r in rows) == 2
    assert sum(r.overdue_count for r in rows) == 1
    assert sum(r.received_count for r in rows) == 1
    assert JobRun.objects.filter(name="daily_snapshot", status="succeeded").count() == 2


@pytest.mark.django_db
def test_retention_anonymises_old_closed_complaints_in_batches_and_keeps_the_figures():
    now = dt.datetime(2030, 1, 1, tzinfo=SHANGHAI)
    old = [
        ComplaintFactory(
            status="closed",
            received_at=now - dt.timedelta(days=1500),
            closed_at=now - dt.timedelta(days=1400),
            satisfaction=4,
        )
        for _ in range(3)
    ]
    recent = ComplaintFactory(
        status="closed", received_at=now - dt.timedelta(days=300), closed_at=now - dt.timedelta(days=200)
    )
    Customer.objects.filter(pk__in=[c.customer_id for c in old]).update(
        created_at=now - dt.timedelta(days=1600)
    )

    counts = retention_anonymise(now=now, batch=2)
    assert counts["complaints"] == 3
    for complaint in Complaint.objects.filter(pk__in=[c.pk for c in old]):
        assert (
            complaint.contact_name == "已匿名"
            and complaint.customer_id is None
            and complaint.description == ""
        )
        assert complaint.satisfaction == 4 and complaint.category_id  # statistics remain
    assert Complaint.objects.get(pk=recent.pk).contact_name == recent.contact_name
    anonymised = Customer.objects.filter(pk__in=[c.customer_id for c in old])
    assert {c.name for c in anonymised} == {"已匿名"} and all(len(c.phone) == 11 for c in anonymised)
    assert retention_anonymise(now=now, batch=2)["complaints"] == 0  # nothing left: the rerun is a no-op


@pytest.mark.django_db
def test_the_december_check_warns_managers_when_next_year_is_missing(manager):
    assert calendar_check(today=dt.date(2026, 6, 1)) == []
    missing = calendar_check(today=dt.date(2099, 12, 1))
    assert missing == [2100]
    notice = Notification.objects.get(template="calendar_missing", recipient_user=manager)
    assert "2100" in notice.body
    assert JobRun.objects.filter(name="calendar_check").count() == 2


@pytest.mark.django_db
def test_a_run_killed_without_trace_is_marked_when_the_next_one_starts():
    from django.utils import timezone

    stale = JobRun.objects.create(
        name="daily_snapshot", key="x", started_at=timezone.now() - dt.timedelta(hours=5)
    )
    daily_snapshot_take(at=timezone.now())
    stale.refresh_from_db()
    assert stale.status == "failed" and "interrupted" in stale.error
    assert JobRun.objects.filter(name="daily_snapshot", status="succeeded").count() == 1
