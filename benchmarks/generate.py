"""Bulk data for measuring (CONTRACT.md `generate_data`): customers, shipments (about ten per
complaint), complaints in every state with deadlines from the real calendar and SLA policies, their
events, claims, penalties and consultations, and the per-day shipment counts the nightly job keeps.
Everything is generated inside PostgreSQL (INSERT … SELECT over generate_series with a seeded random(),
statements in generate_sql.py), so a million complaints take minutes, not hours.

Benchmark tooling, not part of the shipped apps: `manage.py generate_data` imports it from a checkout."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from analytics.calendar_table import ensure_working_days
from benchmarks.generate_sql import (
    CLAIMS_SQL,
    COMPLAINTS_SQL,
    CONTACTS_SQL,
    EVENTS_SQL,
    PENALTIES_SQL,
    SHIPMENTS_SQL,
)
from complaints.services.routing import agent_load_recount
from org.models import Department, StaffProfile
from org.roles import Role

# The regulator's shares of complaint categories (first level, per cent), spread over their reasons.
CATEGORY_SHARES = {
    "delay": 30,
    "delivery": 33,
    "loss": 15,
    "damage": 10,
    "pickup": 3,
    "fee": 2,
    "cod": 1,
    "other": 6,
}
ROOT_CAUSE_SHARES = {
    "last_mile": 35,
    "linehaul": 18,
    "sorting": 17,
    "pickup": 9,
    "customer_service": 7,
    "customer": 7,
    "system": 4,
    "third_party": 3,
}
OUTLETS = 200
AGENTS = 40


@contextlib.contextmanager
def bulk_load(cursor, table: str, *, trusted: bool):
    """Drops the table's plain indexes for a bulk insert and builds them after (a sort per index instead
    of millions of index updates). Foreign keys: a trusted session (superuser) inserts with
    session_replication_role = replica, so neither they nor the open-load triggers fire (the rows are
    consistent by construction; loads are recounted); otherwise they are dropped and validated once
    after, and the table's own triggers are off meanwhile. Inside the step's transaction: a killed run
    rolls back with everything intact."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = %s AND i.schemaname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                               WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
        [table],
    )
    indexes = cursor.fetchall()
    foreign_keys = []
    if not trusted:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    for name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    if not trusted:
        cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')


def _weighted(codes_to_ids: dict[str, list[int]], shares: dict[str, int]) -> list[int]:
    """A 100-slot array of ids: picking a random slot follows the shares."""
    slots: list[int] = []
    for code, share in shares.items():
        ids = codes_to_ids.get(code) or []
        for i in range(share):
            if ids:
                slots.append(ids[i % len(ids)])
    return slots


