"""Accountability: a penalty proposed on the responsible outlet, approved by a manager, disputed once by
the outlet, decided; all from the complaint page."""

from decimal import Decimal

import pytest

from claims.models import Penalty
from complaints.models import ComplaintEvent
from tests.complaints.factories import ComplaintFactory


@pytest.fixture
def resolved_at_fault(supervisor, dept_staff):
    return ComplaintFactory(
        resolved=True,
        owner=supervisor,
        company_at_fault=True,
        responsible_department=dept_staff.staff_profile.department,
    )


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, follow=True)


@pytest.mark.django_db
def test_penalty_flow_from_proposal_to_an_upheld_decision(
    client, supervisor, manager, dept_staff, resolved_at_fault
):
    base = f"/complaints/{resolved_at_fault.number}/penalties/"
    post(
        client,
        supervisor,
        base,
        {
            "department": "OUT-T",
            "rule": "loss_share",
            "loss": "1234.50",
            "reason": "网点丢件，按损失比例追责",
            "staff": "快递员 张师傅",
        },
    )
    penalty = Penalty.objects.get()
    assert (penalty.amount, penalty.status) == (Decimal("123.45"), "proposed")

    assert (
        post(client, dept_staff, f"{base}{penalty.pk}/dispute_penalty/", {"text": "不认可"}).status_code
        == 200
    )
    penalty.refresh_from_db()
    assert penalty.status == "proposed"  # nothing to dispute before approval

    post(client, manager, f"{base}{penalty.pk}/approve/", {"note": "同意"})
    post(client, dept_staff, f"{base}{penalty.pk}/dispute_penalty/", {"text": "客户地址有误，非网点责任"})
    penalty.refresh_from_db()
    assert penalty.status == "disputed"
    post(client, manager, f"{base}{penalty.pk}/uphold/", {"note": "经核实系网点责任，维持处罚"})
    penalty.refresh_from_db()
    assert (penalty.status, penalty.decided_by) == ("upheld", manager)
    assert list(
        ComplaintEvent.objects.filter(complaint=resolved_at_fault).values_list("name", flat=True)
    ) == ["penalty_propose", "penalty_approve", "penalty_dispute_penalty", "penalty_uphold"]
    page = client.get(f"/complaints/{resolved_at_fault.number}/").content.decode()
    assert "¥123.45" in page and "维持处罚" in page


@pytest.mark.django_db
def test_a_fixed_amount_for_conduct_cases(client, supervisor, resolved_at_fault):
    post(
        client,
        supervisor,
        f"/complaints/{resolved_at_fault.number}/penalties/",
        {"department": "OUT-T", "rule": "conduct", "loss": "0", "reason": "服务态度恶劣"},
    )
    assert Penalty.objects.get().amount == Decimal("50.00")


@pytest.mark.django_db
def test_no_penalty_without_company_fault_or_by_an_agent(client, supervisor, agent, dept_staff):
    no_fault = ComplaintFactory(resolved=True, owner=supervisor, company_at_fault=False)
    post(
        client,
        supervisor,
        f"/complaints/{no_fault.number}/penalties/",
        {"department": "OUT-T", "rule": "conduct", "loss": "0", "reason": "x"},
    )
    at_fault = ComplaintFactory(resolved=True, owner=agent, company_at_fault=True)
    response = post(
        client,
        agent,
        f"/complaints/{at_fault.number}/penalties/",
        {"department": "OUT-T", "rule": "conduct", "loss": "0", "reason": "x"},
    )
    assert response.status_code == 403
    assert not Penalty.objects.exists()


@pytest.mark.django_db
def test_only_a_manager_decides(client, supervisor, resolved_at_fault):
    post(
        client,
        supervisor,
        f"/complaints/{resolved_at_fault.number}/penalties/",
        {"department": "OUT-T", "rule": "conduct", "loss": "0", "reason": "服务态度"},
    )
    penalty = Penalty.objects.get()
    response = post(
        client, supervisor, f"/complaints/{resolved_at_fault.number}/penalties/{penalty.pk}/approve/"
    )
    assert response.status_code == 403
