"""The complaints API of CONTRACT.md: intake, list, detail, events, transitions, attachments."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import serializers as s
from complaints import services
from complaints.filters import ComplaintFilterSet
from complaints.models import Attachment, Channel, Complaint
from complaints.rules import customer_facing
from complaints.selectors import (
    complaint_duplicates,
    complaint_get_for_user,
    complaint_list,
    complaint_queryset,
    complaint_timeline,
    with_complaints,
)
from complaints.services.contacts import contact_record
from complaints.workflow import TRANSITIONS
from infra.db_router import replica_reads
from infra.permissions import ModelPermissionsByMethod


class ComplaintPagination(CursorPagination):
    ordering = ("-received_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class EventPagination(CursorPagination):
    ordering = ("at", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


# Each transition takes its own arguments (CONTRACT.md's table): one of these objects.
TRANSITION_ARGUMENTS = PolymorphicProxySerializer(
    component_name="ComplaintTransitionArguments",
    serializers=list(dict.fromkeys(args for args, _service in TRANSITIONS.values())),
    resource_type_field_name=None,
)
TRANSITION_NAMES = "; ".join(f"{name}: {args.__name__}" for name, (args, _s) in TRANSITIONS.items())


class ComplaintViewSet(viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9]{4,16}"
    permission_classes = [ModelPermissionsByMethod]
    required_perms = {"GET": ("complaints.view_complaint",), "POST": ()}
    pagination_class = ComplaintPagination
    filterset_class = ComplaintFilterSet
    serializer_class = s.ComplaintSerializer
    throttle_scopes = {"create": "intake"}  # the rest: reads and transitions (infra/throttling.py)
    conflict_actions = ("transition",)  # 409 in the schema (config/schema.py)

    def get_queryset(self):
        return complaint_list(user=self.request.user)

    def get_object(self) -> Complaint:
        complaint = complaint_get_for_user(user=self.request.user, number=self.kwargs["number"])
        if complaint is None:
            raise Http404
        return complaint

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "customer_facing": customer_facing(self.request.user)}

    def _detail(self, complaint: Complaint, code: int = status.HTTP_200_OK) -> Response:
        fresh = complaint_queryset().prefetch_related("attachments__complaint").get(pk=complaint.pk)
        return Response(
            s.ComplaintDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(parameters=[OpenApiParameter("page_size", int)])
    def list(self, request: Request) -> Response:
        if customer_facing(request.user) and request.query_params.get("owner"):
            # Channels do not learn who handles what inside the company.
            return Response(
                {"owner": [_("This filter is not available to channels.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with replica_reads(request):  # a read-only list: the read replica, when there is one
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.ComplaintIntakeSerializer,
        responses={201: s.ComplaintDetailSerializer, 200: s.ComplaintDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Intake. A repeated external_id (per channel) returns the stored complaint with 200."""
        if not request.user.has_perm("complaints.add_complaint"):
            return Response({"detail": _("You may not record complaints.")}, status=status.HTTP_403_FORBIDDEN)
        data = request.data if isinstance(request.data, dict) else {}
        channel, external_id = data.get("channel"), data.get("external_id")
        if channel in Channel.values and isinstance(external_id, str) and external_id:
            existing = services.intake_replay(actor=request.user, channel=channel, external_id=external_id)
            if existing is not None:
                return self._detail(existing)
        serializer = s.ComplaintIntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        result = services.complaint_intake(
            actor=request.user,
            channel=v["channel"],
            customer_name=v["customer"]["name"],
            customer_phone=v["customer"].get("phone") or None,
            description=v["description"],
            category_code=v.get("category") or None,
            kind=v["kind"],
            regulator_ref=v["regulator_ref"],
            external_id=v["external_id"],
            waybill_no=v["waybill_no"],
            remedy_sought=v["remedy_sought"],
            received_at=v.get("received_at"),
        )
        if not result.created:
            return self._detail(result.complaint)
        # The complaint just written, as intake holds it (its relations read or written by intake, no
        # attachments yet): the same representation as reading it back, without the queries.
        complaint = result.complaint
        no_attachments = Attachment.objects.none()
        no_attachments._result_cache = []  # as prefetch_related leaves it: not even compiled
        complaint._prefetched_objects_cache = {"attachments": no_attachments}
        return Response(
            s.ComplaintDetailSerializer(complaint, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=s.ComplaintDetailSerializer)
    def retrieve(self, request: Request, number: str) -> Response:
        return self._detail(self.get_object())

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=EventPagination, filterset_class=None)
    def events(self, request: Request, number: str) -> Response:
        """The timeline, oldest first, including the events of duplicates merged into this complaint.
        Channels get the customer-facing timeline (the steps the customer is told of)."""
        outside = customer_facing(request.user)
        with replica_reads(request):
            complaint = complaint_get_for_user(user=request.user, number=number, lookups=False)
            if complaint is None:
                raise Http404
            # The duplicates first, so that the events come from their index alone (complaint_timeline).
            merged = complaint_duplicates(complaint)
            events = complaint_timeline(complaint, customer_facing=outside, merged=[m.pk for m in merged])
            page = self.paginate_queryset(events)
            with_complaints(page, complaint, merged)
            serializer = s.CustomerEventSerializer if outside else s.EventSerializer
            return self.get_paginated_response(serializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        request=TRANSITION_ARGUMENTS,
        responses={200: s.ComplaintDetailSerializer},
        parameters=[
            OpenApiParameter(
                "name", str, OpenApiParameter.PATH, enum=sorted(TRANSITIONS), description=TRANSITION_NAMES
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)", filterset_class=None)
    def transition(self, request: Request, number: str, name: str) -> Response:
        """Run a transition or action by name with its arguments (CONTRACT.md's table)."""
        if name not in TRANSITIONS:
            return Response(
                {"detail": _("Unknown transition: %(name)s") % {"name": name}},
                status=status.HTTP_404_NOT_FOUND,
            )
        complaint = self.get_object()
        services.check_allowed(complaint, name, request.user)
        args_serializer, service = TRANSITIONS[name]
        args = args_serializer(data=request.data if isinstance(request.data, dict) else {})
        args.is_valid(raise_exception=True)
        updated = service(complaint=complaint, actor=request.user, **args.validated_data)
        return self._detail(updated)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: s.AttachmentSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser], filterset_class=None)
    def attachments(self, request: Request, number: str) -> Response:
        """Attach evidence: multipart `file`, JPEG, PNG or PDF, at most 10 MB."""
        complaint = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {"file": [_("Attach a file in the field 'file'.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        attachment = services.attachment_add(complaint=complaint, actor=request.user, upload=upload)
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        }
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>[0-9]{1,12})",
        filterset_class=None,
    )
    def attachment(self, request: Request, number: str, attachment_id: str) -> FileResponse:
        """Download one evidence file (only for those who may see the complaint)."""
        complaint = self.get_object()
        attachment = complaint.attachments.filter(pk=int(attachment_id)).first()
        if attachment is None:
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=True,
            filename=attachment.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ContactView(APIView):
    """Consultations and feedback from channels and staff (CONTRACT.md), counted in the monthly report."""

    permission_classes = [ModelPermissionsByMethod]
    required_perms = {"POST": ("complaints.add_contact",)}
    throttle_scopes = {"POST": "intake"}

    @extend_schema(request=s.ContactInputSerializer, responses={201: s.ContactSerializer})
    def post(self, request: Request) -> Response:
        data = s.ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        contact = contact_record(
            actor=request.user,
            channel=v["channel"],
            kind=v["kind"],
            customer_name=v["customer"]["name"],
            customer_phone=v["customer"].get("phone") or None,
            text=v["text"],
            answer=v["answer"],
            sentiment=v["sentiment"],
        )
        return Response(s.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
