from django.urls import path

from analytics.api import MonthlyReportView

urlpatterns = [path("reports/monthly/<str:month>/", MonthlyReportView.as_view(), name="report-monthly")]
