"""Reads of complaints: querysets with what their representations need, in a constant number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Window
from django.db.models.query import prefetch_related_objects

from complaints.models import OPEN_STATES, Complaint, ComplaintEvent
from infra.prepared import Bound, Prepared


def complaint_queryset() -> QuerySet[Complaint]:
    """A complaint with what its representation shows, in a constant number of queries.

    Only four relations are joined: PostgreSQL's planning time grows steeply with joins (72 ms with
    nine on 50k rows, against 3 ms with four); the small lookup tables come by prefetch instead."""
    return Complaint.objects.select_related("customer", "category", "owner", "assignee").prefetch_related(
        "department", "root_cause", "responsible_department", "merged_into"
    )


def complaint_list(*, user, filters: dict | None = None) -> QuerySet[Complaint]:
    """The complaints `user` may see (complaints/rules.py), filtered with ComplaintFilterSet (the API
    and the workbench)."""
    from complaints.filters import ComplaintFilterSet
    from complaints.rules import visible_q

    queryset = complaint_queryset()
    scope = visible_q(user)
    if scope is not None:
        queryset = queryset.filter(scope)
    if filters is not None:
        filterset = ComplaintFilterSet(filters, queryset=queryset)
        if not filterset.is_valid():
            from django.core.exceptions import ValidationError

            raise ValidationError(filterset.errors)
        queryset = filterset.qs
    return queryset


@dataclass
class IntakeLookup:
    """What intake shows beside the form, each list only within the user's scope (complaints/rules.py)
    and what lies beyond it only as a count: open complaints on the same waybill or from the same
    customer (a likely repeat or duplicate), and the customer's history."""

    related: list[Complaint]
    related_beyond: int
    history: list[Complaint]
    history_beyond: int


def intake_lookup(*, user, waybill_no: str, customer, limit: int = 5) -> IntakeLookup:
    """Four queries: a count and a list for each of the two groups."""
    from complaints.rules import visible_q

    scope = visible_q(user)

    def split(queryset: QuerySet[Complaint]) -> tuple[list[Complaint], int]:
        if scope is None:
            return list(queryset.select_related("category").order_by("-received_at")[:limit]), 0
        counts = queryset.aggregate(total=Count("id"), visible=Count("id", filter=scope))
        listed = queryset.filter(scope).select_related("category").order_by("-received_at")[:limit]
        return list(listed), counts["total"] - counts["visible"]

    condition = Q(waybill_no=waybill_no) if waybill_no else Q(pk__in=[])
    if customer is not None:
        condition |= Q(customer=customer)
    related, related_beyond = split(Complaint.objects.filter(condition, status__in=OPEN_STATES))
    history, history_beyond = (
        split(Complaint.objects.filter(customer=customer)) if customer is not None else ([], 0)
    )
    return IntakeLookup(related, related_beyond, history, history_beyond)


def complaint_search_q(term: str) -> Q:
    """Complaints matching `term` exactly as a complaint number, a waybill number or (in any spacing,
    with +86) a customer's mobile phone.

    The phone is resolved to its customer first (one probe of the unique phone index), so the
    condition is three equalities PostgreSQL answers together from the number, waybill and customer
    indexes. Joined as `customer.phone = …` or `customer IN (subquery)`, the OR could use none of them:
    the planner walked the received-date index over about half a million rows per query instead."""
    from django.core.exceptions import ValidationError

    from customers.models import Customer
    from customers.phones import normalise_phone

    term = term.strip().upper()
    condition = Q(number=term) | Q(waybill_no=term)
    try:
        phone = normalise_phone(term)
    except ValidationError:
        return condition
    customer_id = Customer.objects.filter(phone=phone).values_list("pk", flat=True).first()
    return condition | Q(customer_id=customer_id) if customer_id is not None else condition


NUMBER_OR_WAYBILL = re.compile(r"^[A-Z0-9]{6,32}$")
PHONE_TAIL = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class ComplaintSearch:
    """What the search text was read as (`kinds`), and the complaints it finds."""

    text: str
    kinds: tuple[str, ...]
    complaints: QuerySet[Complaint]

    def exact_number(self) -> str | None:
        """The number of the one complaint the text names exactly, if the user may see it."""
        if "number" not in self.kinds:
            return None
        return self.complaints.filter(number=self.text.upper()).values_list("number", flat=True).first()


