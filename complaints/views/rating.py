"""/rate/<token>/: the customer's satisfaction link. GET shows the form; only POST changes anything."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from complaints.services.rate import complaint_rate
from complaints.services.rating import RatingLinkError, complaint_for_rating
from infra.errors import Conflict
from infra.ratelimit import over_limit

STATUS_OF = {"invalid": 400, "expired": 410, "used": 409}


class RatingForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    solved = forms.TypedChoiceField(
        label=_("Is the problem solved?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No, not solved"))],
        widget=forms.RadioSelect,
        initial="yes",
    )
    comment = forms.CharField(
        label=_("Your comment"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


def rate(request: HttpRequest, token: str) -> HttpResponse:
    if over_limit("rate", request.META.get("REMOTE_ADDR", ""), limit=30):
        return render(request, "complaints/track_limited.html", status=429)
    try:
        complaint = complaint_for_rating(token)
    except RatingLinkError as exc:
        return render(
            request, "complaints/rate_done.html", {"reason": exc.reason}, status=STATUS_OF[exc.reason]
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                updated = complaint_rate(token=token, **form.cleaned_data)
        except (RatingLinkError, Conflict):
            return render(request, "complaints/rate_done.html", {"reason": "used"}, status=409)
        return render(
            request,
            "complaints/rate_done.html",
            {"reason": "thanks", "reopened": updated.status == "reopened"},
        )
    return render(
        request,
        "complaints/rate.html",
        {"form": form, "complaint": complaint},
        status=400 if form.is_bound else 200,
    )
