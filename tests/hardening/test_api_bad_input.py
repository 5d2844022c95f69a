"""Bad input to the REST API that the API corpus (test_api_corpus.py) found getting through."""

import pytest

from complaints.models import Complaint, ComplaintEvent
from customers.models import Shipment
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory

NOT_AN_OBJECT = "请求正文必须是 JSON 对象"
BAD_OFFSET = "时区偏移须在 -12:00 至 +14:00 之间"


def _post(client, url, raw: str):
    return client.generic("POST", url, raw.encode(), content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["[]", "null", '"acknowledge"', "[[[{}]]]", "0"])
def test_a_transition_body_that_is_not_an_object_is_refused_and_runs_nothing(api_as, agent, raw):
    complaint = ComplaintFactory(status="received", owner=agent)
    events = ComplaintEvent.objects.count()

    response = _post(api_as(agent), f"/api/v1/complaints/{complaint.number}/transitions/acknowledge/", raw)

    assert response.status_code == 400
    assert NOT_AN_OBJECT in response.json()["detail"]
    assert Complaint.objects.get(pk=complaint.pk).status == "received"
    assert ComplaintEvent.objects.count() == events


@pytest.mark.django_db
def test_an_intake_body_of_null_is_refused_in_chinese(api_as, channel):
    response = _post(api_as(channel), "/api/v1/complaints/", "null")
    assert response.status_code == 400
    assert NOT_AN_OBJECT in response.json()["detail"]
    assert not Complaint.objects.exists()


def _intake(received_at: str) -> dict:
    return {
        "channel": "phone",
        "customer": {"name": "张三丰", "phone": "13812345678"},
        "category": "delay",
        "description": "三天没有更新物流",
        "received_at": received_at,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["+16:00", "-13:00", "+14:01", "+23:59"])
def test_a_time_with_an_offset_no_place_has_is_refused(api_as, agent, offset):
    from django.utils import timezone

    stamp = timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat() + offset

    response = api_as(agent).post("/api/v1/complaints/", _intake(stamp), format="json")

    assert response.status_code == 400
    assert BAD_OFFSET in response.json()["received_at"][0]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("offset", ["+14:00", "-12:00", "+05:45", "Z"])
def test_the_offsets_in_use_are_taken(api_as, operations, offset):
    DepartmentFactory(code="SH-T-01")
    body = {"freight": "12.00", "shipped_at": f"2026-11-02T09:30:00{offset}"}

    response = api_as(operations).put("/api/v1/shipments/KD2026000001/", body, format="json")

    assert response.status_code == 201, response.content
    assert Shipment.objects.get().shipped_at.isoformat().startswith("2026-11-0")


@pytest.mark.django_db
def test_a_shipment_time_with_an_impossible_offset_writes_nothing(api_as, operations):
    body = {"freight": "12.00", "shipped_at": "2026-11-02T09:30:00+16:00"}

    response = api_as(operations).put("/api/v1/shipments/KD2026000001/", body, format="json")

    assert response.status_code == 400
    assert BAD_OFFSET in response.json()["shipped_at"][0]
    assert not Shipment.objects.exists()
