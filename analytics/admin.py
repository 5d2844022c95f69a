from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from analytics.models import DailySnapshot, ImprovementAction, JobRun, MonthlyReport
from complaints.admin.readonly import ReadOnlyAdmin


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "status", "started_at", "finished_at", "seconds", "counts", "error"]
    list_filter = ["name", "status"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in JobRun._meta.fields]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["month", "built_at", "seconds", "link"]
    fields = ["month", "built_at", "seconds"]
    readonly_fields = fields

    @admin.display(description=_("report"))
    def link(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("analytics:report", args=[f"{obj.month:%Y-%m}"]), _("open")
        )


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["title", "month", "root_cause", "department", "owner", "due", "status", "done_at"]
    list_filter = ["status", "month", "root_cause"]
    list_select_related = ["root_cause", "department", "owner"]
    search_fields = ["title"]
    autocomplete_fields = ["department"]
    raw_id_fields = ["owner"]

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        if obj.status == ImprovementAction.Status.DONE and obj.done_at is None:
            obj.done_at = timezone.now()
        elif obj.status != ImprovementAction.Status.DONE:
            obj.done_at = None
        super().save_model(request, obj, form, change)


@admin.register(DailySnapshot)
class DailySnapshotAdmin(ReadOnlyAdmin):
    list_display = ["day", "department", "tier", "status", "open_count", "overdue_count", "received_count"]
    list_filter = ["day", "tier", "status"]
    list_select_related = ["department"]
