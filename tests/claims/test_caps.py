"""Caps per shipment (DESIGN.md "Compensation"): one loss is paid once, whichever claim or complaint
asks; a later claim gets what is left, with the reason; a split claim needs the authority the
shipment's total needs. Through the API, as channels and agents use it."""

import threading
from decimal import Decimal as D

import pytest
from django.db import connection

from claims.models import Claim
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import ShipmentFactory

URL = "/api/v1/claims/"


@pytest.fixture
def shipment():
    return ShipmentFactory(
        freight=D("20.00"), insured=True, insured_amount=D("3000.00"), declared_value=D("3000.00")
    )


def complaint_on(shipment, owner):
    return ComplaintFactory(
        owner=owner, status="investigating", shipment=shipment, waybill_no=shipment.waybill_no
    )


def create(client, complaint, claim_type="lost", actual_loss="1000.00", **extra):
    body = {"complaint": complaint.number, "claim_type": claim_type, "actual_loss": actual_loss, **extra}
    return client.post(URL, body, format="json")


def act(client, claim_id, name, body=None):
    return client.post(f"{URL}{claim_id}/transitions/{name}/", body or {}, format="json")


def settle(api_as, agent, manager, claim_id, end):
    """Take an earlier claim to `end`: draft, submitted, approved, paid, rejected or withdrawn."""
    if end == "draft":
        return
    if end == "withdrawn":
        assert act(api_as(agent), claim_id, "withdraw").status_code == 200
        return
    status = act(api_as(agent), claim_id, "submit").json()["status"]
    if end == "submitted":
        return
    if end == "rejected":
        assert act(api_as(manager), claim_id, "reject", {"reason": "证据不足"}).status_code == 200
        return
    if status == "submitted":
        assert act(api_as(manager), claim_id, "approve").status_code == 200
    if end == "paid":
        assert act(api_as(manager), claim_id, "pay", {"payment_ref": f"PAY-{claim_id}"}).status_code == 200


