"""Pages and lists read in a number of queries that does not grow with the data behind them: a long
history, merged duplicates, more open complaints and colleagues on duty, more matches of a search.
(Their speed at a million complaints is measured by benchmarks/bench.py; here only what must not grow.)"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from complaints.admin.dashboard import figures_key
from complaints.models import Complaint, ComplaintEvent, RoutingRule
from complaints.services.routing import agent_load_drift
from tests.complaints.factories import ComplaintFactory, add_history
from tests.conftest import _staff
from tests.customers.factories import CustomerFactory, ShipmentFactory
from tests.org.factories import DepartmentFactory

# The complaint page: session, user, the user's roles, permissions and profile (one query,
# org.backends), the complaint (with its merged duplicates' ids), then in one round trip its small lists
# together (reference lists, the customer's history and contacts, evidence, departments and root cause),
# the shipment, the departments asked, the timeline, claims and penalties; the colleagues' names.
COMPLAINT_PAGE_QUERIES = 6


@pytest.mark.django_db
def test_the_complaint_page_reads_a_long_history_with_merged_duplicates_in_the_same_queries(
    client, agent, django_assert_num_queries
):
    complaint = ComplaintFactory(owner=agent, shipment=ShipmentFactory())
    add_history(complaint, 2)

    def merge_duplicate(i: int) -> None:
        duplicate = ComplaintFactory(
            owner=agent, customer=complaint.customer, status="merged", merged_into=complaint
        )
        ComplaintEvent.objects.create(
            complaint=duplicate, at=timezone.now(), kind="note", name="note", note=f"重复投诉{i}"
        )

    merge_duplicate(0)
    client.force_login(agent)
    url = f"/complaints/{complaint.number}/"
    with django_assert_num_queries(COMPLAINT_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    add_history(complaint, 198, first=2)
    for i in range(1, 5):
        merge_duplicate(i)
    with django_assert_num_queries(COMPLAINT_PAGE_QUERIES):
        page = client.get(url).content.decode()
    assert "跟进记录199" in page and all(f"重复投诉{i}" in page for i in range(5))
    # The whole history, one click away, costs the same queries.
    with django_assert_num_queries(COMPLAINT_PAGE_QUERIES):
        everything = client.get(url, {"timeline": "all"}).content.decode()
    assert all(f"跟进记录{i}<" in everything for i in range(200))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["supervisor", "manager"])
def test_the_complaint_page_costs_the_same_queries_with_everything_on_it(
    client, role, request, django_assert_num_queries
):
    """A department asked, evidence, contacts and the customer's other complaints come with the rest."""
    from complaints.models import Attachment, Contact, DepartmentRequest

    user = request.getfixturevalue(role)
    department = DepartmentFactory(code="OUT-Q", kind="outlet")
    complaint = ComplaintFactory(
        owner=user,
        shipment=ShipmentFactory(),
        status="investigating",
        department=department,
        consulted_departments=[department.pk],
    )
    DepartmentRequest.objects.create(
        complaint=complaint,
        department=department,
        lead=True,
        asked_at=timezone.now(),
        due=timezone.now(),
        asked_by=user,
    )
    for i in range(3):
        ComplaintFactory(customer=complaint.customer, owner=user)
        Contact.objects.create(
            customer=complaint.customer,
            kind="consultation",
            channel="phone",
            contact_name="张三",
            text=f"咨询{i}",
            recorded_by=user,
            at=timezone.now(),
        )
        Attachment.objects.create(
            complaint=complaint,
            file=f"evidence/{i}.png",
            original_name=f"照片{i}.png",
            content_type="image/png",
            size=1000,
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
    client.force_login(user)
    with django_assert_num_queries(COMPLAINT_PAGE_QUERIES):
        page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert all(f"照片{i}.png" in page and f"咨询{i}" in page for i in range(3))
    assert 'id="request-OUT-Q"' in page


@pytest.mark.django_db
def test_the_events_api_pages_a_long_history_in_the_same_queries(
    api_as, agent, django_assert_max_num_queries, django_assert_num_queries
):
    complaint = ComplaintFactory(owner=agent)
    add_history(complaint, 2)
    url = f"/api/v1/complaints/{complaint.number}/events/"
    client = api_as(agent)
    with django_assert_max_num_queries(20) as short:
        client.get(url)
    add_history(complaint, 300)
    ComplaintEvent.objects.create(
        complaint=ComplaintFactory(customer=complaint.customer, status="merged", merged_into=complaint),
        at=timezone.now() - dt.timedelta(days=4),
        kind="note",
        name="note",
        note="重复投诉",
    )
    with django_assert_num_queries(len(short.captured_queries)):
        data = client.get(url).json()
    assert data["results"][0]["note"] == "重复投诉" and len(data["results"]) == 100
    duplicate = Complaint.objects.get(merged_into=complaint)
    assert data["results"][0]["complaint"] == duplicate.number
    assert {e["complaint"] for e in data["results"][1:]} == {complaint.number}


# The case file: session, user, the user's roles, permissions and profile, the complaint (with its
# merged duplicates' ids), in one round trip its departments, root cause, evidence and duplicates'
# numbers, the departments asked and the timeline; claims, the colleagues' names.
CASE_FILE_QUERIES = 7


@pytest.mark.django_db
def test_the_case_file_reads_a_long_history_with_merged_duplicates_in_the_same_queries(
    client, agent, django_assert_num_queries
):
    department = DepartmentFactory(code="OUT-C", kind="outlet")
    complaint = ComplaintFactory(owner=agent, department=department, responsible_department=department)
    add_history(complaint, 2)
    client.force_login(agent)
    url = f"/complaints/{complaint.number}/case-file/"
    with django_assert_num_queries(CASE_FILE_QUERIES):
        assert client.get(url).status_code == 200
    add_history(complaint, 198, first=2)
    for i in range(5):
        duplicate = ComplaintFactory(
            owner=agent, customer=complaint.customer, status="merged", merged_into=complaint
        )
        add_history(duplicate, 3, first=1000 + 10 * i)
    with django_assert_num_queries(CASE_FILE_QUERIES):
        page = client.get(url).content.decode()
    assert all(f"跟进记录{i}<" in page for i in range(200)) and "跟进记录1042<" in page


INTAKE = {
    "channel": "web",
    "customer": {"name": "张三丰", "phone": "13812345678"},
    "category": "delivery.attitude",
    "description": "派件员态度差",
    "remedy_sought": "apology",
}


@pytest.mark.django_db
def test_intake_routing_costs_the_same_queries_whatever_the_backlog_and_the_team(
    api_as, channel, django_assert_max_num_queries, django_assert_num_queries
):
    team = DepartmentFactory(code="CS-R", kind="customer_service")
    RoutingRule.objects.create(priority=10, department=team, tier="frontline", auto_assign=True)
    first = _staff("agent", department_code="CS-R", username="r-agent0")
    client = api_as(channel)
    warm = INTAKE | {"customer": {"name": "王五", "phone": "13712345678"}}
    assert client.post("/api/v1/complaints/", warm, format="json").status_code == 201  # caches filled
    with django_assert_max_num_queries(20) as small:
        assert client.post("/api/v1/complaints/", INTAKE, format="json").status_code == 201
    for i in range(1, 6):
        colleague = _staff("agent", department_code="CS-R", username=f"r-agent{i}")
        ComplaintFactory.create_batch(3, owner=colleague, assignee=colleague, queue_department=team)
    ComplaintFactory.create_batch(10, owner=first, queue_department=team)
    body = INTAKE | {"customer": {"name": "李四", "phone": "13912345678"}}
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 201
    # Routed to the least-loaded colleague (channels are not shown who handles it).
    assert Complaint.objects.get(number=response.json()["number"]).assignee.username == "r-agent1"
    assert agent_load_drift() == {}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["number", "waybill", "phone"])
