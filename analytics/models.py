"""What the nightly jobs keep: job runs, built monthly reports, daily snapshots, the working-day table
the report's SQL reads, and the improvement actions managers track."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One run of a background job: when, how it ended, what it counted (visible in admin)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("job"), max_length=64)
    key = models.CharField(_("for"), max_length=32, blank=True, help_text=_("e.g. the month or the day"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "-started_at"], name="jobrun_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.key} {self.get_status_display()}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)


class MonthlyReport(models.Model):
    """The built 月度投诉分析 of one month (the JSON of CONTRACT.md); rebuilding replaces it."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    data = models.JSONField(_("figures"))
    built_at = models.DateTimeField(_("built at"))
    seconds = models.FloatField(_("build time (s)"), default=0)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class DailySnapshot(models.Model):
    """Open complaints at 01:00 each night, per department, tier and status, with how many are overdue
    (the trend the dashboard and the report read without scanning history)."""

    day = models.DateField(_("day"))
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    tier = models.CharField(_("tier"), max_length=10)
    status = models.CharField(_("status"), max_length=20)
    open_count = models.PositiveIntegerField(_("open"))
    overdue_count = models.PositiveIntegerField(_("overdue"))
    received_count = models.PositiveIntegerField(_("received that day"))

    class Meta:
        verbose_name = _("daily snapshot")
        verbose_name_plural = _("daily snapshots")
        ordering = ["-day"]
        indexes = [models.Index(fields=["day"], name="snapshot_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.status} {self.open_count}"


class ShipmentDay(models.Model):
    """Shipments handed in per day (Asia/Shanghai) and delivering outlet, counted once the day is over
    (the nightly job, or the first report that needs the day), so that a month's report reads about
    6,000 rows instead of a million shipments. Every counted day has a row without an outlet (the
    shipments with none, maybe 0): it marks the day as counted."""

    day = models.DateField(_("day"))
    outlet = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("delivering outlet"),
    )
    shipments = models.PositiveIntegerField(_("shipments"))

    class Meta:
        verbose_name = _("shipments of a day")
        verbose_name_plural = _("shipments per day")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "outlet"], name="shipmentday_unique", nulls_distinct=False)
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.outlet_id}: {self.shipments}"


class WorkingDay(models.Model):
    """The official calendar as a table, filled from the same source as the deadlines, so that SQL
    can count working hours."""

    day = models.DateField(_("day"), primary_key=True)
    is_working = models.BooleanField(_("working day"))
    # Working seconds from the first day of the table to the start of this day: the working time
    # between two moments is a difference of two lookups, not a walk over the days between.
    seconds_before = models.BigIntegerField(_("working seconds before"), default=0)

    class Meta:
        verbose_name = _("working day")
        verbose_name_plural = _("working days")

    def __str__(self) -> str:
        return f"{self.day} {'working' if self.is_working else 'rest'}"


class ImprovementAction(models.Model):
    """An improvement a manager commits to after reading a month's report, tracked to done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    month = models.DateField(_("report month"), help_text=_("The first day of the month."))
    title = models.CharField(_("action"), max_length=200)
    root_cause = models.ForeignKey(
        "complaints.RootCause",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("root cause"),
    )
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["month", "id"]

    def __str__(self) -> str:
        return self.title
