"""The admin dashboard: today's intake, overdue complaints per tier and department, pending approvals.

A handful of aggregate queries, each answered from an index. Counting the overdue backlog still reads
one index entry per overdue complaint, so the figures are computed at most once a minute per scope
(the whole company, or one user's visible complaints) and kept in the shared cache; the page says
when they were counted."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.extensions import DASHBOARD_COUNTS
from complaints.models import OPEN_STATES, Complaint, Status, overdue_q
from complaints.rules import visible_q
from complaints.workdays import SHANGHAI
from org.models import Department

FRESH_SECONDS = 60  # how old the figures may be; the page shows the time they were counted


def dashboard(request):
    from django.contrib import admin

    scope = visible_q(request.user)
    key = figures_key(request.user, scope)
    figures = cache.get(key)
    if figures is None:
        figures = _count(scope)
        cache.set(key, figures, FRESH_SECONDS)
    tiers = dict(Complaint._meta.get_field("tier").choices)
    channels = dict(Complaint._meta.get_field("channel").choices)
    departments = figures["departments"]
    overdue = [
        {
            "tier": tiers.get(tier, tier),
            "department": departments.get(department_id, (None, "—"))[1],
            "code": departments.get(department_id, (None, None))[0],
            "n": n,
        }
        for tier, department_id, n in figures["overdue"]
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "intake": figures["intake"],
        "by_channel": [(channels.get(channel, channel), n) for channel, n in figures["by_channel"]],
        "overdue": overdue,
        "overdue_total": sum(row["n"] for row in overdue),
        "pending": figures["pending"],
        "now": figures["counted_at"],
        "fresh_seconds": FRESH_SECONDS,
    }
    return TemplateResponse(request, "admin/dashboard.html", context)


def figures_key(user, scope: Q | None) -> str:
    """Everyone who reads all complaints shares one entry; anyone else's scope is their own."""
    return "admin-dashboard:all" if scope is None else f"admin-dashboard:user:{user.pk}"


def _count(scope: Q | None) -> dict:
    """The dashboard's figures for the complaints in `scope` (None: all), as plain values."""
    now = timezone.now()
    today = dt.datetime.combine(now.astimezone(SHANGHAI).date(), dt.time.min, SHANGHAI)
    complaints = Complaint.objects.all() if scope is None else Complaint.objects.filter(scope)
    intake = complaints.filter(received_at__gte=today).aggregate(
        total=Count("pk"),
        appeals=Count("pk", filter=Q(kind="appeal")),
        major=Count("pk", filter=Q(severity="major")),
    )
    by_channel = list(
        complaints.filter(received_at__gte=today)
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("channel", "n")
    )
    # Counted from complaint_open_overdue_idx alone (no row, no join per complaint); the departments'
    # names come from their own small table.
    overdue = list(
        complaints.filter(overdue_q(now), status__in=OPEN_STATES)
        .values("tier", "department_id")
        .annotate(n=Count("*"))
        .order_by("tier", "-n", "department_id")
        .values_list("tier", "department_id", "n")
    )
    named = {department_id for _tier, department_id, _n in overdue}
    departments = {
        pk: (code, name)
        for pk, code, name in Department.objects.filter(pk__in=named).values_list("pk", "code", "name")
    }
    pending = {"proposals": complaints.filter(status=Status.PENDING_APPROVAL).count()}
    for counts in DASHBOARD_COUNTS:  # what the apps above complaints add (claims: claims, penalties)
        pending.update(counts())
    return {
        "intake": intake,
        "by_channel": by_channel,
        "overdue": overdue,
        "departments": departments,
        "pending": pending,
        "counted_at": now,
    }