def test_admin_search_costs_the_same_queries_whatever_it_finds(
    client, manager, field, django_assert_max_num_queries, django_assert_num_queries
):
    customer = CustomerFactory(phone="13700001234")
    target = ComplaintFactory(customer=customer, waybill_no="KD5555555555")
    term = {"number": target.number, "waybill": "kd5555555555", "phone": "137 0000 1234"}[field]
    client.force_login(manager)
    url = "/admin/complaints/complaint/"
    client.get(url)  # caches warmed (calendar banner, permissions)
    with django_assert_max_num_queries(40) as one:
        assert target.number in client.get(url, {"q": term}).content.decode()
    ComplaintFactory.create_batch(20, customer=customer, waybill_no="KD5555555555")
    ComplaintFactory.create_batch(20)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url, {"q": term}).content.decode()
    assert target.number in page


@pytest.mark.django_db
def test_workbench_search_costs_the_same_queries_whatever_it_finds(
    client, supervisor, django_assert_max_num_queries, django_assert_num_queries
):
    customer = CustomerFactory(phone="13700001234")
    target = ComplaintFactory(customer=customer, status="investigating")
    client.force_login(supervisor)
    client.get("/")  # caches warmed (the working calendar of the reference data)
    with django_assert_max_num_queries(40) as one:
        assert target.number in client.get("/", {"q": "13700001234", "list": "all"}).content.decode()
    ComplaintFactory.create_batch(30, customer=customer, status="investigating")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/", {"q": "13700001234", "list": "all"})


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_whatever_the_backlog(
    client, manager, django_assert_max_num_queries, django_assert_num_queries
):
    ComplaintFactory.create_batch(2)
    client.force_login(manager)
    client.get("/admin/dashboard/")  # caches warmed (calendar banner, permissions)
    counted_afresh = figures_key(manager, None)  # the figures themselves are counted each time
    cache.delete(counted_afresh)
    with django_assert_max_num_queries(40) as few:
        assert client.get("/admin/dashboard/").status_code == 200
    other = DepartmentFactory(code="OUT-D")
    ComplaintFactory.create_batch(10, status="pending_approval", department=other, tier="supervisor")
    ComplaintFactory.create_batch(10, received_at=timezone.now() - dt.timedelta(days=9))
    cache.delete(counted_afresh)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/admin/dashboard/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"status": "investigating"},
        {"overdue": "true"},
        {"phone": "13700001234"},
        {"waybill_no": "KD5555555555"},
        {"category": "delay", "received_after": "2020-01-01T00:00:00+08:00"},
    ],
)
def test_api_list_filters_cost_the_same_queries_whatever_they_match(
    api_as, manager, query, django_assert_max_num_queries, django_assert_num_queries
):
    customer = CustomerFactory(phone="13700001234")
    old = timezone.now() - dt.timedelta(days=10)
    make = dict(customer=customer, waybill_no="KD5555555555", status="investigating", received_at=old)
    ComplaintFactory(**make)
    client = api_as(manager)
    with django_assert_max_num_queries(20) as one:
        assert len(client.get("/api/v1/complaints/", query).json()["results"]) == 1
    ComplaintFactory.create_batch(30, **make)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/complaints/", query).json()["results"]) == 31


