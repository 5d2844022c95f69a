"""The complaint page: facts, deadlines, timeline, and one form per transition the user may run now."""

from __future__ import annotations

import datetime as dt
from html import escape

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.extensions import COMPLAINT_PAGE, page_sections, section_reads
from complaints.models import Complaint
from complaints.selectors import (
    complaint_duplicates,
    complaint_get_for_user,
    department_requests_read,
    timeline_read,
)
from complaints.services import attachment_add
from complaints.services.attachments import attachment_allowed
from complaints.services.events import event_record
from complaints.views.actions import transition_forms, usual_steps
from complaints.views.reference import own_read, own_rows, page_reference, reference_read
from complaints.views.timeline import entries as timeline_entries
from complaints.views.timeline import page_html
from complaints.web import deadline_badge, local_day
from complaints.workflow import TRANSITIONS
from customers.masking import mask_name, mask_phone
from customers.models import Shipment
from infra.errors import Conflict
from infra.fsm import label_of, transition_meta
from infra.prepared import Prepared, read_all
from org.access import back_office_required
from org.models import StaffProfile

UNMASK_SECONDS = 600


# The colleagues' profiles (their display names) of a page, by user ids (infra/prepared.py).
_PROFILES = Prepared(lambda users: StaffProfile.objects.filter(user_id__in=users))


def with_profiles(users) -> None:
    """`prefetch_related_objects(users, "staff_profile")`, its SQL compiled once per process: one query
    for the users whose profile is not loaded yet (none when all are)."""
    profile_of = get_user_model().staff_profile.related
    pending: dict[int, list] = {}
    for user in users:
        if user is not None and not profile_of.is_cached(user):
            pending.setdefault(user.pk, []).append(user)
    if not pending:
        return
    found = {profile.user_id: profile for profile in _PROFILES.all(sorted(pending))}
    for user_id, same in pending.items():
        for user in same:
            profile_of.set_cached_value(user, found.get(user_id))


def _shipment(pk: int | None) -> QuerySet[Shipment]:
    """The shipment with what the page shows of it and the outlets dispatch starts from."""
    if pk is None:
        return Shipment.objects.none()
    return (
        Shipment.objects.select_related("product", "destination_outlet", "origin_outlet")
        .filter(pk=pk)
        .order_by("pk")[:1]
    )


_SHIPMENT = Prepared(_shipment)


def _merged_ids(complaint: Complaint) -> list[int]:
    """The ids of the duplicates merged into the complaint: read with it (complaint_get_for_user
    without lookups), else now."""
    merged = getattr(complaint, "merged_ids", None)
    if merged is None:
        merged = [m.pk for m in complaint_duplicates(complaint)]
    return merged


def get_complaint_for(request: HttpRequest, number: str, lookups: bool = True) -> Complaint:
    """The complaint if the user may see it, else 404 (existence is not revealed)."""
    # The user's profile first: it says their department (what they may see) and their name.
    with_profiles([request.user])
    complaint = complaint_get_for_user(user=request.user, number=number, lookups=lookups)
    if complaint is None:
        raise Http404
    return complaint


def _unmasked(request: HttpRequest, complaint: Complaint) -> bool:
    until = request.session.get("unmasked", {}).get(complaint.number)
    return bool(
        until
        and until > timezone.now().timestamp()
        and request.user.has_perm("complaints.unmask_personal_data")
    )


# The complaint page shows the newest entries of the timeline; the whole of it is one click away
# (?timeline=all), and the case file prints everything.
TIMELINE_SHOWN = 30


_NUMBER = "NUMBER0"  # a stand-in complaint number, for one reverse() of many links


def _history_items(history: list[Complaint]) -> SafeString:
    """The customer's other complaints as the page lists them (formatted here: ten rows of five
    values cost more through the template language than the rest of the card)."""
    detail = reverse("complaints:detail", args=[_NUMBER])
    return mark_safe(
        "".join(
            f'<li><a href="{escape(detail.replace(_NUMBER, h.number))}">{escape(h.number)}</a> '
            f"{local_day(h.received_at)} · {escape(str(h.category__name))} · {escape(h.status_label)}</li>"
            for h in history
        )
    )


