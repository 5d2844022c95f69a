"""The machinery of the REST API's bad-input corpus (tests/hardening/test_api_corpus.py): the bad values,
the request fields found in the OpenAPI schema (and in the transitions' argument serializers), bodies
with one field replaced, and one request sent and judged.

Each request is sent inside a savepoint rolled back afterwards, so every case starts from the same data;
PostgreSQL's per-transaction row counters (tests.hardening.writes) still show what it tried to write."""

from __future__ import annotations

import copy
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import requests
from django.db import DatabaseError, transaction
from django.test import Client
from schemathesis.core.transport import Response as SchemathesisResponse
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.hardening.writes import writes


def _text(value: str) -> str:
    """As JSON text, ASCII only: NUL, control characters and lone surrogates become \\u escapes."""
    return json.dumps(value)


# label -> the value as raw JSON text (raw, so that lone surrogates, 1e999 and deep nesting go as sent).
BAD_VALUES: dict[str, str] = {
    "NUL": _text("a\x00b"),
    "control characters": _text("\x01\x07\x08\x1b[31m\x7f\x85\x9f"),
    "zero-width only": _text("\u200b\u200c\u200d\u2060\ufeff"),
    "blank": _text(""),
    "whitespace only": _text(" \t\n\u3000\u00a0 "),
    "lone high surrogate": '"\\ud800"',
    "lone low surrogate": '"a\\udfffb"',
    "right-to-left override": _text("\u202egnp.exe"),
    "emoji": _text("😀" * 20),
    "1 MB string": _text("x" * 1_000_000),
    "huge integer": "9" * 40,
    "huge negative integer": "-" + "9" * 40,
    "negative": "-1",
    "zero": "0",
    "float for integer": "2.5",
    "overflowing float": "1e999",
    "huge number as text": _text("9" * 40),
    "negative as text": _text("-1"),
    "exponent as text": _text("1e309"),
    "NaN as text": _text("NaN"),
    "Infinity as text": _text("Infinity"),
    "Arabic-Indic digits": _text("١٣٨١٢٣٤٥٦٧٨"),
    "full-width digits": _text("１３８１２３４５６７８"),
    "full-width small number": _text("５"),
    "year 0": _text("0000-01-01T00:00:00+08:00"),
    "year 1 at +14:00": _text("0001-01-01T00:00:00+14:00"),
    "year 1": _text("0001-01-01T00:00:00Z"),
    "year 9999 at -12:00": _text("9999-12-31T23:59:59-12:00"),
    "year 9999": _text("9999-12-31T23:59:59+08:00"),
    "year 10000": _text("10000-01-01T00:00:00+08:00"),
    "offset +16:00": _text("2026-01-05T10:00:00+16:00"),
    "February 30": _text("2026-02-30T10:00:00+08:00"),
    "naive time": _text("2026-01-05T10:00:00"),
    "SQL": _text("' OR 1=1 --"),
    "list": "[]",
    "list of text": '["a", "b"]',
    "object": "{}",
    "object with keys": '{"name": "x", "code": "y", "phone": "13800000000"}',
    "null": "null",
    "true": "true",
    "false": "false",
    "nested 30 deep": "[" * 30 + "]" * 30,
    "nested 5000 deep": "[" * 5000 + "]" * 5000,
}
# The quick variant's share, by the kind of field: the wrong JSON types everywhere, and what breaks
# that kind of value. The slow variant sends every value to every field.
WRONG_TYPES = ("list", "object with keys", "null", "true")
QUICK_VALUES: dict[str, tuple[str, ...]] = {
    "body": ("list", "null", "1 MB string", "nested 30 deep", "nested 5000 deep"),
    "object": (*WRONG_TYPES, "object", "NUL"),
    "text": (
        *WRONG_TYPES,
        "NUL",
        "control characters",
        "zero-width only",
        "lone high surrogate",
        "1 MB string",
    ),
    "number": (
        *WRONG_TYPES,
        "huge integer",
        "negative",
        "float for integer",
        "overflowing float",
        "NaN as text",
        "full-width small number",
    ),
    "date": (
        *WRONG_TYPES,
        "year 0",
        "year 1 at +14:00",
        "year 9999 at -12:00",
        "year 10000",
        "offset +16:00",
    ),
    "bool": (*WRONG_TYPES, "NUL", "huge integer", "blank"),
}
# Texts that carry nothing: a required text field refuses them.
EMPTY_TEXTS = ("blank", "whitespace only", "zero-width only")
# Bad path segments (already percent-encoded).
BAD_PATH_VALUES: dict[str, str] = {
    "NUL": "a%00b",
    "lone surrogate": "%ED%A0%80",
    "invalid UTF-8": "%FF%FE",
    "control characters": "%01%1B%7F",
    "long": "9" * 5000,
    "Arabic-Indic digits": urllib.parse.quote("١٢٣٤٥"),
    "dot-dot": "..",
    "huge number": "9" * 40,
    "negative": "-1",
}
MARKER = "@@corpus-bad-value@@"
CJK = re.compile(r"[\u4e00-\u9fff]")


