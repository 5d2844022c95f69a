"""The managers' admin: only staff with an admin role (supervisor, expert, manager, auditor) get in;
every page carries the calendar banner; the dashboard sits beside the index."""

from __future__ import annotations

from django.contrib import admin
from django.core.cache import cache
from django.urls import path
from django.utils import timezone

from org.roles import ADMIN_ROLES, has_role


def missing_calendar_year() -> int | None:
    """Next year, when its official calendar is not known (checked once an hour per cache)."""
    from complaints.workdays import SHANGHAI, WorkingCalendar

    year = timezone.now().astimezone(SHANGHAI).year + 1
    key = f"calendar-missing:{year}"
    missing = cache.get(key)
    if missing is None:
        missing = bool(WorkingCalendar.load().missing_years([year]))
        cache.set(key, missing, 3600)
    return year if missing else None


class DeskAdminSite(admin.AdminSite):
    site_header = "快递投诉处理 · 管理后台"
    site_title = "快递投诉处理"
    index_title = "配置与监督"

    def has_permission(self, request) -> bool:
        user = request.user
        return super().has_permission(request) and (user.is_superuser or has_role(user, *ADMIN_ROLES))

    def each_context(self, request):
        context = super().each_context(request)
        context["calendar_missing_year"] = missing_calendar_year()
        return context

    def get_urls(self):
        from complaints.admin.dashboard import dashboard

        return [path("dashboard/", self.admin_view(dashboard), name="dashboard"), *super().get_urls()]