def render_detail(
    request: HttpRequest,
    complaint: Complaint,
    *,
    posted=None,
    status: int = 200,
    conflict: str = "",
    claims_posted=None,
) -> HttpResponse:
    """The complaint page. `posted` (transition, typed, errors) and `claims_posted` (form id, typed,
    errors) bring back a form that was refused, with what was typed and the errors beside the fields."""
    now = timezone.now()
    newest = None if request.GET.get("timeline") == "all" else TIMELINE_SHOWN
    # What the page reads of the complaint, and what the apps above complaints add to it (claims:
    # compensation and penalties), in one round trip (infra/prepared.py `read_all`).
    wanted = section_reads(COMPLAINT_PAGE, complaint, request.user)
    rows, shipment, requests, events, *found = read_all(
        reference_read(complaint, request.user),
        _SHIPMENT.bind(complaint.shipment_id),
        department_requests_read(complaint),
        timeline_read(complaint, merged=_merged_ids(complaint), newest=newest),
        *(read for reads in wanted for read in reads),
    )
    section_rows = []
    for reads in wanted:
        section_rows.append(found[: len(reads)])
        found = found[len(reads) :]
    reference = page_reference(complaint, rows)
    if complaint.shipment_id:
        complaint.shipment = shipment[0] if shipment else None
    unmasked = _unmasked(request, complaint)
    phone = complaint.customer.phone if complaint.customer_id else ""
    forms = transition_forms(complaint, request.user, posted, requests, reference)
    timeline, entries = timeline_entries(events, reference.merged, newest)
    first_is_next = bool(forms) and forms[0]["name"] in usual_steps(complaint, requests)
    sections, section_people = page_sections(
        COMPLAINT_PAGE, complaint, request.user, claims_posted, rows=section_rows
    )
    # Every colleague on the page is shown by name: their profiles in one query.
    people = [complaint.owner, complaint.assignee]
    people += [u for r in requests for u in (r.asked_by, r.answered_by, r.assignee)]
    people += section_people
    with_profiles(people)
    return render(
        request,
        "complaints/detail.html",
        {
            **sections,
            "c": complaint,
            "customer_name": complaint.contact_name if unmasked else mask_name(complaint.contact_name),
            "customer_phone": phone if unmasked else mask_phone(phone),
            "unmasked": unmasked,
            "may_unmask": request.user.has_perm("complaints.unmask_personal_data"),
            "badge": deadline_badge(complaint, now, reference.calendar),
            "timeline": page_html(timeline, complaint),
            "timeline_hidden": entries - len(timeline),
            "timeline_entries": entries,
            "attachments": reference.attachments,
            "may_attach": attachment_allowed(complaint=complaint, actor=request.user),
            # The usual next step first; when none of the user's is (the complaint waits for someone
            # else, e.g. a supervisor's approval), nothing is offered as "the next step".
            "forms": forms[:1] if first_is_next else [],
            "more_forms": forms[1:] if first_is_next else forms,
            "more_open": any(form["open"] for form in (forms[1:] if first_is_next else forms)),
            "requests": requests,
            "now": now,
            "history": reference.history,
            "history_items": _history_items(reference.history),
            "contacts": reference.contacts,
            "replies": reference.replies,
            "conflict": conflict,
            "shipment": complaint.shipment,
        },
        status=status,
    )


@login_required
@back_office_required
def complaint_detail(request: HttpRequest, number: str) -> HttpResponse:
    # The page reads the complaint's departments and root cause with its other small lists.
    return render_detail(request, get_complaint_for(request, number, lookups=False))


