"""Move shipments older than the retention window out of the database (docs/capacity.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from complaints.workdays import SHANGHAI
from ops.archive import shipments_archive, shipments_movable


class Command(BaseCommand):
    help = (
        "Export (CSV, gzip) and delete shipments shipped more than --months months ago that no complaint "
        "or claim points to. Dry run (counts only) unless --commit."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--months", type=int, default=13, help="retention window (default 13)")
        parser.add_argument("--to", type=Path, help="the archive file (.csv.gz); appended to if it exists")
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--commit", action="store_true")

    def handle(self, *args, months: int, to: Path | None, batch: int, commit: bool, **options) -> None:
        if months < 1 or batch < 1:
            raise CommandError("--months and --batch must be at least 1.")
        today = timezone.now().astimezone(SHANGHAI).date().replace(day=1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        before = dt.datetime(year, month + 1, 1, tzinfo=SHANGHAI)
        if not commit:
            movable = shipments_movable(before=before)
            self.stdout.write(
                f"{movable} shipments shipped before {before:%Y-%m-%d} would be moved out (dry run)."
            )
            return
        if to is None:
            raise CommandError("--to FILE.csv.gz is required with --commit.")
        to.parent.mkdir(parents=True, exist_ok=True)
        counts = shipments_archive(before=before, output=to, batch=batch)
        self.stdout.write(
            f"{counts.exported} shipments shipped before {before:%Y-%m-%d} exported to {to} and deleted."
        )
