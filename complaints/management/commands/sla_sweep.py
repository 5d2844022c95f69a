"""manage.py sla_sweep [--now ISO]: one SLA sweep; idempotent; prints counts."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.services.sweep import sla_sweep


class Command(BaseCommand):
    help = "One SLA sweep: warnings, escalation of missed deadlines, callback and lost-parcel prompts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now", help="the sweep's time, ISO 8601 (default: now; without an offset: Shanghai)"
        )

    def handle(self, *args, now: str | None = None, **options) -> None:
        at = timezone.now()
        if now:
            try:
                at = dt.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(
                    _("--now must be an ISO 8601 time, e.g. 2026-11-23T09:00:00+08:00")
                ) from exc
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
        counts = sla_sweep(now=at)
        self.stdout.write(
            _("warned %(w)d, escalated %(e)d, callback reminders %(c)d, deemed lost %(l)d")
            % {
                "w": counts.warned,
                "e": counts.escalated,
                "c": counts.callback_reminders,
                "l": counts.deemed_lost,
            }
        )
