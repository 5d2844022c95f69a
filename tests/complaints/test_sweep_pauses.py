"""The sweep and `overdue` around pauses: a breach before a pause stays a breach, the answer-by clock
stands still while the complaint waits for the customer, and the statutory clock never stops."""

import datetime as dt

import pytest
import time_machine

from complaints.models import Complaint, ComplaintEvent, overdue_q
from complaints.services import (
    complaint_dispatch,
    complaint_intake,
    complaint_receive_info,
    complaint_request_info,
)
from complaints.services.sweep import sla_sweep
from complaints.workdays import SHANGHAI, end_of_day
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory


def shanghai(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def investigating(agent):
    """Received Monday 2026-11-16 09:00, complex: answer by Thursday 11-19, statutory Monday 11-23."""
    with time_machine.travel(shanghai(2026, 11, 16, 9), tick=False):
        complaint = complaint_intake(
            actor=agent,
            channel="phone",
            customer_name="李四",
            customer_phone="13900001111",
            description="快件延误五天",
            category_code="delay.transit",
        ).complaint
        complaint = complaint_dispatch(
            complaint=complaint, actor=agent, department=DepartmentFactory(code="SC-T")
        )
    assert complaint.resolve_due == end_of_day(dt.date(2026, 11, 19))
    assert complaint.statutory_due == end_of_day(dt.date(2026, 11, 23))
    return complaint


def pause(complaint, agent, at):
    with time_machine.travel(at, tick=False):
        return complaint_request_info(complaint=complaint, actor=agent, note="请提供开箱照片")


def resume(complaint, agent, at):
    with time_machine.travel(at, tick=False):
        return complaint_receive_info(complaint=complaint, actor=agent)


def overdue(complaint, now) -> tuple[bool, bool]:
    """(the property the API shows, the list filter) at `now`."""
    complaint.refresh_from_db()
    return complaint.overdue_at(now), Complaint.objects.filter(overdue_q(now), pk=complaint.pk).exists()


def escalations(complaint) -> list[tuple[str, str]]:
    return [
        (e.to_state, e.data["deadline"])
        for e in ComplaintEvent.objects.filter(complaint=complaint, name="escalate").order_by("id")
    ]


@pytest.mark.django_db
def test_a_breach_before_the_pause_is_escalated_even_if_the_sweep_ran_only_after_the_pause(
    agent, investigating
):
    # The answer-by date passed Thursday night; the agent asks the customer on Friday, before any sweep.
    paused = pause(investigating, agent, shanghai(2026, 11, 20, 10))
    friday_noon = shanghai(2026, 11, 20, 12)

    assert overdue(paused, friday_noon) == (True, True)
    assert sla_sweep(now=friday_noon).escalated == 1
    assert sla_sweep(now=friday_noon + dt.timedelta(hours=1)).escalated == 0
    assert escalations(paused) == [("supervisor", "resolve_due")]


@pytest.mark.django_db
def test_a_paused_complaint_whose_answer_date_had_not_passed_waits_without_breach(agent, investigating):
    paused = pause(investigating, agent, shanghai(2026, 11, 18, 10))  # Wednesday, a day and a half left
    saturday = shanghai(2026, 11, 21, 12)

    assert sla_sweep(now=saturday).escalated == 0
    assert overdue(paused, saturday) == (False, False)


@pytest.mark.django_db
def test_the_statutory_clock_of_a_paused_complaint_warns_then_escalates_once(agent, investigating):
    paused = pause(investigating, agent, shanghai(2026, 11, 17, 10))  # Tuesday, answer date far off

    # 80% of the time from receipt (Monday 09:00) to the statutory date (next Monday 23:59:59) is
    # Sunday 11:24; the answer-by clock, standing still, warns of nothing.
    assert sla_sweep(now=shanghai(2026, 11, 22, 11)).warned == 0
    assert sla_sweep(now=shanghai(2026, 11, 22, 12)).warned == 1
    assert sla_sweep(now=shanghai(2026, 11, 22, 13)).warned == 0
    notice = Notification.objects.get(complaint=paused, template="statutory_warning")
    assert "2026-11-23 23:59" in notice.body

    assert overdue(paused, shanghai(2026, 11, 23, 23)) == (False, False)
    tuesday = shanghai(2026, 11, 24, 9)
    assert overdue(paused, tuesday) == (True, True)
    assert sla_sweep(now=tuesday).escalated == 1
    assert sla_sweep(now=tuesday + dt.timedelta(hours=2)).escalated == 0
    paused.refresh_from_db()
    assert paused.breached_due == paused.statutory_due
    assert escalations(paused)[-1][1] == "statutory_due"


@pytest.mark.django_db
def test_a_breach_escalated_before_the_pause_is_not_escalated_again_but_the_statutory_one_is(
    agent, investigating
):
    assert sla_sweep(now=shanghai(2026, 11, 20, 9)).escalated == 1  # answer-by date missed
    paused = pause(investigating, agent, shanghai(2026, 11, 20, 10))

    assert sla_sweep(now=shanghai(2026, 11, 21, 9)).escalated == 0  # still the same breach
    assert overdue(paused, shanghai(2026, 11, 21, 9)) == (True, True)
    assert sla_sweep(now=shanghai(2026, 11, 24, 9)).escalated == 1  # the statutory date passed
    assert [deadline for _tier, deadline in escalations(paused)] == ["resolve_due", "statutory_due"]


@pytest.mark.django_db
def test_resuming_a_late_complaint_keeps_its_breach_without_escalating_it_twice(agent, investigating):
    pause(investigating, agent, shanghai(2026, 11, 20, 10))
    assert sla_sweep(now=shanghai(2026, 11, 20, 11)).escalated == 1
    # Friday 10:00 → Monday 10:00 is one working day paused: the missed date moves to Friday, still past.
    resumed = resume(investigating, agent, shanghai(2026, 11, 23, 10))

    assert resumed.resolve_due == end_of_day(dt.date(2026, 11, 20))
    assert overdue(resumed, shanghai(2026, 11, 23, 11)) == (True, True)
    assert sla_sweep(now=shanghai(2026, 11, 23, 11)).escalated == 0


@pytest.mark.django_db
def test_a_running_complaint_is_escalated_for_its_answer_date_and_again_for_its_statutory_date():
    received = shanghai(2026, 11, 16, 9)
    complaint = ComplaintFactory(
        status="investigating",
        received_at=received,
        resolve_due=end_of_day(dt.date(2026, 11, 17)),
        statutory_due=end_of_day(dt.date(2026, 11, 23)),
    )
    assert sla_sweep(now=shanghai(2026, 11, 18, 9)).escalated == 1
    assert sla_sweep(now=shanghai(2026, 11, 20, 9)).escalated == 0
    assert sla_sweep(now=shanghai(2026, 11, 24, 9)).escalated == 1
    complaint.refresh_from_db()
    assert complaint.tier == "expert"
    assert [deadline for _tier, deadline in escalations(complaint)] == ["resolve_due", "statutory_due"]
