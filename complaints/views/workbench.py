"""The workbench (/): my complaints, those assigned to me, my tier's unowned queue; search and filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.filters import ComplaintFilterSet
from complaints.forms import ContactForm, SearchForm
from complaints.models import OPEN_STATES
from complaints.rules import department_id
from complaints.selectors import complaint_list, complaint_search_q
from complaints.web import deadline_badge
from complaints.workdays import WorkingCalendar
from org.access import back_office_required
from org.roles import Role, has_role

PAGE_SIZE = 25


def _tabs(user) -> dict[str, tuple[str, Q]]:
    """Each list of the workbench: (label, condition within what the user may see)."""
    tier = (
        "expert"
        if has_role(user, Role.EXPERT)
        else "supervisor"
        if has_role(user, Role.SUPERVISOR)
        else "frontline"
    )
    tabs = {
        "mine": (_("My complaints"), Q(owner=user)),
        "assigned": (_("Assigned to me"), Q(assignee=user) & ~Q(owner=user)),
        "queue": (_("Unowned in my queue"), Q(owner__isnull=True, tier=tier)),
    }
    if has_role(user, Role.DEPARTMENT_STAFF):
        dept = department_id(user)
        tabs = {
            "department": (_("Dispatched to my department"), Q(department_id=dept) if dept else Q(pk__in=[]))
        }
    tabs["all"] = (_("All I can see"), Q())
    return tabs


def _search(queryset, q: str):
    q = q.strip()
    return queryset.filter(complaint_search_q(q)) if q else queryset


# Deeper pages than anyone reads; the offset stays far inside what PostgreSQL accepts.
MAX_PAGE = 10_000


@login_required
@back_office_required
def workbench(request: HttpRequest) -> HttpResponse:
    """Open complaints first by nearest deadline (overdue ones come first); a constant number of queries
    whatever the page size: the page, the counters, and the lookups of the page's rows."""
    user = request.user
    tabs = _tabs(user)
    tab = request.GET.get("list") if request.GET.get("list") in tabs else next(iter(tabs))
    filterset = ComplaintFilterSet(request.GET, queryset=complaint_list(user=user))
    search = SearchForm(request.GET or None)
    base = filterset.qs if filterset.is_valid() else complaint_list(user=user).none()
    if not request.GET.get("status"):
        base = base.filter(status__in=OPEN_STATES)
    if search.is_valid():
        base = _search(base, search.cleaned_data["q"])
    counts = {
        name: base.filter(condition).count() for name, (_label, condition) in tabs.items() if name != "all"
    }
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    rows = list(
        base.filter(tabs[tab][1]).order_by("resolve_due", "id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    now, calendar = timezone.now(), WorkingCalendar.load()
    for complaint in rows:
        complaint.badge = deadline_badge(complaint, now, calendar)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("list", None)
    return render(
        request,
        "complaints/workbench.html",
        {
            "tabs": [(name, label, counts.get(name)) for name, (label, _c) in tabs.items()],
            "tab": tab,
            "rows": rows,
            "page": page,
            "has_next": has_next,
            "filterset": filterset,
            "search": search,
            "query": query.urlencode(),
            "contact_form": ContactForm(),
        },
    )
