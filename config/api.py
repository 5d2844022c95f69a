"""The REST API's shared base: strict JSON input and one mapping of domain errors to HTTP codes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import Conflict


def unstorable_text(value: Any) -> str | None:
    """The first string inside `value` that PostgreSQL cannot store (NUL bytes, lone surrogates)."""
    if isinstance(value, str):
        if "\x00" in value:
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = unstorable_text(key) or unstorable_text(item)
            if found is not None:
                return found
    if isinstance(value, list):
        for item in value:
            found = unstorable_text(item)
            if found is not None:
                return found
    return None


class StrictJSONParser(JSONParser):
    """JSON that the database can store: no NUL bytes, no unpaired surrogates, an object at the top."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if unstorable_text(data) is not None:
            raise exceptions.ParseError(
                _("The request contains characters that cannot be stored (e.g. NUL).")
            )
        return data


def _validation_detail(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Map domain errors to the codes of CONTRACT.md: 400 invalid, 403 not allowed, 409 conflict."""
    if isinstance(exc, Conflict):
        body = {"detail": exc.message, "status": exc.current_state}
        if exc.allowed:
            body["allowed_states"] = exc.allowed
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, (TransitionNotAllowed, ConcurrentTransition)):
        instance = getattr(exc, "object", None)
        state = getattr(instance, "status", None)
        return Response(
            {
                "detail": _("This action is not allowed now (current state: %(state)s).") % {"state": state},
                "status": state,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(_validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DataError):
        return Response(
            {"detail": _("A value is out of the range the database accepts.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
