"""Helpers the browser pages share: deadline badges and forms rendered from the transition arguments."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import serializers

from complaints.workdays import WorkingCalendar


def text_html(value) -> str:
    """conditional_escape(value) as a plain str, without the lazy-argument check Django wraps around
    escape (three times the escaping itself): for lists that escape a thousand cells a page. The
    caller marks the whole as safe."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class OnePassSelect(forms.Select):
    """A select written here as Django's widget templates write it (select.html, select_option.html,
    attrs.html; the renderer strips the result): through the templates each option is an include, and
    a few selects took a tenth of a list page. Option groups, or templates of its own, go through
    Django."""

    def render(self, name, value, attrs=None, renderer=None):
        if (
            self.template_name != forms.Select.template_name
            or self.option_template_name != forms.Select.option_template_name
        ):
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{text_html(option["value"])}"{_attrs_html(option["attrs"])}>'
            f"{text_html(option['label'])}</option>\n"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return mark_safe(
            f'<select name="{text_html(widget["name"])}"{_attrs_html(widget["attrs"])}>{options}\n</select>'
        )


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: True as a bare name, False left out."""
    return "".join(
        f" {text_html(name)}" if value is True else f' {text_html(name)}="{text_html(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def local_day(at: dt.datetime) -> str:
    """`{{ at|date:"Y-m-d" }}`: the day in the current time zone."""
    at = timezone.localtime(at)
    return f"{at.year:04d}-{at.month:02d}-{at.day:02d}"


def local_minute(at: dt.datetime) -> str:
    """`{{ at|date:"Y-m-d H:i" }}`: the time in the current time zone, to the minute."""
    at = timezone.localtime(at)
    return f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}"


@dataclass
class Badge:
    text: str
    css: str  # "ok", "near" (under a working day left or 80% used), "past", "done"


def _span(seconds: int) -> str:
    hours = seconds // 3600
    days, hours = divmod(hours, 24)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": max(seconds // 60, 1)}


def deadline_badge(complaint, now: dt.datetime, calendar: WorkingCalendar) -> Badge:
    """Time left to the deadline that matters now, in working time (rest days do not count)."""
    if complaint.status == "resolved" and complaint.callback_due:
        due, label = complaint.callback_due, _("call back")
    elif complaint.status in ("closed", "rejected", "merged", "resolved"):
        return Badge(_("done"), "done")
    elif complaint.status == "received":
        due, label = complaint.acknowledge_due, _("acknowledge")
    else:
        due, label = complaint.resolve_due, _("answer")
    clock = complaint.sla_paused_at or now
    if complaint.sla_paused_at and complaint.status != "received" and complaint.statutory_due < now:
        # The statutory clock never stops, not even while the complaint waits for the customer.
        due, label, clock = complaint.statutory_due, _("statutory deadline"), now
    if due < clock:
        return Badge(
            _("%(what)s overdue by %(span)s")
            % {
                "what": label,
                "span": _span(
                    calendar.working_seconds_between(due, clock) or int((clock - due).total_seconds())
                ),
            },
            "past",
        )
    left = calendar.working_seconds_between(clock, due)
    start = complaint.reopened_at or complaint.received_at  # the start of the handling round
    total = max(calendar.working_seconds_between(start, due), 1)
    css = "near" if left < 86400 or left / total < 0.2 else "ok"
    paused = _(" (paused)") if complaint.sla_paused_at else ""
    return Badge(_("%(what)s: %(span)s left") % {"what": label, "span": _span(left)} + paused, css)


class Options:
    """The options of a select, escaped once (a department list of a few hundred outlets appears in
    several forms of a page): `html(value)` marks the chosen one."""

    def __init__(self, choices):
        self.choices = [(str(c[0]), str(c[1]), str(c[2]) if len(c) > 2 and c[2] else "") for c in choices]
        self._parts = [
            (
                value,
                f'<option value="{escape(value)}"' + (f' data-tag="{escape(tag)}"' if tag else ""),
                f">{escape(label)}</option>",
            )
            for value, label, tag in self.choices
        ]
        self._html: dict[str, str] = {}  # by the value chosen

    def html(self, chosen) -> str:
        chosen = "" if chosen is None else str(chosen)
        html = self._html.get(chosen)
        if html is None:  # kept: `options_for` shares these options between requests
            if len(self._html) >= 64:
                self._html.clear()
            html = self._html[chosen] = mark_safe(
                "".join(
                    f"{start} selected{end}" if value == chosen else start + end
                    for value, start, end in self._parts
                )
            )
        return html


_OPTIONS: dict[tuple, Options] = {}


def options_for(choices) -> Options:
    """The `Options` of these choices, built once per process for the same choices (the key is the
    choices themselves, so a changed list is a new entry, never a stale one)."""
    # The language too: a lazy label equals its text in the language of the moment.
    key = (get_language(), tuple(map(tuple, choices)))
    options = _OPTIONS.get(key)
    if options is None:
        if len(_OPTIONS) >= 256:
            _OPTIONS.clear()
        options = _OPTIONS[key] = Options(key[1])
    return options


@dataclass
class FormField:
    name: str
    label: str
    widget: str  # textarea, text, number, select, checkbox
    required: bool
    value: Any = ""
    # (value, label, tag): the tag is the department of a colleague, for forms that list only the
    # chosen department's staff (`follows` names the field they follow).
    choices: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    help: str = ""
    follows: str = ""
    options: Options | None = None

    prefix: str = ""  # of the input's id: the form's name

    @property
    def options_html(self) -> str:
        """The select's <option> elements, the current value selected."""
        if self.options is None:
            self.options = options_for(self.choices)
        return self.options.html(self.value)

    @property
    def html(self) -> str:
        return self.render(self.prefix)

    def render(self, prefix: str) -> str:
        """The field's label, input and errors (a page shows dozens: formatted here, not by a template
        per field)."""
        name, label = _escape(self.name), _escape(self.label)
        required = " required" if self.required else ""
        if self.widget == "checkbox":
            checked = " checked" if self.value and self.value != "false" else ""
            control = f'<label><input type="checkbox" name="{name}"{checked}> {label}</label>'
        else:
            ident = f"{_escape(prefix)}-{name}"
            star = ' <span class="req" aria-hidden="true">*</span>' if self.required else ""
            control = f'<label for="{ident}">{label}{star}</label>'
            if self.widget == "textarea":
                control += (
                    f'<textarea id="{ident}" name="{name}" rows="3"{required} data-reply-target>'
                    f"{_text(self.value)}</textarea>"
                )
            elif self.widget == "select":
                follows = f' data-follows="{_escape(self.follows)}"' if self.follows else ""
                control += (
                    f'<select id="{ident}" name="{name}"{required}{follows}>{self.options_html}</select>'
                )
            else:
                decimal = ' inputmode="decimal"' if self.widget == "number" else ""
                control += (
                    f'<input id="{ident}" name="{name}" type="{_escape(self.widget)}" '
                    f'value="{_text(self.value)}"{required}{decimal}>'
                )
        help_text = f'<small class="help">{_escape(self.help)}</small>' if self.help else ""
        errors = "".join(f'<p class="error" role="alert">{_escape(e)}</p>' for e in self.errors)
        css = "field has-error" if self.errors else "field"
        return mark_safe(f'<div class="{css}">{control}{help_text}{errors}</div>')


