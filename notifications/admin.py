from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from customers.masking import mask_phone
from notifications.models import NoticeTemplate, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "template",
        "audience",
        "channel",
        "masked_recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "complaint",
    ]
    list_filter = ["status", "audience", "channel", "template"]
    list_select_related = ["complaint"]
    search_fields = ["=complaint__number"]
    show_full_result_count = False
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "recipient"] + [
        "masked_recipient"
    ]
    exclude = ["recipient"]

    @admin.display(description=_("recipient"))
    def masked_recipient(self, notification: Notification) -> str:
        """A customer's phone or address is personal data: masked like everywhere else."""
        recipient = notification.recipient
        if notification.audience != Notification.Audience.CUSTOMER:
            return recipient
        if "@" in recipient:
            local, _at, domain = recipient.partition("@")
            return f"{local[:1]}***@{domain}"
        return mask_phone(recipient)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    """Managers reword notices; the placeholders a notice may use are checked on save."""

    list_display = ["key", "subject", "updated_at"]
    search_fields = ["key", "subject", "body"]
