"""Managers' configuration: taxonomy and default severities, SLA policies, the calendar, routing and
classification rules, standard replies, API users' channel bindings; consultations read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaints.admin.readonly import ReadOnlyAdmin
from complaints.models import (
    CalendarOverride,
    Category,
    ChannelBinding,
    ClassificationRule,
    Contact,
    RootCause,
    RoutingRule,
    SlaPolicy,
    StandardReply,
)
from customers.masking import mask_name


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


@admin.register(ChannelBinding)
class ChannelBindingAdmin(admin.ModelAdmin):
    """Which channels each API integration user may file under; the request body cannot claim another."""

    list_display = ["user", "channel", "created_at"]
    list_select_related = ["user"]
    list_filter = ["channel"]
    search_fields = ["user__username"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            from org.roles import Role

            kwargs["queryset"] = get_user_model().objects.filter(groups__name=Role.CHANNEL, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