CASES = [
    # (earlier claims: (type, actual loss, how it ended), later claim: (type, actual loss),
    #  later claim's answer: status code, cap, rule cap, claimed before)
    pytest.param(
        [("lost", "1000.00", "paid")],
        ("lost", "1000.00"),
        400,
        None,
        None,
        None,
        id="paid-loss-claimed-again",
    ),
    pytest.param(
        [("lost", "1000.00", "draft")], ("lost", "1000.00"), 400, None, None, None, id="draft-counts-too"
    ),
    pytest.param(
        [("lost", "600.00", "paid")],
        ("lost", "1000.00"),
        201,
        "400.00",
        "1000.00",
        "600.00",
        id="what-is-left",
    ),
    pytest.param(
        [("partial_damage", "300.00", "approved")],
        ("lost", "3000.00"),
        201,
        "2700.00",
        "3000.00",
        "300.00",
        id="damage-then-loss-of-the-same-goods",
    ),
    pytest.param(
        [("partial_damage", "150.00", "approved")],
        ("shortage", "300.00"),
        201,
        "150.00",
        "300.00",
        "150.00",
        id="a-second-partial-loss-states-the-whole-loss",
    ),
    pytest.param(
        [("lost", "1000.00", "withdrawn")],
        ("lost", "1000.00"),
        201,
        "1000.00",
        "1000.00",
        "0.00",
        id="withdrawn",
    ),
    pytest.param(
        [("lost", "1000.00", "rejected")],
        ("lost", "1000.00"),
        201,
        "1000.00",
        "1000.00",
        "0.00",
        id="rejected",
    ),
    pytest.param(
        [("delay", "0.00", "paid")],
        ("lost", "1000.00"),
        201,
        "1000.00",
        "1000.00",
        "0.00",
        id="freight-is-not-goods",
    ),
    pytest.param(
        [("lost", "1000.00", "paid")],
        ("delay", "0.00"),
        201,
        "20.00",
        "20.00",
        "0.00",
        id="goods-are-not-freight",
    ),
    pytest.param(
        [("delay", "0.00", "paid")], ("delay", "0.00"), 400, None, None, None, id="freight-refunded-once"
    ),
    pytest.param(
        [("lost", "500.00", "paid"), ("shortage", "700.00", "submitted")],
        ("total_damage", "1000.00"),
        201,
        "300.00",
        "1000.00",
        "700.00",
        id="two-earlier-claims",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("earlier", "later", "code", "cap", "rule_cap", "claimed"), CASES)
def test_caps_hold_per_shipment(
    api_as, agent, manager, shipment, earlier, later, code, cap, rule_cap, claimed
):
    client = api_as(agent)
    for claim_type, loss, end in earlier:
        # each earlier claim from its own complaint on the same waybill (sender's, recipient's …)
        response = create(client, complaint_on(shipment, agent), claim_type, loss)
        assert response.status_code == 201, response.content
        settle(api_as, agent, manager, response.json()["id"], end)
    before = Claim.objects.count()

    response = create(client, complaint_on(shipment, agent), *later)

    assert response.status_code == code, response.content
    if code == 400:
        assert "claim_type" in response.json()
        assert Claim.objects.count() == before
        return
    data = response.json()
    assert (data["cap"], data["rule_cap"], data["claimed_before"], data["proposed_amount"]) == (
        cap,
        rule_cap,
        claimed,
        cap,
    )
    assert bool(data["cap_reason"]) == (claimed != "0.00")
    if claimed != "0.00":
        assert claimed in data["cap_reason"] and cap in data["cap_reason"]


@pytest.mark.django_db
def test_a_later_claim_above_what_is_left_is_refused_with_the_reason(api_as, agent, manager, shipment):
    client = api_as(agent)
    first = create(client, complaint_on(shipment, agent), actual_loss="600.00").json()
    settle(api_as, agent, manager, first["id"], "paid")
    response = create(client, complaint_on(shipment, agent), actual_loss="1000.00", proposed_amount="400.01")
    assert response.status_code == 400
    assert "600.00" in str(response.json()["proposed_amount"])
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_a_claim_split_in_two_needs_the_authority_of_the_whole(api_as, agent, supervisor, shipment):
    # The agent may grant ¥200 alone: ¥150 is approved at once, a second ¥150 on the waybill is not.
    client = api_as(agent)
    complaint = complaint_on(shipment, agent)
    first = create(client, complaint, "partial_damage", "150.00").json()
    assert act(client, first["id"], "submit").json()["status"] == "approved"
    # A later claim states the waybill's whole loss as now known, and gets what is left of its cap.
    second = create(client, complaint, "shortage", "300.00").json()
    assert (second["cap"], second["claimed_before"]) == ("150.00", "150.00")
    submitted = act(client, second["id"], "submit").json()
    assert (submitted["status"], submitted["approved_by"]) == ("submitted", None)
    approved = act(api_as(supervisor), second["id"], "approve")
    assert approved.status_code == 200
    assert approved.json()["approved_under"] == "supervisor"


@pytest.mark.django_db
def test_an_approver_needs_authority_over_the_shipments_total(api_as, agent, supervisor, manager, shipment):
    # Supervisors approve up to ¥2,000: ¥1,800 then ¥500 on the same waybill makes ¥2,300.
    client = api_as(agent)
    first = create(client, complaint_on(shipment, agent), actual_loss="1800.00").json()
    act(client, first["id"], "submit")
    assert act(api_as(supervisor), first["id"], "approve").status_code == 200
    second = create(client, complaint_on(shipment, agent), "partial_damage", "2300.00").json()
    assert second["cap"] == "500.00"
    act(client, second["id"], "submit")

    assert act(api_as(supervisor), second["id"], "approve").status_code == 403
    approved = act(api_as(manager), second["id"], "approve")
    assert approved.status_code == 200 and approved.json()["approved_under"] == "manager"


@pytest.mark.django_db
def test_over_insurance_never_pays_more_than_the_loss(api_as, agent):
    # Fed before the feed refused it: insured ¥2,000 on a declared value of ¥1,000.
    shipment = ShipmentFactory(insured=True, insured_amount=D("2000.00"), declared_value=D("1000.00"))
    response = create(api_as(agent), complaint_on(shipment, agent), "partial_damage", "500.00")
    assert response.status_code == 201
    assert (response.json()["cap"], response.json()["rule"]) == ("500.00", "insured_partial")


def test_two_concurrent_claims_on_one_shipment_share_its_cap(reference_data, agent):
    from tests.conftest import token_client

    shipment = ShipmentFactory(insured=True, insured_amount=D("1000.00"), declared_value=D("1000.00"))
    complaints = [complaint_on(shipment, agent), complaint_on(shipment, agent)]
    barrier, results = threading.Barrier(2), []

    def claim(complaint):
        barrier.wait()
        results.append(create(token_client(agent), complaint))
        connection.close()

    threads = [threading.Thread(target=claim, args=(c,)) for c in complaints]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [201, 400]
    assert list(Claim.objects.values_list("cap", flat=True)) == [D("1000.00")]


@pytest.mark.django_db
def test_the_complaint_page_says_why_a_later_claim_gets_less(client, agent, shipment):
    first, later = complaint_on(shipment, agent), complaint_on(shipment, agent)
    client.force_login(agent)
    client.post(f"/complaints/{first.number}/claims/", {"claim_type": "lost", "actual_loss": "600.00"})
    client.post(f"/complaints/{later.number}/claims/", {"claim_type": "lost", "actual_loss": "1000.00"})
    page = client.get(f"/complaints/{later.number}/").content.decode()
    assert "本运单其他理赔已占用该损失上限 ¥1000.00 中的 ¥600.00，剩余 ¥400.00。" in page
    # Nothing left: refused on the page with the amounts, nothing written.
    response = client.post(
        f"/complaints/{later.number}/claims/", {"claim_type": "lost", "actual_loss": "1000.00"}, follow=True
    )
    assert "已全部申请赔偿" in response.content.decode()
    assert Claim.objects.count() == 2
