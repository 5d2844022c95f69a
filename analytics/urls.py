from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("reports/monthly/", views.report_index, name="index"),
    path("reports/monthly/build/", views.report_build, name="build"),
    path("reports/monthly/<str:month>/", views.report_page, name="report"),
    path("reports/monthly/<str:month>/csv/", views.report_csv, name="csv"),
    path("reports/monthly/<str:month>/xlsx/", views.report_xlsx, name="xlsx"),
]
