"""Which channels an API integration user may file under (CONTRACT.md: a channel user files only under
the channels it is bound to). Managers keep the bindings in admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.complaint import Channel
from infra.refdata import version_trigger


class ChannelBinding(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="channel_bindings",
        verbose_name=_("API user"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel binding")
        verbose_name_plural = _("channel bindings")
        ordering = ["user_id", "channel"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="channel_binding_user_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.get_channel_display()}"
