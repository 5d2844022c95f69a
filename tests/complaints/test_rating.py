"""The customer's rating link: closes the complaint, or reopens it when not solved; a link used twice,
expired or tampered with gets a clear page and changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from complaints.models import Complaint
from complaints.services.rating import rating_token
from tests.complaints.factories import ComplaintFactory


@pytest.fixture
def resolved(db):
    return ComplaintFactory(resolved=True)


@pytest.mark.django_db
def test_the_link_shows_the_form_and_a_rating_closes_the_complaint(client, resolved):
    url = f"/rate/{rating_token(resolved)}/"
    assert "满意" in client.get(url).content.decode()
    response = client.post(url, {"satisfaction": "4", "solved": "yes", "comment": "很好"})
    resolved.refresh_from_db()
    assert response.status_code == 200 and "谢谢" in response.content.decode()
    assert (resolved.status, resolved.satisfaction, resolved.outcome) == ("closed", 4, "satisfied")


@pytest.mark.django_db
def test_not_solved_reopens_the_complaint(client, resolved):
    client.post(
        f"/rate/{rating_token(resolved)}/", {"satisfaction": "1", "solved": "no", "comment": "没补发"}
    )
    resolved.refresh_from_db()
    assert resolved.status == "reopened"


@pytest.mark.django_db
def test_a_link_used_twice_changes_nothing_the_second_time(client, resolved):
    url = f"/rate/{rating_token(resolved)}/"
    client.post(url, {"satisfaction": "5", "solved": "yes"})
    again = client.post(url, {"satisfaction": "1", "solved": "no"})
    resolved.refresh_from_db()
    assert again.status_code == 409 and "已使用" in again.content.decode()
    assert (resolved.status, resolved.satisfaction) == ("closed", 5)


@pytest.mark.django_db
def test_an_expired_link_gets_a_clear_page(client, resolved):
    url = f"/rate/{rating_token(resolved)}/"
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.post(url, {"satisfaction": "5", "solved": "yes"})
    assert response.status_code == 410 and "过期" in response.content.decode()
    assert Complaint.objects.get(pk=resolved.pk).status == "resolved"


@pytest.mark.django_db
def test_a_tampered_link_gets_a_clear_page(client, resolved):
    token = rating_token(resolved)
    response = client.get(f"/rate/{token[:-2]}xx/")
    assert response.status_code == 400 and "无效" in response.content.decode()


@pytest.mark.django_db
def test_get_changes_nothing(client, resolved):
    client.get(f"/rate/{rating_token(resolved)}/", {"satisfaction": "5", "solved": "yes"})
    assert Complaint.objects.get(pk=resolved.pk).status == "resolved"
