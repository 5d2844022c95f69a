"""The monthly report for managers: list of months, the report page with charts (printable), CSV and
XLSX downloads, and a rebuild button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics import charts, exports
from analytics.models import MonthlyReport
from analytics.months import Month
from analytics.services import monthly_report_build
from claims.models import Claim
from infra.db_router import reads_from_replica

VIEW = "analytics.view_monthlyreport"
BUILD = "analytics.add_monthlyreport"


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValidationError:
        raise Http404 from None


def _report(month: Month) -> MonthlyReport:
    report = MonthlyReport.objects.filter(month=month.first).first()
    if report is None:
        raise Http404(_("The report for %(month)s has not been built yet.") % {"month": month})
    return report


@login_required
@permission_required(VIEW, raise_exception=True)
@reads_from_replica
def report_index(request: HttpRequest) -> HttpResponse:
    reports = MonthlyReport.objects.only("month", "built_at", "seconds")[:36]
    return render(
        request, "analytics/index.html", {"reports": reports, "may_build": request.user.has_perm(BUILD)}
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@reads_from_replica
def report_page(request: HttpRequest, month: str) -> HttpResponse:
    report = _report(_month(month))
    data = report.data
    kpis = {level: sorted(rows, key=lambda r: -r["received"])[:15] for level, rows in data["kpis"].items()}
    claim_types = dict(Claim.Type.choices)
    departments = [
        (
            row["name"],
            row["complaints"],
            [(row.get("category_names", {}).get(code) or code, n) for code, n in row["categories"].items()],
        )
        for row in data["by_department"][:20]
    ]
    compensation = [
        (claim_types.get(row["claim_type"], row["claim_type"]), row["claims"], row["amount"])
        for row in data["compensation"]["by_type"]
    ]
    return render(
        request,
        "analytics/report.html",
        {
            "report": report,
            "d": data,
            "pareto": charts.pareto(data["by_root_cause"]),
            "trend": charts.trend(data.get("trend", [])),
            "top_outlets": [o for o in data["by_outlet"] if o["shipments"] >= 100][:10]
            or data["by_outlet"][:10],
            "kpis": kpis,
            "departments": departments,
            "compensation": compensation,
            "may_build": request.user.has_perm(BUILD),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@reads_from_replica
def report_csv(request: HttpRequest, month: str) -> HttpResponse:
    report = _report(_month(month))
    response = HttpResponse(exports.as_csv(report.data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="complaints-{report.month:%Y-%m}.csv"'
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
@reads_from_replica
def report_xlsx(request: HttpRequest, month: str) -> HttpResponse:
    report = _report(_month(month))
    response = HttpResponse(
        exports.as_xlsx(report.data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="complaints-{report.month:%Y-%m}.xlsx"'
    return response


@login_required
@permission_required(BUILD, raise_exception=True)
@require_POST
def report_build(request: HttpRequest) -> HttpResponse:
    try:
        month = Month.parse(request.POST.get("month", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("analytics:index")
    report = monthly_report_build(month)
    messages.success(
        request,
        _("The report for %(month)s was built in %(seconds).2f s.")
        % {"month": month, "seconds": report.seconds},
    )
    return redirect("analytics:report", month=str(month))
