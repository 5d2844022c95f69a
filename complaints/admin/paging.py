"""Paging for changelists over millions of rows: the count stops at a cap (PostgreSQL counts at most
CAP rows through an index instead of the whole table), so a page opens in milliseconds."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > CAP
