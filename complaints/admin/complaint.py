"""Complaints, their events and evidence in admin: fast over millions of rows, masked, scoped to what
the user may see, and changed only through the workflow's services (bulk actions, object buttons)."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from complaints.admin.bulk import transition_action, transition_label
from complaints.admin.filters import ChoicesFilter, ManyValuesFilter
from complaints.admin.paging import CappedPaginator, with_range_dates
from complaints.admin.readonly import ReadOnlyAdmin
from complaints.admin.rows import OnePassChangeList
from complaints.models import Attachment, Complaint, ComplaintEvent
from complaints.rules import WORKERS, visible_q
from complaints.selectors import complaint_search_q
from complaints.web import OnePassSelect
from customers.masking import mask_name, mask_phone
from infra.cells import safe_row
from infra.db_router import reads_from_replica
from org.roles import has_role

# The transitions a supervisor or manager runs on many complaints at once (others need one complaint's
# page, where the workbench shows every form). Their labels are the ones declared on the model.
BULK = ["acknowledge", "escalate", "deescalate", "extend", "transfer_owner", "approve_proposal", "reject"]


EXPORT_COLUMNS = [
    (_("complaint number"), lambda c: c.number),
    (_("status"), lambda c: c.get_status_display()),
    (_("tier"), lambda c: c.get_tier_display()),
    (_("severity"), lambda c: c.get_severity_display()),
    (_("category"), lambda c: c.category.name if c.category_id else ""),
    (_("channel"), lambda c: c.get_channel_display()),
    (_("customer"), lambda c: mask_name(c.contact_name)),
    (_("mobile phone"), lambda c: mask_phone(c.customer.phone if c.customer_id else "")),
    (_("waybill number"), lambda c: c.waybill_no),
    (_("owner"), lambda c: c.owner.username if c.owner_id else ""),
    (_("received at"), lambda c: timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M")),
    (_("answer by"), lambda c: timezone.localtime(c.resolve_due).strftime("%Y-%m-%d %H:%M")),
    (
        _("resolved at"),
        lambda c: timezone.localtime(c.resolved_at).strftime("%Y-%m-%d %H:%M") if c.resolved_at else "",
    ),
]


class ActionForm(helpers.ActionForm):
    """Django's action form, its select written without the widget templates (complaints/web.py)."""

    action = forms.ChoiceField(label=_("Action:"), widget=OnePassSelect)


class Echo:
    def write(self, value):
        return value


