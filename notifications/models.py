"""The notification outbox: every notice is a row written in the transaction of the change that caused
it, and delivered afterwards (by a background task and by `deliver_notifications`), with retries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infra.refdata import version_trigger


class Notification(models.Model):
    class Audience(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        STAFF = "staff", _("Staff")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        INTERNAL = "internal", _("Internal message")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("complaint"),
        db_index=False,  # notification_complaint_idx (complaint, id) serves it
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("staff recipient"),
        db_index=False,  # notification_user_idx (recipient_user, -id) serves it
    )
    template = models.CharField(_("template"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="notification_due_idx", condition=Q(status="pending")
            ),
            models.Index(fields=["complaint", "id"], name="notification_complaint_idx"),
            models.Index(fields=["recipient_user", "-id"], name="notification_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient}"


class NoticeTemplate(models.Model):
    """A manager's wording of one notice, replacing the built-in text (notifications/messages.py)."""

    key = models.CharField(_("notice"), max_length=40, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"), max_length=1000, help_text=_("Placeholders as in the built-in text, e.g. %(number)s.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")
        ordering = ["key"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from notifications.messages import PLACEHOLDER, PLACEHOLDERS, TEMPLATES

        if self.key not in TEMPLATES:
            raise ValidationError({"key": _("Unknown notice.")})
        try:
            self.body % {name: "x" for name in PLACEHOLDERS[self.key]}
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(
                {
                    "body": _("The text uses a placeholder this notice does not have: %(error)s")
                    % {"error": exc}
                }
            ) from exc
        # Any other use of % (a bare %s, %(number)d) is refused too: only these are filled everywhere.
        stray = PLACEHOLDER.sub("", self.body).find("%")
        if stray >= 0:
            raise ValidationError(
                {
                    "body": _("The text uses a placeholder this notice does not have: %(error)s")
                    % {"error": self.body[stray : stray + 12]}
                }
            )
