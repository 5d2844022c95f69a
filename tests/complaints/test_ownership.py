"""首问负责制: taking, keeping and transferring the first responsibility; routing; escalation; merge."""

import pytest

from complaints.models import Complaint, ComplaintEvent, RoutingRule
from complaints.selectors import complaint_timeline
from complaints.services import complaint_intake
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.conftest import _staff
from tests.org.factories import DepartmentFactory

URL = "/api/v1/complaints/{}/transitions/{}/"


@pytest.mark.django_db
def test_an_agent_takes_an_unowned_complaint_of_the_queue(api_as, agent):
    complaint = ComplaintFactory()
    response = api_as(agent).post(URL.format(complaint.number, "take"), {}, format="json")
    assert response.status_code == 200
    assert response.json()["owner"] == "agent-t"


@pytest.mark.django_db
def test_taking_an_owned_complaint_is_409_with_the_reason(api_as, agent, supervisor):
    complaint = ComplaintFactory(owner=supervisor)
    response = api_as(supervisor).post(URL.format(complaint.number, "take"), {}, format="json")
    assert response.status_code == 409
    assert "首问负责人" in response.json()["detail"]


@pytest.mark.django_db
def test_the_owner_survives_dispatch_escalation_and_a_new_handler(api_as, agent, supervisor):
    DepartmentFactory(code="OUT-O")
    complaint = ComplaintFactory(owner=agent)
    client = api_as(agent)
    client.post(
        URL.format(complaint.number, "dispatch"),
        {"department": "OUT-O", "assignee": "supervisor-t"},
        format="json",
    )
    client.post(URL.format(complaint.number, "escalate"), {"reason": "客户要求主管处理"}, format="json")
    complaint.refresh_from_db()
    assert complaint.owner == agent
    assert complaint.assignee == supervisor
    assert complaint.tier == "supervisor"


@pytest.mark.django_db
def test_only_a_supervisor_transfers_ownership_with_a_reason(api_as, agent, supervisor):
    other = _staff("agent", username="agent-other")
    complaint = ComplaintFactory(owner=agent)
    body = {"to": "agent-other", "reason": "原负责人休假"}
    assert (
        api_as(agent).post(URL.format(complaint.number, "transfer_owner"), body, format="json").status_code
        == 403
    )
    no_reason = api_as(supervisor).post(
        URL.format(complaint.number, "transfer_owner"), {"to": "agent-other"}, format="json"
    )
    done = api_as(supervisor).post(URL.format(complaint.number, "transfer_owner"), body, format="json")
    assert no_reason.status_code == 400
    assert done.status_code == 200
    complaint.refresh_from_db()
    assert complaint.owner == other
    event = ComplaintEvent.objects.get(complaint=complaint, name="transfer_owner")
    assert event.note == "原负责人休假" and event.data == {"from": "agent-t", "to": "agent-other"}
    assert Notification.objects.filter(
        complaint=complaint, template="assigned", recipient_user=other
    ).exists()


@pytest.mark.django_db
def test_channel_intake_is_routed_and_assigned_to_the_least_loaded_agent_on_duty(channel):
    team = DepartmentFactory(code="CS-R", kind="customer_service")
    busy = _staff("agent", department_code="CS-R", username="busy")
    free = _staff("agent", department_code="CS-R", username="free")
    off = _staff("agent", department_code="CS-R", username="off-duty")
    off.staff_profile.on_duty = False
    off.staff_profile.save()
    ComplaintFactory.create_batch(2, owner=busy, queue_department=team)
    RoutingRule.objects.create(priority=10, department=team, tier="frontline", auto_assign=True)

    complaint = complaint_intake(
        actor=channel,
        channel="web",
        customer_name="王五",
        customer_phone="13700002222",
        description="快递柜取件码无效",
        category_code="delivery",
    ).complaint

    assert complaint.queue_department == team
    assert complaint.owner is None
    assert complaint.assignee == free
    assert Notification.objects.filter(complaint=complaint, template="assigned", recipient_user=free).exists()


@pytest.mark.django_db
def test_the_most_specific_rule_by_priority_wins(channel):
    general, claims = DepartmentFactory(code="CS-G"), DepartmentFactory(code="CS-L")
    from complaints.models import Category

    RoutingRule.objects.create(priority=100, department=general, auto_assign=False)
    RoutingRule.objects.create(
        priority=10,
        category=Category.objects.get(code="loss"),
        department=claims,
        tier="supervisor",
        auto_assign=False,
    )
    lost = complaint_intake(
        actor=channel,
        channel="app",
        customer_name="赵六",
        customer_phone="13600003333",
        description="丢件",
        category_code="loss.lost",
    ).complaint
    late = complaint_intake(
        actor=channel,
        channel="app",
        customer_name="赵六",
        customer_phone="13600003333",
        description="延误",
        category_code="delay.transit",
    ).complaint
    assert (lost.queue_department, lost.tier) == (claims, "supervisor")
    assert (late.queue_department, late.tier) == (general, "frontline")


