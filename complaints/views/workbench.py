"""The workbench (/): my complaints, those assigned to me, my tier's unowned queue; the search over
everything the user may see; filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.filters import ComplaintFilterSet
from complaints.forms import SearchForm
from complaints.models import HANDED_OVER, OPEN_STATES, Complaint, DepartmentRequest
from complaints.reference import Reference
from complaints.rules import consulted_q, department_id, visible_q
from complaints.selectors import complaint_search
from complaints.web import deadline_badge
from org.access import back_office_required
from org.roles import Role, has_role

PAGE_SIZE = 25
# The columns a row shows (complaints/_rows.html) and its deadline badge reads (complaints/web.py),
# with the owner's display name joined: 18 of the complaint's 58 columns for the page. A row reading
# another field costs a query per row (the workbench's constant-query tests fail).
ROW_FIELDS = (
    "number",
    "waybill_no",
    "received_at",
    "status",
    "tier",
    "severity",
    "category__name",
    "contact_name",
    "customer__phone",
    "owner__username",
    "owner__staff_profile__display_name",
    "acknowledge_due",
    "resolve_due",
    "statutory_due",
    "callback_due",
    "reopened_at",
    "sla_paused_at",
)
# Counts stop here: counting every open complaint of a large team would read its whole index.
COUNT_CAP = 999


def _tabs(user) -> dict[str, tuple[str, Q]]:
    """Each list of the workbench: (label, condition within what the user may see). The conditions are
    written as complaints/rules.py writes the same terms of the scope (`owner_id=…`), so that a list
    the scope already contains is read without it (`_implied`)."""
    tier = (
        "expert"
        if has_role(user, Role.EXPERT)
        else "supervisor"
        if has_role(user, Role.SUPERVISOR)
        else "frontline"
    )
    tabs = {
        "mine": (_("My complaints"), Q(owner_id=user.pk)),
        # Assigned to me while another owns it (or nobody does): with assignee = me, the same as "owner
        # is not me", written as complaint_open_handed_idx's predicate.
        "assigned": (_("Assigned to me"), Q(assignee_id=user.pk) & HANDED_OVER),
        "queue": (_("Unowned in my queue"), Q(owner__isnull=True, tier=tier)),
    }
    if has_role(user, Role.DEPARTMENT_STAFF):
        dept = department_id(user)
        asked = Q(department_id=dept) | consulted_q(dept) if dept else Q(pk__in=[])
        tabs = {"department": (_("Asked of my department"), asked)}
    tabs["all"] = (_("All I can see"), Q())
    return tabs


def capped_count(queryset: QuerySet) -> str:
    """The number of rows, or "999+" beyond the cap (a LIMIT inside the count, and no ORDER BY: sorting
    made PostgreSQL read every matching row before the limit)."""
    n = queryset.order_by()[: COUNT_CAP + 1].count()
    return f"{COUNT_CAP}+" if n > COUNT_CAP else str(n)


def _terms(condition: Q) -> list[Q]:
    """The alternatives of an OR condition, nested ORs flattened (a condition that is no OR: itself)."""
    if condition.negated or condition.connector != Q.OR:
        return [condition]
    terms: list[Q] = []
    for child in condition.children:
        terms += _terms(child) if isinstance(child, Q) else [Q(child)]
    return terms


def _implied(condition: Q, terms: list[Q]) -> bool:
    """Whether every complaint matching `condition` matches one of `terms`, read from the conditions'
    form alone: it is one of them, an OR of such, or an AND with such a part. False when unsure."""
    if condition in terms:
        return True
    children = condition.children
    if condition.negated or not children or (len(children) == 1 and not isinstance(children[0], Q)):
        return False
    parts = [child if isinstance(child, Q) else Q(child) for child in children]
    if condition.connector == Q.OR:
        return all(_implied(part, terms) for part in parts)
    return any(_implied(part, terms) for part in parts)


def _within(queryset: QuerySet, scope: Q | None, condition: Q, scoped: QuerySet | None = None) -> QuerySet:
    """`queryset` filtered to `condition` within `scope` (None: everything). A condition the scope
    already contains (my complaints: `owner_id = me` is one of the scope's terms) is filtered alone:
    the same rows, but PostgreSQL then reads them from the index of that condition (an OR of the scope's
    terms beside it made it walk every open complaint: 40k page reads at a million). `scoped`: the
    queryset already filtered to the scope (its terms built once for the page's lists)."""
    if scope is None or _implied(condition, _terms(scope)):
        return queryset.filter(condition)
    return (scoped if scoped is not None else queryset.filter(scope)).filter(condition)


# The filters shown beside the search (the status has its own checklist).
FILTERS = ("tier", "severity", "channel", "overdue")


# Deeper pages than anyone reads; the offset stays far inside what PostgreSQL accepts.
MAX_PAGE = 10_000


def _page(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


@login_required
@back_office_required
def workbench(request: HttpRequest) -> HttpResponse:
    """Open complaints first by nearest deadline (overdue ones come first). With a search text: every
    complaint the user may see, in every state, newest first; an exact complaint number opens it.
    A constant number of queries whatever the page size."""
    user = request.user
    tabs = _tabs(user)
    tab = request.GET.get("list") if request.GET.get("list") in tabs else next(iter(tabs))
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = complaint_search(user=user, q=q) if q else None
    if found is not None and (number := found.exact_number()):
        return redirect("complaints:detail", number=number)
    # The found complaints are within the user's scope already; the lists apply it per list (`_within`).
    scope = visible_q(user) if found is None else None
    # Only what the rows show is joined (complaints/_rows.html); no prefetched lookups.
    unfiltered = found.complaints if found is not None else Complaint.objects.all()
    unfiltered = (
        unfiltered.select_related(None)
        .select_related("customer", "category", "owner__staff_profile")
        .prefetch_related(None)
    )
    filterset = ComplaintFilterSet(request.GET, queryset=unfiltered)
    base = filterset.qs if filterset.is_valid() else unfiltered.none()
    if found is None and not request.GET.getlist("status"):
        base = base.filter(status__in=OPEN_STATES)
    page = _page(request)
    if found is not None:
        counts = {"found": capped_count(base)}
        listed = base.order_by("-received_at", "-id")
    else:
        counts = {}
        scoped = base.filter(scope) if scope is not None else None
        for name, (_label, condition) in tabs.items():
            if name == "all" and any(count.endswith("+") for count in counts.values()):
                counts[name] = f"{COUNT_CAP}+"  # it holds every other list: no need to count
            else:
                counts[name] = capped_count(_within(base, scope, condition, scoped))
        listed = _within(base, scope, tabs[tab][1], scoped).order_by("resolve_due", "id")
    rows = list(listed.only(*ROW_FIELDS)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if has_role(user, Role.DEPARTMENT_STAFF) and (dept := department_id(user)):
        # What is asked of the department: its own deadline for the finding, one query for the page.
        asked = DepartmentRequest.objects.filter(complaint__in=[c.pk for c in rows], department_id=dept)
        by_complaint = {r.complaint_id: r for r in asked}
        for complaint in rows:
            complaint.request = by_complaint.get(complaint.pk)
    now, calendar = timezone.now(), Reference().calendar
    for complaint in rows:
        complaint.badge = deadline_badge(complaint, now, calendar)
        # Set on every row: a missing attribute costs the template a dir() of the whole model per row.
        complaint.request = getattr(complaint, "request", None)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("list", None)
    status_field = filterset.form["status"]
    return render(
        request,
        "complaints/workbench.html",
        {
            "tabs": [(name, label, counts.get(name)) for name, (label, _c) in tabs.items()],
            "tab": tab,
            "found": found,
            "found_count": counts.get("found"),
            "rows": rows,
            "page": page,
            "has_next": has_next,
            "filterset": filterset,
            "filters": [filterset.form[name] for name in FILTERS],
            "status_choices": status_field.field.choices,
            "status_chosen": [str(v) for v in (status_field.value() or [])],
            "search": search,
            "query": query.urlencode(),
        },
    )
