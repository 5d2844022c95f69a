"""Privacy: after retention no trace of the customer remains in any table or in the media folder, and
ID-card numbers typed into free text are never stored."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from analytics.services import retention_anonymise
from complaints.models import Complaint, ComplaintEvent, Contact
from tests.complaints.test_views import intake_post

NAME, PHONE = "欧阳测试娜", "13911112222"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
ID_NUMBER = "11010519491231002X"  # a valid check digit
NOT_AN_ID = "110105194912310021"  # same digits, wrong check digit: an order number


def tables_holding(*needles: str) -> list[str]:
    """Every text, varchar and json column of every table in the database that contains a needle."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema()
                  AND data_type IN ('text', 'character varying', 'jsonb', 'json')"""
        )
        for table, column in cursor.fetchall():
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE %s', [f"%{needle}%"]
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column} holds {needle}")
    return found


def files_holding(root, *needles: str) -> list[str]:
    return [
        str(path)
        for path in root.rglob("*")
        if path.is_file() and any(n in path.name or n.encode() in path.read_bytes() for n in needles)
    ]


@pytest.mark.django_db
def test_after_retention_no_table_and_no_file_holds_the_customer(
    client, agent, operations, api_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    said = f"我是{NAME}，电话{PHONE}，快递员态度很差"
    with time_machine.travel(timezone.now() - dt.timedelta(days=4 * 366), tick=False):
        feed = {"product": "standard", "freight": "12.00", "sender": {"name": NAME, "phone": PHONE}}
        assert (
            api_as(operations).put("/api/v1/shipments/KD2022PRIV01/", feed, format="json").status_code == 201
        )
        client.force_login(agent)
        evidence = SimpleUploadedFile(f"{NAME}-{PHONE}.jpg", JPEG + PHONE.encode())
        response = client.post(
            "/complaints/new/",
            {
                **intake_post(customer_name=NAME, customer_phone=PHONE, description=said),
                "evidence": [evidence],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        number = Complaint.objects.get().number
        client.post(
            "/contacts/new/",
            {
                "kind": "consultation",
                "channel": "phone",
                "customer_name": NAME,
                "customer_phone": PHONE,
                "text": said,
                "answer": f"已答复{NAME}",
            },
        )
        for name, data in [
            ("note", {"text": f"{NAME}来电补充：{PHONE}"}),
            (
                "resolve",
                {"resolution": f"已向{NAME}道歉", "root_cause": "last_mile", "company_at_fault": "on"},
            ),
            ("close", {"outcome": "satisfied", "satisfaction": "5", "comment": f"{NAME}说满意 {PHONE}"}),
        ]:
            response = client.post(f"/complaints/{number}/do/{name}/", data)
            assert response.status_code == 302, (name, response.content.decode()[:3000])
        call_command("deliver_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert tables_holding(NAME, PHONE)  # the test would find them: they are there before retention
    assert files_holding(tmp_path, NAME, PHONE)

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the batch commits
        counts = retention_anonymise()

    assert counts["complaints"] == 1 and counts["customers"] == 1 and counts["files"] == 1
    assert tables_holding(NAME, PHONE) == []
    assert files_holding(tmp_path, NAME, PHONE) == []
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    complaint = Complaint.objects.get()
    assert complaint.status == "closed" and complaint.satisfaction == 5 and complaint.root_cause_id
    assert ComplaintEvent.objects.filter(complaint=complaint).count() >= 5  # the history stays


@pytest.mark.django_db
def test_the_history_still_refuses_any_other_change():
    from django.db import DatabaseError, transaction

    from tests.complaints.factories import ComplaintFactory

    complaint = ComplaintFactory()
    event = ComplaintEvent.objects.create(
        complaint=complaint, at=timezone.now(), kind="note", name="note", note="x"
    )
    for change in ({"note": "rewritten"}, {"note": "[已匿名]", "name": "other"}, {"at": timezone.now()}):
        with pytest.raises(DatabaseError), transaction.atomic():
            ComplaintEvent.objects.filter(pk=event.pk).update(**change)
    with pytest.raises(DatabaseError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).delete()
    ComplaintEvent.objects.filter(pk=event.pk).update(note="[已匿名]")  # the one redaction allowed


@pytest.mark.django_db
def test_id_card_numbers_typed_into_free_text_are_masked_when_saved(client, agent):
    client.force_login(agent)
    text = f"身份证{ID_NUMBER}，订单{NOT_AN_ID}"
    client.post("/complaints/new/", intake_post(description=text))
    complaint = Complaint.objects.get()
    client.post(f"/complaints/{complaint.number}/do/note/", {"text": f"客户补充身份证 {ID_NUMBER.lower()}"})
    client.post(
        "/contacts/new/",
        {"kind": "consultation", "channel": "phone", "customer_name": "张三", "text": text, "answer": "好"},
    )

    complaint.refresh_from_db()
    assert ID_NUMBER not in complaint.description and "*" * 18 in complaint.description
    assert NOT_AN_ID in complaint.description
    assert tables_holding(ID_NUMBER, ID_NUMBER.lower()) == []
    assert "*" * 18 in ComplaintEvent.objects.filter(name="note").get().note
    assert "*" * 18 in Contact.objects.get().text


@pytest.mark.django_db
def test_id_card_numbers_in_api_text_are_masked(api_as, agent):
    body = {
        "channel": "phone",
        "customer": {"name": "张三", "phone": "13812345678"},
        "category": "delay",
        "description": f"身份证号 {ID_NUMBER} 快件延误",
        "remedy_sought": "explanation",
    }
    response = api_as(agent).post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    api_as(agent).post(
        f"/api/v1/complaints/{number}/transitions/escalate/", {"reason": ID_NUMBER}, format="json"
    )
    assert tables_holding(ID_NUMBER) == []
