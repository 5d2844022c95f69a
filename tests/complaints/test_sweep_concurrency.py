"""The SLA sweep beside other work on the same complaints, on real concurrent database connections: two
sweeps at once, and a sweep while a person holds a complaint in a transaction."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_escalate
from complaints.services.routing import agent_load_drift
from complaints.services.sweep import sla_sweep
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.complaints.test_concurrency import race

T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
NOW = T0 + dt.timedelta(days=4)


def late(n, **kwargs):
    return [
        ComplaintFactory(
            status="investigating",
            received_at=T0,
            resolve_due=T0 + dt.timedelta(days=3),
            statutory_due=T0 + dt.timedelta(days=7),
            **kwargs,
        )
        for _ in range(n)
    ]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalate_each_complaint_once(reference_data, agent, supervisor):
    complaints = late(30, owner=agent)

    counts = race([lambda: sla_sweep(now=NOW), lambda: sla_sweep(now=NOW)])

    assert sum(c.escalated for c in counts) == 30
    tiers = Complaint.objects.filter(pk__in=[c.pk for c in complaints]).values_list("tier", flat=True)
    assert set(tiers) == {"supervisor"}
    assert ComplaintEvent.objects.filter(name="escalate").count() == 30
    # The queue's supervisor and the owner, once each per complaint.
    assert Notification.objects.filter(template="escalated").count() == 60
    assert agent_load_drift() == {}


@pytest.mark.django_db(transaction=True)
def test_a_complaint_a_person_is_changing_is_left_to_the_next_sweep(reference_data, agent, supervisor):
    held, free = late(2, owner=agent)
    locked, release = threading.Event(), threading.Event()

    def person():
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=held.pk)
            locked.set()
            release.wait(timeout=30)
            complaint_escalate(complaint=complaint, actor=supervisor, reason="客户情绪激动")
        connection.close()

    thread = threading.Thread(target=person)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        first = sla_sweep(now=NOW)  # does not wait for the person
    finally:
        release.set()
        thread.join()
    assert first.escalated == 1
    free.refresh_from_db()
    held.refresh_from_db()
    assert (free.tier, held.tier, held.breached_due) == ("supervisor", "supervisor", None)

    # The next sweep records the breach the person's escalation left open: one more tier, once.
    assert sla_sweep(now=NOW + dt.timedelta(minutes=15)).escalated == 1
    assert sla_sweep(now=NOW + dt.timedelta(minutes=30)).escalated == 0
    held.refresh_from_db()
    assert held.tier == "expert"
    assert list(
        ComplaintEvent.objects.filter(complaint=held, name="escalate")
        .order_by("id")
        .values_list("name", "data")
    ) == [
        ("escalate", {"field": "tier"}),
        ("escalate", {"automatic": True, "deadline": "resolve_due", "field": "tier"}),
    ]
    assert agent_load_drift() == {}