@pytest.mark.django_db
def test_escalation_goes_up_one_tier_at_a_time_and_tells_the_new_tier_and_the_owner(
    api_as, agent, supervisor
):
    complaint = ComplaintFactory(owner=agent)
    client = api_as(agent)
    first = client.post(URL.format(complaint.number, "escalate"), {"reason": "需主管协调"}, format="json")
    assert first.json()["tier"] == "supervisor"
    assert set(
        Notification.objects.filter(complaint=complaint, template="escalated").values_list(
            "recipient_user__username", flat=True
        )
    ) == {"supervisor-t", "agent-t"}
    event = ComplaintEvent.objects.get(complaint=complaint, name="escalate")
    assert (event.from_state, event.to_state, event.note) == ("frontline", "supervisor", "需主管协调")
    second = client.post(URL.format(complaint.number, "escalate"), {"reason": "重大"}, format="json")
    third = client.post(URL.format(complaint.number, "escalate"), {"reason": "再升"}, format="json")
    assert second.json()["tier"] == "expert"
    assert third.status_code == 409


@pytest.mark.django_db
def test_only_supervisors_hand_back_down(api_as, agent, supervisor):
    complaint = ComplaintFactory(owner=agent, tier="supervisor")
    body = {"note": "按标准口径答复即可"}
    assert (
        api_as(agent).post(URL.format(complaint.number, "deescalate"), body, format="json").status_code == 403
    )
    response = api_as(supervisor).post(URL.format(complaint.number, "deescalate"), body, format="json")
    assert response.json()["tier"] == "frontline"


@pytest.mark.django_db
def test_escalating_a_finished_complaint_is_409(api_as, agent):
    complaint = ComplaintFactory(owner=agent, resolved=True, status="closed")
    response = api_as(agent).post(URL.format(complaint.number, "escalate"), {"reason": "x"}, format="json")
    assert response.status_code == 409


@pytest.mark.django_db
def test_merge_a_duplicate_into_the_open_complaint_of_the_same_customer(api_as, agent):
    survivor = ComplaintFactory(owner=agent)
    duplicate = ComplaintFactory(owner=agent, customer=survivor.customer)
    stranger = ComplaintFactory(owner=agent)
    client = api_as(agent)
    client.post(URL.format(duplicate.number, "note"), {"text": "重复来电"}, format="json")

    refused = client.post(URL.format(stranger.number, "merge"), {"into": survivor.number}, format="json")
    merged = client.post(URL.format(duplicate.number, "merge"), {"into": survivor.number}, format="json")

    assert refused.status_code == 400
    assert merged.status_code == 200
    assert merged.json()["status"] == "merged"
    assert merged.json()["merged_into"] == survivor.number
    assert "重复来电" in [e.note for e in complaint_timeline(Complaint.objects.get(pk=survivor.pk))]
    events = client.get(f"/api/v1/complaints/{survivor.number}/events/").json()["results"]
    assert {e["complaint"] for e in events} == {duplicate.number}


@pytest.fixture
def merge_world(agent):
    from tests.org.factories import UserFactory

    colleague = UserFactory(username="colleague-m", roles=["agent"])
    duplicate = ComplaintFactory(owner=agent)
    theirs = ComplaintFactory(owner=colleague, customer=duplicate.customer)
    return duplicate, theirs


@pytest.mark.django_db
def test_merge_into_a_complaint_out_of_scope_answers_as_if_it_did_not_exist(api_as, agent, merge_world):
    duplicate, theirs = merge_world
    client = api_as(agent)
    url = URL.format(duplicate.number, "merge")

    not_yours = client.post(url, {"into": theirs.number}, format="json")
    missing = client.post(url, {"into": "TS2222222222"}, format="json")

    assert not_yours.status_code == missing.status_code == 400
    assert not_yours.json() == missing.json()
    assert "处理" in missing.json()["into"][0]
    duplicate.refresh_from_db()
    theirs.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == ("acknowledged", None)
    assert not ComplaintEvent.objects.filter(name="merge").exists()


@pytest.mark.django_db
def test_merge_form_on_the_page_gives_the_same_answer_for_missing_and_not_yours(client, agent, merge_world):
    duplicate, theirs = merge_world
    client.force_login(agent)
    url = f"/complaints/{duplicate.number}/do/merge/"
    not_yours = client.post(url, {"into": theirs.number})
    missing = client.post(url, {"into": "TS2222222222"})
    assert not_yours.status_code == missing.status_code == 400
    message = "没有你负责处理的该编号投诉"
    assert message in not_yours.content.decode() and message in missing.content.decode()
    assert theirs.number not in missing.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == "acknowledged"


@pytest.mark.django_db
def test_a_manager_merges_across_owners(api_as, manager, merge_world):
    duplicate, theirs = merge_world
    response = api_as(manager).post(
        URL.format(duplicate.number, "merge"), {"into": theirs.number.lower()}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["merged_into"] == theirs.number
