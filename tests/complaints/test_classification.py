"""Channel complaints without a category: keyword rules classify them, the agent confirms, and the
confirmations measure how often the rules were right."""

import pytest

from complaints.models import ComplaintEvent
from complaints.selectors import classification_accuracy
from complaints.services import complaint_intake

URL = "/api/v1/complaints/{}/transitions/confirm_category/"


def channel_intake(actor, description):
    return complaint_intake(
        actor=actor,
        channel="web",
        customer_name="李四",
        customer_phone="13900001111",
        description=description,
    ).complaint


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("快递显示已签收，但我根本没拿到", "delivery.fake_signature"),
        ("没经过我同意就放进了丰巢快递柜", "delivery.locker_without_consent"),
        ("物流好几天没更新了", "delay.transit"),
        ("想咨询一下别的事情", "other.other"),
    ],
)
def test_keyword_rules_classify_and_flag_for_confirmation(channel, text, code):
    complaint = channel_intake(channel, text)
    assert complaint.category.code == code
    assert complaint.category_needs_confirmation


@pytest.mark.django_db
def test_confirmations_measure_the_rules(api_as, channel, manager):
    right = channel_intake(channel, "快递柜里取出来发现东西摔坏了")  # 快递柜 matches first: locker
    wrong = channel_intake(channel, "物流好几天没更新了")
    client = api_as(manager)
    client.post(URL.format(right.number), {"category": "delivery.locker_without_consent"}, format="json")
    response = client.post(URL.format(wrong.number), {"category": "loss.lost"}, format="json")
    assert response.status_code == 200
    assert response.json()["category"] == "loss.lost"
    assert response.json()["category_needs_confirmation"] is False
    assert ComplaintEvent.objects.filter(name="confirm_category").count() == 2
    assert classification_accuracy() == {"confirmed": 2, "rules_right": 1, "rate": 0.5}
