"""Joint investigation: several departments asked with one lead, each recording its own finding
(complaints/models/investigation.py), through the services, the API and the complaint page."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent, DepartmentRequest
from complaints.services import complaint_ask_department, complaint_dispatch, complaint_record_finding
from tests.complaints.factories import ComplaintFactory
from tests.conftest import _staff
from tests.customers.factories import ShipmentFactory
from tests.org.factories import DepartmentFactory

URL = "/api/v1/complaints/{}/transitions/{}/"


@pytest.fixture
def outlets(db):
    return DepartmentFactory(code="OUT-T", name="浦东网点"), DepartmentFactory(code="SC-T", name="转运中心")


@pytest.fixture
def sorting_staff(db, outlets):
    return _staff("department_staff", department_code="SC-T", username="sorting-t")


@pytest.fixture
def joint(agent, outlets):
    """A complaint led by the outlet, the sorting centre also asked."""
    outlet, sorting = outlets
    complaint = ComplaintFactory(owner=agent)
    complaint = complaint_dispatch(complaint=complaint, actor=agent, department=outlet, note="请网点核实派送")
    return complaint_ask_department(
        complaint=complaint, actor=agent, department=sorting, note="请核实分拣记录"
    )


@pytest.mark.django_db
def test_dispatch_asks_the_lead_department_by_a_deadline_within_the_answer_date(agent, outlets):
    complaint = ComplaintFactory(owner=agent, resolve_due=timezone.now() + dt.timedelta(days=5))
    complaint = complaint_dispatch(complaint=complaint, actor=agent, department=outlets[0], note="请核实")
    request = DepartmentRequest.objects.get(complaint=complaint)
    assert request.lead and request.status == "asked" and request.question == "请核实"
    assert timezone.now() < request.due <= complaint.resolve_due
    assert complaint.consulted_departments == [outlets[0].pk]


@pytest.mark.django_db
def test_asking_a_second_department_keeps_the_lead_and_writes_one_event(joint, outlets):
    outlet, sorting = outlets
    joint.refresh_from_db()
    assert joint.department == outlet and joint.status == "investigating"
    assert sorted(joint.consulted_departments) == sorted([outlet.pk, sorting.pk])
    requests = {r.department.code: r for r in DepartmentRequest.objects.filter(complaint=joint)}
    assert requests["OUT-T"].lead and not requests["SC-T"].lead
    assert requests["SC-T"].question == "请核实分拣记录"
    event = ComplaintEvent.objects.get(complaint=joint, name="ask_department")
    assert event.data == {"department": "SC-T"} and event.from_state == event.to_state == "investigating"


@pytest.mark.django_db
def test_each_department_records_its_own_finding(api_as, joint, dept_staff, sorting_staff, outlets):
    outlet_answer = api_as(dept_staff).post(
        URL.format(joint.number, "record_finding"),
        {"cause": "派件员未按址投递", "company_at_fault": True, "responsible_staff": "快递员 张师傅"},
        format="json",
    )
    sorting_answer = api_as(sorting_staff).post(
        URL.format(joint.number, "record_finding"),
        {"cause": "分拣正常，无责任", "company_at_fault": False},
        format="json",
    )
    assert outlet_answer.status_code == 200 and sorting_answer.status_code == 200
    requests = {r.department.code: r for r in DepartmentRequest.objects.filter(complaint=joint)}
    assert requests["OUT-T"].status == requests["SC-T"].status == "answered"
    assert requests["OUT-T"].company_at_fault is True and requests["OUT-T"].answered_by == dept_staff
    assert requests["SC-T"].cause == "分拣正常，无责任" and requests["SC-T"].answered_by == sorting_staff
    events = ComplaintEvent.objects.filter(complaint=joint, name="record_finding").order_by("id")
    assert [e.data["department"] for e in events] == ["OUT-T", "SC-T"]
    joint.refresh_from_db()
    assert joint.finding_cause == "分拣正常，无责任"  # the latest finding


@pytest.mark.django_db
def test_department_staff_may_not_record_another_departments_finding(api_as, joint, sorting_staff):
    response = api_as(sorting_staff).post(
        URL.format(joint.number, "record_finding"),
        {"cause": "网点问题", "company_at_fault": True, "department": "OUT-T"},
        format="json",
    )
    assert response.status_code == 403
    assert not DepartmentRequest.objects.filter(complaint=joint, status="answered").exists()
    assert not ComplaintEvent.objects.filter(complaint=joint, name="record_finding").exists()


@pytest.mark.django_db
def test_a_department_not_asked_cannot_give_a_finding(api_as, agent, joint):
    DepartmentFactory(code="LH-T")
    response = api_as(agent).post(
        URL.format(joint.number, "record_finding"),
        {"cause": "干线延误", "company_at_fault": True, "department": "LH-T"},
        format="json",
    )
    assert response.status_code == 400 and "department" in response.json()


@pytest.mark.django_db
def test_department_staff_see_what_is_asked_of_them(api_as, client, joint, sorting_staff):
    numbers = {c["number"] for c in api_as(sorting_staff).get("/api/v1/complaints/").json()["results"]}
    assert numbers == {joint.number}
    detail = api_as(sorting_staff).get(f"/api/v1/complaints/{joint.number}/").json()
    assert set(detail["available_transitions"]) == {"record_finding", "note"}
    client.force_login(sorting_staff)
    page = client.get("/").content.decode()
    assert joint.number in page and "本部门待协查" in page and "查明期限" in page


@pytest.mark.django_db
def test_dispatching_again_moves_the_lead(agent, joint, outlets):
    complaint_dispatch(complaint=joint, actor=agent, department=outlets[1], note="由转运中心牵头")
    requests = {r.department.code: r for r in DepartmentRequest.objects.filter(complaint=joint)}
    assert requests["SC-T"].lead and not requests["OUT-T"].lead
    assert Complaint.objects.get(pk=joint.pk).department == outlets[1]


@pytest.mark.django_db
def test_a_finding_on_a_complaint_dispatched_before_joint_investigations(agent, dept_staff):
    outlet = dept_staff.staff_profile.department
    complaint = ComplaintFactory(owner=agent, department=outlet, status="investigating")
    complaint_record_finding(complaint=complaint, actor=dept_staff, cause="核实无误", company_at_fault=False)
    request = DepartmentRequest.objects.get(complaint=complaint)
    assert request.lead and request.status == "answered" and request.department == outlet


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.mark.django_db
def test_the_complaint_page_shows_each_departments_status_and_deadline(agent_client, joint, dept_staff):
    complaint_record_finding(
        complaint=joint, actor=dept_staff, cause="派件员未按址投递", company_at_fault=True
    )
    page = agent_client.get(f"/complaints/{joint.number}/").content.decode()
    table = page.split('id="departments"')[1].split("</section>")[0]
    assert "浦东网点" in table and "转运中心" in table and "牵头" in table
    assert "已查明" in table and "派件员未按址投递" in table and "待查明" in table
    request = DepartmentRequest.objects.get(complaint=joint, department__code="SC-T")
    assert timezone.localtime(request.due).strftime("%Y-%m-%d %H:%M") in table


@pytest.mark.django_db
def test_the_resolve_form_starts_from_the_latest_finding(agent_client, agent, joint, outlets):
    complaint_record_finding(
        complaint=joint,
        actor=agent,
        department=outlets[0],
        cause="派件员未按址投递",
        company_at_fault=True,
        responsible_department=outlets[0],
        responsible_staff="快递员 张师傅",
    )
    page = agent_client.get(f"/complaints/{joint.number}/").content.decode()
    form = page.split('id="do-resolve"')[1].split("</form>")[0]
    assert 'name="company_at_fault" checked' in form
    assert '<option value="OUT-T" selected>' in form
    assert 'value="快递员 张师傅"' in form


@pytest.mark.django_db
def test_dispatch_starts_at_the_shipments_outlet_and_lists_staff_by_department(
    agent_client, agent, dept_staff
):
    outlet = dept_staff.staff_profile.department
    complaint = ComplaintFactory(owner=agent, shipment=ShipmentFactory(destination_outlet=outlet))
    page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    form = page.split('id="do-dispatch"')[1].split("</form>")[0]
    assert f'<option value="{outlet.code}" selected>' in form
    assert form.index('name="department"') < form.index('name="assignee"') < form.index('name="note"')
    assert f'value="{dept_staff.username}" data-tag="{outlet.code}"' in form
    assert 'data-follows="department"' in form


@pytest.mark.django_db
def test_the_next_step_comes_first_and_the_rest_behind_it(agent_client, agent, joint):
    page = agent_client.get(f"/complaints/{joint.number}/").content.decode()
    actions = page.split('id="actions"')[1]
    first, more = actions.split('id="more-actions"')[0], actions.split('id="more-actions"')[1]
    assert 'id="do-record_finding"' in first and 'id="do-propose"' in more and 'id="do-escalate"' in more
