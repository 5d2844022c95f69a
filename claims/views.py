"""Claims on the complaint page: propose compensation, and each claim's allowed actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework import serializers

from claims import serializers as s
from claims import services
from claims.api import TRANSITIONS
from claims.models import Claim
from claims.promises import promise_gap
from claims.selectors import claim_cap_for, claim_list, with_shipment_totals
from complaints.models import Status
from complaints.views.detail import get_complaint_for
from complaints.web import arg_fields, options_for
from infra.errors import Conflict
from infra.prepared import Prepared, read_all
from org.access import back_office_required
from org.roles import Role
from org.templatetags.people import display_name

# The claim type a complaint's category suggests (the agent may change it).
CLAIM_TYPE_OF_CATEGORY = {
    "loss": "lost",
    "loss.lost": "lost",
    "loss.shortage": "shortage",
    "damage": "total_damage",
    "delay": "delay",
}


def claim_type_for(category) -> str:
    """The suggested claim type: by the category's code, else by its first level."""
    if category is None:
        return ""
    code = category.code
    return CLAIM_TYPE_OF_CATEGORY.get(code) or CLAIM_TYPE_OF_CATEGORY.get(code.partition(".")[0], "")


def _posted_for(posted, form_id: str) -> tuple[dict, dict]:
    """What was typed into the form `form_id`, and its errors, when that form was just posted."""
    if posted and posted[0] == form_id:
        return posted[1], posted[2]
    return {}, {}


def _authority_words(claim: Claim, limits: dict) -> str:
    """Under whose authority an approved claim was approved, in words."""
    if not claim.approved_under:
        return ""
    limit = limits.get(claim.approved_under)
    role = dict(Role.choices).get(claim.approved_under, claim.approved_under)
    bound = _("up to ¥%(limit)s") % {"limit": limit} if limit is not None else _("no limit")
    if claim.approved_by_id == claim.proposed_by_id:
        return _("Approved on submission within the proposer's own authority (%(role)s, %(bound)s).") % {
            "role": role,
            "bound": bound,
        }
    return _("Approved by %(name)s under the authority of %(role)s (%(bound)s).") % {
        "name": display_name(claim.approved_by),
        "role": role,
        "bound": bound,
    }


# The complaint page's reads, their SQL compiled once per process (infra/prepared.py).
_CLAIMS = Prepared(
    lambda complaint: with_shipment_totals(
        Claim.objects.filter(complaint_id=complaint).select_related("proposed_by", "approved_by")
    ).order_by("id")
)


def claims_reads(complaint, user) -> list:
    """What `claims_section` reads, for the complaint page to send with its own reads."""
    return [_CLAIMS.bind(complaint.pk)]


def claims_section(complaint, user, posted=None, rows=None) -> dict:
    """What the complaint page shows of claims: each claim with its action forms and how it was
    approved, the new-claim form (its type suggested by the category; what was typed kept with its
    errors), and a warning when the proposed solution promises more money than the claims grant.
    `rows`: what `claims_reads` read (read here without them)."""
    from claims.models import AuthorityLimit

    (claims,) = rows if rows is not None else read_all(*claims_reads(complaint, user))
    for claim in claims:
        claim.complaint = complaint  # what may be done with a claim depends on its complaint
    # The authority matrix only says how an approved claim was approved: read only when one was.
    approved = any(claim.approved_under for claim in claims)
    limits = dict(AuthorityLimit.objects.values_list("role", "max_amount")) if approved else {}
    rows = []
    for claim in claims:
        actions = []
        for transition in claim.get_available_user_status_transitions(user):
            args_class, _service = TRANSITIONS[transition.name]
            data, errors = _posted_for(posted, f"claim-{claim.pk}-{transition.name}")
            fields = arg_fields(args_class, data, errors)
            if transition.name == "approve" and claim.legal_review_pending:
                for f in fields:
                    f.label, f.required = str(_("conclusion of the legal review")), True
            actions.append(
                {
                    "name": transition.name,
                    "label": str(transition.custom.get("label", transition.name)),
                    "fields": fields,
                    "open": bool(errors or data),
                }
            )
        rows.append({"claim": claim, "actions": actions, "authority": _authority_words(claim, limits)})
    data, errors = _posted_for(posted, "claim-new")
    if not data:
        data = {"claim_type": claim_type_for(complaint.category)}
    fields = [f for f in arg_fields(s.ClaimCreateSerializer, data, errors) if f.name != "complaint"]
    gap = promise_gap(complaint.solution, claims) if complaint.solution else None
    return {
        "claims": rows,
        "claim_fields": fields if user.has_perm("claims.add_claim") else [],
        "claim_new_open": bool(errors),
        "promise_gap": gap,
    }


