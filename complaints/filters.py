from __future__ import annotations

from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Channel, Complaint, Kind, Severity, Status, Tier, overdue_q
from complaints.web import OnePassSelect
from customers.phones import normalise_phone


class InstantField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 instant, normalised to UTC: Python accepts offsets up to ±23:59 and years down to 1,
    PostgreSQL neither (schema fuzzing found +16:00 aborting the query)."""

    default_error_messages = {"out_of_range": _("Enter a date and time between the years 1900 and 9999.")}

    def to_python(self, value):
        instant = super().to_python(value)
        if instant is None:
            return None
        try:
            instant = instant.astimezone(UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None
        if not 1900 <= instant.year <= 9999:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return instant


class InstantFilter(django_filters.IsoDateTimeFilter):
    field_class = InstantField


class ComplaintFilterSet(django_filters.FilterSet):
    # distinct=False: a plain IN needs no DISTINCT (which would sort every matching row).
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"), distinct=False)
    # The workbench shows these as selects (complaints/web.py OnePassSelect: Django's HTML, faster).
    tier = django_filters.ChoiceFilter(
        choices=Tier.choices, label=_("tier"), empty_label=_("any"), widget=OnePassSelect
    )
    severity = django_filters.ChoiceFilter(
        choices=Severity.choices, label=_("severity"), empty_label=_("any"), widget=OnePassSelect
    )
    category = django_filters.CharFilter(method="filter_category", label=_("category"), max_length=64)
    channel = django_filters.ChoiceFilter(
        choices=Channel.choices, label=_("channel"), empty_label=_("any"), widget=OnePassSelect
    )
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label=_("kind"), empty_label=_("any"), widget=OnePassSelect
    )
    waybill_no = django_filters.CharFilter(method="filter_waybill", label=_("waybill number"), max_length=32)
    phone = django_filters.CharFilter(method="filter_phone", label=_("mobile phone"), max_length=32)
    owner = django_filters.CharFilter(field_name="owner__username", label=_("owner"), max_length=150)
    department = django_filters.CharFilter(
        field_name="department__code", label=_("department"), max_length=32
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("overdue"),
        # Empty means "either": Django's default widget calls it 未知 (unknown).
        widget=OnePassSelect(choices=[("", _("any")), ("true", _("yes")), ("false", _("no"))]),
    )
    received_after = InstantFilter(field_name="received_at", lookup_expr="gte", label=_("received after"))
    received_before = InstantFilter(field_name="received_at", lookup_expr="lt", label=_("received before"))

    class Meta:
        model = Complaint
        fields: list[str] = []

    def filter_category(self, queryset, name, value):
        # A first-level code matches its reasons too.
        if "." in value:
            return queryset.filter(category__code=value)
        return queryset.filter(Q(category__code=value) | Q(category__code__startswith=value + "."))

    def filter_waybill(self, queryset, name, value):
        return queryset.filter(waybill_no=value.strip().upper())

    def filter_phone(self, queryset, name, value):
        try:
            phone = normalise_phone(value)
        except ValidationError:
            return queryset.none()
        return queryset.filter(customer__phone=phone)

    def filter_overdue(self, queryset, name, value):
        condition = overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)
