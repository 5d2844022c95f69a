"""The outbox delivers each notice exactly once, retrying a failing provider with backoff."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.models import ComplaintEvent
from notifications.models import Notification
from notifications.services import MAX_ATTEMPTS, notification_deliver, notification_enqueue
from tests.complaints.factories import ComplaintFactory


class FlakyProvider:
    """A provider that refuses the first `failures` messages (the outside world, faked)."""

    failures = 0
    sent: list = []

    def send(self, notification):
        if FlakyProvider.failures > 0:
            FlakyProvider.failures -= 1
            raise ConnectionError("gateway timeout")
        FlakyProvider.sent.append(notification.pk)


@pytest.fixture
def flaky(settings):
    settings.NOTIFICATION_BACKEND = "tests.notifications.test_outbox.FlakyProvider"
    FlakyProvider.sent = []
    FlakyProvider.failures = 0
    return FlakyProvider


def enqueue(complaint=None):
    return notification_enqueue(
        template="accepted",
        params={"number": "TS1", "resolve_due": "2026-11-25 23:59"},
        audience="customer",
        channel="sms",
        recipient="13812345678",
        complaint=complaint,
    )


@pytest.mark.django_db
def test_a_failing_provider_is_retried_with_backoff_and_the_notice_is_delivered_exactly_once(flaky):
    complaint = ComplaintFactory()
    notification = enqueue(complaint)
    flaky.failures = 3
    now = timezone.now()
    outcomes, waits = [], []
    for _ in range(10):
        outcomes.append(notification_deliver(notification_id=notification.pk, now=now))
        notification.refresh_from_db()
        waits.append(notification.next_attempt_at - now)
        now = notification.next_attempt_at + dt.timedelta(seconds=1)

    assert outcomes[:4] == ["retrying", "retrying", "retrying", "sent"]
    assert set(outcomes[4:]) == {"skipped"}
    assert flaky.sent == [notification.pk]
    assert waits[:3] == [dt.timedelta(minutes=1), dt.timedelta(minutes=2), dt.timedelta(minutes=4)]
    assert notification.status == "sent" and notification.attempts == 4
    event = ComplaintEvent.objects.get(complaint=complaint, kind="notification")
    assert event.data["status"] == "sent" and "TS1" in event.note


@pytest.mark.django_db
def test_a_notice_is_not_retried_before_its_time(flaky):
    notification = enqueue()
    flaky.failures = 1
    now = timezone.now()
    assert notification_deliver(notification_id=notification.pk, now=now) == "retrying"
    assert (
        notification_deliver(notification_id=notification.pk, now=now + dt.timedelta(seconds=30)) == "skipped"
    )


@pytest.mark.django_db
def test_after_the_last_attempt_the_notice_is_marked_failed_and_kept(flaky):
    complaint = ComplaintFactory()
    notification = enqueue(complaint)
    flaky.failures = 100
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        notification_deliver(notification_id=notification.pk, now=now)
        now += dt.timedelta(days=1)
    notification.refresh_from_db()
    assert notification.status == "failed"
    assert "gateway timeout" in notification.last_error
    assert ComplaintEvent.objects.get(complaint=complaint, kind="notification").data["status"] == "failed"


@pytest.mark.django_db
def test_the_notice_is_written_in_the_same_transaction_and_queued_after_commit(
    flaky, agent, django_capture_on_commit_callbacks
):
    from complaints.services import complaint_intake

    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_intake(
            actor=agent,
            channel="phone",
            customer_name="张三",
            customer_phone="13812345678",
            description="延误",
            category_code="delay",
        ).complaint
    notification = Notification.objects.get(complaint=complaint, template="accepted")
    assert notification.status == "sent"  # the queue (synchronous in tests) delivered it after commit
    assert "已受理" in notification.body and complaint.number in notification.body


@pytest.fixture
def database_queue(settings, monkeypatch):
    """django-q as in production: tasks are rows of the ORM broker on the default database, run later by
    the cluster (tests otherwise run them synchronously)."""
    from django_q.conf import Conf

    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    monkeypatch.setattr(Conf, "SYNC", False)


def queued_deliveries() -> list:
    from django_q.models import OrmQ

    return [package.func() for package in OrmQ.objects.all()]


@pytest.mark.django_db
def test_with_the_database_as_the_queue_the_delivery_is_queued_in_the_notices_own_transaction(
    database_queue, agent, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from complaints.services import complaint_intake

    def intake(phone: str):
        return complaint_intake(
            actor=agent,
            channel="phone",
            customer_name="张三",
            customer_phone=phone,
            description="延误",
            category_code="delay",
        ).complaint

    with django_capture_on_commit_callbacks() as after_commit:
        complaint = intake("13812345678")
    assert after_commit == []  # nothing waits for the commit: the task's row commits with the notices
    notices = list(Notification.objects.filter(complaint=complaint).values_list("pk", flat=True))
    assert queued_deliveries() == ["notifications.tasks.deliver_notification"] and len(notices) == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        intake("13812345679")
        raise RuntimeError("rolled back")
    assert len(queued_deliveries()) == 1  # the task went with the notices it was for


@pytest.mark.django_db
def test_deliver_notifications_command_prints_counts(flaky):
    enqueue()
    enqueue()
    flaky.failures = 1
    out = StringIO()
    call_command("deliver_notifications", stdout=out)
    assert out.getvalue().strip() == "已发送 1，待重试 1，失败 0，跳过 0"
