"""The small reads of the complaint page, together in one query: what it lists from the reference
tables (the active departments, the staff who may handle or take over complaints, root causes,
categories, the standard replies for the complaint's category, the working calendar), the complaint's
own short lists (the customer's other complaints and contacts, the evidence) and the departments and
root cause it names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Q, QuerySet

from complaints.models import (
    Attachment,
    CalendarOverride,
    Category,
    Complaint,
    Contact,
    RootCause,
    StandardReply,
)
from complaints.rules import visible_q
from complaints.web import state_labels
from complaints.workdays import WorkingCalendar
from infra.prepared import Bound, Prepared
from infra.together import instances, values_of
from org.models import Department
from org.roles import Role

HANDLER_ROLES = [Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER, Role.DEPARTMENT_STAFF]
COLLEAGUE_ROLES = {Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER}


@dataclass
class PageReference:
    departments: list[tuple[str, str]]  # (code, name) of the active ones, by code
    root_causes: list[tuple[str, str]]  # (code, name), in the managers' order
    categories: list[dict]  # code, name, parent_id, parent__name of the active ones, in order
    handlers: list[tuple[str, str, str]]  # (username, name, department code), by department
    colleagues: list[tuple[str, str]]  # (username, name) of the desk's roles, by username
    replies: list[dict]  # title, text of the standard replies offered for the complaint
    calendar: WorkingCalendar
    history: list[Complaint]  # the customer's other complaints the user may see (+ category__name,
    # status_label)
    contacts: list[Contact]  # the customer's latest consultations and feedback (+ kind_label)
    attachments: list[Attachment]
    merged: list[Complaint]  # the duplicates merged into the complaint (id and number)


# The complaint's lookups this page reads with the rest (when the complaint came without them).
LOOKUPS = {"department": Department, "responsible_department": Department, "root_cause": RootCause}
HISTORY_SHOWN = CONTACTS_SHOWN = 10


def _own_reads(complaint, *lookups) -> dict[str, QuerySet]:
    """What a complaint's pages read of it besides its row: the lookups not loaded with it (their ids in
    LOOKUPS' order, None for those not to read), its evidence and the duplicates merged into it (their
    id and number)."""
    reads = {
        f"lookup_{name}": model.objects.filter(pk=pk).values(*values_of(model))
        for (name, model), pk in zip(LOOKUPS.items(), lookups, strict=True)
        if pk is not None
    }
    return reads | {
        "attachments": Attachment.objects.filter(complaint_id=complaint).values(*values_of(Attachment)),
        "merged": Complaint.objects.filter(merged_into_id=complaint).values("id", "number"),
    }


def _lookup_ids(complaint: Complaint) -> list[int | None]:
    """The ids of the complaint's lookups (LOOKUPS) not loaded with it; None for the others."""
    return [
        None if Complaint._meta.get_field(name).is_cached(complaint) else getattr(complaint, f"{name}_id")
        for name in LOOKUPS
    ]


def _set_lookups(complaint: Complaint, rows: dict) -> None:
    for name, model in LOOKUPS.items():
        if f"lookup_{name}" in rows:
            found = instances(model, rows[f"lookup_{name}"])
            setattr(complaint, name, found[0] if found else None)


@dataclass
class OwnRows:
    attachments: list[Attachment]
    merged: list[Complaint]  # id and number


# The case file's reads (`_own_reads`), one query compiled once per process.
OWN_READS = Prepared(_own_reads)


def own_read(complaint: Complaint) -> Bound:
    """`_own_reads` of the complaint (infra/prepared.py `read_all` runs it, with others)."""
    return OWN_READS.bind(complaint.pk, *_lookup_ids(complaint))


def own_rows(complaint: Complaint, rows: dict) -> OwnRows:
    """What `own_read` read, its lookups set on the complaint."""
    _set_lookups(complaint, rows)
    return OwnRows(instances(Attachment, rows["attachments"]), instances(Complaint, rows["merged"]))


