"""The monthly report counts each department's findings (joint investigation), by hand-built month."""

import datetime as dt

import pytest

from analytics.months import Month
from analytics.report import figures
from complaints.models import DepartmentRequest
from complaints.workdays import SHANGHAI
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory

OCT = Month(dt.date(2026, 10, 1))


def T(month, day, hour=9):
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def ask(complaint, department, asked, due, answered=None, fault=None, lead=False):
    return DepartmentRequest.objects.create(
        complaint=complaint,
        department=department,
        lead=lead,
        status="answered" if answered else "asked",
        asked_at=asked,
        due=due,
        answered_at=answered,
        cause="查明" if answered else "",
        company_at_fault=fault,
    )


@pytest.mark.django_db
def test_findings_are_counted_per_department_in_the_month_they_were_recorded():
    outlet, sorting = (
        DepartmentFactory(code="OUT-F", name="甲网点"),
        DepartmentFactory(code="SC-F", name="转运"),
    )
    c1, c2, c3 = (ComplaintFactory(received_at=T(10, 5)) for _ in range(3))
    merged = ComplaintFactory(received_at=T(10, 5), status="merged")
    ask(c1, outlet, T(10, 5), T(10, 7), answered=T(10, 6), fault=True, lead=True)  # on time
    ask(c1, sorting, T(10, 5), T(10, 7), answered=T(10, 9), fault=False)  # late
    ask(c2, outlet, T(9, 29), T(10, 2), answered=T(10, 1), fault=False, lead=True)  # asked in September
    ask(c3, sorting, T(10, 30), T(11, 3))  # asked, not answered yet
    ask(c3, outlet, T(10, 30), T(11, 3), answered=T(11, 2), fault=True, lead=True)  # answered in November
    ask(merged, outlet, T(10, 5), T(10, 7), answered=T(10, 6), fault=True, lead=True)  # never counted

    rows = {r["department"]: r for r in figures(OCT)["findings_by_department"]}

    assert rows["OUT-F"] == {
        "department": "OUT-F",
        "name": "甲网点",
        "asked": 2,
        "findings": 2,
        "on_time": 2,
        "company_at_fault": 1,
        "as_lead": 2,
        "on_time_rate": 1.0,
    }
    assert rows["SC-F"] == {
        "department": "SC-F",
        "name": "转运",
        "asked": 2,
        "findings": 1,
        "on_time": 0,
        "company_at_fault": 0,
        "as_lead": 0,
        "on_time_rate": 0.0,
    }
    assert list(rows) == ["OUT-F", "SC-F"]
