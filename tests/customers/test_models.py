from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from customers.models import Customer, Shipment
from tests.customers.factories import CustomerFactory, ProductFactory, ShipmentFactory


@pytest.mark.django_db
def test_customer_with_malformed_phone_fails_validation_in_chinese():
    customer = Customer(name="张三", phone="1234")
    with pytest.raises(ValidationError) as info:
        customer.full_clean()
    assert "手机号" in " ".join(info.value.message_dict["phone"])


@pytest.mark.django_db
def test_duplicate_waybill_fails_validation_in_chinese():
    existing = ShipmentFactory()
    duplicate = Shipment(waybill_no=existing.waybill_no, product=existing.product, freight=Decimal("1"))
    with pytest.raises(ValidationError) as info:
        duplicate.full_clean()
    assert "已存在" in " ".join(info.value.message_dict["waybill_no"])


@pytest.mark.django_db
def test_negative_freight_fails_validation_in_chinese():
    shipment = Shipment(waybill_no="NEG0000001", product=ProductFactory(), freight=Decimal("-0.01"))
    with pytest.raises(ValidationError) as info:
        shipment.full_clean()
    assert info.value.message_dict["freight"] == ["金额不能为负数。"]


@pytest.mark.django_db
def test_database_refuses_negative_money_even_past_validation():
    with pytest.raises(IntegrityError):
        ShipmentFactory(freight=Decimal("-5"))


@pytest.mark.django_db
def test_database_refuses_insured_shipment_without_amount():
    with pytest.raises(IntegrityError):
        ShipmentFactory(insured=True, insured_amount=None)


@pytest.mark.django_db
def test_customer_str_is_masked():
    customer = CustomerFactory(name="张三丰", phone="13812345678")
    assert str(customer) == "张*丰 138******78"
