"""Channels get the customer-facing view of their complaints: no staff notes, staff usernames,
findings or responsible staff, in the complaint and in its timeline; staff still see everything."""

import pytest

from tests.complaints.test_api import LIST, intake_body

INTERNAL = [
    "manager-t",
    "dept-t",
    "内部备注：客户情绪激动",
    "请网点核实监控",
    "派件员未按地址投递",
    "快递员张师傅",
]


def run(client, number, name, body):
    response = client.post(f"{LIST}{number}/transitions/{name}/", body, format="json")
    assert response.status_code == 200, response.content
    return response


@pytest.fixture
def worked(api_as, channel, manager, dept_staff):
    """A website complaint the company worked on: taken, noted, dispatched, found, customer asked."""
    number = api_as(channel).post(LIST, intake_body(), format="json").json()["number"]
    staff = api_as(manager)
    run(staff, number, "take", {})
    run(staff, number, "note", {"text": "内部备注：客户情绪激动"})
    run(staff, number, "dispatch", {"department": "OUT-T", "assignee": "dept-t", "note": "请网点核实监控"})
    run(
        api_as(dept_staff),
        number,
        "record_finding",
        {
            "cause": "派件员未按地址投递",
            "company_at_fault": True,
            "responsible_department": "OUT-T",
            "responsible_staff": "快递员张师傅",
        },
    )
    run(staff, number, "request_info", {"note": "请提供快递柜取件短信截图"})
    return number


@pytest.mark.django_db
def test_a_channel_reads_its_complaint_without_internal_work(api_as, channel, worked):
    response = api_as(channel).get(f"{LIST}{worked}/")
    data = response.json()
    text = response.content.decode()
    for secret in INTERNAL:
        assert secret not in text
    assert (data["owner"], data["assignee"], data["responsible_staff"], data["finding_cause"]) == (
        None,
        None,
        "",
        "",
    )
    assert data["company_at_fault"] is None and data["responsible_department"] is None
    assert data["status"] == "awaiting_customer"


@pytest.mark.django_db
def test_a_channel_reads_the_steps_the_customer_is_told_of(api_as, channel, worked):
    response = api_as(channel).get(f"{LIST}{worked}/events/")
    events = response.json()["results"]
    text = response.content.decode()
    for secret in INTERNAL:
        assert secret not in text
    assert [e["name"] for e in events if e["kind"] != "notification"] == [
        "intake",
        "acknowledge",
        "dispatch",
        "request_info",
    ]
    assert events[0]["actor"] == "channel-t"  # its own step; staff stay anonymous
    assert all(e["actor"] is None for e in events[1:])
    asked = next(e for e in events if e["name"] == "request_info")
    assert (asked["from"], asked["to"], asked["note"]) == (
        "investigating",
        "awaiting_customer",
        "请提供快递柜取件短信截图",
    )
    assert all(e["data"] == {} for e in events)


@pytest.mark.django_db
def test_staff_still_read_the_whole_timeline(api_as, manager, worked):
    text = api_as(manager).get(f"{LIST}{worked}/events/").content.decode()
    for internal in INTERNAL[:1] + INTERNAL[2:]:
        assert internal in text
    detail = api_as(manager).get(f"{LIST}{worked}/").json()
    assert (detail["owner"], detail["responsible_staff"]) == ("manager-t", "快递员张师傅")


@pytest.mark.django_db
def test_a_proposal_waiting_for_approval_is_not_shown_to_the_channel(api_as, channel, manager, worked):
    staff = api_as(manager)
    run(staff, worked, "receive_info", {"note": "截图已收到"})
    run(staff, worked, "regrade", {"severity": "major", "reason": "内部：升级"})
    run(staff, worked, "propose", {"solution": "赔偿 500 元（待批）"})
    channel_client = api_as(channel)
    assert "待批" not in channel_client.get(f"{LIST}{worked}/events/").content.decode()
    assert channel_client.get(f"{LIST}{worked}/").json()["solution"] == ""
    from tests.conftest import _staff

    approver = _staff("supervisor", username="supervisor-2")
    run(api_as(approver), worked, "approve_proposal", {"note": "同意"})
    assert channel_client.get(f"{LIST}{worked}/").json()["solution"] == "赔偿 500 元（待批）"


@pytest.mark.django_db
def test_a_channel_cannot_probe_who_owns_what(api_as, channel, worked):
    response = api_as(channel).get(LIST, {"owner": "manager-t"})
    assert response.status_code == 400
    assert api_as(channel).get(LIST).status_code == 200
