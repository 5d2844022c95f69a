"""Paging for changelists over millions of rows: the count stops at a cap (PostgreSQL counts at most
CAP rows through an index instead of the whole table), so a page opens in milliseconds."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > CAP


class RangeDatesQuerySet(QuerySet):
    """The admin's date hierarchy asks for the distinct years (months, days) holding rows, which over a
    million rows is a full scan. Here the list is every period between the first and the last row
    (two index probes); a period without rows simply shows an empty list when chosen."""

    def aggregate(self, *args, **kwargs):
        # The date hierarchy first asks for the bounds itself (to choose its level), then for the
        # periods: both come from one query.
        first, last = kwargs.get("first"), kwargs.get("last")
        if not args and len(kwargs) == 2 and isinstance(first, Min) and isinstance(last, Max):
            sources = [e for e in (*first.get_source_expressions(), *last.get_source_expressions()) if e]
            fields = {getattr(e, "name", None) for e in sources}
            if len(fields) == 1 and None not in fields:
                return dict(self._bounds(fields.pop()))
        return super().aggregate(*args, **kwargs)

    def _bounds(self, field_name: str) -> dict:
        cache = self.__dict__.setdefault("_bounds_cache", {})
        if field_name not in cache:
            cache[field_name] = super().aggregate(first=Min(field_name), last=Max(field_name))
        return cache[field_name]

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        bounds = self._bounds(field_name)
        if bounds["first"] is None:
            return []
        zone = tzinfo or timezone.get_current_timezone()
        first, last = bounds["first"].astimezone(zone), bounds["last"].astimezone(zone)
        periods = []
        if kind == "year":
            periods = [dt.datetime(y, 1, 1, tzinfo=zone) for y in range(first.year, last.year + 1)]
        elif kind == "month":
            y, m = first.year, first.month
            while (y, m) <= (last.year, last.month):
                periods.append(dt.datetime(y, m, 1, tzinfo=zone))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            day = first.date()
            while day <= last.date():
                periods.append(dt.datetime.combine(day, dt.time.min, zone))
                day += dt.timedelta(days=1)
        return periods if order == "ASC" else periods[::-1]


def with_range_dates(queryset: QuerySet) -> QuerySet:
    clone = queryset._chain()
    clone.__class__ = RangeDatesQuerySet
    return clone
