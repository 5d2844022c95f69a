from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from claims.models import AuthorityLimit, Claim, Penalty, PenaltyRule
from complaints.admin.complaint import ScopedAdmin
from infra.bulk import bulk_run


@admin.register(AuthorityLimit)
class AuthorityLimitAdmin(admin.ModelAdmin):
    list_display = ["role", "max_amount"]


@admin.register(Claim)
class ClaimAdmin(ScopedAdmin):
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
    scope_prefix = "complaint"  # supervisors: the claims of the complaints they may see
    list_select_related = ["complaint", "proposed_by", "approved_by"]
    list_filter = ["status", "claim_type", "rule", "needs_legal_review"]
    search_fields = ["=complaint__number", "=payment_ref"]
    readonly_fields = [f.name for f in Claim._meta.fields]

    actions = ["approve_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Approve the selected claims"))
    def approve_selected(self, request, queryset):
        """Through the same service as the page and the API; each refusal is reported."""
        from claims.services import claim_approve

        outcome = bulk_run(
            queryset.select_related("complaint"), lambda claim: claim_approve(claim=claim, actor=request.user)
        )
        for claim, reason in outcome.refused:
            self.message_user(request, f"#{claim.pk}: {reason}", messages.WARNING)
        done = len(outcome.done)
        self.message_user(request, _("%(n)d approved.") % {"n": done}, messages.SUCCESS)


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "loss_percentage", "fixed_amount", "is_active"]


@admin.register(Penalty)
class PenaltyAdmin(ScopedAdmin):
    """Managers may correct the texts and amount; the status moves only through the complaint page."""

    list_display = ["id", "complaint", "department", "staff", "amount", "status", "created_at"]
    scope_prefix = "complaint"
    list_select_related = ["complaint", "department"]
    list_filter = ["status", "rule", "department"]
    search_fields = ["=complaint__number", "department__code"]
    readonly_fields = ["complaint", "status", "proposed_by", "decided_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
