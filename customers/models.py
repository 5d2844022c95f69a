"""Customers (identified by mobile number), products with their contract terms, and shipments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _

from customers.phones import validate_phone
from org.models import CODE_VALIDATOR, Department

NON_NEGATIVE = MinValueValidator(Decimal("0"), message=_("The amount cannot be negative."))
WAYBILL_VALIDATOR = RegexValidator(r"^[A-Za-z0-9]{6,32}$", _("A waybill number has 6–32 letters and digits."))


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """Yuan with two places; never negative."""
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[NON_NEGATIVE], **kwargs
    )


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("mobile phone"), max_length=11, unique=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    is_vip = models.BooleanField(_("VIP"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-id"]
        indexes = [
            # The workbench finds callers by the last four digits of their phone, or by their name.
            models.Index(Right("phone", 4), name="customer_phone_tail_idx"),
            models.Index(fields=["name"], name="customer_name_idx"),
        ]

    def __str__(self) -> str:
        from customers.masking import mask_name, mask_phone

        return f"{mask_name(self.name)} {mask_phone(self.phone)}"


class Product(models.Model):
    """A shipping product and the contract terms the compensation rules read."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=64)
    uninsured_cap_multiplier = models.DecimalField(
        _("uninsured cap (× freight)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("3"),
        validators=[NON_NEGATIVE],
        help_text=_(
            "Uninsured loss is capped at this multiple of the freight when the sender acknowledged it."
        ),
    )
    deemed_lost_days_same_city = models.PositiveSmallIntegerField(
        _("deemed lost after (same city, days)"), default=3
    )
    deemed_lost_days_other = models.PositiveSmallIntegerField(_("deemed lost after (other, days)"), default=7)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uninsured_cap_multiplier__gte=0), name="product_cap_multiplier_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Shipment(models.Model):
    class OperatorType(models.TextChoices):
        EXPRESS = "express", _("Express")
        POSTAL_UNIVERSAL = "postal_universal", _("Postal universal service")

    # What the operations system sends (the shipments API's body and import_shipments' columns).
    FEED_FIELDS = [
        "product",
        "operator_type",
        "sender",
        "recipient",
        "origin_outlet",
        "destination_outlet",
        "freight",
        "addon_fees",
        "insured",
        "insured_amount",
        "declared_value",
        "cap_clause_acknowledged",
        "shipped_at",
        "promised_at",
        "delivered_at",
        "delivery_method",
        "delivery_consent",
    ]

    class DeliveryMethod(models.TextChoices):
        DOOR = "door", _("To the door")
        LOCKER = "locker", _("Parcel locker")
        STATION = "station", _("Pick-up station")
        SELF_PICKUP = "self_pickup", _("Self pick-up")

    waybill_no = models.CharField(
        _("waybill number"), max_length=32, unique=True, validators=[WAYBILL_VALIDATOR]
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("product")
    )
    operator_type = models.CharField(
        _("operator type"), max_length=20, choices=OperatorType.choices, default=OperatorType.EXPRESS
    )
    sender = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sent_shipments",
        verbose_name=_("sender"),
    )
    recipient = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_shipments",
        verbose_name=_("recipient"),
    )
    # The names written on the waybill. The parties above are the customers with those phones, who
    # keep the name first stored for them; the waybill keeps its own (empty on shipments fed before the
    # names were kept: the customer's name stands in).
    sender_name = models.CharField(
        _("sender's name on the waybill"), max_length=64, blank=True, db_default=""
    )
    recipient_name = models.CharField(
        _("recipient's name on the waybill"), max_length=64, blank=True, db_default=""
    )
    origin_outlet = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("origin outlet"),
    )
    destination_outlet = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination outlet"),
    )
    freight = money_field(_("freight"), default=Decimal("0"))
    addon_fees = money_field(_("add-on fees"), default=Decimal("0"))
    insured = models.BooleanField(_("insured"), default=False)
    insured_amount = money_field(_("insured amount"), null=True, blank=True)
    declared_value = money_field(_("declared value"), null=True, blank=True)
    cap_clause_acknowledged = models.BooleanField(_("cap clause acknowledged"), default=False)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    promised_at = models.DateTimeField(_("promised delivery"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivery method"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    delivery_consent = models.BooleanField(_("delivery consent"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["origin_outlet", "shipped_at"]),
            models.Index(fields=["destination_outlet", "shipped_at"]),
            # Shipments of a month per delivering outlet (the report's denominator), from the index alone.
            models.Index(fields=["shipped_at"], include=["destination_outlet"], name="shipment_shipped_idx"),
            # Parcels past their promised delivery and not delivered: where the SLA sweep looks for the
            # delay complaints whose parcel is deemed lost (few rows: nothing for a delivered parcel).
            models.Index(
                fields=["promised_at"],
                name="shipment_undelivered_idx",
                condition=Q(delivered_at__isnull=True, promised_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(freight__gte=0), name="shipment_freight_gte_0"),
            models.CheckConstraint(condition=Q(addon_fees__gte=0), name="shipment_addon_fees_gte_0"),
            models.CheckConstraint(
                condition=Q(insured_amount__isnull=True) | Q(insured_amount__gte=0),
                name="shipment_insured_amount_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(declared_value__isnull=True) | Q(declared_value__gte=0),
                name="shipment_declared_value_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(insured=False) | Q(insured_amount__isnull=False),
                name="shipment_insured_has_amount",
                violation_error_message=_("An insured shipment needs its insured amount."),
            ),
        ]

    def __str__(self) -> str:
        return self.waybill_no

    def party_name(self, role: str) -> str:
        """The name on the waybill of the sender or recipient (`role`), else the customer's."""
        customer = getattr(self, role)
        return getattr(self, f"{role}_name") or (customer.name if customer else "")


class UnmaskLog(models.Model):
    """Each time someone was shown a customer's personal data unmasked outside a complaint (a complaint's
    own unmasking is an event on its timeline). Holds no personal data itself."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        on_delete=models.SET_NULL,
        related_name="unmask_logs",
        verbose_name=_("customer"),
    )
    purpose = models.CharField(_("purpose"), max_length=40)

    class Meta:
        verbose_name = _("unmasking record")
        verbose_name_plural = _("unmasking records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["customer", "at"], name="unmasklog_customer_idx"),
            models.Index(fields=["actor", "at"], name="unmasklog_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.customer_id} ({self.purpose})"
