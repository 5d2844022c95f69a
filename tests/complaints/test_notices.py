"""Every notice of DESIGN.md is written when its change happens (customer: accepted, awaiting
information, extension with reason, result with the rating link; staff: pending approval)."""

import pytest

from complaints.models import RootCause
from complaints.services import (
    complaint_extend,
    complaint_propose,
    complaint_request_info,
    complaint_resolve,
)
from notifications.models import Notification
from tests.complaints.factories import ComplaintFactory


def notices(complaint, template):
    return list(Notification.objects.filter(complaint=complaint, template=template))


@pytest.mark.django_db
def test_customer_is_told_when_information_is_needed(agent):
    complaint = ComplaintFactory(owner=agent, status="investigating")
    complaint_request_info(complaint=complaint, actor=agent, note="请提供破损照片")
    (notice,) = notices(complaint, "awaiting_info")
    assert notice.audience == "customer" and "请提供破损照片" in notice.body


@pytest.mark.django_db
def test_customer_is_told_of_an_extension_and_its_reason(supervisor):
    complaint = ComplaintFactory(owner=supervisor, status="investigating")
    complaint_extend(complaint=complaint, actor=supervisor, working_days=1, reason="需调取监控")
    (notice,) = notices(complaint, "extended")
    assert "需调取监控" in notice.body


@pytest.mark.django_db
def test_the_result_goes_with_a_rating_link(agent):
    complaint = ComplaintFactory(owner=agent, status="investigating")
    complaint_resolve(
        complaint=complaint,
        actor=agent,
        resolution="已补发",
        root_cause=RootCause.objects.first(),
        company_at_fault=True,
    )
    (notice,) = notices(complaint, "result")
    assert "已补发" in notice.body and "/rate/" in notice.body


@pytest.mark.django_db
def test_supervisors_are_told_of_a_proposal_awaiting_approval(agent, supervisor):
    complaint = ComplaintFactory(owner=agent, status="investigating", severity="major")
    complaint_propose(complaint=complaint, actor=agent, solution="按保价赔偿")
    assert [n.recipient_user for n in notices(complaint, "pending_approval")] == [supervisor]
