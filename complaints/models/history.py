"""What happened to a complaint: the append-only event history, and the evidence attached to it."""

from __future__ import annotations

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    TRANSITION = "transition", _("Transition")
    ACTION = "action", _("Action")
    NOTE = "note", _("Note")
    CONTACT = "contact", _("Contact")
    NOTIFICATION = "notification", _("Notification")
    ATTACHMENT = "attachment", _("Attachment")


# What retention leaves of an event's note (the only change the history allows; see the trigger).
REDACTED_NOTE = "[已匿名]"

# Events that hand a complaint over (no longer resolved at first contact); the report reads them.
HAND_OVERS = ("dispatch", "escalate", "request_info", "reopen")


class ComplaintEvent(models.Model):
    """One thing that happened, never changed or removed afterwards (enforced by database triggers).

    The one exception is retention's redaction: after RETENTION_YEARS the note (free text that may
    quote the customer) becomes REDACTED_NOTE; who, when, what and the states stay for the figures."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,  # event_complaint_at_idx (complaint, at, id) serves it
        verbose_name=_("complaint"),
    )
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # event_actor_idx (people only, not the system's events) serves it
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    name = models.CharField(_("name"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["complaint", "at", "id"], name="event_complaint_at_idx"),
            # The admin's newest-first list of every event.
            models.Index(fields=["at", "id"], name="event_at_idx"),
            # The report's first-contact resolution: was the complaint ever handed over?
            models.Index(
                fields=["complaint"],
                name="event_handover_idx",
                condition=models.Q(name__in=HAND_OVERS),
            ),
            # A user's events (a user is protected while their events point to them); the system's own
            # events (the SLA sweep writes tens of thousands at once) have no actor and no entry here.
            models.Index(fields=["actor"], name="event_actor_idx", condition=models.Q(actor__isnull=False)),
        ]
        triggers = [
            pgtrigger.Protect(name="complaint_event_no_delete", operation=pgtrigger.Delete),
            # No change at all, except the one-way redaction of retention (analytics.services): the
            # note replaced by REDACTED_NOTE, every other column as it was.
            pgtrigger.Protect(
                name="complaint_event_append_only",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    f"NOT (NEW.note = '{REDACTED_NOTE}' AND "
                    "(NEW.id, NEW.complaint_id, NEW.at, NEW.actor_id, NEW.kind, NEW.name, NEW.from_state, "
                    "NEW.to_state, NEW.data) IS NOT DISTINCT FROM (OLD.id, OLD.complaint_id, OLD.at, "
                    "OLD.actor_id, OLD.kind, OLD.name, OLD.from_state, OLD.to_state, OLD.data))"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.name}"


def evidence_path(instance: Attachment, filename: str) -> str:
    # A random name: the original file name is kept in a field, never used as a path.
    return f"evidence/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    class ContentType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        PDF = "application/pdf", "PDF"

    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("complaint"),
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[self.content_type]
