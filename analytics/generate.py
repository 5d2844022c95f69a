"""Bulk data for measuring (CONTRACT.md `generate_data`): customers, shipments (about ten per
complaint), complaints in every state with deadlines from the real calendar and SLA policies, their
events, claims, penalties and consultations. Everything is generated inside PostgreSQL (INSERT … SELECT
over generate_series with a seeded random()), so a million complaints take minutes, not hours."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from analytics.calendar_table import ensure_working_days
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
def secondary_indexes_rebuilt(cursor, table: str):
    """Drops the table's plain indexes and foreign keys for a bulk insert and puts them back after: a
    sort per index and one join per foreign key, instead of tens of millions of index updates and
    per-row key checks. Inside the step's transaction: a killed run rolls back with them intact."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = %s AND i.schemaname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                               WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    foreign_keys = cursor.fetchall()
    for name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


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
            ("complaints", self.complaints),
            ("events", self.events),
            ("claims and penalties", self.claims),
            ("consultations and feedback", self.contacts),
            ("statistics", self.analyze),
        ]
        for number, (label, step) in enumerate(steps, 1):
            started = time.monotonic()
            self.progress(f"[{number}/{len(steps)}] {label} …")
            if step == self.analyze:  # VACUUM runs outside a transaction
                with connection.cursor() as cursor:
                    step(cursor)
            else:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT setseed(%s)", [((self.seed * 7919 + number) % 10000) / 10000.0])
                    # Foreign keys checked per statement, so that indexes can be rebuilt in the same step.
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
        cursor.execute("DROP TABLE IF EXISTS gen_customer, gen_shipment")
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
        with secondary_indexes_rebuilt(cursor, "customers_shipment"):
            self._insert_shipments(cursor, count, span)
        cursor.execute("CREATE UNIQUE INDEX ON gen_shipment (rn)")
        cursor.execute("SELECT count(*) FROM gen_shipment")
        self.shipment_count = cursor.fetchone()[0]
        self.counts["shipments"] = self.shipment_count
        if self.shipment_count == 0:
            raise RuntimeError("These waybills exist already: use another --seed.")

    def _insert_shipments(self, cursor, count: int, span: float) -> None:
        cursor.execute(
            """
            CREATE TEMP TABLE gen_shipment (rn bigserial, id bigint, shipped_at timestamptz, outlet bigint,
                                            recipient bigint, waybill text);
            WITH ins AS (
                INSERT INTO customers_shipment (
                    waybill_no, product_id, operator_type, sender_id, recipient_id, origin_outlet_id,
                    destination_outlet_id, freight, addon_fees, insured, insured_amount, declared_value,
                    cap_clause_acknowledged, shipped_at, promised_at, delivered_at, delivery_method,
                    delivery_consent, created_at, updated_at)
                SELECT 'G' || %(tag)s || lpad(i::text, 10, '0'), %(product)s, 'express',
                       (%(customer_ids)s::bigint[])[1 + floor(random() * %(customers)s)::int],
                       (%(customer_ids)s::bigint[])[1 + floor(power(random(), 1.3) * %(customers)s)::int],
                       (%(outlet_ids)s::bigint[])[1 + floor(random() * %(outlets)s)::int],
                       -- hot spots: a few outlets deliver (and draw complaints) far more than others
                       (%(outlet_ids)s::bigint[])[1 + floor(power(random(), 2.5) * %(outlets)s)::int],
                       round((8 + random() * 22)::numeric, 2), 0, insured, CASE WHEN insured THEN 1000 END,
                       CASE WHEN insured THEN 1200 END, random() < 0.7, shipped,
                       shipped + interval '3 days', shipped + interval '2 days' + random() * interval '3 days',
                       (ARRAY['door','door','door','locker','station','self_pickup'])[1 + floor(random() * 6)::int],
                       random() < 0.5, %(now)s, %(now)s
                  -- a subquery, not LATERAL: an uncorrelated LATERAL is evaluated once for all rows
                  -- in time order, as a real feed arrives (rows of a month lie together on disk)
                  FROM (SELECT i, %(start)s::timestamptz
                                  + (i - 1 + random()) / %(count)s * %(span)s * interval '1 second' AS shipped,
                               random() < 0.08 AS insured
                          FROM generate_series(1, %(count)s) AS i) r
                ON CONFLICT (waybill_no) DO NOTHING
                RETURNING id, shipped_at, destination_outlet_id, recipient_id, waybill_no
            )
            INSERT INTO gen_shipment (id, shipped_at, outlet, recipient, waybill)
            SELECT * FROM ins ORDER BY id
            """,
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

    def complaints(self, cursor) -> None:
        cursor.execute("SELECT COALESCE(max(id), 0) FROM complaints_complaint")
        self.first_complaint = cursor.fetchone()[0]
        with secondary_indexes_rebuilt(cursor, "complaints_complaint"):
            # The open-load triggers would update one of forty rows a million times: off for the bulk
            # insert (inside this step's transaction), then one recount.
            cursor.execute("ALTER TABLE complaints_complaint DISABLE TRIGGER USER")
            self._insert_complaints(cursor)
            cursor.execute("ALTER TABLE complaints_complaint ENABLE TRIGGER USER")
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
        with secondary_indexes_rebuilt(cursor, "complaints_complaintevent"):
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


LOCAL = "AT TIME ZONE 'Asia/Shanghai'"

COMPLAINTS_SQL = f"""
INSERT INTO complaints_complaint (
    number, kind, regulator_ref, channel, external_id, created_by_id, customer_id, contact_name, waybill_no,
    shipment_id, category_id, category_needs_confirmation, severity, description, remedy_sought, status, tier,
    owner_id, assignee_id, department_id, queue_department_id, received_at, acknowledged_at, resolved_at,
    closed_at, acknowledge_due, resolve_due, statutory_due, callback_due, paused_seconds, extended_days,
    breached_due, callback_reminded_due,
    solution, finding_cause, company_at_fault, responsible_department_id, responsible_staff, root_cause_id,
    resolution, outcome, satisfaction, satisfaction_comment, failed_contacts, reopen_count, created_at, updated_at)
SELECT 'G' || %(tag)s || lpad(x.i::text, 12, '0'), x.kind,
       CASE WHEN x.kind = 'appeal' THEN '12305-' || x.i ELSE '' END,
       CASE WHEN x.kind = 'appeal' THEN 'regulator'
            ELSE (ARRAY['phone','phone','phone','web','app','app','wechat','wechat','outlet','email'])[1 + floor(x.r_channel * 10)::int] END,
       '', x.agent, x.recipient,
       (ARRAY['王先生','李女士','张先生','刘女士','陈先生','杨女士'])[1 + x.i %% 6],
       x.waybill, x.shipment_id, x.category_id, false, cat.default_severity,
       '客户反映：' || cat.name, 'other', x.status,
       CASE WHEN x.kind = 'appeal' OR x.r_resp > 0.9 THEN 'supervisor' ELSE 'frontline' END,
       x.agent, CASE WHEN x.status <> 'received' THEN x.agent END, %(cs)s, %(cs)s,
       x.received, x.acknowledged, x.resolved,
       CASE WHEN x.status = 'closed' THEN LEAST(x.resolved + x.r_sat * interval '2 days', %(now)s) END,
       x.received + pol.acknowledge_hours * interval '1 hour', LEAST(dl.resolve_due, dl.statutory_due), dl.statutory_due,
       CASE WHEN x.resolved IS NOT NULL THEN x.resolved + interval '2 days' END, 0, 0,
       -- the sweeps of the past already handled what fell due more than a day ago
       CASE WHEN x.status NOT IN ('closed', 'resolved', 'rejected')
                 AND LEAST(dl.resolve_due, dl.statutory_due) < %(now)s - interval '1 day'
            THEN LEAST(dl.resolve_due, dl.statutory_due) END,
       CASE WHEN x.status = 'resolved' AND x.resolved + interval '2 days' < %(now)s - interval '1 day'
            THEN x.resolved + interval '2 days' END,
       '', '', CASE WHEN x.resolved IS NOT NULL THEN x.r_fault < 0.6 END,
       CASE WHEN x.resolved IS NOT NULL AND x.r_resp < 0.7 THEN x.outlet END, '',
       CASE WHEN x.resolved IS NOT NULL THEN (%(root_causes)s::bigint[])[1 + x.slot_root %% cardinality(%(root_causes)s::bigint[])] END,
       CASE WHEN x.resolved IS NOT NULL THEN '已核实处理并答复客户' ELSE '' END,
       CASE WHEN x.status = 'closed' THEN CASE WHEN x.satisfaction <= 2 THEN 'dissatisfied' ELSE 'satisfied' END ELSE '' END,
       x.satisfaction, '', 0,
       CASE WHEN x.status = 'reopened' OR (x.status = 'closed' AND x.r_fault > 0.97) THEN 1 ELSE 0 END,
       x.received, %(now)s
  FROM (
    SELECT s.*, CASE WHEN s.status IN ('received') THEN NULL
                     ELSE LEAST(s.received + s.r_ack * interval '30 hours', %(now)s) END AS acknowledged,
           CASE WHEN s.status = 'closed' AND s.r_sat < 0.6 THEN
                CASE WHEN s.r_sat > 0.33 THEN 5 WHEN s.r_sat > 0.18 THEN 4 WHEN s.r_sat > 0.11 THEN 3
                     WHEN s.r_sat > 0.06 THEN 2 ELSE 1 END END AS satisfaction
      FROM (
        SELECT a.*,
               CASE WHEN a.r_state < CASE WHEN a.age > 20 THEN 0.97 WHEN a.age > 7 THEN 0.75
                                          WHEN a.age > 2 THEN 0.4 ELSE 0.1 END
                    THEN CASE WHEN a.r_close < 0.82 THEN 'closed' WHEN a.r_close < 0.94 THEN 'resolved' ELSE 'rejected' END
                    ELSE CASE WHEN a.r_close < 0.1 THEN 'received' WHEN a.r_close < 0.25 THEN 'acknowledged'
                              WHEN a.r_close < 0.7 THEN 'investigating' WHEN a.r_close < 0.8 THEN 'awaiting_customer'
                              WHEN a.r_close < 0.85 THEN 'pending_approval' WHEN a.r_close < 0.95 THEN 'proposed'
                              ELSE 'reopened' END END AS status
          FROM (
            SELECT g.*, sh.id AS shipment_id, sh.waybill, sh.recipient, sh.outlet, r.received,
                   extract(epoch FROM %(now)s - r.received) / 86400 AS age,
                   (%(categories)s::bigint[])[1 + g.slot_cat %% cardinality(%(categories)s::bigint[])] AS category_id,
                   CASE WHEN g.r_kind < 0.03 THEN 'appeal' ELSE 'complaint' END AS kind,
                   (%(agents)s::bigint[])[1 + g.slot_agent %% cardinality(%(agents)s::bigint[])] AS agent
              FROM (SELECT i, LEAST(%(shipments)s, 1 + floor((i - 1 + random()) * %(shipments)s / %(n)s))::bigint AS k,
                           random() AS r_delay,
                           random() AS r_state, random() AS r_ack, random() AS r_handle, random() AS r_close,
                           random() AS r_sat, random() AS r_kind, random() AS r_fault, random() AS r_resp,
                           random() AS r_channel, floor(random() * 100)::int AS slot_cat,
                           floor(random() * 100)::int AS slot_root, floor(random() * 1000)::int AS slot_agent
                      FROM generate_series(1, %(n)s) AS i) g
              JOIN gen_shipment sh ON sh.rn = g.k,
                   LATERAL (SELECT LEAST(sh.shipped_at + interval '1 day' + g.r_delay * interval '4 days',
                                         %(now)s - interval '1 minute') AS received) r
          ) a
      ) s
  ) x0
  CROSS JOIN LATERAL (SELECT x0.*, NULL::timestamptz AS resolved_placeholder) x1
  JOIN complaints_category cat ON cat.id = x1.category_id
  JOIN complaints_slapolicy pol ON pol.kind = x1.kind AND pol.severity = cat.default_severity
  JOIN gen_day d ON d.day = (x1.received {LOCAL})::date
  JOIN gen_wd w ON w.n = d.next_n + pol.resolve_working_days - 1
  JOIN gen_day d2 ON d2.day = (x1.received {LOCAL})::date + pol.statutory_calendar_days
  JOIN gen_wd w2 ON w2.n = d2.same_or_next_n
  CROSS JOIN LATERAL (SELECT (w.day + time '23:59:59') {LOCAL} AS resolve_due,
                             (w2.day + time '23:59:59') {LOCAL} AS statutory_due) dl
  CROSS JOIN LATERAL (
      SELECT x1.*, CASE WHEN x1.status IN ('closed', 'resolved', 'reopened') THEN
                       GREATEST(x1.acknowledged, LEAST(x1.received + x1.r_handle * 1.25
                                * (LEAST(dl.resolve_due, dl.statutory_due) - x1.received), %(now)s)) END AS resolved
  ) x
"""

EVENTS_SQL = """
INSERT INTO complaints_complaintevent (complaint_id, at, actor_id, kind, name, from_state, to_state, note, data)
SELECT c.id, e.at, c.owner_id, e.kind, e.name, e.f, e.t, '', '{}'::jsonb
  FROM complaints_complaint c
 CROSS JOIN LATERAL (VALUES
    (c.received_at, 'intake', 'intake', '', 'received', true),
    (c.acknowledged_at, 'transition', 'acknowledge', 'received', 'acknowledged', c.acknowledged_at IS NOT NULL),
    (c.acknowledged_at + interval '5 minutes', 'transition', 'dispatch', 'acknowledged', 'investigating',
        c.acknowledged_at IS NOT NULL AND c.status <> 'acknowledged' AND c.id %% 3 <> 0),
    (c.resolved_at, 'transition', 'resolve', 'investigating', 'resolved', c.resolved_at IS NOT NULL),
    (c.closed_at, 'transition', 'close', 'resolved', 'closed', c.closed_at IS NOT NULL),
    (c.resolved_at + interval '1 day', 'transition', 'reopen', 'resolved', 'reopened', c.status = 'reopened'),
    (c.received_at + interval '1 hour', 'transition', 'reject', 'received', 'rejected', c.status = 'rejected')
 ) AS e(at, kind, name, f, t, keep)
 WHERE c.id > %(first)s AND e.keep
"""

CLAIMS_SQL = """
INSERT INTO claims_claim (complaint_id, shipment_id, claim_type, actual_loss, cap, rule, needs_legal_review,
    proposed_amount, status, proposed_by_id, approved_by_id, approved_under, approved_at, decision_note,
    payment_ref, paid_at, created_at, updated_at)
SELECT c.id, c.shipment_id, CASE WHEN cat.code LIKE 'loss.%%' THEN 'lost' ELSE 'total_damage' END,
       v.loss, v.loss, 'uninsured_actual_loss', false, v.loss,
       CASE WHEN c.status = 'closed' THEN 'paid' ELSE 'approved' END, c.owner_id, c.owner_id, 'agent',
       c.resolved_at, '', CASE WHEN c.status = 'closed' THEN 'GP' || %(tag)s || c.id END,
       CASE WHEN c.status = 'closed' THEN c.resolved_at END, c.resolved_at, c.resolved_at
  FROM complaints_complaint c
  JOIN complaints_category cat ON cat.id = c.category_id
 CROSS JOIN LATERAL (SELECT round((50 + (c.id %% 450))::numeric, 2) AS loss) v
 WHERE c.id > %(first)s AND c.status IN ('resolved', 'closed') AND c.shipment_id IS NOT NULL
   AND (cat.code LIKE 'loss.%%' OR cat.code LIKE 'damage.%%') AND c.id %% 3 = 0
"""

PENALTIES_SQL = """
INSERT INTO claims_penalty (complaint_id, department_id, staff, rule_id, loss, amount, reason, status,
    proposed_by_id, decided_by_id, dispute, decision, created_at)
SELECT c.id, c.responsible_department_id, '', %(rule)s, 0, 50, '责任网点处罚', 'approved', c.owner_id,
       c.owner_id, '', '', c.closed_at
  FROM complaints_complaint c
 WHERE c.id > %(first)s AND c.status = 'closed' AND c.company_at_fault
   AND c.responsible_department_id IS NOT NULL AND c.id %% 20 = 0
"""

CONTACTS_SQL = """
INSERT INTO complaints_contact (kind, sentiment, channel, customer_id, contact_name, text, answer, recorded_by_id, at)
SELECT CASE WHEN r < 0.6 THEN 'consultation' ELSE 'feedback' END,
       CASE WHEN r < 0.6 THEN '' WHEN r < 0.75 THEN 'positive' WHEN r < 0.9 THEN 'negative' ELSE 'suggestion' END,
       'phone', NULL, '来电客户', '咨询快件进度', '', (%(agents)s::bigint[])[1 + i %% cardinality(%(agents)s::bigint[])],
       %(start)s::timestamptz + random() * %(span)s * interval '1 second'
  FROM generate_series(1, %(count)s) AS i, LATERAL (SELECT random() AS r, i AS ii) x
"""
