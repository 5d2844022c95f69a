from __future__ import annotations

from django.db.models import QuerySet

from customers.models import Shipment


def shipment_queryset() -> QuerySet[Shipment]:
    """Shipments with everything their representation shows, in one query."""
    return Shipment.objects.select_related(
        "product", "sender", "recipient", "origin_outlet", "destination_outlet"
    )


def shipment_get(*, waybill_no: str) -> Shipment | None:
    return shipment_queryset().filter(waybill_no=waybill_no.strip().upper()).first()


def shipment_lock(*, pk: int) -> Shipment:
    """The shipment with its product, its row locked to the end of the transaction (claims on one
    shipment are made one at a time)."""
    return Shipment.objects.select_for_update(of=("self",)).select_related("product").get(pk=pk)


# A search by a phone's last four digits or by a name returns candidates, never a whole table: at a
# million customers about a hundred share four final digits.
CANDIDATES = 500


def customer_ids_matching(*, phone: str = "", phone_tail: str = "", name: str = "") -> list[int]:
    """Customers with the mobile number `phone` (normal form), or whose number ends with `phone_tail`
    (four digits), or whose name is exactly `name`, each from its own index (the phone's unique index,
    customer_phone_tail_idx, customer_name_idx); at most CANDIDATES."""
    from django.db.models.functions import Right

    from customers.models import Customer

    if phone:
        queryset = Customer.objects.filter(phone=phone)
    elif phone_tail:
        queryset = Customer.objects.annotate(tail=Right("phone", 4)).filter(tail=phone_tail)
    elif name:
        queryset = Customer.objects.filter(name=name)
    else:
        return []
    return list(queryset.values_list("pk", flat=True)[:CANDIDATES])
