"""The SLA sweep writes in SQL, for many complaints at once, what the services write for one: the same
notices (recipients, channel, wording filled in) and events, in a constant number of queries."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from complaints.models import Category, ComplaintEvent
from complaints.services.notices import complaint_values, escalation_notices, notice_params, staff_notices
from complaints.services.routing import agent_load_drift, queue_members
from complaints.services.sweep import sla_sweep
from complaints.workdays import SHANGHAI
from notifications.models import NoticeTemplate, Notification
from notifications.wording import render
from org.roles import Role
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory
from tests.org.factories import DepartmentFactory, StaffProfileFactory, UserFactory

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
NOW = T0 + dt.timedelta(days=4, minutes=7)


def staff(role, department, **kwargs):
    user = UserFactory(roles=[role], **kwargs)
    StaffProfileFactory(user=user, department=department)
    return user


def due_of_every_kind(n: int, *, owner, handler, other_team) -> list:
    """n complaints for each thing the sweep does (and some it must leave alone)."""
    made = []
    delay = Category.objects.get(code="delay.transit")
    for i in range(n):
        base = {"owner": owner, "received_at": T0, "statutory_due": T0 + dt.timedelta(days=7)}
        made += [
            # answer-by date missed: frontline → supervisor, in a team with supervisors
            ComplaintFactory(status="investigating", resolve_due=T0 + dt.timedelta(days=3, hours=i), **base),
            # the same in a team without supervisors (everyone with the role is told), with a handler
            ComplaintFactory(
                status="proposed",
                assignee=handler,
                queue_department=other_team,
                resolve_due=T0 + dt.timedelta(days=2),
                **base,
            ),
            # statutory date missed at the top tier: recorded, the expert queue told again
            ComplaintFactory(
                status="investigating",
                tier="expert",
                owner=owner,
                received_at=T0 - dt.timedelta(days=8),
                resolve_due=T0 - dt.timedelta(days=4),
                statutory_due=T0 - dt.timedelta(days=1),
            ),
            # not acknowledged within 24 hours, no owner
            ComplaintFactory(status="received", received_at=T0 + dt.timedelta(days=2), acknowledged_at=None),
            # 80 % of the time used: warned (owner and handler)
            ComplaintFactory(
                status="investigating",
                assignee=handler,
                resolve_due=T0 + dt.timedelta(days=4, hours=12),
                **base,
            ),
            # waiting for the customer, 80 % of the statutory time used
            ComplaintFactory(
                status="awaiting_customer",
                sla_paused_at=T0 + dt.timedelta(hours=2),
                resolve_due=T0 + dt.timedelta(days=4, hours=10),
                owner=owner,
                received_at=T0 - dt.timedelta(days=1),
                statutory_due=T0 + dt.timedelta(days=4, hours=12),
            ),
            # callback overdue
            ComplaintFactory(
                resolved=True, owner=owner, assignee=handler, callback_due=T0 + dt.timedelta(days=3)
            ),
            # a delay whose parcel is deemed lost (other city: 7 days after the promised delivery)
            ComplaintFactory(
                status="investigating",
                category=delay,
                shipment=ShipmentFactory(promised_at=T0 - dt.timedelta(days=5), freight=Decimal("12")),
                owner=owner,
                received_at=T0,
                resolve_due=T0 + dt.timedelta(days=30),
                statutory_due=T0 + dt.timedelta(days=30),
            ),
            # nothing due
            ComplaintFactory(
                status="investigating",
                owner=owner,
                received_at=T0,
                resolve_due=T0 + dt.timedelta(days=10),
                statutory_due=T0 + dt.timedelta(days=15),
            ),
        ]
    return made


@pytest.fixture
def desk(db, agent, supervisor):
    team = DepartmentFactory(code="CS-T", kind="customer_service")
    other_team = DepartmentFactory(code="CS-O", kind="customer_service")
    handler = staff(Role.AGENT, other_team, username="handler-t", email="")
    staff(Role.SUPERVISOR, team, username="supervisor-2", email="sv2@example.com")
    staff(Role.EXPERT, other_team, username="expert-t", email="ex@example.com")
    return {"owner": agent, "handler": handler, "other_team": other_team, "team": team}


def captured_sweep(now):
    with CaptureQueriesContext(connection) as captured:
        counts = sla_sweep(now=now)
    return counts, len(captured.captured_queries)


@pytest.mark.django_db
def test_the_sweep_makes_the_same_number_of_queries_for_one_complaint_due_or_many(desk):
    due_of_every_kind(1, **{k: desk[k] for k in ("owner", "handler", "other_team")})
    few, few_queries = captured_sweep(NOW)
    due_of_every_kind(6, **{k: desk[k] for k in ("owner", "handler", "other_team")})
    many, many_queries = captured_sweep(NOW + dt.timedelta(minutes=1))

    assert (few.escalated, few.warned, few.callback_reminders, few.deemed_lost) == (4, 2, 1, 1)
    assert (many.escalated, many.warned, many.callback_reminders, many.deemed_lost) == (24, 12, 6, 6)
    # savepoint, the queue members, six wordings, five statements, release
    assert few_queries == many_queries == 14
    assert sla_sweep(now=NOW + dt.timedelta(minutes=1)) == type(few)()  # nothing left to do
    assert agent_load_drift() == {}


def expected_notices(complaint, template: str) -> set:
    """The notices the services' builders (Python) write for the sweep's step on `complaint`."""
    values = complaint_values(complaint)
    if template == "escalated":
        event = ComplaintEvent.objects.get(complaint=complaint, name__in=["escalate", "deadline_missed"])
        rows = escalation_notices(
            values=values,
            tier=complaint.tier,
            reason=event.note,
            members=queue_members(department=complaint.queue_department, tier=complaint.tier),
            owner=complaint.owner,
        )
    else:
        extra = {}
        if template == "deemed_lost":
            note = ComplaintEvent.objects.get(complaint=complaint, name="deemed_lost").note
            extra["date"] = re.search(r"\d{4}-\d{2}-\d{2}", note).group()
        users = [complaint.owner, complaint.assignee]
        rows = staff_notices(
            complaint_id=complaint.pk, template=template, users=users, params=notice_params(values, **extra)
        )
    return {
        (row["template"], row["audience"], row["channel"], row["recipient"], row["recipient_user_id"])
        + render(row["template"], row["params"])
        for row in rows
    }


@pytest.mark.django_db
def test_every_notice_the_sweep_writes_is_the_one_the_services_builders_write(desk):
    # A manager's wording with every placeholder and a literal percent sign.
    NoticeTemplate.objects.create(
        key="deadline_warning",
        subject="预警 %(number)s",
        body="投诉%(number)s已用100%%时限的八成：答复%(resolve_due)s，回访%(callback_due)s，法定%(statutory_due)s。",
    )
    made = due_of_every_kind(2, **{k: desk[k] for k in ("owner", "handler", "other_team")})
    with translation.override("en"):  # the job's language: notes in English, notices in Chinese
        sla_sweep(now=NOW)

    written = Notification.objects.exclude(complaint=None)
    assert written.count() > 20
    for complaint in made:
        complaint.refresh_from_db()
        for template in set(written.filter(complaint=complaint).values_list("template", flat=True)):
            got = {
                (n.template, n.audience, n.channel, n.recipient, n.recipient_user_id, n.subject, n.body)
                for n in written.filter(complaint=complaint, template=template)
            }
            assert got == expected_notices(complaint, template), (complaint.status, template)
    assert written.filter(template="deadline_warning").first().body.count("100%") == 1
    # The team without supervisors: every supervisor is told; the expert tier: every expert.
    other = made[1]
    told = {n.recipient_user.username for n in written.filter(complaint=other)}
    assert told >= {"supervisor-t", "supervisor-2"}
    # A handler without an e-mail address gets an internal message under the user name.
    assert written.filter(recipient_user=desk["handler"], channel="internal", recipient="handler-t").exists()


@pytest.mark.django_db
def test_the_sweeps_events_are_those_of_the_services_rules(desk):
    made = due_of_every_kind(1, **{k: desk[k] for k in ("owner", "handler", "other_team")})
    with translation.override("en"):
        sla_sweep(now=NOW)
    rows = {
        (e.complaint_id, e.name): (e.kind, e.from_state, e.to_state, e.note, e.data, e.actor_id, e.at)
        for e in ComplaintEvent.objects.filter(complaint__in=made)
    }
    escalated, team_less, top, unacknowledged, warned, paused, callback, lost, idle = made
    assert rows[(escalated.pk, "escalate")] == (
        "transition",
        "frontline",
        "supervisor",
        "Answer-by deadline missed",
        {"automatic": True, "deadline": "resolve_due", "field": "tier"},
        None,
        NOW,
    )
    assert rows[(top.pk, "deadline_missed")][:5] == (
        "action",
        "expert",
        "expert",
        "Statutory deadline missed",
        {"automatic": True, "deadline": "statutory_due", "field": "tier"},
    )
    assert rows[(unacknowledged.pk, "escalate")][3:5] == (
        "Acknowledgement deadline missed",
        {"automatic": True, "deadline": "acknowledge_due", "field": "tier"},
    )
    assert rows[(warned.pk, "deadline_warning")][:5] == (
        "action",
        "",
        "",
        "80% of the time to the answer-by date is used.",
        {},
    )
    assert rows[(paused.pk, "deadline_warning")][3].startswith("80% of the time to the statutory date")
    assert rows[(callback.pk, "callback_overdue")][3] == "The callback is overdue."
    assert rows[(lost.pk, "deemed_lost")][3] == (
        "The parcel is deemed lost since 2026-11-25; handle it as a loss."
    )
    assert not [key for key in rows if key[0] == idle.pk]


PENDING_INDEXES = {
    "complaint_ack_pending_idx": ("acknowledge_due", "ACK_PENDING"),
    "complaint_answer_pending_idx": ("resolve_due", "RUNNING_ANSWER_PENDING"),
    "complaint_paused_answer_pending_idx": ("resolve_due", "PAUSED_ANSWER_PENDING"),
    "complaint_statutory_pending_idx": ("statutory_due", "STATUTORY_PENDING"),
    "complaint_warn_pending_idx": ("WARN resolve_due", "RUNNING_WARN_PENDING"),
    "complaint_paused_warn_pending_idx": ("WARN statutory_due", "PAUSED_WARN_PENDING"),
    "complaint_callback_pending_idx": ("callback_due", "CALLBACK_PENDING"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PENDING_INDEXES)
def test_each_partial_index_of_work_still_to_do_is_the_sweeps_own_condition(name):
    """The migrations repeat the sweep's conditions (complaints/services/sweep_due.py); if one drifted,
    PostgreSQL could no longer use the index and a sweep with nothing to do would read every complaint."""
    from complaints.services import sweep_due

    key, condition = PENDING_INDEXES[name]
    if key.startswith("WARN "):
        key = sweep_due.warn_at(key.removeprefix("WARN "))
    with connection.cursor() as cursor:
        predicate = getattr(sweep_due, condition)
        cursor.execute(f"CREATE INDEX sweep_probe_idx ON complaints_complaint (({key})) WHERE {predicate}")
        cursor.execute(
            """SELECT i.relname, pg_get_expr(x.indpred, x.indrelid), pg_get_indexdef(x.indexrelid, 1, true)
                 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                WHERE i.relname IN (%s, 'sweep_probe_idx')""",
            [name],
        )
        found = {relname: (predicate, column) for relname, predicate, column in cursor.fetchall()}
    assert found[name] == found["sweep_probe_idx"]
