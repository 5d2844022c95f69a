"""The complaint page: facts, deadlines, timeline, and one form per transition the user may run now."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Window
from django.db.models.query import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.extensions import COMPLAINT_PAGE, page_sections
from complaints.models import Complaint
from complaints.selectors import (
    TIMELINE_FIELDS,
    complaint_get_for_user,
    complaint_timeline,
    department_requests,
)
from complaints.services import attachment_add
from complaints.services.attachments import attachment_allowed
from complaints.services.events import event_record
from complaints.views.actions import transition_forms, usual_steps
from complaints.views.reference import page_reference
from complaints.web import deadline_badge, describe, event_labels, state_labels
from complaints.workflow import TRANSITIONS
from customers.masking import mask_name, mask_phone
from customers.models import Shipment
from infra.errors import Conflict
from infra.fsm import label_of, transition_meta
from org.access import back_office_required

UNMASK_SECONDS = 600


def get_complaint_for(request: HttpRequest, number: str, lookups: bool = True) -> Complaint:
    """The complaint if the user may see it, else 404 (existence is not revealed)."""
    # The user's profile first: it says their department (what they may see) and their name.
    prefetch_related_objects([request.user], "staff_profile")
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


def _labelled(events) -> list:
    """The timeline with each event's name and states as people read them."""
    names, states = event_labels(), state_labels()
    events = list(events)
    if not events:
        return events
    for event in events:
        event.label = names.get(event.name, event.name)
        event.from_label = states.get(event.from_state, event.from_state)
        event.to_label = states.get(event.to_state, event.to_state)
        event.summary, event.show_note = describe(event)
    return events


# The complaint page shows the newest entries of the timeline; the whole of it is one click away
# (?timeline=all), and the case file prints everything.
TIMELINE_SHOWN = 30


def _page_timeline(complaint: Complaint, merged: list[Complaint], everything: bool) -> tuple[list, int]:
    """The timeline the page shows, oldest first (the newest TIMELINE_SHOWN entries unless
    `everything`), and how many entries there are in all: one query, whatever the history's length,
    the actors' display names joined; `merged`: the duplicates merged into the complaint."""
    events = complaint_timeline(complaint, merged=[m.pk for m in merged]).select_related(
        "actor__staff_profile"
    )
    events = events.only(*TIMELINE_FIELDS, "actor__username", "actor__staff_profile__display_name")
    if everything:
        timeline = list(events)
    else:
        newest = events.annotate(entries=Window(Count("pk"))).order_by("-at", "-id")[:TIMELINE_SHOWN]
        timeline = list(reversed(list(newest)))
    complaints = {complaint.pk: complaint} | {m.pk: m for m in merged}
    for event in timeline:
        event.complaint = complaints[event.complaint_id]
    entries = len(timeline) if everything else (timeline[0].entries if timeline else 0)
    return _labelled(timeline), entries


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
    now, reference = timezone.now(), page_reference(complaint, request.user)
    unmasked = _unmasked(request, complaint)
    phone = complaint.customer.phone if complaint.customer_id else ""
    if complaint.shipment_id:
        # The shipment with what the page shows of it and the outlets dispatch starts from, at once.
        complaint.shipment = (
            Shipment.objects.select_related("product", "destination_outlet", "origin_outlet")
            .filter(pk=complaint.shipment_id)
            .first()
        )
    requests = list(department_requests(complaint))
    forms = transition_forms(complaint, request.user, posted, requests, reference)
    everything = request.GET.get("timeline") == "all"
    timeline, entries = _page_timeline(complaint, reference.merged, everything)
    first_is_next = bool(forms) and forms[0]["name"] in usual_steps(complaint, requests)
    # What the apps above complaints add to the page (claims: compensation and penalties).
    sections, section_people = page_sections(COMPLAINT_PAGE, complaint, request.user, claims_posted)
    # Every colleague on the page is shown by name: their profiles in one query.
    people = [complaint.owner, complaint.assignee, *(e.actor for e in timeline)]
    people += [u for r in requests for u in (r.asked_by, r.answered_by, r.assignee)]
    people += section_people
    prefetch_related_objects([u for u in people if u is not None], "staff_profile")
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
            "timeline": timeline,
            "timeline_hidden": entries - len(timeline),
            "timeline_entries": entries,
            "attachments": reference.attachments,
            "may_attach": attachment_allowed(complaint=complaint, actor=request.user),
            # The usual next step first; when none of the user's is (the complaint waits for someone
            # else, e.g. a supervisor's approval), nothing is offered as "the next step".
            "forms": forms[:1] if first_is_next else [],
            "more_forms": forms[1:] if first_is_next else forms,
            "requests": requests,
            "now": now,
            "history": reference.history,
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
    complaint = get_complaint_for(request, number)
    phone = complaint.customer.phone if complaint.customer_id else ""
    timeline = _labelled(complaint_timeline(complaint))
    requests = list(department_requests(complaint))
    # Compensation: the claims app's rows, read through the relation it declares on the complaint.
    claims = list(complaint.claims.select_related("proposed_by", "approved_by").order_by("id"))
    people = [complaint.owner, complaint.assignee, *(e.actor for e in timeline)]
    people += [u for cl in claims for u in (cl.proposed_by, cl.approved_by)]
    people += [r.answered_by for r in requests]
    prefetch_related_objects([u for u in people if u is not None], "staff_profile")
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
            "attachments": complaint.attachments.all(),
            "printed_at": timezone.now(),
        },
    )
