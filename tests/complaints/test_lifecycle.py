"""Services beyond the API table: pauses, extensions, regrading, overdue, history rules."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import ProgrammingError, transaction

from complaints.models import Complaint, ComplaintEvent, overdue_q
from complaints.selectors import complaint_timeline
from complaints.services import (
    complaint_dispatch,
    complaint_extend,
    complaint_intake,
    complaint_receive_info,
    complaint_regrade,
    complaint_request_info,
)
from complaints.services.events import event_record
from complaints.workdays import SHANGHAI, end_of_day
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory


def shanghai(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def investigating(agent):
    with time_machine.travel(shanghai(2026, 11, 16, 9), tick=False):  # a Monday
        complaint = complaint_intake(
            actor=agent,
            channel="phone",
            customer_name="李四",
            customer_phone="13900001111",
            description="快件延误五天",
            category_code="delay.transit",
        ).complaint
        return complaint_dispatch(complaint=complaint, actor=agent, department=DepartmentFactory(code="SC-T"))


@pytest.mark.django_db
def test_pause_over_a_weekend_moves_the_deadline_by_the_working_time_paused(agent, investigating):
    assert investigating.resolve_due == end_of_day(dt.date(2026, 11, 19))
    with time_machine.travel(shanghai(2026, 11, 20, 10), tick=False):  # Friday 10:00
        complaint_request_info(complaint=investigating, actor=agent, note="请提供收件地址截图")
    with time_machine.travel(shanghai(2026, 11, 23, 10), tick=False):  # Monday 10:00
        resumed = complaint_receive_info(complaint=investigating, actor=agent)

    # 14 h on Friday + 10 h on Monday = one working day; Saturday and Sunday do not count.
    assert resumed.paused_seconds == 24 * 3600
    assert resumed.resolve_due == end_of_day(dt.date(2026, 11, 20))
    assert resumed.sla_paused_at is None


@pytest.mark.django_db
def test_a_pause_never_pushes_the_answer_by_date_past_the_statutory_deadline(agent, investigating):
    with time_machine.travel(shanghai(2026, 11, 16, 10), tick=False):
        complaint_request_info(complaint=investigating, actor=agent, note="等待客户")
    with time_machine.travel(shanghai(2026, 11, 30, 10), tick=False):
        resumed = complaint_receive_info(complaint=investigating, actor=agent)
    assert resumed.resolve_due == resumed.statutory_due == end_of_day(dt.date(2026, 11, 23))


@pytest.mark.django_db
def test_overdue_stands_still_while_paused_but_not_past_the_statutory_date(agent, investigating):
    with time_machine.travel(shanghai(2026, 11, 18, 10), tick=False):
        paused = complaint_request_info(complaint=investigating, actor=agent, note="等待客户")
    later = shanghai(2026, 11, 23, 10)  # the answer-by date (11-19) is behind, the statutory one (11-23) not
    assert not paused.overdue_at(later)
    assert not Complaint.objects.filter(overdue_q(later), pk=paused.pk).exists()
    past_statutory = shanghai(2026, 11, 24, 10)
    assert paused.overdue_at(past_statutory)
    assert Complaint.objects.filter(overdue_q(past_statutory), pk=paused.pk).exists()


@pytest.mark.django_db
def test_overdue_property_and_list_filter_agree():
    now = dt.datetime(2026, 11, 23, 12, tzinfo=SHANGHAI)
    late = ComplaintFactory(status="investigating", received_at=now - dt.timedelta(days=5))
    fine = ComplaintFactory(status="investigating", received_at=now)
    done = ComplaintFactory(resolved=True, received_at=now - dt.timedelta(days=5))
    received_late = ComplaintFactory(status="received", received_at=now - dt.timedelta(hours=30))
    flagged = set(Complaint.objects.filter(overdue_q(now)).values_list("pk", flat=True))
    assert flagged == {c.pk for c in (late, fine, done, received_late) if c.overdue_at(now)}
    assert flagged == {late.pk, received_late.pk}


@pytest.mark.django_db
def test_extension_moves_by_working_days_and_stops_at_the_statutory_deadline(supervisor, investigating):
    once = complaint_extend(complaint=investigating, actor=supervisor, working_days=1, reason="调取监控")
    assert once.resolve_due == end_of_day(dt.date(2026, 11, 20))
    capped = complaint_extend(complaint=once, actor=supervisor, working_days=5, reason="再次延长")
    assert capped.resolve_due == capped.statutory_due
    with pytest.raises(ValidationError):
        complaint_extend(complaint=capped, actor=supervisor, working_days=1, reason="第三次")


@pytest.mark.django_db
def test_regrade_recomputes_the_answer_by_date_from_the_receipt(agent, investigating):
    simple = complaint_regrade(complaint=investigating, actor=agent, severity="simple", reason="仅态度问题")
    assert simple.resolve_due == end_of_day(dt.date(2026, 11, 17))
    with pytest.raises(ValidationError):
        complaint_regrade(complaint=simple, actor=agent, severity="simple", reason="again")


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_even_in_sql():
    complaint = ComplaintFactory()
    event = event_record(complaint=complaint, actor=None, kind="note", name="note", note="原始记录")
    with pytest.raises(ProgrammingError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).update(note="篡改")
    with pytest.raises(ProgrammingError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).delete()
    assert ComplaintEvent.objects.get(pk=event.pk).note == "原始记录"


@pytest.mark.django_db
def test_the_surviving_complaint_shows_the_timelines_of_its_merged_duplicates():
    survivor = ComplaintFactory()
    duplicate = ComplaintFactory(status="merged", merged_into=survivor)
    event_record(complaint=survivor, actor=None, kind="note", name="note", note="主投诉")
    event_record(complaint=duplicate, actor=None, kind="note", name="note", note="重复投诉")
    assert [e.note for e in complaint_timeline(survivor)] == ["主投诉", "重复投诉"]
    assert [e.note for e in complaint_timeline(duplicate)] == ["重复投诉"]


@pytest.mark.django_db
def test_nobody_assigns_the_status_directly():
    complaint = ComplaintFactory()
    with pytest.raises(AttributeError):
        complaint.status = "closed"
