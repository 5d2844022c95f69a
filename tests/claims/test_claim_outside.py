"""The claims panel and the cap preview tried from outside: the wrong people, and bad input in every
field (NUL and control characters, huge text, odd digits). Nothing answers 500, nothing is half-written,
what was typed comes back."""

from decimal import Decimal

import pytest

from claims.models import Claim
from complaints.models import Category, ComplaintEvent
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def complaint(agent):
    shipment = ShipmentFactory(freight=Decimal("12.00"), insured=False, cap_clause_acknowledged=True)
    return ComplaintFactory(
        owner=agent,
        status="investigating",
        shipment=shipment,
        waybill_no=shipment.waybill_no,
        category=Category.objects.get(code="damage.broken"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["channel", "operations", "outsider", "dept_staff", "auditor"])
def test_the_wrong_people_neither_read_the_cap_nor_propose(client, complaint, who, request):
    client.force_login(request.getfixturevalue(who))
    cap = client.get(
        f"/complaints/{complaint.number}/claims/cap/", {"claim_type": "lost", "actual_loss": "100"}
    )
    new = client.post(f"/complaints/{complaint.number}/claims/", {"claim_type": "lost", "actual_loss": "100"})
    assert cap.status_code in (403, 404) and new.status_code in (403, 404)
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_anonymous_callers_are_sent_to_the_login(client, complaint):
    cap = client.get(
        f"/complaints/{complaint.number}/claims/cap/", {"claim_type": "lost", "actual_loss": "1"}
    )
    new = client.post(f"/complaints/{complaint.number}/claims/", {"claim_type": "lost", "actual_loss": "1"})
    assert cap.status_code == 302 and "/login/" in cap["Location"]
    assert new.status_code == 302 and "/login/" in new["Location"]
    assert not Claim.objects.exists()


BAD = [
    "30\x000",
    "\x01\x02300",
    "9" * 5000,
    "1e400",
    "-300",
    "NaN",
    "Infinity",
    "300.123456",
    "",
]


@pytest.mark.django_db
@pytest.mark.parametrize("amount", BAD)
def test_bad_amounts_are_refused_beside_the_field_with_the_input_kept(agent_client, complaint, amount):
    response = agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "partial_damage", "actual_loss": amount}
    )
    cap = agent_client.get(
        f"/complaints/{complaint.number}/claims/cap/", {"claim_type": "partial_damage", "actual_loss": amount}
    )
    if "\x00" in amount:  # refused before any view (infra/middleware.py), nothing written
        assert response.status_code == 400 and cap.status_code == 400
        assert not Claim.objects.exists()
        return
    assert cap.status_code == 400 and cap.json()["errors"]
    assert response.status_code == 400
    form = response.content.decode().split('id="claim-new"')[1].split("</form>")[0]
    assert 'class="error"' in form.split('name="actual_loss"')[1].split("</div>")[0]
    assert not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["１２３", "٣٠٠"])
def test_other_digits_are_read_as_numbers(agent_client, complaint, amount):
    cap = agent_client.get(
        f"/complaints/{complaint.number}/claims/cap/", {"claim_type": "partial_damage", "actual_loss": amount}
    )
    assert cap.status_code == 200
    response = agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "partial_damage", "actual_loss": amount}
    )
    assert response.status_code == 302
    assert Claim.objects.get().actual_loss in (Decimal("123"), Decimal("300"))


@pytest.mark.django_db
@pytest.mark.parametrize("claim_type", ["\x00", "lost\x00", "x" * 10000, "", "LOST"])
def test_bad_claim_types_are_refused(agent_client, complaint, claim_type):
    response = agent_client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": claim_type, "actual_loss": "100"}
    )
    cap = agent_client.get(
        f"/complaints/{complaint.number}/claims/cap/", {"claim_type": claim_type, "actual_loss": "100"}
    )
    assert response.status_code == 400 and cap.status_code == 400
    assert not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["同意\x00赔付", "x" * 200_000])
def test_a_bad_approval_note_is_refused_and_kept(client, agent, supervisor, complaint, note):
    complaint.shipment.freight = Decimal("200.00")
    complaint.shipment.save()
    client.force_login(agent)
    client.post(
        f"/complaints/{complaint.number}/claims/", {"claim_type": "total_damage", "actual_loss": "500"}
    )
    claim = Claim.objects.get()
    client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/submit/")
    client.force_login(supervisor)
    events = ComplaintEvent.objects.count()
    response = client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/approve/", {"note": note})
    assert response.status_code in (302, 400)
    claim.refresh_from_db()
    if response.status_code == 400:
        assert claim.status == "submitted" and ComplaintEvent.objects.count() == events
    if "\x00" not in note and response.status_code == 400:  # NUL: refused by the middleware
        form = response.content.decode().split(f'id="claim-{claim.pk}-approve"')[1].split("</form>")[0]
        assert 'class="error"' in form


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["nope", "approve\x00", "x" * 300])
def test_unknown_claim_actions_are_not_found(agent_client, complaint, name):
    agent_client.post(f"/complaints/{complaint.number}/claims/", {"claim_type": "lost", "actual_loss": "10"})
    claim = Claim.objects.get()
    response = agent_client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/{name}/")
    assert response.status_code == (400 if "\x00" in name else 404)  # NUL: refused by the middleware


@pytest.mark.django_db
def test_another_complaints_claim_is_not_found(agent_client, agent, complaint):
    other = ComplaintFactory(owner=agent, status="investigating", shipment=complaint.shipment)
    agent_client.post(f"/complaints/{other.number}/claims/", {"claim_type": "lost", "actual_loss": "10"})
    claim = Claim.objects.get()
    response = agent_client.post(f"/complaints/{complaint.number}/claims/{claim.pk}/withdraw/")
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == "draft"
