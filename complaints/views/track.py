"""/track/: customers look up their complaint's progress by its number or their waybill number, and
their phone, without logging in (customers know their waybill; our number only from our message).

The form is sent by POST and answered with a redirect to /track/result/, which shows the complaint
found (remembered in the visitor's session for a few minutes): no phone number ever appears in a URL,
an access log or the browser's history. A wrong number and a wrong phone get the same answer (no way
to probe which numbers exist), and lookups are rate limited per client address (the real client
behind trusted proxies, counted atomically across worker processes)."""

from __future__ import annotations

import time
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
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
    number = forms.CharField(label=_("complaint number or waybill number"), max_length=32)
    phone = forms.CharField(label=_("mobile phone"), max_length=32)

    # The most complaints one lookup shows (several complaints on one waybill, newest first).
    SHOWN = 5


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
    found = _find(form.cleaned_data["number"], form.cleaned_data["phone"]) if form.is_valid() else []
    if not found:
        # Kept in the form (a POST answer, not a URL); the same answer for any mismatch.
        return render(request, "complaints/track.html", {"form": form, "not_found": form.is_valid()})
    request.session[SESSION_KEY] = {"ids": found, "until": time.time() + RESULT_SECONDS}
    return redirect("complaints:track-result")


@never_cache
def track_result(request: HttpRequest) -> HttpResponse:
    found = request.session.get(SESSION_KEY) or {}
    complaints = []
    if found.get("until", 0) > time.time():
        ids = found.get("ids") or [found.get("id")]
        complaints = list(Complaint.objects.filter(pk__in=ids).order_by("-received_at", "-id"))
    if not complaints:
        return redirect("complaints:track")
    for complaint in complaints:
        complaint.progress = PROGRESS.get(complaint.status, "")
        complaint.masked_name = mask_name(complaint.contact_name)
    return render(request, "complaints/track.html", {"form": TrackForm(), "complaints": complaints})


def _find(text: str, phone: str) -> list[int]:
    """The complaints with this number, or on this waybill, of the customer with this phone (the
    newest few): the number's unique index or the waybill's index, then the customer's phone."""
    try:
        phone = normalise_phone(phone)
    except ValidationError:
        return []
    text = "".join(unicodedata.normalize("NFKC", text).split()).upper()  # full-width letters and digits
    return list(
        Complaint.objects.filter(Q(number=text) | Q(waybill_no=text), customer__phone=phone)
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)[: TrackForm.SHOWN]
    )
