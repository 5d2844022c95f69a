"""What the complaint page says: names, the accepted offer, the satisfaction of a closed complaint."""

import pytest

from complaints.services import complaint_accept_offer
from tests.complaints.factories import ComplaintFactory, add_history
from tests.org.factories import StaffProfileFactory, UserFactory


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.mark.django_db
def test_owners_handlers_and_actors_are_shown_by_name(agent_client, agent):
    agent.staff_profile.display_name = "客服 王小明"
    agent.staff_profile.save()
    handler = UserFactory(username="handler-x", roles=["agent"])
    StaffProfileFactory(user=handler, display_name="客服 李丽")
    complaint = ComplaintFactory(owner=agent, assignee=handler, status="investigating")
    agent_client.post(f"/complaints/{complaint.number}/do/note/", {"text": "已致电客户"})
    page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    facts = page.split('class="facts"')[1].split("</dl>")[0]
    assert "客服 王小明" in facts and "客服 李丽" in facts
    assert "agent-t" not in facts and "handler-x" not in facts
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    assert "客服 王小明" in timeline and "agent-t" not in timeline


@pytest.mark.django_db
def test_the_accepted_offer_is_shown_and_no_longer_offered(agent_client, agent):
    complaint = ComplaintFactory(owner=agent, status="proposed", solution="退还运费 12 元")
    before = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    assert 'id="do-accept_offer"' in before and "等待客户答复" in before
    response = agent_client.post(f"/complaints/{complaint.number}/do/accept_offer/", {"note": "客户同意"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.offer_accepted_at is not None and complaint.status == "proposed"
    after = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    assert 'id="offer-accepted"' in after and "客户已于" in after
    assert 'id="do-accept_offer"' not in after
    next_step = after.split('id="actions"')[1].split('id="more-actions"')[0]
    assert 'id="do-resolve"' in next_step


@pytest.mark.django_db
def test_accepting_twice_is_a_conflict_and_revising_asks_again(agent, api_as):
    from infra.errors import Conflict

    complaint = ComplaintFactory(owner=agent, status="proposed", solution="补发")
    complaint = complaint_accept_offer(complaint=complaint, actor=agent)
    with pytest.raises(Conflict):
        complaint_accept_offer(complaint=complaint, actor=agent)
    response = api_as(agent).post(
        f"/api/v1/complaints/{complaint.number}/transitions/revise/", {"note": "客户改变主意"}, format="json"
    )
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.offer_accepted_at is None


@pytest.mark.django_db
def test_a_closed_complaint_shows_the_satisfaction(agent_client, agent):
    complaint = ComplaintFactory(
        owner=agent,
        status="closed",
        outcome="satisfied",
        satisfaction=4,
        satisfaction_comment="处理及时",
        resolution="已致歉",
    )
    page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    outcome = page.split('id="outcome"')[1].split("</dd>")[0]
    assert "满意" in outcome and "满意度 4/5" in outcome and "处理及时" in outcome


@pytest.mark.django_db
def test_the_complaint_page_query_count_does_not_grow_with_the_timeline(
    agent_client, agent, django_assert_max_num_queries
):
    complaint = ComplaintFactory(owner=agent, status="investigating")
    agent_client.post(f"/complaints/{complaint.number}/do/note/", {"text": "一"})
    with django_assert_max_num_queries(80) as few:
        agent_client.get(f"/complaints/{complaint.number}/")
    for n in range(10):
        colleague = UserFactory(roles=["agent", "supervisor"])
        StaffProfileFactory(user=colleague, department=agent.staff_profile.department)
        from complaints.services import complaint_note

        complaint_note(complaint=complaint, actor=colleague, text=f"备注 {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    assert page.count("备注 ") >= 10


@pytest.mark.django_db
def test_a_long_timeline_shows_the_newest_entries_and_the_whole_of_it_one_click_away(agent_client, agent):
    from complaints.views.detail import TIMELINE_SHOWN

    complaint = ComplaintFactory(owner=agent, status="investigating")
    add_history(complaint, TIMELINE_SHOWN + 5, note="跟进{}号")
    url = f"/complaints/{complaint.number}/"
    page = agent_client.get(url).content.decode()
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    shown = [i for i in range(TIMELINE_SHOWN + 5) if f"跟进{i}号<" in timeline]
    assert shown == list(range(5, TIMELINE_SHOWN + 5))  # the newest, oldest first
    assert timeline.index("跟进5号") < timeline.index(f"跟进{TIMELINE_SHOWN + 4}号")
    assert f"显示全部 {TIMELINE_SHOWN + 5} 条记录" in page and "较早的 5 条未显示" in page
    assert f'href="{url}?timeline=all#timeline"' in page

    everything = agent_client.get(url, {"timeline": "all"}).content.decode()
    timeline = everything.split('class="timeline"')[1].split("</ol>")[0]
    assert all(f"跟进{i}号<" in timeline for i in range(TIMELINE_SHOWN + 5))
    assert "显示全部" not in everything
    # The case file keeps everything.
    case_file = agent_client.get(f"/complaints/{complaint.number}/case-file/").content.decode()
    assert all(f"跟进{i}号" in case_file for i in range(TIMELINE_SHOWN + 5))


@pytest.mark.django_db
def test_a_short_timeline_has_no_link_to_more(agent_client, agent):
    complaint = ComplaintFactory(owner=agent, status="investigating")
    agent_client.post(f"/complaints/{complaint.number}/do/note/", {"text": "已致电客户"})
    page = agent_client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "已致电客户" in page and "显示全部" not in page and "timeline=all" not in page


@pytest.mark.django_db
def test_a_refused_form_comes_back_with_what_was_typed_escaped_and_the_error_beside_its_field(
    agent_client, agent
):
    from tests.org.factories import DepartmentFactory

    DepartmentFactory(code="OUT-A", name="甲网点", kind="outlet")
    complaint = ComplaintFactory(owner=agent, status="acknowledged")
    response = agent_client.post(
        f"/complaints/{complaint.number}/do/dispatch/", {"department": "NOPE", "note": "<b>请尽快</b>"}
    )
    assert response.status_code == 400
    form = response.content.decode().split('id="do-dispatch"')[1].split("</details>")[0]
    assert "&lt;b&gt;请尽快&lt;/b&gt;</textarea>" in form and "<b>" not in form
    department = form.split('id="dispatch-department"')[1].split("</div>")[0]
    assert 'class="error" role="alert"' in department
    assert '<option value="OUT-A">甲网点</option>' in department
    assert 'data-follows="department"' in form  # the handlers follow the chosen department


@pytest.mark.django_db
def test_the_timeline_escapes_what_people_typed_and_marks_the_entries_of_merged_duplicates(
    agent_client, agent
):
    from django.utils import timezone

    from complaints.models import ComplaintEvent

    agent.staff_profile.display_name = "客服<b>王</b>"
    agent.staff_profile.save()
    complaint = ComplaintFactory(owner=agent, status="investigating")
    duplicate = ComplaintFactory(
        owner=agent, customer=complaint.customer, status="merged", merged_into=complaint
    )
    ComplaintEvent.objects.create(
        complaint=duplicate, at=timezone.now(), kind="note", name="note", note="重复来电 <script>x</script>"
    )
    agent_client.post(f"/complaints/{complaint.number}/do/note/", {"text": "已回电 & 致歉"})
    for query in ("", "?timeline=all"):
        page = agent_client.get(f"/complaints/{complaint.number}/{query}").content.decode()
        timeline = page.split('class="timeline"')[1].split("</ol>")[0]
        assert "重复来电 &lt;script&gt;x&lt;/script&gt;" in timeline and "<script>" not in timeline
        assert "已回电 &amp; 致歉" in timeline and "客服&lt;b&gt;王&lt;/b&gt;" in timeline
        assert f'<span class="badge">{duplicate.number}</span>' in timeline
        assert timeline.count('<span class="who">') == 2
    case_file = agent_client.get(f"/complaints/{complaint.number}/case-file/").content.decode()
    assert "重复来电 &lt;script&gt;x&lt;/script&gt;" in case_file and "客服&lt;b&gt;王&lt;/b&gt;" in case_file