REVIEW_LIMIT = 50  # as many as each list of the review page

PENALTY_TRANSITIONS = {
    "approve": (s.NoteArg, services.penalty_approve),
    "dispute_penalty": (s.DisputeArg, services.penalty_dispute),
    "uphold": (s.RequiredNoteArg, services.penalty_uphold),
    "cancel": (s.RequiredNoteArg, services.penalty_cancel),
}


def _penalty_lists() -> dict:
    from claims.models import PenaltyRule
    from org.models import Department

    return {
        "department": Department.objects.filter(is_active=True).values("code", "name"),
        "rule": PenaltyRule.objects.filter(is_active=True).values("code", "name"),
    }


def _penalties(complaint: int):
    from claims.models import Penalty

    return Penalty.objects.filter(complaint_id=complaint).select_related("department", "rule").order_by("id")


# The penalty section's reads, their SQL compiled once per process (infra/prepared.py).
_PENALTIES = Prepared(_penalties)
_PENALTY_LISTS = Prepared(_penalty_lists)


def _may_propose_penalty(complaint, user) -> bool:
    from complaints.rules import can_decide

    return (
        complaint.status in (Status.RESOLVED, Status.CLOSED)
        and complaint.company_at_fault
        and can_decide(complaint, user)
    )


def penalties_reads(complaint, user) -> list:
    """What `penalties_section` reads (the proposal form's lists only for who may propose), for the
    complaint page to send with its own reads."""
    reads = [_PENALTIES.bind(complaint.pk)]
    if _may_propose_penalty(complaint, user):
        reads.append(_PENALTY_LISTS.bind())
    return reads


def penalties_section(complaint, user, posted=None, rows=None) -> dict:
    """Penalties on the complaint page: each with its allowed actions, and the proposal form for
    supervisors and managers once the complaint is resolved with company fault. `rows`: what
    `penalties_reads` read (read here without them)."""
    penalties, *lists = rows if rows is not None else read_all(*penalties_reads(complaint, user))
    rows = []
    for penalty in penalties:
        penalty.complaint = complaint
        actions = [
            {
                "name": t.name,
                "label": str(t.custom.get("label", t.name)),
                "fields": arg_fields(
                    PENALTY_TRANSITIONS[t.name][0], *_posted_for(posted, f"penalty-{penalty.pk}-{t.name}")
                ),
                "open": bool(_posted_for(posted, f"penalty-{penalty.pk}-{t.name}")[0]),
            }
            for t in penalty.get_available_user_status_transitions(user)
        ]
        rows.append({"penalty": penalty, "actions": actions})
    fields, data = [], {}
    if lists:  # who may propose a penalty
        (lists,) = lists
        options = {
            "department": options_for(
                [(d["code"], f"{d['name']} ({d['code']})") for d in lists["department"]]
            ),
            "rule": options_for([(r["code"], r["name"]) for r in lists["rule"]]),
        }
        initial = {
            "department": complaint.responsible_department.code if complaint.responsible_department else "",
            "staff": complaint.responsible_staff,
        }
        data, errors = _posted_for(posted, "penalty-new")
        fields = arg_fields(
            s.PenaltyProposeArgs, data or initial, errors, lambda name, field: options.get(name)
        )
    return {"penalties": rows, "penalty_fields": fields, "penalty_new_open": bool(data)}


def review_section(user) -> dict:
    """The supervisor review page's claims: those waiting for an approver, oldest first."""
    awaiting = list(
        claim_list(user=user).filter(status=Claim.Status.SUBMITTED).order_by("created_at")[:REVIEW_LIMIT]
    )
    return {"claims_awaiting": awaiting}


def _submit(request: HttpRequest, complaint, form_id: str, args_class, call, done) -> HttpResponse:
    """Validate the posted arguments and call the service: done, a message saying what happened
    (`done(result)`) and back to the complaint page; refused, the complaint page again with the errors
    beside their fields and what was typed kept in the form (400); a conflict (the state moved on) is
    said in a message above the fresh page."""
    typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    args = args_class(data=request.POST)
    if not args.is_valid():
        errors = {k: [str(e) for e in v] for k, v in args.errors.items()}
        return _again(request, complaint, (form_id, typed, errors), 400)
    try:
        result = call(**args.validated_data)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        fields = set(args.fields)
        for key in [k for k in errors if k not in fields]:
            messages.error(request, " ".join(errors.pop(key)))
        return _again(request, complaint, (form_id, typed, errors), 400)
    except Conflict as exc:  # the state moved on: nothing to correct in the form
        messages.error(request, exc.message)
        return redirect("complaints:detail", number=complaint.number)
    messages.success(request, done(result))
    return redirect("complaints:detail", number=complaint.number)


