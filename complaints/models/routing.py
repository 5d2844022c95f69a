"""Routing of new complaints to a team's queue (editable by managers in admin)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.states import Tier
from infra.refdata import version_trigger


class RoutingRule(models.Model):
    """Category and the waybill's outlet → the team (department) and tier queue that receives it.

    The first active rule by priority whose conditions match wins; an empty condition matches all,
    and a first-level category matches its reasons too."""

    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("Lower runs first."))
    category = models.ForeignKey(
        "complaints.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    outlet = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("waybill's outlet"),
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("to the queue of")
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.FRONTLINE)
    auto_assign = models.BooleanField(
        _("assign automatically"),
        default=True,
        help_text=_("Assign to the least-loaded colleague on duty in that queue, who then takes it."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["priority", "id"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)

    def __str__(self) -> str:
        return (
            f"{self.priority}: {self.category or '*'} / {self.outlet or '*'} → {self.department} {self.tier}"
        )


class ClassificationRule(models.Model):
    """Keywords that classify a channel complaint sent without a category (the agent then confirms)."""

    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("Lower runs first."))
    keywords = models.CharField(
        _("keywords"), max_length=200, help_text=_("Separated by commas or 、; any one of them matches.")
    )
    category = models.ForeignKey(
        "complaints.Category", on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("classification rule")
        verbose_name_plural = _("classification rules")
        ordering = ["priority", "id"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)

    def __str__(self) -> str:
        return f"{self.keywords} → {self.category}"

    def words(self) -> list[str]:
        import re

        return [w.strip() for w in re.split(r"[,，、;；]", self.keywords) if w.strip()]
