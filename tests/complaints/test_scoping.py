"""Who sees and acts on which complaint (complaints/rules.py), per persona, through the API."""

import pytest

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory, UserFactory

LIST = "/api/v1/complaints/"


def visible(client) -> set[str]:
    return {c["number"] for c in client.get(LIST, {"page_size": 200}).json()["results"]}


@pytest.fixture
def world(db, agent, supervisor):
    """Complaints placed around the personas' team CS-T and another team CS-X."""
    other_team = DepartmentFactory(code="CS-X", kind="customer_service")
    outlet = DepartmentFactory(code="OUT-T")
    colleague = UserFactory(username="colleague", roles=["agent"])
    return {
        "queue": ComplaintFactory(),  # unowned, frontline, team CS-T
        "mine": ComplaintFactory(owner=agent),
        "assigned": ComplaintFactory(queue_department=other_team, assignee=agent),
        "colleagues": ComplaintFactory(owner=colleague),
        "other_team": ComplaintFactory(queue_department=other_team),
        "supervisor_tier": ComplaintFactory(queue_department=other_team, tier="supervisor"),
        "expert_tier": ComplaintFactory(queue_department=other_team, tier="expert"),
        "at_outlet": ComplaintFactory(queue_department=other_team, department=outlet, status="investigating"),
    }


def numbers(world, *names) -> set[str]:
    return {world[name].number for name in names}


@pytest.mark.django_db
def test_agent_sees_own_assigned_and_unowned_queue(api_as, agent, world):
    assert visible(api_as(agent)) == numbers(world, "queue", "mine", "assigned")


@pytest.mark.django_db
def test_supervisor_sees_the_team_and_the_supervisor_queue(api_as, supervisor, world):
    assert visible(api_as(supervisor)) == numbers(world, "queue", "mine", "colleagues", "supervisor_tier")


@pytest.mark.django_db
def test_expert_sees_the_expert_queue(api_as, db, world):
    from tests.conftest import _staff

    expert = _staff("expert", username="expert-t")
    assert visible(api_as(expert)) == numbers(world, "expert_tier")


@pytest.mark.django_db
def test_department_staff_see_what_is_dispatched_to_them(api_as, dept_staff, world):
    assert visible(api_as(dept_staff)) == numbers(world, "at_outlet")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "auditor"])
def test_managers_and_auditors_see_everything(request, api_as, persona, world):
    assert visible(api_as(request.getfixturevalue(persona))) == {c.number for c in Complaint.objects.all()}


@pytest.mark.django_db
def test_an_agent_cannot_reach_a_colleagues_complaint(api_as, agent, world):
    client = api_as(agent)
    number = world["colleagues"].number
    assert client.get(f"{LIST}{number}/").status_code == 404
    assert client.post(f"{LIST}{number}/transitions/note/", {"text": "x"}, format="json").status_code == 404


@pytest.mark.django_db
def test_department_staff_record_findings_and_notes_but_nothing_else(api_as, dept_staff, world):
    client = api_as(dept_staff)
    number = world["at_outlet"].number
    detail = client.get(f"{LIST}{number}/").json()
    finding = client.post(
        f"{LIST}{number}/transitions/record_finding/",
        {"cause": "派件员未按址投递", "company_at_fault": True},
        format="json",
    )
    resolve = client.post(
        f"{LIST}{number}/transitions/resolve/",
        {"resolution": "x", "root_cause": "last_mile", "company_at_fault": True},
        format="json",
    )
    assert set(detail["available_transitions"]) == {"record_finding", "note"}
    assert finding.status_code == 200
    assert resolve.status_code == 403


@pytest.mark.django_db
def test_auditor_reads_but_changes_nothing(api_as, auditor, world):
    client = api_as(auditor)
    number = world["queue"].number
    assert client.get(f"{LIST}{number}/").json()["available_transitions"] == []
    assert client.post(f"{LIST}{number}/transitions/note/", {"text": "x"}, format="json").status_code == 403
