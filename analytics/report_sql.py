"""The monthly report's figures computed in SQL (no complaint is loaded into Python). Definitions:
docs/metrics.md. Parameters: start and end of the month (aware, Asia/Shanghai boundaries); merged
duplicates are never counted.

The complaints every population of the month draws from (received, resolved or closed in it, or with a
deadline in it) are read in one scan (`month`: a BitmapOr of the six time indexes, so each table page
is read once, in physical order) and kept in memory; every figure is an aggregate over them, filtered
to its population. Contacts, claims and penalties are one small query each; shipments come from the
per-day counts (analytics/shipment_days.py)."""

from __future__ import annotations

from django.db import connection

from complaints.models.history import HAND_OVERS

LIVE = "c.status <> 'merged'"
RECEIVED = "c.received_at >= %(start)s AND c.received_at < %(end)s"
RESOLVED = "c.resolved_at >= %(start)s AND c.resolved_at < %(end)s"
CLOSED = "c.closed_at >= %(start)s AND c.closed_at < %(end)s"
ACK_DUE = "c.acknowledge_due >= %(start)s AND c.acknowledge_due < %(end)s"
RESOLVE_DUE = "c.resolve_due >= %(start)s AND c.resolve_due < %(end)s"
STATUTORY_DUE = "c.statutory_due >= %(start)s AND c.statutory_due < %(end)s"
# Handled without a hand-over: no dispatch, escalation or wait for the customer, never reopened.
HAND_OVER_LIST = ", ".join(f"'{name}'" for name in HAND_OVERS)  # literal, to match the partial index


