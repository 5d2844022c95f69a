"""What deadlines are made of: the calendar managers correct, and the SLA policies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.taxonomy import Severity
from infra.refdata import version_trigger


class CalendarOverride(models.Model):
    """A day whose working status managers set by hand (next year's schedule, local corrections)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_working_day else '休'}"


class SlaPolicy(models.Model):
    """Deadlines per kind and severity (seed 002's grading; 快递暂行条例's 7 days; appeals' 15)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=[("complaint", _("Complaint")), ("appeal", _("Appeal"))]
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    resolve_working_days = models.PositiveSmallIntegerField(_("answer within (working days)"))
    statutory_calendar_days = models.PositiveSmallIntegerField(_("statutory limit (calendar days)"))
    rehandling_calendar_days = models.PositiveSmallIntegerField(
        _("statutory limit after a reopening (calendar days)"),
        null=True,
        blank=True,
        help_text=_(
            "A reopened complaint starts a new statutory period from the reopening: this many calendar "
            "days (a regulator appeal's re-handling: 5), or, when empty, the statutory limit again."
        ),
    )
    acknowledge_hours = models.PositiveSmallIntegerField(_("acknowledge within (hours)"), default=24)
    callback_working_days = models.PositiveSmallIntegerField(_("call back within (working days)"), default=2)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["kind", "resolve_working_days"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)
        constraints = [
            models.UniqueConstraint(fields=["kind", "severity"], name="sla_policy_kind_severity_unique"),
            models.CheckConstraint(
                condition=models.Q(resolve_working_days__gte=1, statutory_calendar_days__gte=1),
                name="sla_policy_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_severity_display()}"
