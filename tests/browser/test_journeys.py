"""What agents and supervisors do all day, in the browser."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def run(page, action: str, fill: dict | None = None, select: dict | None = None, check: list | None = None):
    """Open the action's form on the complaint page (the next step is open already; the others are
    behind "other actions"), fill it and submit it."""
    if (
        page.locator(f"#more-actions #do-{action}").count()
        and not page.locator("#more-actions[open]").count()
    ):
        page.click("#more-actions > summary")
    if not page.locator(f"#do-{action}[open]").count():
        page.click(f"#do-{action} summary")
    form = page.locator(f"#do-{action} form")
    for name, value in (fill or {}).items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"select[name={name}]").select_option(value)
    for name in check or []:
        form.locator(f"[name={name}]").check()
    form.locator("button[type=submit]").click()


def test_an_agent_takes_a_phone_complaint_from_intake_to_closed(page, live_server, login, demo, shot):
    login(page, "agent1")
    shot(page, "workbench-agent1")
    page.click("text=登记投诉 >> nth=0")
    page.fill("#id_customer_phone", "13800138000")
    page.fill("#id_customer_name", "林小姐")
    page.fill("#id_waybill_no", "KD2026110020")
    page.select_option("#id_category", "delivery.locker_without_consent")
    page.fill("#id_description", "未经同意把快件放进了快递柜，且没有通知我。")
    page.click("button[value=preview]")
    expect(page.locator("aside")).to_contain_text("答复时限")
    page.check("input[name=read_back]")
    page.click("button[value=save]")
    expect(page.locator(".messages")).to_contain_text("已登记")
    number = re.search(r"/complaints/(TS\w+)/", page.url).group(1)
    expect(page.locator("#customer")).to_contain_text("138******00")

    run(page, "dispatch", select={"department": "SH-PD-01"}, fill={"note": "请网点核实投柜情况"})
    expect(page.locator("h1 .status")).to_have_text("调查中")
    run(page, "propose", fill={"solution": "向客户道歉，并提醒派件员投柜前征得同意。"})
    expect(page.locator("h1 .status")).to_have_text("已提出方案")
    run(
        page,
        "resolve",
        fill={"resolution": "已致歉并对派件员进行教育。"},
        select={"root_cause": "last_mile"},
        check=["company_at_fault"],
    )
    expect(page.locator("h1 .status")).to_have_text("已解决")
    run(page, "contact", select={"outcome": "reached"}, fill={"note": "回访接通，客户认可"})
    run(page, "close", select={"outcome": "satisfied"}, fill={"satisfaction": "5", "comment": "处理及时"})
    expect(page.locator("h1 .status")).to_have_text("已结案")
    shot(page, "complaint-closed")
    assert Complaint.objects.get(number=number).status == "closed"


def test_a_supervisor_handles_an_escalation(browser, live_server, login, demo, shot):
    agent_page = login(browser.new_page(locale="zh-CN"), "agent1")
    complaint = Complaint.objects.get(external_id="DEMO-04")
    agent_page.goto(f"{live_server.url}/complaints/{complaint.number}/")
    run(agent_page, "escalate", fill={"reason": "客户要求主管处理"})
    expect(agent_page.locator("dl.facts").first).to_contain_text("主管（L2）")

    supervisor_page = login(browser.new_page(locale="zh-CN"), "supervisor1")
    supervisor_page.goto(f"{live_server.url}/review/")
    expect(supervisor_page.locator("body")).to_contain_text(complaint.number)
    shot(supervisor_page, "supervisor-review")
    supervisor_page.click(f"text={complaint.number} >> nth=0")
    run(supervisor_page, "deescalate", fill={"note": "已与客户沟通，按网点核实结果答复即可"})
    expect(supervisor_page.locator("dl.facts").first).to_contain_text("一线（L1）")
    complaint.refresh_from_db()
    assert complaint.tier == "frontline"
    assert complaint.owner.username == "agent1"


def test_the_second_person_sees_a_conflict_and_keeps_what_they_typed(browser, live_server, login, demo, shot):
    complaint = Complaint.objects.get(external_id="DEMO-04")
    url = f"{live_server.url}/complaints/{complaint.number}/"
    agent_page = login(browser.new_page(locale="zh-CN"), "agent1")
    agent_page.goto(url)
    supervisor_page = login(browser.new_page(locale="zh-CN"), "supervisor1")
    supervisor_page.goto(url)

    run(supervisor_page, "note", fill={"text": "主管已电话联系客户"})
    run(agent_page, "propose", fill={"solution": "补发同款商品并致歉"})

    expect(agent_page.locator(".conflict")).to_contain_text("已被他人更新")
    expect(agent_page.locator("#do-propose textarea[name=solution]")).to_have_value("补发同款商品并致歉")
    expect(agent_page.locator(".timeline")).to_contain_text("主管已电话联系客户")
    shot(agent_page, "conflict")


def test_a_manager_reads_the_monthly_report_and_the_admin_dashboard(page, live_server, login, demo, shot):
    from django.utils import timezone

    from analytics.months import Month
    from analytics.services import monthly_report_build

    month = Month.containing(timezone.now())
    monthly_report_build(month, notify=False)
    login(page, "manager1")
    page.click("text=月度报表")
    page.click(f"text={month}")
    expect(page.locator("h1")).to_contain_text("月度投诉分析")
    expect(page.locator("svg.chart").first).to_be_visible()
    shot(page, "monthly-report")
    page.goto(f"{live_server.url}/admin/dashboard/")
    expect(page.locator("h1")).to_contain_text("总览")
    shot(page, "admin-dashboard")
    page.goto(f"{live_server.url}/admin/complaints/complaint/")
    expect(page.locator("#result_list")).to_be_visible()
    assert page.locator("#result_list tbody tr").count() > 0
    shot(page, "admin-complaints")
