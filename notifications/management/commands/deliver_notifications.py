"""manage.py deliver_notifications: deliver what is due in the outbox now; prints counts."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications.services import notifications_deliver_due


class Command(BaseCommand):
    help = "Deliver the notices that are due in the outbox (retries included)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=10000)

    def handle(self, *args, limit: int, **options) -> None:
        counts = notifications_deliver_due(limit=limit)
        self.stdout.write(
            _("%(sent)d sent, %(retrying)d to retry, %(failed)d failed, %(skipped)d skipped")
            % {
                "sent": counts.sent,
                "retrying": counts.retrying,
                "failed": counts.failed,
                "skipped": counts.skipped,
            }
        )
