"""Claims through the API: caps, authority and four eyes, paying exactly once, and the proposal."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from claims.models import Claim
from complaints.models import ComplaintEvent
from tests.complaints.factories import ComplaintFactory
from tests.conftest import token_client
from tests.customers.factories import ShipmentFactory

URL = "/api/v1/claims/"


@pytest.fixture
def complaint(agent):
    shipment = ShipmentFactory(
        freight=Decimal("20.00"), insured=True, insured_amount=Decimal("3000"), declared_value=Decimal("3000")
    )
    return ComplaintFactory(
        owner=agent, status="investigating", shipment=shipment, waybill_no=shipment.waybill_no
    )


def create(client, complaint, **overrides):
    body = {"complaint": complaint.number, "claim_type": "lost", "actual_loss": "150.00"}
    body.update(overrides)
    return client.post(URL, body, format="json")


def act(client, claim_id, name, body=None):
    return client.post(f"{URL}{claim_id}/transitions/{name}/", body or {}, format="json")


@pytest.mark.django_db
def test_a_claim_shows_its_cap_and_rule_and_defaults_to_the_cap(api_as, agent, complaint):
    response = create(api_as(agent), complaint)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["cap"], data["rule"], data["proposed_amount"], data["status"]) == (
        "150.00",
        "insured_total",
        "150.00",
        "draft",
    )
    assert data["needs_legal_review"] is False


@pytest.mark.django_db
def test_the_proposed_amount_never_exceeds_the_cap(api_as, agent, complaint):
    response = create(api_as(agent), complaint, proposed_amount="150.01")
    assert response.status_code == 400
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_within_the_agents_authority_submit_approves_at_once(api_as, agent, complaint):
    client = api_as(agent)
    claim = create(client, complaint, actual_loss="200.00").json()
    submitted = act(client, claim["id"], "submit").json()
    assert (submitted["status"], submitted["approved_by"], submitted["approved_under"]) == (
        "approved",
        "agent-t",
        "agent",
    )


@pytest.mark.django_db
def test_above_authority_needs_a_second_person_whose_authority_covers_it(
    api_as, agent, supervisor, manager, complaint
):
    agent_client = api_as(agent)
    claim = create(agent_client, complaint, actual_loss="2500.00").json()
    assert act(agent_client, claim["id"], "submit").json()["status"] == "submitted"
    assert act(agent_client, claim["id"], "approve").status_code == 403  # own claim, and no authority
    assert act(api_as(supervisor), claim["id"], "approve").status_code == 403  # ¥2,000 limit
    approved = act(api_as(manager), claim["id"], "approve", {"note": "同意按保价赔偿"})
    assert approved.status_code == 200
    assert (approved.json()["approved_by"], approved.json()["approved_under"]) == ("manager-t", "manager")


@pytest.mark.django_db
def test_nobody_approves_their_own_claim(api_as, supervisor, complaint):
    complaint.owner = supervisor
    complaint.save()
    client = api_as(supervisor)
    claim = create(client, complaint, actual_loss="2500.00").json()
    act(client, claim["id"], "submit")
    assert act(client, claim["id"], "approve").status_code == 403


@pytest.mark.django_db
def test_a_claim_waiting_for_approval_sends_the_proposal_to_a_supervisor(api_as, agent, complaint):
    client = api_as(agent)
    claim = create(client, complaint, actual_loss="1000.00").json()
    act(client, claim["id"], "submit")
    proposal = client.post(
        f"/api/v1/complaints/{complaint.number}/transitions/propose/",
        {"solution": "按保价赔偿 1000 元"},
        format="json",
    )
    assert proposal.json()["status"] == "pending_approval"


@pytest.mark.django_db
def test_uninsured_without_the_cap_clause_needs_legal_review_and_is_never_auto_approved(api_as, agent):
    shipment = ShipmentFactory(freight=Decimal("10"), cap_clause_acknowledged=False)
    complaint = ComplaintFactory(owner=agent, status="investigating", shipment=shipment)
    client = api_as(agent)
    claim = create(client, complaint, actual_loss="50.00").json()
    assert claim["needs_legal_review"] and claim["rule"] == "uninsured_actual_loss"
    assert act(client, claim["id"], "submit").json()["status"] == "submitted"


@pytest.mark.django_db
def test_pay_needs_a_reference_and_happens_once(api_as, agent, supervisor, complaint):
    claim = create(api_as(agent), complaint).json()
    act(api_as(agent), claim["id"], "submit")
    client = api_as(supervisor)
    assert act(client, claim["id"], "pay").status_code == 400
    paid = act(client, claim["id"], "pay", {"payment_ref": "PAY-2026-0001"})
    again = act(client, claim["id"], "pay", {"payment_ref": "PAY-2026-0002"})
    assert paid.json()["status"] == "paid"
    assert again.status_code == 409 and again.json()["status"] == "paid"
    assert Claim.objects.get().payment_ref == "PAY-2026-0001"
    assert ComplaintEvent.objects.filter(complaint=complaint, name="claim_pay").count() == 1


@pytest.mark.django_db
def test_withdrawn_before_payment_only(api_as, agent, supervisor, complaint):
    client = api_as(agent)
    claim = create(client, complaint).json()
    assert act(client, claim["id"], "withdraw").json()["status"] == "withdrawn"
    other = create(client, complaint).json()
    act(client, other["id"], "submit")
    act(api_as(supervisor), other["id"], "pay", {"payment_ref": "PAY-X"})
    assert act(client, other["id"], "withdraw").status_code == 409


@pytest.mark.django_db
def test_a_claim_needs_a_known_waybill(api_as, agent):
    complaint = ComplaintFactory(owner=agent, status="investigating", shipment=None)
    response = create(api_as(agent), complaint)
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["auditor", "channel", "outsider"])
def test_roles_that_do_not_propose_compensation_get_403(request, api_as, persona, complaint):
    assert create(api_as(request.getfixturevalue(persona)), complaint).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_give_one_payment_and_a_409(reference_data, agent, supervisor, manager):
    shipment = ShipmentFactory(freight=Decimal("20"), insured=True, insured_amount=Decimal("500"))
    complaint = ComplaintFactory(owner=agent, status="investigating", shipment=shipment)
    claim = create(token_client(agent), complaint).json()
    act(token_client(agent), claim["id"], "submit")
    clients = [token_client(supervisor), token_client(manager)]
    barrier, results = threading.Barrier(2), []

    def pay(client, ref):
        barrier.wait()
        results.append(act(client, claim["id"], "pay", {"payment_ref": ref}))
        connection.close()

    threads = [threading.Thread(target=pay, args=(c, f"PAY-{i}")) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [200, 409]
    assert Claim.objects.get().status == "paid"


@pytest.mark.django_db
def test_compensation_is_proposed_and_paid_from_the_complaint_page(client, agent, supervisor, complaint):
    client.force_login(agent)
    client.post(f"/complaints/{complaint.number}/claims/", {"claim_type": "lost", "actual_loss": "150.00"})
    claim = Claim.objects.get()
    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "¥150.00" in page and f'id="claim-{claim.pk}-submit"' in page
    client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/submit/")
    client.force_login(supervisor)
    client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/pay/", {"payment_ref": "PAY-WEB-1"})
    claim.refresh_from_db()
    assert (claim.status, claim.payment_ref) == ("paid", "PAY-WEB-1")


@pytest.mark.django_db
def test_a_claim_above_the_cap_from_the_page_explains_and_writes_nothing(client, agent, complaint):
    client.force_login(agent)
    response = client.post(
        f"/complaints/{complaint.number}/claims/",
        {"claim_type": "lost", "actual_loss": "150.00", "proposed_amount": "999"},
        follow=True,
    )
    assert "超过赔偿上限" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_claims_awaiting_approval_are_in_the_supervisor_review_and_approved_in_admin(
    client, api_as, agent, manager, complaint
):
    claim = create(api_as(agent), complaint, actual_loss="2500.00").json()
    act(api_as(agent), claim["id"], "submit")
    client.force_login(manager)
    assert complaint.number in client.get("/review/").content.decode()
    response = client.post(
        "/admin/claims/claim/", {"action": "approve_selected", "_selected_action": [claim["id"]]}, follow=True
    )
    assert "已批准 1 件" in response.content.decode()
    assert Claim.objects.get().status == "approved"


@pytest.fixture
def own_claim(api_as, supervisor, complaint):
    """A supervisor's claim, approved on their own authority at submission."""
    complaint.owner = supervisor
    complaint.save()
    client = api_as(supervisor)
    claim = create(client, complaint).json()
    assert act(client, claim["id"], "submit").json()["status"] == "approved"
    return claim


