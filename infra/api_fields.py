"""Input fields the API's serializers share (kept apart from infra.api, which imports DRF's views)."""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy
from rest_framework import serializers

# The UTC offsets in use anywhere on Earth (UTC-12:00 to UTC+14:00).
OFFSETS = (dt.timedelta(hours=-12), dt.timedelta(hours=14))


class DateTimeField(serializers.DateTimeField):
    """An ISO 8601 time whose UTC offset exists: "+16:00" is a client's mistake, not a time zone, and
    read as one it would shift the time silently by hours."""

    default_error_messages = {
        "offset": gettext_lazy("The time zone offset must lie between -12:00 and +14:00."),
    }

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        try:
            parsed = parse_datetime(value.strip()) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        offset = parsed.utcoffset() if parsed is not None else None
        if offset is not None and not OFFSETS[0] <= offset <= OFFSETS[1]:
            self.fail("offset")
        return result
