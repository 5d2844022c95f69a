"""The complaints API as channels and agents use it: intake, list and filters, detail, events, attachments."""

import datetime as dt
import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory
from tests.conftest import token_client
from tests.customers.factories import CustomerFactory

LIST = "/api/v1/complaints/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def intake_body(**overrides):
    body = {
        "channel": "web",
        "external_id": "W-0001",
        "kind": "complaint",
        "customer": {"name": "张三丰", "phone": "13812345678"},
        "waybill_no": "KD2026000001",
        "category": "delivery.locker_without_consent",
        "description": "未经同意放入快递柜",
        "remedy_sought": "apology",
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_channel_intake_returns_201_and_the_contract_fields(api_as, channel):
    response = api_as(channel).post(LIST, intake_body(), format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    for key in [
        "number",
        "kind",
        "status",
        "tier",
        "severity",
        "category",
        "channel",
        "customer",
        "waybill_no",
        "owner",
        "assignee",
        "department",
        "received_at",
        "acknowledge_due",
        "resolve_due",
        "statutory_due",
        "callback_due",
        "sla_paused",
        "overdue",
        "root_cause",
        "satisfaction",
        "available_transitions",
    ]:
        assert key in data
    assert data["customer"] == {"name": "张*丰", "phone": "138******78"}
    assert data["status"] == "acknowledged"
    assert data["resolve_due"].endswith("23:59:59+08:00")
    assert data["owner"] is None
    assert data["shipment_known"] is False


@pytest.mark.django_db
def test_repeated_external_id_returns_200_and_the_same_complaint_whatever_the_body(api_as, channel):
    client = api_as(channel)
    first = client.post(LIST, intake_body(), format="json")
    again = client.post(LIST, {"channel": "web", "external_id": "W-0001", "description": 42}, format="json")
    assert again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert Complaint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_intakes_racing_give_exactly_one_complaint(reference_data, channel):
    token_client(channel)  # create the token before the threads start
    results, barrier = [], threading.Barrier(2)

    def send():
        barrier.wait()
        results.append(token_client(channel).post(LIST, intake_body(external_id="RACE-1"), format="json"))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.status_code for r in results) == [200, 201]
    assert len({r.json()["number"] for r in results}) == 1
    assert Complaint.objects.filter(external_id="RACE-1").count() == 1


@pytest.mark.django_db
def test_staff_phone_intake_is_owned_by_the_agent(api_as, agent):
    response = api_as(agent).post(LIST, intake_body(channel="phone", external_id=""), format="json")
    assert response.json()["owner"] == "agent-t"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"channel": "pigeon"},
        {"customer": {"name": "张三"}},
        {"customer": {"name": "张三", "phone": "123"}},
        {"category": "nosuch"},
        {"description": ""},
        {"description": "x" * 5001},
        {"kind": "appeal"},
        {"received_at": "2099-01-01T00:00:00+08:00"},
        {"received_at": "not a date"},
        {"remedy_sought": "gold"},
        {"waybill_no": "???"},
        {"customer": "张三"},
    ],
)
def test_invalid_intake_is_400_and_writes_nothing(api_as, channel, overrides):
    response = api_as(channel).post(LIST, intake_body(external_id="", **overrides), format="json")
    assert response.status_code == 400, response.content
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["auditor", "operations", "outsider"])
def test_intake_is_403_for_roles_that_do_not_record_complaints(request, api_as, persona):
    response = api_as(request.getfixturevalue(persona)).post(LIST, intake_body(), format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_channel_reads_only_what_it_created(api_as, channel, agent):
    own = api_as(channel).post(LIST, intake_body(), format="json").json()["number"]
    other = ComplaintFactory(created_by=agent)
    client = api_as(channel)
    assert [c["number"] for c in client.get(LIST).json()["results"]] == [own]
    assert client.get(f"{LIST}{other.number}/").status_code == 404


@pytest.mark.django_db
def test_list_filters_combine(api_as, supervisor):
    customer = CustomerFactory(phone="13700001234")
    match = ComplaintFactory(
        status="investigating", severity="major", customer=customer, waybill_no="KD7777777777"
    )
    ComplaintFactory(status="investigating", severity="complex")
    ComplaintFactory(status="closed", severity="major")
    client = api_as(supervisor)

    def numbers(query):
        response = client.get(LIST, query)
        assert response.status_code == 200, response.content
        return [c["number"] for c in response.json()["results"]]

    assert numbers({"status": "investigating", "severity": "major"}) == [match.number]
    assert numbers({"phone": "137-0000-1234"}) == [match.number]
    assert numbers({"waybill_no": "kd7777777777"}) == [match.number]
    assert numbers({"category": "delay"}) and numbers({"category": "delay.transit"})
    assert numbers({"category": "loss"}) == []
    assert numbers({"phone": "not-a-phone"}) == []


@pytest.mark.django_db
def test_overdue_filter(api_as, supervisor):
    late = ComplaintFactory(
        status="investigating", received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=6)
    )
    ComplaintFactory(status="investigating")
    response = api_as(supervisor).get(LIST, {"overdue": "true"})
    assert [c["number"] for c in response.json()["results"]] == [late.number]
    assert response.json()["results"][0]["overdue"] is True


@pytest.mark.django_db
def test_bad_filter_values_are_400_not_500(api_as, supervisor):
    client = api_as(supervisor)
    assert client.get(LIST, {"status": "nonsense"}).status_code == 400
    assert client.get(LIST, {"received_after": "yesterday"}).status_code == 400
    assert client.get(LIST, {"cursor": "garbage"}).status_code == 404


