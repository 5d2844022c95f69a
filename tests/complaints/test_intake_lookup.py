"""The intake lookup (POST /complaints/new/ with action=lookup): a known caller's name is masked unless
the agent may unmask (then filled in and recorded); complaints beyond the agent's scope only counted."""

import pytest

from customers.models import UnmaskLog
from tests.complaints.factories import ComplaintFactory
from tests.complaints.test_views import intake_post
from tests.customers.factories import CustomerFactory
from tests.org.factories import DepartmentFactory, UserFactory

PHONE = "13387654321"


def lookup(client, **overrides):
    body = intake_post(**{"action": "lookup", "customer_name": "", "customer_phone": PHONE, **overrides})
    response = client.post("/complaints/new/", body)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def caller(db):
    return CustomerFactory(name="欧阳娜娜", phone=PHONE)


@pytest.fixture
def elsewhere(db, caller):
    """An open complaint of the caller, on waybill KD5555555555, handled by another team."""
    other_team = DepartmentFactory(code="CS-X", kind="customer_service")
    colleague = UserFactory(username="colleague-x", roles=["agent"])
    return ComplaintFactory(
        customer=caller,
        owner=colleague,
        queue_department=other_team,
        waybill_no="KD5555555555",
        description="同事处理中的投诉内容",
    )


@pytest.mark.django_db
def test_an_agent_who_may_not_unmask_sees_a_known_callers_name_masked(client, agent, caller):
    client.force_login(agent)
    page = lookup(client)
    assert "欧阳娜娜" not in page
    assert "欧**娜" in page
    assert not UnmaskLog.objects.exists()


@pytest.mark.django_db
def test_who_may_unmask_gets_the_name_filled_in_and_it_is_recorded(client, supervisor, caller):
    client.force_login(supervisor)
    page = lookup(client)
    assert 'value="欧阳娜娜"' in page
    record = UnmaskLog.objects.get()
    assert (record.actor, record.customer, record.purpose) == (supervisor, caller, "intake_lookup")


@pytest.mark.django_db
def test_history_beyond_the_agents_scope_is_only_counted(client, agent, caller, elsewhere):
    mine = ComplaintFactory(customer=caller, owner=agent)
    client.force_login(agent)
    page = lookup(client)
    assert mine.number in page
    assert elsewhere.number not in page and "同事处理中" not in page
    assert "另有 1 件投诉由同事处理" in page
    assert "另有 1 件未结投诉由同事处理" in page


@pytest.mark.django_db
def test_an_open_complaint_on_the_waybill_is_counted_even_when_not_the_agents(client, agent, elsewhere):
    client.force_login(agent)
    page = lookup(client, customer_phone="13900000000", waybill_no="KD5555555555")
    assert elsewhere.number not in page
    assert "另有 1 件未结投诉由同事处理" in page


@pytest.mark.django_db
def test_a_manager_sees_the_whole_history(client, manager, caller, elsewhere):
    client.force_login(manager)
    page = lookup(client)
    assert elsewhere.number in page and "由同事处理" not in page
