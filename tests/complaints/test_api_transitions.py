"""Every transition and action through POST /api/v1/complaints/{number}/transitions/{name}/:
each allowed source, a forbidden role (403), a forbidden source (409 naming the state), the event row."""

import pytest
from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory

URL = "/api/v1/complaints/{}/transitions/{}/"
# name: (allowed sources, arguments, target (None: unchanged), allowed persona, forbidden persona, bad source)
CASES = {
    "accept_offer": (["proposed"], {"note": "客户电话确认接受"}, None, "agent", "auditor", "investigating"),
    "acknowledge": (["received"], {}, "acknowledged", "agent", "auditor", "closed"),
    "dispatch": (
        ["acknowledged", "reopened", "investigating"],
        {"department": "OUT-A", "note": "请网点核实"},
        "investigating",
        "agent",
        "auditor",
        "closed",
    ),
    "record_finding": (
        ["investigating", "awaiting_customer"],
        {
            "cause": "派件员未按地址投递",
            "company_at_fault": True,
            "responsible_department": "OUT-A",
            "responsible_staff": "快递员 张师傅",
        },
        None,
        "dept_staff",
        "auditor",
        "acknowledged",
    ),
    "ask_department": (
        ["investigating", "awaiting_customer"],
        {"department": "OUT-A", "note": "请核实分拣记录"},
        None,
        "agent",
        "auditor",
        "acknowledged",
    ),
    "request_info": (
        ["investigating"],
        {"note": "请提供破损照片"},
        "awaiting_customer",
        "agent",
        "auditor",
        "acknowledged",
    ),
    "receive_info": (
        ["awaiting_customer"],
        {"note": "照片已收到"},
        "investigating",
        "agent",
        "auditor",
        "investigating",
    ),
    "propose": (
        ["investigating"],
        {"solution": "退还运费 12 元"},
        "proposed",
        "agent",
        "auditor",
        "acknowledged",
    ),
    "approve_proposal": (
        ["pending_approval"],
        {"note": "同意"},
        "proposed",
        "supervisor",
        "agent",
        "investigating",
    ),
    "decline_proposal": (
        ["pending_approval"],
        {"note": "赔偿过高"},
        "investigating",
        "supervisor",
        "agent",
        "proposed",
    ),
    "revise": (
        ["proposed"],
        {"note": "客户不接受退运费"},
        "investigating",
        "agent",
        "auditor",
        "investigating",
    ),
    "resolve": (
        ["acknowledged", "investigating", "proposed"],
        {"resolution": "已道歉并补发", "root_cause": "last_mile", "company_at_fault": True},
        "resolved",
        "agent",
        "auditor",
        "closed",
    ),
    "close": (
        ["resolved"],
        {"outcome": "satisfied", "satisfaction": 5, "comment": "满意"},
        "closed",
        "agent",
        "auditor",
        "investigating",
    ),
    "reopen": (
        ["resolved", "closed"],
        {"reason": "客户表示未解决"},
        "reopened",
        "supervisor",
        "auditor",
        "investigating",
    ),
    "reject": (
        ["acknowledged", "investigating", "awaiting_customer", "pending_approval", "proposed", "reopened"],
        {"reason": "经核实快件已按约定投递，已向客户解释规定"},
        "rejected",
        "supervisor",
        "agent",
        "closed",
    ),
    "regrade": (
        ["acknowledged", "investigating"],
        {"severity": "major", "reason": "媒体曝光"},
        None,
        "agent",
        "auditor",
        "closed",
    ),
    "extend": (
        ["acknowledged", "investigating"],
        {"working_days": 1, "reason": "需分拣中心调取监控"},
        None,
        "supervisor",
        "agent",
        "closed",
    ),
    "note": (
        ["acknowledged", "closed", "rejected"],
        {"text": "客户来电催促"},
        None,
        "agent",
        "auditor",
        "merged",
    ),
    "contact": (
        ["investigating", "resolved"],
        {"outcome": "no_answer", "note": "无人接听"},
        None,
        "agent",
        "auditor",
        "closed",
    ),
}


def complaint_in(state: str, **extra) -> Complaint:
    if state == "awaiting_customer":
        extra["sla_paused_at"] = timezone.now()
    if state in ("resolved", "closed"):
        return ComplaintFactory(resolved=True, status=state, **extra)
    if state == "merged":
        extra["merged_into"] = ComplaintFactory()
    return ComplaintFactory(status=state, **extra)


@pytest.fixture(autouse=True)
def outlet(db):
    return DepartmentFactory(code="OUT-A")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "source"), [(name, source) for name, case in CASES.items() for source in case[0]]
)
def test_transition_runs_from_each_allowed_source_and_writes_one_event(request, api_as, name, source):
    sources, args, target, allowed, _forbidden, _bad = CASES[name]
    user = request.getfixturevalue(allowed)
    # Department staff act on what is dispatched to their department.
    extra = {"department": user.staff_profile.department} if allowed == "dept_staff" else {}
    complaint = complaint_in(source, **extra)

    response = api_as(user).post(URL.format(complaint.number, name), args, format="json")

    assert response.status_code == 200, response.content
    complaint.refresh_from_db()
    assert complaint.status == (target or source)
    assert response.json()["status"] == complaint.status
    events = list(ComplaintEvent.objects.filter(complaint=complaint))
    assert [(e.name, e.from_state, e.to_state, e.actor) for e in events] == [
        (name, source, target or source, user)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CASES))
