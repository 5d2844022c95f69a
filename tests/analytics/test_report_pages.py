"""The built report as managers read it: page with charts, CSV, XLSX, JSON API; who may see it."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from analytics.models import MonthlyReport
from analytics.months import Month
from analytics.services import monthly_report_build
from notifications.models import Notification
from tests.analytics.test_monthly_report import OCT, october  # noqa: F401  (the hand-built month)
from tests.org.factories import UserFactory


@pytest.fixture
def built(october):  # noqa: F811
    return monthly_report_build(OCT, notify=False)


@pytest.mark.django_db
def test_the_report_page_shows_figures_and_svg_charts(client, manager, built):
    client.force_login(manager)
    page = client.get("/reports/monthly/2026-10/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "polyline" in html  # Pareto bars and cumulative line, drawn on the server
    assert "干线运输" in html and "5555.56" in html and "干线运输加固包装" in html
    assert client.get("/reports/monthly/").status_code == 200


@pytest.mark.django_db
def test_csv_and_xlsx_downloads_hold_the_same_figures(client, manager, built):
    client.force_login(manager)
    csv_text = client.get("/reports/monthly/2026-10/csv/").content.decode("utf-8-sig")
    assert "linehaul,干线运输,2,0.5,0.5" in csv_text
    book = load_workbook(io.BytesIO(client.get("/reports/monthly/2026-10/xlsx/").content))
    pareto = book.worksheets[1]
    assert [c.value for c in pareto[2]] == ["linehaul", "干线运输", 2, 0.5, 0.5]


@pytest.mark.django_db
def test_the_api_returns_the_contract_keys(api_as, manager, built):
    response = api_as(manager).get("/api/v1/reports/monthly/2026-10/")
    assert response.status_code == 200
    for key in [
        "month",
        "totals",
        "by_category",
        "by_root_cause",
        "by_department",
        "by_outlet",
        "on_time",
        "handling_hours",
        "first_contact_resolution_rate",
        "reopen_rate",
        "satisfaction",
        "compensation",
        "penalties",
        "repeats",
        "feedback",
        "change",
        "actions",
        "built_at",
    ]:
        assert key in response.json()
    assert set(response.json()["totals"]) >= {
        "complaints",
        "appeals",
        "effective_appeals",
        "resolved",
        "closed",
        "contacts",
    }
    assert api_as(manager).get("/api/v1/reports/monthly/2026-09/").status_code == 404
    assert api_as(manager).get("/api/v1/reports/monthly/2026-13/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, status", [("manager", 200), ("auditor", 200), ("supervisor", 200), ("agent", 403)]
)
def test_who_may_read_the_report(client, role, status, built):
    client.force_login(UserFactory(roles=[role]))
    assert client.get("/reports/monthly/2026-10/").status_code == status


@pytest.mark.django_db
def test_a_manager_rebuilds_from_the_page_and_managers_are_notified(client, manager, october):  # noqa: F811
    manager.email = "boss@example.com"
    manager.save()
    client.force_login(manager)
    response = client.post("/reports/monthly/build/", {"month": "2026-10"})
    assert response.status_code == 302 and response["Location"] == "/reports/monthly/2026-10/"
    assert MonthlyReport.objects.get().month == dt.date(2026, 10, 1)
    notice = Notification.objects.get(template="monthly_report")
    assert notice.recipient == "boss@example.com" and "2026-10" in notice.body and "5555.56" in notice.body
    bad = client.post("/reports/monthly/build/", {"month": "October"}, follow=True)
    assert "YYYY-MM" in bad.content.decode()  # the Chinese message names the format
    assert MonthlyReport.objects.count() == 1


@pytest.mark.django_db
def test_auditors_may_not_build(client, auditor, october):  # noqa: F811
    client.force_login(auditor)
    assert client.post("/reports/monthly/build/", {"month": "2026-10"}).status_code == 403
    assert not MonthlyReport.objects.exists()


def test_month_boundaries_are_shanghai_midnight():
    month = Month.parse("2026-12")
    assert month.start.isoformat() == "2026-12-01T00:00:00+08:00"
    assert month.end.isoformat() == "2027-01-01T00:00:00+08:00"
    assert str(month.previous) == "2026-11" and str(month.next) == "2027-01"


@pytest.mark.django_db
def test_head_needs_the_same_permission_as_get(api_as, agent, manager, built):
    assert api_as(agent).head("/api/v1/reports/monthly/2026-10/").status_code == 403
    assert api_as(manager).head("/api/v1/reports/monthly/2026-10/").status_code == 200
