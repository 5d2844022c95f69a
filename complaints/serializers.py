"""Input and output shapes of the complaints API (CONTRACT.md)."""

from __future__ import annotations

import copy

from django.utils.functional import empty
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from complaints.models import (
    Attachment,
    Channel,
    Complaint,
    ComplaintEvent,
    Contact,
    Kind,
    Outcome,
    Remedy,
)
from complaints.services import available_names
from customers.masking import mask_name, mask_phone
from infra.api_fields import DateTimeField

TEXT = {"max_length": 5000, "trim_whitespace": True}


def _copies(fields: dict[str, serializers.Field]) -> dict[str, serializers.Field]:
    """Fields for a new serializer to bind, copied from fields built once. A shallow copy is a field of
    its own to bind (binding sets only the copy's attributes; a field keeps no state of what it reads
    or validates), made without running the field's constructor again as DRF's deep copy does; nested
    serializers, which hold a child bound to them, are copied deeply."""
    return {
        name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else copy.copy(field)
        for name, field in fields.items()
    }


class InputSerializer(serializers.Serializer):
    """A serializer whose declared fields are copied shallowly for each instance (`_copies`)."""

    def get_fields(self) -> dict:
        return _copies(self._declared_fields)


class CustomerInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, allow_null=True)


class ComplaintIntakeSerializer(InputSerializer):
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

    def get_fields(self) -> dict:
        """Copies (`_copies`) of the fields built once per class: ModelSerializer builds its 47 fields
        from the model on every instance, half the cost of a complaint's representation."""
        cls = type(self)
        prototypes = cls.__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = cls._field_prototypes = super().get_fields()
        return _copies(prototypes)

    @classmethod
    def _readable(cls) -> list[tuple[str, serializers.Field, str | None]]:
        """(name, field, method name of a method field) of each readable field, bound once per class to
        a serializer of its own: representing a complaint then binds no copies (48 per complaint, the
        larger part of its cost). These fields keep no state of the complaint at hand and read no
        context (none may: the context is the serializer's at hand); the method fields run on the
        serializer at hand, as they read its context."""
        readable = cls.__dict__.get("_readable_fields_once")
        if readable is None:
            readable = cls._readable_fields_once = [
                (
                    name,
                    field,
                    field.method_name if isinstance(field, serializers.SerializerMethodField) else None,
                )
                for name, field in cls().fields.items()
                if not field.write_only
            ]
        return readable

    def to_representation(self, complaint: Complaint) -> dict:
        # DRF's Serializer.to_representation over the fields bound once (`_readable`): the same output,
        # which tests/complaints/test_api.py compares with DRF's own.
        data = {}
        for name, field, method in self._readable():
            if method is not None:
                data[name] = getattr(self, method)(complaint)
                continue
            try:
                attribute = field.get_attribute(complaint)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            data[name] = None if check_for_none is None else field.to_representation(attribute)
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