def action_form_html(form: dict, *, seen: str, csrf_input: str, open: bool) -> str:
    """One action form of the complaint page (complaints/views/actions.py `transition_forms`): its
    fields formatted here, like the fields themselves (a page shows a dozen forms). `seen`: the state the
    form was shown in (the transition view compares it); `csrf_input`: the page's CSRF token input."""
    label = _escape(form["label"])
    fields = "".join(f.render(f.prefix) for f in form["fields"])
    return (
        f'<details {"open" if open else ""} id="do-{_escape(form["name"])}" class="action">\n'
        f"  <summary>{label}</summary>\n"
        f'  <form method="post" action="{_escape(form["action"])}">{csrf_input}\n'
        f'    <input type="hidden" name="seen" value="{_escape(seen)}">\n'
        f"    {fields}\n"
        f'    <button type="submit" class="primary small">{label}</button>\n'
        "  </form>\n"
        "</details>\n"
    )


def _escape(value) -> str:
    """django.utils.html.escape's text, without its wrapper for lazy strings (dozens of fields a page)."""
    return html.escape(str(value))


def _text(value) -> str:
    """A value as the template language shows it (localized, escaped)."""
    return html.escape(value) if type(value) is str else _escape(localize(value))


LONG_TEXT = {"note", "text", "reason", "solution", "resolution", "cause", "comment"}


@dataclass(frozen=True)
class _Spec:
    """What a form shows of one argument, read once per serializer class (building a serializer's fields
    copies every declared field: the complaint page shows a dozen forms)."""

    name: str
    label: Any
    widget: str
    required: bool
    help: Any
    choices: tuple = ()  # a ChoiceField's own (value, label)
    related: bool = False  # a SlugRelatedField: its options come from `choices_for`
    field: Any = None


_SPECS: dict[type, list[_Spec]] = {}


