"""The agents' workplace, second pass (issue 18): finding complaints, intake in words, joint
investigations, resolving from a finding, claims that keep what was typed, the English page."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def test_an_agent_finds_a_closed_complaint_by_phone_from_the_workbench(page, live_server, login, demo, shot):
    closed = Complaint.objects.get(external_id="DEMO-09")
    login(page, "agent1")
    # The workbench as it opens: my open complaints; the closed one is not among them.
    expect(page.locator("table.list")).not_to_contain_text(closed.number)
    page.fill("input[name=q]", "177 0000 9999")
    page.keyboard.press("Enter")
    expect(page.locator("h2.results")).to_contain_text("所有状态")
    row = page.locator("table.list tbody tr", has_text=closed.number)
    expect(row).to_contain_text("已结案")
    expect(row).to_contain_text("冯*国")
    shot(page, "search-by-phone")

    # The last four digits find the same caller among masked candidates.
    page.fill("input[name=q]", "9999")
    page.keyboard.press("Enter")
    expect(page.locator("table.list tbody tr", has_text=closed.number)).to_contain_text("177******99")
    shot(page, "search-by-last-four")

    # The exact number opens the complaint.
    page.fill("input[name=q]", closed.number.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/complaints/{closed.number}/$"))
    expect(page.locator("h1 .status")).to_have_text("已结案")


def test_an_intake_is_read_back_in_words(page, live_server, login, demo, shot):
    login(page, "agent1")
    page.click("nav.mainnav >> text=登记投诉")
    expect(page.locator("[name=channel]")).to_be_focused()  # waits for the page the click opens
    page.fill("#id_customer_phone", "13600003333")
    page.fill("#id_waybill_no", "KD2026110004")
    page.click("button[value=lookup]")
    # The lookup checks the waybill only: nothing else turns red before the agent reaches it.
    expect(page.locator("#intake .error")).to_have_count(0)
    page.fill("#id_customer_name", "赵六")
    expect(page.locator("aside")).to_contain_text("KD2026110004")

    page.select_option("#id_category", "damage.broken")
    page.select_option("#id_remedy_sought", "compensation")
    page.fill("#id_description", "收到的瓷器碎了，外包装完好。")
    readback = page.locator("#readback")
    expect(readback).to_contain_text("损毁")
    expect(readback).to_contain_text("赔偿")
    expect(readback).to_contain_text("收到的瓷器碎了")
    expect(readback).not_to_contain_text("damage.broken")
    expect(readback).not_to_contain_text("compensation")
    shot(page, "intake-read-back")

    page.check("input[name=read_back]")
    page.click("button[value=save]")
    expect(page.locator(".messages")).to_contain_text("已登记")
    complaint = Complaint.objects.get(number=re.search(r"/complaints/(TS\w+)/", page.url).group(1))
    assert complaint.category.code == "damage.broken" and complaint.remedy_sought == "compensation"


def open_action(page, action: str):
    """The action's form: the next step is open; the others are behind "other actions"."""
    if (
        page.locator(f"#more-actions #do-{action}").count()
        and not page.locator("#more-actions[open]").count()
    ):
        page.click("#more-actions > summary")
    if not page.locator(f"#do-{action}[open]").count():
        page.click(f"#do-{action} > summary")
    return page.locator(f"#do-{action} form")


def test_a_joint_investigation_with_two_departments_then_resolve_from_the_finding(
    browser, live_server, login, demo, shot
):
    complaint = Complaint.objects.get(external_id="DEMO-02")  # acknowledged, a transit delay
    url = f"{live_server.url}/complaints/{complaint.number}/"
    agent = login(browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900}), "agent1")
    agent.goto(url)
    # Dispatch is the next step; the department starts at the shipment's outlet, handlers follow it.
    form = open_action(agent, "dispatch")
    outlet = complaint.shipment.destination_outlet.code
    expect(form.locator("select[name=department]")).to_have_value(outlet)
    form.locator("select[name=department]").select_option("SH-PD-01")
    handlers = form.locator("select[name=assignee] option:not([disabled])")
    expect(handlers).to_have_text(["——", "浦东网点 赵刚"])
    form.locator("select[name=assignee]").select_option("dept1")
    form.locator("textarea[name=note]").fill("请网点核实派送记录")
    form.locator("button[type=submit]").click()
    expect(agent.locator("h1 .status")).to_have_text("调查中")

    form = open_action(agent, "ask_department")
    form.locator("select[name=department]").select_option("SC-SH")
    form.locator("textarea[name=note]").fill("请核实分拣与中转记录")
    form.locator("button[type=submit]").click()
    departments = agent.locator("#departments")
    expect(departments.locator("tbody tr")).to_have_count(2)
    expect(departments.locator("#request-SH-PD-01")).to_contain_text("牵头")
    expect(departments.locator("#request-SC-SH")).to_contain_text("待查明")
    shot(agent, "joint-investigation-asked")

    # Each department sees what is asked of it and records its own finding.
    sorting = login(browser.new_page(locale="zh-CN"), "dept2")
    expect(sorting.locator("nav.tabs")).to_contain_text("本部门待协查")
    sorting.click(f"text={complaint.number}")
    form = open_action(sorting, "record_finding")
    expect(form.locator("select[name=department]")).to_have_value("SC-SH")
    form.locator("textarea[name=cause]").fill("分拣与中转扫描正常，未发现滞留。")
    form.locator("button[type=submit]").click()
    expect(sorting.locator(".messages")).to_contain_text("已完成")

    outlet_page = login(browser.new_page(locale="zh-CN"), "dept1")
    outlet_page.goto(url)
    form = open_action(outlet_page, "record_finding")
    expect(form.locator("select[name=department]")).to_have_value("SH-PD-01")
    form.locator("textarea[name=cause]").fill("派件员漏扫，快件在网点滞留两天。")
    form.locator("input[name=company_at_fault]").check()
    form.locator("select[name=responsible_department]").select_option("SH-PD-01")
    form.locator("input[name=responsible_staff]").fill("快递员 张师傅")
    form.locator("button[type=submit]").click()
    expect(outlet_page.locator(".messages")).to_contain_text("已完成")

    agent.reload()
    expect(departments.locator("#request-SH-PD-01")).to_contain_text("派件员漏扫")
    expect(departments.locator("#request-SC-SH")).to_contain_text("分拣与中转扫描正常")
    expect(departments.locator("tbody tr", has_text="已查明")).to_have_count(2)
    expect(departments).to_contain_text("浦东网点 赵刚")
    shot(agent, "joint-investigation-findings")

    # Resolving starts from the latest finding: at fault, the outlet, the courier.
    form = open_action(agent, "resolve")
    expect(form.locator("input[name=company_at_fault]")).to_be_checked()
    expect(form.locator("select[name=responsible_department]")).to_have_value("SH-PD-01")
    expect(form.locator("input[name=responsible_staff]")).to_have_value("快递员 张师傅")
    shot(agent, "resolve-prefilled")
    form.locator("textarea[name=resolution]").fill("已致歉，网点对派件员进行教育。")
    form.locator("select[name=root_cause]").select_option("last_mile")
    form.locator("button[type=submit]").click()
    expect(agent.locator("h1 .status")).to_have_text("已解决")
    complaint.refresh_from_db()
    assert complaint.company_at_fault is True and complaint.responsible_department.code == "SH-PD-01"
    assert complaint.responsible_staff == "快递员 张师傅"