def complaint_search(*, user, q: str) -> ComplaintSearch:
    """Every complaint `user` may see (complaints/rules.py), in every state, matching `q` read as a
    complaint number, a waybill, a mobile number, its last four digits, or the customer's full name.

    Each reading is answered from its own index (the number's unique index, complaint_waybill_idx,
    customer_phone_tail_idx or customer_name_idx then complaint_customer_idx, complaint_contact_name_idx):
    the customers are looked up first so that the complaint query is an OR of index conditions, never
    a scan (an `IN (subquery)` under an OR is a filter on every row)."""
    from customers.phones import normalise_phone
    from customers.selectors import customer_ids_matching

    text = " ".join((q or "").split())[:64]
    compact = re.sub(r"[\s\-]", "", text).upper()
    kinds: list[str] = []
    condition = Q(pk__in=[])
    if NUMBER_OR_WAYBILL.match(compact):
        kinds += ["number", "waybill"]
        condition |= Q(number=compact) | Q(waybill_no=compact)
    customers: list[int] = []
    try:
        phone = normalise_phone(text)
    except ValidationError:
        phone = ""
    if phone:
        kinds.append("phone")
        customers += customer_ids_matching(phone=phone)
    elif PHONE_TAIL.match(compact):
        kinds.append("phone_tail")
        customers += customer_ids_matching(phone_tail=compact)
    elif text and not any(ch.isdigit() for ch in text):  # names have no digits; numbers do
        kinds.append("name")
        customers += customer_ids_matching(name=text)
        condition |= Q(contact_name=text)
    if customers:
        condition |= Q(customer_id__in=customers)
    return ComplaintSearch(
        text=text, kinds=tuple(kinds), complaints=complaint_list(user=user).filter(condition)
    )


def complaint_get_for_user(*, user, number: str, lookups: bool = True) -> Complaint | None:
    """The complaint with this number (as people type it) if `user` may see it; None otherwise, so that
    a number the user may not see reads as one that does not exist. Without `lookups`, its departments
    and root cause are left to the caller (the complaint page reads them with the rest of its lists)
    and it comes with `merged_ids`, the ids of the duplicates merged into it."""
    number = number.strip().upper()
    if not lookups:
        from complaints.rules import visible_q

        complaint = _COMPLAINT_BY_NUMBER.first(number, scope=visible_q(user))
        if complaint is not None and complaint.merged_into_id is not None:
            prefetch_related_objects([complaint], "merged_into")
        return complaint
    return complaint_list(user=user).filter(number=number).first()


def _complaint_by_number(number: str, *, scope: Q | None) -> QuerySet[Complaint]:
    complaints = complaint_queryset().prefetch_related(None).filter(number=number)
    # The ids of the duplicates merged into it (from the merged_into index): the timeline is read
    # by them with the rest of the page.
    merged = Complaint.objects.filter(merged_into=OuterRef("pk")).order_by().values("pk")
    complaints = complaints.annotate(merged_ids=ArraySubquery(merged))
    return (complaints.filter(scope) if scope is not None else complaints)[:1]


# The complaint page's read of its complaint, compiled once per process and scope (infra/prepared.py).
_COMPLAINT_BY_NUMBER = Prepared(_complaint_by_number)


def complaint_by_external_id(*, external_id: str, channel: str | None = None) -> Complaint | None:
    """The complaint a channel filed under its own id (unique per channel), whoever may see it: the
    caller decides what it may tell (intake's idempotent replay, the demo data)."""
    complaints = Complaint.objects.filter(external_id=external_id)
    if channel is not None:
        complaints = complaints.filter(channel=channel)
    return complaints.first()


def complaint_duplicates(complaint: Complaint) -> list[Complaint]:
    """The duplicates merged into `complaint` (their id and number), from the merged_into index: the
    `merged` of `complaint_timeline`."""
    return list(Complaint.objects.filter(merged_into=complaint.pk).order_by().only("id", "number"))


def with_complaints(events, complaint: Complaint, merged: list[Complaint]) -> None:
    """Each event of `complaint_timeline(complaint, merged=...)` given the complaint it belongs to
    (the complaint or one of `merged`), which that read leaves to the caller."""
    complaints = {complaint.pk: complaint} | {m.pk: m for m in merged}
    for event in events:
        event.complaint = complaints[event.complaint_id]


# The customer-facing timeline (complaints/rules.py `customer_facing`): the steps the customer is told
# of. Their notes are shown only where the customer was told that very text (what to provide, the
# solution offered, the result, the reason of a rejection or an extension, their own comment).
CUSTOMER_STEPS = {"intake", "acknowledge", "dispatch", "receive_info", "approve_proposal", "revise"}
CUSTOMER_STEPS |= {"accept_offer", "reopen"}
CUSTOMER_STEPS_WITH_NOTE = {"request_info", "propose", "resolve", "close", "reject", "merge", "extend"}
CUSTOMER_STEPS_WITH_NOTE |= {"incident"}


