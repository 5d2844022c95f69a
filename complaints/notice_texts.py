"""The wording of every notice about a complaint (English source, Chinese in django.po), registered
with the outbox from the app's AppConfig."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from notifications.messages import register

# Every notice about one complaint is given its number and dates (complaints.services.notices), so a
# manager's wording of it may name them.
GIVEN = ("number", "resolve_due", "callback_due", "statutory_due")

NOTICES = {
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
}

# The incident notice goes to every customer of an incident at once: only the incident and the text.
INCIDENT_NOTICES = {
    "incident": (
        gettext_noop("About your complaint"),
        gettext_noop("%(incident)s: %(text)s"),
    ),
}


def register_notices() -> None:
    register(NOTICES, given=GIVEN)
    register(INCIDENT_NOTICES)
