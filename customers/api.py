"""The shipments feed of CONTRACT.md: PUT creates or replaces, GET reads (personal data masked)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from customers.selectors import shipment_get
from customers.serializers import ShipmentInputSerializer, ShipmentOutputSerializer
from customers.services import shipment_upsert
from customers.services.shipments import normalise_waybill
from infra.permissions import ModelPermissionsByMethod


class ShipmentView(APIView):
    permission_classes = [ModelPermissionsByMethod]
    required_perms = {
        "GET": ("customers.view_shipment",),
        "PUT": ("customers.add_shipment", "customers.change_shipment"),
    }
    throttle_scopes = {"PUT": "feed"}

    @extend_schema(responses=ShipmentOutputSerializer)
    def get(self, request: Request, waybill_no: str) -> Response:
        shipment = shipment_get(waybill_no=waybill_no)
        if shipment is None:
            raise Http404
        return Response(ShipmentOutputSerializer(shipment).data)

    @extend_schema(
        request=ShipmentInputSerializer,
        responses={200: ShipmentOutputSerializer, 201: ShipmentOutputSerializer},
    )
    def put(self, request: Request, waybill_no: str) -> Response:
        try:
            normalise_waybill(waybill_no)
        except ValidationError as exc:
            raise ValidationError({"waybill_no": exc.messages}) from exc
        shipment, created = shipment_upsert(waybill_no=waybill_no, data=request.data)
        shipment = shipment_get(waybill_no=shipment.waybill_no)
        return Response(
            ShipmentOutputSerializer(shipment).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