def test_a_claim_with_a_bad_amount_keeps_the_input(page, live_server, login, demo, shot):
    # A broken parcel (uninsured, cap clause acknowledged), escalated to the supervisor at intake (major).
    complaint = Complaint.objects.get(external_id="DEMO-05")
    login(page, "supervisor1")
    page.goto(f"{live_server.url}/complaints/{complaint.number}/")
    page.click("#claim-new > summary")
    form = page.locator("#claim-new form")
    expect(form.locator("select[name=claim_type]")).to_have_value("total_damage")  # from the category
    form.locator("input[name=actual_loss]").fill("三百")
    form.locator("button[type=submit]").click()
    # Refused beside the field, the panel open, what was typed still there.
    form = page.locator("#claim-new form")
    expect(form).to_be_visible()
    expect(form.locator("input[name=actual_loss]")).to_have_value("三百")
    expect(form.locator(".has-error .error")).to_contain_text("数字")
    expect(page.locator(".messages", has_text="actual_loss")).to_have_count(0)  # no raw banner
    shot(page, "claim-bad-amount")

    # The cap shows as the agent types the real amount.
    form.locator("input[name=actual_loss]").fill("300")
    expect(form.locator("#claim-cap")).to_contain_text("¥58.50")
    expect(form.locator(".has-error")).to_have_count(0)  # the old error goes once the amount reads
    shot(page, "claim-cap-as-typed")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已提出赔偿")
    expect(page.locator("#claims")).to_contain_text("¥58.50")


def test_the_complaint_page_in_english(page, live_server, login, demo, shot):
    complaint = Complaint.objects.get(external_id="DEMO-06")  # a lost parcel, its claim awaiting approval
    login(page, "agent1")
    page.goto(f"{live_server.url}/complaints/{complaint.number}/")
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Complaint")
    expect(page.locator("h1 .status")).to_have_text("Pending approval")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Lost: ¥1000.00 proposed")
    expect(timeline).to_contain_text("submitted for approval")
    body = page.locator("main").inner_text()
    assert "insured_total" not in body and "uninsured_" not in body
    for chinese in ("已提出赔偿", "已提交", "理赔", "待审批"):
        assert chinese not in timeline.inner_text()
    expect(page.locator("#claims")).to_contain_text("Insured, total loss")
    shot(page, "complaint-page-english")


def test_pages_fit_their_boxes_at_a_managers_width(browser, live_server, login, demo, shot):
    from notifications.services import notifications_deliver_due

    notifications_deliver_due()  # the result notice with its rating link reaches the timeline
    resolved = Complaint.objects.get(external_id="DEMO-08")
    agent = login(browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900}), "agent1")
    agent.goto(f"{live_server.url}/complaints/{resolved.number}/")
    note = agent.locator(".timeline li", has_text="/rate/").first
    expect(note).to_be_visible()
    assert note.evaluate("li => li.scrollWidth <= li.clientWidth + 1")  # the link wraps inside its card
    shot(agent, "timeline-rating-link")

    manager = login(browser.new_page(locale="zh-CN", viewport={"width": 1440, "height": 900}), "manager1")
    manager.goto(f"{live_server.url}/admin/complaints/complaint/")
    expect(manager.locator("#content h1")).to_have_text("选择要查看的投诉")  # complaints change by services
    rows = manager.locator("#result_list tbody tr")
    assert rows.count() > 0
    shot(manager, "admin-complaints-1440")
    # One line per row: statuses do not wrap, and the customer column is whole (the list scrolls in its box).
    heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert max(heights) < 40, heights
    customer = manager.locator("#result_list td.field-masked_customer").first
    assert customer.evaluate("td => td.scrollWidth <= td.clientWidth + 1")
    box = customer.evaluate("td => td.closest('.results').getBoundingClientRect().right")
    assert customer.bounding_box()["x"] + customer.bounding_box()["width"] <= box + 1  # seen, not scrolled to
