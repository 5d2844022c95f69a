"""The wording of the notices analytics sends (English source, Chinese in django.po), registered with
the outbox from the app's AppConfig."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from notifications.messages import register

NOTICES = {
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


def register_notices() -> None:
    register(NOTICES)
