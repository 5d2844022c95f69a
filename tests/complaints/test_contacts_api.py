import pytest

from complaints.models import Contact

URL = "/api/v1/contacts/"


@pytest.mark.django_db
def test_a_channel_records_feedback(api_as, channel):
    response = api_as(channel).post(
        URL,
        {
            "channel": "app",
            "customer": {"name": "李四", "phone": "13900001111"},
            "kind": "feedback",
            "sentiment": "positive",
            "text": "快递员很负责",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["customer"] == {"name": "李*", "phone": "139******11"}
    assert Contact.objects.get().sentiment == "positive"


@pytest.mark.django_db
def test_a_consultation_answered_on_the_spot(api_as, agent):
    response = api_as(agent).post(
        URL,
        {
            "channel": "phone",
            "customer": {"name": "王五", "phone": "13700002222"},
            "kind": "consultation",
            "text": "能寄锂电池吗？",
            "answer": "需单独包装并申报",
        },
        format="json",
    )
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"channel": "app", "customer": {"name": "李四"}, "kind": "feedback", "text": "x"},  # no sentiment
        {
            "channel": "app",
            "customer": {"name": "李四"},
            "kind": "consultation",
            "sentiment": "positive",
            "text": "x",
        },
        {"channel": "app", "customer": {"name": "李四", "phone": "123"}, "kind": "consultation", "text": "x"},
        {"channel": "pigeon", "customer": {"name": "李四"}, "kind": "consultation", "text": "x"},
    ],
)
def test_invalid_contacts_are_400_and_not_stored(api_as, channel, body):
    assert api_as(channel).post(URL, body, format="json").status_code == 400
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_roles_without_the_permission_get_403(api_as, auditor):
    response = api_as(auditor).post(
        URL,
        {"channel": "app", "customer": {"name": "李四"}, "kind": "consultation", "text": "x"},
        format="json",
    )
    assert response.status_code == 403
