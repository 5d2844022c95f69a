"""Incidents in admin: declare, link complaints (waybill list, or outlet and date range), notify all
their customers once, extend their deadlines within the law; each through complaints/services/incidents."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from complaints.models import Incident
from complaints.services.actions import MAX_EXTENSION_DAYS
from complaints.services.incidents import (
    MAX_WAYBILLS,
    incident_declare,
    incident_extend,
    incident_link,
    incident_notify,
    parse_waybills,
)
from org.models import Department


class LinkForm(forms.Form):
    waybills = forms.CharField(
        label=_("waybill numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line (or separated by commas), at most %(n)d.") % {"n": MAX_WAYBILLS},
    )
    outlet = forms.ModelChoiceField(
        label=_("outlet"), queryset=Department.objects.filter(is_active=True), required=False
    )
    received_from = forms.DateField(
        label=_("received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NotifyForm(forms.Form):
    text = forms.CharField(
        label=_("notice to every customer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=300
    )


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(label=_("working days"), min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = forms.CharField(label=_("reason the customers will be told"), max_length=300)


FORMS = {"link": LinkForm, "notify": NotifyForm, "extend": ExtendForm}
TITLES = {
    "link": _("Link complaints"),
    "notify": _("Notify all customers"),
    "extend": _("Extend all deadlines"),
}


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet", "starts_on", "ends_on", "declared_by", "declared_at", "linked", "tools"]
    list_select_related = ["outlet", "declared_by"]
    search_fields = ["name"]
    date_hierarchy = "declared_at"
    fields = ["name", "description", "outlet", "starts_on", "ends_on"]
    autocomplete_fields = ["outlet"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n=Count("complaints"))

    @admin.display(description=_("complaints"), ordering="n")
    def linked(self, incident):
        url = reverse("admin:complaints_complaint_changelist") + f"?incident__id__exact={incident.pk}"
        return format_html('<a href="{}">{}</a>', url, incident.n)

    @admin.display(description=_("handle together"))
    def tools(self, incident):
        return format_html(
            " · ".join(['<a href="{}">{}</a>'] * 3),
            *[
                x
                for key in FORMS
                for x in (reverse(f"admin:complaints_incident_{key}", args=[incident.pk]), TITLES[key])
            ],
        )

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        declared = incident_declare(
            actor=request.user,
            name=obj.name,
            description=obj.description,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
            outlet=obj.outlet,
        )
        obj.pk, obj.declared_by, obj.declared_at = declared.pk, declared.declared_by, declared.declared_at
        obj._state.adding = False

    def get_urls(self):
        return [
            path(
                f"<int:pk>/{key}/",
                self.admin_site.admin_view(self.tool_view),
                {"key": key},
                name=f"complaints_incident_{key}",
            )
            for key in FORMS
        ] + super().get_urls()

    def tool_view(self, request, pk: int, key: str):
        if not self.has_change_permission(request):
            raise PermissionDenied
        incident = get_object_or_404(Incident, pk=pk)
        form = FORMS[key](request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                self._run(request, incident, key, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                return redirect("admin:complaints_incident_changelist")
        return TemplateResponse(
            request,
            "admin/complaints/incident_tool.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{TITLES[key]} · {incident.name}",
                "form": form,
                "incident": incident,
                "opts": self.model._meta,
            },
        )

    def _run(self, request, incident, key, data):
        actor = request.user
        if key == "link":
            n = incident_link(
                incident=incident,
                actor=actor,
                waybills=parse_waybills(data["waybills"]),
                outlet=data["outlet"],
                received_from=data["received_from"],
                received_to=data["received_to"],
            )
            self.message_user(request, _t("%(n)d open complaints linked.") % {"n": n}, messages.SUCCESS)
        elif key == "notify":
            n = incident_notify(incident=incident, actor=actor, text=data["text"])
            self.message_user(request, _t("%(n)d customers will be notified.") % {"n": n}, messages.SUCCESS)
        else:
            done, refused = incident_extend(
                incident=incident, actor=actor, working_days=data["working_days"], reason=data["reason"]
            )
            self.message_user(request, _t("%(n)d deadlines extended.") % {"n": done}, messages.SUCCESS)
            for reason, count in refused.most_common():
                self.message_user(
                    request,
                    _t("%(n)d not done: %(reason)s") % {"n": count, "reason": reason},
                    messages.WARNING,
                )
