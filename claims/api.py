"""The claims API of CONTRACT.md."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims import serializers as s
from claims import services
from claims.models import Claim
from claims.selectors import claim_list
from complaints.selectors import complaint_get_for_user
from infra.permissions import ModelPermissionsByMethod

TRANSITIONS = {
    "submit": (s.NoArgs, services.claim_submit),
    "approve": (s.NoteArg, services.claim_approve),
    "reject": (s.ReasonArg, services.claim_reject),
    "pay": (s.PayArgs, services.claim_pay),
    "withdraw": (s.NoArgs, services.claim_withdraw),
}


TRANSITION_ARGUMENTS = PolymorphicProxySerializer(
    component_name="ClaimTransitionArguments",
    serializers=list(dict.fromkeys(args for args, _service in TRANSITIONS.values())),
    resource_type_field_name=None,
)


class ClaimViewSet(viewsets.GenericViewSet):
    permission_classes = [ModelPermissionsByMethod]
    required_perms = {"GET": ("claims.view_claim",), "POST": ("claims.view_claim",)}
    serializer_class = s.ClaimSerializer
    conflict_actions = ("create", "transition")  # 409 in the schema (config/schema.py)
    lookup_value_regex = "[0-9]{1,12}"

    def get_queryset(self):
        return claim_list(user=self.request.user)

    def _get(self, pk: str) -> Claim:
        claim = self.get_queryset().filter(pk=int(pk)).first()
        if claim is None:
            raise Http404
        return claim

    @extend_schema(request=s.ClaimCreateSerializer, responses={201: s.ClaimSerializer})
    def create(self, request: Request) -> Response:
        if not request.user.has_perm("claims.add_claim"):
            return Response(
                {"detail": _("You may not propose compensation.")}, status=status.HTTP_403_FORBIDDEN
            )
        data = s.ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = complaint_get_for_user(user=request.user, number=data.validated_data["complaint"].number)
        if complaint is None:
            raise Http404
        claim = services.claim_create(
            complaint=complaint,
            actor=request.user,
            claim_type=data.validated_data["claim_type"],
            actual_loss=data.validated_data["actual_loss"],
            proposed_amount=data.validated_data.get("proposed_amount"),
        )
        return Response(s.ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ClaimSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.ClaimSerializer(self._get(pk)).data)

    @extend_schema(
        request=TRANSITION_ARGUMENTS,
        responses=s.ClaimSerializer,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=sorted(TRANSITIONS))],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def transition(self, request: Request, pk: str, name: str) -> Response:
        if name not in TRANSITIONS:
            return Response(
                {"detail": _("Unknown transition: %(name)s") % {"name": name}},
                status=status.HTTP_404_NOT_FOUND,
            )
        claim = self._get(pk)
        args_class, service = TRANSITIONS[name]
        args = args_class(data=request.data if isinstance(request.data, dict) else {})
        args.is_valid(raise_exception=True)
        return Response(
            s.ClaimSerializer(service(claim=claim, actor=request.user, **args.validated_data)).data
        )
