"""What the benchmark needs in a generated database besides the generated rows: its users (with a
session or a token), a routing rule so that intake picks the least-loaded agent, the complaint with
200 events and 5 merged duplicates, and the complaints and terms the pages are asked for. Idempotent:
a reused database gets them once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent, RoutingRule
from complaints.models.channels import ChannelBinding
from org.models import Department, StaffProfile
from org.roles import Role

LONG = "bench-200-events"  # external_id of the complaint with a long history


@dataclass
class Targets:
    cookies: dict[str, str]  # persona → "sessionid=…"
    token: str  # the channel's API token (intake)
    manager_token: str
    longest: list[str]  # numbers of the complaints with the longest generated histories
    long_history: str  # number of the complaint with 200 events and 5 merged duplicates
    number: str
    waybill: str
    phone: str


def _user(username: str, role: str, department: Department | None):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": role in (Role.MANAGER, Role.SUPERVISOR)}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if department is not None:
            StaffProfile.objects.create(user=user, department=department, display_name=username)
    return user


def _cookie(user) -> str:
    from django.conf import settings

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _long_history() -> Complaint:
    """A complaint with 200 events whose customer called five more times (five merged duplicates,
    each with a few events of its own), copied from a generated open complaint."""
    existing = Complaint.objects.filter(channel="web", external_id=LONG).first()
    if existing is not None:
        return existing
    base = Complaint.objects.filter(status="investigating", customer__isnull=False).order_by("-id").first()
    fields = {
        f.attname: getattr(base, f.attname)
        for f in Complaint._meta.concrete_fields
        if f.attname not in ("id", "number", "external_id", "channel", "created_at", "updated_at")
    }
    target = Complaint.objects.create(**fields, number="BENCHLONG0000000", channel="web", external_id=LONG)
    start = timezone.now() - dt.timedelta(days=4)
    ComplaintEvent.objects.bulk_create(
        ComplaintEvent(
            complaint=target,
            at=start + dt.timedelta(minutes=20 * i),
            actor_id=target.owner_id,
            kind="note",
            name="note",
            note=f"第{i + 1}次跟进：已联系网点核实",
        )
        for i in range(200)
    )
    for i in range(5):
        duplicate = Complaint.objects.create(
            **fields | {"status": "merged", "merged_into_id": target.pk, "closed_at": timezone.now()},
            number=f"BENCHDUP{i:08d}",
            channel="phone",
        )
        ComplaintEvent.objects.bulk_create(
            ComplaintEvent(
                complaint=duplicate,
                at=start + dt.timedelta(hours=i, minutes=m),
                kind=kind,
                name=name,
                from_state=from_state,
                to_state=to_state,
            )
            for m, (kind, name, from_state, to_state) in enumerate(
                [
                    ("intake", "intake", "", "received"),
                    ("transition", "acknowledge", "received", "acknowledged"),
                    ("transition", "merge", "acknowledged", "merged"),
                ]
            )
        )
    return target


def prepare() -> Targets:
    from rest_framework.authtoken.models import Token

    team = Department.objects.get(code="GEN-CS")
    manager = _user("bench-manager", Role.MANAGER, team)
    supervisor = _user("bench-supervisor", Role.SUPERVISOR, team)
    agent = get_user_model().objects.get(username="gen-agent01")
    channel = _user("bench-channel", Role.CHANNEL, None)
    ChannelBinding.objects.get_or_create(user=channel, channel="web")
    # Channel complaints go to the generated team's queue, to the least-loaded agent on duty.
    RoutingRule.objects.get_or_create(
        priority=1, department=team, defaults={"tier": "frontline", "auto_assign": True}
    )
    long_history = _long_history()
    longest = [
        row["complaint"]
        for row in ComplaintEvent.objects.exclude(complaint=long_history)
        .values("complaint")
        .annotate(n=Count("id"))
        .order_by("-n", "complaint")[:3]
    ]
    searchable = Complaint.objects.filter(customer__isnull=False, status="investigating").exclude(
        waybill_no=""
    )
    offset = min(1000, searchable.count() // 2)  # not the very first rows of a small database
    sample = searchable.select_related("customer").order_by("id")[offset : offset + 1].get()
    return Targets(
        cookies={
            name: _cookie(user)
            for name, user in [("manager", manager), ("supervisor", supervisor), ("agent", agent)]
        },
        token=Token.objects.get_or_create(user=channel)[0].key,
        manager_token=Token.objects.get_or_create(user=manager)[0].key,
        longest=list(Complaint.objects.filter(pk__in=longest).values_list("number", flat=True)),
        long_history=long_history.number,
        number=sample.number,
        waybill=sample.waybill_no,
        phone=sample.customer.phone,
    )