# -- fields ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]  # () is the whole body
    kind: str = "body"  # body, object, text, number, date, bool (QUICK_VALUES)
    required_text: bool = False


def _properties(root: dict, node: dict) -> tuple[dict, list[str]]:
    """The properties and required names of an object schema, through $ref, allOf, oneOf, anyOf."""
    if "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _properties(root, target)
    properties, required = dict(node.get("properties", {})), list(node.get("required", []))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in node.get(key, []):
            more, more_required = _properties(root, part)
            properties.update(more)
            required += more_required
    return properties, required


def _is_text(node: dict) -> bool:
    """Free text (not a choice, a number or a date) that must be given."""
    if "$ref" in node or "allOf" in node or "oneOf" in node or "enum" in node:
        return False
    return node.get("type") == "string" and not node.get("format") and "default" not in node


def _kind(root: dict, node: dict) -> str:
    if _properties(root, node)[0]:
        return "object"
    if node.get("format") in ("date-time", "date"):
        return "date"
    if node.get("type") in ("integer", "number") or node.get("format") == "decimal":
        return "number"
    if node.get("type") == "boolean":
        return "bool"
    return "text"


def schema_fields(root: dict, body: dict, prefix: tuple[str, ...] = ()) -> list[Field]:
    """Every field of a request body schema, nested objects' fields included, depth first."""
    properties, required = _properties(root, body)
    fields = [] if prefix else [Field(())]
    for name, node in properties.items():
        if node.get("readOnly"):
            continue
        path = (*prefix, name)
        text = name in required and _is_text(node)
        fields.append(Field(path, _kind(root, node), required_text=text))
        if _properties(root, node)[0]:
            fields += schema_fields(root, node, path)
    return fields


def serializer_fields(serializer, prefix: tuple[str, ...] = ()) -> list[Field]:
    """Every writable field of a DRF serializer (a transition's arguments), nested ones included."""
    from rest_framework import serializers

    fields = [] if prefix else [Field(())]
    for name, f in serializer.fields.items():
        if f.read_only:
            continue
        path = (*prefix, name)
        text = type(f) is serializers.CharField and f.required and not f.allow_blank
        fields.append(Field(path, _serializer_kind(f), required_text=text))
        if isinstance(f, serializers.Serializer):
            fields += serializer_fields(f, path)
    return fields


def _serializer_kind(f) -> str:
    from rest_framework import serializers

    kinds = [
        (serializers.Serializer, "object"),
        ((serializers.DateTimeField, serializers.DateField), "date"),
        ((serializers.IntegerField, serializers.DecimalField, serializers.FloatField), "number"),
        (serializers.BooleanField, "bool"),
    ]
    return next((kind for types, kind in kinds if isinstance(f, types)), "text")


