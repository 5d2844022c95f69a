"""Input and output shapes of the shipments API (CONTRACT.md); also validate import_shipments rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.masking import mask_name, mask_phone
from customers.models import Shipment
from customers.phones import normalise_phone
from infra.api_fields import DateTimeField

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}

# Plausible shipment dates: no feed sends a parcel shipped in year 1 or delivered in 9999 (the SLA sweep
# would then call it "deemed lost since 0001-01-05"). Shipping and delivery are facts (not in the
# future beyond a day of clock skew); the promised date may lie up to a year ahead.
OLDEST_SHIPMENT = dt.timedelta(days=10 * 366)
FACT_SKEW = dt.timedelta(days=1)
PROMISE_AHEAD = dt.timedelta(days=366)


def _plausible(value: dt.datetime | None, *, ahead: dt.timedelta) -> dt.datetime | None:
    if value is None:
        return value
    now = timezone.now()
    if value < now - OLDEST_SHIPMENT:
        raise serializers.ValidationError(_("The date is more than ten years ago."))
    if value > now + ahead:
        raise serializers.ValidationError(_("The date is too far in the future."))
    return value


class PartyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=32)

    def validate_phone(self, value: str) -> str:
        return normalise_phone(value)


class ShipmentInputSerializer(serializers.Serializer):
    product = serializers.CharField(max_length=32, default="standard")
    operator_type = serializers.ChoiceField(
        Shipment.OperatorType.choices, default=Shipment.OperatorType.EXPRESS
    )
    sender = PartyInputSerializer(required=False, allow_null=True)
    recipient = PartyInputSerializer(required=False, allow_null=True)
    origin_outlet = serializers.CharField(max_length=32, required=False, allow_null=True, allow_blank=True)
    destination_outlet = serializers.CharField(
        max_length=32, required=False, allow_null=True, allow_blank=True
    )
    freight = serializers.DecimalField(**MONEY)
    addon_fees = serializers.DecimalField(**MONEY, default=Decimal("0"))
    insured = serializers.BooleanField(default=False)
    insured_amount = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    declared_value = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    cap_clause_acknowledged = serializers.BooleanField(default=False)
    shipped_at = DateTimeField(required=False, allow_null=True)
    promised_at = DateTimeField(required=False, allow_null=True)
    delivered_at = DateTimeField(required=False, allow_null=True)
    delivery_method = serializers.ChoiceField(
        Shipment.DeliveryMethod.choices, required=False, allow_blank=True
    )
    delivery_consent = serializers.BooleanField(default=False)

    def validate_shipped_at(self, value):
        return _plausible(value, ahead=FACT_SKEW)

    def validate_delivered_at(self, value):
        return _plausible(value, ahead=FACT_SKEW)

    def validate_promised_at(self, value):
        return _plausible(value, ahead=PROMISE_AHEAD)

    def validate(self, attrs: dict) -> dict:
        if attrs.get("insured") and attrs.get("insured_amount") is None:
            raise serializers.ValidationError(
                {"insured_amount": _("An insured shipment needs its insured amount.")}
            )
        insured, declared = attrs.get("insured_amount"), attrs.get("declared_value")
        if attrs.get("insured") and insured is not None and declared is not None and insured > declared:
            # Compensation never exceeds the loss: insuring above the value buys nothing (保价不超过声明价值).
            raise serializers.ValidationError(
                {"insured_amount": _("The insured amount cannot be above the declared value.")}
            )
        shipped, delivered = attrs.get("shipped_at"), attrs.get("delivered_at")
        if shipped and delivered and delivered < shipped:
            raise serializers.ValidationError({"delivered_at": _("Delivery cannot be before shipping.")})
        return attrs


class PartyOutputSerializer(serializers.Serializer):
    """A sender or recipient, masked: the name on the waybill, the customer's phone."""

    name = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)


def party(shipment: Shipment, role: str) -> dict | None:
    customer = getattr(shipment, role)
    if customer is None:
        return None
    return {"name": mask_name(shipment.party_name(role)), "phone": mask_phone(customer.phone)}


class ShipmentOutputSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sender = serializers.SerializerMethodField()
    recipient = serializers.SerializerMethodField()
    origin_outlet = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    destination_outlet = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    delivery_method = serializers.ChoiceField(
        Shipment.DeliveryMethod.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Shipment
        fields = ["waybill_no", *Shipment.FEED_FIELDS, "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(PartyOutputSerializer(allow_null=True))
    def get_sender(self, shipment: Shipment) -> dict | None:
        return party(shipment, "sender")

    @extend_schema_field(PartyOutputSerializer(allow_null=True))
    def get_recipient(self, shipment: Shipment) -> dict | None:
        return party(shipment, "recipient")
