"""Managers' configuration (taxonomy, SLA policies, calendar) and a read-only view of complaints.

States and deadlines are owned by the workflow: they are read-only here; transitions arrive as admin
actions calling the same services (step 7)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaints.models import (
    Attachment,
    CalendarOverride,
    Category,
    ClassificationRule,
    Complaint,
    ComplaintEvent,
    Contact,
    RootCause,
    RoutingRule,
    SlaPolicy,
    StandardReply,
)
from customers.masking import mask_name, mask_phone


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "default_severity", "is_active", "sort_order"]
    list_select_related = ["parent"]
    list_filter = ["default_severity", "is_active", "parent"]
    search_fields = ["code", "name"]
    list_editable = ["default_severity", "is_active", "sort_order"]


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["code", "name"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "severity",
        "resolve_working_days",
        "statutory_calendar_days",
        "acknowledge_hours",
        "callback_working_days",
    ]
    list_filter = ["kind"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "status",
        "tier",
        "severity",
        "category",
        "channel",
        "masked_customer",
        "owner",
        "department",
        "received_at",
        "resolve_due",
    ]
    list_select_related = ["category", "customer", "owner", "department"]
    list_filter = ["status", "tier", "severity", "channel", "kind"]
    search_fields = ["=number", "=waybill_no", "=customer__phone"]
    date_hierarchy = "received_at"
    show_full_result_count = False
    exclude = ["contact_name", "customer"]

    @admin.display(description=_("customer"))
    def masked_customer(self, complaint: Complaint) -> str:
        phone = complaint.customer.phone if complaint.customer_id else ""
        return f"{mask_name(complaint.contact_name)} {mask_phone(phone)}"


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "complaint", "kind", "name", "from_state", "to_state", "actor"]
    list_select_related = ["complaint", "actor"]
    list_filter = ["kind", "name"]
    search_fields = ["=complaint__number"]
    show_full_result_count = False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "complaint", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["complaint", "uploaded_by"]
    search_fields = ["=complaint__number"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["priority", "category", "outlet", "department", "tier", "auto_assign", "is_active"]
    list_select_related = ["category", "outlet", "department"]
    list_editable = ["is_active"]
    list_filter = ["tier", "auto_assign", "is_active"]
    autocomplete_fields = ["outlet", "department"]


@admin.register(StandardReply)
class StandardReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "is_active", "sort_order"]
    list_select_related = ["category"]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["is_active", "category"]
    search_fields = ["title", "text"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "sentiment", "channel", "masked_name", "recorded_by"]
    list_select_related = ["recorded_by"]
    list_filter = ["kind", "sentiment", "channel"]
    date_hierarchy = "at"
    show_full_result_count = False
    exclude = ["contact_name", "customer"]

    @admin.display(description=_("customer"))
    def masked_name(self, contact: Contact) -> str:
        return mask_name(contact.contact_name)


@admin.register(ClassificationRule)
class ClassificationRuleAdmin(admin.ModelAdmin):
    list_display = ["priority", "keywords", "category", "is_active"]
    list_select_related = ["category"]
    list_editable = ["keywords", "is_active"]
    search_fields = ["keywords"]
