"""Moving old shipments out of the database (docs/capacity.md: shipments are kept for a retention
window, then exported and deleted; complaints and claims keep the shipments they point to)."""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

# Shipments a complaint or a claim points to stay (their foreign keys protect them too).
_MOVABLE = """
    FROM customers_shipment s
   WHERE s.shipped_at < %(before)s
     AND NOT EXISTS (SELECT 1 FROM complaints_complaint c WHERE c.shipment_id = s.id)
     AND NOT EXISTS (SELECT 1 FROM claims_claim k WHERE k.shipment_id = s.id)
"""


@dataclass
class ArchiveCounts:
    movable: int = 0
    exported: int = 0
    deleted: int = 0


def shipments_movable(*, before: dt.datetime) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {_MOVABLE}", {"before": before})
        return cursor.fetchone()[0]


def shipments_archive(*, before: dt.datetime, output: Path, batch: int = 10_000) -> ArchiveCounts:
    """Append every shipment shipped before `before` that no complaint or claim points to to `output`
    (CSV with a header, gzip), then delete it; in batches, each its own transaction, so the export
    and the delete of a batch happen together or not at all. Safe to rerun (already-moved rows are gone)."""
    counts = ArchiveCounts(movable=shipments_movable(before=before))
    header = not output.exists() or output.stat().st_size == 0  # a new file starts with the columns
    with gzip.open(output, "ab") as out:
        while True:
            with transaction.atomic():
                raw = connection.cursor().cursor  # psycopg's own cursor, for COPY
                raw.execute(
                    f"SELECT s.id {_MOVABLE} ORDER BY s.shipped_at, s.id "
                    "LIMIT %(batch)s FOR UPDATE SKIP LOCKED",
                    {"before": before, "batch": batch},
                )
                ids = [row[0] for row in raw.fetchall()]
                if not ids:
                    break
                options = "FORMAT csv, HEADER" if header else "FORMAT csv"
                rows = "SELECT * FROM customers_shipment WHERE id = ANY(%s) ORDER BY id"
                with raw.copy(f"COPY ({rows}) TO STDOUT ({options})", [ids]) as copy:
                    for chunk in copy:
                        out.write(chunk)
                header = False
                raw.execute("DELETE FROM customers_shipment WHERE id = ANY(%s)", [ids])
                counts.exported += len(ids)
                counts.deleted += raw.rowcount
            out.flush()
    return counts
