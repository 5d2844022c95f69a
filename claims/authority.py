"""The authority matrix (审批权限): how much each role may grant on its own authority, who covers an
amount, and the total a claim's approval must cover (this claim and the shipment's other live claims,
so that splitting a claim cannot get around the matrix). Imports no other module of claims, so that the
claim rules may use it."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from org.roles import Role, user_roles

NON_NEGATIVE = MinValueValidator(Decimal("0"), message=_("The amount cannot be negative."))
AUTHORITY_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)


class AuthorityLimit(models.Model):
    """How much a role may grant on its own authority (empty: no limit)."""

    role = models.CharField(_("role"), max_length=20, unique=True)
    max_amount = models.DecimalField(
        _("up to (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
        help_text=_("Empty: no limit."),
    )

    class Meta:
        verbose_name = _("authority limit")
        verbose_name_plural = _("authority limits")
        ordering = ["max_amount"]

    def __str__(self) -> str:
        return f"{self.role}: {self.max_amount if self.max_amount is not None else '∞'}"


def authority_of(user) -> tuple[str | None, Decimal | None, bool]:
    """(role, limit, unlimited) of the user's highest authority; (None, None, False) without any."""
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


def shipment_total(claim) -> Decimal:
    """The claim's amount plus what the shipment's other live claims propose (the `others_total`
    annotation of claims.selectors.with_shipment_totals when the claim was listed with it)."""
    others = getattr(claim, "others_total", None)
    if others is None:
        others = claim.shipment.claims.filter(status__in=claim.LIVE).exclude(pk=claim.pk).aggregate(
            total=Sum("proposed_amount")
        )["total"] or Decimal("0")
    return claim.proposed_amount + others
