from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from claims.models import Claim, PenaltyRule
from complaints.models import Complaint
from org.models import Department

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class ClaimCreateSerializer(serializers.Serializer):
    complaint = serializers.SlugRelatedField(
        slug_field="number", queryset=Complaint.objects.all(), label=_("complaint")
    )
    claim_type = serializers.ChoiceField(Claim.Type.choices, label=_("claim type"))
    actual_loss = serializers.DecimalField(**MONEY, label=_("actual loss"))
    proposed_amount = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, label=_("proposed amount")
    )


class ClaimSerializer(serializers.ModelSerializer):
    complaint = serializers.SlugRelatedField(slug_field="number", read_only=True)
    waybill_no = serializers.CharField(source="shipment.waybill_no", read_only=True)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    legal_reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    rule_cap = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    cap_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "complaint",
            "waybill_no",
            "claim_type",
            "actual_loss",
            "cap",
            "rule_cap",
            "claimed_before",
            "cap_reason",
            "rule",
            "needs_legal_review",
            "legal_reviewed_by",
            "legal_reviewed_at",
            "proposed_amount",
            "status",
            "proposed_by",
            "approved_by",
            "approved_under",
            "approved_at",
            "decision_note",
            "payment_ref",
            "paid_at",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="ClaimReasonArg")  # complaints has one of the same name
class ReasonArg(serializers.Serializer):
    reason = serializers.CharField(label=_("reason"), max_length=2000)


@extend_schema_serializer(component_name="ClaimNoteArg")  # complaints has one of the same name
class NoteArg(serializers.Serializer):
    note = serializers.CharField(
        label=_("note"), max_length=2000, required=False, allow_blank=True, default=""
    )


@extend_schema_serializer(component_name="ClaimPayArgs")  # complaints has one of the same name
class PayArgs(serializers.Serializer):
    payment_ref = serializers.CharField(label=_("payment reference"), max_length=64)


@extend_schema_serializer(component_name="ClaimNoArgs")  # complaints has one of the same name
class NoArgs(serializers.Serializer):
    pass


@extend_schema_serializer(component_name="ClaimRequiredNoteArg")  # complaints has one of the same name
class RequiredNoteArg(serializers.Serializer):
    note = serializers.CharField(label=_("decision"), max_length=2000)


class DisputeArg(serializers.Serializer):
    text = serializers.CharField(label=_("dispute"), max_length=2000)


class PenaltyProposeArgs(serializers.Serializer):
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), label=_("responsible department")
    )
    staff = serializers.CharField(
        label=_("responsible staff member"), max_length=64, required=False, allow_blank=True, default=""
    )
    rule = serializers.SlugRelatedField(
        slug_field="code", queryset=PenaltyRule.objects.filter(is_active=True), label=_("rule")
    )
    loss = serializers.DecimalField(**MONEY, label=_("loss"))
    reason = serializers.CharField(label=_("reason"), max_length=2000)
