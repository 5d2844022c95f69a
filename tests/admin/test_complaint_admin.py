"""The managers' admin through the admin client: who gets in, what they see, actions through the
services with per-row outcomes, masked CSV export, dashboard, banner, constant query counts."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.cache import cache

from complaints.models import Complaint, ComplaintEvent
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory, UserFactory

CHANGELIST = "/admin/complaints/complaint/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, status", [("manager", 200), ("supervisor", 200), ("auditor", 200), ("agent", 302)]
)
def test_who_gets_into_admin(client, request, persona, status):
    user = request.getfixturevalue(persona)
    user.is_staff = True  # even a staff flag does not let an agent in: the role decides
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == status


@pytest.mark.django_db
def test_bulk_escalation_reports_per_row_and_goes_through_the_service(client, supervisor):
    open_ones = ComplaintFactory.create_batch(2, status="investigating")
    closed = ComplaintFactory(status="closed")
    client.force_login(supervisor)
    ids = [c.pk for c in [*open_ones, closed]]
    asked = client.post(CHANGELIST, {"action": "run_escalate", "_selected_action": ids})
    assert asked.status_code == 200 and "reason" in asked.content.decode()  # the intermediate form
    done = client.post(
        CHANGELIST,
        {"action": "run_escalate", "_selected_action": ids, "apply": "1", "reason": "客户多次来电"},
    )
    assert done.status_code == 302
    texts = messages_of(done)
    assert len(texts) == 2
    assert "2" in texts[0]  # e.g. "升级一级：2 件已办理。"
    assert texts[1].startswith("1") and "已结束" in texts[1]  # "1 件未办理：该投诉已结束。"
    assert set(Complaint.objects.filter(pk__in=[c.pk for c in open_ones]).values_list("tier", flat=True)) == {
        "supervisor"
    }
    assert Complaint.objects.get(pk=closed.pk).tier == "frontline"
    assert ComplaintEvent.objects.filter(name="escalate", complaint__in=open_ones).count() == 2


@pytest.mark.django_db
def test_missing_arguments_keep_the_form_with_a_message(client, supervisor):
    complaint = ComplaintFactory(status="investigating")
    client.force_login(supervisor)
    response = client.post(
        CHANGELIST, {"action": "run_escalate", "_selected_action": [complaint.pk], "apply": "1"}
    )
    assert response.status_code == 200
    assert Complaint.objects.get(pk=complaint.pk).tier == "frontline"


@pytest.mark.django_db
def test_acknowledge_needs_no_arguments(client, manager):
    fresh = ComplaintFactory(status="received", acknowledged_at=None)
    client.force_login(manager)
    response = client.post(CHANGELIST, {"action": "run_acknowledge", "_selected_action": [fresh.pk]})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=fresh.pk).status == "acknowledged"


@pytest.mark.django_db
def test_no_admin_path_writes_a_state_field(client, manager):
    complaint = ComplaintFactory(status="investigating")
    client.force_login(manager)
    page = client.get(f"{CHANGELIST}{complaint.pk}/change/")
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    posted = client.post(f"{CHANGELIST}{complaint.pk}/change/", {"status": "closed"})
    assert posted.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).status == "investigating"


@pytest.mark.django_db
def test_supervisors_see_their_department_only_and_auditors_cannot_act(client, supervisor, auditor):
    mine = ComplaintFactory(status="investigating")  # in the CS-T queue
    other = ComplaintFactory(status="investigating", queue_department=DepartmentFactory(code="CS-X"))
    client.force_login(supervisor)
    html = client.get(CHANGELIST).content.decode()
    assert mine.number in html and other.number not in html
    client.force_login(auditor)
    html = client.get(CHANGELIST).content.decode()
    assert mine.number in html and other.number in html
    assert "run_acknowledge" not in html  # no transitions offered to auditors
    client.post(CHANGELIST, {"action": "run_acknowledge", "_selected_action": [mine.pk]})
    assert Complaint.objects.get(pk=mine.pk).status == "investigating"


@pytest.mark.django_db
def test_the_changelist_query_count_does_not_grow_with_rows(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    ComplaintFactory.create_batch(3)
    with django_assert_max_num_queries(40) as few:
        assert client.get(CHANGELIST).status_code == 200
    ComplaintFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200


@pytest.mark.django_db
def test_csv_export_is_masked_filtered_and_streamed(client, manager):
    shown = ComplaintFactory(status="investigating", contact_name="张小三")
    ComplaintFactory(status="closed")
    client.force_login(manager)
    response = client.get(f"{CHANGELIST}export.csv?status__exact=investigating")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2 and shown.number in lines[1]
    assert "张*三" in lines[1] and "张小三" not in text
    assert shown.customer.phone not in text


@pytest.mark.django_db
def test_the_dashboard_counts_today_overdue_and_pending(client, manager):
    ComplaintFactory(status="received")
    late = ComplaintFactory(
        status="investigating", received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
    )
    ComplaintFactory(status="pending_approval")
    client.force_login(manager)
    page = client.get("/admin/dashboard/")
    assert page.status_code == 200
    context = page.context
    assert context["intake"]["total"] == 2  # the late one arrived nine days ago
    assert context["overdue_total"] == 1
    assert context["overdue"] == [{"tier": "一线（L1）", "department": "—", "code": None, "n": 1}]
    assert late.department_id is None
    assert context["pending"]["proposals"] == 1


@pytest.mark.django_db
def test_the_banner_warns_when_next_years_calendar_is_missing(client, manager):
    cache.clear()
    with time_machine.travel(dt.datetime(2098, 12, 1, tzinfo=dt.UTC), tick=False):
        client.force_login(manager)
        page = client.get("/admin/")
    assert "2099" in page.content.decode()
    client.force_login(manager)


@pytest.mark.django_db
def test_object_page_offers_workbench_unmask_and_action_buttons(client, manager):
    complaint = ComplaintFactory(status="investigating", contact_name="李四四")
    client.force_login(manager)
    html = client.get(f"{CHANGELIST}{complaint.pk}/change/").content.decode()
    assert f"/complaints/{complaint.number}/" in html and "/unmask/" in html
    assert "李四四" not in html and "run_escalate" in html
    other = UserFactory(roles=["auditor"], is_staff=True)
    client.force_login(other)
    assert "/unmask/" not in client.get(f"{CHANGELIST}{complaint.pk}/change/").content.decode()


@pytest.mark.django_db
def test_the_date_hierarchy_lists_periods_without_scanning(client, manager):
    ComplaintFactory(received_at=dt.datetime(2025, 11, 30, 20, tzinfo=dt.UTC))  # 2025-12-01 in Shanghai
    ComplaintFactory(received_at=dt.datetime(2026, 2, 3, 4, tzinfo=dt.UTC))
    client.force_login(manager)
    html = client.get(CHANGELIST).content.decode()
    assert "received_at__year=2025" in html and "received_at__year=2026" in html
    months = client.get(f"{CHANGELIST}?received_at__year=2026").content.decode()
    assert "received_at__month=2" in months
    december = client.get(f"{CHANGELIST}?received_at__year=2025&received_at__month=12").content.decode()
    assert december.count("TSF") >= 1  # the complaint of 1 December (Shanghai) is listed


@pytest.mark.django_db
def test_supervisors_see_the_claims_of_their_complaints_only(client, supervisor, agent):
    from decimal import Decimal

    from claims.models import Claim
    from tests.customers.factories import ShipmentFactory

    def claim_on(complaint):
        return Claim.objects.create(
            complaint=complaint,
            shipment=ShipmentFactory(),
            claim_type="delay",
            actual_loss=Decimal("5"),
            cap=Decimal("5"),
            rule="delay_freight",
            proposed_amount=Decimal("5"),
            proposed_by=agent,
        )

    mine = claim_on(ComplaintFactory(status="investigating"))
    other = claim_on(
        ComplaintFactory(status="investigating", queue_department=DepartmentFactory(code="CS-Y"))
    )
    client.force_login(supervisor)
    html = client.get("/admin/claims/claim/").content.decode()
    assert f"/admin/claims/claim/{mine.pk}/" in html and f"/admin/claims/claim/{other.pk}/" not in html


@pytest.mark.django_db
def test_search_by_number_waybill_or_phone(client, manager):
    one = ComplaintFactory(waybill_no="SF123456789")
    two = ComplaintFactory()
    client.force_login(manager)
    for term in (one.number.lower(), "sf123456789", f"+86 {one.customer.phone[:3]} {one.customer.phone[3:]}"):
        html = client.get(CHANGELIST, {"q": term}).content.decode()
        assert one.number in html and two.number not in html, term


@pytest.mark.django_db
def test_a_search_reads_the_date_bounds_once_and_never_joins_the_customers(client, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = ComplaintFactory(waybill_no="SF123456789")
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(CHANGELIST, {"q": one.customer.phone}).content.decode()
    assert one.number in html
    complaint_sql = [q["sql"] for q in queries if 'FROM "complaints_complaint"' in q["sql"]]
    assert sum('MIN("complaints_complaint"."received_at")' in sql for sql in complaint_sql) == 1
    # The phone is looked up once by itself; the complaint queries compare the customer's key.
    assert not any('"phone" =' in sql for sql in complaint_sql)


@pytest.mark.django_db
def test_the_department_filter_links_every_department_keeping_the_other_filters(client, manager):
    outlet = DepartmentFactory(code="OUT-F1", name="鼓楼网点", kind="outlet")
    DepartmentFactory.create_batch(3, kind="outlet")
    there = ComplaintFactory(department=outlet, status="investigating")
    elsewhere = ComplaintFactory(status="investigating")
    client.force_login(manager)
    html = client.get(CHANGELIST, {"status__exact": "investigating"}).content.decode()
    link = f"?department__id__exact={outlet.pk}&amp;status__exact=investigating"
    assert f'<li><a href="{link}">鼓楼网点 (OUT-F1)</a></li>' in html
    assert '<li><a href="?department__isnull=True&amp;status__exact=investigating">' in html
    assert html.count('href="?department__id__exact=') == 5  # the team's, the outlet and three more

    chosen = {"status__exact": "investigating", "department__id__exact": outlet.pk}
    html = client.get(CHANGELIST, chosen).content.decode()
    assert there.number in html and elsewhere.number not in html
    assert f'<li class="selected"><a href="{link}">鼓楼网点 (OUT-F1)</a></li>' in html
    assert '<li><a href="?status__exact=investigating">' in html  # "All" drops only the department


@pytest.mark.django_db
def test_the_admin_index_still_lists_the_apps(client, manager):
    client.force_login(manager)
    html = client.get("/admin/").content.decode()
    assert 'href="/admin/complaints/complaint/"' in html
    assert client.get("/admin/complaints/").status_code == 200
    assert client.get("/admin/nosuchapp/").status_code == 404


@pytest.mark.django_db
def test_the_dashboard_names_each_departments_overdue_complaints_most_first(client, manager):
    nine_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
    outlet = DepartmentFactory(code="OUT-D1", name="鼓楼网点", kind="outlet")
    other = DepartmentFactory(code="OUT-D2", name="玄武网点", kind="outlet")
    ComplaintFactory.create_batch(2, status="investigating", department=outlet, received_at=nine_days_ago)
    ComplaintFactory(status="investigating", department=other, received_at=nine_days_ago)
    ComplaintFactory(status="investigating", department=other, tier="supervisor", received_at=nine_days_ago)
    ComplaintFactory(status="closed", department=other, received_at=nine_days_ago)  # done: not overdue
    ComplaintFactory(status="investigating", department=other)  # not yet due
    client.force_login(manager)
    context = client.get("/admin/dashboard/").context
    assert context["overdue"] == [
        {"tier": "一线（L1）", "department": "鼓楼网点", "code": "OUT-D1", "n": 2},
        {"tier": "一线（L1）", "department": "玄武网点", "code": "OUT-D2", "n": 1},
        {"tier": "主管（L2）", "department": "玄武网点", "code": "OUT-D2", "n": 1},
    ]
    assert context["overdue_total"] == 4


@pytest.mark.django_db
def test_the_dashboard_keeps_its_figures_a_minute_per_scope_and_says_when_they_were_counted(
    client, manager, supervisor
):
    ComplaintFactory(status="pending_approval")
    client.force_login(manager)
    first = client.get("/admin/dashboard/")
    assert first.context["pending"]["proposals"] == 1
    assert "统计于" in first.content.decode()
    ComplaintFactory(status="pending_approval")
    assert client.get("/admin/dashboard/").context["pending"]["proposals"] == 1  # still the same count
    client.force_login(supervisor)  # another scope: counted now for the supervisor, not the manager's copy
    assert client.get("/admin/dashboard/").context["pending"]["proposals"] == 2
    client.force_login(manager)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61), tick=False):
        again = client.get("/admin/dashboard/")
    assert again.context["pending"]["proposals"] == 2
    assert again.context["now"] > first.context["now"]
