"""API throttles per caller and scope (intake, reads, transitions, feed): 429 in Chinese with
Retry-After, counted per token, each scope on its own; rates from the environment."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from infra.env import parse_rate
from tests.complaints.factories import ComplaintFactory
from tests.complaints.test_api import LIST, intake_body

LOW = {"intake": "2/min", "reads": "3/min", "transitions": "2/min", "feed": "2/min"}


@pytest.fixture
def low_limits(settings):
    """Low limits, in the middle of a frozen minute (fixed windows must not turn over mid-test)."""
    settings.API_THROTTLE_RATES = LOW
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, 15, tzinfo=dt.UTC), tick=False):
        yield


def test_the_suite_itself_is_never_throttled(settings):
    assert all(parse_rate(rate) is None for rate in settings.API_THROTTLE_RATES.values())


@pytest.mark.django_db
def test_intake_over_the_limit_is_429_in_chinese_with_retry_after(api_as, channel, low_limits):
    client = api_as(channel)
    codes = [
        client.post(LIST, intake_body(external_id=f"T-{i}"), format="json").status_code for i in range(3)
    ]
    assert codes == [201, 201, 429]
    refused = client.post(LIST, intake_body(external_id="T-9"), format="json")
    assert refused.status_code == 429
    assert "请求过于频繁" in refused.json()["detail"]
    assert int(refused["Retry-After"]) == 45  # the rest of the minute
    from complaints.models import Complaint

    assert Complaint.objects.count() == 2  # a refused request writes nothing


@pytest.mark.django_db
def test_each_scope_and_each_token_counts_on_its_own(api_as, channel, agent, low_limits):
    client = api_as(channel)
    for i in range(2):
        client.post(LIST, intake_body(external_id=f"S-{i}"), format="json")
    assert client.post(LIST, intake_body(external_id="S-2"), format="json").status_code == 429
    assert client.get(LIST).status_code == 200  # reads have their own count
    other = api_as(agent)  # another token
    assert other.post(LIST, intake_body(channel="phone", external_id=""), format="json").status_code == 201


@pytest.mark.django_db
def test_reads_and_transitions_are_throttled(api_as, agent, low_limits):
    complaint = ComplaintFactory(owner=agent)
    client = api_as(agent)
    assert [client.get(f"{LIST}{complaint.number}/").status_code for _ in range(4)] == [200, 200, 200, 429]
    url = f"{LIST}{complaint.number}/transitions/note/"
    codes = [client.post(url, {"text": f"第{i}次"}, format="json").status_code for i in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_the_shipments_feed_has_its_own_limit(api_as, operations, low_limits, settings):
    settings.API_THROTTLE_RATES = {**LOW, "feed": "1/min"}
    client = api_as(operations)
    first = client.put("/api/v1/shipments/KD7777777777/", {}, format="json")
    second = client.put("/api/v1/shipments/KD7777777777/", {}, format="json")
    assert first.status_code != 429 and second.status_code == 429


@pytest.mark.django_db
def test_off_switches_a_scope_off(api_as, agent, low_limits, settings):
    settings.API_THROTTLE_RATES = {**LOW, "reads": "off"}
    client = api_as(agent)
    assert {client.get(LIST).status_code for _ in range(6)} == {200}


@pytest.mark.django_db
def test_anonymous_reads_of_the_schema_count_per_address(client, low_limits):
    codes = [client.get("/api/schema/", REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/schema/", REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.parametrize("rate", ["120", "ten/min", "5/fortnight", "-1/min"])
def test_a_wrong_rate_fails_loudly(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


def test_rates_read_as_numbers_per_period():
    assert parse_rate("120/min") == (120, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("1000/day") == (1000, 86400)
    assert parse_rate("off") is None


class UnreachableCounter:
    """The counter's store is away (Redis down, say)."""

    def hit(self, key, *, window):
        raise ConnectionError("counter store unreachable")


@pytest.mark.django_db
def test_a_counter_that_cannot_count_lets_requests_through(api_as, agent, low_limits, monkeypatch, caplog):
    monkeypatch.setattr("infra.ratelimit._backend", UnreachableCounter)
    client = api_as(agent)
    assert {client.get(LIST).status_code for _ in range(5)} == {200}
    assert "unavailable" in caplog.text
