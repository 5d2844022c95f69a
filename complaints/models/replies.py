"""Standard replies (统一口径) per category, edited by managers, inserted by agents with one click."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardReply(models.Model):
    category = models.ForeignKey(
        "complaints.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standard_replies",
        verbose_name=_("category"),
        help_text=_("Empty: offered for every category."),
    )
    title = models.CharField(_("title"), max_length=60)
    text = models.TextField(_("text"), max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("standard reply")
        verbose_name_plural = _("standard replies")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title
