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
    assert page.evaluate("document.activeElement.name") == "channel"
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
