"""Who may act on a claim: the proposer's handlers propose and withdraw; approvers need authority
covering the amount and may not approve their own claim (four eyes); payment by supervisors and up,
never by the proposer."""

from __future__ import annotations

from claims.authority import covers, shipment_total
from org.roles import Role, has_role


def _may_handle(claim, user) -> bool:
    from complaints.rules import can_work

    return can_work(claim.complaint, user)


def can_propose(claim, user) -> bool:
    return _may_handle(claim, user)


def can_approve(claim, user) -> bool:
    """Not the proposer, a deciding role, and an authority covering the shipment's total."""
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
