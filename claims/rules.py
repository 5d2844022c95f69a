"""Who may act on a claim: the proposer's handlers propose and withdraw; approvers need authority
covering the amount and may not approve their own claim (four eyes); payment by supervisors and up,
never by the proposer."""

from __future__ import annotations

from decimal import Decimal

from org.roles import Role, has_role, user_roles

AUTHORITY_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)


def authority_of(user) -> tuple[str | None, Decimal | None, bool]:
    """(role, limit, unlimited) of the user's highest authority; (None, None, False) without any."""
    from claims.models import AuthorityLimit

    roles = [r for r in AUTHORITY_ROLES if r in user_roles(user)]
    if not roles:
        return None, None, False
    cache = getattr(user, "_authority_cache", None)
    if cache is None:
        limits = dict(AuthorityLimit.objects.filter(role__in=roles).values_list("role", "max_amount"))
        best = (None, Decimal("-1"), False)
        for role in roles:
            if role not in limits:
                continue
            amount = limits[role]
            if amount is None:
                best = (role, None, True)
                break
            if amount > best[1]:
                best = (role, amount, False)
        cache = best if best[0] else (None, None, False)
        user._authority_cache = cache
    return cache


def covers(user, amount: Decimal) -> str | None:
    """The role under whose authority `user` may grant `amount`, or None."""
    role, limit, unlimited = authority_of(user)
    if role is None:
        return None
    return role if unlimited or amount <= limit else None


def _may_handle(claim, user) -> bool:
    from complaints.rules import can_work

    return can_work(claim.complaint, user)


def can_propose(claim, user) -> bool:
    return _may_handle(claim, user)


def can_approve(claim, user) -> bool:
    """Not the proposer, a deciding role, and an authority covering the shipment's total."""
    from claims.selectors import shipment_total

    return (
        user.pk != claim.proposed_by_id
        and has_role(user, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)
        and covers(user, shipment_total(claim)) is not None
    )


def proposer_barred_from_paying(claim, user) -> bool:
    """The payer is never the proposer (settings.CLAIM_PAYER_NOT_PROPOSER, on by default): otherwise one
    person could propose, approve on their own authority and pay."""
    from django.conf import settings

    return settings.CLAIM_PAYER_NOT_PROPOSER and user.pk == claim.proposed_by_id


def can_pay(claim, user) -> bool:
    return has_role(user, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER) and not proposer_barred_from_paying(
        claim, user
    )


def can_manage(penalty, user) -> bool:
    """Penalties are decided by managers."""
    return has_role(user, Role.MANAGER)


def can_dispute(penalty, user) -> bool:
    """The responsible outlet's staff (or its supervisor) dispute an approved penalty, once."""
    from complaints.rules import department_id

    return (
        has_role(user, Role.DEPARTMENT_STAFF, Role.SUPERVISOR)
        and department_id(user) == penalty.department_id
    )
