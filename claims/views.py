"""Claims on the complaint page: propose compensation, and each claim's allowed actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import serializers as s
from claims import services
from claims.api import TRANSITIONS
from claims.models import Claim
from claims.selectors import with_shipment_totals
from complaints.views.detail import get_complaint_for
from complaints.web import arg_fields
from config.errors import Conflict
from org.access import back_office_required


def claims_section(complaint, user) -> dict:
    """What the complaint page shows of claims: each claim with its action forms, and the new-claim form."""
    rows = []
    claims = with_shipment_totals(complaint.claims.select_related("proposed_by", "approved_by"))
    for claim in claims.order_by("id"):
        actions = []
        for transition in claim.get_available_user_status_transitions(user):
            args_class, _service = TRANSITIONS[transition.name]
            actions.append(
                {
                    "name": transition.name,
                    "label": str(transition.custom.get("label", transition.name)),
                    "fields": arg_fields(args_class),
                }
            )
        rows.append({"claim": claim, "actions": actions})
    fields = [f for f in arg_fields(s.ClaimCreateSerializer) if f.name != "complaint"]
    return {"claims": rows, "claim_fields": fields if user.has_perm("claims.add_claim") else []}


PENALTY_TRANSITIONS = {
    "approve": (s.NoteArg, services.penalty_approve),
    "dispute_penalty": (s.DisputeArg, services.penalty_dispute),
    "uphold": (s.RequiredNoteArg, services.penalty_uphold),
    "cancel": (s.RequiredNoteArg, services.penalty_cancel),
}


def penalties_section(complaint, user) -> dict:
    """Penalties on the complaint page: each with its allowed actions, and the proposal form for
    supervisors and managers once the complaint is resolved with company fault."""
    from complaints.rules import can_decide

    rows = []
    for penalty in complaint.penalties.select_related("department", "rule").order_by("id"):
        actions = [
            {
                "name": t.name,
                "label": str(t.custom.get("label", t.name)),
                "fields": arg_fields(PENALTY_TRANSITIONS[t.name][0]),
            }
            for t in penalty.get_available_user_status_transitions(user)
        ]
        rows.append({"penalty": penalty, "actions": actions})
    may_propose = (
        complaint.status in ("resolved", "closed")
        and complaint.company_at_fault
        and can_decide(complaint, user)
    )
    fields = []
    if may_propose:
        from claims.models import PenaltyRule
        from org.models import Department

        options = {
            "department": [(d.code, str(d)) for d in Department.objects.filter(is_active=True)],
            "rule": [(r.code, r.name) for r in PenaltyRule.objects.filter(is_active=True)],
        }
        initial = {
            "department": complaint.responsible_department.code if complaint.responsible_department else "",
            "staff": complaint.responsible_staff,
        }
        fields = arg_fields(s.PenaltyProposeArgs, initial, None, lambda name, field: options.get(name))
    return {"penalties": rows, "penalty_fields": fields}


def _submit(request: HttpRequest, complaint, args_class, call, done: str) -> HttpResponse:
    """Validate the posted arguments, call the service, say what happened, back to the complaint page.
    (Claims and penalties are small panels of that page: their errors come back as messages.)"""
    args = args_class(data=request.POST)
    if not args.is_valid():
        for field, errors in args.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
        return redirect("complaints:detail", number=complaint.number)
    try:
        call(**args.validated_data)
    except ValidationError as exc:
        for errors in (exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}).values():
            for error in errors:
                messages.error(request, error)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("complaints:detail", number=complaint.number)


class _NewClaimArgs(s.ClaimCreateSerializer):
    """The new-claim form: the complaint comes from the page, an empty amount means the cap."""

    complaint = None

    def to_internal_value(self, data):
        data = data.copy()
        if not data.get("proposed_amount"):
            data.pop("proposed_amount", None)
        return super().to_internal_value(data)


@login_required
@back_office_required
@require_POST
def claim_new(request: HttpRequest, number: str) -> HttpResponse:
    complaint = get_complaint_for(request, number)
    return _submit(
        request,
        complaint,
        _NewClaimArgs,
        lambda **args: services.claim_create(complaint=complaint, actor=request.user, **args),
        _("Compensation proposed."),
    )


@login_required
@back_office_required
@require_POST
def claim_transition(request: HttpRequest, number: str, claim_id: int, name: str) -> HttpResponse:
    complaint = get_complaint_for(request, number)
    claim = Claim.objects.filter(pk=claim_id, complaint=complaint).first()
    if claim is None or name not in TRANSITIONS:
        raise Http404
    args_class, service = TRANSITIONS[name]
    return _submit(
        request,
        complaint,
        args_class,
        lambda **args: service(claim=claim, actor=request.user, **args),
        _("Claim updated."),
    )


@login_required
@back_office_required
@require_POST
def penalty_new(request: HttpRequest, number: str) -> HttpResponse:
    complaint = get_complaint_for(request, number)
    return _submit(
        request,
        complaint,
        s.PenaltyProposeArgs,
        lambda **args: services.penalty_propose(complaint=complaint, actor=request.user, **args),
        _("Penalty proposed."),
    )


@login_required
@back_office_required
@require_POST
def penalty_transition(request: HttpRequest, number: str, penalty_id: int, name: str) -> HttpResponse:
    complaint = get_complaint_for(request, number)
    penalty = complaint.penalties.filter(pk=penalty_id).first()
    if penalty is None or name not in PENALTY_TRANSITIONS:
        raise Http404
    args_class, service = PENALTY_TRANSITIONS[name]
    return _submit(
        request,
        complaint,
        args_class,
        lambda **args: service(penalty=penalty, actor=request.user, **args),
        _("Penalty updated."),
    )
