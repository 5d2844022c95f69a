from decimal import Decimal

import factory

from customers.models import Customer, Product, Shipment


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Faker("name", locale="zh_CN")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ["code"]

    code = "standard"
    name = "标准快递"
    uninsured_cap_multiplier = Decimal("3")


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    waybill_no = factory.Sequence(lambda n: f"TS{n:010d}")
    product = factory.SubFactory(ProductFactory)
    sender = factory.SubFactory(CustomerFactory)
    recipient = factory.SubFactory(CustomerFactory)
    freight = Decimal("12.00")

    class Params:
        insured_parcel = factory.Trait(
            insured=True, insured_amount=Decimal("1000.00"), declared_value=Decimal("2000.00")
        )
