"""Claims on the complaint page as agents and approvers use them: the type suggested by the category,
the cap shown as the agent types, errors beside the field with the input kept, a message per step, the
approver's note and the legal review on the timeline, a solution promising more than the claims."""

from decimal import Decimal

import pytest
from django.utils import translation

from claims.models import Claim
from complaints.models import Category
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory


def uninsured(freight: str = "12.00"):
    return ShipmentFactory(freight=Decimal(freight), insured=False, cap_clause_acknowledged=True)


def complaint_on(owner, shipment, category="damage.broken", **kw):
    return ComplaintFactory(
        owner=owner,
        status="investigating",
        shipment=shipment,
        waybill_no=shipment.waybill_no,
        category=Category.objects.get(code=category),
        **kw,
    )


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def page(client, complaint) -> str:
    return client.get(f"/complaints/{complaint.number}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "claim_type"),
    [
        ("damage.broken", "total_damage"),
        ("loss.lost", "lost"),
        ("loss.shortage", "shortage"),
        ("delay.transit", "delay"),
    ],
)
def test_the_claim_type_starts_from_the_category(agent_client, agent, category, claim_type):
    complaint = complaint_on(agent, uninsured(), category=category)
    form = page(agent_client, complaint).split('id="claim-new"')[1].split("</form>")[0]
    assert f'<option value="{claim_type}" selected>' in form


@pytest.mark.django_db
def test_the_cap_is_shown_as_the_agent_types(agent_client, agent):
    complaint = complaint_on(agent, uninsured())
    url = f"/complaints/{complaint.number}/claims/cap/"
    answer = agent_client.get(url, {"claim_type": "total_damage", "actual_loss": "300"})
    assert answer.status_code == 200
    assert answer.json()["cap"] == "36.00"  # 3 × ¥12 freight, the contract's multiple
    assert "¥36.00" in answer.json()["text"] and "未保价" in answer.json()["text"]
    bad = agent_client.get(url, {"claim_type": "total_damage", "actual_loss": "三百"})
    assert bad.status_code == 400 and "actual_loss" in bad.json()["errors"]
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_the_cap_of_a_complaint_the_user_may_not_see_is_not_answered(client, agent):
    from tests.org.factories import UserFactory

    complaint = complaint_on(UserFactory(roles=["agent"]), uninsured(), queue_department=None)
    client.force_login(agent)
    response = client.get(
        f"/complaints/{complaint.number}/claims/cap/", {"claim_type": "lost", "actual_loss": "1"}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_bad_amount_is_explained_beside_the_field_and_the_input_kept(agent_client, agent):
    complaint = complaint_on(agent, uninsured())
    response = agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "partial_damage", "actual_loss": "三百"}
    )
    assert response.status_code == 400
    form = response.content.decode().split('id="claim-new"')[1].split("</form>")[0]
    assert form.startswith(" open>")  # the panel stays open
    assert 'value="三百"' in form
    assert '<option value="partial_damage" selected>' in form
    field = form.split('name="actual_loss"')[1].split("</div>")[0]
    assert 'class="error"' in field and "数字" in field
    assert "actual_loss:" not in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_each_step_says_what_happened_and_the_approvers_note_stays(client, agent, supervisor):
    complaint = complaint_on(agent, uninsured(freight="200.00"))  # cap 3 × ¥200, above the agent's ¥200
    client.force_login(agent)
    created = client.post(
        f"/complaints/{complaint.number}/claims/",
        {"claim_type": "total_damage", "actual_loss": "500"},
        follow=True,
    )
    assert "已提出赔偿" in created.content.decode()
    claim = Claim.objects.get()
    submitted = client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/submit/", follow=True)
    assert "等待主管或经理审批" in submitted.content.decode()
    client.force_login(supervisor)
    approved = client.post(
        f"/complaints/{complaint.number}/claims/{claim.pk}/approve/",
        {"note": "证据充分，同意赔付"},
        follow=True,
    )
    text = approved.content.decode()
    assert "理赔已批准" in text
    timeline = text.split('class="timeline"')[1].split("</ol>")[0]
    assert "证据充分，同意赔付" in timeline
    paid = client.post(
        f"/complaints/{complaint.number}/claims/{claim.pk}/pay/", {"payment_ref": "PAY-1"}, follow=True
    )
    assert "已记录付款" in paid.content.decode() and "PAY-1" in paid.content.decode()


@pytest.mark.django_db
def test_approval_on_ones_own_authority_is_explained(agent_client, agent):
    complaint = complaint_on(agent, uninsured())
    agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "total_damage", "actual_loss": "30"}
    )
    claim = Claim.objects.get()
    response = agent_client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/submit/", follow=True)
    text = response.content.decode()
    assert "在您本人的权限内" in text  # the message
    assert "在提出人本人的权限内" in text.split('id="claims"')[1]  # the panel
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by, claim.approved_under) == ("approved", agent, "agent")


@pytest.mark.django_db
def test_legal_review_is_recorded_by_the_approval_that_covers_it(client, agent, supervisor):
    shipment = ShipmentFactory(freight=Decimal("12.00"), insured=False, cap_clause_acknowledged=False)
    complaint = complaint_on(agent, shipment, category="loss.lost")
    client.force_login(agent)
    client.post(f"/complaints/{complaint.number}/claims/", {"claim_type": "lost", "actual_loss": "300"})
    claim = Claim.objects.get()
    assert claim.needs_legal_review and claim.legal_review_pending
    client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/submit/")
    client.force_login(supervisor)
    panel = page(client, complaint).split('id="claims"')[1]
    assert 'badge-near">需法务审核' in panel and "法务审核意见" in panel
    refused = client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/approve/", {"note": ""})
    assert refused.status_code == 400
    assert (
        "法务审核" in refused.content.decode().split(f'id="claim-{claim.pk}-approve"')[1].split("</form>")[0]
    )
    claim.refresh_from_db()
    assert claim.status == "submitted"
    client.post(
        f"/complaints/{complaint.number}/claims/{claim.pk}/approve/",
        {"note": "法务意见：寄件人未确认限额条款，按实际损失赔偿"},
    )
    claim.refresh_from_db()
    assert (claim.status, claim.legal_reviewed_by) == ("approved", supervisor)
    assert not claim.legal_review_pending
    panel = page(client, complaint).split('id="claims"')[1]
    assert 'badge-near">需法务审核' not in panel and "已记录法务审核" in panel


@pytest.mark.django_db
def test_a_solution_promising_more_than_the_claims_is_flagged(agent_client, agent):
    complaint = complaint_on(agent, uninsured(), solution="向客户致歉并赔偿300元")
    assert "promise-gap" in page(agent_client, complaint)  # promised ¥300, no claim yet
    agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "total_damage", "actual_loss": "300"}
    )
    flagged = page(agent_client, complaint).split('id="promise-gap"')[1].split("</p>")[0]
    assert "¥300" in flagged and "¥36.00" in flagged


@pytest.mark.django_db
def test_the_timeline_words_claims_in_the_readers_language(agent_client, agent):
    complaint = complaint_on(agent, uninsured())
    agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "total_damage", "actual_loss": "300"}
    )
    with translation.override("en"):
        agent_client.cookies["django_language"] = "en"
        english = agent_client.get(
            f"/complaints/{complaint.number}/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    timeline = english.split('class="timeline"')[1].split("</ol>")[0]
    assert "Total damage: ¥36.00 proposed" in timeline
    assert "uninsured_multiplier" not in timeline and "已提出" not in timeline and "赔偿" not in timeline
