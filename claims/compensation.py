"""How much a claim may pay at most, and by which rule (DESIGN.md "Compensation").

- insured (保价): total loss pays min(actual loss, insured amount); partial loss or shortage pays
  insured amount ÷ declared value × actual loss, the ratio at most 1 (over-insurance never pays more
  than the loss) and never more than the insured amount;
- uninsured: actual loss capped at multiplier × freight when the sender acknowledged the cap clause;
  otherwise the actual loss, flagged for legal review (the cap is not applied automatically);
- delay: the freight, excluding insurance and other add-on fees;
- China Post universal-service items: uninsured loss, damage and shortage capped at 3 × postage
  (邮政法 art. 47);
- content mismatch counts as total damage.
Amounts are rounded half-up to the fen once, at the end. Compensation never exceeds the actual loss.

One loss is paid once: `loss_head` groups the claim types that compensate the same loss (the goods;
the freight of a delay), and claims/services.py caps each claim by what the other claims on the
shipment for that loss have not already taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FEN = Decimal("0.01")
POSTAL_MULTIPLIER = Decimal("3")

TOTAL = {"lost", "total_damage", "content_mismatch"}
PARTIAL = {"partial_damage", "shortage"}
DELAY = "delay"
ONE = Decimal("1")


def loss_head(claim_type: str) -> str:
    """What a claim type compensates: the goods (lost, damaged, short, mismatched) or, for a delay, the
    freight. Claims on one shipment for the same head share one cap."""
    return "freight" if claim_type == DELAY else "goods"


class Rule:
    INSURED_TOTAL = "insured_total"
    INSURED_PARTIAL = "insured_partial"
    UNINSURED_MULTIPLIER = "uninsured_multiplier"
    UNINSURED_ACTUAL_LOSS = "uninsured_actual_loss"
    DELAY_FREIGHT = "delay_freight"
    POSTAL_STATUTORY = "postal_statutory"


@dataclass(frozen=True)
class Cap:
    amount: Decimal
    rule: str
    needs_legal_review: bool = False


def compensation_cap(
    *,
    claim_type: str,
    actual_loss: Decimal,
    freight: Decimal,
    insured: bool,
    insured_amount: Decimal | None,
    declared_value: Decimal | None,
    operator_type: str,
    cap_clause_acknowledged: bool,
    multiplier: Decimal,
) -> Cap:
    """The most the rules allow for this claim on this shipment. Raises ValidationError (in Chinese)
    for facts the rules need and the shipment lacks."""
    if claim_type not in TOTAL | PARTIAL | {DELAY}:
        raise ValidationError({"claim_type": _("Unknown claim type.")})
    if actual_loss is None or actual_loss < 0:
        raise ValidationError({"actual_loss": _("The actual loss cannot be negative.")})
    if claim_type == DELAY:
        return Cap(_round(freight), Rule.DELAY_FREIGHT)
    if insured:
        if insured_amount is None:
            raise ValidationError({"shipment": _("The insured shipment has no insured amount on record.")})
        if claim_type in TOTAL:
            return Cap(_round(min(actual_loss, insured_amount)), Rule.INSURED_TOTAL)
        if not declared_value:
            raise ValidationError(
                {
                    "shipment": _(
                        "A partial loss of an insured shipment needs its declared value, not on record."
                    )
                }
            )
        ratio = min(insured_amount / declared_value, ONE)
        return Cap(_round(min(ratio * actual_loss, insured_amount)), Rule.INSURED_PARTIAL)
    if operator_type == "postal_universal":
        return Cap(_round(min(actual_loss, POSTAL_MULTIPLIER * freight)), Rule.POSTAL_STATUTORY)
    if cap_clause_acknowledged:
        return Cap(_round(min(actual_loss, multiplier * freight)), Rule.UNINSURED_MULTIPLIER)
    return Cap(_round(actual_loss), Rule.UNINSURED_ACTUAL_LOSS, needs_legal_review=True)


def _round(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def cap_reason(*, rule_cap: Decimal, claimed: Decimal, cap: Decimal) -> str:
    """Why a claim's cap is below what the rule allows (empty when it is not)."""
    if not claimed:
        return ""
    return _(
        "Other claims on this waybill already take ¥%(claimed)s of the ¥%(rule_cap)s this loss allows; "
        "¥%(cap)s is left."
    ) % {"claimed": claimed, "rule_cap": rule_cap, "cap": cap}
