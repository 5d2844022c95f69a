"""The working-day calendar and deadline arithmetic: DESIGN.md's anchors, every 2025/2026 holiday and
调休 day from the State Council's notices, 2027 without data, and properties over random receipts."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.workdays import SHANGHAI, WorkingCalendar, YearSource, end_of_day

CAL = WorkingCalendar()

# From the State Council's notices (国务院办公厅关于2025年/2026年部分节假日安排的通知).
WEEKDAY_HOLIDAYS = {
    2025: [
        "01-01",
        "01-28",
        "01-29",
        "01-30",
        "01-31",
        "02-03",
        "02-04",
        "04-04",
        "05-01",
        "05-02",
        "05-05",
        "06-02",
        "10-01",
        "10-02",
        "10-03",
        "10-06",
        "10-07",
        "10-08",
    ],
    2026: [
        "01-01",
        "01-02",
        "02-16",
        "02-17",
        "02-18",
        "02-19",
        "02-20",
        "02-23",
        "04-06",
        "05-01",
        "05-04",
        "05-05",
        "06-19",
        "09-25",
        "10-01",
        "10-02",
        "10-05",
        "10-06",
        "10-07",
    ],
}
WEEKEND_WORKDAYS = {
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}


def day(year: int, md: str) -> dt.date:
    month, dom = md.split("-")
    return dt.date(year, int(month), int(dom))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_official_weekday_holiday_is_a_rest_day(year):
    assert [md for md in WEEKDAY_HOLIDAYS[year] if CAL.is_working_day(day(year, md))] == []


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_official_tiaoxiu_weekend_is_a_working_day(year):
    assert [md for md in WEEKEND_WORKDAYS[year] if not CAL.is_working_day(day(year, md))] == []


@pytest.mark.parametrize("year", [2025, 2026])
def test_all_other_days_follow_the_week(year):
    exceptions = {day(year, md) for md in WEEKDAY_HOLIDAYS[year] + WEEKEND_WORKDAYS[year]}
    current = dt.date(year, 1, 1)
    wrong = []
    while current.year == year:
        if current not in exceptions and CAL.is_working_day(current) != (current.weekday() < 5):
            wrong.append(current)
        current += dt.timedelta(days=1)
    assert wrong == []


@pytest.mark.parametrize("year, md", [(y, md) for y in (2025, 2026) for md in WEEKDAY_HOLIDAYS[y]])
def test_a_one_day_deadline_received_before_a_holiday_skips_it(year, md):
    holiday = day(year, md)
    due = CAL.working_days_deadline(
        dt.datetime.combine(holiday - dt.timedelta(days=1), dt.time(10), SHANGHAI), 1
    )
    assert due.date() > holiday
    assert CAL.is_working_day(due.date())


def test_design_anchor_national_day_major():
    received = at("2026-09-30 15:00")
    assert CAL.working_days_deadline(received, 5) == end_of_day(dt.date(2026, 10, 13))
    assert CAL.calendar_days_deadline(received, 7) == end_of_day(dt.date(2026, 10, 8))


def test_design_anchor_spring_festival_major():
    received = at("2026-02-13 09:00")
    assert CAL.working_days_deadline(received, 5) == end_of_day(dt.date(2026, 2, 27))
    assert CAL.calendar_days_deadline(received, 7) == end_of_day(dt.date(2026, 2, 24))


def test_the_hour_of_receipt_does_not_matter():
    late, early = at("2026-11-23 23:59"), at("2026-11-23 00:00")
    assert (
        CAL.working_days_deadline(late, 1)
        == CAL.working_days_deadline(early, 1)
        == end_of_day(dt.date(2026, 11, 24))
    )


def test_a_deadline_ends_at_235959_shanghai_time_even_when_received_at_utc_midnight():
    received = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.UTC)  # Monday 04:00 in Shanghai
    due = CAL.working_days_deadline(received, 1)
    assert due.tzinfo is not None
    assert due.astimezone(SHANGHAI).time() == dt.time(23, 59, 59)
    assert due.astimezone(SHANGHAI).date() == dt.date(2026, 11, 24)


def test_received_on_2026_12_28_with_five_working_days_does_not_crash_and_lands_in_2027():
    due = CAL.working_days_deadline(at("2026-12-28 10:00"), 5)
    # 12-29, 12-30, 12-31, then 2027: 01-01 is New Year (provisional rules), so 01-04 and 01-05.
    assert due == end_of_day(dt.date(2027, 1, 5))


def test_2027_is_provisional_and_reported_missing():
    assert CAL.year_source(2026) == YearSource.OFFICIAL
    assert CAL.year_source(2027) == YearSource.PROVISIONAL
    assert CAL.missing_years([2026, 2027]) == [2027]
    assert not CAL.is_working_day(dt.date(2027, 2, 8))  # Spring Festival from the holidays package
    assert CAL.is_working_day(dt.date(2027, 3, 3))


def test_manager_overrides_come_first():
    calendar = WorkingCalendar({dt.date(2026, 10, 1): True, dt.date(2027, 1, 4): False})
    assert calendar.is_working_day(dt.date(2026, 10, 1))
    assert not calendar.is_working_day(dt.date(2027, 1, 4))
    assert calendar.year_source(2027) == YearSource.OVERRIDES


def test_working_seconds_skip_rest_days():
    friday_noon, monday_noon = at("2026-11-20 12:00"), at("2026-11-23 12:00")
    assert CAL.working_seconds_between(friday_noon, monday_noon) == 24 * 3600
    assert CAL.add_working_seconds(friday_noon, 24 * 3600) == monday_noon


receipts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 20), timezones=st.just(SHANGHAI)
)


@settings(max_examples=300, deadline=None)
@given(received=receipts, n=st.integers(min_value=1, max_value=10))
def test_property_deadline_is_end_of_a_working_day_after_receipt(received, n):
    due = CAL.working_days_deadline(received, n)
    assert CAL.is_working_day(due.date())
    assert due.time() == dt.time(23, 59, 59)
    assert due.tzinfo == SHANGHAI
    assert due.date() > received.date()


@settings(max_examples=200, deadline=None)
@given(received=receipts, n=st.integers(min_value=1, max_value=9))
def test_property_deadline_is_monotone_in_n(received, n):
    assert CAL.working_days_deadline(received, n) < CAL.working_days_deadline(received, n + 1)


@settings(max_examples=200, deadline=None)
@given(received=receipts, days=st.integers(min_value=1, max_value=20))
def test_property_statutory_deadline_is_a_working_day_on_or_after_the_calendar_day(received, days):
    due = CAL.calendar_days_deadline(received, days)
    assert CAL.is_working_day(due.date())
    assert due.date() >= received.date() + dt.timedelta(days=days)


@settings(max_examples=200, deadline=None)
@given(start=receipts, seconds=st.integers(min_value=0, max_value=20 * 86400))
def test_property_adding_working_time_then_measuring_it_gives_it_back(start, seconds):
    moved = CAL.add_working_seconds(start, seconds)
    assert moved >= start
    if CAL.is_working_day(start.date()):
        assert CAL.working_seconds_between(start, moved) == seconds


def _working_seconds_day_by_day(calendar, start, end) -> int:
    """The definition: every day between, one by one (what the calendar's running counts replace)."""
    start, end = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
    total, day = 0.0, start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            day_start = dt.datetime.combine(day, dt.time.min, SHANGHAI)
            lo, hi = max(start, day_start), min(end, day_start + dt.timedelta(days=1))
            total += max((hi - lo).total_seconds(), 0)
        day += dt.timedelta(days=1)
    return round(total) if end > start else 0


spans = st.datetimes(
    min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2028, 12, 31), timezones=st.just(SHANGHAI)
)


@settings(max_examples=300, deadline=None)
@given(start=spans, end=spans, extra_holiday=st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)))
def test_property_working_seconds_are_those_of_each_working_day_between(start, end, extra_holiday):
    """Spans of up to six years in either order, across years with official, overridden and provisional
    calendars, from the same calendar object (its running counts kept between calls)."""
    for calendar in (CAL, WorkingCalendar({extra_holiday: False, dt.date(2027, 10, 9): True})):
        assert calendar.working_seconds_between(start, end) == _working_seconds_day_by_day(
            calendar, start, end
        )
        assert calendar.working_seconds_between(end, start) == _working_seconds_day_by_day(
            calendar, end, start
        )


def test_working_seconds_within_one_day_and_across_a_year_end():
    assert CAL.working_seconds_between(at("2026-11-23 09:00"), at("2026-11-23 17:30")) == 8.5 * 3600
    assert CAL.working_seconds_between(at("2026-11-22 09:00"), at("2026-11-22 17:30")) == 0  # a Sunday
    new_year = CAL.working_seconds_between(at("2026-12-31 12:00"), at("2027-01-04 12:00"))
    assert new_year == _working_seconds_day_by_day(CAL, at("2026-12-31 12:00"), at("2027-01-04 12:00"))
