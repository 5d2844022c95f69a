from django.contrib import admin

from claims.models import AuthorityLimit, Claim, Penalty, PenaltyRule


@admin.register(AuthorityLimit)
class AuthorityLimitAdmin(admin.ModelAdmin):
    list_display = ["role", "max_amount"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Read-only here: claims move through their services (complaint page and API)."""

    list_display = [
        "id",
        "complaint",
        "claim_type",
        "proposed_amount",
        "cap",
        "rule",
        "status",
        "proposed_by",
        "approved_by",
        "payment_ref",
    ]
    list_select_related = ["complaint", "proposed_by", "approved_by"]
    list_filter = ["status", "claim_type", "rule", "needs_legal_review"]
    search_fields = ["=complaint__number", "=payment_ref"]
    readonly_fields = [f.name for f in Claim._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "loss_percentage", "fixed_amount", "is_active"]


@admin.register(Penalty)
class PenaltyAdmin(admin.ModelAdmin):
    """Managers may correct the texts and amount; the status moves only through the complaint page."""

    list_display = ["id", "complaint", "department", "staff", "amount", "status", "created_at"]
    list_select_related = ["complaint", "department"]
    list_filter = ["status", "rule", "department"]
    search_fields = ["=complaint__number", "department__code"]
    readonly_fields = ["complaint", "status", "proposed_by", "decided_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
