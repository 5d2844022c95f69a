"""Input and output shapes of the complaints API (CONTRACT.md)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.functional import empty
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from complaints.models import (
    Attachment,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Contact,
    ContactOutcome,
    Kind,
    Outcome,
    Remedy,
    RootCause,
    Severity,
)
from complaints.services import available_names
from complaints.services.actions import NO_COMPLAINT_TO_MERGE_INTO
from customers.masking import mask_name, mask_phone
from infra.api_fields import DateTimeField
from org.models import Department

TEXT = {"max_length": 5000, "trim_whitespace": True}


class CustomerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, allow_null=True)


class ComplaintIntakeSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(Channel.choices)
    external_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(Kind.choices, default=Kind.COMPLAINT)
    regulator_ref = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    customer = CustomerInputSerializer()
    waybill_no = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    category = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True)
    description = serializers.CharField(**TEXT)
    remedy_sought = serializers.ChoiceField(Remedy.choices, default=Remedy.OTHER)
    received_at = DateTimeField(required=False, allow_null=True)


class MaskedCustomerSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, attachment: Attachment) -> str:
        return f"/api/v1/complaints/{attachment.complaint.number}/attachments/{attachment.pk}/"


# What the customer-facing view (channel integrations, complaints/rules.py `customer_facing`) shows
# instead: who handles it internally and the department's finding stay inside the company.
CUSTOMER_HIDDEN = {
    "owner": None,
    "assignee": None,
    "finding_cause": "",
    "company_at_fault": None,
    "responsible_department": None,
    "responsible_staff": "",
    "failed_contacts": 0,
}


class ComplaintSerializer(serializers.ModelSerializer):
    # Nullable links and blank choices are declared so that the schema says null/"" (schema fuzzing).
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    customer = serializers.SerializerMethodField()
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    responsible_department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    root_cause = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    outcome = serializers.ChoiceField(Outcome.choices, allow_blank=True, read_only=True)
    shipment_known = serializers.SerializerMethodField()
    sla_paused = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "number",
            "kind",
            "regulator_ref",
            "status",
            "tier",
            "severity",
            "category",
            "category_name",
            "category_needs_confirmation",
            "channel",
            "external_id",
            "customer",
            "waybill_no",
            "shipment_known",
            "description",
            "remedy_sought",
            "owner",
            "assignee",
            "department",
            "received_at",
            "acknowledged_at",
            "acknowledge_due",
            "resolve_due",
            "statutory_due",
            "callback_due",
            "sla_paused",
            "overdue",
            "extended_days",
            "reopened_at",
            "original_statutory_due",
            "solution",
            "finding_cause",
            "company_at_fault",
            "responsible_department",
            "responsible_staff",
            "root_cause",
            "resolution",
            "resolved_at",
            "outcome",
            "satisfaction",
            "satisfaction_comment",
            "failed_contacts",
            "reopen_count",
            "closed_at",
            "merged_into",
            "available_transitions",
        ]
        read_only_fields = fields

    def to_representation(self, complaint: Complaint) -> dict:
        data = super().to_representation(complaint)
        if self.context.get("customer_facing"):
            data.update(CUSTOMER_HIDDEN)
            if complaint.status != "proposed":  # a solution is told to the customer once proposed
                data["solution"] = ""
        return data

    @extend_schema_field(MaskedCustomerSerializer)
    def get_customer(self, complaint: Complaint) -> dict:
        phone = complaint.customer.phone if complaint.customer_id else ""
        return {"name": mask_name(complaint.contact_name), "phone": mask_phone(phone)}

    def get_shipment_known(self, complaint: Complaint) -> bool:
        return complaint.shipment_id is not None

    def get_available_transitions(self, complaint: Complaint) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        user = request.user
        wrapped = getattr(user, "_wrapped", empty)  # the session user is lazy: unwrap it once per response
        user = user if wrapped is empty else wrapped
        return available_names(complaint, user, cache=self.context.setdefault("_transitions_cache", {}))


class ComplaintDetailSerializer(ComplaintSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "attachments"]
        read_only_fields = fields


class StateField(serializers.CharField):
    """A state name, or null where the event changes no state (stored as "")."""

    def to_representation(self, value):
        return value or None


class EventSerializer(serializers.ModelSerializer):
    """CONTRACT.md's event: at, actor (null for the system), kind, name, from, to (states, for
    transitions), note (+ the complaint's number and details)."""

    complaint = serializers.CharField(source="complaint.number", read_only=True)
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ComplaintEvent
        fields = ["complaint", "at", "actor", "kind", "name", "note", "data"]
        read_only_fields = fields

    def get_fields(self):
        # "from" is a Python keyword, so these two are declared here rather than as attributes (the
        # schema generator reads them from here too, so the schema names what is sent).
        fields = super().get_fields()
        ordered = {}
        for name, field in fields.items():
            if name == "note":
                ordered["from"] = StateField(source="from_state", read_only=True, allow_null=True)
                ordered["to"] = StateField(source="to_state", read_only=True, allow_null=True)
            ordered[name] = field
        return ordered


class CustomerEventSerializer(EventSerializer):
    """The customer-facing event (complaints/rules.py `customer_facing`): no staff username (only the
    caller's own), no internal details, the note only where the customer was told that text."""

    def to_representation(self, event):
        from complaints.selectors import CUSTOMER_STEPS_WITH_NOTE

        data = super().to_representation(event)
        request = self.context.get("request")
        if request is None or event.actor_id != request.user.pk:
            data["actor"] = None
        if not (event.kind == "notification" or event.name in CUSTOMER_STEPS_WITH_NOTE):
            data["note"] = ""
        data["data"] = {}
        return data


# -- transition arguments --------------------------------------------------------------------------
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


class ContactInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(Channel.choices)
    customer = CustomerInputSerializer()
    kind = serializers.ChoiceField(Contact.Kind.choices)
    sentiment = serializers.ChoiceField(
        Contact.Sentiment.choices, required=False, allow_blank=True, default=""
    )
    text = serializers.CharField(max_length=5000)
    answer = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ContactSerializer(serializers.ModelSerializer):
    customer = serializers.SerializerMethodField()
    # Blank for consultations: declared so the schema says so (fuzzing found the gap).
    sentiment = serializers.ChoiceField(Contact.Sentiment.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "kind", "sentiment", "channel", "customer", "text", "answer", "at"]
        read_only_fields = fields

    @extend_schema_field(MaskedCustomerSerializer)
    def get_customer(self, contact: Contact) -> dict:
        return {
            "name": mask_name(contact.contact_name),
            "phone": mask_phone(contact.customer.phone if contact.customer_id else ""),
        }


class CategoryArg(serializers.Serializer):
    category = serializers.SlugRelatedField(
        label=_("category"), slug_field="code", queryset=Category.objects.filter(is_active=True)
    )
