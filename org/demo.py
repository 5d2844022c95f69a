"""Demo organisation and users for seed_demo (idempotent: existing rows are left as they are)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token

from org.models import Department, StaffProfile
from org.roles import ADMIN_ROLES, Role

DEPARTMENTS = [
    ("CS-HQ", "客服中心", Department.Kind.CUSTOMER_SERVICE, "上海市", "上海市"),
    ("SH-PD-01", "上海浦东网点", Department.Kind.OUTLET, "上海市", "上海市"),
    ("SH-XH-02", "上海徐汇网点", Department.Kind.OUTLET, "上海市", "上海市"),
    ("BJ-CY-01", "北京朝阳网点", Department.Kind.OUTLET, "北京市", "北京市"),
    ("GZ-TH-01", "广州天河网点", Department.Kind.OUTLET, "广东省", "广州市"),
    ("SC-SH", "上海转运中心", Department.Kind.SORTING_CENTRE, "上海市", "上海市"),
    ("LH-EAST", "华东干线", Department.Kind.LINE_HAUL, "江苏省", "南京市"),
    ("LM-SH", "上海末端派送", Department.Kind.LAST_MILE, "上海市", "上海市"),
    ("CLAIMS", "理赔中心", Department.Kind.CLAIMS, "上海市", "上海市"),
]

# username, display name, role, department code
USERS = [
    ("agent1", "客服 王小明", Role.AGENT, "CS-HQ"),
    ("agent2", "客服 李丽", Role.AGENT, "CS-HQ"),
    ("supervisor1", "主管 陈静", Role.SUPERVISOR, "CS-HQ"),
    ("expert1", "专家组 周强", Role.EXPERT, "CS-HQ"),
    ("manager1", "经理 刘洋", Role.MANAGER, "CS-HQ"),
    ("auditor1", "审计 孙敏", Role.AUDITOR, "CS-HQ"),
    ("dept1", "浦东网点 赵刚", Role.DEPARTMENT_STAFF, "SH-PD-01"),
    ("dept2", "转运中心 钱伟", Role.DEPARTMENT_STAFF, "SC-SH"),
    ("channel-web", "官网渠道", Role.CHANNEL, None),
    ("ops-feed", "运营系统", Role.OPERATIONS, None),
]


@dataclass
class SeedCounts:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def count(self, what: str, created: bool) -> None:
        bucket = self.created if created else self.existing
        bucket[what] = bucket.get(what, 0) + 1


def seed_organisation(counts: SeedCounts, *, reset_passwords: bool = False) -> None:
    departments = {}
    for code, name, kind, province, city in DEPARTMENTS:
        department, created = Department.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "province": province, "city": city}
        )
        departments[code] = department
        counts.count("departments", created)

    password = settings.DEMO_PASSWORD
    for username, display_name, role, department_code in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": role in ADMIN_ROLES}
        )
        # Checking a password costs a full PBKDF2 round; only new users (or a reset) get one set.
        if created or reset_passwords:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if department_code:
            StaffProfile.objects.get_or_create(
                user=user, defaults={"department": departments[department_code], "display_name": display_name}
            )
        if role in (Role.CHANNEL, Role.OPERATIONS):
            counts.tokens[username] = Token.objects.get_or_create(user=user)[0].key
        counts.count("users", created)
