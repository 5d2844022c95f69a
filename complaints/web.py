"""Helpers the browser pages share: deadline badges and forms rendered from the transition arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from complaints.workdays import WorkingCalendar


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


LONG_TEXT = {"note", "text", "reason", "solution", "resolution", "cause", "comment"}


def arg_fields(serializer_class, data=None, errors=None, choices_for=None) -> list[FormField]:
    """The inputs of a transition's arguments, from its serializer (labels, required, choices).

    `choices_for(name, field)` may supply the options of a related field (departments, colleagues)."""
    data, errors = data or {}, errors or {}
    result = []
    for name, f in serializer_class().get_fields().items():
        value = data.get(name, "")
        entry = FormField(
            name=name,
            label=str(f.label or name),
            widget="text",
            required=f.required,
            value=value,
            errors=[str(e) for e in errors.get(name, [])],
            help=str(f.help_text or ""),
        )
        if isinstance(f, serializers.BooleanField):
            entry.widget, entry.required = "checkbox", False
        elif isinstance(f, serializers.ChoiceField):
            entry.widget = "select"
            entry.choices = [(str(k), str(v), "") for k, v in f.choices.items()]
        elif isinstance(f, serializers.IntegerField):
            entry.widget = "number"
        elif isinstance(f, serializers.SlugRelatedField):
            options = choices_for(name, f) if choices_for else None
            if options is not None:
                entry.widget = "select"
                entry.choices = [(str(o[0]), str(o[1]), o[2] if len(o) > 2 else "") for o in options]
        elif name in LONG_TEXT:
            entry.widget = "textarea"
        result.append(entry)
    return result


def event_labels() -> dict[str, str]:
    """What each event name means, for the timeline: the transitions' own labels plus the system's."""
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


def state_labels() -> dict[str, str]:
    from complaints.models import Status, Tier

    return {**{k: str(v) for k, v in Status.choices}, **{k: str(v) for k, v in Tier.choices}}


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
