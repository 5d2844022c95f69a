"""The claims' steps on the complaint's timeline, worded from each event's data in the reader's
language (registered with complaints/web.py's EVENT_DESCRIBERS in claims/apps.py). Events written
before their data carried the claim type keep the note stored then."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from claims.compensation import cap_reason
from org.roles import Role

CLAIM_EVENTS = (
    "claim_create",
    "claim_submit",
    "claim_approve",
    "claim_reject",
    "claim_pay",
    "claim_withdraw",
)


def _role(code: str) -> str:
    return str(dict(Role.choices).get(code, code))


def describe_claim(event) -> tuple[str, bool]:
    from claims.models import Claim

    data = event.data or {}
    if "claim_type" not in data:
        return "", True
    words = {
        "type": dict(Claim.Type.choices).get(data["claim_type"], data["claim_type"]),
        "rule": dict(Claim.RULES).get(data["rule"], data["rule"]),
        "amount": data["amount"],
        "cap": data.get("cap", ""),
        "claimed": data.get("claimed_before", "0"),
        "role": _role(data.get("approved_under", "")),
        "ref": data.get("payment_ref", ""),
    }
    name = event.name
    if name == "claim_create":
        text = _("%(type)s: ¥%(amount)s proposed; the rule “%(rule)s” allows ¥%(cap)s") % words
        claimed, cap = Decimal(words["claimed"] or "0"), Decimal(words["cap"] or "0")
        if claimed > 0:  # the wording the claims panel and the API use (a claim is refused at cap 0)
            text += " " + cap_reason(rule_cap=cap + claimed, claimed=claimed, cap=cap)
        return text, False
    if name == "claim_submit":
        if data.get("status") == "approved":
            return _("¥%(amount)s approved on submission, within the proposer's own authority (%(role)s)") % (
                words
            ), False
        text = _("¥%(amount)s submitted for approval") % words
        if data.get("legal_review"):
            text += _("; needs legal review, recorded by the approver")
        return text, False
    if name == "claim_approve":
        text = _("¥%(amount)s approved under the authority of %(role)s") % words
        if data.get("legal_review"):
            text += _("; the legal review's conclusion is recorded below")
        return text, True
    if name == "claim_reject":
        return _("¥%(amount)s rejected") % words, True
    if name == "claim_pay":
        return _("¥%(amount)s paid, payment reference %(ref)s") % words, False
    return _("¥%(amount)s withdrawn") % words, False