def _again(request: HttpRequest, complaint, posted, status: int) -> HttpResponse:
    from complaints.views.detail import render_detail

    fresh = get_complaint_for(request, complaint.number)
    return render_detail(request, fresh, claims_posted=posted, status=status)


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
        "claim-new",
        _NewClaimArgs,
        lambda **args: services.claim_create(complaint=complaint, actor=request.user, **args),
        lambda claim: (
            _("Compensation proposed: ¥%(amount)s (cap ¥%(cap)s). Submit it to have it approved.")
            % {"amount": claim.proposed_amount, "cap": claim.cap}
        ),
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
        f"claim-{claim.pk}-{name}",
        args_class,
        lambda **args: service(claim=claim, actor=request.user, **args),
        lambda result: claim_done_message(name, result),
    )


def claim_done_message(name: str, claim: Claim) -> str:
    """What the user is told after each claim action (each its own sentence)."""
    amount = {"amount": claim.proposed_amount}
    if name == "submit" and claim.status == Claim.Status.APPROVED:
        role = dict(Role.choices).get(claim.approved_under, claim.approved_under)
        return _(
            "Claim approved on submission: ¥%(amount)s is within your own authority (%(role)s). "
            "It can now be paid."
        ) % {**amount, "role": role}
    if name == "submit":
        if claim.needs_legal_review:
            return (
                _(
                    "Claim submitted: ¥%(amount)s waits for a supervisor or manager, who records the legal "
                    "review when approving."
                )
                % amount
            )
        return _("Claim submitted: ¥%(amount)s waits for approval by a supervisor or manager.") % amount
    return {
        "approve": _("Claim approved: ¥%(amount)s. It can now be paid.") % amount,
        "reject": _("Claim rejected; the reason is on the timeline."),
        "pay": _("Payment recorded: ¥%(amount)s, reference %(ref)s.") % {**amount, "ref": claim.payment_ref},
        "withdraw": _("Claim withdrawn."),
    }[name]


@login_required
@back_office_required
@require_POST
def penalty_new(request: HttpRequest, number: str) -> HttpResponse:
    complaint = get_complaint_for(request, number)
    return _submit(
        request,
        complaint,
        "penalty-new",
        s.PenaltyProposeArgs,
        lambda **args: services.penalty_propose(complaint=complaint, actor=request.user, **args),
        lambda penalty: _("Penalty proposed."),
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
        f"penalty-{penalty.pk}-{name}",
        args_class,
        lambda **args: service(penalty=penalty, actor=request.user, **args),
        lambda result: _("Penalty updated."),
    )


class _CapArgs(serializers.Serializer):
    claim_type = serializers.ChoiceField(Claim.Type.choices)
    actual_loss = serializers.DecimalField(**s.MONEY)


@login_required
@back_office_required
def claim_cap(request: HttpRequest, number: str) -> JsonResponse:
    """What the rules allow for the claim the agent is typing (the new-claim form asks as they type;
    nothing is written)."""
    if not request.user.has_perm("claims.add_claim"):  # only those who may propose need the preview
        raise PermissionDenied
    complaint = get_complaint_for(request, number)
    if complaint.shipment_id is None:
        raise Http404
    args = _CapArgs(data=request.GET)
    if not args.is_valid():
        return JsonResponse({"errors": {k: [str(e) for e in v] for k, v in args.errors.items()}}, status=400)
    try:
        preview = claim_cap_for(shipment=complaint.shipment, **args.validated_data)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"actual_loss": exc.messages}
        return JsonResponse({"errors": errors}, status=400)
    words = {
        "cap": preview.cap,
        "rule": dict(Claim.RULES).get(preview.rule.rule, preview.rule.rule),
        "claimed": preview.claimed,
    }
    text = _("At most ¥%(cap)s: %(rule)s.") % words
    if preview.claimed:
        text += " " + _("Other claims on this waybill already take ¥%(claimed)s.") % words
    if preview.rule.needs_legal_review:
        text += " " + _("Needs legal review: the sender did not acknowledge the cap clause.")
    return JsonResponse(
        {"cap": str(preview.cap), "needs_legal_review": preview.rule.needs_legal_review, "text": text}
    )
