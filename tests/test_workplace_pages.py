"""Pages of the workplace (issue 18): navigation, titles, the contact form, the expert group's review,
the admin's titles and calendar banner, the case file, the monthly report's populations."""

import re
from decimal import Decimal

import pytest

from claims.models import Claim
from tests.complaints.factories import ComplaintFactory
from tests.conftest import _staff
from tests.customers.factories import ShipmentFactory


@pytest.mark.django_db
def test_the_top_navigation_offers_consultations_and_feedback(client, agent):
    client.force_login(agent)
    nav = client.get("/").content.decode().split('class="mainnav"')[1].split("</nav>")[0]
    assert "/contacts/new/" in nav and "咨询与反馈" in nav


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "title"),
    [("/", "工作台"), ("/complaints/new/", "登记投诉"), ("/contacts/new/", "咨询与反馈")],
)
def test_page_titles_are_plain_words(client, agent, url, title):
    client.force_login(agent)
    html = client.get(url).content.decode()
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == f"{title} · 快递投诉处理"


@pytest.mark.django_db
def test_the_complaint_page_title_names_the_complaint(client, agent):
    complaint = ComplaintFactory(owner=agent)
    client.force_login(agent)
    html = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert f"<title>投诉 {complaint.number} · 快递投诉处理</title>" in html


@pytest.mark.django_db
def test_the_record_button_of_the_contact_form_sits_in_its_own_row(client, agent):
    client.force_login(agent)
    form = (
        client.get("/contacts/new/").content.decode().split('class="card form-grid"')[1].split("</form>")[0]
    )
    assert '<div class="wide buttons"><button type="submit" class="primary">记录</button></div>' in form


@pytest.mark.django_db
def test_experts_land_on_the_expert_groups_review_with_its_queue(client):
    expert = _staff("expert", username="expert-t")
    waiting = ComplaintFactory(tier="expert", status="reopened", queue_department=None)
    client.force_login(expert)
    workbench = client.get("/").content.decode()
    assert "专家组研判" in workbench.split('class="mainnav"')[1].split("</nav>")[0]
    review = client.get("/review/").content.decode()
    assert "<h1>专家组研判</h1>" in review and "升级至专家组" in review and waiting.number in review


@pytest.mark.django_db
def test_the_calendar_banner_is_not_shown_to_agents_on_the_admin_login_page(client, agent, manager):
    from config.admin_site import missing_calendar_year

    year = missing_calendar_year()
    client.force_login(agent)
    login_page = client.get("/admin/login/?next=/admin/").content.decode()
    assert "节假日安排" not in login_page and "calendar" not in login_page.lower().split("<body")[1]
    client.force_login(manager)
    index = client.get("/admin/").content.decode()
    assert (f"{year}" in index and "节假日" in index) if year else True


@pytest.mark.django_db
def test_admin_list_titles_are_worded_alike(client, manager, auditor):
    client.force_login(manager)
    assert "<h1>选择要修改的产品</h1>" in client.get("/admin/customers/product/").content.decode()
    client.force_login(auditor)
    assert "<h1>选择要查看的投诉</h1>" in client.get("/admin/complaints/complaint/").content.decode()


@pytest.mark.django_db
def test_the_case_file_has_compensation_and_a_print_button(client, agent, supervisor):
    shipment = ShipmentFactory(freight=Decimal("12.00"), insured=False, cap_clause_acknowledged=True)
    complaint = ComplaintFactory(owner=agent, status="investigating", shipment=shipment)
    Claim.objects.create(
        complaint=complaint,
        shipment=shipment,
        claim_type="total_damage",
        actual_loss=Decimal("300"),
        cap=Decimal("36.00"),
        rule="uninsured_multiplier",
        proposed_amount=Decimal("36.00"),
        proposed_by=agent,
        status="paid",
        payment_ref="PAY-CF-1",
        approved_by=supervisor,
    )
    client.force_login(agent)
    html = client.get(f"/complaints/{complaint.number}/case-file/").content.decode()
    section = html.split("<h2>赔偿</h2>")[1].split("</table>")[0]
    assert "全部损毁" in section and "¥36.00" in section and "PAY-CF-1" in section and "已支付" in section
    assert "data-print" in html and "js/desk.js" in html
    assert "<style" not in html and "onclick" not in html


@pytest.mark.django_db
def test_the_monthly_report_names_each_figures_population_and_says_when_a_table_is_empty(client, manager):
    import datetime as dt

    from analytics.months import Month
    from analytics.services import monthly_report_build

    monthly_report_build(Month(dt.date(2026, 10, 1)), notify=False)
    client.force_login(manager)
    html = client.get("/reports/monthly/2026-10/").content.decode()
    kpis = html.split('class="card kpis"')[1].split("</section>")[0]
    assert kpis.count('class="population"') == 14
    assert "本月结案且有评分的" in kpis and "答复期限在本月的" in kpis
    assert "本月无数据。" in html and "onclick" not in html


@pytest.mark.django_db
def test_an_english_page_has_no_chinese_labels_of_ours(client, agent):
    complaint = ComplaintFactory(owner=agent)
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    html = client.get(f"/complaints/{complaint.number}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Next step" in html and "下一步" not in html
