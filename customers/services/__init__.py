"""Every write to customers, products and shipments."""

from customers.services.customers import customer_get_or_create, customer_unmask
from customers.services.shipments import ShipmentImportReport, shipment_import, shipment_upsert

__all__ = [
    "ShipmentImportReport",
    "customer_get_or_create",
    "customer_unmask",
    "shipment_import",
    "shipment_upsert",
]
