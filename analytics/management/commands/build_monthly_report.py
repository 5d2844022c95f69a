from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from analytics.months import Month
from analytics.services import monthly_report_build


class Command(BaseCommand):
    help = "Builds (or rebuilds, idempotently) one month's root-cause report."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM (Asia/Shanghai)")
        parser.add_argument("--no-notify", action="store_true", help="do not e-mail the managers")

    def handle(self, *args, month: str, no_notify: bool, **options):
        try:
            parsed = Month.parse(month)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        report = monthly_report_build(parsed, notify=not no_notify)
        totals = report.data["totals"]
        self.stdout.write(
            f"{parsed}: {totals['complaints']} complaints, {totals['resolved']} resolved, "
            f"built in {report.seconds:.2f} s"
        )
