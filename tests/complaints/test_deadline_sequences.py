"""Property-based: random sequences of pause, resume, reopen, regrade and extend, at random moments,
through the services users reach (docs/deadlines.md states the rules checked here).

After every service call: each working-day deadline is 23:59:59 of a working day; resolve_due never
passes statutory_due; `overdue` and the list filter agree. Per call: nothing but a regrade down brings
a live deadline forward; a resume moves the answer-by date by exactly the whole working days the
round's pauses newly completed (so pauses under a working day in total move nothing); a date missed
before a pause is still missed after it; an extension applies the days that fit before the statutory
date and records those; a reopening starts a new round with a new statutory period."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from complaints.models import Complaint, RootCause, SlaPolicy, overdue_q
from complaints.services import (
    complaint_close,
    complaint_dispatch,
    complaint_extend,
    complaint_intake,
    complaint_receive_info,
    complaint_regrade,
    complaint_reopen,
    complaint_request_info,
    complaint_resolve,
)
from complaints.workdays import DAY_SECONDS, SHANGHAI, WorkingCalendar, end_of_day, local_date
from tests.org.factories import DepartmentFactory

CAL = WorkingCalendar()
FIELDS = (
    "status",
    "severity",
    "acknowledge_due",
    "resolve_due",
    "statutory_due",
    "callback_due",
    "sla_paused_at",
    "round_paused_seconds",
    "extended_days",
    "reopened_at",
    "original_statutory_due",
)

# Moments: seconds (a pause of seconds), hours (under and over a working day), days (weekends, holidays).
gaps = st.one_of(
    st.integers(1, 120),
    st.integers(1800, 40 * 3600),
    st.integers(1, 6 * 86400),
).map(lambda seconds: dt.timedelta(seconds=seconds))
steps = st.lists(
    st.tuples(
        st.sampled_from(["pause", "resume", "reopen", "regrade", "extend"]),
        st.integers(0, 10),  # the step's argument: severity index, days asked, close before reopening
        gaps,
    ),
    min_size=1,
    max_size=14,
)
receipts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2026, 11, 30), timezones=st.just(SHANGHAI)
)
SEVERITIES = ["simple", "complex", "major"]


@dataclass
class Snapshot:
    values: dict

    def __getattr__(self, name):
        return self.values[name]


def snapshot(complaint: Complaint) -> Snapshot:
    complaint.refresh_from_db()
    return Snapshot({name: getattr(complaint, name) for name in FIELDS})


def is_working_day_end(moment: dt.datetime | None) -> bool:
    return moment is None or (
        moment.astimezone(SHANGHAI).time() == dt.time(23, 59, 59) and CAL.is_working_day(local_date(moment))
    )


def plus_working_days(due: dt.datetime, n: int) -> dt.datetime:
    return end_of_day(CAL.add_working_days(local_date(due), n)) if n else due


class Sequence:
    """One complaint driven through the services by a manager (who may do every step), with the
    clock moved by time-machine between the steps."""

    def __init__(self, actor, received: dt.datetime, kind: str, category: str):
        self.actor, self.now, self.kind = actor, received, kind
        self.department = DepartmentFactory(code="SC-P")
        self.root_cause = RootCause.objects.get(code="linehaul")
        self.days = dict(SlaPolicy.objects.filter(kind=kind).values_list("severity", "resolve_working_days"))
        self.rehandling = SlaPolicy.objects.filter(kind=kind).values_list(
            "rehandling_calendar_days", "statutory_calendar_days"
        )[0]
        with time_machine.travel(received, tick=False):
            self.complaint = complaint_intake(
                actor=actor,
                channel="phone",
                kind=kind,
                regulator_ref="12305-P" if kind == "appeal" else "",
                customer_name="王五",
                customer_phone="13700001111",
                description="快件破损，要求赔偿",
                category_code=category,
            ).complaint
        self.first_statutory = self.complaint.statutory_due
        self.pause_started = None
        self.call("dispatch", dt.timedelta(minutes=5))

    # -- one service call, checked --------------------------------------------------------------
    def call(self, name: str, gap: dt.timedelta, arg: int = 0) -> None:
        self.now += gap
        before = snapshot(self.complaint)
        refused = False
        with time_machine.travel(self.now, tick=False):
            try:
                self._run(name, arg)
            except ValidationError:
                refused = True
        after = snapshot(self.complaint)
        event(f"{name}{' refused' if refused else ''}")
        self.check_always(after)
        getattr(self, f"check_{name}")(before, after, arg, refused)

    def _run(self, name: str, arg: int) -> None:
        c, actor = self.complaint, self.actor
        if name == "dispatch":
            complaint_dispatch(complaint=c, actor=actor, department=self.department)
        elif name == "request_info":
            complaint_request_info(complaint=c, actor=actor, note="请补充照片")
        elif name == "receive_info":
            complaint_receive_info(complaint=c, actor=actor)
        elif name == "resolve":
            complaint_resolve(
                complaint=c,
                actor=actor,
                resolution="已赔偿",
                root_cause=self.root_cause,
                company_at_fault=True,
            )
        elif name == "close":
            complaint_close(complaint=c, actor=actor, outcome="dissatisfied", satisfaction=2)
        elif name == "reopen":
            complaint_reopen(complaint=c, actor=actor, reason="客户不满意")
        elif name == "regrade":
            complaint_regrade(complaint=c, actor=actor, severity=SEVERITIES[arg % 3], reason="重新评估")
        elif name == "extend":
            complaint_extend(complaint=c, actor=actor, working_days=arg, reason="等待鉴定")

    # -- the steps of the sequence --------------------------------------------------------------
    def step(self, name: str, arg: int, gap: dt.timedelta) -> None:
        status = snapshot(self.complaint).status
        if name == "pause" and status in ("investigating", "reopened"):
            if status == "reopened":
                self.call("dispatch", dt.timedelta(minutes=1))
            self.call("request_info", gap)
        elif name == "resume" and status == "awaiting_customer":
            self.call("receive_info", gap)
        elif name == "reopen":
            if status == "awaiting_customer":
                self.call("receive_info", gap)
                gap = dt.timedelta(minutes=1)
            if snapshot(self.complaint).status == "reopened":
                self.call("dispatch", dt.timedelta(minutes=1))
            self.call("resolve", gap)
            if arg % 2:
                self.call("close", dt.timedelta(hours=1))
            self.call("reopen", dt.timedelta(minutes=30))
        elif name == "regrade" and SEVERITIES[arg % 3] != snapshot(self.complaint).severity:
            self.call("regrade", gap, arg)
        elif name == "extend":
            self.call("extend", gap, max(arg, 1))

    # -- what must hold ---------------------------------------------------------------------------
    def check_always(self, after: Snapshot) -> None:
        assert is_working_day_end(after.resolve_due), after.resolve_due
        assert is_working_day_end(after.statutory_due), after.statutory_due
        assert is_working_day_end(after.callback_due), after.callback_due
        assert after.resolve_due <= after.statutory_due
        flagged = Complaint.objects.filter(overdue_q(self.now), pk=self.complaint.pk).exists()
        assert self.complaint.overdue_at(self.now) == flagged
        # Acknowledged at intake: no pause can move the acknowledgement deadline afterwards.
        assert after.acknowledge_due == self.complaint.received_at + dt.timedelta(hours=24)

    def unchanged(self, before: Snapshot, after: Snapshot) -> None:
        assert (after.resolve_due, after.statutory_due) == (before.resolve_due, before.statutory_due)

    def check_dispatch(self, before, after, arg, refused) -> None:
        self.unchanged(before, after)

    def check_request_info(self, before, after, arg, refused) -> None:
        self.unchanged(before, after)
        assert after.sla_paused_at == self.now
        self.pause_started = self.now

    def check_receive_info(self, before, after, arg, refused) -> None:
        paused = CAL.working_seconds_between(self.pause_started, self.now)
        assert after.round_paused_seconds == before.round_paused_seconds + paused
        newly = after.round_paused_seconds // DAY_SECONDS - before.round_paused_seconds // DAY_SECONDS
        assert after.statutory_due == before.statutory_due
        # Whole working days newly completed, no more, never past the statutory date; none: no move.
        assert after.resolve_due == min(plus_working_days(before.resolve_due, newly), before.statutory_due)
        if after.round_paused_seconds < DAY_SECONDS:
            assert after.resolve_due == before.resolve_due
        if before.resolve_due < self.pause_started:  # missed before the pause: still missed
            assert after.resolve_due < self.now

    def check_resolve(self, before, after, arg, refused) -> None:
        self.unchanged(before, after)
        assert after.callback_due == end_of_day(CAL.add_working_days(local_date(self.now), 2))

    def check_close(self, before, after, arg, refused) -> None:
        self.unchanged(before, after)

    def check_reopen(self, before, after, arg, refused) -> None:
        # A new round from now: the policy's working days and a new statutory period (an appeal's
        # re-handling period); the round's pauses and extensions start from nothing.
        rehandling, statutory_days = self.rehandling
        days = rehandling or statutory_days
        statutory = end_of_day(CAL.roll_forward(local_date(self.now) + dt.timedelta(days=days)))
        answer_by = end_of_day(CAL.add_working_days(local_date(self.now), self.days[after.severity]))
        assert after.reopened_at == self.now
        assert after.statutory_due == statutory
        assert after.resolve_due == min(answer_by, statutory) > self.now
        assert (after.round_paused_seconds, after.extended_days) == (0, 0)
        assert after.original_statutory_due == self.first_statutory

    def check_regrade(self, before, after, arg, refused) -> None:
        assert after.statutory_due == before.statutory_due
        if self.days[after.severity] > self.days[before.severity]:
            assert after.resolve_due >= before.resolve_due
        else:  # the only step that may bring a deadline forward
            assert after.resolve_due <= before.resolve_due

    def check_extend(self, before, after, arg, refused) -> None:
        assert after.statutory_due == before.statutory_due
        if refused:
            assert before.resolve_due == before.statutory_due
            self.unchanged(before, after)
            return
        applied = after.extended_days - before.extended_days
        assert 1 <= applied <= arg
        assert after.resolve_due == plus_working_days(before.resolve_due, applied) <= after.statutory_due
        if applied < arg:
            assert after.resolve_due == after.statutory_due


@pytest.mark.slow
@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    received=receipts,
    kind=st.sampled_from(["complaint", "appeal"]),
    category=st.sampled_from(["delivery.attitude", "delay.transit", "damage.broken"]),
    sequence=steps,
)
def test_property_deadlines_hold_through_random_pauses_reopenings_regrades_and_extensions(
    manager, received, kind, category, sequence
):
    with transaction.atomic():
        run = Sequence(manager, received, kind, category)
        for name, arg, gap in sequence:
            run.step(name, arg, gap)
        transaction.set_rollback(True)
