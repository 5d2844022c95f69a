"""A bad-input corpus over every field of every write operation of the REST API.

The operations are found, not listed: every POST, PUT, PATCH and DELETE under /api/v1/ in the OpenAPI
schema the product serves at /api/schema/, and for the transition endpoints every name of the view's
transition table. Their fields come from the schema's request bodies (nested objects' fields too, e.g.
customer.name) and from the transitions' argument serializers. Each runs on real records (the demo
data: complaints in every state with their events, claims in every state, shipments) by the users who
may run it (a channel with its token, agents, a supervisor, a manager, the operations feed), each found
by sending a valid body first: the first record it succeeds on is the target.

For each target and field an otherwise valid body is sent with that one field (or the whole body)
replaced by each bad value (tests.hardening.api_corpus.BAD_VALUES), and each path parameter replaced by
bad path segments. Every request runs in a savepoint rolled back afterwards. For every answer:

- no status of 500 or above, no transaction left aborted by a value PostgreSQL refused;
- a refused request (4xx) writes no row (PostgreSQL's per-transaction row counters);
- the answer matches what the schema declares for its status; an error the schema does not declare
  is at least JSON with a Chinese message;
- a required text field does not take a blank, whitespace-only or zero-width-only text.

Both variants send as the first staff user and the first integration user that may run each operation
(who may run what is the permission matrix's subject, tests/complaints/test_permission_matrix.py); the quick
variant sends a share of the values, the slow one every value (on request: DESK_FULL_CORPUS=1, since it
takes 5-20 minutes on two cores). Sizes are printed
(pytest -s) and asserted to stay meaningful."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from decimal import Decimal
from io import StringIO

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.hardening.api_corpus import (
    BAD_PATH_VALUES,
    BAD_VALUES,
    EMPTY_TEXTS,
    QUICK_VALUES,
    Outcome,
    Target,
    body_with,
    schema_fields,
    send,
    serializer_fields,
)

# Staff first, then the integration users (API-only).
STAFF = ("agent1", "supervisor1", "expert1", "manager1", "dept1")
INTEGRATIONS = ("channel-web", "ops-feed")
WRITE_METHODS = ("post", "put", "patch", "delete")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BAD_FILES = {
    "NUL in the name": ("a\x00.png", PNG),
    "empty": ("empty.pdf", b""),
    "not what it says": ("x.jpg", b"MZ\x90\x00 not an image"),
    "5000-character name": ("y" * 5000 + ".png", PNG),
    "right-to-left name": ("\u202egnp.exe", PNG),
}


def _iso(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).isoformat()


def _customer() -> dict:
    return {"name": "张小凡", "phone": "13800138000"}


def baseline(template: str, caller: str, record: dict | None, name: str | None, seen: list[dict]) -> dict:
    """A body the operation accepts from `caller` on `record` (a complaint or claim as the API shows
    it). A new operation or transition fails the test here until it gets its valid body."""
    channel = "web" if caller in INTEGRATIONS else "phone"
    if template == "/api/v1/complaints/":
        return {
            "channel": channel,
            "external_id": "CORPUS-1",
            "kind": "complaint",
            "regulator_ref": "",
            "customer": _customer(),
            "waybill_no": "KD2026110001",
            "category": "delay.transit",
            "description": "快件三天未更新物流，要求尽快派送。",
            "remedy_sought": "redelivery",
            "received_at": _iso(-dt.timedelta(hours=1)),
        }
    if template == "/api/v1/contacts/":
        return {
            "channel": channel,
            "customer": _customer(),
            "kind": "feedback",
            "sentiment": "suggestion",
            "text": "希望增加晚间派送时段。",
            "answer": "已记录，感谢建议。",
        }
    if template == "/api/v1/shipments/{waybill_no}/":
        return {
            "product": "standard",
            "operator_type": "express",
            "sender": {"name": "王寄件", "phone": "13900001111"},
            "recipient": {"name": "李收件", "phone": "13700002222"},
            "origin_outlet": "SH-PD-01",
            "destination_outlet": "SH-PD-01",
            "freight": "18.00",
            "addon_fees": "2.00",
            "insured": True,
            "insured_amount": "500.00",
            "declared_value": "800.00",
            "cap_clause_acknowledged": True,
            "shipped_at": _iso(-dt.timedelta(days=3)),
            "promised_at": _iso(-dt.timedelta(days=1)),
            "delivered_at": _iso(-dt.timedelta(hours=12)),
            "delivery_method": "door",
            "delivery_consent": True,
        }
    if template == "/api/v1/claims/":
        return {
            "complaint": record["number"],
            "claim_type": "lost",
            "actual_loss": "100.00",
            "proposed_amount": "1.00",
        }
    if template == "/api/v1/claims/{id}/transitions/{name}/":
        return {
            "submit": {},
            "approve": {"note": "同意赔付"},
            "reject": {"reason": "损失证明不足"},
            "pay": {"payment_ref": "PAY-CORPUS-1"},
            "withdraw": {},
        }[name]
    if template == "/api/v1/complaints/{number}/transitions/{name}/":
        return _transition_baseline(name, record, seen)
    raise AssertionError(f"no valid body for {template}: add one to baseline()")


def _transition_baseline(name: str, complaint: dict, seen: list[dict]) -> dict:
    finding = {
        "company_at_fault": True,
        "responsible_department": "SH-PD-01",
        "responsible_staff": "派件员 赵六",
    }
    other = next(
        (
            c["number"]
            for c in seen
            if c["number"] != complaint["number"]
            and c["waybill_no"] == complaint["waybill_no"]
            and c["status"] not in ("resolved", "closed", "rejected", "merged")
        ),
        None,
    )
    return {
        "take": {},
        "acknowledge": {},
        "dispatch": {"department": "SH-PD-01", "assignee": "dept1", "note": "请网点核实"},
        "ask_department": {"department": "SC-SH", "note": "请转运中心核实分拣记录"},
        "record_finding": {"cause": "派件员未按址投递", "note": "已核实", **finding},
        "request_info": {"note": "请客户提供外包装照片"},
        "receive_info": {"note": "客户已提供照片"},
        "propose": {"solution": "向客户道歉并退还运费"},
        "approve_proposal": {"note": "同意"},
        "decline_proposal": {"note": "赔付依据不足"},
        "revise": {"note": "客户不接受方案"},
        "accept_offer": {"note": "客户接受"},
        "resolve": {"resolution": "已道歉并退还运费", "root_cause": "last_mile", **finding},
        "close": {"outcome": "satisfied", "satisfaction": 5, "comment": "处理及时"},
        "reopen": {"reason": "客户再次来电"},
        "reject": {"reason": "诉求超出服务承诺范围"},
        "merge": {"into": other},
        "escalate": {"reason": "客户要求上级处理"},
        "deescalate": {"note": "已由一线跟进"},
        "transfer_owner": {"to": "agent2", "reason": "调岗"},
        "regrade": {
            "severity": "major" if complaint["severity"] != "major" else "complex",
            "reason": "媒体关注",
        },
        "confirm_category": {"category": "delay.transit"},
        "extend": {"working_days": 2, "reason": "需外部核实"},
        "note": {"text": "客户来电催促"},
        "contact": {"outcome": "reached", "note": "回访接通"},
    }[name]


class World:
    """The demo data, a token client per demo user, the served schema and every write operation on
    real records by the users who may run it."""

    def __init__(self, *, quick: bool):
        call_command("seed_demo", stdout=StringIO())
        self._more_claims()
        self.quick = quick
        self.clients = {}
        for username in STAFF + INTEGRATIONS:
            token = Token.objects.get_or_create(user=self._user(username))
            self.clients[username] = Client(
                raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token[0].key}"
            )
        raw = Client().get("/api/schema/", {"format": "json"})
        assert raw.status_code == 200
        self.document = json.loads(raw.content)
        self.schema = schemathesis.openapi.from_dict(self.document)
        self._duplicate()
        self.complaints = {u: self._complaints(u) for u in self.clients}
        self.targets: list[Target] = []
        self.missing: list[str] = []
        self.operations = 0
        for template, item in self.document["paths"].items():
            for method in WRITE_METHODS:
                if method in item and template.startswith("/api/v1/"):
                    self.operations += 1
                    self._discover(method.upper(), template, item[method])

    @staticmethod
    def _user(username):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(username=username)

    def _more_claims(self) -> None:
        """Besides the demo's submitted and paid claims, a draft and an approved one."""
        from claims.services import claim_approve, claim_create, claim_submit
        from complaints.models import Complaint

        agent, manager = self._user("agent1"), self._user("manager1")
        complaint = Complaint.objects.filter(
            owner=agent, shipment__isnull=False, status="investigating"
        ).first()
        claim_create(complaint=complaint, actor=agent, claim_type="delay", actual_loss=Decimal("1.00"))
        approved = claim_create(
            complaint=complaint, actor=agent, claim_type="lost", actual_loss=Decimal("900.00")
        )
        # Uninsured without the cap clause acknowledged: approved with the legal review's conclusion.
        claim_approve(
            claim=claim_submit(claim=approved, actor=agent), actor=manager, note="法务审核：按实际损失赔偿"
        )

    def _duplicate(self) -> None:
        """A complaint filed by the website channel about a waybill already complained of by phone:
        unowned in the queue (to be taken) and a duplicate (to be merged)."""
        body = {
            "channel": "web",
            "external_id": "CORPUS-DUPLICATE",
            "customer": {"name": "张三丰", "phone": "13812345678"},
            "waybill_no": "KD2026110001",
            "category": "delay.transit",
            "description": "快件三天未更新物流（网站再次提交）。",
        }
        response = self.clients["channel-web"].post(
            "/api/v1/complaints/", body, content_type="application/json"
        )
        assert response.status_code == 201, response.content

    def _complaints(self, username: str) -> list[dict]:
        response = self.clients[username].get("/api/v1/complaints/", {"page_size": 200})
        return response.json()["results"] if response.status_code == 200 else []

    def _candidates(self, template: str, username: str, name: str | None) -> list[tuple[str, dict | None]]:
        """(path, record) pairs to try, in order."""
        from claims.models import Claim
        from customers.models import Shipment

        seen = self.complaints[username]
        if "{id}" in template:
            return [
                (template.replace("{id}", str(pk)), {"id": pk})
                for pk in Claim.objects.values_list("pk", flat=True)
            ]
        if "{waybill_no}" in template:
            waybill = Shipment.objects.filter(waybill_no="KD2026110001").values_list("waybill_no", flat=True)
            return [(template.replace("{waybill_no}", w), None) for w in waybill]
        if "{number}" in template:
            usable = [c for c in seen if name is None or name in c["available_transitions"]]
            return [(template.replace("{number}", c["number"]), c) for c in usable]
        if template == "/api/v1/claims/":
            return [(template, c) for c in seen if c.get("waybill_no")]
        return [(template, None)]

    def _discover(self, method: str, template: str, operation: dict) -> None:
        content = operation.get("requestBody", {}).get("content", {})
        names = [None]
        if "{name}" in template:
            view = resolve(
                template.replace("{name}", "x").replace("{number}", "TS0000000001").replace("{id}", "1")
            )
            registry = sys.modules[view.func.cls.__module__].TRANSITIONS
            names = list(registry)
            declared = next((p for p in operation.get("parameters", []) if p["name"] == "name"), {})
            if "enum" in declared.get("schema", {}):
                assert set(declared["schema"]["enum"]) == set(registry), template
        for name in names:
            found = []
            for username in self.clients:
                group = username in INTEGRATIONS
                if any((t.caller in INTEGRATIONS) == group for t in found):
                    continue  # the first staff user and the first integration user that may
                for path, record in self._candidates(template, username, name):
                    path = path.replace("{name}", name or "")
                    target = self._target(method, template, path, username, record, name, content)
                    if target is not None:
                        found.append(target)
                        break
            self.targets += found
            if not found:
                self.missing.append(f"{method} {template} {name or ''}")

    def _target(self, method, template, path, username, record, name, content) -> Target | None:
        """The operation as `username` on `record`, if a valid body succeeds there."""
        client = self.clients[username]
        label = f"{method} {template.replace('{name}', name or '')} as {username}"
        if "multipart/form-data" in content:  # the evidence upload
            target = Target(method, template, path, username, client, None, [], label)
            valid = {"file": SimpleUploadedFile("photo.png", PNG, content_type="image/png")}
            status = send(self.schema, target, Outcome(), "valid", files=valid)
            return target if status < 300 else None
        if "{name}" in template:
            view = resolve(path)
            args = sys.modules[view.func.cls.__module__].TRANSITIONS[name][0]
            fields = serializer_fields(args())
        else:
            fields = schema_fields(self.document, content["application/json"]["schema"])
        body = baseline(template, username, record, name, self.complaints[username])
        target = Target(method, template, path, username, client, body, fields, label)
        status = send(self.schema, target, Outcome(), "valid", body=json.dumps(body).encode())
        return target if status < 300 else None


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _path_cases(target: Target) -> list[tuple[str, str]]:
    """The target's path with each parameter's value replaced by each bad segment."""
    template_parts, path_parts = target.template.strip("/").split("/"), target.path.strip("/").split("/")
    cases = []
    for i, part in enumerate(template_parts):
        if part.startswith("{"):
            for label, segment in BAD_PATH_VALUES.items():
                bad = [*path_parts[:i], segment, *path_parts[i + 1 :]]
                cases.append((f"{part} = {label}", "/" + "/".join(bad) + "/"))
    return cases


