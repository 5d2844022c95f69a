"""The complaint: its fields, constraints and what is derived from its own row (DESIGN.md "Complaint
states"). Its transitions and actions are declared once each in models/lifecycle.py and
models/actions.py (mixins); the services in complaints/services/ lock the row, check, call, save and
write the event, and every interface (API, browser, admin, jobs) goes through them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import BrinIndex, GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from complaints.models.actions import Actions
from complaints.models.lifecycle import Lifecycle
from complaints.models.load import load_triggers
from complaints.models.states import (
    OPEN_STATES,
    Status,
    Tier,
)
from complaints.models.taxonomy import Category, RootCause, Severity
from complaints.rules import CONSULTED_ANY


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    APPEAL = "appeal", _("Regulator appeal")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Website")
    APP = "app", _("App")
    WECHAT = "wechat", _("WeChat")
    OUTLET = "outlet", _("Outlet counter")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    REGULATOR = "regulator", _("Regulator (12305)")


# Assigned to someone other than its first-responsible owner (or to someone while nobody owns it): the
# workbench's "assigned to me" list. Written once here for the list and its partial index, so that
# PostgreSQL proves the index's predicate from the list's own condition.
HANDED_OVER = Q(owner__isnull=True) | ~Q(owner=models.F("assignee"))

# Channels where a member of staff records the complaint and so owns it from intake.
STAFF_CHANNELS = {Channel.PHONE, Channel.OUTLET, Channel.LETTER, Channel.EMAIL}


class Remedy(models.TextChoices):
    REFUND = "refund", _("Refund")
    COMPENSATION = "compensation", _("Compensation")
    REDELIVERY = "redelivery", _("Redelivery")
    APOLOGY = "apology", _("Apology")
    EXPLANATION = "explanation", _("Explanation")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    UNREACHABLE = "unreachable", _("Unreachable")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (rules explained, 12305 route told)")


class Complaint(Lifecycle, Actions, FSMModelMixin, models.Model):
    Status = Status
    Tier = Tier
    Kind = Kind
    Channel = Channel

    number = models.CharField(_("complaint number"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMPLAINT)
    regulator_ref = models.CharField(_("regulator reference"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    external_id = models.CharField(_("external ID"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # complaint_customer_idx (customer, received) serves it
        verbose_name=_("customer"),
    )
    contact_name = models.CharField(_("contact name"), max_length=64)
    waybill_no = models.CharField(_("waybill number"), max_length=32, blank=True)
    shipment = models.ForeignKey(
        "customers.Shipment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("shipment"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    category_needs_confirmation = models.BooleanField(_("category to be confirmed"), default=False)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what happened"), max_length=5000)
    remedy_sought = models.CharField(
        _("remedy sought"), max_length=20, choices=Remedy.choices, default=Remedy.OTHER
    )

    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, protected=True
    )
    tier = FSMField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.FRONTLINE, protected=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_complaints",
        db_index=False,  # complaint_owner_idx (owner, status) serves it
        verbose_name=_("first-responsible owner"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        db_index=False,  # complaint_assignee_idx (assignee, status) serves it
        verbose_name=_("handler"),
    )
    department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # complaint_department_idx (department, status) serves it
        verbose_name=_("responsible department"),
    )
    # Every department asked about the complaint (joint investigation, complaints/models/investigation.py);
    # the lead is `department`. Kept on the row so that the access rules read it without a query.
    consulted_departments = ArrayField(
        models.BigIntegerField(), default=list, blank=True, verbose_name=_("departments asked")
    )
    queue_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="queued_complaints",
        db_index=False,  # a team queue is read as unowned (complaint_owner_idx, docs/capacity.md)
        verbose_name=_("handling team"),
        help_text=_(
            "The customer-service team whose queue the complaint is in (set by routing; moves with the owner)."  # noqa: E501
        ),
    )

    received_at = models.DateTimeField(_("received at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    acknowledge_due = models.DateTimeField(_("acknowledge by"))
    resolve_due = models.DateTimeField(_("answer by"))
    statutory_due = models.DateTimeField(_("statutory deadline"))
    callback_due = models.DateTimeField(_("call back by"), null=True, blank=True)
    # The current handling round (docs/deadlines.md): the first starts at the receipt, each reopening
    # starts another with its own statutory period; the first statutory date is kept for the record.
    reopened_at = models.DateTimeField(_("reopened at (start of this handling round)"), null=True, blank=True)
    original_statutory_due = models.DateTimeField(_("first statutory deadline"), null=True, blank=True)
    sla_paused_at = models.DateTimeField(_("clocks paused since"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("working time paused (s)"), default=0)
    round_paused_seconds = models.PositiveIntegerField(
        _("working time paused in this round (s)"), default=0, db_default=0
    )
    extended_days = models.PositiveSmallIntegerField(_("working days extended in this round"), default=0)
    # SLA sweep bookkeeping: the deadline each notice was given for, so each breach is handled once and
    # a new deadline (extension, regrade) can be warned about again.
    warned_due = models.DateTimeField(_("warned for deadline"), null=True, blank=True)
    breached_due = models.DateTimeField(_("escalated for deadline"), null=True, blank=True)
    callback_reminded_due = models.DateTimeField(_("reminded for callback"), null=True, blank=True)
    deemed_lost_prompted_at = models.DateTimeField(_("prompted as lost at"), null=True, blank=True)

    solution = models.TextField(_("proposed solution"), blank=True)
    offer_accepted_at = models.DateTimeField(_("offer accepted at"), null=True, blank=True)
    finding_cause = models.TextField(_("cause found"), blank=True)
    company_at_fault = models.BooleanField(_("company at fault"), null=True, blank=True)
    responsible_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # complaint_responsible_idx (set ones only) serves it
        verbose_name=_("responsible party (department)"),
    )
    responsible_staff = models.CharField(_("responsible staff member"), max_length=64, blank=True)
    root_cause = models.ForeignKey(
        RootCause,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # only the monthly report reads it, from the month's rows; rarely deleted
        verbose_name=_("root cause"),
    )
    resolution = models.TextField(_("resolution"), blank=True)
    outcome = models.CharField(_("closing outcome"), max_length=20, choices=Outcome.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    satisfaction_comment = models.TextField(_("customer's comment"), blank=True)
    failed_contacts = models.PositiveSmallIntegerField(_("failed contact attempts"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_duplicates",
        db_index=False,  # complaint_merged_into_idx (set ones only) serves it
        verbose_name=_("merged into"),
    )
    incident = models.ForeignKey(
        "complaints.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # complaint_incident_idx (set ones only) serves it
        verbose_name=_("incident"),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("unmask_personal_data", _("Can see unmasked names and phone numbers")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="complaint_channel_external_id",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="complaint_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=Q(resolve_due__lte=models.F("statutory_due")),
                name="complaint_resolve_due_within_statutory",
            ),
        ]
        # Every index is written again by each update of a row (the SLA sweep escalating 70,000
        # complaints writes 70,000 entries into each), so each one is here for a query that needs it:
        # docs/capacity.md "Indexes of the complaint table" lists them with their queries. Where only a
        # few rows have a value, the index holds those rows only (a condition the queries imply).
        indexes = [
            # The lists' order, the admin's date hierarchy, today's intake, the report's month.
            models.Index(fields=["-received_at", "-id"], name="complaint_received_idx"),
            # With the id as the last key: the lists' whole order (-received_at, -id), so a status's
            # newest page is read from the index even when many complaints share one instant (a bulk
            # import), not sorted from every row of that instant.
            models.Index(fields=["status", "-received_at", "-id"], name="complaint_status_received_idx"),
            # A colleague's complaints and the unowned ones (owner is null) in any state: the workbench's
            # counts under a status filter, an agent's scope (complaints/rules.py).
            models.Index(fields=["owner", "status"], name="complaint_owner_idx"),
            # Access rules (complaints/rules.py): what is assigned to a member of a department, and what
            # a department is dispatched or asked; together they answer a department's lists.
            models.Index(fields=["assignee", "status"], name="complaint_assignee_idx"),
            models.Index(fields=["department", "status"], name="complaint_department_idx"),
            GinIndex(
                fields=["consulted_departments"], name="complaint_consulted_idx", condition=CONSULTED_ANY
            ),
            models.Index(
                fields=["responsible_department"],
                name="complaint_responsible_idx",
                condition=Q(responsible_department__isnull=False),
            ),
            # Filters by tier (admin, API, the workbench's queue counts): the expert tier is rare.
            models.Index(fields=["tier", "status"], name="complaint_tier_idx"),
            models.Index(fields=["waybill_no"], name="complaint_waybill_idx"),
            models.Index(fields=["customer", "-received_at"], name="complaint_customer_idx"),
            # The workbench search by the customer's name as given at intake.
            models.Index(fields=["contact_name"], name="complaint_contact_name_idx"),
            # A complaint's merged duplicates (its page and timeline) and an incident's complaints.
            models.Index(
                fields=["merged_into"],
                name="complaint_merged_into_idx",
                condition=Q(merged_into__isnull=False),
            ),
            models.Index(
                fields=["incident"], name="complaint_incident_idx", condition=Q(incident__isnull=False)
            ),
            # Open complaints in deadline order (the workbench lists) and the dashboard's overdue counts
            # (complaints/admin/dashboard.py) from this index alone: every column that overdue_q and the
            # grouping read, for open complaints (reading their rows took 40k page reads at a million
            # complaints).
            models.Index(
                fields=["resolve_due"],
                include=[
                    "status",
                    "tier",
                    "department",
                    "sla_paused_at",
                    "statutory_due",
                    "acknowledge_due",
                    "callback_due",
                ],
                name="complaint_open_overdue_idx",
                condition=Q(status__in=[s.value for s in OPEN_STATES]),
            ),
            # The workbench's own lists and counts (complaints/views/workbench.py), open complaints in
            # deadline order: what a colleague owns, and what is assigned to them while someone else
            # owns it. Walking the open complaints in deadline order and reading every open row to find
            # one agent's took 40k page reads at a million complaints.
            models.Index(
                fields=["owner", "resolve_due", "id"],
                name="complaint_open_owner_idx",
                condition=Q(status__in=[s.value for s in OPEN_STATES]),
            ),
            models.Index(
                fields=["assignee", "resolve_due", "id"],
                name="complaint_open_handed_idx",
                condition=Q(status__in=[s.value for s in OPEN_STATES]) & HANDED_OVER,
            ),
            # Lists of other states in deadline order (the workbench's status filter), and the report.
            models.Index(fields=["resolve_due"], name="complaint_resolve_due_idx"),
            # The monthly report's month (analytics/report_sql.py): complaints resolved, closed or due
            # in it, read with the received and answer-by indexes above in one bitmap. Block ranges
            # (BRIN): rows are written about when these times fall, so a month is a few ranges, and an
            # entry costs almost nothing to write.
            BrinIndex(
                fields=["resolved_at", "closed_at", "acknowledge_due", "statutory_due"],
                name="complaint_report_times_idx",
                autosummarize=True,
                pages_per_range=32,  # a quarter of the default: a month's bitmap rechecks half as many rows
            ),
        ]
        # Each colleague's open load (complaints/models/load.py), moved in the same transaction.
        triggers = load_triggers([s.value for s in OPEN_STATES])

    def __str__(self) -> str:
        return self.number

    # -- derived, from the row's own fields ------------------------------------------------------
    @property
    def sla_paused(self) -> bool:
        return self.sla_paused_at is not None

    def overdue_at(self, now: dt.datetime) -> bool:
        """A deadline passed and the work it bounds not done (docs/deadlines.md).

        While the complaint waits for the customer, the acknowledgement and answer-by clocks stand
        still at the pause's start (a deadline missed before the pause stays missed), but the statutory
        clock never stops. Mirrors `overdue_q` below (the list filter); keep the two together.
        """
        clock = self.sla_paused_at or now
        if self.status == Status.RECEIVED and self.acknowledge_due < clock:
            return True
        if self.status in OPEN_STATES and (self.resolve_due < clock or self.statutory_due < now):
            return True
        return self.status == Status.RESOLVED and self.callback_due is not None and self.callback_due < now

    @property
    def overdue(self) -> bool:
        return self.overdue_at(timezone.now())

    def _move_resolve_due(self, resolve_due: dt.datetime, at: dt.datetime) -> None:
        """A new answer-by date. When the old one's breach was already handled (escalated by the sweep)
        and the new one is past too, it is the same breach, not a second one: the record moves along."""
        handled = self.breached_due is not None and self.breached_due >= self.resolve_due
        self.resolve_due = resolve_due
        if handled and self.breached_due < resolve_due < at:
            self.breached_due = resolve_due


def overdue_q(now: dt.datetime) -> Q:
    """The list filter for `Complaint.overdue_at(now)`; keep the two together.

    Written as running/paused branches (not COALESCE) so the running branch can use the partial
    index on open complaints' resolve_due. A running complaint's resolve_due is never after its
    statutory_due (a database constraint), so only the paused branch tests the statutory clock.
    """
    running, paused = Q(sla_paused_at__isnull=True), Q(sla_paused_at__isnull=False)
    return (
        (running & Q(status__in=OPEN_STATES, resolve_due__lt=now))
        | (paused & Q(status__in=OPEN_STATES, resolve_due__lt=models.F("sla_paused_at")))
        | (paused & Q(status__in=OPEN_STATES, statutory_due__lt=now))
        | (running & Q(status=Status.RECEIVED, acknowledge_due__lt=now))
        | (paused & Q(status=Status.RECEIVED, acknowledge_due__lt=models.F("sla_paused_at")))
        | Q(status=Status.RESOLVED, callback_due__lt=now)
    )
