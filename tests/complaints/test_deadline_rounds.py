"""The examples of the deadlines issue, as users meet them: a pause of seconds moves nothing, a
reopening is a new round with its own statutory period that later steps keep, an appeal's re-handling
answers within 5 calendar days, and an extension records the days it applied."""

import datetime as dt

import pytest
import time_machine

from complaints.models import ComplaintEvent, RootCause
from complaints.services import (
    complaint_dispatch,
    complaint_extend,
    complaint_intake,
    complaint_receive_info,
    complaint_regrade,
    complaint_reopen,
    complaint_request_info,
    complaint_resolve,
)
from complaints.services.sweep import sla_sweep
from complaints.workdays import SHANGHAI, end_of_day
from tests.org.factories import DepartmentFactory


def shanghai(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def day_end(month: int, day: int) -> dt.datetime:
    return end_of_day(dt.date(2026, month, day))


class Desk:
    """A manager handling one complaint, each step at its own moment."""

    def __init__(self, actor):
        self.actor = actor
        self.department = DepartmentFactory(code="SC-R")

    def at(self, moment):
        return time_machine.travel(moment, tick=False)

    def intake(self, moment, category="delay.transit", **extra):
        with self.at(moment):
            complaint = complaint_intake(
                actor=self.actor,
                channel="phone",
                customer_name="赵六",
                customer_phone="13600001111",
                description="快件延误",
                category_code=category,
                **extra,
            ).complaint
            return complaint_dispatch(complaint=complaint, actor=self.actor, department=self.department)

    def pause(self, complaint, start, seconds):
        with self.at(start):
            complaint_request_info(complaint=complaint, actor=self.actor, note="请提供照片")
        with self.at(start + dt.timedelta(seconds=seconds)):
            return complaint_receive_info(complaint=complaint, actor=self.actor)

    def resolve_and_reopen(self, complaint, resolved, reopened):
        with self.at(resolved):
            complaint_resolve(
                complaint=complaint,
                actor=self.actor,
                resolution="已补发",
                root_cause=RootCause.objects.get(code="linehaul"),
                company_at_fault=True,
            )
        with self.at(reopened):
            complaint = complaint_reopen(complaint=complaint, actor=self.actor, reason="客户不满意")
            return complaint_dispatch(complaint=complaint, actor=self.actor, department=self.department)


@pytest.fixture
def desk(manager):
    return Desk(manager)


@pytest.mark.django_db
def test_a_pause_of_two_seconds_leaves_a_friday_deadline_on_friday(desk):
    complaint = desk.intake(shanghai(2026, 11, 24, 9))  # Tuesday, complex: answer by Friday
    assert complaint.resolve_due == day_end(11, 27)

    resumed = desk.pause(complaint, shanghai(2026, 11, 27, 23, 59, 50), 2)

    assert resumed.resolve_due == day_end(11, 27)
    assert (resumed.paused_seconds, resumed.round_paused_seconds) == (2, 2)


@pytest.mark.django_db
def test_pauses_add_up_over_the_round_and_move_by_whole_working_days(desk):
    complaint = desk.intake(shanghai(2026, 11, 24, 9))
    once = desk.pause(complaint, shanghai(2026, 11, 25, 9), 20 * 3600)  # 20 h: nothing yet
    twice = desk.pause(complaint, shanghai(2026, 11, 26, 9), 16 * 3600)  # 36 h in all: one day
    assert once.resolve_due == day_end(11, 27)
    assert twice.resolve_due == day_end(11, 30)  # the next working day, over the weekend


@pytest.mark.django_db
def test_a_reopening_is_a_new_round_that_pauses_regrades_and_extensions_keep(desk, api_as, manager):
    complaint = desk.intake(shanghai(2026, 11, 24, 9))
    first_statutory = complaint.statutory_due
    reopened = desk.resolve_and_reopen(complaint, shanghai(2026, 11, 26, 10), shanghai(2026, 11, 30, 10))
    # Monday: three working days to Thursday; a new statutory period of 7 days to the next Monday.
    assert (reopened.resolve_due, reopened.statutory_due) == (day_end(12, 3), day_end(12, 7))
    assert reopened.original_statutory_due == first_statutory == day_end(12, 1)

    resumed = desk.pause(reopened, shanghai(2026, 12, 1, 10), 2)
    assert resumed.resolve_due == day_end(12, 3)
    with desk.at(shanghai(2026, 12, 1, 11)):
        body = api_as(manager).get(f"/api/v1/complaints/{complaint.number}/").json()
        assert (body["resolve_due"], body["statutory_due"], body["overdue"]) == (
            "2026-12-03T23:59:59+08:00",
            "2026-12-07T23:59:59+08:00",
            False,
        )
        assert (body["reopened_at"], body["original_statutory_due"]) == (
            "2026-11-30T10:00:00+08:00",
            "2026-12-01T23:59:59+08:00",
        )
        regraded = complaint_regrade(complaint=resumed, actor=manager, severity="simple", reason="仅需解释")
        assert regraded.resolve_due == day_end(12, 1)  # one working day after the reopening
        extended = complaint_extend(complaint=regraded, actor=manager, working_days=10, reason="等待鉴定")
    # The statutory date of the round lets four working days through, and so many are recorded.
    assert (extended.resolve_due, extended.extended_days) == (day_end(12, 7), 4)
    event = ComplaintEvent.objects.filter(complaint=complaint, name="extend").get()
    assert (event.data["working_days"], event.data["applied"]) == (10, 4)


@pytest.mark.django_db
def test_an_extension_records_the_days_applied_not_the_days_asked(desk, manager):
    complaint = desk.intake(shanghai(2026, 11, 23, 9), category="delivery.attitude")  # simple
    assert (complaint.resolve_due, complaint.statutory_due) == (day_end(11, 24), day_end(11, 30))
    with desk.at(shanghai(2026, 11, 24, 9)):
        extended = complaint_extend(complaint=complaint, actor=manager, working_days=10, reason="调取监控")
    assert (extended.resolve_due, extended.extended_days) == (day_end(11, 30), 4)


@pytest.mark.django_db
def test_an_appeal_is_re_handled_within_five_calendar_days_rolled_to_a_working_day(desk):
    appeal = desk.intake(
        shanghai(2026, 11, 2, 9), category="delivery.attitude", kind="appeal", regulator_ref="12305-0001"
    )
    assert appeal.statutory_due == day_end(11, 17)  # 15 calendar days
    reopened = desk.resolve_and_reopen(appeal, shanghai(2026, 11, 5, 10), shanghai(2026, 11, 9, 10))
    # Monday + 5 days is Saturday: rolled to Monday 11-16, before the first 15-day date.
    assert reopened.statutory_due == day_end(11, 16)
    assert reopened.resolve_due <= reopened.statutory_due
    assert reopened.original_statutory_due == day_end(11, 17)


@pytest.mark.django_db
def test_a_reopened_complaint_is_warned_and_escalated_for_its_new_round(desk):
    complaint = desk.intake(shanghai(2026, 11, 24, 9))
    assert sla_sweep(now=shanghai(2026, 11, 28, 9)).escalated == 1  # answer-by date (Friday) missed
    reopened = desk.resolve_and_reopen(complaint, shanghai(2026, 11, 28, 10), shanghai(2026, 11, 30, 10))
    assert (reopened.breached_due, reopened.warned_due) == (None, None)
    # 80% of the round (Monday 10:00 to Thursday 23:59:59) has passed on Thursday morning.
    assert sla_sweep(now=shanghai(2026, 12, 2, 9)).warned == 0
    assert sla_sweep(now=shanghai(2026, 12, 3, 9)).warned == 1
    assert sla_sweep(now=shanghai(2026, 12, 4, 9)).escalated == 1
