"""Browser forms: they validate and coerce; the views hand cleaned data to the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.models import Category, Channel, Contact, Remedy, RootCause
from complaints.reference import Reference
from complaints.services.attachments import attachment_check

STAFF_INTAKE_CHANNELS = [
    (c.value, c.label) for c in (Channel.PHONE, Channel.OUTLET, Channel.LETTER, Channel.EMAIL)
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def category_choices(rows: list[dict] | None = None) -> list:
    """Reasons grouped under their first level, as the agent reads the regulator's taxonomy. `rows`:
    the active categories in order (code, name, parent_id, parent__name) when the caller has them."""
    if rows is None:
        rows = Category.objects.filter(is_active=True).values("code", "name", "parent_id", "parent__name")
    groups: dict[str, list] = {}
    for category in rows:
        if category["parent_id"] is None:
            # Not inside an f-string: xgettext does not see messages there (the label stayed English).
            label = _("%(category)s (not further specified)") % {"category": category["name"]}
            groups.setdefault(category["name"], []).append((category["code"], label))
    for category in rows:
        if category["parent_id"] is not None:
            groups.setdefault(category["parent__name"], []).append((category["code"], category["name"]))
    return [("", "——")] + [(name, options) for name, options in groups.items()]


def category_rows(reference: Reference) -> list[dict]:
    """The active categories of the cached reference data, as `category_choices` reads them."""
    categories = reference.categories.values()
    by_pk = {category.pk: category for category in categories}
    return [
        {
            "code": category.code,
            "name": category.name,
            "parent_id": category.parent_id,
            "parent__name": by_pk[category.parent_id].name if category.parent_id else None,
        }
        for category in sorted(categories, key=lambda c: (c.sort_order, c.code))
        if category.is_active
    ]


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(label=_("channel"), choices=STAFF_INTAKE_CHANNELS, initial=Channel.PHONE)
    customer_phone = forms.CharField(label=_("mobile phone"), max_length=32, required=False)
    customer_name = forms.CharField(label=_("customer's name"), max_length=64)
    waybill_no = forms.CharField(label=_("waybill number"), max_length=32, required=False)
    category = forms.ChoiceField(label=_("category"), choices=())
    remedy_sought = forms.ChoiceField(label=_("remedy sought"), choices=Remedy.choices, initial=Remedy.OTHER)
    description = forms.CharField(
        label=_("what happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    received_at = forms.DateTimeField(
        label=_("received at"),
        required=False,
        help_text=_("Empty: now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    evidence = MultipleFileField(label=_("evidence (JPEG, PNG, PDF; at most 10 MB each)"), required=False)
    answered_on_spot = forms.BooleanField(
        label=_("answered on the spot (first-contact resolution)"), required=False
    )
    resolution = forms.CharField(
        label=_("answer given"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    root_cause = forms.ModelChoiceField(
        label=_("root cause"),
        queryset=RootCause.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    read_back = forms.BooleanField(
        label=_("I read the summary back and the customer confirmed it"), required=False
    )

    def __init__(self, *args, check_only: tuple[str, ...] | None = None, **kwargs):
        """`check_only`: the fields a lookup or preview checks; the others keep what was typed and
        show no error before the agent has reached them."""
        super().__init__(*args, **kwargs)
        self.check_only = check_only
        self.reference = Reference()  # the categories here, and intake's reference data
        self.fields["category"].choices = category_choices(category_rows(self.reference))

    def clean_evidence(self):
        """Every file is checked before any is stored: one refused file refuses the intake whole."""
        files = self.cleaned_data["evidence"]
        errors = []
        for upload in files:
            try:
                attachment_check(upload)
            except ValidationError as exc:
                errors.extend(f"{upload.name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def full_clean(self):
        super().full_clean()
        if self.check_only is not None and self._errors is not None:
            for name in [n for n in self._errors if n not in self.check_only]:
                del self._errors[name]

    def focus(self) -> None:
        """Focus the first field with an error, else the first field."""
        wrong = [name for name in self.fields if self.is_bound and name in self.errors]
        name = wrong[0] if wrong else next(iter(self.fields))
        self.fields[name].widget.attrs["autofocus"] = True

    def clean_waybill_no(self) -> str:
        from customers.services.shipments import normalise_waybill

        value = self.cleaned_data.get("waybill_no") or ""
        return normalise_waybill(value) if value.strip() else ""

    def summary(self) -> dict[str, str]:
        """The summary read to the customer, in words (labels, not codes)."""
        data = self.data if self.is_bound else self.initial
        categories = {
            code: (group if label.startswith(group) else f"{group} · {label}")
            for group, options in self.fields["category"].choices[1:]
            for code, label in options
        }
        return {
            "category": categories.get(data.get("category") or "", ""),
            "description": (data.get("description") or "").strip(),
            "remedy": dict(Remedy.choices).get(data.get("remedy_sought") or Remedy.OTHER, ""),
            "waybill": (data.get("waybill_no") or "").strip().upper(),
        }

    def clean(self):
        data = super().clean()
        if data.get("answered_on_spot"):
            if not (data.get("resolution") or "").strip():
                self.add_error("resolution", _("Write down the answer given."))
            if not data.get("root_cause"):
                self.add_error("root_cause", _("The root cause is required to resolve."))
        return data


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Contact.Kind.choices)
    sentiment = forms.ChoiceField(
        label=_("sentiment"), choices=[("", "——"), *Contact.Sentiment.choices], required=False
    )
    channel = forms.ChoiceField(label=_("channel"), choices=STAFF_INTAKE_CHANNELS, initial=Channel.PHONE)
    customer_name = forms.CharField(label=_("customer's name"), max_length=64)
    customer_phone = forms.CharField(label=_("mobile phone"), max_length=32, required=False)
    text = forms.CharField(
        label=_("what the customer said"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer = forms.CharField(
        label=_("answer given"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("complaint number, waybill, phone (or its last four digits) or name"),
        max_length=64,
        required=False,
    )
