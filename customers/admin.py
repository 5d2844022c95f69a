from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from customers.masking import mask_name, mask_phone
from customers.models import Customer, Product, Shipment, UnmaskLog


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["id", "masked_name", "masked_phone", "is_vip", "created_at"]
    list_filter = ["is_vip"]
    search_fields = ["=phone"]
    show_full_result_count = False
    exclude = ["name", "phone", "email"]  # personal data is not shown here unmasked
    readonly_fields = ["masked_name", "masked_phone", "created_at"]

    @admin.display(description=_("name"))
    def masked_name(self, customer: Customer) -> str:
        return mask_name(customer.name)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, customer: Customer) -> str:
        return mask_phone(customer.phone)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "uninsured_cap_multiplier",
        "deemed_lost_days_same_city",
        "deemed_lost_days_other",
        "is_active",
    ]
    search_fields = ["=code", "name"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = [
        "waybill_no",
        "product",
        "operator_type",
        "origin_outlet",
        "destination_outlet",
        "freight",
        "insured",
        "shipped_at",
        "delivered_at",
    ]
    list_select_related = ["product", "origin_outlet", "destination_outlet"]
    list_filter = ["operator_type", "insured", "delivery_method", "product"]
    search_fields = ["=waybill_no"]
    date_hierarchy = "shipped_at"
    show_full_result_count = False
    raw_id_fields = ["sender", "recipient", "origin_outlet", "destination_outlet"]
    exclude = ["sender_name", "recipient_name"]  # personal data is not shown here unmasked
    readonly_fields = ["masked_sender_name", "masked_recipient_name"]

    @admin.display(description=_("sender's name on the waybill"))
    def masked_sender_name(self, shipment: Shipment) -> str:
        return mask_name(shipment.sender_name)

    @admin.display(description=_("recipient's name on the waybill"))
    def masked_recipient_name(self, shipment: Shipment) -> str:
        return mask_name(shipment.recipient_name)


@admin.register(UnmaskLog)
class UnmaskLogAdmin(admin.ModelAdmin):
    """Who was shown which customer's personal data unmasked, for auditors (never edited here)."""

    list_display = ["at", "actor", "customer", "purpose"]
    list_select_related = ["actor", "customer"]
    list_filter = ["purpose"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
