"""Finding a complaint from the workbench: everything the user may see, in every state."""

import pytest

from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.mark.django_db
def test_an_exact_number_opens_the_complaint_whatever_its_state(agent_client, agent):
    closed = ComplaintFactory(owner=agent, status="closed")
    response = agent_client.get("/", {"q": f" {closed.number.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{closed.number}/"


@pytest.mark.django_db
def test_a_number_the_user_may_not_see_is_not_revealed(agent_client):
    foreign = ComplaintFactory(queue_department=None, status="closed")
    response = agent_client.get("/", {"q": foreign.number})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/complaints/{foreign.number}/" not in page
    assert "没有您可查看的投诉" in page


@pytest.mark.django_db
def test_the_search_finds_closed_complaints_outside_the_current_tab(agent_client, agent):
    customer = CustomerFactory(phone="13955554321", name="欧阳娜娜")
    closed = ComplaintFactory(owner=agent, customer=customer, status="closed")
    assigned_elsewhere = ComplaintFactory(assignee=agent, customer=customer, status="resolved")
    page = agent_client.get("/", {"q": "139 5555 4321", "list": "mine"}).content.decode()
    assert closed.number in page and assigned_elsewhere.number in page
    assert "已结案" in page


@pytest.mark.django_db
def test_the_last_four_digits_find_masked_candidates(agent_client, agent):
    mine = ComplaintFactory(owner=agent, customer=CustomerFactory(phone="13811114321", name="张三丰"))
    also = ComplaintFactory(owner=agent, customer=CustomerFactory(phone="13922224321", name="李四"))
    other = ComplaintFactory(owner=agent, customer=CustomerFactory(phone="13933331234"))
    page = agent_client.get("/", {"q": "4321"}).content.decode()
    assert mine.number in page and also.number in page and other.number not in page
    assert "138******21" in page and "张*丰" in page
    assert "13811114321" not in page and "张三丰" not in page


@pytest.mark.django_db
def test_the_customers_full_name_finds_candidates(agent_client, agent):
    customer = CustomerFactory(name="冯建国")
    by_customer = ComplaintFactory(owner=agent, customer=customer, contact_name="冯先生")
    by_contact = ComplaintFactory(owner=agent, contact_name="冯建国")
    other = ComplaintFactory(owner=agent, contact_name="冯建")
    page = agent_client.get("/", {"q": "冯建国"}).content.decode()
    assert by_customer.number in page and by_contact.number in page and other.number not in page


@pytest.mark.django_db
def test_the_search_stays_within_what_the_user_may_see(agent_client, agent):
    customer = CustomerFactory(phone="13700009999")
    mine = ComplaintFactory(owner=agent, customer=customer, status="closed")
    foreign = ComplaintFactory(customer=customer, queue_department=None, status="closed")
    page = agent_client.get("/", {"q": "9999"}).content.decode()
    assert mine.number in page and foreign.number not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "status"),
    [("\x00", 400), ("' OR 1=1 --", 200), ("９９９９", 200), ("1" * 64, 200), ("<script>", 200), ("12", 200)],
)
def test_odd_search_text_answers_without_error(agent_client, q, status):
    response = agent_client.get("/", {"q": q})
    assert response.status_code == status  # NUL is refused at the request boundary, the rest searched


@pytest.mark.django_db
def test_the_search_query_count_does_not_grow_with_the_results(
    agent_client, agent, django_assert_max_num_queries
):
    customer = CustomerFactory(phone="13600001111")
    ComplaintFactory.create_batch(2, owner=agent, customer=customer, status="closed")
    with django_assert_max_num_queries(30) as few:
        agent_client.get("/", {"q": "1111"})
    ComplaintFactory.create_batch(20, owner=agent, customer=customer, status="closed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = agent_client.get("/", {"q": "1111"}).content.decode()
    assert page.count("/complaints/TSF") >= 22


@pytest.mark.django_db
def test_every_list_has_a_count_and_overdue_offers_any(agent_client, agent):
    ComplaintFactory(owner=agent)
    page = agent_client.get("/").content.decode()
    assert page.count('class="count"') == 4  # mine, assigned, queue, all
    assert '<option value="" selected>任意</option>' in page or '<option value="">任意</option>' in page
    assert "未知" not in page


@pytest.mark.django_db
def test_the_status_filter_offers_every_state_and_keeps_the_choice(agent_client, agent):
    closed = ComplaintFactory(owner=agent, status="closed")
    page = agent_client.get("/", {"status": ["closed", "rejected"]}).content.decode()
    assert page.count('name="status"') == 11
    assert 'value="closed" checked' in page and closed.number in page
