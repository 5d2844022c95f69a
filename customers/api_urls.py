from django.urls import path

from customers.api import ShipmentView

urlpatterns = [
    path("shipments/<str:waybill_no>/", ShipmentView.as_view(), name="shipment-detail"),
]
