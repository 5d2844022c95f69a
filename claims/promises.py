"""What a proposed solution promises in money, against what the claims on the complaint grant: an
agent who writes "赔偿300元" while the claim is ¥36 is told before the customer is."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# ¥300, ￥300.50, 300元, 300 元, RMB 300; thousands separators allowed.
_AMOUNT = re.compile(
    r"(?:[¥￥]|RMB\s*|人民币\s*)(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:\.\d{1,2})?)\s*(?:元|块)",
    re.IGNORECASE,
)


def amounts_promised(text: str) -> list[Decimal]:
    """Every amount of money written in `text` (yuan)."""
    amounts = []
    for match in _AMOUNT.finditer(text or ""):
        raw = (match.group(1) or match.group(2)).replace(",", "")
        try:
            amounts.append(Decimal(raw))
        except InvalidOperation:
            continue
    return amounts


def promise_gap(solution: str, claims) -> tuple[Decimal, Decimal] | None:
    """(promised, granted) when the solution promises more money than the complaint's live claims
    (not rejected or withdrawn) propose in total; None when it does not, or promises no amount."""
    from claims.models import Claim

    promised = max(amounts_promised(solution), default=None)
    if promised is None:
        return None
    granted = sum((c.proposed_amount for c in claims if c.status in Claim.LIVE), Decimal("0"))
    return (promised, granted) if promised > granted else None
