"""Intake through the service: ownership, acknowledgement, deadlines, grading, idempotency."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_intake
from complaints.workdays import SHANGHAI, end_of_day
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory, ShipmentFactory


def intake(actor, **overrides):
    kwargs = {
        "actor": actor,
        "channel": "phone",
        "customer_name": "张三丰",
        "customer_phone": "13812345678",
        "description": "快件显示签收但本人未收到",
        "category_code": "delivery.fake_signature",
    }
    kwargs.update(overrides)
    return complaint_intake(**kwargs)


@pytest.mark.django_db
def test_phone_intake_is_owned_by_the_agent_and_acknowledged_at_once(agent):
    result = intake(agent)

    complaint = Complaint.objects.get(pk=result.complaint.pk)
    assert result.created
    assert complaint.owner == agent
    assert complaint.status == "acknowledged"
    assert complaint.tier == "frontline"
    assert complaint.severity == "complex"
    assert complaint.customer.phone == "13812345678"
    assert list(
        ComplaintEvent.objects.filter(complaint=complaint).values_list("name", "from_state", "to_state")
    ) == [
        ("intake", "", "received"),
        ("acknowledge", "received", "acknowledged"),
    ]


@pytest.mark.django_db
def test_channel_intake_is_unowned(channel):
    complaint = intake(channel, channel="web").complaint
    assert complaint.owner is None
    assert complaint.created_by == channel


@pytest.mark.django_db
def test_a_letter_without_a_phone_stays_received_until_acknowledged(agent):
    complaint = intake(agent, channel="letter", customer_phone=None).complaint
    assert complaint.status == "received"
    assert complaint.customer is None
    assert complaint.contact_name == "张三丰"


@pytest.mark.django_db
def test_complaint_numbers_are_short_random_and_unique(agent):
    numbers = {intake(agent).complaint.number for _ in range(20)}
    assert len(numbers) == 20
    assert all(len(n) == 12 and n.startswith("TS") for n in numbers)
    assert not any(set(n[2:]) & set("01OIL") for n in numbers)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 10, 10, 12, tzinfo=SHANGHAI), tick=False)
def test_design_anchor_major_received_on_september_30_is_capped_by_the_statutory_date(agent):
    complaint = intake(
        agent, category_code="loss.lost", received_at=dt.datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI)
    ).complaint
    assert complaint.severity == "major"
    assert complaint.tier == "supervisor"
    assert complaint.statutory_due == end_of_day(dt.date(2026, 10, 8))
    assert complaint.resolve_due == end_of_day(dt.date(2026, 10, 8))


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 2, 14, 9, tzinfo=SHANGHAI), tick=False)
def test_design_anchor_major_received_before_spring_festival(agent):
    complaint = intake(
        agent, category_code="damage.broken", received_at=dt.datetime(2026, 2, 13, 9, 0, tzinfo=SHANGHAI)
    ).complaint
    assert complaint.statutory_due == end_of_day(dt.date(2026, 2, 24))
    assert complaint.resolve_due == end_of_day(dt.date(2026, 2, 24))


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=SHANGHAI), tick=False)
def test_simple_complaint_answer_by_is_the_next_working_day(agent):
    complaint = intake(agent, category_code="delivery.attitude").complaint
    assert complaint.resolve_due == end_of_day(dt.date(2026, 11, 24))
    assert complaint.acknowledge_due == dt.datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=SHANGHAI), tick=False)
def test_appeal_gets_fifteen_calendar_days_and_the_supervisor_tier(agent):
    complaint = intake(
        agent,
        channel="regulator",
        kind="appeal",
        regulator_ref="12305-2026-000123",
        category_code="delivery.attitude",
    ).complaint
    assert complaint.statutory_due == end_of_day(dt.date(2026, 12, 8))
    assert complaint.tier == "supervisor"
    assert complaint.severity == "complex"  # upgraded one level from simple: a regulator appeal


@pytest.mark.django_db
def test_vip_customer_and_repeat_waybill_upgrade_the_severity(agent):
    CustomerFactory(phone="13900009999", is_vip=True)
    vip = intake(agent, customer_phone="13900009999", category_code="delivery.attitude").complaint
    ShipmentFactory(waybill_no="KD0000000001")
    ComplaintFactory(waybill_no="KD0000000001")
    repeat = intake(
        agent, customer_phone="13700001111", waybill_no="kd0000000001", category_code="delivery.attitude"
    ).complaint
    assert vip.severity == "complex"
    assert repeat.severity == "complex"
    assert ComplaintEvent.objects.filter(complaint=repeat, name="regrade", actor=None).exists()


@pytest.mark.django_db
def test_first_level_category_alone_takes_that_levels_default(agent):
    assert intake(agent, category_code="loss").complaint.severity == "major"


@pytest.mark.django_db
def test_missing_category_without_a_matching_keyword_falls_back_to_other_and_is_flagged(channel):
    complaint = intake(channel, channel="web", category_code=None, description="想反映一个其他问题").complaint
    assert complaint.category.code == "other.other"
    assert complaint.category_needs_confirmation


@pytest.mark.django_db
def test_unknown_waybill_is_accepted_and_flagged_unknown(agent):
    complaint = intake(agent, waybill_no="ZZ9999999999").complaint
    assert complaint.waybill_no == "ZZ9999999999"
    assert complaint.shipment is None


@pytest.mark.django_db
def test_open_complaints_on_the_same_waybill_or_phone_are_reported(agent):
    first = intake(agent, waybill_no="KD1111111111").complaint
    second = intake(agent, customer_phone="13912345678", waybill_no="KD1111111111")
    third = intake(agent, waybill_no="KD2222222222")
    assert second.related_open == [first]
    assert {c.pk for c in third.related_open} == {first.pk}  # same phone


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category_code": "nosuch.code"}, "category"),
        ({"customer_phone": "12345"}, "customer"),
        ({"customer_name": "  "}, "customer"),
        ({"description": ""}, "description"),
        ({"kind": "appeal"}, "regulator_ref"),
        ({"waybill_no": "!!"}, "waybill_no"),
        ({"received_at": dt.datetime(2099, 1, 1, tzinfo=SHANGHAI)}, "received_at"),
        ({"received_at": dt.datetime(2001, 1, 1, tzinfo=SHANGHAI)}, "received_at"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_invalid_intake_names_the_field_and_writes_nothing(agent, overrides, field):
    with pytest.raises(ValidationError) as info:
        intake(agent, **overrides)
    assert field in info.value.message_dict
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_repeated_external_id_returns_the_stored_complaint(channel):
    first = intake(channel, channel="web", external_id="WEB-1")
    again = intake(channel, channel="web", external_id="WEB-1", description="另一段描述")
    other_channel = intake(channel, channel="app", external_id="WEB-1")
    assert first.created and not again.created and other_channel.created
    assert again.complaint.pk == first.complaint.pk
    assert Complaint.objects.count() == 2
