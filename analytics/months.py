"""Month boundaries in business time (Asia/Shanghai): [first day 00:00, next month's first day 00:00)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.workdays import SHANGHAI

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Month:
    first: dt.date

    @classmethod
    def parse(cls, text: str) -> Month:
        match = MONTH_RE.match(text or "")
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-10."))
        return cls(dt.date(int(match[1]), int(match[2]), 1))

    @classmethod
    def containing(cls, moment: dt.datetime) -> Month:
        local = moment.astimezone(SHANGHAI)
        return cls(dt.date(local.year, local.month, 1))

    def __str__(self) -> str:
        return f"{self.first:%Y-%m}"

    @property
    def next(self) -> Month:
        return Month((self.first + dt.timedelta(days=32)).replace(day=1))

    @property
    def previous(self) -> Month:
        return Month((self.first - dt.timedelta(days=1)).replace(day=1))

    @property
    def last(self) -> dt.date:
        return self.next.first - dt.timedelta(days=1)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, SHANGHAI)

    @property
    def end(self) -> dt.datetime:
        return self.next.start
