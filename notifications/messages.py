"""The text of every notice. Customers are written to in Chinese whatever the staff user's language."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

TEMPLATES = {
    # customer notices
    "accepted": (
        gettext_noop("Complaint accepted"),
        gettext_noop("Your complaint %(number)s has been accepted; we will answer by %(resolve_due)s."),
    ),
    "awaiting_info": (
        gettext_noop("Information needed"),
        gettext_noop("For your complaint %(number)s we need more information: %(note)s"),
    ),
    "extended": (
        gettext_noop("Answer date moved"),
        gettext_noop(
            "The answer to your complaint %(number)s is now due by %(resolve_due)s. Reason: %(reason)s"
        ),
    ),
    "result": (
        gettext_noop("Complaint handled"),
        gettext_noop("Your complaint %(number)s has been handled: %(resolution)s Rate us: %(link)s"),
    ),
    "incident": (
        gettext_noop("About your complaint"),
        gettext_noop("%(incident)s: %(text)s"),
    ),
    # staff notices
    "escalated": (
        gettext_noop("Complaint escalated"),
        gettext_noop("Complaint %(number)s was escalated to %(tier)s: %(reason)s"),
    ),
    "pending_approval": (
        gettext_noop("Proposal awaiting approval"),
        gettext_noop("The proposal for complaint %(number)s awaits your approval: %(solution)s"),
    ),
    "deadline_warning": (
        gettext_noop("Deadline near"),
        gettext_noop("Complaint %(number)s is due by %(resolve_due)s (80%% of the time used)."),
    ),
    "statutory_warning": (
        gettext_noop("Statutory deadline near"),
        gettext_noop(
            "Complaint %(number)s is waiting for the customer, but its statutory deadline %(statutory_due)s "
            "does not wait (80%% of the time used)."
        ),
    ),
    "deadline_breached": (
        gettext_noop("Deadline missed"),
        gettext_noop("Complaint %(number)s missed its answer-by time %(resolve_due)s."),
    ),
    "callback_overdue": (
        gettext_noop("Callback overdue"),
        gettext_noop("The callback for complaint %(number)s was due by %(callback_due)s."),
    ),
    "deemed_lost": (
        gettext_noop("Parcel deemed lost"),
        gettext_noop(
            "The parcel of complaint %(number)s is deemed lost since %(date)s; handle it as a loss."
        ),
    ),
    "assigned": (
        gettext_noop("Complaint assigned to you"),
        gettext_noop("Complaint %(number)s is assigned to you; please take it."),
    ),
    "monthly_report": (
        gettext_noop("Monthly complaint report"),
        gettext_noop(
            "The complaint report for %(month)s is ready: %(complaints)s complaints, "
            "%(per_10k)s per 10,000 shipments, %(resolve_rate)s answered on time. %(link)s"
        ),
    ),
    "calendar_missing": (
        gettext_noop("Next year's calendar is missing"),
        gettext_noop(
            "The official holiday calendar for %(year)s is not known yet: deadlines in %(year)s are "
            "provisional. Enter the State Council's schedule as calendar overrides in admin."
        ),
    ),
}


def render(template: str, params: dict) -> tuple[str, str]:
    """(subject, body) of `template` in Simplified Chinese."""
    subject, body = patterns(template)
    return subject, fill(body, params)


def fill(pattern: str, params: dict) -> str:
    """`pattern` with its placeholders; a translatable value (a tier's label) is written in Chinese
    too, whichever language the request or job that writes the notice runs in."""
    with translation.override("zh-hans"):
        return pattern % params


def patterns(template: str) -> tuple[str, str]:
    """The subject and body pattern of `template`: the manager's wording when there is one (admin), else
    the built-in text in Chinese."""
    from notifications.models import NoticeTemplate

    custom = NoticeTemplate.objects.filter(key=template).values_list("subject", "body").first()
    if custom is not None:
        return custom
    subject, body = TEMPLATES[template]
    with translation.override("zh-hans"):
        return _(subject), _(body)


# The placeholders each notice may use: those its built-in text uses, and in a notice about a complaint
# (its text names the number) the complaint's dates, which every complaint notice is given.
COMPLAINT_PLACEHOLDERS = {"number", "resolve_due", "callback_due", "statutory_due"}
PLACEHOLDERS = {
    key: sorted(used | (COMPLAINT_PLACEHOLDERS if "number" in used else set()))
    for key, used in (
        (key, set(re.findall(r"%\((\w+)\)s", body))) for key, (_subject, body) in TEMPLATES.items()
    )
}
