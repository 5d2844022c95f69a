"""A shipment keeps the names on its waybill: the customer found by phone keeps the name first stored
for it, and neither overwrites the other (issue: "收件人乙" shown as 张*丰)."""

import pytest

from customers.models import Customer, Shipment
from tests.complaints.test_views import intake_post
from tests.org.factories import DepartmentFactory

URL = "/api/v1/shipments/{}/"


def party(name, phone):
    return {"name": name, "phone": phone}


def body(sender, recipient, **overrides):
    return {"product": "standard", "freight": "12.00", "sender": sender, "recipient": recipient, **overrides}


@pytest.mark.django_db
def test_each_waybill_shows_its_own_names_for_one_phone(api_as, operations, agent):
    feed = api_as(operations)
    feed.put(
        URL.format("KD7000000001"),
        body(party("张三丰", "13812345678"), party("李四", "13900001111")),
        format="json",
    )
    # The same phone, another name on another waybill (a colleague receiving for him, a nickname …).
    response = feed.put(
        URL.format("KD7000000002"),
        body(party("王五", "13700002222"), party("收件人乙", "13812345678")),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["recipient"] == {"name": "收**乙", "phone": "138******78"}

    first = api_as(agent).get(URL.format("KD7000000001")).json()
    second = api_as(agent).get(URL.format("KD7000000002")).json()
    assert first["sender"]["name"] == "张*丰"
    assert second["recipient"]["name"] == "收**乙"
    assert Customer.objects.get(phone="13812345678").name == "张三丰"  # the customer keeps the first
    assert Shipment.objects.get(waybill_no="KD7000000002").recipient.phone == "13812345678"


@pytest.mark.django_db
def test_the_intake_lookup_shows_the_waybills_names(api_as, operations, agent, client):
    feed = api_as(operations)
    for waybill, sender, recipient in [
        ("KD7000000003", party("张三丰", "13812345678"), party("李四", "13900001111")),
        ("KD7000000004", party("王五", "13700002222"), party("收件人乙", "13812345678")),
    ]:
        assert feed.put(URL.format(waybill), body(sender, recipient), format="json").status_code == 201
    client.force_login(agent)
    lookup = intake_post(action="lookup", waybill_no="KD7000000004", customer_phone="13700002222")
    page = client.post("/complaints/new/", lookup).content.decode()
    assert "收**乙" in page and "张*丰" not in page


@pytest.mark.django_db
def test_the_import_keeps_the_waybills_names(tmp_path, operations):
    from django.core.management import call_command

    DepartmentFactory(code="SH-N-01")
    path = tmp_path / "feed.csv"
    path.write_text(
        "waybill_no,product,sender_name,sender_phone,recipient_name,recipient_phone,freight\n"
        "KD7000000005,standard,张三丰,13812345678,李四,13900001111,10\n"
        "KD7000000006,standard,王五,13700002222,收件人乙,13812345678,10\n",
        encoding="utf-8",
    )
    call_command("import_shipments", str(path))
    shipment = Shipment.objects.get(waybill_no="KD7000000006")
    assert (shipment.recipient_name, shipment.recipient.name) == ("收件人乙", "张三丰")


@pytest.mark.django_db
def test_the_feed_refuses_an_insured_amount_above_the_declared_value(api_as, operations):
    response = api_as(operations).put(
        URL.format("KD7000000007"),
        body(
            party("张三丰", "13812345678"),
            party("李四", "13900001111"),
            insured=True,
            insured_amount="2000.00",
            declared_value="1000.00",
        ),
        format="json",
    )
    assert response.status_code == 400
    assert "insured_amount" in response.json()
    assert not Shipment.objects.filter(waybill_no="KD7000000007").exists()
