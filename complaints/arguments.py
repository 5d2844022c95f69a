"""The arguments of each complaint transition and action (complaints/workflow.py): the same shapes for
the API, the browser forms and the admin's bulk actions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from complaints.models import (
    Category,
    Complaint,
    ContactOutcome,
    Outcome,
    RootCause,
    Severity,
)
from complaints.services.actions import NO_COMPLAINT_TO_MERGE_INTO
from org.models import Department


class NoteArg(serializers.Serializer):
    note = serializers.CharField(
        label=_("note"), required=False, allow_blank=True, default="", max_length=5000
    )


class RequiredNoteArg(serializers.Serializer):
    note = serializers.CharField(label=_("note"), max_length=5000)


class DispatchArgs(serializers.Serializer):
    # Declared in the order of the form: the required department first, the optional note last.
    department = serializers.SlugRelatedField(
        label=_("responsible department"),
        slug_field="code",
        queryset=Department.objects.filter(is_active=True),
    )
    assignee = serializers.SlugRelatedField(
        label=_("handler"),
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    note = serializers.CharField(
        label=_("note"), required=False, allow_blank=True, default="", max_length=5000
    )


class AskDepartmentArgs(serializers.Serializer):
    department = serializers.SlugRelatedField(
        label=_("department asked"),
        slug_field="code",
        queryset=Department.objects.filter(is_active=True),
    )
    note = serializers.CharField(
        label=_("what is asked"), required=False, allow_blank=True, default="", max_length=5000
    )


class FindingArgs(serializers.Serializer):
    department = serializers.SlugRelatedField(
        label=_("finding of the department"),
        slug_field="code",
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Empty: your own department when it was asked, else the lead department."),
    )
    cause = serializers.CharField(label=_("cause found"), max_length=5000)
    company_at_fault = serializers.BooleanField(label=_("company at fault"))
    responsible_department = serializers.SlugRelatedField(
        label=_("responsible party (department)"),
        slug_field="code",
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
    )
    responsible_staff = serializers.CharField(
        label=_("responsible staff member"), max_length=64, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(
        label=_("note"), required=False, allow_blank=True, default="", max_length=5000
    )


class ProposeArgs(serializers.Serializer):
    solution = serializers.CharField(label=_("proposed solution"), max_length=5000)


class ResolveArgs(serializers.Serializer):
    resolution = serializers.CharField(label=_("resolution"), max_length=5000)
    root_cause = serializers.SlugRelatedField(
        label=_("root cause"),
        slug_field="code",
        queryset=RootCause.objects.filter(is_active=True),
        error_messages={
            "required": _("The root cause is required to resolve."),
            "null": _("The root cause is required to resolve."),
        },
    )
    company_at_fault = serializers.BooleanField(label=_("company at fault"))
    responsible_department = serializers.SlugRelatedField(
        label=_("responsible party (department)"),
        slug_field="code",
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
    )
    responsible_staff = serializers.CharField(
        label=_("responsible staff member"), max_length=64, required=False, allow_blank=True, default=""
    )


class CloseArgs(serializers.Serializer):
    outcome = serializers.ChoiceField(Outcome.choices, label=_("closing outcome"))
    satisfaction = serializers.IntegerField(
        label=_("satisfaction (1–5)"), min_value=1, max_value=5, required=False, allow_null=True
    )
    comment = serializers.CharField(
        label=_("customer's comment"), max_length=5000, required=False, allow_blank=True, default=""
    )


class ReasonArg(serializers.Serializer):
    reason = serializers.CharField(label=_("reason"), max_length=5000)


class RegradeArgs(ReasonArg):
    severity = serializers.ChoiceField(Severity.choices, label=_("severity"))


class ExtendArgs(ReasonArg):
    working_days = serializers.IntegerField(label=_("working days"), min_value=1, max_value=10)


class TextArg(serializers.Serializer):
    text = serializers.CharField(label=_("note"), max_length=5000)


class ContactArgs(NoteArg):
    outcome = serializers.ChoiceField(ContactOutcome.choices, label=_("call outcome"))


class NoArgs(serializers.Serializer):
    pass


class TransferArgs(ReasonArg):
    to = serializers.SlugRelatedField(
        label=_("new owner"), slug_field="username", queryset=get_user_model().objects.filter(is_active=True)
    )


class ComplaintNumberField(serializers.SlugRelatedField):
    """A complaint by its number, as people type it (any case, spaces around)."""

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


class MergeArgs(serializers.Serializer):
    # The service checks the survivor is within the actor's scope and answers the same as here.
    into = ComplaintNumberField(
        label=_("merge into (complaint number)"),
        slug_field="number",
        queryset=Complaint.objects.all(),
        error_messages={"does_not_exist": NO_COMPLAINT_TO_MERGE_INTO},
    )


class CategoryArg(serializers.Serializer):
    category = serializers.SlugRelatedField(
        label=_("category"), slug_field="code", queryset=Category.objects.filter(is_active=True)
    )