@pytest.mark.django_db
def test_the_proposer_may_not_pay_their_own_claim(api_as, supervisor, own_claim):
    response = act(api_as(supervisor), own_claim["id"], "pay", {"payment_ref": "PAY-SELF"})
    assert response.status_code == 403
    assert "提出" in response.json()["detail"]
    assert Claim.objects.get().status == "approved"
    assert not ComplaintEvent.objects.filter(name="claim_pay").exists()


@pytest.mark.django_db
def test_a_colleague_pays_the_claim_the_proposer_may_not(api_as, supervisor, own_claim):
    from tests.conftest import _staff

    colleague = _staff("supervisor", username="supervisor-2")
    response = act(api_as(colleague), own_claim["id"], "pay", {"payment_ref": "PAY-OTHER"})
    assert response.status_code == 200, response.content
    assert Claim.objects.get().paid_at is not None


@pytest.mark.django_db
def test_the_page_offers_no_payment_to_the_proposer(client, supervisor, own_claim, complaint):
    client.force_login(supervisor)
    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert f'id="claim-{own_claim["id"]}-pay"' not in page
    response = client.post(
        f"/complaints/{complaint.number}/claims/{own_claim['id']}/pay/", {"payment_ref": "PAY-WEB-SELF"}
    )
    assert response.status_code == 403
    assert Claim.objects.get().status == "approved"


@pytest.mark.django_db
def test_with_the_setting_off_the_proposer_may_pay(api_as, supervisor, own_claim, settings):
    settings.CLAIM_PAYER_NOT_PROPOSER = False
    response = act(api_as(supervisor), own_claim["id"], "pay", {"payment_ref": "PAY-SELF"})
    assert response.status_code == 200
