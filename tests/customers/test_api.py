from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Customer, Shipment
from tests.customers.factories import ShipmentFactory
from tests.org.factories import DepartmentFactory

URL = "/api/v1/shipments/{}/"


def body(**overrides):
    data = {
        "product": "standard",
        "operator_type": "express",
        "sender": {"name": "张三丰", "phone": "+86 138-1234-5678"},
        "recipient": {"name": "李四", "phone": "13900001111"},
        "origin_outlet": "SH-T-01",
        "freight": "18.50",
        "addon_fees": "2.00",
        "insured": True,
        "insured_amount": "1000.00",
        "declared_value": "1500.00",
        "cap_clause_acknowledged": True,
        "shipped_at": "2026-11-02T09:30:00+08:00",
        "delivery_method": "locker",
        "delivery_consent": False,
    }
    data.update(overrides)
    return data


@pytest.fixture
def outlet(db):
    return DepartmentFactory(code="SH-T-01")


@pytest.mark.django_db
def test_put_creates_a_shipment_with_its_customers_and_answers_201(api_as, operations, outlet):
    response = api_as(operations).put(URL.format("kd2026000001"), body(), format="json")

    assert response.status_code == 201, response.content
    shipment = Shipment.objects.select_related("sender", "origin_outlet").get(waybill_no="KD2026000001")
    assert shipment.freight == Decimal("18.50")
    assert shipment.sender.phone == "13812345678"
    assert shipment.origin_outlet == outlet
    assert response.json()["freight"] == "18.50"
    assert response.json()["sender"] == {"name": "张*丰", "phone": "138******78"}


@pytest.mark.django_db
def test_put_again_replaces_the_shipment_and_answers_200(api_as, operations, outlet):
    client = api_as(operations)
    client.put(URL.format("KD2026000002"), body(), format="json")

    response = client.put(
        URL.format("KD2026000002"),
        body(freight="20.00", delivered_at="2026-11-04T10:00:00+08:00"),
        format="json",
    )

    assert response.status_code == 200
    shipment = Shipment.objects.get(waybill_no="KD2026000002")
    assert shipment.freight == Decimal("20.00")
    assert shipment.delivered_at is not None
    assert Shipment.objects.count() == 1
    assert Customer.objects.count() == 2


@pytest.mark.django_db
def test_get_shows_the_shipment_masked_to_an_agent(api_as, agent):
    ShipmentFactory(waybill_no="KD2026000003", sender__name="王五", sender__phone="13700002222")

    response = api_as(agent).get(URL.format("KD2026000003"))

    assert response.status_code == 200
    assert response.json()["sender"] == {"name": "王*", "phone": "137******22"}
    assert "13700002222" not in response.content.decode()


@pytest.mark.django_db
def test_unknown_waybill_is_404(api_as, agent):
    assert api_as(agent).get(URL.format("NOSUCH0001")).status_code == 404


@pytest.mark.django_db
def test_anonymous_request_is_401(client):
    assert client.get(URL.format("KD2026000003")).status_code in (401, 403)
    from rest_framework.test import APIClient

    assert APIClient().put(URL.format("KD2026000003"), body(), format="json").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["agent", "channel", "auditor", "outsider"])
def test_only_the_operations_feed_and_managers_may_put(request, api_as, persona, outlet):
    user = request.getfixturevalue(persona)
    response = api_as(user).put(URL.format("KD2026000004"), body(), format="json")
    assert response.status_code == 403
    assert not Shipment.objects.exists()


@pytest.mark.django_db
def test_manager_may_put(api_as, manager, outlet):
    assert api_as(manager).put(URL.format("KD2026000005"), body(), format="json").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"freight": "-1.00"}, "freight"),
        ({"freight": "1e30"}, "freight"),
        ({"freight": "abc"}, "freight"),
        ({"product": "nosuch"}, "product"),
        ({"origin_outlet": "NOSUCH"}, "origin_outlet"),
        ({"sender": {"name": "张三", "phone": "12345"}}, "sender"),
        ({"insured": True, "insured_amount": None}, "insured_amount"),
        ({"operator_type": "drone"}, "operator_type"),
        ({"shipped_at": "yesterday"}, "shipped_at"),
        ({"delivered_at": "2026-11-01T00:00:00+08:00"}, "delivered_at"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_writes_nothing(api_as, operations, outlet, overrides, field):
    response = api_as(operations).put(URL.format("KD2026000006"), body(**overrides), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Shipment.objects.exists()
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_negative_money_error_is_in_chinese(api_as, operations, outlet):
    response = api_as(operations).put(URL.format("KD2026000007"), body(freight="-1"), format="json")
    assert "大于或者等于" in response.json()["freight"][0]


@pytest.mark.django_db
def test_malformed_waybill_in_the_path_is_400(api_as, operations, outlet):
    response = api_as(operations).put(URL.format("bad!waybill"), body(), format="json")
    assert response.status_code == 400
    assert "waybill_no" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        '{"freight": "1", "sender": {"name": "a\\u0000b", "phone": "13812345678"}}',
        '{"freight": "1", "product": "\\ud800"}',
    ],
)
def test_text_postgres_cannot_store_is_400(api_as, operations, payload):
    response = api_as(operations).put(URL.format("KD2026000008"), payload, content_type="application/json")
    assert response.status_code == 400
    assert not Shipment.objects.exists()


@pytest.mark.django_db
def test_non_json_and_non_object_bodies_are_400(api_as, operations):
    client = api_as(operations)
    assert (
        client.put(URL.format("KD2026000009"), "[1, 2]", content_type="application/json").status_code == 400
    )
    assert (
        client.put(URL.format("KD2026000009"), "{not json", content_type="application/json").status_code
        == 400
    )
    assert client.put(URL.format("KD2026000009"), "a=b", content_type="text/plain").status_code == 415


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=80),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
fields = st.sampled_from(list(body()) + ["waybill_no", "insured_amount", "promised_at", "delivered_at"])


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(fields, json_values | st.text(max_size=300)),
    waybill=st.text(min_size=1, max_size=40),
)
def test_no_input_to_the_shipments_feed_gives_a_server_error(api_as, operations, data, waybill):
    from urllib.parse import quote

    response = api_as(operations).put(URL.format(quote(waybill, safe="")), data, format="json")
    assert response.status_code in (200, 201, 400, 404), response.content