@login_required
@back_office_required
@require_POST
def complaint_transition(request: HttpRequest, number: str, name: str) -> HttpResponse:
    """Run one transition from its form. If someone changed the complaint since the page was shown, the
    user sees the fresh state with a clear message, and what they typed is kept in the form."""
    if name not in TRANSITIONS:
        raise Http404
    complaint = get_complaint_for(request, number)
    typed = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "seen")}
    seen = request.POST.get("seen", "")
    current = f"{complaint.status}/{complaint.tier}/{complaint.updated_at.timestamp():.6f}"
    if seen and seen != current:
        message = _(
            "Someone else changed this complaint meanwhile (now: %(state)s). Check the fresh state "
            "below; what you typed is kept."
        ) % {"state": complaint.get_status_display()}
        return render_detail(request, complaint, posted=(name, typed, {}), status=409, conflict=message)
    args_class, service = TRANSITIONS[name]
    args = args_class(data=request.POST)
    if not args.is_valid():
        return render_detail(request, complaint, posted=(name, typed, args.errors), status=400)
    try:
        updated = service(complaint=complaint, actor=request.user, **args.validated_data)
    except Conflict as exc:
        fresh = get_complaint_for(request, number)
        return render_detail(request, fresh, posted=(name, typed, {}), status=409, conflict=exc.message)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"note": exc.messages}
        return render_detail(request, complaint, posted=(name, typed, errors), status=400)
    except PermissionDenied:
        raise
    meta = transition_meta(updated, name)[1]
    messages.success(request, _("Done: %(action)s.") % {"action": label_of(meta)})
    if updated.status == "merged":
        return redirect("complaints:detail", number=updated.merged_into.number)
    return redirect("complaints:detail", number=updated.number)


@login_required
@back_office_required
@require_POST
def complaint_unmask(request: HttpRequest, number: str) -> HttpResponse:
    """Show the customer's name and phone unmasked for ten minutes; logged on the timeline."""
    complaint = get_complaint_for(request, number)
    if not request.user.has_perm("complaints.unmask_personal_data"):
        raise PermissionDenied
    event_record(
        complaint=complaint,
        actor=request.user,
        kind="action",
        name="unmask",
        note=_("Personal data shown unmasked"),
    )
    unmasked = request.session.get("unmasked", {})
    unmasked[complaint.number] = (timezone.now() + dt.timedelta(seconds=UNMASK_SECONDS)).timestamp()
    request.session["unmasked"] = unmasked
    return redirect("complaints:detail", number=complaint.number)


@login_required
@back_office_required
@require_POST
def complaint_attach(request: HttpRequest, number: str) -> HttpResponse:
    complaint = get_complaint_for(request, number)
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, _("Choose a file to attach."))
    for upload in files:
        try:
            attachment_add(complaint=complaint, actor=request.user, upload=upload)
        except ValidationError as exc:
            messages.error(request, f"{upload.name}: {' '.join(exc.messages)}")
        else:
            messages.success(request, _("Attached: %(name)s") % {"name": upload.name})
    return redirect("complaints:detail", number=complaint.number)


@login_required
@back_office_required
def attachment_download(request: HttpRequest, number: str, attachment_id: int) -> FileResponse:
    complaint = get_complaint_for(request, number)
    attachment = complaint.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@back_office_required
def case_file(request: HttpRequest, number: str) -> HttpResponse:
    """A printable file of one complaint for replies to the regulator (personal data masked)."""
    complaint = get_complaint_for(request, number, lookups=False)
    phone = complaint.customer.phone if complaint.customer_id else ""
    # Its departments, root cause, evidence and merged duplicates, the departments asked and the
    # events (by the duplicates' ids, from their (complaint, at, id) index alone): one round trip.
    rows, requests, events = read_all(
        own_read(complaint),
        department_requests_read(complaint),
        timeline_read(complaint, merged=complaint.merged_ids),
    )
    own = own_rows(complaint, rows)
    timeline, _entries = timeline_entries(events, own.merged)
    # Compensation: the claims app's rows, read through the relation it declares on the complaint.
    claims = list(complaint.claims.select_related("proposed_by", "approved_by").order_by("id"))
    people = [complaint.owner, complaint.assignee]
    people += [u for cl in claims for u in (cl.proposed_by, cl.approved_by)]
    people += [r.answered_by for r in requests]
    with_profiles(people)
    return render(
        request,
        "complaints/case_file.html",
        {
            "c": complaint,
            "customer_name": mask_name(complaint.contact_name),
            "customer_phone": mask_phone(phone),
            "timeline": timeline,
            "requests": requests,
            "claims": claims,
            "attachments": own.attachments,
            "printed_at": timezone.now(),
        },
    )
