"""Bad input through the paths users take: never a server error, never a half-written row or file."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from complaints.models import Attachment, Complaint, ComplaintEvent, RootCause
from customers.models import Customer, Shipment
from tests.analytics.test_monthly_report import OCT, october  # noqa: F401  (the hand-built month)
from tests.complaints.factories import ComplaintFactory
from tests.complaints.test_views import intake_post
from tests.org.factories import DepartmentFactory

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
NUL_REFUSED = "无法保存的字符"


@pytest.fixture
def web():
    """A client that answers like production: an exception becomes the error page, not a test failure."""
    return Client(raise_request_exception=False)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/complaints/%00/",
        "/?q=%00",
        "/?status=%00",
        "/admin/complaints/complaint/?status=%00",
        "/admin/complaints/complaint/?received_at__year=%00",
        "/track/?number=%00",
    ],
)
def test_a_nul_byte_in_a_url_is_refused_in_chinese(web, manager, url):
    web.force_login(manager)
    response = web.get(url)
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_an_api_query_string_is_refused_as_json(api_as, manager):
    response = api_as(manager).get("/api/v1/complaints/", {"waybill_no": "KD\x00"})
    assert response.status_code == 400
    assert NUL_REFUSED in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("dispatch", {"department": "OUT-V\x00", "note": "请核实"}),
        ("dispatch", {"department": "OUT-V", "assignee": "agent-t\x00", "note": "请核实"}),
        ("merge", {"into": "TS\x00"}),
        ("transfer_owner", {"to": "\x00", "reason": "调岗"}),
        ("regrade", {"severity": "major", "reason": "媒体\x00曝光"}),
    ],
)
def test_a_nul_byte_in_a_transition_form_is_refused_and_nothing_changes(client, manager, name, data):
    DepartmentFactory(code="OUT-V")
    complaint = ComplaintFactory(owner=manager)
    events = ComplaintEvent.objects.count()
    client.force_login(manager)

    response = client.post(f"/complaints/{complaint.number}/do/{name}/", data)

    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()
    assert ComplaintEvent.objects.count() == events
    assert Complaint.objects.get(pk=complaint.pk).status == "acknowledged"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["waybill_no", "category", "customer_name", "customer_phone"])
def test_a_nul_byte_in_the_intake_form_is_refused(client, agent, field):
    client.force_login(agent)
    for action in ("lookup", "save"):
        response = client.post("/complaints/new/", intake_post(action=action, **{field: "KD12\x0034"}))
        assert response.status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_nul_byte_in_the_review_reassignment_is_refused(client, supervisor):
    client.force_login(supervisor)
    response = client.post("/review/reassign/", {"to": "a\x00", "reason": "x", "numbers": ["TS1"]})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_page_number_beyond_any_list_shows_an_empty_page(client, agent):
    client.force_login(agent)
    response = client.get("/", {"page": "99999999999999999999"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["-1", "0", "1", "9999", "10000", "99999999999999999999"])
@pytest.mark.parametrize(
    "changelist",
    [
        "/admin/complaints/complaint/?received_at__year=",
        "/admin/customers/shipment/?shipped_at__year=",
        "/admin/analytics/jobrun/?started_at__year=",
        "/admin/complaints/complaintevent/?at__year=",
    ],
)
def test_an_absurd_year_in_the_admin_date_hierarchy_is_an_invalid_filter(web, manager, changelist, year):
    web.force_login(manager)
    response = web.get(changelist + year)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/complaints/", "/api/v1/contacts/", "/api/v1/claims/"])
def test_json_nested_a_thousand_deep_is_a_400(api_as, manager, operations, path):
    deep = "[" * 1000 + "]" * 1000
    response = api_as(manager).post(path, deep, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


@pytest.mark.django_db
def test_json_nested_deeper_than_any_body_is_a_400_also_below_the_recursion_limit(api_as, operations):
    deep = '{"a":' * 100 + "1" + "}" * 100
    response = api_as(operations).put(
        "/api/v1/shipments/KD2026DEEP01/", deep, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Shipment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phone", ["１３８１２３４５６７８", "١٣٨١٢٣٤٥٦٧٨", "۱۳۸ ۱۲۳۴ ۵۶۷۸", "＋８６ １３８－１２３４－５６７８"]
)
def test_phones_in_other_digits_become_the_same_ascii_customer(client, agent, phone):
    existing = Customer.objects.create(name="张三丰", phone="13812345678")
    client.force_login(agent)

    response = client.post("/complaints/new/", intake_post(customer_phone=phone))

    assert response.status_code == 302
    assert Complaint.objects.get().customer == existing
    assert Customer.objects.count() == 1


@pytest.mark.django_db
def test_the_api_stores_other_digits_as_ascii(api_as, operations):
    sender = {"name": "张三丰", "phone": "１３９００００１１１１"}
    body = {"product": "standard", "freight": "10.00", "sender": sender}
    response = api_as(operations).put("/api/v1/shipments/KD2026DIGIT1/", body, format="json")
    assert response.status_code == 201, response.content
    assert Customer.objects.get().phone == "13900001111"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("shipped_at", "0001-01-01T00:00:00+08:00"),
        ("shipped_at", "9999-12-31T00:00:00+08:00"),
        ("delivered_at", "9999-01-01T00:00:00+08:00"),
        ("promised_at", "0001-01-05T00:00:00+08:00"),
        ("promised_at", "2200-01-01T00:00:00+08:00"),
    ],
)
def test_shipment_dates_outside_plausible_bounds_are_refused(api_as, operations, field, value):
    body = {"product": "standard", "freight": "10.00", field: value}
    response = api_as(operations).put("/api/v1/shipments/KD2026DATE01/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Shipment.objects.exists()


@pytest.mark.django_db
def test_the_shipments_import_reports_an_absurd_date_per_row(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "feed.csv"
    path.write_text(
        "waybill_no,product,freight,shipped_at\nKD2026IMP001,standard,5.00,0001-01-01T00:00:00+08:00\n"
    )
    call_command("import_shipments", str(path))
    assert not Shipment.objects.exists()
    assert "寄件时间" in capsys.readouterr().out


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["customer_name", "description"])
def test_zero_width_text_is_not_a_required_name_or_description(client, agent, field):
    client.force_login(agent)
    response = client.post("/complaints/new/", intake_post(**{field: ZERO_WIDTH + " "}))
    assert response.status_code == 400
    assert "此项为必填项" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_zero_width_text_is_not_a_reason(client, manager):
    complaint = ComplaintFactory(owner=manager)
    client.force_login(manager)
    response = client.post(f"/complaints/{complaint.number}/do/escalate/", {"reason": ZERO_WIDTH})
    assert response.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).tier == "frontline"


@pytest.mark.django_db
def test_zero_width_text_is_not_a_name_in_the_api(api_as, agent):
    body = {
        "channel": "phone",
        "customer": {"name": ZERO_WIDTH, "phone": "13812345678"},
        "category": "delay",
        "description": "三天没有更新物流",
        "remedy_sought": "explanation",
    }
    response = api_as(agent).post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 400
    assert "customer" in response.json()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_zero_width_inside_text_is_kept(client, agent):
    client.force_login(agent)
    client.post("/complaints/new/", intake_post(description="\u200b态度\u200d差\u200b"))
    assert Complaint.objects.get().description == "态度\u200d差"


@pytest.mark.django_db
def test_a_refused_multi_file_intake_leaves_no_file_on_disk(client, agent, media):
    client.force_login(agent)
    files = [SimpleUploadedFile("a.jpg", JPEG), SimpleUploadedFile("b.jpg", b"MZ not an image")]
    response = client.post("/complaints/new/", {**intake_post(), "evidence": files})
    assert response.status_code == 400
    assert "b.jpg" in response.content.decode()
    assert not Complaint.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_files_stored_in_a_transaction_that_fails_later_are_removed(agent, media):
    from complaints.services import attachment_add
    from complaints.services.attachments import files_removed_unless_committed

    complaint = ComplaintFactory(owner=agent)
    with pytest.raises(RuntimeError), files_removed_unless_committed(), transaction.atomic():
        attachment_add(complaint=complaint, actor=agent, upload=SimpleUploadedFile("a.jpg", JPEG))
        attachment_add(complaint=complaint, actor=agent, upload=SimpleUploadedFile("b.jpg", JPEG))
        raise RuntimeError("a later step failed")
    assert not Attachment.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_the_admin_csv_export_neutralises_formula_cells(client, manager, formula):
    ComplaintFactory(waybill_no=formula)  # as a channel might send it; the export shows it as typed
    client.force_login(manager)
    response = client.get("/admin/complaints/complaint/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(body)))[1]
    assert row[8] == "'" + formula


@pytest.mark.django_db
def test_report_csv_and_xlsx_neutralise_formula_cells_and_keep_numbers(client, manager, october):  # noqa: F811
    from analytics.services import monthly_report_build

    RootCause.objects.filter(code="linehaul").update(name="=1+2")
    monthly_report_build(OCT, notify=False)
    client.force_login(manager)

    csv_text = client.get("/reports/monthly/2026-10/csv/").content.decode("utf-8-sig")
    assert "linehaul,'=1+2,2,0.5,0.5" in csv_text
    book = load_workbook(io.BytesIO(client.get("/reports/monthly/2026-10/xlsx/").content))
    cells = book.worksheets[1][2]
    assert [c.value for c in cells] == ["linehaul", "'=1+2", 2, 0.5, 0.5]
    assert cells[1].data_type == "s"


@pytest.mark.django_db
def test_the_report_xlsx_drops_control_characters_a_spreadsheet_cannot_hold(client, manager, october):  # noqa: F811
    from analytics.services import monthly_report_build

    RootCause.objects.filter(code="linehaul").update(name="干线\x01运输\x1b[31m")  # as a manager may type it
    monthly_report_build(OCT, notify=False)
    client.force_login(manager)

    response = client.get("/reports/monthly/2026-10/xlsx/")

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).worksheets[1][2][1].value == "干线运输[31m"