def body_with(baseline: dict, path: tuple[str, ...], raw: str) -> bytes:
    """The baseline body as JSON with the value at `path` replaced by the raw JSON text."""
    if not path:
        return raw.encode()
    body = copy.deepcopy(baseline)
    node = body
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[path[-1]] = MARKER
    return json.dumps(body, ensure_ascii=False).replace(json.dumps(MARKER), raw, 1).encode()


# -- one request -------------------------------------------------------------------------------------
@dataclass
class Target:
    """An operation on a real record, by a caller that may run it, with a body it accepts."""

    method: str
    template: str  # the schema's path
    path: str  # with the record's keys filled in
    caller: str
    client: Client = field(repr=False)
    baseline: dict | None  # None: a multipart operation
    fields: list[Field]
    label: str = ""

    def __post_init__(self):
        self.label = self.label or f"{self.method} {self.path} as {self.caller}"


@dataclass
class Outcome:
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    writes: int | None = None  # the transaction's row count after the last request
    accepted: dict[str, set] = field(default_factory=dict)  # value label -> fields that took it

    def record(self, status: int) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


def _wrap(response, method: str, path: str) -> SchemathesisResponse:
    request = requests.Request(method, f"http://testserver{path}").prepare()
    headers = {name: [value] for name, value in response.items()}
    return SchemathesisResponse(response.status_code, headers, response.content, request, 0.0, False)


def _json(response) -> Any:
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _chinese(data: Any) -> bool:
    if isinstance(data, str):
        return bool(CJK.search(data))
    if isinstance(data, dict):
        return any(_chinese(v) for v in data.values())
    if isinstance(data, list):
        return any(_chinese(v) for v in data)
    return False


def send(
    schema: OpenApiSchema,
    target: Target,
    outcome: Outcome,
    case: str,
    *,
    path: str | None = None,
    body: bytes | None = None,
    files: dict | None = None,
) -> int:
    """Send one request in a savepoint rolled back afterwards and record what is wrong with its answer:
    a server error, an aborted transaction, a row written by a refused request, an answer the schema
    does not declare (or, for an error the schema leaves open, one that is not JSON in Chinese)."""
    path = path or target.path
    before = writes() if outcome.writes is None else outcome.writes
    savepoint = transaction.savepoint()
    try:
        if files is not None:
            response = target.client.post(path, files)
        else:
            response = target.client.generic(target.method, path, body, content_type="application/json")
        try:
            outcome.writes = writes()
            written = outcome.writes - before
        except DatabaseError:
            outcome.writes, written = None, None
    finally:
        transaction.savepoint_rollback(savepoint)
    status = response.status_code
    outcome.record(status)
    where = f"{target.label}: {case} -> {status}"
    if status >= 500:
        outcome.failures.append(f"server error: {where}")
    if written is None:
        outcome.failures.append(f"the database refused what validation let through: {where}")
    elif status >= 400 and written:
        outcome.failures.append(f"refused but wrote {written} rows: {where}")
    if status < 500:
        problem = conformance(schema, target, response, path)
        if problem:
            outcome.failures.append(f"{problem}: {where} {response.content[:300]!r}")
    return status


def conformance(schema: OpenApiSchema, target: Target, response, path: str) -> str | None:
    operation = schema[target.template][target.method]
    declared = operation.responses.find_by_status_code(response.status_code) is not None
    status = response.status_code
    if declared:
        try:
            operation.validate_response(_wrap(response, target.method, path))
        except AssertionError as exc:  # schemathesis' FailureGroup is one
            return f"answer does not match the schema ({str(exc).splitlines()[0][:200]})"
    elif status < 400:
        return "undeclared status"
    if status >= 400:
        data = _json(response)
        if data is None:
            return "error answer is not JSON"
        if not _chinese(data):
            return "error answer has no Chinese message"
    return None
