"""/healthz, /readyz and /metrics as an operator (and an outsider) reaches them."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_q.tasks import async_task

from notifications.services import notification_enqueue
from tests.complaints.factories import ComplaintFactory

TOKEN = "metrics-token-for-tests-0123456789"


def run_schedule(name: str, func: str) -> None:
    """What the cluster does for a due schedule (tasks named after it by group); sync in tests."""
    async_task(func, q_options={"group": name})


def pending_notice():
    return notification_enqueue(
        template="accepted",
        params={"number": "TS1", "resolve_due": "2026-11-25 23:59"},
        audience="customer",
        channel="sms",
        recipient="13812345678",
    )


@pytest.mark.django_db
def test_readyz_names_the_worker_until_a_scheduled_task_has_run(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker: no scheduled task has finished yet"]

    run_schedule("notifications.deliver_due", "notifications.tasks.deliver_due")
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_fails_when_the_last_task_is_older_than_the_allowed_age(client, settings):
    run_schedule("notifications.deliver_due", "notifications.tasks.deliver_due")
    settings.READY_WORKER_MAX_AGE = -1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"][0].startswith("worker: last task finished")


@pytest.mark.django_db
def test_readyz_fails_when_the_outbox_backlog_is_over_the_threshold(
    client, settings, django_capture_on_commit_callbacks
):
    run_schedule("complaints.sla_sweep", "complaints.tasks.sla_sweep")
    settings.READY_OUTBOX_MAX = 1
    pending_notice()  # not delivered: the on-commit delivery is captured and never run
    pending_notice()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["outbox: 2 notices due (more than 1)"]


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_does_not_answer(client, settings):
    run_schedule("notifications.deliver_due", "notifications.tasks.deliver_due")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache: ConnectionError"]


@pytest.mark.django_db
def test_metrics_is_not_public(client, settings):
    assert client.get("/metrics").status_code == 404  # no token configured: off
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def gauge(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.MULTILINE)
    assert match, f"{name}{labels} not in the exposition"
    return float(match.group(1))


@pytest.mark.django_db
def test_metrics_show_business_gauges_and_requests(client, settings, django_assert_max_num_queries):
    settings.METRICS_TOKEN = TOKEN
    run_schedule("complaints.sla_sweep", "complaints.tasks.sla_sweep")
    now = timezone.now()
    ComplaintFactory(tier="frontline")
    ComplaintFactory(tier="supervisor", resolve_due=now - dt.timedelta(hours=1))
    ComplaintFactory(
        tier="expert",
        received_at=now - dt.timedelta(days=9),
        resolve_due=now - dt.timedelta(days=2),
        statutory_due=now - dt.timedelta(days=1),
    )
    ComplaintFactory(resolved=True)  # not open
    client.get("/healthz")

    with django_assert_max_num_queries(8):
        text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    assert gauge(text, "desk_open_complaints", '{tier="frontline"}') == 1
    assert gauge(text, "desk_open_complaints", '{tier="supervisor"}') == 1
    assert gauge(text, "desk_open_complaints", '{tier="expert"}') == 1
    assert gauge(text, "desk_overdue_complaints") == 2
    assert gauge(text, "desk_statutory_overdue_complaints") == 1
    sweep = gauge(text, "desk_schedule_last_success_timestamp_seconds", '{schedule="complaints.sla_sweep"}')
    assert abs(sweep - now.timestamp()) < 60
    assert (
        gauge(text, "desk_schedule_last_success_timestamp_seconds", '{schedule="analytics.monthly_report"}')
        == 0
    )
    assert gauge(text, "desk_http_requests_total", '{method="GET",route="healthz",status="200"}') >= 1


@pytest.mark.django_db
def test_metrics_show_the_outbox_backlog_and_its_oldest_notice(
    client, settings, django_capture_on_commit_callbacks
):
    settings.METRICS_TOKEN = TOKEN
    notice = pending_notice()
    type(notice).objects.filter(pk=notice.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert gauge(text, "desk_outbox_backlog") == 1
    assert 590 < gauge(text, "desk_outbox_oldest_age_seconds") < 700
