from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from claims.compensation import Cap, compensation_cap, loss_head
from claims.models import Claim

ZERO = Decimal("0")


def claim_awaits_approval(complaint) -> bool:
    return Claim.objects.filter(complaint=complaint, status=Claim.Status.SUBMITTED).exists()


def claims_pending_counts() -> dict[str, int]:
    """The dashboard's open compensation work: claims waiting for an approver, penalties waiting for a
    manager's decision."""
    from claims.models import Penalty

    return {
        "claims": Claim.objects.filter(status=Claim.Status.SUBMITTED).count(),
        "penalties": Penalty.objects.filter(
            status__in=[Penalty.Status.PROPOSED, Penalty.Status.DISPUTED]
        ).count(),
    }


def claim_list(*, user) -> QuerySet[Claim]:
    """Claims of the complaints `user` may see, each with `others_total` (see `shipment_total`)."""
    from complaints.selectors import complaint_list

    return with_shipment_totals(
        Claim.objects.select_related("complaint", "proposed_by", "approved_by", "legal_reviewed_by").filter(
            complaint__in=complaint_list(user=user).values("pk")
        )
    )


def shipment_claimed(*, shipment_id: int, claim_type: str, exclude_pk: int | None = None) -> Decimal:
    """What the shipment's live claims (not rejected or withdrawn) for the same loss as `claim_type`
    propose in total."""
    types = [t for t in Claim.Type.values if loss_head(t) == loss_head(claim_type)]
    claims = Claim.objects.filter(shipment_id=shipment_id, status__in=Claim.LIVE, claim_type__in=types)
    if exclude_pk is not None:
        claims = claims.exclude(pk=exclude_pk)
    return claims.aggregate(total=Sum("proposed_amount"))["total"] or ZERO


def with_shipment_totals(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate `others_total`: what the shipment's other live claims propose (one subquery, so a list
    of claims and their approval permissions cost no query per claim)."""
    others = (
        Claim.objects.filter(shipment_id=OuterRef("shipment_id"), status__in=Claim.LIVE)
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("shipment_id")
        .annotate(total=Sum("proposed_amount"))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return claims.annotate(
        others_total=Coalesce(Subquery(others, output_field=money), Value(ZERO), output_field=money)
    )


@dataclass(frozen=True)
class CapPreview:
    """What the rules allow for a claim on a shipment: the rule's cap for the loss, what the shipment's
    other live claims for the same loss already take, and what is left (this claim's cap)."""

    rule: Cap
    claimed: Decimal
    cap: Decimal


def claim_cap_for(*, shipment, claim_type: str, actual_loss: Decimal) -> CapPreview:
    """The cap a new claim of `claim_type` for `actual_loss` gets on `shipment` (ValidationError, in
    Chinese, when the shipment lacks a fact the rule needs). claim_create calls it under the shipment's
    row lock; the new-claim form calls it as the agent types."""
    rule = compensation_cap(
        claim_type=claim_type,
        actual_loss=actual_loss,
        freight=shipment.freight,
        insured=shipment.insured,
        insured_amount=shipment.insured_amount,
        declared_value=shipment.declared_value,
        operator_type=shipment.operator_type,
        cap_clause_acknowledged=shipment.cap_clause_acknowledged,
        multiplier=shipment.product.uninsured_cap_multiplier,
    )
    claimed = shipment_claimed(shipment_id=shipment.pk, claim_type=claim_type)
    return CapPreview(rule=rule, claimed=claimed, cap=max(rule.amount - claimed, ZERO))
