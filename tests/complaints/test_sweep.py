"""The SLA sweep: warnings, escalation once per breach, reminders, deemed-lost prompts, its schedule."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_q.models import Schedule

from complaints.models import Category, ComplaintEvent
from complaints.services import complaint_extend
from complaints.services.sweep import sla_sweep
from complaints.workdays import SHANGHAI
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory
from tests.org.factories import DepartmentFactory

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


def open_complaint(**kwargs):
    defaults = {
        "status": "investigating",
        "received_at": T0,
        "resolve_due": T0 + dt.timedelta(days=3),
        "statutory_due": T0 + dt.timedelta(days=7),
    }
    return ComplaintFactory(**{**defaults, **kwargs})


@pytest.mark.django_db
def test_a_missed_deadline_escalates_once_and_a_second_run_does_nothing(agent, supervisor):
    late = open_complaint(owner=agent)
    on_time = open_complaint(resolve_due=T0 + dt.timedelta(days=10), statutory_due=T0 + dt.timedelta(days=15))
    now = T0 + dt.timedelta(days=4)

    first = sla_sweep(now=now)
    second = sla_sweep(now=now)

    late.refresh_from_db()
    on_time.refresh_from_db()
    assert first.escalated == 1 and second.escalated == 0
    assert late.tier == "supervisor" and on_time.tier == "frontline"
    event = ComplaintEvent.objects.get(complaint=late, name="escalate")
    assert (event.actor, event.from_state, event.to_state) == (None, "frontline", "supervisor")
    assert set(
        Notification.objects.filter(complaint=late, template="escalated").values_list(
            "recipient_user__username", flat=True
        )
    ) == {"agent-t", "supervisor-t"}


@pytest.mark.django_db
def test_a_new_deadline_after_an_extension_is_escalated_again_when_missed(supervisor):
    complaint = open_complaint(owner=supervisor, resolve_due=T0 + dt.timedelta(days=1))
    sla_sweep(now=T0 + dt.timedelta(days=2))
    with time_machine.travel(T0 + dt.timedelta(days=2, hours=1), tick=False):
        complaint_extend(complaint=complaint, actor=supervisor, working_days=2, reason="调取监控")
    complaint.refresh_from_db()
    assert sla_sweep(now=complaint.resolve_due - dt.timedelta(hours=1)).escalated == 0
    assert sla_sweep(now=complaint.resolve_due + dt.timedelta(hours=1)).escalated == 1
    complaint.refresh_from_db()
    assert complaint.tier == "expert"


@pytest.mark.django_db
def test_paused_and_finished_complaints_are_left_alone():
    open_complaint(status="awaiting_customer", sla_paused_at=T0 + dt.timedelta(hours=1))
    open_complaint(status="closed")
    assert sla_sweep(now=T0 + dt.timedelta(days=5)).escalated == 0


@pytest.mark.django_db
def test_warning_at_eighty_percent_of_the_time_once(agent):
    complaint = open_complaint(owner=agent, resolve_due=T0 + dt.timedelta(hours=100))
    assert sla_sweep(now=T0 + dt.timedelta(hours=79)).warned == 0
    assert sla_sweep(now=T0 + dt.timedelta(hours=81)).warned == 1
    assert sla_sweep(now=T0 + dt.timedelta(hours=82)).warned == 0
    assert Notification.objects.get(complaint=complaint, template="deadline_warning").recipient_user == agent


@pytest.mark.django_db
def test_an_unacknowledged_complaint_escalates_on_its_24_hour_deadline():
    complaint = open_complaint(status="received", acknowledge_due=T0 + dt.timedelta(hours=24))
    counts = [
        sla_sweep(now=T0 + dt.timedelta(hours=25)).escalated,
        sla_sweep(now=T0 + dt.timedelta(days=5)).escalated,
    ]
    complaint.refresh_from_db()
    assert counts == [1, 0]
    assert complaint.tier == "supervisor"


@pytest.mark.django_db
def test_overdue_callback_reminds_the_owner_once(agent):
    ComplaintFactory(resolved=True, owner=agent, callback_due=T0)
    assert sla_sweep(now=T0 + dt.timedelta(hours=1)).callback_reminders == 1
    assert sla_sweep(now=T0 + dt.timedelta(hours=2)).callback_reminders == 0


@pytest.mark.django_db
def test_delay_complaint_is_prompted_as_lost_after_the_products_days(agent):
    shanghai_a = DepartmentFactory(code="SH-A", city="上海市")
    shanghai_b = DepartmentFactory(code="SH-B", city="上海市")
    shipment = ShipmentFactory(
        origin_outlet=shanghai_a, destination_outlet=shanghai_b, promised_at=T0, freight=Decimal("10")
    )
    delay = Category.objects.get(code="delay.transit")
    complaint = open_complaint(
        owner=agent,
        category=delay,
        shipment=shipment,
        resolve_due=T0 + dt.timedelta(days=30),
        statutory_due=T0 + dt.timedelta(days=30),
    )
    assert sla_sweep(now=T0 + dt.timedelta(days=2)).deemed_lost == 0  # same city: 3 days
    assert sla_sweep(now=T0 + dt.timedelta(days=3, hours=1)).deemed_lost == 1
    assert sla_sweep(now=T0 + dt.timedelta(days=4)).deemed_lost == 0
    assert ComplaintEvent.objects.filter(complaint=complaint, name="deemed_lost").count() == 1


@pytest.mark.django_db
def test_sla_sweep_command_prints_counts_and_takes_a_time():
    open_complaint()
    out = StringIO()
    call_command("sla_sweep", "--now", "2026-12-01T09:00:00+08:00", stdout=out)
    call_command("sla_sweep", "--now", "2026-12-01T09:00:00+08:00", stdout=out)
    first, second = out.getvalue().strip().splitlines()
    assert "1" in first and "升级 1" in first
    assert "升级 0" in second


@pytest.mark.django_db
def test_the_sweep_runs_every_fifteen_minutes_and_every_schedule_func_imports():
    sweep = Schedule.objects.get(name="complaints.sla_sweep")
    assert (sweep.cron, sweep.schedule_type, sweep.func) == (
        "*/15 * * * *",
        "C",
        "complaints.tasks.sla_sweep",
    )
    for func in Schedule.objects.values_list("func", flat=True):
        assert callable(import_string(func))
