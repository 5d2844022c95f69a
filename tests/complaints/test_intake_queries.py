"""Intake reads its reference data from the process's cache and writes each kind of row once: a
constant, small number of queries through the API and the browser, whatever the backlog; a manager's
change to the reference data reaches the next intake (and a rolled-back one never does); the open-load
counters stay equal to a recount."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from complaints.models import Category, Complaint, ComplaintEvent, RoutingRule, SlaPolicy
from complaints.models.channels import ChannelBinding
from complaints.services import complaint_intake
from complaints.services.routing import agent_load_drift
from customers.models import Customer
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.complaints.test_views import intake_post
from tests.conftest import _staff
from tests.org.factories import DepartmentFactory

LIST = "/api/v1/complaints/"

# A channel's intake, routed to the least-loaded agent, for a customer told at once:
#   the token with its user, the user's roles, model permissions and department (one query,
#   org.authentication); the throttle's counter; the reference data version; the customer (found or
#   inserted in one statement); the least-loaded agent on duty; the complaint with its events and
#   notices (one statement, infra.inserts); the delivery task (in the same transaction).
# In a test the delivery task is not queued (tasks run synchronously, after commit) and the throttles
# are off.
API_INTAKE_QUERIES = 7 - 2


def body(phone: str, **overrides) -> dict:
    return {
        "channel": "web",
        "customer": {"name": "张三丰", "phone": phone},
        "category": "delivery.attitude",
        "description": "派件员态度差",
        "remedy_sought": "apology",
        **overrides,
    }


@pytest.fixture
def routed(channel):
    """A team whose frontline agents get channel complaints assigned, least-loaded first."""
    team = DepartmentFactory(code="CS-Q", kind="customer_service")
    RoutingRule.objects.create(priority=10, department=team, tier="frontline", auto_assign=True)
    return team


@pytest.mark.django_db
def test_api_intake_costs_the_same_few_queries_for_new_and_known_customers_and_any_backlog(
    api_as, channel, routed, django_assert_num_queries
):
    _staff("agent", department_code="CS-Q", username="q-agent0")
    client = api_as(channel)
    assert client.post(LIST, body("13800000000"), format="json").status_code == 201  # caches filled

    with django_assert_num_queries(API_INTAKE_QUERIES):
        new_customer = client.post(LIST, body("13800000001"), format="json")
    assert new_customer.status_code == 201, new_customer.content

    for i in range(1, 6):
        colleague = _staff("agent", department_code="CS-Q", username=f"q-agent{i}")
        ComplaintFactory.create_batch(3, owner=colleague, assignee=colleague, queue_department=routed)
    with django_assert_num_queries(API_INTAKE_QUERIES):
        known_customer = client.post(LIST, body("13800000001"), format="json")
    assert known_customer.status_code == 201

    # What the response says is what was stored: the same as reading it back.
    for response in (new_customer, known_customer):
        stored = client.get(f"{LIST}{response.json()['number']}/")
        assert response.json() == stored.json()
    complaint = Complaint.objects.get(number=known_customer.json()["number"])
    assert complaint.status == "acknowledged" and complaint.assignee.username == "q-agent0"
    assert list(complaint.events.order_by("at", "id").values_list("name", "from_state", "to_state")) == [
        ("intake", "", "received"),
        ("acknowledge", "received", "acknowledged"),
    ]
    assert sorted(Notification.objects.filter(complaint=complaint).values_list("audience", "template")) == [
        ("customer", "accepted"),
        ("staff", "assigned"),
    ]
    assert agent_load_drift() == {}


@pytest.mark.django_db
def test_browser_intake_costs_a_constant_number_of_queries(client, agent, django_assert_num_queries):
    client.force_login(agent)

    def post(phone: str):
        return client.post("/complaints/new/", intake_post(customer_phone=phone))

    assert post("13800000000").status_code == 302  # caches filled
    with django_assert_num_queries(BROWSER_INTAKE_QUERIES) as first:
        assert post("13800000001").status_code == 302
    ComplaintFactory.create_batch(5, owner=agent)
    with django_assert_num_queries(len(first.captured_queries)):
        assert post("13800000001").status_code == 302
    assert Complaint.objects.filter(created_by=agent, channel="phone", status="acknowledged").count() == 3
    assert agent_load_drift() == {}


# The session and its user, the user's roles, model permissions and department (one query,
# org.backends), the reference data version (the form's categories and intake's data), the customer,
# the complaint with its events and notice (one statement); the delivery task in the same transaction
# (not in a test: tasks run synchronously there, after commit). No savepoint inside the view's
# transaction (the test's adds one around it).
BROWSER_INTAKE_QUERIES = 7 - 1 + 2


@pytest.mark.django_db
def test_a_managers_change_to_the_reference_data_reaches_the_next_intake(api_as, channel, routed):
    client = api_as(channel)
    first = client.post(LIST, body("13800000000"), format="json").json()

    Category.objects.filter(code="delivery.attitude").update(is_active=False)  # behind admin's back
    refused = client.post(LIST, body("13800000001"), format="json")
    assert refused.status_code == 400 and "category" in refused.json()
    Category.objects.filter(code="delivery.attitude").update(is_active=True)

    policy = SlaPolicy.objects.get(kind="complaint", severity="simple")
    policy.resolve_working_days += 3
    policy.save()
    later = client.post(LIST, body("13800000002"), format="json").json()
    assert later["resolve_due"] > first["resolve_due"]

    other = DepartmentFactory(code="CS-Z", kind="customer_service")
    RoutingRule.objects.create(priority=1, department=other, tier="supervisor", auto_assign=False)
    rerouted = Complaint.objects.get(
        number=client.post(LIST, body("13800000003"), format="json").json()["number"]
    )
    assert (rerouted.queue_department, rerouted.tier) == (other, "supervisor")

    ChannelBinding.objects.filter(user=channel).delete()
    assert api_as(channel).post(LIST, body("13800000004"), format="json").status_code == 403


@pytest.mark.django_db
def test_a_change_rolled_back_is_never_served_from_the_cache(api_as, channel):
    client = api_as(channel)
    client.post(LIST, body("13800000000"), format="json")
    category = Category.objects.get(code="delivery.attitude")
    with pytest.raises(RuntimeError), transaction.atomic():
        Category.objects.filter(pk=category.pk).update(name="临时名称")
        during = client.post(LIST, body("13800000001"), format="json").json()
        assert during["category_name"] == "临时名称"
        raise RuntimeError("rolled back")
    after = client.post(LIST, body("13800000002"), format="json").json()
    assert after["category_name"] == category.name


@pytest.mark.django_db
def test_a_refused_intake_writes_nothing_and_says_why_in_chinese(api_as, channel):
    before = (Complaint.objects.count(), ComplaintEvent.objects.count(), Notification.objects.count())
    unknown = api_as(channel).post(LIST, body("13800000009", category="no.such"), format="json")
    assert unknown.status_code == 400
    assert "no.such" in unknown.json()["category"][0] and "类别" in unknown.json()["category"][0]

    # Refused by the model's own checks, before anything is written: the caller's transaction goes on.
    with pytest.raises(ValidationError) as refused:
        complaint_intake(
            actor=channel,
            channel="web",
            customer_name="张三丰",
            customer_phone="13800000009",
            kind="appeal",
            regulator_ref="R" * 65,
            description="派件员态度差",
            category_code="delivery.attitude",
        )
    assert "regulator_ref" in refused.value.message_dict
    assert not Customer.objects.filter(phone="13800000009").exists()
    assert (Complaint.objects.count(), ComplaintEvent.objects.count(), Notification.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_a_number_drawn_twice_is_drawn_again_and_nothing_is_written_twice(
    reference_data, channel, monkeypatch
):
    from complaints.services import intake as intake_module
    from tests.conftest import token_client

    team = DepartmentFactory(code="CS-N", kind="customer_service")
    RoutingRule.objects.create(priority=10, department=team, tier="frontline", auto_assign=True)
    _staff("agent", department_code="CS-N", username="n-agent")
    client = token_client(channel)
    taken = client.post(LIST, body("13800000000"), format="json").json()["number"]
    numbers = iter([taken, "TS23456789AB"])
    monkeypatch.setattr(intake_module, "new_complaint_number", lambda: next(numbers))

    response = client.post(LIST, body("13800000001"), format="json")

    assert response.status_code == 201 and response.json()["number"] == "TS23456789AB"
    assert Customer.objects.filter(phone="13800000001").count() == 1
    events = ComplaintEvent.objects.filter(complaint__number="TS23456789AB").order_by("at", "id")
    assert [e.name for e in events][:2] == ["intake", "acknowledge"]
    # Both notices (the customer's, the assigned agent's) delivered by the one task queued after commit.
    notices = Notification.objects.filter(complaint__number="TS23456789AB")
    assert sorted(notices.values_list("audience", "status")) == [("customer", "sent"), ("staff", "sent")]
