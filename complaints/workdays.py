"""Working days on the official Chinese calendar, and the deadline arithmetic built on them.

Which days are working days, in this order of lookup (DESIGN.md "Deadlines"):
1. days managers entered (CalendarOverride), for corrections and for next year's schedule once the
   State Council publishes it;
2. the `chinese-calendar` package (pinned; statutory holidays and 调休 working weekends; it raises for
   years it has no data for, 2027 included);
3. the `holidays` package's China rules: provisional, holidays only, no 调休 working weekends;
4. Monday to Friday.
A year that only steps 3–4 cover is "provisional": deadlines still work, and managers are told.

All deadlines are in Asia/Shanghai: the end of a day is 23:59:59 there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays as holidays_pkg

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.timedelta(days=1)
DAY_SECONDS = 86400


class YearSource:
    OVERRIDES = "overrides"  # managers entered this year's days
    OFFICIAL = "official"  # chinese-calendar has the State Council's schedule
    PROVISIONAL = "provisional"  # only the holidays package's rules and weekdays


@cache
def _package_years() -> frozenset[int]:
    years = set()
    for year in range(2004, 2100):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            continue
        years.add(year)
    return frozenset(years)


@cache
def _provisional_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays_pkg.China(years=year).keys())


@cache
def _default_is_working_day(day: dt.date) -> bool:
    if day.year in _package_years():
        return chinese_calendar.is_workday(day)
    if day in _provisional_holidays(day.year):
        return False
    return day.weekday() < 5


class WorkingCalendar:
    """The calendar with the managers' overrides applied. Build one per unit of work with `load()`
    (one query), or with explicit overrides in tests."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        self.overrides = dict(overrides or {})
        self._override_years = {day.year for day in self.overrides}

    @classmethod
    def load(cls) -> WorkingCalendar:
        from complaints.models import CalendarOverride

        return cls(dict(CalendarOverride.objects.values_list("date", "is_working_day")))

    # -- days -----------------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        return _default_is_working_day(day)

    def year_source(self, year: int) -> str:
        if year in self._override_years:
            return YearSource.OVERRIDES
        if year in _package_years():
            return YearSource.OFFICIAL
        return YearSource.PROVISIONAL

    def missing_years(self, years: Iterable[int]) -> list[int]:
        """The years among `years` whose schedule is only provisional."""
        return [year for year in years if self.year_source(year) == YearSource.PROVISIONAL]

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += DAY
        while not self.is_working_day(day):
            day += DAY
        return day

    def roll_forward(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (`day` itself never counts); n >= 1."""
        if n < 1:
            raise ValueError("n must be at least 1")
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    # -- deadlines ------------------------------------------------------------------------------
    def working_days_deadline(self, received_at: dt.datetime, n: int) -> dt.datetime:
        """End of the n-th working day after the day of receipt, whatever the hour of receipt."""
        return end_of_day(self.add_working_days(local_date(received_at), n))

    def calendar_days_deadline(self, received_at: dt.datetime, n: int) -> dt.datetime:
        """End of the day n calendar days after receipt; a last day on a rest day rolls forward."""
        return end_of_day(self.roll_forward(local_date(received_at) + dt.timedelta(days=n)))

    def shift_working_days(self, moment: dt.datetime, n: int) -> dt.datetime:
        """`moment` moved to the same time of day on the n-th working day after its day (n = 0: itself).
        For deadlines kept to the hour (the acknowledgement's 24 hours) that a pause moves."""
        if n <= 0:
            return moment
        local = moment.astimezone(SHANGHAI)
        return dt.datetime.combine(self.add_working_days(local.date(), n), local.timetz())

    # -- working time (for pauses) --------------------------------------------------------------
    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Seconds between start and end that fall on working days (Shanghai time). The days between
        the first and the last are counted from each year's running count of working days, not one by
        one: the workbench shows this for every row, some overdue by a year."""
        if end <= start:
            return 0
        start, end = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
        first, last = start.date(), end.date()
        if first == last:
            return round((end - start).total_seconds()) if self.is_working_day(first) else 0
        total = 0.0
        if self.is_working_day(first):
            total += (dt.datetime.combine(first + DAY, dt.time.min, SHANGHAI) - start).total_seconds()
        if self.is_working_day(last):
            total += (end - dt.datetime.combine(last, dt.time.min, SHANGHAI)).total_seconds()
        whole_days = self._working_days_before(last) - self._working_days_before(first + DAY)
        return round(total + whole_days * DAY_SECONDS)

    def _working_days_before(self, day: dt.date) -> int:
        """Working days from 1 January of the first year asked up to `day` (excluded; negative before
        that year): each year's running count is built once per calendar (only differences are used)."""
        counts = self.__dict__.setdefault("_running_counts", {})

        def running(year: int) -> list[int]:
            if year not in counts:
                jan1 = dt.date(year, 1, 1)
                days = (dt.date(year + 1, 1, 1) - jan1).days if year < dt.MAXYEAR else 365
                total, sums = 0, [0]
                for i in range(days):
                    total += self.is_working_day(jan1 + dt.timedelta(days=i))
                    sums.append(total)
                counts[year] = sums
            return counts[year]

        day_of_year = day.timetuple().tm_yday - 1
        before = running(day.year)[day_of_year]
        # Whole years between are at most a few (a deadline a year or two away); count them too.
        anchor = self.__dict__.setdefault("_anchor_year", day.year)
        if day.year > anchor:
            before += sum(running(year)[-1] for year in range(anchor, day.year))
        elif day.year < anchor:
            before -= sum(running(year)[-1] for year in range(day.year, anchor))
        return before

    def add_working_seconds(self, moment: dt.datetime, seconds: int) -> dt.datetime:
        """`moment` moved later by `seconds` of working-day time (rest days are skipped over)."""
        moment = moment.astimezone(SHANGHAI)
        remaining = float(seconds)
        while remaining > 0:
            day = moment.date()
            if not self.is_working_day(day):
                moment = dt.datetime.combine(self.next_working_day(day), dt.time.min, SHANGHAI)
                continue
            day_end = dt.datetime.combine(day, dt.time.min, SHANGHAI) + DAY
            available = (day_end - moment).total_seconds()
            if remaining < available:
                return moment + dt.timedelta(seconds=remaining)
            remaining -= available
            moment = day_end
        return moment


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), SHANGHAI)