class ScopedAdmin(admin.ModelAdmin):
    """Supervisors see their department's complaints (complaints/rules.py); managers and auditors all.
    Lists render their rows in one pass (complaints/admin/rows.py)."""

    scope_prefix = ""
    change_list_template = "admin/complaints/one_pass_change_list.html"

    def get_changelist(self, request, **kwargs):
        return OnePassChangeList

    def get_queryset(self, request):
        queryset = with_range_dates(super().get_queryset(request))
        scope = visible_q(request.user)
        if scope is None:
            return queryset
        if self.scope_prefix:
            return queryset.filter(complaint__in=Complaint.objects.filter(scope).values("pk"))
        return queryset.filter(scope)


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin, ReadOnlyAdmin):
    list_display = [
        "number",
        "status",
        "tier",
        "severity",
        "category_name",
        "channel",
        "masked_customer",
        "owner",
        "department",
        "received_at",
        "resolve_due",
        "incident",
    ]
    # Departments and incidents are labelled from their filters' choices (complaints/admin/rows.py):
    # two more joined tables tripled PostgreSQL's planning time of the list's query.
    list_select_related = ["category", "customer", "owner"]
    # The columns the rows read (list_display, the masked customer, the checkbox's label, the owner's
    # user name): 14 of the complaint's 58, loaded for the page only (complaints/admin/rows.py). A
    # column reading another field costs a query per row (the list's constant-query test fails).
    list_only = [
        "number",
        "status",
        "tier",
        "severity",
        "category__name",
        "channel",
        "contact_name",
        "customer__phone",
        "owner__username",
        "department",
        "received_at",
        "resolve_due",
        "incident",
    ]
    list_filter = [
        ("status", ChoicesFilter),
        ("tier", ChoicesFilter),
        ("severity", ChoicesFilter),
        ("channel", ChoicesFilter),
        ("kind", ChoicesFilter),
        ("department", ManyValuesFilter),
        ("incident", ManyValuesFilter),
    ]
    search_fields = ["=number", "=waybill_no", "=customer__phone"]
    date_hierarchy = "received_at"
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter value would scan every complaint
    paginator = CappedPaginator
    list_per_page = 50
    exclude = ["contact_name", "customer", "description", "satisfaction_comment", "responsible_staff"]
    actions = [transition_action(name) for name in BULK] + ["export_csv"]
    action_form = ActionForm
    change_form_template = "admin/complaints/complaint/change_form.html"
    change_list_template = "admin/complaints/complaint/change_list.html"

    def has_transition_permission(self, request) -> bool:
        """Who sees the bulk transitions: those who handle complaints (never auditors); each row is
        still checked by the transition's own rule."""
        return has_role(request.user, *WORKERS)

    def get_search_results(self, request, queryset, search_term):
        """Exact number, waybill or phone (any spacing, +86), each answered from its own index
        (complaint_search_q); the default case-insensitive OR over three columns scans every complaint."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(complaint_search_q(search_term)), False

    @admin.display(description=_("category"), ordering="category__name")
    def category_name(self, complaint: Complaint) -> str:
        """The category's name alone (its code, shown by the category's str, makes the list too wide)."""
        return complaint.category.name if complaint.category_id else "—"

    @admin.display(description=_("customer"))
    def masked_customer(self, complaint: Complaint) -> str:
        phone = complaint.customer.phone if complaint.customer_id else ""
        return f"{mask_name(complaint.contact_name)} {mask_phone(phone)}"

    def get_urls(self):
        return [
            path(
                "export.csv", self.admin_site.admin_view(self.export_view), name="complaints_complaint_export"
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Export the selected complaints as CSV (masked)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._stream(queryset)

    @method_decorator(reads_from_replica)
    def export_view(self, request):
        """The whole filtered list (the changelist's own filters and search) as CSV, streamed."""
        changelist = self.get_changelist_instance(request)
        return self._stream(changelist.get_queryset(request))

    def _stream(self, queryset):
        writer = csv.writer(Echo())
        rows = queryset.select_related("category", "customer", "owner").order_by("-received_at", "-id")

        def lines():
            yield "\ufeff" + writer.writerow(safe_row(str(label) for label, _get in EXPORT_COLUMNS))
            for complaint in rows.iterator(chunk_size=2000):
                yield writer.writerow(safe_row(get(complaint) for _label, get in EXPORT_COLUMNS))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="complaints-{timezone.localdate():%Y%m%d}.csv"'
        )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, object_id)
        extra = extra_context or {}
        if complaint is not None:
            extra.update(
                workbench_url=reverse("complaints:detail", args=[complaint.number]),
                unmask_url=reverse("complaints:unmask", args=[complaint.number]),
                may_unmask=request.user.has_perm("complaints.unmask_personal_data"),
                masked_customer=self.masked_customer(complaint),
                bulk_actions=[(f"run_{name}", transition_label(name)) for name in BULK]
                if self.has_transition_permission(request)
                else [],
            )
        return super().change_view(request, object_id, form_url, extra)


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ScopedAdmin, ReadOnlyAdmin):
    scope_prefix = "complaint"
    ordering = ["-at", "-id"]  # newest first, from the (at, id) index
    list_display = ["at", "complaint_link", "kind", "name", "from_state", "to_state", "actor"]
    list_select_related = ["complaint", "actor"]
    list_only = ["at", "complaint__number", "kind", "name", "from_state", "to_state", "actor__username"]
    list_filter = [("kind", ChoicesFilter)]
    search_fields = ["=complaint__number"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedPaginator
    list_per_page = 50

    @admin.display(description=_("complaint"))
    def complaint_link(self, event: ComplaintEvent) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:complaints_complaint_change", args=[event.complaint_id]),
            event.complaint.number,
        )


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdmin, ReadOnlyAdmin):
    scope_prefix = "complaint"
    list_display = ["original_name", "complaint", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["complaint", "uploaded_by"]
    search_fields = ["=complaint__number"]
    date_hierarchy = "uploaded_at"
