"""Old shipments are moved out (exported, then deleted); those a complaint or claim points to stay."""

import csv
import datetime as dt
import gzip
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from customers.models import Shipment
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory


def shipped(days_ago: int, **kwargs) -> Shipment:
    return ShipmentFactory(shipped_at=timezone.now() - dt.timedelta(days=days_ago), **kwargs)


@pytest.mark.django_db
def test_archive_shipments_exports_and_deletes_only_old_unreferenced_shipments(tmp_path, capsys):
    old = [shipped(500), shipped(450), shipped(430)]
    referenced = shipped(480)
    ComplaintFactory(shipment=referenced, waybill_no=referenced.waybill_no)
    recent = shipped(30)
    unknown_date = ShipmentFactory(shipped_at=None)

    call_command("archive_shipments")  # dry run
    assert "3 shipments" in capsys.readouterr().out
    assert Shipment.objects.count() == 6

    archive = tmp_path / "archive" / "shipments.csv.gz"
    call_command("archive_shipments", "--to", str(archive), "--batch", "2", "--commit")
    assert "3 shipments" in capsys.readouterr().out
    assert set(Shipment.objects.values_list("pk", flat=True)) == {referenced.pk, recent.pk, unknown_date.pk}
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(archive.read_bytes()).decode())))
    assert sorted(row["waybill_no"] for row in rows) == sorted(s.waybill_no for s in old)

    # A second run has nothing to move and leaves the archive readable as one CSV.
    call_command("archive_shipments", "--to", str(archive), "--commit")
    assert "0 shipments" in capsys.readouterr().out
    assert len(list(csv.DictReader(io.StringIO(gzip.decompress(archive.read_bytes()).decode())))) == 3


@pytest.mark.django_db
def test_archive_shipments_needs_a_file_to_commit():
    with pytest.raises(CommandError):
        call_command("archive_shipments", "--commit")
