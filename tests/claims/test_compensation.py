"""The cap rules, table-driven (DESIGN.md "Compensation")."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from claims.compensation import compensation_cap

BASE = {
    "freight": D("20.00"),
    "insured": False,
    "insured_amount": None,
    "declared_value": None,
    "operator_type": "express",
    "cap_clause_acknowledged": True,
    "multiplier": D("3"),
}

CASES = [
    # (claim type, actual loss, shipment facts, cap, rule, needs legal review)
    ("lost", D("500"), {"insured": True, "insured_amount": D("1000")}, D("500.00"), "insured_total", False),
    ("lost", D("1500"), {"insured": True, "insured_amount": D("1000")}, D("1000.00"), "insured_total", False),
    (
        "total_damage",
        D("800"),
        {"insured": True, "insured_amount": D("1000")},
        D("800.00"),
        "insured_total",
        False,
    ),
    (
        "content_mismatch",
        D("2000"),
        {"insured": True, "insured_amount": D("1200")},
        D("1200.00"),
        "insured_total",
        False,
    ),
    (
        "partial_damage",
        D("300"),
        {"insured": True, "insured_amount": D("1000"), "declared_value": D("2000")},
        D("150.00"),
        "insured_partial",
        False,
    ),
    (
        "shortage",
        D("333.33"),
        {"insured": True, "insured_amount": D("1000"), "declared_value": D("3000")},
        D("111.11"),
        "insured_partial",
        False,
    ),
    (
        "partial_damage",
        D("0.015"),
        {"insured": True, "insured_amount": D("1"), "declared_value": D("1")},
        D("0.02"),
        "insured_partial",
        False,
    ),  # half-up, once, at the end
    (
        "partial_damage",
        D("5000"),
        {"insured": True, "insured_amount": D("1000"), "declared_value": D("2000")},
        D("1000.00"),
        "insured_partial",
        False,
    ),  # loss above the declared value: never above the insured amount
    ("lost", D("500"), {}, D("60.00"), "uninsured_multiplier", False),
    ("lost", D("40"), {}, D("40.00"), "uninsured_multiplier", False),
    ("lost", D("500"), {"freight": D("0")}, D("0.00"), "uninsured_multiplier", False),
    ("lost", D("500"), {"cap_clause_acknowledged": False}, D("500.00"), "uninsured_actual_loss", True),
    ("lost", D("500"), {"multiplier": D("5")}, D("100.00"), "uninsured_multiplier", False),
    ("delay", D("999"), {"freight": D("23.50")}, D("23.50"), "delay_freight", False),
    ("delay", D("0"), {"freight": D("0")}, D("0.00"), "delay_freight", False),
    (
        "lost",
        D("500"),
        {"operator_type": "postal_universal", "freight": D("12")},
        D("36.00"),
        "postal_statutory",
        False,
    ),
    (
        "shortage",
        D("20"),
        {"operator_type": "postal_universal", "freight": D("12")},
        D("20.00"),
        "postal_statutory",
        False,
    ),
    (
        "lost",
        D("500"),
        {"operator_type": "postal_universal", "insured": True, "insured_amount": D("400")},
        D("400.00"),
        "insured_total",
        False,
    ),
    # Over-insurance (insured above the declared value) never pays more than the loss: ratio at most 1.
    (
        "partial_damage",
        D("500"),
        {"insured": True, "insured_amount": D("2000"), "declared_value": D("1000")},
        D("500.00"),
        "insured_partial",
        False,
    ),
    (
        "shortage",
        D("1500"),
        {"insured": True, "insured_amount": D("2000"), "declared_value": D("1000")},
        D("1500.00"),
        "insured_partial",
        False,
    ),
    (
        "lost",
        D("800"),
        {"insured": True, "insured_amount": D("2000"), "declared_value": D("1000")},
        D("800.00"),
        "insured_total",
        False,
    ),
]


@pytest.mark.parametrize(("claim_type", "loss", "facts", "cap", "rule", "review"), CASES)
def test_a_cap_is_never_above_the_actual_loss(claim_type, loss, facts, cap, rule, review):
    result = compensation_cap(claim_type=claim_type, actual_loss=loss, **{**BASE, **facts})
    if claim_type != "delay":  # a delay refunds the freight, whatever the goods were worth
        assert result.amount <= loss.quantize(D("0.01"))


@pytest.mark.parametrize(("claim_type", "loss", "facts", "cap", "rule", "review"), CASES)
def test_cap_rules(claim_type, loss, facts, cap, rule, review):
    result = compensation_cap(claim_type=claim_type, actual_loss=loss, **{**BASE, **facts})
    assert (result.amount, result.rule, result.needs_legal_review) == (cap, rule, review)
    assert result.amount.as_tuple().exponent == -2


def test_partial_damage_without_a_declared_value_is_a_clear_error():
    with pytest.raises(ValidationError) as info:
        compensation_cap(
            claim_type="partial_damage",
            actual_loss=D("100"),
            **{**BASE, "insured": True, "insured_amount": D("1000")},
        )
    assert "声明价值" in info.value.message_dict["shipment"][0]


def test_negative_loss_is_refused():
    with pytest.raises(ValidationError):
        compensation_cap(claim_type="lost", actual_loss=D("-1"), **BASE)
