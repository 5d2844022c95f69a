"""Consultations answered on the spot and feedback (seed 004), counted in the monthly report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.complaint import Channel


class Contact(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        FEEDBACK = "feedback", _("Feedback")

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")
        SUGGESTION = "suggestion", _("Suggestion")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("customer"),
    )
    contact_name = models.CharField(_("contact name"), max_length=64)
    text = models.TextField(_("what the customer said"), max_length=5000)
    answer = models.TextField(_("answer given"), blank=True, max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("consultation or feedback")
        verbose_name_plural = _("consultations and feedback")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-at"], name="contact_customer_idx"),
            models.Index(fields=["-at"], name="contact_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="feedback") | models.Q(sentiment=""),
                name="contact_sentiment_only_feedback",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