@pytest.mark.django_db
def test_instants_are_compared_in_utc_and_impossible_ones_refused(api_as, supervisor):
    """Python accepts offsets up to ±23:59 and the year 1; PostgreSQL does not (found by schema fuzzing)."""
    client = api_as(supervisor)
    complaint = ComplaintFactory(received_at=dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC))
    # 2026-03-02 09:30 at +16:00 is 2026-03-01 17:30 UTC: before the complaint arrived.
    response = client.get(LIST, {"received_after": "2026-03-02T09:30:00+16:00"})
    assert response.status_code == 200
    assert [c["number"] for c in response.json()["results"]] == [complaint.number]
    refused = client.get(LIST, {"received_after": "0001-01-01T00:00:00+14:00"})
    assert refused.status_code == 400
    assert "1900" in str(refused.json())
    with connection.cursor() as cursor:  # and the transaction is still usable
        cursor.execute("SELECT 1")


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_page(api_as, supervisor, django_assert_max_num_queries):
    client = api_as(supervisor)
    ComplaintFactory.create_batch(3)
    with django_assert_max_num_queries(8) as small:
        client.get(LIST)
    ComplaintFactory.create_batch(40, status="investigating")
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(LIST)
    assert len(response.json()["results"]) == 43
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_events_are_oldest_first_with_the_contract_fields(api_as, agent):
    client = api_as(agent)
    number = client.post(LIST, intake_body(channel="phone", external_id=""), format="json").json()["number"]
    client.post(f"{LIST}{number}/transitions/note/", {"text": "客户来电"}, format="json")

    events = client.get(f"{LIST}{number}/events/").json()["results"]

    assert [e["name"] for e in events] == ["intake", "acknowledge", "note"]
    assert events[1] == {
        **events[1],
        "actor": None,
        "kind": "transition",
        "from": "received",
        "to": "acknowledged",
    }
    assert events[2]["actor"] == "agent-t"
    assert set(events[0]) >= {"at", "actor", "kind", "name", "from", "to", "note"}


@pytest.mark.django_db
def test_evidence_upload_by_content_and_download_by_staff(api_as, agent, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    complaint = ComplaintFactory()
    client = api_as(agent)
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = client.post(
        f"{LIST}{complaint.number}/attachments/",
        {"file": SimpleUploadedFile("破损.png", PNG, content_type="text/plain")},
        format="multipart",
    )
    pdf = client.post(
        f"{LIST}{complaint.number}/attachments/",
        {"file": SimpleUploadedFile("单据.pdf", PDF)},
        format="multipart",
    )
    fake = client.post(
        f"{LIST}{complaint.number}/attachments/",
        {"file": SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image")},
        format="multipart",
    )

    assert ok.status_code == 201, ok.content
    assert ok.json()["content_type"] == "image/png"
    assert pdf.status_code == 201
    assert fake.status_code == 400
    assert not list(tmp_path.rglob("*.jpg"))
    download = client.get(ok.json()["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert APIClient().get(ok.json()["url"]).status_code == 401


@pytest.mark.django_db
def test_evidence_over_ten_megabytes_is_refused(api_as, agent, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    complaint = ComplaintFactory()
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024))
    response = api_as(agent).post(f"{LIST}{complaint.number}/attachments/", {"file": big}, format="multipart")
    assert response.status_code == 400
    assert "10 MB" in response.json()["file"][0]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=300),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)
intake_fields = st.sampled_from(list(intake_body()) + ["received_at", "regulator_ref"])


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    overrides=st.dictionaries(
        intake_fields,
        json_values
        | st.text()
        | st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)).map(
            lambda d: d.isoformat() + "+08:00"
        ),
    ),
)
def test_no_intake_body_gives_a_server_error(api_as, channel, overrides):
    response = api_as(channel).post(LIST, {**intake_body(external_id=""), **overrides}, format="json")
    assert response.status_code in (200, 201, 400), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("serializer_class", ["ComplaintSerializer", "ComplaintDetailSerializer"])
def test_a_complaint_is_represented_as_drfs_own_serializer_represents_it(serializer_class, agent, channel):
    """The representation reads fields bound once per class (complaints/serializers.py `_readable`):
    the same output as DRF's Serializer.to_representation over the instance's own fields."""
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from complaints import serializers as s

    complaints = [
        ComplaintFactory(owner=agent, assignee=agent, waybill_no="KD2026000009"),
        ComplaintFactory(resolved=True, customer=None, contact_name="王五"),
        ComplaintFactory(status="received", acknowledged_at=None, remedy_sought="refund"),
    ]
    for user, customer_facing in [(agent, False), (channel, True)]:
        request = APIRequestFactory().get(LIST)
        request.user = user
        for complaint in Complaint.objects.filter(pk__in=[c.pk for c in complaints]):
            serializer = getattr(s, serializer_class)(
                complaint, context={"request": request, "customer_facing": False}
            )
            assert serializer.to_representation(complaint) == serializers.Serializer.to_representation(
                serializer, complaint
            )
            facing = getattr(s, serializer_class)(
                complaint, context={"request": request, "customer_facing": customer_facing}
            ).data
            assert facing["number"] == complaint.number and (facing["owner"] is None) == (
                customer_facing or complaint.owner_id is None
            )
