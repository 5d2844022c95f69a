import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from customers.models import Customer, Shipment
from tests.org.factories import DepartmentFactory

HEADER = "waybill_no,product,sender_name,sender_phone,recipient_name,recipient_phone,origin_outlet,freight,insured,insured_amount,shipped_at\n"
GOOD_1 = "IM0000000001,standard,张三,13812340001,李四,+86 139-0000-2222,SH-I-01,12.50,false,,2026-11-01T10:00:00+08:00\n"
BAD_NEGATIVE = "IM0000000002,standard,张三,13812340001,李四,13900002222,SH-I-01,-1,false,,\n"
BAD_PHONE = "IM0000000003,standard,张三,1381234,李四,13900002222,SH-I-01,10,false,,\n"
BAD_WAYBILL = "bad!,standard,,,,,,10,,,\n"
GOOD_2 = "IM0000000004,standard,王五,13812340009,,,,8,是,500,\n"


@pytest.fixture
def outlet(db):
    return DepartmentFactory(code="SH-I-01")


def run_import(path, **kwargs):
    out, err = StringIO(), StringIO()
    call_command("import_shipments", str(path), stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_writes_good_rows_and_reports_bad_ones_by_row_number(tmp_path, outlet):
    path = tmp_path / "feed.csv"
    path.write_text(HEADER + GOOD_1 + BAD_NEGATIVE + BAD_PHONE + BAD_WAYBILL + GOOD_2, encoding="utf-8")

    out, err = run_import(path)

    assert set(Shipment.objects.values_list("waybill_no", flat=True)) == {"IM0000000001", "IM0000000004"}
    insured = Shipment.objects.get(waybill_no="IM0000000004")
    assert insured.insured and insured.insured_amount == Decimal("500")
    assert Customer.objects.filter(phone="13900002222").exists()
    with (tmp_path / "feed.csv.errors.csv").open(encoding="utf-8-sig") as report:
        rows = list(csv.reader(report))
    assert [row[0] for row in rows[1:]] == ["3", "4", "5"]
    assert "运费" in rows[1][2]
    assert "2" in out and "3" in out
    assert "5/5" in err  # the progress bar reached the end


@pytest.mark.django_db
def test_importing_the_same_file_twice_updates_instead_of_duplicating(tmp_path, outlet):
    path = tmp_path / "feed.csv"
    path.write_text(HEADER + GOOD_1 + GOOD_2, encoding="utf-8")
    run_import(path)
    first = list(
        Shipment.objects.order_by("waybill_no").values("waybill_no", "freight", "sender_id", "created_at")
    )

    out, _ = run_import(path)

    assert (
        list(
            Shipment.objects.order_by("waybill_no").values("waybill_no", "freight", "sender_id", "created_at")
        )
        == first
    )
    assert Customer.objects.count() == 3
    assert "0" in out


@pytest.mark.django_db
def test_a_waybill_repeated_in_the_file_takes_its_last_row(tmp_path, outlet):
    path = tmp_path / "feed.csv"
    path.write_text(HEADER + GOOD_1 + GOOD_1.replace("12.50", "99.00"), encoding="utf-8")
    run_import(path)
    assert Shipment.objects.get().freight == Decimal("99.00")


@pytest.mark.django_db
def test_gb18030_files_from_chinese_excel_are_read(tmp_path, outlet):
    path = tmp_path / "feed.csv"
    path.write_bytes((HEADER + GOOD_1).encode("gb18030"))
    run_import(path)
    assert Shipment.objects.get().sender.name == "张三"


@pytest.mark.django_db
def test_small_batches_give_the_same_result(tmp_path, outlet):
    lines = [f"IM{i:010d},standard,客户{i},138{i:08d},,,SH-I-01,{i % 50}.10,false,,\n" for i in range(1, 26)]
    path = tmp_path / "feed.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    run_import(path, batch_size=7)
    assert Shipment.objects.count() == 25
    assert Customer.objects.count() == 25


def test_missing_required_columns_is_a_clear_error(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("product,sender_name\nstandard,张三\n", encoding="utf-8")
    with pytest.raises(CommandError, match="waybill_no"):
        call_command("import_shipments", str(path))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_shipments", str(tmp_path / "nope.csv"))
