"""The admin dashboard: today's intake, overdue complaints per tier and department, pending approvals.
A handful of aggregate queries, each answered from an index (constant in the number of complaints shown)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.extensions import DASHBOARD_COUNTS
from complaints.models import OPEN_STATES, Complaint, Status, overdue_q
from complaints.rules import visible_q
from complaints.workdays import SHANGHAI
from org.models import Department


def dashboard(request):
    from django.contrib import admin

    now = timezone.now()
    today = dt.datetime.combine(now.astimezone(SHANGHAI).date(), dt.time.min, SHANGHAI)
    complaints = Complaint.objects.all()
    scope = visible_q(request.user)
    if scope is not None:
        complaints = complaints.filter(scope)
    intake = complaints.filter(received_at__gte=today).aggregate(
        total=Count("pk"),
        appeals=Count("pk", filter=Q(kind="appeal")),
        major=Count("pk", filter=Q(severity="major")),
    )
    by_channel = list(
        complaints.filter(received_at__gte=today).values("channel").annotate(n=Count("pk")).order_by("-n")
    )
    # Counted from complaint_open_overdue_idx alone (no row, no join per complaint); the departments'
    # names come from their own small table.
    overdue = list(
        complaints.filter(overdue_q(now), status__in=OPEN_STATES)
        .values("tier", "department_id")
        .annotate(n=Count("*"))
        .order_by("tier", "-n", "department_id")
    )
    departments = {
        pk: (code, name) for pk, code, name in Department.objects.values_list("pk", "code", "name")
    }
    for row in overdue:
        row["department__code"], row["department__name"] = departments.get(row["department_id"], (None, None))
    pending = {"proposals": complaints.filter(status=Status.PENDING_APPROVAL).count()}
    for counts in DASHBOARD_COUNTS:  # what the apps above complaints add (claims: claims, penalties)
        pending.update(counts())
    tiers = dict(Complaint._meta.get_field("tier").choices)
    channels = dict(Complaint._meta.get_field("channel").choices)
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "intake": intake,
        "by_channel": [(channels.get(row["channel"], row["channel"]), row["n"]) for row in by_channel],
        "overdue": [
            {
                "tier": tiers.get(row["tier"], row["tier"]),
                "department": row["department__name"] or "—",
                "code": row["department__code"],
                "n": row["n"],
            }
            for row in overdue
        ],
        "overdue_total": sum(row["n"] for row in overdue),
        "pending": pending,
        "now": now,
    }
    return TemplateResponse(request, "admin/dashboard.html", context)
