"""Accountability (责任追究): penalties on the responsible outlet or staff member, proportional to the loss
(a configurable percentage) or a fixed amount for conduct cases; approved by a manager; disputable by
the outlet once; the decision recorded."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from claims import rules


class PenaltyRule(models.Model):
    """How penalties are computed: a share of the loss, or a fixed amount (conduct cases)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    loss_percentage = models.DecimalField(
        _("share of the loss (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fixed_amount = models.DecimalField(
        _("fixed amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("penalty rule")
        verbose_name_plural = _("penalty rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(loss_percentage__isnull=False, fixed_amount__isnull=True)
                | Q(loss_percentage__isnull=True, fixed_amount__isnull=False),
                name="penalty_rule_one_basis",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def amount_for(self, loss: Decimal) -> Decimal:
        if self.fixed_amount is not None:
            return self.fixed_amount
        return (loss * self.loss_percentage / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Penalty(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        DISPUTED = "disputed", _("Disputed")
        UPHELD = "upheld", _("Upheld")
        CANCELLED = "cancelled", _("Cancelled")

    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        related_name="penalties",
        verbose_name=_("complaint"),
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="penalties",
        verbose_name=_("responsible department"),
    )
    staff = models.CharField(_("responsible staff member"), max_length=64, blank=True)
    rule = models.ForeignKey(PenaltyRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule"))
    loss = models.DecimalField(_("loss"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("reason"))
    status = FSMField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED, protected=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    dispute = models.TextField(_("dispute"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        ordering = ["-id"]
        indexes = [models.Index(fields=["department", "status"], name="penalty_department_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0, loss__gte=0), name="penalty_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.department} ¥{self.amount}"

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.APPROVED,
        permission=rules.can_manage,
        custom={"label": _("Approve")},
    )
    def approve(self, *, by, note: str) -> None:
        self.decided_by = by
        self.decision = note

    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.DISPUTED,
        permission=rules.can_dispute,
        custom={"label": _("Dispute")},
    )
    def dispute_penalty(self, *, text: str) -> None:
        self.dispute = text

    @transition(
        field=status,
        source=Status.DISPUTED,
        target=Status.UPHELD,
        permission=rules.can_manage,
        custom={"label": _("Uphold")},
    )
    def uphold(self, *, by, note: str) -> None:
        self.decided_by = by
        self.decision = note

    @transition(
        field=status,
        source=[Status.PROPOSED, Status.DISPUTED],
        target=Status.CANCELLED,
        permission=rules.can_manage,
        custom={"label": _("Cancel")},
    )
    def cancel(self, *, by, note: str) -> None:
        self.decided_by = by
        self.decision = note