def _specs(serializer_class) -> list[_Spec]:
    specs = _SPECS.get(serializer_class)
    if specs is None:
        specs = []
        for name, f in serializer_class().get_fields().items():
            widget, required, choices, related = "text", f.required, (), False
            if isinstance(f, serializers.BooleanField):
                widget, required = "checkbox", False
            elif isinstance(f, serializers.ChoiceField):
                widget, choices = "select", tuple(f.choices.items())
            elif isinstance(f, serializers.IntegerField):
                widget = "number"
            elif isinstance(f, serializers.SlugRelatedField):
                related = True
            elif name in LONG_TEXT:
                widget = "textarea"
            specs.append(
                _Spec(name, f.label or name, widget, required, f.help_text or "", choices, related, f)
            )
        _SPECS[serializer_class] = specs
    return specs


def arg_fields(serializer_class, data=None, errors=None, choices_for=None) -> list[FormField]:
    """The inputs of a transition's arguments, from its serializer (labels, required, choices).

    `choices_for(name, field)` may supply the options of a related field (departments, colleagues), as a
    list of (value, label[, tag]) or as `Options` shared by the forms of a page."""
    data, errors = data or {}, errors or {}
    result = []
    for spec in _specs(serializer_class):
        entry = FormField(
            name=spec.name,
            label=str(spec.label),
            widget=spec.widget,
            required=spec.required,
            value=data.get(spec.name, ""),
            errors=[str(e) for e in errors.get(spec.name, [])],
            help=str(spec.help),
        )
        if spec.choices:
            entry.choices = [(str(k), str(v), "") for k, v in spec.choices]
        elif spec.related:
            options = choices_for(spec.name, spec.field) if choices_for else None
            if isinstance(options, Options):
                entry.widget, entry.options, entry.choices = "select", options, options.choices
            elif options is not None:
                entry.widget = "select"
                entry.choices = [(str(o[0]), str(o[1]), o[2] if len(o) > 2 else "") for o in options]
        result.append(entry)
    return result


_EVENT_LABELS: dict[str, dict[str, str]] = {}


def event_labels() -> dict[str, str]:
    """What each event name means, for the timeline: the transitions' own labels plus the system's (in
    the active language; worked out once per language, the transitions and notices being fixed)."""
    language = get_language() or ""
    if language not in _EVENT_LABELS:
        _EVENT_LABELS[language] = _event_labels()
    return _EVENT_LABELS[language]


def _event_labels() -> dict[str, str]:
    from complaints.models import Complaint

    labels = {
        "intake": _("Recorded"),
        "attach": _("Evidence attached"),
        "unmask": _("Unmasked"),
        "deadline_warning": _("Deadline warning"),
        "deadline_missed": _("Deadline missed"),
        "callback_overdue": _("Callback overdue"),
        "deemed_lost": _("Parcel deemed lost"),
        "claim_create": _("Compensation proposed"),
        "claim_submit": _("Claim submitted"),
        "claim_approve": _("Claim approved"),
        "claim_reject": _("Claim rejected"),
        "claim_pay": _("Claim paid"),
        "claim_withdraw": _("Claim withdrawn"),
        "penalty_propose": _("Penalty proposed"),
        "penalty_approve": _("Penalty approved"),
        "penalty_dispute_penalty": _("Penalty disputed"),
        "penalty_uphold": _("Penalty upheld"),
        "penalty_cancel": _("Penalty cancelled"),
    }
    from notifications.messages import TEMPLATES

    for key, (subject, _body) in TEMPLATES.items():
        labels.setdefault(key, _(subject))
    for field_name in ("status", "tier"):
        field = Complaint._meta.get_field(field_name)
        for transition in field.get_all_transitions(Complaint):
            labels.setdefault(transition.name, str((transition.custom or {}).get("label", transition.name)))
    return labels


_STATE_LABELS: dict[str, dict[str, str]] = {}


def state_labels() -> dict[str, str]:
    """The names of the states and tiers in the active language (worked out once per language)."""
    language = get_language() or ""
    if language not in _STATE_LABELS:
        from complaints.models import Status, Tier

        _STATE_LABELS[language] = {
            **{k: str(v) for k, v in Status.choices},
            **{k: str(v) for k, v in Tier.choices},
        }
    return _STATE_LABELS[language]


# What an event says on the timeline, worded from its data in the reader's language (a note the system
# stored is in the language of the moment it was written). Apps register describers of their own events
# (claims/apps.py): each returns (summary, whether the stored note is a person's words to show too).
EVENT_DESCRIBERS: dict[str, Callable[[Any], tuple[str, bool]]] = {
    "unmask": lambda event: (_("Personal data shown unmasked"), False),
}


def describe(event) -> tuple[str, bool]:
    """(summary, show the note): a summary from the event's data, or none (the note says it all)."""
    describer = EVENT_DESCRIBERS.get(event.name)
    return describer(event) if describer is not None else ("", True)
