"""Shipments per day and outlet: what the monthly report reads instead of a month of shipments."""

import datetime as dt

import pytest

from analytics.models import ShipmentDay
from analytics.months import Month
from analytics.services import daily_snapshot_take, monthly_report_build
from analytics.shipment_days import shipments_per_outlet
from complaints.workdays import SHANGHAI
from tests.customers.factories import ShipmentFactory
from tests.org.factories import DepartmentFactory

NOW = dt.datetime(2026, 11, 12, 10, 0, tzinfo=SHANGHAI)


def at(day, hour=12):
    return dt.datetime(2026, 11, day, hour, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_days_over_are_counted_once_per_outlet_and_the_current_day_live():
    a, b = DepartmentFactory(code="OUT-A"), DepartmentFactory(code="OUT-B")
    ShipmentFactory.create_batch(2, destination_outlet=a, shipped_at=at(3))
    ShipmentFactory(destination_outlet=b, shipped_at=at(3, 23))
    ShipmentFactory(destination_outlet=b, shipped_at=dt.datetime(2026, 11, 3, 23, 59, tzinfo=SHANGHAI))
    ShipmentFactory(destination_outlet=None, shipped_at=at(5))
    ShipmentFactory(destination_outlet=a, shipped_at=at(12, 8))  # today: not over

    counts = shipments_per_outlet(dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=NOW)

    assert counts == {a.pk: 3, b.pk: 2, None: 1}
    stored = {(d.day.day, d.outlet_id): d.shipments for d in ShipmentDay.objects.all()}
    assert stored[(3, a.pk)] == 2 and stored[(3, b.pk)] == 2 and stored[(5, None)] == 1
    # Every day over is marked counted (a day without shipments too); today and later are not stored.
    assert sorted(day for day, outlet in stored if outlet is None) == list(range(1, 12))


@pytest.mark.django_db
def test_the_nightly_job_counts_a_late_reported_shipment_into_its_day():
    a = DepartmentFactory(code="OUT-A")
    ShipmentFactory(destination_outlet=a, shipped_at=at(8))
    month = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert shipments_per_outlet(*month, now=NOW)[a.pk] == 1
    ShipmentFactory(destination_outlet=a, shipped_at=at(8, 15))  # the feed sends it four days late
    assert shipments_per_outlet(*month, now=NOW)[a.pk] == 1  # the day was counted already

    daily_snapshot_take(at=NOW)  # 01:00 the next night: the last seven days are counted again

    assert shipments_per_outlet(*month, now=NOW)[a.pk] == 2


@pytest.mark.django_db
def test_the_report_reads_the_counted_days_not_the_shipments():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = DepartmentFactory(code="OUT-A")
    october_9 = dt.datetime(2026, 10, 9, tzinfo=SHANGHAI)
    ShipmentFactory.create_batch(3, destination_outlet=a, shipped_at=october_9)
    october = Month(dt.date(2026, 10, 1))
    assert monthly_report_build(october, notify=False).data["shipments"] == 3
    with CaptureQueriesContext(connection) as queries:
        rebuilt = monthly_report_build(october, notify=False).data
    assert rebuilt["shipments"] == 3
    # No count of the month's shipments (complaints still look up their own shipment's outlet).
    assert not [q for q in queries if "shipped_at" in q["sql"]]
