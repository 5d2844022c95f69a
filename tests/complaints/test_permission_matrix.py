"""The permission matrix, generated from the rules: every role × every transition or action declared on
Complaint (and reading it) × every scope (the actor's own complaint, another agent's of the same team,
another department's, another channel's), plus anonymous callers, through the real API.

The expected answer of each cell comes from two things: the permission each transition declares on the
model (read here, so a new transition joins the matrix by itself), and what each permission means for
each role and scope, stated below in plain terms (DESIGN.md, complaints/rules.py's docstring) rather
than by calling the rules themselves. Not visible → 404, visible but not allowed → 403, allowed but a
condition fails → 409, else 200 with one event written by the actor.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint, ComplaintEvent
from complaints.workflow import TRANSITIONS
from org.roles import Role
from tests.complaints.factories import ComplaintFactory
from tests.conftest import _staff, channel_user, token_client
from tests.customers.factories import CustomerFactory
from tests.org.factories import DepartmentFactory, StaffProfileFactory, UserFactory

ROLES = [role.value for role in Role]
SCOPES = ["own", "other_agent", "other_department", "other_channel"]
HANDLERS = {"agent", "supervisor", "expert", "manager"}  # handle complaints (DESIGN.md "Who uses it")
DECIDERS = {"supervisor", "expert", "manager"}  # "supervisor or above" in CONTRACT.md


def sees(role: str, scope: str, tier: str) -> bool:
    """Who reads which complaint (DESIGN.md; complaints/rules.py's docstring), for the placements below."""
    if role in ("manager", "auditor"):
        return True
    if role == "agent":  # their own, and the unowned frontline queue of their team
        return scope == "own" or (scope == "other_channel" and tier == "frontline")
    if role == "supervisor":  # their team's, and the supervisor tier anywhere
        return scope in ("own", "other_agent", "other_channel") or tier == "supervisor"
    if role == "expert":  # their own, and the expert tier anywhere
        return scope == "own" or tier == "expert"
    if role in ("department_staff", "channel"):  # dispatched to their department / filed by themselves
        return scope == "own"
    return False


def handles(role, scope, tier, status) -> bool:
    return role in HANDLERS and sees(role, scope, tier)


def decides(role, scope, tier, status) -> bool:
    return role in DECIDERS and sees(role, scope, tier)


def notes(role, scope, tier, status) -> bool:
    return handles(role, scope, tier, status) or (role == "department_staff" and scope == "own")


# What each permission declared on the model means (complaints/models/lifecycle.py, actions.py).
MEANING = {
    "can_work": handles,
    "can_take": handles,
    "can_decide": decides,
    "can_record_finding": notes,
    "can_note": notes,
}

# Valid arguments of each action (the matrix is about who, not what).
ARGS = {
    "take": {},
    "acknowledge": {},
    "dispatch": {"department": "OUT-M", "note": "请核实"},
    "ask_department": {"department": "OUT-A", "note": "请协查"},
    "record_finding": {"cause": "未按地址投递", "company_at_fault": True},
    "request_info": {"note": "请提供照片"},
    "receive_info": {"note": "已收到"},
    "propose": {"solution": "退还运费"},
    "approve_proposal": {"note": "同意"},
    "decline_proposal": {"note": "不同意"},
    "revise": {"note": "客户不接受"},
    "accept_offer": {},
    "resolve": {"resolution": "已处理", "root_cause": "last_mile", "company_at_fault": False},
    "close": {"outcome": "satisfied", "satisfaction": 5},
    "reopen": {"reason": "客户不满意"},
    "reject": {"reason": "经核实不成立"},
    "escalate": {"reason": "需要主管"},
    "deescalate": {"note": "请一线处理"},
    "transfer_owner": {"to": "matrix-spare", "reason": "调整"},
    "regrade": {"severity": "major", "reason": "媒体关注"},
    "confirm_category": {"category": "delay.transit"},
    "extend": {"working_days": 1, "reason": "需调取监控"},
    "note": {"text": "备注"},
    "contact": {"outcome": "reached"},
    "merge": {},  # the survivor's number is added per cell
}


def declaration(name: str, status: str | None = None):
    """(field, source, permission name) of transition `name`, from its first declared source (or
    `status`), read from the model."""
    meta = getattr(Complaint, name)._django_fsm
    source = status or next(iter(meta.transitions))
    return meta.field.name, source, meta.transitions[source].permission.__name__


# Every action exposed by the API, one source each; reopen from `resolved` and from `closed` (declared
# per source: it needs more from closed).
ACTIONS = [(name, None) for name in TRANSITIONS if name != "reopen"] + [
    ("reopen", "resolved"),
    ("reopen", "closed"),
]


def test_the_matrix_covers_every_declared_permission_and_every_exposed_transition():
    permissions = {declaration(name, status)[2] for name, status in ACTIONS}
    assert permissions <= set(MEANING)
    assert set(ARGS) == set(TRANSITIONS)
    # CONTRACT.md's "supervisor or above" actions are declared as decisions.
    for name in ("approve_proposal", "decline_proposal", "reject", "extend", "transfer_owner", "deescalate"):
        assert declaration(name)[2] == "can_decide", name
    # Reopening a closed complaint is a decision; a resolved one, its handlers' work.
    assert declaration("reopen", "closed")[2] == "can_decide"
    assert declaration("reopen", "resolved")[2] == "can_work"


class World:
    """The actor and the people around them: a team (the actor's department), a colleague in it, an
    agent of another team, an outlet elsewhere, and another channel integration."""

    def __init__(self, role: str):
        self.team = DepartmentFactory(code="CS-M", kind="customer_service")
        self.other_team = DepartmentFactory(code="CS-O", kind="customer_service")
        self.outlet = DepartmentFactory(code="OUT-M")  # dispatch target
        self.other_outlet = DepartmentFactory(code="OUT-O")
        self.asked = DepartmentFactory(code="OUT-A")  # joint investigation: asked for its finding
        self.colleague = _staff("agent", department_code="CS-M", username="matrix-colleague")
        self.stranger = _staff("agent", department_code="CS-O", username="matrix-stranger")
        self.spare = _staff("agent", department_code="CS-M", username="matrix-spare")
        self.other_channel = channel_user("matrix-channel", channels=["web"])
        if role == "channel":
            self.actor = channel_user("matrix-actor", channels=["web"])
        elif role == "department_staff":
            self.actor = UserFactory(username="matrix-actor", roles=[role])
            StaffProfileFactory(user=self.actor, department=self.outlet)
        elif role == "operations":
            self.actor = UserFactory(username="matrix-actor", roles=[role])
        else:
            self.actor = _staff(role, department_code="CS-M", username="matrix-actor")
        self.role = role

    def placement(self, scope: str) -> dict:
        a = self.actor
        if scope == "own":
            return {
                "owner": a if self.role in HANDLERS else None,
                "assignee": a if self.role in HANDLERS | {"department_staff"} else None,
                "queue_department": self.team,
                "department": self.outlet if self.role == "department_staff" else None,
                "created_by": a,
                "channel": "web" if self.role == "channel" else "phone",
            }
        if scope == "other_agent":
            c = self.colleague
            return {"owner": c, "assignee": c, "queue_department": self.team, "created_by": c}
        if scope == "other_department":
            s = self.stranger
            return {
                "owner": s,
                "assignee": s,
                "queue_department": self.other_team,
                "department": self.other_outlet,
                "created_by": s,
            }
        return {"queue_department": self.team, "created_by": self.other_channel, "channel": "web"}

    def complaint(self, scope: str, status: str, tier: str, customer) -> Complaint:
        extra = {**self.placement(scope), "status": status, "tier": tier, "customer": customer}
        if status == "awaiting_customer":
            extra["sla_paused_at"] = timezone.now()
        if status in ("resolved", "closed"):
            return ComplaintFactory(resolved=True, **extra)
        return ComplaintFactory(**extra)


def expected(role, scope, name, status, tier, owned) -> int:
    if not sees(role, scope, tier):
        return 404
    permission = declaration(name, status if name == "reopen" else None)[2]
    if not MEANING[permission](role, scope, tier, status):
        return 403
    if name == "take" and owned:
        return 409  # the condition "unowned" fails
    return 200


def run_cell(world: World, client: APIClient, scope: str, name: str, status: str | None):
    from django.db import transaction

    field, source, _permission = declaration(name, status)
    state, tier = ("acknowledged", source) if field == "tier" else (source, "frontline")
    savepoint = transaction.savepoint()
    try:
        customer = CustomerFactory()
        complaint = world.complaint(scope, state, tier, customer)
        body = dict(ARGS[name])
        if name == "merge":
            body["into"] = world.complaint(scope, "acknowledged", tier, customer).number
        response = client.post(
            f"/api/v1/complaints/{complaint.number}/transitions/{name}/", body, format="json"
        )
        want = expected(world.role, scope, name, state, tier, complaint.owner_id is not None)
        got = response.status_code
        wrote = ComplaintEvent.objects.filter(complaint=complaint, name=name, actor=world.actor).exists()
        detail = "" if got == want else response.content.decode()[:200]
        return (want, got, wrote, detail)
    finally:
        transaction.savepoint_rollback(savepoint)


def read_cell(world: World, client: APIClient, scope: str, path: str):
    from django.db import transaction

    savepoint = transaction.savepoint()
    try:
        complaint = world.complaint(scope, "investigating", "frontline", CustomerFactory())
        response = client.get(f"/api/v1/complaints/{complaint.number}/{path}")
        if world.role == "operations":  # no permission to read complaints at all
            want = 403
        else:
            want = 200 if sees(world.role, scope, "frontline") else 404
        return want, response.status_code
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, scope):
    world = World(role)
    client = token_client(world.actor)
    wrong = []
    for path in ("", "events/"):
        want, got = read_cell(world, client, scope, path)
        if want != got:
            wrong.append(f"GET {path or 'detail'}: expected {want}, got {got}")
    for name, status in ACTIONS:
        want, got, wrote, detail = run_cell(world, client, scope, name, status)
        label = f"{name}{'@' + status if status else ''}"
        if want != got:
            wrong.append(f"{label}: expected {want}, got {got} {detail}")
        elif (got == 200) != wrote:
            wrong.append(f"{label}: answered {got} but {'no' if got == 200 else 'an'} event by the actor")
    assert not wrong, f"{role} × {scope}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_anonymous_callers_get_401_for_every_cell(agent):
    complaint = ComplaintFactory(owner=agent)
    client = APIClient()
    codes = {client.get(f"/api/v1/complaints/{complaint.number}/{p}").status_code for p in ("", "events/")}
    for name, _status in ACTIONS:
        url = f"/api/v1/complaints/{complaint.number}/transitions/{name}/"
        codes.add(client.post(url, ARGS[name], format="json").status_code)
    assert codes == {401}
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 0


def matrix_size() -> int:
    """Cells checked: roles × scopes × (actions + two reads), plus the anonymous row."""
    return len(ROLES) * len(SCOPES) * (len(ACTIONS) + 2) + len(ACTIONS) + 2
