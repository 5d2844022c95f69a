"""Intake by phone, at an outlet, by letter or e-mail: look up the waybill, preview the grading and the
answer-by date, warn of open complaints of the same waybill or phone, read back, record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.deadlines import compute_deadlines, policy_for
from complaints.forms import ContactForm, IntakeForm
from complaints.models import Category, Contact
from complaints.selectors import intake_lookup
from complaints.services import attachment_add, complaint_intake, complaint_resolve
from complaints.services.attachments import files_removed_unless_committed
from complaints.services.contacts import contact_record
from complaints.workdays import WorkingCalendar
from customers.masking import mask_name, mask_phone
from customers.models import Customer, Shipment
from customers.phones import normalise_phone
from customers.services.customers import UNMASK_PERMISSION, customer_unmask
from infra.errors import Conflict
from org.access import back_office_required

CHECKED_BY = {"lookup": ("waybill_no",), "preview": ("category",)}

FIELD_OF = {
    "customer": "customer_phone",
    "category": "category",
    "waybill_no": "waybill_no",
    "description": "description",
    "received_at": "received_at",
    "channel": "channel",
}


def _customer(phone: str) -> Customer | None:
    try:
        return Customer.objects.filter(phone=normalise_phone(phone)).first() if phone else None
    except ValidationError:
        return None


def _context(request: HttpRequest, form: IntakeForm) -> dict:
    """The lookups beside the form: shipment facts, the customer's history, the grading preview."""
    form.focus()
    data = form.data if form.is_bound else form.initial
    waybill = (data.get("waybill_no") or "").strip().upper()
    if form.is_bound and "waybill_no" in form.errors:
        waybill = ""  # not a waybill number: nothing to look up
    shipment = (
        Shipment.objects.select_related(
            "product", "sender", "recipient", "origin_outlet", "destination_outlet"
        )
        .filter(waybill_no=waybill)
        .first()
        if waybill
        else None
    )
    customer = _customer(data.get("customer_phone") or "")
    lookup = intake_lookup(user=request.user, waybill_no=waybill, customer=customer)
    contacts = list(Contact.objects.filter(customer=customer).order_by("-at")[:5]) if customer else []
    preview = None
    category = Category.objects.filter(code=data.get("category") or "").first()
    if category is not None:
        deadlines = compute_deadlines(
            received_at=timezone.now(),
            policy=policy_for("complaint", category.default_severity),
            calendar=WorkingCalendar.load(),
        )
        preview = {"severity": category.get_default_severity_display(), "deadlines": deadlines}
    return {
        "form": form,
        "read_back": form.summary(),
        "shipment": shipment,
        "related": lookup.related,
        "related_beyond": lookup.related_beyond,
        "history": lookup.history,
        "history_beyond": lookup.history_beyond,
        "contacts": contacts,
        "preview": preview,
        "customer_known": customer,
        "customer_known_name": mask_name(customer.name) if customer else "",
        "sender": (mask_name(shipment.party_name("sender")), mask_phone(shipment.sender.phone))
        if shipment and shipment.sender
        else None,
        "recipient": (mask_name(shipment.party_name("recipient")), mask_phone(shipment.recipient.phone))
        if shipment and shipment.recipient
        else None,
    }


@login_required
@back_office_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("complaints.add_complaint"):
        raise PermissionDenied
    if request.method != "POST":
        form = IntakeForm(initial={k: request.GET.get(k, "") for k in ("customer_phone", "waybill_no")})
        return render(request, "complaints/intake.html", _context(request, form))
    action = request.POST.get("action", "save")
    # A lookup checks only the waybill, a preview only the category: the rest of the form keeps what
    # was typed and shows no error before the agent has reached it.
    form = IntakeForm(request.POST, request.FILES, check_only=CHECKED_BY.get(action))
    if action == "lookup":
        known = _customer(request.POST.get("customer_phone", ""))
        if (
            known is not None
            and not request.POST.get("customer_name")
            and request.user.has_perm(UNMASK_PERMISSION)
        ):
            # A caller we know: who may unmask gets the name filled in to confirm (and it is recorded);
            # everyone else sees it masked beside the form and asks the caller.
            customer_unmask(actor=request.user, customer=known, purpose="intake_lookup")
            data = request.POST.copy()
            data["customer_name"] = known.name
            form = IntakeForm(data, request.FILES, check_only=CHECKED_BY[action])
    if action in CHECKED_BY or not form.is_valid():
        form.is_valid()
        return render(
            request,
            "complaints/intake.html",
            _context(request, form),
            status=200 if action in CHECKED_BY else 400,
        )
    if not form.cleaned_data["read_back"]:
        form.add_error("read_back", _("Read the summary back to the customer and tick the box."))
        return render(request, "complaints/intake.html", _context(request, form), status=400)
    data = form.cleaned_data
    try:
        with files_removed_unless_committed(), transaction.atomic():
            complaint = complaint_intake(
                actor=request.user,
                channel=data["channel"],
                customer_name=data["customer_name"],
                customer_phone=data["customer_phone"] or None,
                description=data["description"],
                category_code=data["category"],
                waybill_no=data["waybill_no"],
                remedy_sought=data["remedy_sought"],
                received_at=data.get("received_at"),
                reference=form.reference,
            ).complaint
            for upload in data["evidence"]:
                attachment_add(complaint=complaint, actor=request.user, upload=upload)
            if data["answered_on_spot"]:
                complaint = complaint_resolve(
                    complaint=complaint,
                    actor=request.user,
                    resolution=data["resolution"],
                    root_cause=data["root_cause"],
                    company_at_fault=False,
                )
    except Conflict as exc:
        form.add_error(None, exc.message)
        return render(request, "complaints/intake.html", _context(request, form), status=400)
    except ValidationError as exc:
        for field, errors in (
            exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        ).items():
            target = FIELD_OF.get(field, "evidence" if field == "file" else None)
            for error in errors:
                form.add_error(target if target in form.fields else None, error)
        return render(request, "complaints/intake.html", _context(request, form), status=400)
    messages.success(
        request,
        _("Complaint %(number)s recorded; the customer is told the answer date.")
        % {"number": complaint.number},
    )
    return redirect("complaints:detail", number=complaint.number)


@login_required
@back_office_required
def contact_new(request: HttpRequest) -> HttpResponse:
    """A consultation answered on the spot, or feedback, recorded in one short form."""
    if not request.user.has_perm("complaints.add_contact"):
        raise PermissionDenied
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_record(
                actor=request.user,
                **{
                    k: form.cleaned_data[k]
                    for k in (
                        "channel",
                        "kind",
                        "customer_name",
                        "customer_phone",
                        "text",
                        "answer",
                        "sentiment",
                    )
                },
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(
                        {"customer": "customer_phone"}.get(field, field) if field != "__all__" else None,
                        error,
                    )
        else:
            messages.success(request, _("Recorded."))
            return redirect("complaints:workbench")
    return render(request, "complaints/contact.html", {"form": form}, status=400 if form.is_bound else 200)
