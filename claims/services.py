"""Every write to claims: create (with its cap), submit, approve, reject, pay once, withdraw."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import rules
from claims.authority import shipment_total
from claims.compensation import cap_reason
from claims.models import Claim, Penalty
from claims.selectors import claim_cap_for
from complaints.models import FINAL_STATES, Complaint, EventKind, Status
from complaints.rules import can_decide, can_work
from complaints.services.events import event_record
from customers.selectors import shipment_lock
from infra.errors import Conflict
from infra.fsm import transition_run


def _lock_complaint(complaint) -> Complaint:
    """The complaint row, locked for the rest of the transaction: a claim or penalty is created against
    the complaint as it is now (not finished, or resolved with fault meanwhile by someone else)."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def claim_create(
    *, complaint, actor, claim_type: str, actual_loss: Decimal, proposed_amount: Decimal | None = None
) -> Claim:
    """A draft claim on the complaint's shipment, its cap computed from the shipment's facts and the
    product's contract terms, less what the shipment's other live claims (not rejected or withdrawn)
    for the same loss already propose: one loss is never paid twice, whichever complaint asks. The
    proposed amount defaults to the cap and never exceeds it. Claims on one shipment are created one at
    a time (its row is locked), so two concurrent claims cannot both take the whole cap."""
    with transaction.atomic():
        complaint = _lock_complaint(complaint)
        if not can_work(complaint, actor):
            raise PermissionDenied(_("You are not allowed to propose compensation on this complaint."))
        if complaint.status in FINAL_STATES:
            raise Conflict(_("The complaint is finished."), current_state=complaint.status)
        if complaint.shipment_id is None:
            raise ValidationError({"complaint": _("A claim needs a waybill known to the operations system.")})
        shipment = shipment_lock(pk=complaint.shipment_id)
        preview = claim_cap_for(shipment=shipment, claim_type=claim_type, actual_loss=actual_loss)
        rule, claimed, cap = preview.rule, preview.claimed, preview.cap
        rule_words = dict(Claim.RULES).get(rule.rule, rule.rule)  # said to people: the rule's name
        if claimed and not cap:
            raise ValidationError(
                {
                    "claim_type": _(
                        "This loss is already claimed in full on this waybill: ¥%(claimed)s by other "
                        "claims, and the rule allows ¥%(cap)s (%(rule)s)."
                    )
                    % {"claimed": claimed, "cap": rule.amount, "rule": rule_words}
                }
            )
        amount = cap if proposed_amount is None else proposed_amount
        if amount < 0:
            raise ValidationError({"proposed_amount": _("The amount cannot be negative.")})
        if amount > cap:
            message = _("The proposed amount is above the cap of ¥%(cap)s (%(rule)s).") % {
                "cap": cap,
                "rule": rule_words,
            }
            if claimed:
                message += " " + cap_reason(rule_cap=rule.amount, claimed=claimed, cap=cap)
            raise ValidationError({"proposed_amount": message})
        claim = Claim.objects.create(
            complaint=complaint,
            shipment=shipment,
            claim_type=claim_type,
            actual_loss=actual_loss,
            cap=cap,
            claimed_before=claimed,
            rule=rule.rule,
            needs_legal_review=rule.needs_legal_review,
            proposed_amount=amount,
            proposed_by=actor,
        )
        # The stored note is for readers of the events API; the timeline words it from the data in the
        # reader's language (claims/describe.py).
        note = _("Compensation proposed: ¥%(amount)s (%(rule)s)") % {
            "amount": amount,
            "rule": claim.get_rule_display(),
        }
        if claimed:
            note += " " + cap_reason(rule_cap=rule.amount, claimed=claimed, cap=cap)
        _event(claim, actor, "claim_create", note)
    return claim


def _event(claim: Claim, actor, name: str, note: str) -> None:
    """The claim's step on the complaint's timeline; `data` holds what the timeline words in the
    reader's language, `note` only what a person wrote (or, for a proposal, the stored summary)."""
    event_record(
        complaint=claim.complaint,
        actor=actor,
        kind=EventKind.ACTION,
        name=name,
        note=note,
        data={
            "claim": claim.pk,
            "status": claim.status,
            "amount": str(claim.proposed_amount),
            "claim_type": claim.claim_type,
            "rule": claim.rule,
            "cap": str(claim.cap),
            "claimed_before": str(claim.claimed_before),
            "approved_under": claim.approved_under,
            "payment_ref": claim.payment_ref or "",
            "legal_review": claim.needs_legal_review,
        },
    )


CLAIM_RULES = {
    "denied": gettext_lazy("You are not allowed to do this on this claim."),
    "not_now": lambda claim, meta: (
        _("This is not possible while the claim is “%(state)s”.") % {"state": claim.get_status_display()}
    ),
}


