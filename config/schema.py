"""The OpenAPI schema describes what the API answers, errors included (CONTRACT.md: 400 invalid input,
401/403 not allowed, 404 not found, 409 not possible in the current state, 415 a body in a format the
operation does not read, 429 rate limited), so that a client generated from /api/schema/ reads every
answer it can get."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, for people (Chinese by default)."))


class ConflictSerializer(ErrorSerializer):
    status = serializers.CharField(allow_null=True, help_text=_("The record's current state."))
    allowed_states = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("The states the action runs from.")
    )


class ThrottledSerializer(ErrorSerializer):
    retry_after = serializers.IntegerField(allow_null=True, help_text=_("Seconds until the next try."))


# Field errors ({"field": ["message"], nested objects for nested fields}) or {"detail": "..."}.
INVALID = {
    "type": "object",
    "additionalProperties": {},
    "description": "Invalid input: each field names its messages, or `detail` says what is wrong.",
}


class DeskAutoSchema(AutoSchema):
    """Adds the error answers to every operation: 400 and 429 everywhere; 401 and 403 where a login is
    needed; 404 where a path names a record (or a list pages by cursor); 409 on the actions the view
    names in `conflict_actions`; 415 wherever a body is read (a multipart upload sent as JSON, or a JSON
    body sent as a form)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        errors = {"400": INVALID, "429": ThrottledSerializer}
        if not public:
            errors |= {"401": ErrorSerializer, "403": ErrorSerializer}
        if "{" in self.path or self._is_list_view():
            errors["404"] = ErrorSerializer
        action = getattr(self.view, "action", None) or self.method.lower()
        if action in getattr(self.view, "conflict_actions", ()):
            errors["409"] = ConflictSerializer
        if self.method in ("POST", "PUT", "PATCH"):
            errors["415"] = ErrorSerializer
        for code, body in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        responses["429"].setdefault("headers", {})["Retry-After"] = {
            "schema": {"type": "integer"},
            "description": "Seconds until the caller may try again.",
        }
        return responses
