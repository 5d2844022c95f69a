"""/track/: customers look up their complaint's progress by number and phone, without logging in.

A wrong number and a wrong phone get the same answer (no way to probe which numbers exist), the
lookup is rate limited per client address, and GET changes nothing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from config.ratelimit import over_limit
from customers.masking import mask_name
from customers.phones import normalise_phone

LOOKUPS_PER_MINUTE = 10

# What each state means to the customer, in plain words.
PROGRESS = {
    "received": _("Received; we will confirm it shortly."),
    "acknowledged": _("Accepted; we are handling it."),
    "investigating": _("Being investigated with the departments concerned."),
    "awaiting_customer": _("We need more information from you; we will contact you."),
    "pending_approval": _("A solution is being approved."),
    "proposed": _("A solution has been proposed to you."),
    "resolved": _("Handled; we will call you back."),
    "closed": _("Closed."),
    "reopened": _("Being handled again."),
    "rejected": _("Found unfounded after checking; the rules were explained to you."),
    "merged": _("Handled together with your other complaint."),
}


class TrackForm(forms.Form):
    number = forms.CharField(label=_("complaint number"), max_length=16)
    phone = forms.CharField(label=_("mobile phone"), max_length=32)


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    context = {"form": form, "complaint": None, "not_found": False}
    if form.is_bound:
        if over_limit(request, "track", LOOKUPS_PER_MINUTE):
            return render(request, "complaints/track_limited.html", status=429)
        if form.is_valid():
            complaint = _find(form.cleaned_data["number"], form.cleaned_data["phone"])
            if complaint is None:
                context["not_found"] = True
            else:
                context.update(
                    complaint=complaint,
                    progress=PROGRESS.get(complaint.status, ""),
                    name=mask_name(complaint.contact_name),
                )
    return render(request, "complaints/track.html", context)


def _find(number: str, phone: str) -> Complaint | None:
    try:
        phone = normalise_phone(phone)
    except ValidationError:
        return None
    return (
        Complaint.objects.select_related("customer")
        .filter(number=number.strip().upper(), customer__phone=phone)
        .first()
    )