class Generator:
    def __init__(
        self,
        *,
        complaints: int,
        months: int,
        seed: int,
        now: dt.datetime | None = None,
        progress: Callable[[str], None] = print,
    ):
        self.n = complaints
        self.months = months
        self.seed = seed
        self.now = now or timezone.now()
        self.start = self.now - dt.timedelta(days=30 * months)
        self.progress = progress
        self.tag = f"{seed % 100:02d}"
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        steps = [
            ("reference data", self.reference),
            ("customers", self.customers),
            ("shipments", self.shipments),
            ("shipments per day and outlet", self.shipment_days),
            ("complaints", self.complaints),
            ("events", self.events),
            ("claims and penalties", self.claims),
            ("consultations and feedback", self.contacts),
            ("statistics", self.analyze),
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            self.trusted = bool(cursor.fetchone()[0])
        for number, (label, step) in enumerate(steps, 1):
            started = time.monotonic()
            self.progress(f"[{number}/{len(steps)}] {label} …")
            if step == self.analyze:  # VACUUM runs outside a transaction
                with connection.cursor() as cursor:
                    step(cursor)
            else:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT setseed(%s)", [((self.seed * 7919 + number) % 10000) / 10000.0])
                    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")  # index builds in memory
                    if self.trusted:
                        cursor.execute("SET LOCAL session_replication_role = replica")
                    else:
                        # Foreign keys checked per statement, so indexes can be rebuilt in the same step.
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    step(cursor)
            self.progress(f"      done in {time.monotonic() - started:.1f} s")
        return self.counts

    # -- steps -----------------------------------------------------------------------------------
    def reference(self, cursor) -> None:
        ensure_working_days(
            self.start.date() - dt.timedelta(days=400), self.now.date() + dt.timedelta(days=400)
        )
        for i in range(1, OUTLETS + 1):
            Department.objects.get_or_create(
                code=f"GEN-O{i:03d}",
                defaults={"name": f"生成网点{i:03d}", "kind": Department.Kind.OUTLET, "province": "江苏省"},
            )
        self.cs, _ = Department.objects.get_or_create(
            code="GEN-CS", defaults={"name": "生成客服中心", "kind": Department.Kind.CUSTOMER_SERVICE}
        )
        User = get_user_model()
        from django.contrib.auth.models import Group

        group = Group.objects.get(name=Role.AGENT)
        for i in range(1, AGENTS + 1):
            user, created = User.objects.get_or_create(username=f"gen-agent{i:02d}")
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(group)
                StaffProfile.objects.get_or_create(
                    user=user, defaults={"department": self.cs, "display_name": f"坐席{i:02d}"}
                )
        cursor.execute("DROP TABLE IF EXISTS gen_customer")
        self.outlet_ids = list(
            Department.objects.filter(code__startswith="GEN-O").order_by("code").values_list("id", flat=True)
        )
        self.agent_ids = list(
            User.objects.filter(username__startswith="gen-agent")
            .order_by("username")
            .values_list("id", flat=True)
        )
        cursor.execute("SELECT code, id FROM complaints_category WHERE parent_id IS NOT NULL ORDER BY code")
        leaves: dict[str, list[int]] = {}
        for code, pk in cursor.fetchall():
            leaves.setdefault(code.split(".")[0], []).append(pk)
        self.categories = _weighted(leaves, CATEGORY_SHARES)
        cursor.execute("SELECT code, id FROM complaints_rootcause")
        self.root_causes = _weighted({code: [pk] for code, pk in cursor.fetchall()}, ROOT_CAUSE_SHARES)
        cursor.execute("SELECT id FROM customers_product WHERE code = 'standard'")
        self.product = cursor.fetchone()[0]
        # Working days numbered, and for every calendar day the number of the next working day.
        cursor.execute("DROP TABLE IF EXISTS gen_wd, gen_day")
        cursor.execute(
            "CREATE TEMP TABLE gen_wd AS SELECT row_number() OVER (ORDER BY day) AS n, day"
            " FROM analytics_workingday WHERE is_working"
        )
        cursor.execute("CREATE UNIQUE INDEX ON gen_wd (n)")
        cursor.execute(
            """CREATE TEMP TABLE gen_day AS
               SELECT d.day, (SELECT min(w.n) FROM gen_wd w WHERE w.day > d.day) AS next_n,
                             (SELECT min(w.n) FROM gen_wd w WHERE w.day >= d.day) AS same_or_next_n
                 FROM analytics_workingday d"""
        )
        cursor.execute("CREATE UNIQUE INDEX ON gen_day (day)")

    def customers(self, cursor) -> None:
        count = max(10, int(self.n * 1.5))
        cursor.execute(
            """
            CREATE TEMP TABLE gen_customer (rn bigserial, id bigint);
            WITH ins AS (
                INSERT INTO customers_customer (name, phone, email, is_vip, created_at)
                SELECT (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + floor(random() * 10)::int]
                       || (ARRAY['伟','芳','娜','敏','静','磊','强','洋','艳','军'])[1 + floor(random() * 10)::int],
                       '19' || %(tag)s || lpad(i::text, 7, '0'), '', random() < 0.01, %(now)s
                  FROM generate_series(1, %(count)s) AS i
                ON CONFLICT (phone) DO NOTHING
                RETURNING id
            )
            INSERT INTO gen_customer (id) SELECT id FROM ins ORDER BY id
            """,
            {"tag": self.tag[-2:], "count": count, "now": self.now},
        )
        cursor.execute("SELECT count(*) FROM gen_customer")
        self.customer_count = cursor.fetchone()[0]
        if self.customer_count == 0:  # generated before with this seed: reuse those customers
            cursor.execute(
                "INSERT INTO gen_customer (id) SELECT id FROM customers_customer WHERE phone LIKE %s ORDER BY id",
                [f"19{self.tag[-2:]}%"],
            )
            cursor.execute("SELECT count(*) FROM gen_customer")
            self.customer_count = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM gen_customer ORDER BY rn")
        self.customer_ids = [row[0] for row in cursor.fetchall()]
        self.counts["customers"] = self.customer_count

    def shipments(self, cursor) -> None:
        count = self.n * 10
        span = (self.now - self.start).total_seconds()
        with bulk_load(cursor, "customers_shipment", trusted=self.trusted):
            cursor.execute(
                SHIPMENTS_SQL,
                {
                    "tag": self.tag,
                    "product": self.product,
                    "customers": self.customer_count,
                    "outlets": OUTLETS,
                    "customer_ids": self.customer_ids,
                    "outlet_ids": self.outlet_ids,
                    "count": count,
                    "start": self.start,
                    "span": span,
                    "now": self.now,
                },
            )
            self.shipment_count = cursor.rowcount
        self.counts["shipments"] = self.shipment_count
        # Complaints find their shipment by its waybill number: every number must be there.
        if self.shipment_count != count:
            raise RuntimeError("These waybills exist already: use another --seed.")

    def shipment_days(self, cursor) -> None:
        """What the nightly job would have counted on each day generated (the report reads it)."""
        from analytics.shipment_days import shipment_days_recount

        shipment_days_recount(self.start.date(), self.now.date(), now=self.now)

    def complaints(self, cursor) -> None:
        cursor.execute("SELECT COALESCE(max(id), 0) FROM complaints_complaint")
        self.first_complaint = cursor.fetchone()[0]
        # The open-load triggers would update one of forty rows a million times: not fired during the
        # bulk insert (bulk_load), then one recount.
        with bulk_load(cursor, "complaints_complaint", trusted=self.trusted):
            self._insert_complaints(cursor)
        agent_load_recount()

    def _insert_complaints(self, cursor) -> None:
        cursor.execute(
            COMPLAINTS_SQL,
            {
                "n": self.n,
                "shipments": self.shipment_count,
                "now": self.now,
                "tag": self.tag,
                "categories": self.categories,
                "root_causes": self.root_causes,
                "agents": self.agent_ids,
                "cs": self.cs.pk,
            },
        )
        self.counts["complaints"] = cursor.rowcount

    def events(self, cursor) -> None:
        with bulk_load(cursor, "complaints_complaintevent", trusted=self.trusted):
            cursor.execute(EVENTS_SQL, {"first": self.first_complaint})
            self.counts["events"] = cursor.rowcount

    def claims(self, cursor) -> None:
        from claims.penalties import PenaltyRule

        rule, _ = PenaltyRule.objects.get_or_create(
            code="gen-fixed", defaults={"name": "生成：固定罚款", "fixed_amount": 50}
        )
        cursor.execute(CLAIMS_SQL, {"first": self.first_complaint, "tag": self.tag})
        self.counts["claims"] = cursor.rowcount
        cursor.execute(PENALTIES_SQL, {"first": self.first_complaint, "rule": rule.pk})
        self.counts["penalties"] = cursor.rowcount

    def contacts(self, cursor) -> None:
        cursor.execute(
            CONTACTS_SQL,
            {
                "count": max(1, self.n // 5),
                "start": self.start,
                "span": (self.now - self.start).total_seconds(),
                "agents": self.agent_ids,
            },
        )
        self.counts["contacts"] = cursor.rowcount

    def analyze(self, cursor) -> None:
        for table in (
            "customers_customer",
            "customers_shipment",
            "complaints_complaint",
            "complaints_complaintevent",
            "claims_claim",
            "complaints_contact",
        ):
            # VACUUM too: the visibility map lets the report count from indexes alone
            cursor.execute(f"VACUUM (ANALYZE) {table}")
