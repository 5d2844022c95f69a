"""Joint investigation (DESIGN.md "Dispatch and investigation"): the departments asked about one
complaint, one of them leading, each recording its own finding (责任认定) by its own deadline.

The complaint's `department` is the lead department (the CONTRACT's `department`); every department
ever asked is also listed on the complaint (`consulted_departments`), so the access rules read it from
the row itself and lists filter it from an index. The transitions are declared here once; the
services in complaints/services/investigation.py lock, check, call and record them, and the complaint's
own `dispatch`, `ask_department` and `record_finding` run them inside their transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from complaints import rules


class DepartmentRequest(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        ANSWERED = "answered", _("Finding recorded")

    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        related_name="department_requests",
        verbose_name=_("complaint"),
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department asked")
    )
    lead = models.BooleanField(_("leads the investigation"), default=False)
    status = FSMField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASKED, protected=True
    )
    question = models.TextField(_("what is asked"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handler"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"))
    due = models.DateTimeField(_("finding due by"))

    cause = models.TextField(_("cause found"), blank=True)
    company_at_fault = models.BooleanField(_("company at fault"), null=True, blank=True)
    responsible_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible party (department)"),
    )
    responsible_staff = models.CharField(_("responsible staff member"), max_length=64, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("finding recorded by"),
    )
    answered_at = models.DateTimeField(_("finding recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("department request")
        verbose_name_plural = _("department requests")
        ordering = ["-lead", "asked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "department"], name="request_one_per_department"),
            models.UniqueConstraint(fields=["complaint"], condition=Q(lead=True), name="request_one_lead"),
        ]
        indexes = [
            # A department's open requests by deadline (its staff's list), and the report's findings.
            models.Index(fields=["department", "status", "due"], name="request_department_idx"),
            models.Index(fields=["asked_at"], name="request_asked_idx"),
            models.Index(fields=["answered_at"], name="request_answered_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.get_status_display()}"

    def overdue_at(self, now: dt.datetime) -> bool:
        return self.status == self.Status.ASKED and self.due < now

    @transition(
        field=status,
        source=[Status.ASKED, Status.ANSWERED],
        target=Status.ANSWERED,
        permission=rules.can_answer_request,
        custom={"label": _("Record the finding")},
    )
    def answer(self, *, by, at, cause, company_at_fault, responsible_department, responsible_staff) -> None:
        """The department's finding; a later finding of the same department replaces it."""
        self.answered_by = by
        self.answered_at = at
        self.cause = cause
        self.company_at_fault = company_at_fault
        self.responsible_department = responsible_department
        self.responsible_staff = responsible_staff

    @transition(
        field=status,
        source=[Status.ASKED, Status.ANSWERED],
        target=Status.ASKED,
        permission=rules.can_ask_request,
        custom={"label": _("Ask again")},
    )
    def ask(self, *, by, at, due, question, lead, assignee) -> None:
        """Ask (again): a department already asked is asked once more, with a new deadline."""
        self.asked_by = by
        self.asked_at = at
        self.due = due
        self.question = question
        self.lead = self.lead or lead
        if assignee is not None:
            self.assignee = assignee