@pytest.mark.django_db
def test_the_complaint_page_costs_the_same_queries_with_claims_penalties_and_the_penalty_form(
    client, supervisor, manager, dept_staff, django_assert_num_queries
):
    from claims.models import Claim, Penalty

    complaint = ComplaintFactory(
        status="investigating", owner=supervisor, shipment=ShipmentFactory(freight="200.00")
    )
    client.force_login(supervisor)
    client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "total_damage", "actual_loss": "500"}
    )
    claim = Claim.objects.get(complaint=complaint)
    resolved = ComplaintFactory(
        resolved=True,
        owner=supervisor,
        company_at_fault=True,
        responsible_department=dept_staff.staff_profile.department,
    )
    penalty = {
        "department": "OUT-T",
        "rule": "loss_share",
        "loss": "100",
        "reason": "网点丢件",
        "staff": "张师傅",
    }
    client.post(f"/complaints/{resolved.number}/penalties/", penalty)
    assert Penalty.objects.filter(complaint=resolved).exists()
    client.force_login(manager)
    for shown, part in ((complaint, f'id="claim-{claim.pk}"'), (resolved, 'id="penalty-new"')):
        with django_assert_num_queries(COMPLAINT_PAGE_QUERIES):
            page = client.get(f"/complaints/{shown.number}/").content.decode()
        assert part in page
    assert 'id="penalties"' in page
