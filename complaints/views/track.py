"""/track/: customers look up their complaint's progress by number and phone, without logging in.

The form is sent by POST and answered with a redirect to /track/result/, which shows the complaint
found (remembered in the visitor's session for a few minutes): no phone number ever appears in a URL,
an access log or the browser's history. A wrong number and a wrong phone get the same answer (no way
to probe which numbers exist), and lookups are rate limited per client address (the real client
behind trusted proxies, counted atomically across worker processes)."""

from __future__ import annotations

import time

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from complaints.models import Complaint
from customers.masking import mask_name
from customers.phones import normalise_phone
from infra.ratelimit import over_limit

LOOKUPS_PER_MINUTE = 10
RESULT_SECONDS = 600  # how long /track/result/ shows the complaint found
SESSION_KEY = "track_result"

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


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    """GET: the empty form (an old link's query string is dropped, phone included). POST: look up, then
    redirect."""
    if request.method != "POST":
        if request.GET:
            return redirect("complaints:track")
        return render(request, "complaints/track.html", {"form": TrackForm()})
    if over_limit("track", request.META.get("REMOTE_ADDR", ""), limit=LOOKUPS_PER_MINUTE):
        return render(request, "complaints/track_limited.html", status=429)
    form = TrackForm(request.POST)
    complaint = _find(form.cleaned_data["number"], form.cleaned_data["phone"]) if form.is_valid() else None
    if complaint is None:
        # Kept in the form (a POST answer, not a URL); the same answer for any mismatch.
        return render(request, "complaints/track.html", {"form": form, "not_found": form.is_valid()})
    request.session[SESSION_KEY] = {"id": complaint.pk, "until": time.time() + RESULT_SECONDS}
    return redirect("complaints:track-result")


@never_cache
def track_result(request: HttpRequest) -> HttpResponse:
    found = request.session.get(SESSION_KEY) or {}
    complaint = None
    if found.get("until", 0) > time.time():
        complaint = Complaint.objects.filter(pk=found.get("id")).first()
    if complaint is None:
        return redirect("complaints:track")
    return render(
        request,
        "complaints/track.html",
        {
            "form": TrackForm(),
            "complaint": complaint,
            "progress": PROGRESS.get(complaint.status, ""),
            "name": mask_name(complaint.contact_name),
        },
    )


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
