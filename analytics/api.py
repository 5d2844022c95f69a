"""GET /api/v1/reports/monthly/{YYYY-MM}/: the built month as the JSON of CONTRACT.md."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.models import MonthlyReport
from analytics.months import Month
from infra.db_router import replica_reads
from infra.permissions import ModelPermissionsByMethod


class MonthlyReportView(APIView):
    permission_classes = [ModelPermissionsByMethod]
    required_perms = {"GET": ("analytics.view_monthlyreport",)}

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT}, description="The month's root-cause report (CONTRACT.md)."
    )
    def get(self, request: Request, month: str) -> Response:
        try:
            parsed = Month.parse(month)
        except ValidationError as exc:
            raise NotFound(exc.messages[0]) from None
        with replica_reads(request):
            report = MonthlyReport.objects.filter(month=parsed.first).first()
        if report is None:
            raise NotFound(_("The report for %(month)s has not been built yet.") % {"month": parsed})
        return Response(report.data)