def run(world: World) -> Outcome:
    outcome = Outcome()
    for target in world.targets:
        for case, path in _path_cases(target):
            body = json.dumps(target.baseline).encode() if target.baseline is not None else None
            files = {"file": SimpleUploadedFile("photo.png", PNG)} if body is None else None
            send(world.schema, target, outcome, case, path=path, body=body, files=files)
        if target.baseline is None:
            for label, (filename, content) in BAD_FILES.items():
                upload = {"file": SimpleUploadedFile(filename, content)}
                send(world.schema, target, outcome, label, files=upload)
            continue
        for field in target.fields:
            name = ".".join(field.path) or "body"
            for label in QUICK_VALUES[field.kind] if world.quick else BAD_VALUES:
                body = body_with(target.baseline, field.path, BAD_VALUES[label])
                status = send(world.schema, target, outcome, f"{name} = {label}", body=body)
                if status < 300:
                    outcome.accepted.setdefault(label, set()).add(f"{target.template} {name}")
                    if field.required_text and label in EMPTY_TEXTS:
                        outcome.failures.append(f"required text took {label}: {target.label}: {name}")
    return outcome


def _report(label: str, world: World, outcome: Outcome) -> None:
    fields = sum(len(t.fields) for t in world.targets)
    print(
        f"\n{label}: {world.operations} operations, {len(world.targets)} targets (operation x user), "
        f"{fields} fields, {outcome.requests} requests; statuses {dict(sorted(outcome.statuses.items()))}"
    )
    if world.missing:
        print("  no user could run:", world.missing)
    for value, where in sorted(outcome.accepted.items()):
        print(f"  accepted {value}: {sorted(where)}")
    for failure in outcome.failures[:40]:
        print("  ", failure)


@pytest.mark.django_db
def test_no_bad_value_in_any_api_field_gives_a_server_error_an_undeclared_answer_or_a_written_row(media):
    world = World(quick=True)
    outcome = run(world)
    _report("API corpus (quick)", world, outcome)
    assert world.missing == []
    assert world.operations >= 7 and len(world.targets) >= 35 and outcome.requests >= 1000
    assert outcome.failures == []


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("DESK_FULL_CORPUS") != "1",
    reason="every value on every field takes 5-20 minutes here (one transaction of ~10,000 requests); "
    "run it with DESK_FULL_CORPUS=1 scripts/test tests/hardening/test_api_corpus.py",
)
@pytest.mark.django_db
def test_every_bad_value_in_every_api_field(media):
    world = World(quick=False)
    outcome = run(world)
    _report("API corpus (every value)", world, outcome)
    assert world.missing == []
    assert outcome.requests >= 5000
    assert outcome.failures == []
