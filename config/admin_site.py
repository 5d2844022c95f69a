"""The managers' admin: only staff with an admin role (supervisor, expert, manager, auditor) get in;
every page carries the calendar banner; the dashboard sits beside the index."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.urls import path
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

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


class BoundedChangeList(ChangeList):
    """A date filter outside what a date holds (`?received_at__year=10000`, `?at__year=-1`, 10**20) is a
    bad link, not a server error: the admin's own "invalid filter" answer (a redirect with ?e=1). The
    date hierarchy fails while building its bounds, a plain lookup when the query is compiled."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class BoundedChangeListMixin:
    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)
        if issubclass(base, BoundedChangeList):
            return base
        return type(f"Bounded{base.__name__}", (BoundedChangeList, base), {})


class DeskAdminSite(admin.AdminSite):
    site_header = "快递投诉处理 · 管理后台"
    site_title = "快递投诉处理"
    index_title = "配置与监督"
    # Lists get the width (a manager's 1440 px screen shows the complaint list's twelve columns whole);
    # the apps are one click away on the index, linked from every page's breadcrumbs.
    enable_nav_sidebar = False

    def has_permission(self, request) -> bool:
        user = request.user
        return super().has_permission(request) and (user.is_superuser or has_role(user, *ADMIN_ROLES))

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin on this site, ours and Django's own, gets the bounded changelist."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, BoundedChangeListMixin):
            admin_class = type(
                admin_class.__name__,
                (BoundedChangeListMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_app_list(self, request, app_label=None):
        """Built when a page shows it (the index, an app's page). Every admin page's context carries the
        list for the navigation sidebar, which this site does not show: a hundred permission checks a
        page for nothing."""
        return SimpleLazyObject(lambda: super(DeskAdminSite, self).get_app_list(request, app_label))

    def each_context(self, request):
        context = super().each_context(request)
        # Only for those who may use admin (and enter the calendar): not on the login page an agent
        # reaches by following an admin link.
        context["calendar_missing_year"] = missing_calendar_year() if self.has_permission(request) else None
        return context

    def get_urls(self):
        from complaints.admin.dashboard import dashboard

        return [path("dashboard/", self.admin_view(dashboard), name="dashboard"), *super().get_urls()]