def rows(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [col.name for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(sql: str, params: dict) -> dict:
    return rows(sql, params)[0]


# The month's complaints, with the population flags. A complaint's outlet is its shipment's delivering
# outlet, looked up only for the complaints received in the month (the only figures that use it).
MONTH = f"""
    SELECT c.id, c.kind, c.company_at_fault, c.incident_id, c.category_id, c.owner_id, c.department_id,
           c.customer_id, c.waybill_no, c.status, c.satisfaction, c.root_cause_id,
           c.responsible_department_id, c.reopen_count, c.paused_seconds, c.acknowledged_at, c.resolved_at,
           c.acknowledge_due, c.resolve_due, c.statutory_due,
           c.received_at AT TIME ZONE 'Asia/Shanghai' AS received_local,
           c.resolved_at AT TIME ZONE 'Asia/Shanghai' AS resolved_local,
           ({RECEIVED}) AS rcv, COALESCE({RESOLVED}, false) AS res, COALESCE({CLOSED}, false) AS clo,
           ({ACK_DUE}) AS ack_due, ({RESOLVE_DUE}) AS res_due, ({STATUTORY_DUE}) AS stat_due,
           -- a probe of the shipment's key per complaint received (as a join, the planner hashed
           -- every shipment instead)
           CASE WHEN {RECEIVED} THEN (SELECT s.destination_outlet_id FROM customers_shipment s
                                       WHERE s.id = c.shipment_id) END AS outlet
      FROM complaints_complaint c
     WHERE {LIVE} AND (({RECEIVED}) OR ({RESOLVED}) OR ({CLOSED})
                       OR ({ACK_DUE}) OR ({RESOLVE_DUE}) OR ({STATUTORY_DUE}))
"""


def _agg(sql: str, order: str) -> str:
    """A list of rows as JSON, in `order` (empty list when there is none)."""
    return f"(SELECT COALESCE(json_agg(t ORDER BY {order}), '[]') FROM ({sql}) t)"


# Every per-key count in one pass over the month's complaints (grouping sets), each count filtered to
# its population: received (category, outlet, owner, handling department, incident; with the KPIs),
# resolved (root cause; responsible department × category), closed (satisfaction score).
GROUPED_KEYS = [
    "category_id",
    "outlet",
    "owner_id",
    "department_id",
    "incident_id",
    "root_cause_id",
    "responsible_department_id",
    "satisfaction",
]
GROUPING_SETS = [
    ("category_id",),
    ("outlet",),
    ("owner_id",),
    ("department_id",),
    ("incident_id",),
    ("root_cause_id",),
    ("responsible_department_id", "category_id"),
    ("satisfaction",),
]


def _set(*keys: str) -> str:
    """The GROUPING() value of the set grouped by `keys` (a bit set for every key not grouped)."""
    bits = sum(1 << (len(GROUPED_KEYS) - 1 - i) for i, key in enumerate(GROUPED_KEYS) if key not in keys)
    return f"g.gid = {bits}"


GROUPED = f"""
    SELECT GROUPING({", ".join(GROUPED_KEYS)}) AS gid, {", ".join(GROUPED_KEYS)},
           count(*) FILTER (WHERE rcv) AS received,
           count(*) FILTER (WHERE rcv AND acknowledged_at IS NOT NULL) AS replied,
           count(*) FILTER (WHERE rcv AND (resolved_at IS NOT NULL OR status = 'rejected')) AS handled,
           count(*) FILTER (WHERE rcv AND resolved_at IS NOT NULL) AS resolved,
           count(*) FILTER (WHERE rcv AND resolved_at <= resolve_due) AS on_time,
           count(*) FILTER (WHERE rcv AND satisfaction IS NOT NULL) AS rated,
           count(*) FILTER (WHERE rcv AND satisfaction >= 4) AS satisfied,
           count(*) FILTER (WHERE res) AS resolved_in_month,
           count(*) FILTER (WHERE clo) AS closed_in_month
      FROM m
     GROUP BY GROUPING SETS ({", ".join("(" + ", ".join(keys) + ")" for keys in GROUPING_SETS)})
"""

# Counts over whole populations, and the deadlines falling in the month (rejected ones left out).
TOTALS = """(SELECT json_build_object(
    'complaints', count(*) FILTER (WHERE rcv),
    'appeals', count(*) FILTER (WHERE rcv AND kind = 'appeal'),
    'effective_appeals', count(*) FILTER (WHERE rcv AND kind = 'appeal' AND company_at_fault),
    'incident_complaints', count(*) FILTER (WHERE rcv AND incident_id IS NOT NULL),
    'resolved', count(*) FILTER (WHERE res),
    'closed', count(*) FILTER (WHERE clo),
    'on_time', json_build_object(
        'acknowledge_due', count(*) FILTER (WHERE ack_due AND status <> 'rejected'),
        'acknowledge_met', count(*) FILTER (WHERE ack_due AND status <> 'rejected'
                                                 AND acknowledged_at <= acknowledge_due),
        'resolve_due', count(*) FILTER (WHERE res_due AND status <> 'rejected'),
        'resolve_met', count(*) FILTER (WHERE res_due AND status <> 'rejected'
                                              AND resolved_at <= resolve_due),
        'statutory_due', count(*) FILTER (WHERE stat_due AND status <> 'rejected'),
        'statutory_met', count(*) FILTER (WHERE stat_due AND status <> 'rejected'
                                                AND resolved_at <= statutory_due))) FROM m)"""

BY_CATEGORY = _agg(
    f"""SELECT COALESCE(parent.code, cat.code, '') AS level1,
               COALESCE(parent.name, cat.name, '') AS level1_name,
               COALESCE(cat.code, '') AS code, COALESCE(cat.name, '') AS name,
               sum(g.received)::int AS complaints
          FROM g
          LEFT JOIN complaints_category cat ON cat.id = g.category_id
          LEFT JOIN complaints_category parent ON parent.id = cat.parent_id
         WHERE {_set("category_id")} AND g.received > 0
         GROUP BY 1, 2, 3, 4""",
    "level1, complaints DESC, code",
)

# Complaints per 10,000 of the outlet's shipments of the month (the shipments come as parameters).
BY_OUTLET = _agg(
    f"""SELECT d.code AS outlet, d.name, COALESCE(k.n, 0) AS complaints, COALESCE(s.n, 0) AS shipments,
               CASE WHEN s.n > 0 THEN COALESCE(k.n, 0) * 10000.0 / s.n END AS per_10k_shipments
          FROM unnest(%(outlets)s::bigint[], %(shipments)s::bigint[]) AS s (outlet, n)
          FULL JOIN (SELECT g.outlet, g.received AS n FROM g
                      WHERE {_set("outlet")} AND g.outlet IS NOT NULL AND g.received > 0) k USING (outlet)
          JOIN org_department d ON d.id = outlet""",
    "per_10k_shipments DESC NULLS LAST, complaints DESC, outlet",
)

# Per owner, handling department and outlet, over the complaints received.
KPIS = _agg(
    f"""SELECT CASE WHEN {_set("owner_id")} THEN 'agent'
                    WHEN {_set("department_id")} THEN 'department' ELSE 'outlet' END AS level,
               COALESCE(u.username, d.code) AS code,
               COALESCE(CASE WHEN {_set("owner_id")} THEN '' ELSE d.name END, '') AS name,
               g.received, g.replied, g.handled, g.resolved, g.on_time, g.rated, g.satisfied
          FROM g
          LEFT JOIN auth_user u ON {_set("owner_id")} AND u.id = g.owner_id
          LEFT JOIN org_department d ON d.id = CASE WHEN {_set("department_id")} THEN g.department_id
                                                    WHEN {_set("outlet")} THEN g.outlet END
         WHERE ({_set("owner_id")} OR {_set("department_id")} OR {_set("outlet")}) AND g.received > 0
           AND COALESCE(u.username, d.code) IS NOT NULL""",
    "level, code",
)

INCIDENTS = _agg(
    f"""SELECT i.id, i.name, g.received AS complaints
          FROM g JOIN complaints_incident i ON i.id = g.incident_id
         WHERE {_set("incident_id")} AND g.received > 0""",
    "complaints DESC, id",
)

REPEATS = """(SELECT json_build_object('customers', c.n, 'customer_complaints', c.complaints, 'waybills', w.n)
   FROM (SELECT count(*) AS n, COALESCE(sum(k.n), 0) AS complaints
           FROM (SELECT count(*) AS n FROM m WHERE rcv AND customer_id IS NOT NULL
                  GROUP BY customer_id HAVING count(*) > 1) k) c,
        (SELECT count(*) AS n FROM (SELECT 1 FROM m WHERE rcv AND waybill_no <> ''
                                     GROUP BY waybill_no HAVING count(*) > 1) k) w)"""

# Resolved in the month ---------------------------------------------------------------------------
BY_ROOT_CAUSE = _agg(
    f"""SELECT rc.code, rc.name, g.resolved_in_month AS complaints,
               g.resolved_in_month::numeric / sum(g.resolved_in_month) OVER () AS share,
               sum(g.resolved_in_month) OVER (ORDER BY g.resolved_in_month DESC, rc.code
                                              ROWS UNBOUNDED PRECEDING)::numeric
                   / sum(g.resolved_in_month) OVER () AS cumulative_share
          FROM g JOIN complaints_rootcause rc ON rc.id = g.root_cause_id
         WHERE {_set("root_cause_id")} AND g.resolved_in_month > 0""",
    "complaints DESC, code",
)

BY_DEPARTMENT = _agg(
    f"""SELECT COALESCE(d.code, '') AS department, COALESCE(d.name, '') AS department_name,
               COALESCE(parent.code, cat.code, '') AS category,
               COALESCE(parent.name, cat.name, '') AS category_name,
               sum(g.resolved_in_month)::int AS complaints
          FROM g
          LEFT JOIN org_department d ON d.id = g.responsible_department_id
          LEFT JOIN complaints_category cat ON cat.id = g.category_id
          LEFT JOIN complaints_category parent ON parent.id = cat.parent_id
         WHERE {_set("responsible_department_id", "category_id")} AND g.resolved_in_month > 0
         GROUP BY 1, 2, 3, 4""",
    "department, category",
)

# Working hours from receipt to resolution less the paused time: W(t) = working seconds before t's day
# + the part of t's day already gone if it is a working day; the time between a and b is W(b) - W(a).
# In double precision, and both percentiles from one sort.
HANDLING_HOURS = """(SELECT json_build_object('resolved', n, 'median', p[1], 'p90', p[2])
   FROM (SELECT count(*) AS n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours) AS p
           FROM (SELECT GREATEST(0, (wb.seconds_before + CASE WHEN wb.is_working
                                       THEN date_part('epoch', resolved_local - resolved_local::date)
                                       ELSE 0 END)
                                  - (wa.seconds_before + CASE WHEN wa.is_working
                                       THEN date_part('epoch', received_local - received_local::date)
                                       ELSE 0 END)
                                  - paused_seconds) / 3600.0 AS hours
                   FROM m
                   JOIN analytics_workingday wa ON wa.day = received_local::date
                   JOIN analytics_workingday wb ON wb.day = resolved_local::date
                  WHERE res) h) x)"""

QUALITY = f"""(SELECT json_build_object(
    'resolved', count(*),
    'first_contact', count(*) FILTER (WHERE m.reopen_count = 0 AND NOT EXISTS (
        SELECT 1 FROM complaints_complaintevent e
         WHERE e.complaint_id = m.id AND e.name IN ({HAND_OVER_LIST}))),
    'reopened', count(*) FILTER (WHERE m.reopen_count > 0))
   FROM m WHERE res)"""

# Closed in the month -----------------------------------------------------------------------------
SATISFACTION = _agg(
    f"""SELECT g.satisfaction AS score, g.closed_in_month AS complaints FROM g
         WHERE {_set("satisfaction")} AND g.satisfaction IS NOT NULL AND g.closed_in_month > 0""",
    "score",
)

FIGURES = {
    "totals": TOTALS,
    "by_category": BY_CATEGORY,
    "by_outlet": BY_OUTLET,
    "kpis": KPIS,
    "incidents": INCIDENTS,
    "repeats": REPEATS,
    "by_root_cause": BY_ROOT_CAUSE,
    "by_department": BY_DEPARTMENT,
    "handling_hours": HANDLING_HOURS,
    "quality": QUALITY,
    "satisfaction": SATISFACTION,
}
# What the month-over-month change needs (a previous month without a stored report).
BRIEF = ("totals", "quality", "satisfaction")


def month(p: dict, shipped: dict, figures=tuple(FIGURES)) -> dict:
    """The figures named in `figures` (keys of FIGURES), from one scan of the month's complaints.
    `shipped`: outlet id → shipments of the month (None: shipments without an outlet)."""
    outlets = [outlet for outlet in shipped if outlet is not None]
    select = ",\n".join(f"{FIGURES[name]} AS {name}" for name in figures)
    return one(
        f"WITH m AS MATERIALIZED ({MONTH}), g AS MATERIALIZED ({GROUPED})\nSELECT {select}",
        p | {"outlets": outlets, "shipments": [shipped[outlet] for outlet in outlets]},
    )


def contacts(p: dict) -> dict:
    """Consultations and feedback recorded in the month, per kind and sentiment (one scan)."""
    counts = rows(
        """
        SELECT kind, sentiment, count(*) AS contacts FROM complaints_contact
         WHERE at >= %(start)s AND at < %(end)s GROUP BY 1, 2 ORDER BY 1, 2
        """,
        p,
    )
    return {"contacts": sum(row["contacts"] for row in counts), "feedback": counts}


def compensation(p: dict) -> list[dict]:
    """Claims paid in the month, per type and liable department."""
    return rows(
        """
        SELECT cl.claim_type, COALESCE(d.code, '') AS liability, COALESCE(d.name, '') AS liability_name,
               count(*) AS claims, sum(cl.proposed_amount) AS amount
          FROM claims_claim cl
          JOIN complaints_complaint c ON c.id = cl.complaint_id
          LEFT JOIN org_department d ON d.id = c.responsible_department_id
         WHERE cl.status = 'paid' AND cl.paid_at >= %(start)s AND cl.paid_at < %(end)s
         GROUP BY 1, 2, 3 ORDER BY 1, 2
        """,
        p,
    )


def penalties(p: dict) -> list[dict]:
    """Penalties proposed in the month, per department and status."""
    return rows(
        """
        SELECT d.code AS department, d.name AS department_name, pe.status, count(*) AS penalties,
               sum(pe.amount) AS amount
          FROM claims_penalty pe JOIN org_department d ON d.id = pe.department_id
         WHERE pe.created_at >= %(start)s AND pe.created_at < %(end)s
         GROUP BY 1, 2, 3 ORDER BY 1, 3
        """,
        p,
    )
