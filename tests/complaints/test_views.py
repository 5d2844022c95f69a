"""The browser pages through Django's test client: workbench, intake, complaint page, review, contacts."""

import pytest
from django.test import Client

from complaints.models import Complaint, ComplaintEvent, Contact
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory, ShipmentFactory
from tests.org.factories import DepartmentFactory


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def intake_post(**overrides):
    data = {
        "channel": "phone",
        "customer_phone": "13812345678",
        "customer_name": "张三丰",
        "waybill_no": "",
        "category": "delivery.attitude",
        "remedy_sought": "apology",
        "description": "快递员电话里态度很差",
        "action": "save",
        "read_back": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_workbench_lists_my_queue_overdue_first(agent_client, agent):
    import datetime as dt

    from django.utils import timezone

    late = ComplaintFactory(owner=agent, received_at=timezone.now() - dt.timedelta(days=5))
    fresh = ComplaintFactory(owner=agent)
    page = agent_client.get("/").content.decode()
    assert page.index(late.number) < page.index(fresh.number)
    assert "超时" in page


@pytest.mark.django_db
def test_workbench_query_count_does_not_grow_with_the_page(
    agent_client, agent, django_assert_max_num_queries
):
    ComplaintFactory.create_batch(2, owner=agent)
    with django_assert_max_num_queries(30) as few:
        agent_client.get("/")
    ComplaintFactory.create_batch(20, owner=agent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = agent_client.get("/")
    assert response.content.decode().count("/complaints/TSF") >= 22


@pytest.mark.django_db
def test_workbench_search_by_phone_number_and_waybill(agent_client, agent):
    customer = CustomerFactory(phone="13700001234")
    target = ComplaintFactory(owner=agent, customer=customer, waybill_no="KD5555555555")
    other = ComplaintFactory(owner=agent)
    for q in ("137 0000 1234", target.number.lower(), "kd5555555555"):
        page = agent_client.get("/", {"q": q}, follow=True).content.decode()
        assert target.number in page and other.number not in page


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_from_every_staff_page(client):
    complaint = ComplaintFactory()
    for url in ["/", "/complaints/new/", "/review/", "/contacts/new/", f"/complaints/{complaint.number}/"]:
        assert client.get(url)["Location"].startswith("/login/")


@pytest.mark.django_db
def test_intake_preview_shows_grading_and_does_not_save(agent_client):
    response = agent_client.post("/complaints/new/", intake_post(action="preview", category="loss.lost"))
    page = response.content.decode()
    assert "重大" in page and "答复时限" in page
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_intake_requires_the_read_back_and_keeps_what_was_typed(agent_client):
    response = agent_client.post("/complaints/new/", intake_post(read_back=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "复述" in page
    assert "快递员电话里态度很差" in page
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_intake_with_a_bad_phone_explains_in_chinese_and_keeps_the_form(agent_client):
    response = agent_client.post("/complaints/new/", intake_post(customer_phone="12345"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "不是有效的手机号" in page and "张三丰" in page
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_intake_records_the_complaint_owned_by_the_agent(agent_client, agent):
    response = agent_client.post("/complaints/new/", intake_post())
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{complaint.number}/"
    assert complaint.owner == agent and complaint.status == "acknowledged"


@pytest.mark.django_db
def test_intake_answered_on_the_spot_is_resolved_at_once(agent_client):
    agent_client.post(
        "/complaints/new/",
        intake_post(answered_on_spot="on", resolution="已向客户道歉", root_cause="last_mile"),
    )
    assert Complaint.objects.get().status == "resolved"


@pytest.mark.django_db
def test_intake_warns_of_open_complaints_on_the_same_waybill(agent_client, agent):
    ShipmentFactory(waybill_no="KD4444444444")
    open_one = ComplaintFactory(owner=agent, waybill_no="KD4444444444")
    response = agent_client.post("/complaints/new/", intake_post(action="lookup", waybill_no="KD4444444444"))
    assert open_one.number in response.content.decode()


@pytest.mark.django_db
def test_intake_evidence_with_a_wrong_type_is_refused_and_nothing_is_saved(agent_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"not really a png")
    response = agent_client.post("/complaints/new/", {**intake_post(), "evidence": [fake]})
    assert response.status_code == 400
    assert "JPEG" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_complaint_page_masks_the_phone_and_offers_the_allowed_actions(agent_client, agent):
    complaint = ComplaintFactory(owner=agent, customer=CustomerFactory(name="张三丰", phone="13812345678"))
    page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "138******78" in page and "13812345678" not in page
    assert "张*丰" in page
    assert 'id="do-dispatch"' in page and 'id="do-approve_proposal"' not in page
    assert "显示完整信息" not in page  # agents may not unmask


@pytest.mark.django_db
def test_a_supervisor_unmasks_and_it_is_logged(client, supervisor):
    complaint = ComplaintFactory(customer=CustomerFactory(phone="13812345678"))
    client.force_login(supervisor)
    client.post(f"/complaints/{complaint.number}/unmask/")
    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "13812345678" in page
    assert ComplaintEvent.objects.filter(complaint=complaint, name="unmask", actor=supervisor).exists()


@pytest.mark.django_db
def test_an_agent_cannot_unmask(agent_client, agent):
    complaint = ComplaintFactory(owner=agent)
    assert agent_client.post(f"/complaints/{complaint.number}/unmask/").status_code == 403


@pytest.mark.django_db
def test_a_transition_from_its_form_redirects_with_a_message(agent_client, agent):
    DepartmentFactory(code="OUT-V")
    complaint = ComplaintFactory(owner=agent)
    response = agent_client.post(
        f"/complaints/{complaint.number}/do/dispatch/", {"department": "OUT-V", "note": "请核实"}, follow=True
    )
    complaint.refresh_from_db()
    assert complaint.status == "investigating"
    assert "已完成：分派" in response.content.decode()


@pytest.mark.django_db
def test_a_form_error_is_shown_in_chinese_and_the_text_kept(agent_client, agent):
    complaint = ComplaintFactory(owner=agent, status="investigating")
    response = agent_client.post(
        f"/complaints/{complaint.number}/do/resolve/", {"resolution": "已补发快件", "company_at_fault": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "根本原因" in page and "已补发快件" in page


@pytest.mark.django_db
def test_a_stale_page_gets_a_conflict_message_with_the_typed_text_kept(agent_client, agent):
    complaint = ComplaintFactory(owner=agent, status="investigating")
    seen = f"investigating/frontline/{complaint.updated_at.timestamp():.6f}"
    from complaints.services import complaint_note

    complaint_note(complaint=complaint, actor=agent, text="同事刚刚更新")
    response = agent_client.post(
        f"/complaints/{complaint.number}/do/propose/", {"solution": "退运费 12 元", "seen": seen}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "他人" in page and "退运费 12 元" in page
    complaint.refresh_from_db()
    assert complaint.status == "investigating"


@pytest.mark.django_db
def test_posting_without_csrf_is_refused(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    complaint = ComplaintFactory(owner=agent)
    assert client.post(f"/complaints/{complaint.number}/do/note/", {"text": "x"}).status_code == 403


@pytest.mark.django_db
def test_department_staff_see_only_the_finding_and_note_forms(client, dept_staff):
    complaint = ComplaintFactory(status="investigating", department=dept_staff.staff_profile.department)
    client.force_login(dept_staff)
    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert 'id="do-record_finding"' in page and 'id="do-note"' in page
    assert 'id="do-resolve"' not in page


@pytest.mark.django_db
def test_supervisor_review_reassigns_in_bulk(client, supervisor, agent):
    complaints = ComplaintFactory.create_batch(2, owner=supervisor, tier="supervisor")
    client.force_login(supervisor)
    assert complaints[0].number in client.get("/review/").content.decode()
    response = client.post(
        "/review/reassign/",
        {"numbers": [c.number for c in complaints], "to": "agent-t", "reason": "主管调班"},
        follow=True,
    )
    assert "2" in response.content.decode()
    assert set(Complaint.objects.values_list("owner__username", flat=True)) == {"agent-t"}


@pytest.mark.django_db
def test_agents_do_not_reach_the_review(agent_client):
    assert agent_client.get("/review/").status_code == 403


@pytest.mark.django_db
def test_a_consultation_is_recorded_from_the_quick_form(agent_client):
    response = agent_client.post(
        "/contacts/new/",
        {
            "kind": "consultation",
            "channel": "phone",
            "customer_name": "李四",
            "customer_phone": "13900001111",
            "text": "寄生鲜能否保价？",
            "answer": "可以，按声明价值保价",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get().customer.phone == "13900001111"


@pytest.mark.django_db
def test_feedback_needs_a_sentiment(agent_client):
    response = agent_client.post(
        "/contacts/new/",
        {"kind": "feedback", "channel": "phone", "customer_name": "李四", "text": "快递员很好"},
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_case_file_is_printable_and_masked(agent_client, agent):
    complaint = ComplaintFactory(owner=agent, customer=CustomerFactory(phone="13812345678"))
    page = agent_client.get(f"/complaints/{complaint.number}/case-file/").content.decode()
    assert "138******78" in page and complaint.number in page


@pytest.mark.django_db
def test_lookup_fills_in_the_name_of_a_known_caller_for_who_may_unmask(client, supervisor):
    # An agent without the unmask permission sees the name masked: tests/complaints/test_intake_lookup.py
    client.force_login(supervisor)
    CustomerFactory(name="欧阳娜娜", phone="13387654321")
    response = client.post(
        "/complaints/new/", intake_post(action="lookup", customer_name="", customer_phone="133 8765 4321")
    )
    assert 'value="欧阳娜娜"' in response.content.decode()


@pytest.mark.django_db
def test_standard_replies_of_the_category_are_offered(agent_client, agent):
    from complaints.models import Category, StandardReply

    StandardReply.objects.create(
        category=Category.objects.get(code="delay"), title="延误说明", text="已催促中转"
    )
    StandardReply.objects.create(
        category=Category.objects.get(code="loss"), title="丢失理赔", text="按保价赔偿"
    )
    complaint = ComplaintFactory(owner=agent)  # delay.transit
    page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "延误说明" in page and "丢失理赔" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "complaints/routingrule",
        "complaints/standardreply",
        "complaints/contact",
        "complaints/complaint",
        "complaints/complaintevent",
        "notifications/notification",
    ],
)
def test_manager_admin_pages_open(client, manager, page):
    client.force_login(manager)
    assert client.get(f"/admin/{page}/").status_code == 200


@pytest.mark.django_db
def test_the_read_back_is_in_words_not_codes(agent_client):
    response = agent_client.post(
        "/complaints/new/",
        intake_post(action="preview", category="damage.broken", remedy_sought="compensation"),
    )
    readback = response.content.decode().split('id="readback"')[1].split("</dl>")[0]
    assert "损毁" in readback and "赔偿" in readback and "快递员电话里态度很差" in readback
    assert "damage.broken" not in readback and "compensation" not in readback


@pytest.mark.django_db
def test_a_first_level_category_reads_in_chinese(agent_client):
    page = agent_client.get("/complaints/new/").content.decode()
    assert "延误（未细分）" in page and "any" not in page


@pytest.mark.django_db
def test_the_waybill_lookup_checks_only_the_waybill(agent_client):
    response = agent_client.post(
        "/complaints/new/",
        intake_post(
            action="lookup", waybill_no="KD1234567890", category="", description="", customer_name=""
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' not in page.split('id="intake"')[1].split("</form>")[0]

    response = agent_client.post(
        "/complaints/new/", intake_post(action="lookup", waybill_no="KD-12", category="", description="")
    )
    form = response.content.decode().split('id="intake"')[1].split("</form>")[0]
    assert form.count('class="error"') == 1 and "运单号" in form


@pytest.mark.django_db
def test_focus_starts_in_the_first_field_then_the_first_error(agent_client):
    page = agent_client.get("/complaints/new/").content.decode()
    assert 'name="channel" autofocus' in page.replace('autofocus=""', "autofocus") or (
        page.index("autofocus") < page.index('name="customer_phone"')
    )
    response = agent_client.post("/complaints/new/", intake_post(description=""))
    page = response.content.decode()
    tag = page[page.rindex("<", 0, page.index("autofocus")) : page.index("autofocus")]
    assert 'name="description"' in tag
