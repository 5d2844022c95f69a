"""Each colleague's open load: moved by the database in the transaction that moves it, equal to a
recount after every kind of change, and all that least-loaded routing reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import AgentLoad, Complaint, RootCause, RoutingRule
from complaints.services import (
    complaint_close,
    complaint_dispatch,
    complaint_intake,
    complaint_merge,
    complaint_reject,
    complaint_reopen,
    complaint_resolve,
    complaint_take,
    complaint_transfer_owner,
)
from complaints.services.routing import agent_load_drift, agent_load_recount, least_loaded
from tests.complaints.factories import ComplaintFactory
from tests.conftest import _staff
from tests.org.factories import DepartmentFactory


def load(user) -> tuple[int, int]:
    row = AgentLoad.objects.filter(user=user).first()
    return (row.owned, row.assigned) if row else (0, 0)


@pytest.mark.django_db
def test_the_load_follows_every_change_of_owner_assignee_and_state(agent, supervisor, channel):
    team = DepartmentFactory(code="CS-T", kind="customer_service")
    other = _staff("agent", username="agent-other")
    RoutingRule.objects.create(priority=10, department=team, tier="frontline", auto_assign=True)

    routed = complaint_intake(
        actor=channel,
        channel="web",
        customer_name="王五",
        customer_phone="13700002222",
        description="快递柜取件码无效",
        category_code="delivery.attitude",
    ).complaint
    waiting = routed.assignee
    assert waiting in (agent, other) and load(waiting) == (0, 1)

    complaint_take(complaint=routed, actor=waiting)  # owner and handler now
    assert load(waiting) == (1, 1)
    complaint_transfer_owner(
        complaint=routed, actor=supervisor, to=other if waiting == agent else agent, reason="休假"
    )
    new_owner = Complaint.objects.get(pk=routed.pk).owner
    assert load(new_owner)[0] == 1 and load(waiting) == (0, 1)

    outlet = DepartmentFactory(code="OUT-L")
    complaint_dispatch(complaint=routed, actor=supervisor, department=outlet, assignee=supervisor)
    assert load(waiting) == (0, 0) and load(supervisor) == (0, 1)

    complaint_resolve(
        complaint=routed,
        actor=supervisor,
        resolution="已道歉",
        root_cause=RootCause.objects.get(code="last_mile"),
        company_at_fault=True,
    )
    assert load(new_owner) == (0, 0) and load(supervisor) == (0, 0)  # resolved is not open work
    complaint_close(complaint=routed, actor=supervisor, outcome="satisfied", satisfaction=5)
    complaint_reopen(complaint=routed, actor=supervisor, reason="客户不满意")
    assert load(new_owner) == (1, 0) and load(supervisor) == (0, 1)

    survivor = ComplaintFactory(owner=agent)
    duplicate = ComplaintFactory(owner=agent, assignee=agent, customer=survivor.customer)
    complaint_merge(complaint=duplicate, actor=agent, into=survivor)
    assert load(agent) == (1, 0)
    unfounded = ComplaintFactory(owner=other, assignee=other)
    complaint_reject(complaint=unfounded, actor=supervisor, reason="无事实依据")

    assert agent_load_drift() == {}


@pytest.mark.django_db
def test_rows_written_or_removed_without_the_services_are_counted_too(agent):
    ComplaintFactory.create_batch(3, owner=agent, assignee=agent)
    ComplaintFactory(owner=agent, status="closed")
    assert load(agent) == (3, 3)
    Complaint.objects.filter(owner=agent, status="acknowledged").update(assignee=None)
    assert load(agent) == (3, 0)
    gone = Complaint.objects.filter(owner=agent).first()
    gone.events.all().delete()
    Complaint.objects.filter(pk=gone.pk).delete()
    assert agent_load_drift() == {}


@pytest.mark.django_db
def test_a_recount_repairs_a_load_written_behind_the_triggers_back(agent, supervisor):
    ComplaintFactory.create_batch(2, owner=agent)
    AgentLoad.objects.filter(user=agent).update(owned=40)
    AgentLoad.objects.create(user=supervisor, owned=0, assigned=7)
    assert agent_load_drift() == {agent.pk: ((40, 0), (2, 0)), supervisor.pk: ((0, 7), (0, 0))}
    agent_load_recount()
    assert agent_load_drift() == {} and load(agent) == (2, 0) and load(supervisor) == (0, 0)


@pytest.mark.django_db
def test_least_loaded_routing_reads_the_loads_not_the_complaints(agent):
    team = DepartmentFactory(code="CS-T", kind="customer_service")
    busy, free = agent, _staff("agent", username="agent-free")
    ComplaintFactory.create_batch(2, owner=busy)
    ComplaintFactory.create_batch(5, owner=free, status="closed")
    with CaptureQueriesContext(connection) as queries:
        chosen = least_loaded(department=team, tier="frontline")
    assert chosen == free
    assert len(queries) == 1
    assert "complaints_complaint" not in queries[0]["sql"]