def test_transition_is_403_for_a_role_that_may_not_run_it(request, api_as, name):
    sources, args, _target, _allowed, forbidden, _bad = CASES[name]
    complaint = complaint_in(sources[0])

    response = api_as(request.getfixturevalue(forbidden)).post(
        URL.format(complaint.number, name), args, format="json"
    )

    assert response.status_code == 403, response.content
    complaint.refresh_from_db()
    assert complaint.status == sources[0]
    assert not ComplaintEvent.objects.filter(complaint=complaint).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CASES))
def test_transition_is_409_naming_the_state_from_a_forbidden_source(request, api_as, name):
    _sources, args, _target, allowed, _forbidden, bad = CASES[name]
    user = request.getfixturevalue("supervisor" if bad == "closed" and name == "reopen" else allowed)
    extra = {"department": user.staff_profile.department} if allowed == "dept_staff" else {}
    complaint = complaint_in(bad, **extra)

    response = api_as(user).post(URL.format(complaint.number, name), args, format="json")

    assert response.status_code == 409, response.content
    assert response.json()["status"] == bad
    assert not ComplaintEvent.objects.filter(complaint=complaint).exists()


@pytest.mark.django_db
def test_unknown_transition_is_404(api_as, agent):
    complaint = ComplaintFactory()
    assert api_as(agent).post(URL.format(complaint.number, "teleport"), {}, format="json").status_code == 404


@pytest.mark.django_db
def test_resolve_without_root_cause_is_400_and_changes_nothing(api_as, agent):
    complaint = ComplaintFactory(status="investigating")
    response = api_as(agent).post(
        URL.format(complaint.number, "resolve"),
        {"resolution": "已处理", "company_at_fault": False},
        format="json",
    )
    assert response.status_code == 400
    assert "root_cause" in response.json()
    complaint.refresh_from_db()
    assert complaint.status == "investigating"


@pytest.mark.django_db
def test_agent_may_not_reopen_a_closed_complaint(api_as, agent):
    complaint = complaint_in("closed")
    response = api_as(agent).post(URL.format(complaint.number, "reopen"), {"reason": "x"}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_propose_on_a_major_complaint_needs_approval(api_as, agent):
    complaint = ComplaintFactory(status="investigating", severity="major")
    response = api_as(agent).post(
        URL.format(complaint.number, "propose"), {"solution": "按保价金额赔偿"}, format="json"
    )
    assert response.json()["status"] == "pending_approval"


@pytest.mark.django_db
def test_close_as_unreachable_needs_three_failed_contacts(api_as, agent):
    complaint = complaint_in("resolved")
    client = api_as(agent)
    close = {"outcome": "unreachable", "comment": "三次未接通"}

    for _ in range(2):
        client.post(URL.format(complaint.number, "contact"), {"outcome": "no_answer"}, format="json")
    refused = client.post(URL.format(complaint.number, "close"), close, format="json")
    client.post(URL.format(complaint.number, "contact"), {"outcome": "wrong_number"}, format="json")
    accepted = client.post(URL.format(complaint.number, "close"), close, format="json")

    assert refused.status_code == 400
    assert "3" in refused.json()["outcome"][0]
    assert accepted.status_code == 200
    assert accepted.json()["outcome"] == "unreachable"


@pytest.mark.django_db
def test_available_transitions_name_what_the_user_may_run_now(api_as, agent, supervisor):
    complaint = ComplaintFactory(status="pending_approval")
    as_agent = api_as(agent).get(f"/api/v1/complaints/{complaint.number}/").json()["available_transitions"]
    as_supervisor = (
        api_as(supervisor).get(f"/api/v1/complaints/{complaint.number}/").json()["available_transitions"]
    )
    assert "approve_proposal" not in as_agent
    assert {"approve_proposal", "decline_proposal", "reject", "extend"} <= set(as_supervisor)
    assert "resolve" not in as_supervisor


@pytest.mark.django_db
def test_the_permission_is_the_one_declared_for_the_current_state(api_as, agent, supervisor):
    """reopen is declared twice: from resolved for the handlers, from closed for supervisors and above."""
    resolved, closed = complaint_in("resolved"), complaint_in("closed")
    by_agent = api_as(agent).post(
        URL.format(resolved.number, "reopen"), {"reason": "客户不满意"}, format="json"
    )
    refused = api_as(agent).post(URL.format(closed.number, "reopen"), {"reason": "客户不满意"}, format="json")
    by_supervisor = api_as(supervisor).post(
        URL.format(closed.number, "reopen"), {"reason": "客户申诉"}, format="json"
    )
    assert (by_agent.status_code, refused.status_code, by_supervisor.status_code) == (200, 403, 200)
    resolved.refresh_from_db()
    closed.refresh_from_db()
    assert resolved.status == closed.status == "reopened"
