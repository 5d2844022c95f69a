"""The SLA sweep escalates as a person does: the same event and the same notices as `complaint_escalate`
(one builder for both), with dates written the same way."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from complaints.models import ComplaintEvent
from complaints.services import complaint_escalate
from complaints.services.sweep import sla_sweep
from complaints.workdays import SHANGHAI
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
WORDING = "投诉%(number)s升至%(tier)s：%(reason)s。答复期限%(resolve_due)s，法定期限%(statutory_due)s"


def event_of(complaint):
    event = ComplaintEvent.objects.get(complaint=complaint, name="escalate")
    return {
        "kind": event.kind,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "data": event.data,
    }


def notices_of(complaint):
    return sorted(
        (n.template, n.audience, n.channel, n.recipient, n.recipient_user_id, n.subject, n.body)
        for n in Notification.objects.filter(complaint=complaint, template="escalated")
    )


@pytest.mark.django_db
def test_an_automatic_and_a_manual_escalation_write_the_same_event_and_notices(
    client, manager, agent, supervisor
):
    client.force_login(manager)
    response = client.post(
        "/admin/notifications/noticetemplate/add/",
        {"key": "escalated", "subject": "投诉升级", "body": WORDING},
    )
    assert response.status_code == 302
    dates = {
        "status": "investigating",
        "owner": agent,
        "received_at": T0,
        "resolve_due": T0 + dt.timedelta(days=3, hours=8, minutes=30),
        "statutory_due": T0 + dt.timedelta(days=7),
    }
    # Equivalent complaints (same number length, owner, queue, state, tier and dates); the second one's
    # breach counts as handled so that the sweep leaves it to the person.
    automatic = ComplaintFactory(number="TS0000000001", **dates)
    manual = ComplaintFactory(number="TS0000000002", breached_due=dates["resolve_due"], **dates)
    now = T0 + dt.timedelta(days=4)

    assert sla_sweep(now=now).escalated == 1
    swept = event_of(automatic)
    with time_machine.travel(now, tick=False), translation.override("en"):  # an English-speaking agent
        complaint_escalate(complaint=manual, actor=agent, reason=swept["note"])

    by_hand = event_of(manual)
    assert swept["note"] == "超过答复时限"
    assert {**swept, "data": {}} == {**by_hand, "data": {}}
    assert (swept["kind"], swept["from_state"], swept["to_state"]) == (
        "transition",
        "frontline",
        "supervisor",
    )
    # The sweep's event says, on top, that it was automatic and which deadline was missed.
    assert swept["data"] == {**by_hand["data"], "automatic": True, "deadline": "resolve_due"}
    assert by_hand["data"] == {"field": "tier"}

    automatic_notices = notices_of(automatic)
    assert len(automatic_notices) == 2  # the supervisor queue and the owner
    assert [n[:6] for n in automatic_notices] == [n[:6] for n in notices_of(manual)]
    bodies = {n[6].replace(c.number, "#") for c in (automatic, manual) for n in notices_of(c)}
    assert bodies == {"投诉#升至主管（L2）：超过答复时限。答复期限2026-11-26 17:30，法定期限2026-11-30 09:00"}
