"""manage.py import_shipments FILE.csv: the shipments feed in bulk, with a per-row error report."""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from customers.models import Shipment
from customers.services import shipment_import

# CSV columns: the API's fields, with sender/recipient flattened.
COLUMNS = ["waybill_no"] + [
    column
    for name in Shipment.FEED_FIELDS
    for column in ([f"{name}_name", f"{name}_phone"] if name in ("sender", "recipient") else [name])
]
REQUIRED = {"waybill_no", "freight"}
BOOLEANS = {"insured", "cap_clause_acknowledged", "delivery_consent"}


def _open_text(path: Path):
    """UTF-8 (with or without the BOM that Excel writes), falling back to GB18030 (Chinese Excel)."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(_("%(file)s is neither UTF-8 nor GB18030 text.") % {"file": path})


def row_to_input(row: dict[str, str]) -> dict:
    """A flat CSV row → the API's body; empty cells are left out (the API's defaults apply)."""
    data: dict = {}
    for key, value in row.items():
        if key is None or value is None:
            continue
        value = value.strip()
        if value == "":
            continue
        if key in BOOLEANS:
            data[key] = value.lower() in ("1", "true", "yes", "y", "是")
        elif key.startswith(("sender_", "recipient_")):
            party, _, attr = key.partition("_")
            data.setdefault(party, {})[attr] = value
        else:
            data[key] = value
    return data


class Command(BaseCommand):
    help = _("Import shipments from a CSV file (columns: %(columns)s).") % {"columns": ", ".join(COLUMNS)}

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV file, UTF-8 or GB18030, header row first")
        parser.add_argument(
            "--errors",
            type=Path,
            default=None,
            help="where to write the per-row error report (default: FILE.errors.csv)",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, file: Path, errors: Path | None, batch_size: int, **options) -> None:
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        text = _open_text(file)
        reader = csv.DictReader(text.splitlines())
        header = set(reader.fieldnames or [])
        missing = REQUIRED - header
        if missing:
            raise CommandError(
                _("The header lacks the columns: %(cols)s") % {"cols": ", ".join(sorted(missing))}
            )
        unknown = header - set(COLUMNS)
        if unknown:
            self.stderr.write(_("Ignoring unknown columns: %(cols)s") % {"cols": ", ".join(sorted(unknown))})
        total = max(len(text.splitlines()) - 1, 0)
        started = time.monotonic()

        def rows() -> Iterator[tuple[int, dict]]:
            for number, row in enumerate(reader, start=2):  # row 1 is the header
                yield number, row_to_input({k: v for k, v in row.items() if k in COLUMNS})

        def progress(done: int) -> None:
            if sys.stderr.isatty() or done == total:
                share = done / total if total else 1
                bar = "#" * int(share * 30)
                self.stderr.write(f"\r[{bar:<30}] {done}/{total} ({share:.0%})", ending="")
                self.stderr.flush()

        report = shipment_import(rows(), batch_size=batch_size, on_progress=progress)
        self.stderr.write("")
        error_path = errors or file.with_name(file.name + ".errors.csv")
        if report.errors:
            with error_path.open("w", newline="", encoding="utf-8-sig") as out:
                writer = csv.writer(out)
                writer.writerow([_("row"), _("waybill number"), _("errors")])
                writer.writerows(report.errors)
        self.stdout.write(
            _("%(created)d created, %(updated)d updated, %(errors)d rows with errors, in %(seconds).1f s.")
            % {
                "created": report.created,
                "updated": report.updated,
                "errors": len(report.errors),
                "seconds": time.monotonic() - started,
            }
        )
        if report.errors:
            self.stdout.write(_("Error report: %(path)s") % {"path": error_path})
            for number, waybill, message in report.errors[:10]:
                self.stdout.write(f"  {_('row')} {number} {waybill}: {message}")
