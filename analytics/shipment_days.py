"""Shipments per day and delivering outlet (analytics.ShipmentDay): counted once a day is over, read by
the monthly report instead of the month's shipments (a million rows a month at scale)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from complaints.workdays import SHANGHAI

TABLE = "analytics_shipmentday"

# One range scan of the shipments of the days asked for (the covering shipped_at index), grouped by
# local day and outlet; the row without an outlet is written for every day, so that it marks the
# day as counted even when nothing was shipped.
COUNT_SQL = f"""
INSERT INTO {TABLE} (day, outlet_id, shipments)
SELECT day, outlet, sum(n)
  FROM (SELECT (s.shipped_at AT TIME ZONE 'Asia/Shanghai')::date AS day, s.destination_outlet_id AS outlet,
               count(*) AS n
          FROM customers_shipment s
         WHERE s.shipped_at >= %(start)s AND s.shipped_at < %(end)s
         GROUP BY 1, 2
        UNION ALL
        SELECT d::date, NULL, 0 FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d) counts
 WHERE day = ANY(%(days)s)
 GROUP BY day, outlet
    ON CONFLICT ON CONSTRAINT shipmentday_unique DO NOTHING
"""


def _bounds(first: dt.date, last: dt.date) -> dict:
    return {
        "first": first,
        "last": last,
        "start": dt.datetime.combine(first, dt.time.min, SHANGHAI),
        "end": dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, SHANGHAI),
    }


def _yesterday(now: dt.datetime | None) -> dt.date:
    return (now or timezone.now()).astimezone(SHANGHAI).date() - dt.timedelta(days=1)


def shipment_days_ensure(first: dt.date, last: dt.date, *, now: dt.datetime | None = None) -> int:
    """Counts the days from `first` to `last` not counted yet (days not over are never stored);
    returns how many days were counted."""
    last = min(last, _yesterday(now))
    if last < first:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT array_agg(d::date ORDER BY d) FROM generate_series(%(first)s::date, %(last)s::date,
                                                                     '1 day') d
                 WHERE NOT EXISTS (SELECT 1 FROM {TABLE} t WHERE t.day = d::date AND t.outlet_id IS NULL)""",
            {"first": first, "last": last},
        )
        missing = cursor.fetchone()[0] or []
        if missing:
            cursor.execute(COUNT_SQL, _bounds(missing[0], missing[-1]) | {"days": missing})
    return len(missing)


def shipment_days_recount(first: dt.date, last: dt.date, *, now: dt.datetime | None = None) -> int:
    """Counts those days again (the nightly job: shipments reported late still reach their day)."""
    last = min(last, _yesterday(now))
    if last < first:
        return 0
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE day BETWEEN %s AND %s", [first, last])
        cursor.execute(COUNT_SQL, _bounds(first, last) | {"days": days})
    return len(days)


def shipments_per_outlet(first: dt.date, last: dt.date, *, now: dt.datetime | None = None) -> dict:
    """Shipments handed in from `first` to `last` per delivering outlet id (None: no outlet): the
    counted days from the table (counting those missing), a day not over yet live."""
    shipment_days_ensure(first, last, now=now)
    counted_to = min(last, _yesterday(now))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT outlet_id, sum(shipments) FROM {TABLE}
                 WHERE day BETWEEN %s AND %s GROUP BY outlet_id""",
            [first, counted_to],
        )
        counts = {outlet: int(n) for outlet, n in cursor.fetchall()}
        if counted_to < last:
            live = _bounds(max(first, counted_to + dt.timedelta(days=1)), last)
            cursor.execute(
                """SELECT destination_outlet_id, count(*) FROM customers_shipment
                    WHERE shipped_at >= %(start)s AND shipped_at < %(end)s GROUP BY 1""",
                live,
            )
            for outlet, n in cursor.fetchall():
                counts[outlet] = counts.get(outlet, 0) + n
    return counts
