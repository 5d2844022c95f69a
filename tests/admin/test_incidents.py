"""Incidents: declared, linked, notified and extended together in admin (through the services)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from complaints.models import Complaint, ComplaintEvent, Incident
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory
from tests.org.factories import DepartmentFactory

ADMIN = "/admin/complaints/incident/"


@pytest.fixture
def flood(client, manager):
    client.force_login(manager)
    response = client.post(
        f"{ADMIN}add/",
        {"name": "华东分拨中心水浸", "description": "暴雨导致分拨中心停运两天", "starts_on": "2026-11-20"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert incident.declared_by == manager
    return incident


@pytest.mark.django_db
def test_link_by_waybills_and_by_outlet_and_dates(client, flood):
    a = ComplaintFactory(status="investigating", waybill_no="SF100")
    b = ComplaintFactory(status="investigating", waybill_no="SF101", customer=a.customer)
    closed = ComplaintFactory(status="closed", waybill_no="SF102")
    outlet = DepartmentFactory(code="OUT-F")
    shipment = ShipmentFactory(destination_outlet=outlet)
    c = ComplaintFactory(
        status="acknowledged", shipment=shipment, received_at=dt.datetime(2026, 11, 21, 3, tzinfo=dt.UTC)
    )
    ComplaintFactory(
        status="acknowledged", shipment=shipment, received_at=dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC)
    )

    response = client.post(f"{ADMIN}{flood.pk}/link/", {"waybills": "sf100, SF101\nSF102"})
    assert response.status_code == 302
    assert "2" in str(list(get_messages(response.wsgi_request))[-1])
    client.post(
        f"{ADMIN}{flood.pk}/link/",
        {"outlet": outlet.pk, "received_from": "2026-11-20", "received_to": "2026-11-22"},
    )
    assert set(flood.complaints.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}
    assert Complaint.objects.get(pk=closed.pk).incident is None
    assert ComplaintEvent.objects.filter(name="incident").count() == 3

    bad = client.post(f"{ADMIN}{flood.pk}/link/", {"outlet": outlet.pk})
    assert bad.status_code == 200 and "日期" in bad.content.decode()


@pytest.mark.django_db
def test_one_notice_per_customer_and_deadlines_extended_within_the_law(client, flood):
    a = ComplaintFactory(status="investigating", waybill_no="W1")
    ComplaintFactory(status="investigating", waybill_no="W2", customer=a.customer)
    at_limit = ComplaintFactory(status="investigating", waybill_no="W3")
    Complaint.objects.filter(pk=at_limit.pk).update(resolve_due=at_limit.statutory_due)
    client.post(f"{ADMIN}{flood.pk}/link/", {"waybills": "W1 W2 W3"})

    client.post(f"{ADMIN}{flood.pk}/notify/", {"text": "受暴雨影响，您的快件将延迟处理，敬请谅解。"})
    notices = Notification.objects.filter(template="incident")
    assert notices.count() == 2  # the customer with two complaints hears once
    assert "华东分拨中心水浸" in notices.first().body

    before = Complaint.objects.get(pk=a.pk).resolve_due
    response = client.post(f"{ADMIN}{flood.pk}/extend/", {"working_days": 3, "reason": "分拨中心水浸"})
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith("2") for t in texts) and any(t.startswith("1") for t in texts)
    after = Complaint.objects.get(pk=a.pk)
    assert before < after.resolve_due <= after.statutory_due
    assert Complaint.objects.get(pk=at_limit.pk).resolve_due == at_limit.statutory_due


@pytest.mark.django_db
def test_only_managers_handle_incidents(client, supervisor, flood):
    client.force_login(supervisor)
    assert client.post(f"{ADMIN}{flood.pk}/notify/", {"text": "x"}).status_code == 403
    assert not Notification.objects.filter(template="incident").exists()
