"""Compensation claims (理赔) and the authority matrix that decides who may approve them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from claims import rules
from claims.authority import NON_NEGATIVE, AuthorityLimit
from claims.compensation import Rule, cap_reason


class Claim(FSMModelMixin, models.Model):
    class Type(models.TextChoices):
        LOST = "lost", _("Lost")
        TOTAL_DAMAGE = "total_damage", _("Total damage")
        PARTIAL_DAMAGE = "partial_damage", _("Partial damage")
        SHORTAGE = "shortage", _("Shortage")
        CONTENT_MISMATCH = "content_mismatch", _("Content mismatch")
        DELAY = "delay", _("Delay")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    RULES = [
        (Rule.INSURED_TOTAL, _("Insured, total loss: the loss up to the insured amount")),
        (Rule.INSURED_PARTIAL, _("Insured, partial loss: insured ÷ declared value × loss")),
        (Rule.UNINSURED_MULTIPLIER, _("Uninsured: the loss up to the contract's multiple of the freight")),
        (Rule.UNINSURED_ACTUAL_LOSS, _("Uninsured, cap clause not acknowledged: the actual loss")),
        (Rule.DELAY_FREIGHT, _("Delay: the freight refunded")),
        (Rule.POSTAL_STATUTORY, _("Postal universal service: up to 3 × postage")),
    ]

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="claims", verbose_name=_("complaint")
    )
    shipment = models.ForeignKey(
        "customers.Shipment", on_delete=models.PROTECT, related_name="claims", verbose_name=_("shipment")
    )
    claim_type = models.CharField(_("claim type"), max_length=20, choices=Type.choices)
    actual_loss = models.DecimalField(
        _("actual loss"), max_digits=12, decimal_places=2, validators=[NON_NEGATIVE]
    )
    cap = models.DecimalField(_("cap"), max_digits=12, decimal_places=2, validators=[NON_NEGATIVE])
    claimed_before = models.DecimalField(
        _("already claimed on the shipment"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        db_default=Decimal("0"),
        validators=[NON_NEGATIVE],
        help_text=_(
            "What the shipment's other claims for the same loss had taken when this claim was made; "
            "the cap is what the rule allows less this."
        ),
    )
    rule = models.CharField(_("rule"), max_length=30, choices=RULES)
    needs_legal_review = models.BooleanField(_("needs legal review"), default=False)
    proposed_amount = models.DecimalField(
        _("proposed amount"), max_digits=12, decimal_places=2, validators=[NON_NEGATIVE]
    )
    status = FSMField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_under = models.CharField(_("approved under the authority of"), max_length=20, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    # A claim that needs legal review is approved only with the review's conclusion in the decision note:
    # the approver (four eyes, authority over the amount) records it, and the flag is then settled.
    legal_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("legal review recorded by"),
    )
    legal_reviewed_at = models.DateTimeField(_("legal review recorded at"), null=True, blank=True)
    payment_ref = models.CharField(_("payment reference"), max_length=64, null=True, blank=True, unique=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["complaint", "status"], name="claim_complaint_idx"),
            models.Index(fields=["status", "-created_at"], name="claim_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_amount__lte=models.F("cap")), name="claim_amount_within_cap"
            ),
            models.CheckConstraint(
                condition=Q(proposed_amount__gte=0, actual_loss__gte=0, cap__gte=0, claimed_before__gte=0),
                name="claim_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(payment_ref__isnull=False), name="claim_paid_has_reference"
            ),
        ]

    # Claims that still count against the shipment's caps and the approver's authority.
    LIVE = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.PAID)

    def __str__(self) -> str:
        return f"{self.get_claim_type_display()} ¥{self.proposed_amount}"

    @property
    def rule_cap(self) -> Decimal:
        """The most the rule allows for this loss, before other claims on the shipment."""
        return self.cap + self.claimed_before

    @property
    def cap_reason(self) -> str:
        """Why the cap is below what the rule allows: other claims for the same loss on the waybill."""
        return cap_reason(rule_cap=self.rule_cap, claimed=self.claimed_before, cap=self.cap)

    @transition(
        field=status,
        source=Status.DRAFT,
        target=RETURN_VALUE(Status.SUBMITTED, Status.APPROVED),
        permission=rules.can_propose,
        custom={"label": _("Submit")},
    )
    def submit(self, *, approve_under: str | None, at) -> str:
        """Within the proposer's own authority (and no legal review needed) the claim is approved at once."""
        if approve_under:
            self.approved_by = self.proposed_by
            self.approved_under = approve_under
            self.approved_at = at
            return self.Status.APPROVED
        return self.Status.SUBMITTED

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.APPROVED,
        permission=rules.can_approve,
        custom={"label": _("Approve")},
    )
    def approve(self, *, by, under: str, at, note: str) -> None:
        """Approval by someone other than the proposer, within their authority; for a claim that needs
        legal review, `note` is the review's conclusion and the review is recorded with it."""
        self.approved_by = by
        self.approved_under = under
        self.approved_at = at
        self.decision_note = note
        if self.needs_legal_review:
            self.legal_reviewed_by = by
            self.legal_reviewed_at = at

    @property
    def legal_review_pending(self) -> bool:
        return self.needs_legal_review and self.legal_reviewed_at is None

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.REJECTED,
        permission=rules.can_approve,
        custom={"label": _("Reject")},
    )
    def reject(self, *, note: str) -> None:
        self.decision_note = note

    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.PAID,
        permission=rules.can_pay,
        custom={"label": _("Record payment")},
    )
    def pay(self, *, payment_ref: str, at) -> None:
        self.payment_ref = payment_ref
        self.paid_at = at

    @transition(
        field=status,
        source=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED],
        target=Status.WITHDRAWN,
        permission=rules.can_propose,
        custom={"label": _("Withdraw")},
    )
    def withdraw(self) -> None:
        pass


from claims.penalties import Penalty, PenaltyRule  # noqa: E402  (penalties live beside claims)

__all__ = ["AuthorityLimit", "Claim", "Penalty", "PenaltyRule"]
