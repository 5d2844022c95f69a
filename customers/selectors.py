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
