from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows owned by the workflow or the history: readable, never edited here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
