"""Login lockouts in admin: who is locked out, and the unlock action (django-axes' own reset)."""

from __future__ import annotations

from axes.utils import reset
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from infra.models import LoginLockout


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "locked", "attempt_time", "path_info"]
    list_filter = ["attempt_time"]
    search_fields = ["=username", "=ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock"]
    fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    readonly_fields = fields

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, attempt: LoginLockout) -> bool:
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description=_("Unlock the selected accounts"), permissions=["delete"])
    def unlock(self, request, queryset):
        names = sorted({name for name in queryset.values_list("username", flat=True) if name})
        for name in names:
            reset(username=name)
        self.message_user(
            request,
            ngettext("%(n)d account unlocked.", "%(n)d accounts unlocked.", len(names)) % {"n": len(names)},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # unlocking is the one way to remove these rows
        return actions

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