def complaint_timeline(
    complaint: Complaint, *, customer_facing: bool = False, merged: list[int] | None = None
) -> QuerySet[ComplaintEvent]:
    """The complaint's events oldest first, with those of the duplicates merged into it; with
    `customer_facing`, only the steps the customer is told of and the notices sent to the customer
    (a proposal waiting for a supervisor's approval is internal until approved).

    The complaints are found first (the complaint itself by its key and its duplicates from the
    merged_into index), then their events from the (complaint, at, id) index. An OR across the join to
    the complaint (`complaint = c OR complaint.merged_into = c`) cannot use either index and becomes a
    scan of every event: seconds at a million complaints.

    `merged`: the ids of the duplicates when the caller has them: the events are then read from their
    index alone, joining no complaint (planning a join to the complaints table took 5-20 ms at a
    million), and the duplicates' numbers are the caller's to show."""
    if merged is None:
        complaints = Complaint.objects.filter(Q(pk=complaint.pk) | Q(merged_into=complaint.pk)).values("pk")
        events = ComplaintEvent.objects.filter(complaint__in=complaints)
    else:
        events = ComplaintEvent.objects.filter(complaint_id__in=[complaint.pk, *merged])
    if customer_facing:
        steps = Q(name__in=CUSTOMER_STEPS | CUSTOMER_STEPS_WITH_NOTE) & ~Q(kind__in=["notification", "note"])
        events = events.filter(
            (steps & ~Q(name="propose", to_state="pending_approval"))
            | Q(kind="notification", data__audience="customer")
        )
    # Of the joined rows only what the timeline shows (a whole complaint and user per event cost more
    # than the rest of the page).
    if merged is not None:
        return events.select_related("actor").only(*TIMELINE_FIELDS, "actor__username").order_by("at", "id")
    return (
        events.select_related("actor", "complaint")
        .only(*TIMELINE_FIELDS, "actor__username", "complaint__number")
        .order_by("at", "id")
    )


TIMELINE_FIELDS = ["complaint", "at", "actor", "kind", "name", "from_state", "to_state", "note", "data"]

# What the pages show of an event, as a row (complaints/views/timeline.py `Entry`): the actor by name.
TIMELINE_ROW = (
    "complaint_id",
    "at",
    "kind",
    "name",
    "from_state",
    "to_state",
    "note",
    "data",
    "actor__username",
    "actor__staff_profile__display_name",
)


def _timeline_rows(complaints: list[int], *, newest: int | None) -> QuerySet:
    events = ComplaintEvent.objects.filter(complaint_id__in=complaints)
    if newest is None:
        return events.order_by("at", "id").values_list(*TIMELINE_ROW)
    return (
        events.annotate(entries=Window(Count("pk")))
        .order_by("-at", "-id")
        .values_list(*TIMELINE_ROW, "entries")[:newest]
    )


_TIMELINE_ROWS = Prepared(_timeline_rows)


def timeline_read(complaint: Complaint, *, merged: list[int], newest: int | None = None) -> Bound:
    """The timeline of `complaint` and its merged duplicates (`merged`: their ids) as tuples of
    TIMELINE_ROW, for pages that only show it: one query from the (complaint, at, id) index, no model
    instances, its SQL compiled once per process (infra/prepared.py `read_all` runs it, with others).
    With `newest`, the newest that many newest first, each row ending with the number of events in
    all; else every event, oldest first."""
    return _TIMELINE_ROWS.bind([complaint.pk, *merged], newest=newest)


def classification_accuracy() -> dict:
    """How often the keyword rules chose the category the agent confirmed (from the confirmations)."""
    from django.db.models import Count, Q

    counts = ComplaintEvent.objects.filter(name="confirm_category").aggregate(
        confirmed=Count("id"), rules_right=Count("id", filter=Q(data__rules_right=True))
    )
    confirmed = counts["confirmed"]
    return {**counts, "rate": round(counts["rules_right"] / confirmed, 4) if confirmed else None}


def department_requests(complaint: Complaint | int) -> QuerySet:
    """The departments asked about `complaint`, the lead first, with what the page shows of each."""
    from complaints.models import DepartmentRequest

    return (
        DepartmentRequest.objects.filter(complaint=complaint)
        .select_related("department", "responsible_department", "asked_by", "answered_by", "assignee")
        .order_by("-lead", "asked_at", "id")
    )


_DEPARTMENT_REQUESTS = Prepared(department_requests)


def department_requests_read(complaint: Complaint) -> Bound:
    """`department_requests` as a list, its SQL compiled once per process (infra/prepared.py
    `read_all` runs it, with others)."""
    return _DEPARTMENT_REQUESTS.bind(complaint.pk)