def _reads(complaint, customer, category, parent, *lookups, scope) -> dict[str, QuerySet]:
    """The page's small reads of one complaint (its id, its customer's, category's and the category's
    parent's; the ids of the lookups to read, in LOOKUPS' order, None for those not to read), for the
    user who may see `scope` (complaints/rules.py `visible_q`)."""
    offered = Q(category__isnull=True)
    if category is not None:
        offered |= Q(category_id=category)
    if parent is not None:
        offered |= Q(category_id=parent)
    reads = _own_reads(complaint, *lookups)
    if customer is not None:
        visible = Complaint.objects.filter(scope) if scope is not None else Complaint.objects.all()
        reads["history"] = (
            visible.filter(customer_id=customer)
            .exclude(pk=complaint)
            .order_by("-received_at")
            .values("id", "number", "received_at", "status", "category__name")[:HISTORY_SHOWN]
        )
        reads["contacts"] = Contact.objects.filter(customer_id=customer).values(*values_of(Contact))[
            :CONTACTS_SHOWN
        ]
    return reads | {
        "departments": Department.objects.filter(is_active=True).values("code", "name"),
        "root_causes": RootCause.objects.filter(is_active=True).values("code", "name"),
        "categories": Category.objects.filter(is_active=True).values(
            "code", "name", "parent_id", "parent__name"
        ),
        "staff": get_user_model()
        .objects.filter(is_active=True, groups__name__in=HANDLER_ROLES)
        .values("username", "staff_profile__display_name", "staff_profile__department__code")
        .annotate(roles=ArrayAgg("groups__name"))
        .order_by("username"),
        "replies": StandardReply.objects.filter(offered, is_active=True).values("title", "text"),
        "calendar": CalendarOverride.objects.values("date", "is_working_day"),
    }


# One query, its SQL compiled once per process (infra/prepared.py).
READS = Prepared(_reads)


def reference_read(complaint: Complaint, user) -> Bound:
    """The page's small reads of the complaint for `user` (infra/prepared.py `read_all` runs them, with
    others): one statement."""
    category = complaint.category
    return READS.bind(
        complaint.pk,
        complaint.customer_id,
        category.pk if category is not None else None,
        category.parent_id if category is not None else None,
        *_lookup_ids(complaint),
        scope=visible_q(user),
    )


def page_reference(complaint: Complaint, rows: dict) -> PageReference:
    """What `reference_read` read, as the page uses it (the complaint's lookups set on it)."""
    handlers, colleagues = [], []
    for u in rows["staff"]:
        name = u["staff_profile__display_name"] or u["username"]
        department = u["staff_profile__department__code"]
        if department is not None:  # handlers are listed under their department
            handlers.append((department, u["username"], name))
        if COLLEAGUE_ROLES.intersection(u["roles"]):
            colleagues.append((u["username"], name))
    handlers.sort()
    # The labels of the lists' states, looked up once (a model's get_FOO_display flattens its choices
    # on every call).
    history = instances(Complaint, rows.get("history", []))
    statuses = state_labels()
    for h in history:
        h.status_label = statuses.get(h.status, h.status)
    contacts = instances(Contact, rows.get("contacts", []))
    kinds = {k: str(v) for k, v in Contact.Kind.choices} if contacts else {}
    for ct in contacts:
        ct.kind_label = kinds.get(ct.kind, ct.kind)
    _set_lookups(complaint, rows)
    return PageReference(
        departments=[(d["code"], d["name"]) for d in rows["departments"]],
        root_causes=[(r["code"], r["name"]) for r in rows["root_causes"]],
        categories=rows["categories"],
        handlers=[(username, name, department) for department, username, name in handlers],
        colleagues=colleagues,
        replies=rows["replies"],
        calendar=WorkingCalendar(
            {dt.date.fromisoformat(d["date"]): d["is_working_day"] for d in rows["calendar"]}
        ),
        history=history,
        contacts=contacts,
        attachments=instances(Attachment, rows["attachments"]),
        merged=instances(Complaint, rows["merged"]),
    )