def _save_claim(claim: Claim, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            claim.save(update_fields=fields)
    except IntegrityError as exc:  # the only unique field a transition writes
        raise ValidationError({"payment_ref": _("This payment reference is already used.")}) from exc


def _apply(claim: Claim, actor, name: str, args=None, *, note: str = "") -> Claim:
    """Transition `name` of the claim through the engine (infra.fsm): lock, permission (403), state and
    conditions (409), save, the event on the complaint's timeline."""
    return transition_run(
        claim,
        name,
        actor=actor,
        queryset=Claim.objects.select_related("complaint", "shipment"),
        args=args,
        save=_save_claim,
        record=lambda step: _event(step.obj, actor, f"claim_{name}", note),
        **CLAIM_RULES,
    ).obj


def claim_submit(*, claim: Claim, actor) -> Claim:
    """Within the proposer's own authority the claim is approved on submission (recorded under that
    authority); above it, or when it needs legal review, it waits for an approver. The authority must
    cover the shipment's total (this claim and its other live claims), so a claim split in two small
    ones still needs the approval the whole would need."""

    def args(locked: Claim) -> dict:
        under = None if locked.needs_legal_review else rules.covers(actor, shipment_total(locked))
        return {"approve_under": under, "at": timezone.now()}

    return _apply(claim, actor, "submit", args)


def claim_approve(*, claim: Claim, actor, note: str = "") -> Claim:
    """Four eyes: not the proposer, and an authority covering the shipment's total (this claim and
    its other live claims). A claim that needs legal review (uninsured, cap clause not acknowledged) is
    approved only with the review's conclusion in `note`; the approval records the review."""
    note = (note or "").strip()

    def args(locked: Claim) -> dict:
        if locked.needs_legal_review and not note:
            raise ValidationError(
                {
                    "note": _(
                        "This claim needs legal review: write the review's conclusion (the cap clause "
                        "was not acknowledged, so the legal basis of the amount must be recorded)."
                    )
                }
            )
        return {
            "by": actor,
            "under": rules.covers(actor, shipment_total(locked)),
            "at": timezone.now(),
            "note": note,
        }

    return _apply(claim, actor, "approve", args, note=note)


def claim_reject(*, claim: Claim, actor, reason: str) -> Claim:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the claim is rejected.")})
    return _apply(claim, actor, "reject", {"note": reason.strip()}, note=reason.strip())


def claim_pay(*, claim: Claim, actor, payment_ref: str) -> Claim:
    """Record the payment, exactly once: a second call (or a concurrent one) gets a conflict. Never by
    the claim's proposer (unless settings.CLAIM_PAYER_NOT_PROPOSER is switched off)."""
    if rules.proposer_barred_from_paying(claim, actor):
        raise PermissionDenied(_("The proposer of a claim may not record its payment (four eyes)."))
    payment_ref = (payment_ref or "").strip()
    if not payment_ref:
        raise ValidationError({"payment_ref": _("The payment reference is required.")})
    return _apply(claim, actor, "pay", {"payment_ref": payment_ref, "at": timezone.now()})


def claim_withdraw(*, claim: Claim, actor) -> Claim:
    return _apply(claim, actor, "withdraw")


# -- penalties (责任追究) ------------------------------------------------------------------------------
def penalty_propose(*, complaint, actor, department, rule, loss: Decimal, reason: str, staff: str = ""):
    """Propose a penalty on the responsible department (or staff member) of a complaint resolved with
    company fault; the amount follows the rule (share of the loss, or fixed)."""
    with transaction.atomic():
        complaint = _lock_complaint(complaint)
        if not can_decide(complaint, actor):
            raise PermissionDenied(_("Penalties are proposed by supervisors and managers."))
        if complaint.status not in (Status.RESOLVED, Status.CLOSED) or not complaint.company_at_fault:
            raise ValidationError(
                {"complaint": _("Only a complaint resolved with company fault can lead to a penalty.")}
            )
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the penalty.")})
        if loss is None or loss < 0:
            raise ValidationError({"loss": _("The loss cannot be negative.")})
        penalty = Penalty.objects.create(
            complaint=complaint,
            department=department,
            staff=staff.strip(),
            rule=rule,
            loss=loss,
            amount=rule.amount_for(loss),
            reason=reason.strip(),
            proposed_by=actor,
        )
        _penalty_event(penalty, actor, "penalty_propose", reason)
    return penalty


def _penalty_event(penalty, actor, name: str, note: str) -> None:
    event_record(
        complaint=penalty.complaint,
        actor=actor,
        kind=EventKind.ACTION,
        name=name,
        note=note,
        data={
            "penalty": penalty.pk,
            "status": penalty.status,
            "amount": str(penalty.amount),
            "department": penalty.department.code,
        },
    )


PENALTY_RULES = {
    "denied": gettext_lazy("You are not allowed to do this on this penalty."),
    "not_now": lambda penalty, meta: (
        _("This is not possible while the penalty is “%(state)s”.") % {"state": penalty.get_status_display()}
    ),
}


def _penalty_apply(penalty, actor, name: str, kwargs: dict, note: str):
    return transition_run(
        penalty,
        name,
        actor=actor,
        queryset=Penalty.objects.select_related("complaint", "department"),
        args=kwargs,
        record=lambda step: _penalty_event(step.obj, actor, f"penalty_{name}", note),
        **PENALTY_RULES,
    ).obj


def _required(text: str, field: str) -> str:
    if not (text or "").strip():
        raise ValidationError({field: _("This field is required.")})
    return text.strip()


def penalty_approve(*, penalty, actor, note: str = ""):
    return _penalty_apply(penalty, actor, "approve", {"by": actor, "note": note}, note)


def penalty_dispute(*, penalty, actor, text: str):
    text = _required(text, "text")
    return _penalty_apply(penalty, actor, "dispute_penalty", {"text": text}, text)


def penalty_uphold(*, penalty, actor, note: str):
    note = _required(note, "note")
    return _penalty_apply(penalty, actor, "uphold", {"by": actor, "note": note}, note)


def penalty_cancel(*, penalty, actor, note: str):
    note = _required(note, "note")
    return _penalty_apply(penalty, actor, "cancel", {"by": actor, "note": note}, note)
