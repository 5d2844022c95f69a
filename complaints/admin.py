from django.contrib import admin

from complaints.models import Category, RootCause


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
