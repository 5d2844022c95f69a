"""The workbench's lists and their counts: what each list holds for an agent, within what the agent may
see, the counts capped, and a number of queries that does not grow with the lists."""

import re

import pytest
from django.contrib.auth import get_user_model

from complaints.views import workbench
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def counts(page: str) -> dict[str, str]:
    """The count beside each list's tab."""
    return dict(re.findall(r'href="\?list=(\w+)&[^"]*"[^>]*>[^<]*<span class="count">([^<]+)</span>', page))


def listed(page: str) -> set[str]:
    return set(re.findall(r'href="/complaints/(TSF\d+)/"', page))


@pytest.fixture
def lists(agent):
    colleague = get_user_model().objects.create(username="colleague-t")
    elsewhere = DepartmentFactory(code="CS-ELSEWHERE", kind="customer_service")
    return {
        "mine": ComplaintFactory(owner=agent, assignee=agent, status="investigating"),
        "mine unassigned": ComplaintFactory(owner=agent, status="received"),
        "handed to me": ComplaintFactory(owner=colleague, assignee=agent, status="investigating"),
        "assigned, unowned": ComplaintFactory(assignee=agent, status="acknowledged"),
        "queue": ComplaintFactory(status="received"),
        # Not the agent's to see: another team's queue, a colleague's own, the supervisors' queue.
        "other team": ComplaintFactory(status="received", queue_department=elsewhere),
        "colleague's": ComplaintFactory(owner=colleague, assignee=colleague, queue_department=elsewhere),
        "supervisors'": ComplaintFactory(
            status="acknowledged", tier="supervisor", queue_department=elsewhere
        ),
        # Mine but done: in no list of open work.
        "mine closed": ComplaintFactory(owner=agent, status="closed"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("mine", {"mine", "mine unassigned"}),
        ("assigned", {"handed to me", "assigned, unowned"}),
        ("queue", {"queue", "assigned, unowned"}),  # unowned in my team's queue, whoever it is assigned to
        ("all", {"mine", "mine unassigned", "handed to me", "assigned, unowned", "queue"}),
    ],
)
def test_each_list_holds_its_open_complaints_within_the_agents_scope(agent_client, lists, tab, expected):
    page = agent_client.get("/", {"list": tab}).content.decode()
    assert listed(page) == {lists[name].number for name in expected}
    assert counts(page) == {"mine": "2", "assigned": "2", "queue": "2", "all": "5"}


@pytest.mark.django_db
def test_the_lists_keep_the_filters(agent_client, lists):
    page = agent_client.get("/", {"list": "all", "status": ["received"]}).content.decode()
    assert listed(page) == {lists["mine unassigned"].number, lists["queue"].number}
    assert counts(page) == {"mine": "1", "assigned": "0", "queue": "1", "all": "2"}  # "received" only


@pytest.mark.django_db
def test_counts_stop_at_the_cap_and_all_follows_without_counting(agent_client, agent, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(workbench, "COUNT_CAP", 2)
    ComplaintFactory.create_batch(3, owner=agent)
    ComplaintFactory(status="received")
    with CaptureQueriesContext(connection) as queries:
        page = agent_client.get("/").content.decode()
    assert counts(page) == {"mine": "2+", "assigned": "0", "queue": "1", "all": "2+"}
    assert sum(q["sql"].startswith("SELECT COUNT(*)") for q in queries) == 3  # "all" holds "mine"


@pytest.mark.django_db
def test_my_lists_are_read_without_the_scope_they_are_inside_and_other_lists_within_it(agent_client, agent):
    """My complaints are within what I may see by definition: their count and rows are read by the
    owner alone (from complaint_open_owner_idx); the queue and "all" keep the whole scope."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ComplaintFactory(owner=agent)
    with CaptureQueriesContext(connection) as queries:
        agent_client.get("/", {"list": "mine"})
    complaint_sql = [q["sql"] for q in queries if 'FROM "complaints_complaint"' in q["sql"]]
    scoped = ['"queue_department_id" =' in sql for sql in complaint_sql]
    assert scoped == [False, False, True, True, False]  # mine, assigned, queue, all counts; the rows


@pytest.mark.django_db
def test_the_workbench_costs_the_same_queries_whatever_the_lists_hold(
    agent_client, agent, django_assert_max_num_queries, django_assert_num_queries
):
    colleague = get_user_model().objects.create(username="colleague-t")
    ComplaintFactory(owner=agent)
    ComplaintFactory(owner=colleague, assignee=agent)
    ComplaintFactory(status="received")
    agent_client.get("/")  # caches warmed
    tabs = ("mine", "assigned", "queue", "all")
    few = {}
    for tab in tabs:
        with django_assert_max_num_queries(20) as queries:
            assert agent_client.get("/", {"list": tab}).status_code == 200
        few[tab] = len(queries.captured_queries)
    ComplaintFactory.create_batch(30, owner=agent, assignee=agent)
    ComplaintFactory.create_batch(5, owner=colleague, assignee=agent)
    ComplaintFactory.create_batch(5, status="received")
    for tab in tabs:
        with django_assert_num_queries(few[tab]):
            assert agent_client.get("/", {"list": tab}).status_code == 200
