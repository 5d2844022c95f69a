"""The supervisor's review: the escalated queue, proposals awaiting approval, deadlines near or past in
their team and department; bulk reassignment of ownership."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.query import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.extensions import REVIEW_PAGE, page_sections
from complaints.models import OPEN_STATES
from complaints.rules import DECIDERS, department_id
from complaints.selectors import complaint_list
from complaints.services import complaint_transfer_owner
from complaints.web import deadline_badge
from complaints.workdays import WorkingCalendar
from infra.bulk import bulk_run
from org.roles import Role, has_role

LIMIT = 50


def _decider(request: HttpRequest) -> None:
    if not has_role(request.user, *DECIDERS):
        raise PermissionDenied


@login_required
def review(request: HttpRequest) -> HttpResponse:
    _decider(request)
    user, now = request.user, timezone.now()
    visible = complaint_list(user=user).filter(status__in=OPEN_STATES)
    dept = department_id(user)
    mine = (Q(queue_department_id=dept) | Q(department_id=dept)) if dept else Q(pk__in=[])
    expert = has_role(user, Role.EXPERT) and not has_role(user, Role.SUPERVISOR, Role.MANAGER)
    escalated = (
        ("escalated", _("Escalated to the expert group"), visible.filter(tier="expert"))
        if expert
        else ("escalated", _("Escalated to the supervisor tier"), visible.filter(tier="supervisor"))
    )
    sections = [
        escalated,
        ("approvals", _("Proposals awaiting approval"), visible.filter(status="pending_approval")),
        (
            "deadlines",
            _("Near or past the deadline in my team and department"),
            visible.filter(mine, resolve_due__lt=now + dt.timedelta(days=1), sla_paused_at__isnull=True),
        ),
    ]
    calendar = WorkingCalendar.load()
    rendered = []
    for key, title, queryset in sections:
        rows = list(queryset.order_by("resolve_due", "id")[:LIMIT])
        prefetch_related_objects([c.owner for c in rows if c.owner_id], "staff_profile")
        for complaint in rows:
            complaint.badge = deadline_badge(complaint, now, calendar)
        rendered.append({"key": key, "title": title, "rows": rows})
    # What the apps above complaints add (claims: claims awaiting an approver).
    extra, people = page_sections(REVIEW_PAGE, user)
    prefetch_related_objects([u for u in people if u is not None], "staff_profile")
    colleagues = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=["agent", "supervisor", "expert"])
        .distinct()
        .select_related("staff_profile")
        .order_by("username")
    )
    return render(
        request,
        "complaints/review.html",
        {
            "sections": rendered,
            "colleagues": colleagues,
            **extra,
            "title": _("Expert group review") if expert else _("Supervisor review"),
        },
    )


@login_required
@require_POST
def review_reassign(request: HttpRequest) -> HttpResponse:
    """Transfer the ownership of the selected complaints to one colleague, reporting each failure."""
    _decider(request)
    to = get_user_model().objects.filter(username=request.POST.get("to", ""), is_active=True).first()
    reason = request.POST.get("reason", "").strip()
    numbers = request.POST.getlist("numbers")
    if to is None or not reason or not numbers:
        messages.error(request, _("Choose complaints, the new owner and a reason."))
        return redirect("complaints:review")
    outcome = bulk_run(
        complaint_list(user=request.user).filter(number__in=numbers),
        lambda complaint: complaint_transfer_owner(
            complaint=complaint, actor=request.user, to=to, reason=reason
        ),
    )
    messages.success(
        request, _("%(n)d reassigned to %(user)s.") % {"n": len(outcome.done), "user": to.username}
    )
    for complaint, text in outcome.refused:
        messages.error(request, f"{complaint.number}: {text}")
    return redirect("complaints:review")
