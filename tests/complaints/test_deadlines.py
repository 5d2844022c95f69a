"""Properties of a complaint's deadlines over random receipts, policies, pauses and extensions."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.deadlines import compute_deadlines
from complaints.models import SlaPolicy
from complaints.workdays import SHANGHAI, WorkingCalendar

CAL = WorkingCalendar()
receipts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1), timezones=st.just(SHANGHAI)
)
policies = st.builds(
    SlaPolicy,
    kind=st.sampled_from(["complaint", "appeal"]),
    severity=st.sampled_from(["simple", "complex", "major"]),
    resolve_working_days=st.sampled_from([1, 3, 5]),
    statutory_calendar_days=st.sampled_from([7, 15]),
    acknowledge_hours=st.just(24),
)


@settings(max_examples=300, deadline=None)
@given(received=receipts, policy=policies, paused=st.integers(0, 10 * 86400), extended=st.integers(0, 10))
def test_property_answer_by_is_never_after_the_statutory_date_nor_before_receipt(
    received, policy, paused, extended
):
    d = compute_deadlines(
        received_at=received, policy=policy, calendar=CAL, paused_seconds=paused, extended_days=extended
    )
    assert received < d.resolve_due <= d.statutory_due
    for due in (d.resolve_due, d.statutory_due):
        assert due.astimezone(SHANGHAI).time() == dt.time(23, 59, 59)
        assert CAL.is_working_day(due.astimezone(SHANGHAI).date())


@settings(max_examples=300, deadline=None)
@given(received=receipts, policy=policies, paused=st.integers(0, 86399), extended=st.integers(0, 10))
def test_property_pauses_under_a_working_day_in_total_move_nothing(received, policy, paused, extended):
    unpaused = compute_deadlines(received_at=received, policy=policy, calendar=CAL, extended_days=extended)
    paused_ = compute_deadlines(
        received_at=received, policy=policy, calendar=CAL, paused_seconds=paused, extended_days=extended
    )
    assert paused_ == unpaused


@settings(max_examples=300, deadline=None)
@given(received=receipts, policy=policies, days=st.integers(0, 10), part=st.integers(0, 86399))
def test_property_pauses_move_deadlines_by_whole_working_days_rounded_down(received, policy, days, part):
    moved = compute_deadlines(
        received_at=received, policy=policy, calendar=CAL, paused_seconds=days * 86400 + part
    )
    by_days = compute_deadlines(received_at=received, policy=policy, calendar=CAL, extended_days=days)
    assert moved.resolve_due == by_days.resolve_due


@settings(max_examples=300, deadline=None)
@given(received=receipts, policy=policies, paused=st.integers(0, 10 * 86400), more=st.integers(0, 5 * 86400))
def test_property_pausing_longer_never_shortens_a_deadline(received, policy, paused, more):
    shorter = compute_deadlines(received_at=received, policy=policy, calendar=CAL, paused_seconds=paused)
    longer = compute_deadlines(
        received_at=received, policy=policy, calendar=CAL, paused_seconds=paused + more
    )
    assert longer.resolve_due >= shorter.resolve_due
    assert longer.statutory_due == shorter.statutory_due


@settings(max_examples=200, deadline=None)
@given(received=receipts, policy=policies, extended=st.integers(0, 9))
def test_property_extending_never_shortens_a_deadline(received, policy, extended):
    base = compute_deadlines(received_at=received, policy=policy, calendar=CAL, extended_days=extended)
    more = compute_deadlines(received_at=received, policy=policy, calendar=CAL, extended_days=extended + 1)
    assert more.resolve_due >= base.resolve_due
