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
from django.db.models import Q

from complaints.models import (
    Attachment,
    CalendarOverride,
    Category,
    Complaint,
    Contact,
    RootCause,
    StandardReply,
)
from complaints.selectors import complaint_list
from complaints.workdays import WorkingCalendar
from infra.together import instances, read_together, values_of
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
    history: list[Complaint]  # the customer's other complaints the user may see (with category__name)
    contacts: list[Contact]  # the customer's latest consultations and feedback
    attachments: list[Attachment]
    merged: list[Complaint]  # the duplicates merged into the complaint (id and number)


# The complaint's lookups this page reads with the rest (when the complaint came without them).
LOOKUPS = {"department": Department, "responsible_department": Department, "root_cause": RootCause}
HISTORY_SHOWN = CONTACTS_SHOWN = 10


def page_reference(complaint: Complaint, user) -> PageReference:
    category = complaint.category
    offered = Q(category__isnull=True)
    if category is not None:
        offered |= Q(category_id=category.pk)
        if category.parent_id is not None:
            offered |= Q(category_id=category.parent_id)
    lookups = {
        name: getattr(complaint, f"{name}_id")
        for name in LOOKUPS
        if getattr(complaint, f"{name}_id") is not None
        and not Complaint._meta.get_field(name).is_cached(complaint)
    }
    reads = {
        f"lookup_{name}": model.objects.filter(pk=lookups[name]).values(*values_of(model))
        for name, model in LOOKUPS.items()
        if name in lookups
    }
    if complaint.customer_id:
        reads["history"] = (
            complaint_list(user=user)
            .filter(customer_id=complaint.customer_id)
            .exclude(pk=complaint.pk)
            .order_by("-received_at")
            .values("id", "number", "received_at", "status", "category__name")[:HISTORY_SHOWN]
        )
        reads["contacts"] = Contact.objects.filter(customer_id=complaint.customer_id).values(
            *values_of(Contact)
        )[:CONTACTS_SHOWN]
    rows = read_together(
        **reads,
        attachments=complaint.attachments.values(*values_of(Attachment)),
        merged=Complaint.objects.filter(merged_into_id=complaint.pk).values("id", "number"),
        departments=Department.objects.filter(is_active=True).values("code", "name"),
        root_causes=RootCause.objects.filter(is_active=True).values("code", "name"),
        categories=Category.objects.filter(is_active=True).values(
            "code", "name", "parent_id", "parent__name"
        ),
        staff=get_user_model()
        .objects.filter(is_active=True, groups__name__in=HANDLER_ROLES)
        .values("username", "staff_profile__display_name", "staff_profile__department__code")
        .annotate(roles=ArrayAgg("groups__name"))
        .order_by("username"),
        replies=StandardReply.objects.filter(offered, is_active=True).values("title", "text"),
        calendar=CalendarOverride.objects.values("date", "is_working_day"),
    )
    handlers, colleagues = [], []
    for u in rows["staff"]:
        name = u["staff_profile__display_name"] or u["username"]
        department = u["staff_profile__department__code"]
        if department is not None:  # handlers are listed under their department
            handlers.append((department, u["username"], name))
        if COLLEAGUE_ROLES.intersection(u["roles"]):
            colleagues.append((u["username"], name))
    handlers.sort()
    for name, model in LOOKUPS.items():
        if name in lookups:
            found = instances(model, rows[f"lookup_{name}"])
            setattr(complaint, name, found[0] if found else None)
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
        history=instances(Complaint, rows.get("history", [])),
        contacts=instances(Contact, rows.get("contacts", [])),
        attachments=instances(Attachment, rows["attachments"]),
        merged=instances(Complaint, rows["merged"]),
    )
