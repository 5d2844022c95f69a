"""The REST API's shared base: strict JSON input and one mapping of domain errors to HTTP codes."""

from __future__ import annotations

import math
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

from infra.errors import Conflict

# Deeper than any body the API takes (a complaint is three levels deep); a deeper body is refused
# before anything walks it, so no recursion runs out of stack.
MAX_JSON_DEPTH = 32


def _nodes(value: Any):
    """Every key and value inside `value`, with its depth; iterative (no recursion on deep input)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, dict):
            stack.extend((part, depth + 1) for pair in item.items() for part in pair)
        elif isinstance(item, list):
            stack.extend((part, depth + 1) for part in item)


def _unstorable(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unstorable_text(value: Any) -> str | None:
    """The first string inside `value` that PostgreSQL cannot store (NUL bytes, lone surrogates)."""
    return next((item for item, _depth in _nodes(value) if _unstorable(item)), None)


def json_depth(value: Any) -> int:
    return max(depth for _item, depth in _nodes(value))


class StrictJSONParser(JSONParser):
    """JSON that the database can store: an object (every body the API takes is one), no NUL bytes, no
    unpaired surrogates, at most MAX_JSON_DEPTH levels deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from exc
        if not isinstance(data, dict):
            # A list, text, number or null would otherwise be read as "no arguments" by the
            # transitions, or be refused in English by DRF ("No data provided").
            raise exceptions.ParseError(_("The request body must be a JSON object."))
        if json_depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(_("The JSON body is nested too deeply."))
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
    """Map domain errors to the codes of CONTRACT.md: 400 invalid, 403 not allowed, 409 conflict, 429
    rate limited (in Chinese, with Retry-After)."""
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
    if isinstance(exc, exceptions.Throttled):
        response = drf_exception_handler(exc, context)  # sets Retry-After from exc.wait
        seconds = math.ceil(exc.wait) if exc.wait else None
        response.data = {
            "detail": _("Too many requests; try again in %(seconds)s seconds.") % {"seconds": seconds or 1}
            if seconds
            else _("Too many requests; try again shortly."),
            "retry_after": seconds,
        }
        return response
    if isinstance(exc, DataError):
        return Response(
            {"detail": _("A value is out of the range the database accepts.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
