"""The monthly report against a month built by hand (October 2026), every figure written down."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from analytics import report_sql
from analytics.models import ImprovementAction, JobRun, MonthlyReport
from analytics.months import Month
from analytics.services import monthly_report_build
from claims.models import Claim
from claims.penalties import Penalty, PenaltyRule
from complaints.models import Category, ComplaintEvent, Contact, Incident, RootCause
from complaints.workdays import SHANGHAI, WorkingCalendar
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory, ShipmentFactory
from tests.org.factories import DepartmentFactory, UserFactory

OCT = Month(dt.date(2026, 10, 1))


def T(month, day, hour=9, minute=0, second=0):
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


def end(month, day):
    return T(month, day, 23, 59, 59)


def cat(code):
    return Category.objects.get(code=code)


def root(code):
    return RootCause.objects.get(code=code)


@pytest.fixture
def october(db):
    a, b = DepartmentFactory(code="OUT-A", name="甲网点"), DepartmentFactory(code="OUT-B", name="乙网点")
    cs = DepartmentFactory(code="CS-R", name="客服中心", kind="customer_service")
    a1, a2 = UserFactory(username="a1", roles=["agent"]), UserFactory(username="a2", roles=["agent"])
    x, y, z, w = (CustomerFactory() for _ in range(4))
    s_a1 = ShipmentFactory(waybill_no="W1", destination_outlet=a, shipped_at=T(10, 10))
    s_a2 = ShipmentFactory(waybill_no="W3", destination_outlet=a, shipped_at=T(10, 20))
    s_b1 = ShipmentFactory(waybill_no="W2", destination_outlet=b, shipped_at=T(10, 18))
    ShipmentFactory.create_batch(5, destination_outlet=a, shipped_at=T(10, 21))
    ShipmentFactory(destination_outlet=b, shipped_at=T(10, 31, 23, 59))
    ShipmentFactory(destination_outlet=a, shipped_at=T(9, 30, 23, 59))  # September
    ShipmentFactory(destination_outlet=a, shipped_at=T(11, 1, 0, 0))  # November

    def complaint(**kw):
        kw.setdefault("department", cs)
        return ComplaintFactory(**kw)

    c1 = complaint(
        customer=x,
        shipment=s_a1,
        waybill_no="W1",
        category=cat("delay.transit"),
        owner=a1,
        received_at=T(10, 12, 10),
        acknowledged_at=T(10, 12, 11),
        acknowledge_due=T(10, 13, 10),
        resolve_due=end(10, 15),
        statutory_due=end(10, 19),
        status="closed",
        resolved_at=T(10, 13, 10),
        closed_at=T(10, 14),
        satisfaction=5,
        root_cause=root("linehaul"),
        responsible_department=a,
    )
    c2 = complaint(
        customer=x,
        shipment=s_a1,
        waybill_no="W1",
        category=cat("loss.lost"),
        owner=a1,
        received_at=T(10, 12, 11),
        acknowledged_at=T(10, 12, 12),
        acknowledge_due=T(10, 13, 11),
        resolve_due=end(10, 15),
        statutory_due=end(10, 19),
        status="closed",
        resolved_at=T(10, 20, 10),
        closed_at=T(10, 21),
        satisfaction=2,
        root_cause=root("sorting"),
        responsible_department=b,
    )
    ComplaintEvent.objects.create(complaint=c2, at=T(10, 12, 13), kind="transition", name="dispatch")
    c3 = complaint(
        kind="appeal",
        company_at_fault=True,
        customer=y,
        shipment=s_b1,
        waybill_no="W2",
        category=cat("damage.broken"),
        owner=a2,
        received_at=T(10, 20),
        acknowledged_at=T(10, 20, 10),
        acknowledge_due=T(10, 21),
        resolve_due=end(10, 23),
        statutory_due=end(10, 27),
        status="resolved",
        resolved_at=T(10, 22),
        reopen_count=1,
        root_cause=root("linehaul"),
        responsible_department=a,
    )
    storm = Incident.objects.create(
        name="十月暴雨",
        description="分拨中心停运",
        starts_on=dt.date(2026, 10, 24),
        declared_by=a1,
        declared_at=T(10, 24),
    )
    c4 = complaint(
        customer=z,
        shipment=s_a2,
        waybill_no="W3",
        category=cat("delay.transit"),
        owner=a2,
        received_at=T(10, 25, 10),
        acknowledged_at=T(10, 27, 10),
        acknowledge_due=T(10, 26, 10),
        resolve_due=end(11, 3),
        statutory_due=end(11, 5),
        status="investigating",
        incident=storm,
    )
    c5 = complaint(  # received in September, resolved in October
        customer=w,
        category=cat("other.other"),
        received_at=T(9, 28, 10),
        acknowledged_at=T(9, 28, 11),
        acknowledge_due=T(9, 29, 10),
        resolve_due=end(10, 9),
        statutory_due=end(10, 12),
        status="resolved",
        resolved_at=T(10, 9, 15),
        root_cause=root("customer"),
    )
    complaint(status="merged", received_at=T(10, 13))  # a duplicate: counted nowhere
    complaint(
        kind="appeal",
        company_at_fault=False,
        customer=y,
        category=cat("fee.overcharge"),
        received_at=T(10, 30),
        acknowledged_at=None,
        acknowledge_due=T(10, 31),
        resolve_due=end(11, 4),
        statutory_due=end(11, 6),
        status="received",
    )
    complaint(
        received_at=T(11, 2), acknowledge_due=T(11, 3), resolve_due=end(11, 5), statutory_due=end(11, 9)
    )
    complaint(  # September: resolved in September
        received_at=T(9, 10),
        acknowledge_due=T(9, 11),
        resolve_due=end(9, 14),
        statutory_due=end(9, 17),
        status="resolved",
        resolved_at=T(9, 11),
        root_cause=root("pickup"),
    )

    for kind, sentiment, at in [
        ("consultation", "", T(10, 3)),
        ("feedback", "positive", T(10, 4)),
        ("feedback", "suggestion", T(10, 31, 23)),
        ("feedback", "negative", T(11, 1, 0, 30)),
    ]:
        Contact.objects.create(
            kind=kind, sentiment=sentiment, channel="phone", contact_name="王五", text="…", at=at
        )

    def claim(c, claim_type, amount, status, paid_at=None):
        return Claim.objects.create(
            complaint=c,
            shipment=c.shipment or s_a1,
            claim_type=claim_type,
            actual_loss=amount,
            cap=amount,
            rule="uninsured_actual_loss",
            proposed_amount=Decimal(amount),
            status=status,
            proposed_by=a1,
            payment_ref=f"P-{c.pk}-{claim_type}" if paid_at else None,
            paid_at=paid_at,
        )

    claim(c2, "lost", "300.00", "paid", T(10, 21))
    claim(c3, "total_damage", "120.50", "paid", T(10, 22))
    claim(c1, "delay", "12.00", "approved")
    claim(c4, "delay", "8.00", "paid", T(11, 2))

    rule = PenaltyRule.objects.create(code="fixed", name="固定", fixed_amount=Decimal("10.00"))
    for c, dept, amount, status in [
        (c2, b, "100.00", "approved"),
        (c3, a, "50.00", "proposed"),
        (c1, a, "30.00", "upheld"),
    ]:
        penalty = Penalty.objects.create(
            complaint=c,
            department=dept,
            rule=rule,
            loss=Decimal(amount),
            amount=Decimal(amount),
            reason="…",
            status=status,
            proposed_by=a1,
        )
        Penalty.objects.filter(pk=penalty.pk).update(created_at=T(10, 25))
    ImprovementAction.objects.create(
        month=OCT.first, title="干线运输加固包装", root_cause=root("linehaul"), department=a
    )
    return {"c1": c1, "c2": c2, "c3": c3, "c5": c5}


def hours(start, finish):
    return WorkingCalendar.load().working_seconds_between(start, finish) / 3600


def percentile(values, fraction):
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    values = sorted(values)
    position = (len(values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


@pytest.mark.django_db
def test_every_figure_of_a_hand_built_month(october):
    data = monthly_report_build(OCT, notify=False).data

    assert data["month"] == "2026-10"
    assert data["totals"] == {
        "complaints": 5,
        "appeals": 2,
        "effective_appeals": 1,
        "resolved": 4,
        "closed": 2,
        "contacts": 3,
        "incident_complaints": 1,
    }
    assert data["shipments"] == 9
    assert data["complaints_per_10k_shipments"] == 5555.56
    assert data["appeals"] == {
        "appeals": 2,
        "effective_appeals": 1,
        "per_million_shipments": 222222.22,
        "effective_per_million_shipments": 111111.11,
    }
    assert [(c["code"], c["complaints"], c["share"]) for c in data["by_category"]] == [
        ("delay", 2, 0.4),
        ("damage", 1, 0.2),
        ("fee", 1, 0.2),
        ("loss", 1, 0.2),
    ]
    assert data["by_category"][0]["reasons"] == [
        {"code": "delay.transit", "name": "中转/运输延误", "complaints": 2}
    ]
    assert [
        (r["code"], r["complaints"], r["share"], r["cumulative_share"]) for r in data["by_root_cause"]
    ] == [
        ("linehaul", 2, 0.5, 0.5),
        ("customer", 1, 0.25, 0.75),
        ("sorting", 1, 0.25, 1.0),
    ]
    assert [(d["department"], d["complaints"], d["categories"]) for d in data["by_department"]] == [
        ("OUT-A", 2, {"delay": 1, "damage": 1}),
        ("", 1, {"other": 1}),
        ("OUT-B", 1, {"loss": 1}),
    ]
    assert [
        (o["outlet"], o["complaints"], o["shipments"], o["per_10k_shipments"]) for o in data["by_outlet"]
    ] == [
        ("OUT-B", 1, 2, 5000.0),
        ("OUT-A", 3, 7, 4285.71),
    ]
    assert {k: data["on_time"][k] for k in ("acknowledge", "resolve", "statutory")} == {
        "acknowledge": 0.6,
        "resolve": 0.75,
        "statutory": 0.75,
    }
    c = october
    spans = [
        hours(c["c1"].received_at, c["c1"].resolved_at),
        hours(c["c2"].received_at, c["c2"].resolved_at),
        hours(c["c3"].received_at, c["c3"].resolved_at),
        hours(c["c5"].received_at, c["c5"].resolved_at),
    ]
    assert spans[0] == 24.0  # Monday 12 to Tuesday 13 October: working days
    assert data["handling_hours"] == {
        "resolved": 4,
        "median": round(percentile(spans, 0.5), 1),
        "p90": round(percentile(spans, 0.9), 1),
    }
    assert data["first_contact_resolution_rate"] == 0.5  # c1 and c5; c2 was dispatched, c3 reopened
    assert data["reopen_rate"] == 0.25
    assert data["satisfaction"] == {
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1},
        "rated": 2,
        "rate": 0.5,
        "average": 3.5,
    }
    assert data["compensation"]["paid_claims"] == 2
    assert data["compensation"]["paid_amount"] == "420.50"
    assert [(t["claim_type"], t["claims"], t["amount"]) for t in data["compensation"]["by_type"]] == [
        ("lost", 1, "300.00"),
        ("total_damage", 1, "120.50"),
    ]
    assert [(r["claim_type"], r["liability"]) for r in data["compensation"]["by_type_and_liability"]] == [
        ("lost", "OUT-B"),
        ("total_damage", "OUT-A"),
    ]
    assert data["penalties"] == {
        "proposed": 3,
        "by_status": {"approved": 1, "proposed": 1, "upheld": 1},
        "effective": 2,
        "effective_amount": "130.00",
        "by_department": [
            {"department": "OUT-B", "name": "乙网点", "penalties": 1, "amount": "100.00"},
            {"department": "OUT-A", "name": "甲网点", "penalties": 1, "amount": "30.00"},
        ],
    }
    assert data["repeats"] == {"customers": 2, "customer_complaints": 4, "waybills": 1}
    assert data["feedback"] == {
        "consultations": 1,
        "feedback": {"positive": 1, "negative": 0, "suggestion": 1},
    }
    assert data["change"]["complaints"] == {"current": 5, "previous": 2, "delta": 3}
    assert data["change"]["resolved"] == {"current": 4, "previous": 1, "delta": 3}
    assert [a["title"] for a in data["actions"]] == ["干线运输加固包装"]
    agents = {row["code"]: row for row in data["kpis"]["agents"]}
    assert {
        k: agents["a1"][k]
        for k in ("received", "handling_rate", "reply_rate", "on_time_rate", "satisfaction_rate")
    } == {
        "received": 2,
        "handling_rate": 1.0,
        "reply_rate": 1.0,
        "on_time_rate": 0.5,
        "satisfaction_rate": 0.5,
    }
    assert {
        k: agents["a2"][k]
        for k in ("received", "handling_rate", "reply_rate", "on_time_rate", "satisfaction_rate")
    } == {
        "received": 2,
        "handling_rate": 0.5,
        "reply_rate": 1.0,
        "on_time_rate": 1.0,
        "satisfaction_rate": None,
    }
    outlets = {row["code"]: row["received"] for row in data["kpis"]["outlets"]}
    assert outlets == {"OUT-A": 3, "OUT-B": 1}
    assert [(d["code"], d["received"], d["reply_rate"]) for d in data["kpis"]["departments"]] == [
        ("CS-R", 5, 0.8)
    ]
    assert [(i["name"], i["complaints"]) for i in data["incidents"]] == [("十月暴雨", 1)]  # counted apart
    assert data["built_at"]


@pytest.mark.django_db
def test_rebuilding_an_unchanged_month_changes_only_built_at(october):
    first = monthly_report_build(OCT, notify=False).data
    call_command("build_monthly_report", "--month", "2026-10", "--no-notify")
    assert MonthlyReport.objects.count() == 1
    second = MonthlyReport.objects.get().data
    assert second["built_at"] != first["built_at"]
    assert {k: v for k, v in second.items() if k != "built_at"} == {
        k: v for k, v in first.items() if k != "built_at"
    }


@pytest.mark.django_db(transaction=True)
def test_a_build_killed_half_way_leaves_nothing_and_the_rerun_completes_it(october, monkeypatch):
    reference = monthly_report_build(OCT, notify=False).data
    MonthlyReport.objects.all().delete()
    real_compensation = report_sql.compensation

    def killed(p):
        raise KeyboardInterrupt  # the worker is stopped half-way through the figures

    monkeypatch.setattr(report_sql, "compensation", killed)
    with pytest.raises(KeyboardInterrupt):
        monthly_report_build(OCT, notify=False)
    assert not MonthlyReport.objects.exists()
    failed = JobRun.objects.filter(name="build_monthly_report", status="failed").get()
    assert failed.key == "2026-10" and failed.finished_at is not None

    monkeypatch.setattr(report_sql, "compensation", real_compensation)
    rerun = monthly_report_build(OCT, notify=False).data
    assert {k: v for k, v in rerun.items() if k != "built_at"} == {
        k: v for k, v in reference.items() if k != "built_at"
    }
    assert JobRun.objects.filter(name="build_monthly_report", status="succeeded").count() == 2


@pytest.mark.django_db
def test_the_command_refuses_a_bad_month():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("build_monthly_report", "--month", "2026-13")


@pytest.mark.django_db
def test_the_brief_figures_of_a_previous_month_agree_with_the_full_ones(october):
    from analytics import report

    full, brief = report.figures(OCT), report.brief(OCT)
    assert report.change(full, full) == report.change(brief, brief)
