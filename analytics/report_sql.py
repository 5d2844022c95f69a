"""The monthly report's figures, each computed by one SQL statement over the month's rows (no
complaint is loaded into Python). Definitions: docs/metrics.md. Parameters: start and end of the month
(aware, Asia/Shanghai boundaries); merged duplicates are never counted."""

from __future__ import annotations

from django.db import connection

from complaints.models.history import HAND_OVERS

LIVE = "c.status <> 'merged'"
RECEIVED = "c.received_at >= %(start)s AND c.received_at < %(end)s"
RESOLVED = "c.resolved_at >= %(start)s AND c.resolved_at < %(end)s"
CLOSED = "c.closed_at >= %(start)s AND c.closed_at < %(end)s"
# A complaint's outlet is its shipment's delivering outlet (where most complaints arise).
OUTLET = "sh.destination_outlet_id"
# Handled without a hand-over: no dispatch, escalation or wait for the customer, never reopened.
HAND_OVER_LIST = ", ".join(f"'{name}'" for name in HAND_OVERS)  # literal, to match the partial index


def rows(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [col.name for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(sql: str, params: dict) -> dict:
    return rows(sql, params)[0]


def totals(p: dict) -> dict:
    counts = one(
        f"""
        SELECT count(*) FILTER (WHERE {RECEIVED}) AS complaints,
               count(*) FILTER (WHERE {RECEIVED} AND c.kind = 'appeal') AS appeals,
               count(*) FILTER (WHERE {RECEIVED} AND c.kind = 'appeal' AND c.company_at_fault)
                   AS effective_appeals,
               count(*) FILTER (WHERE {RESOLVED}) AS resolved,
               count(*) FILTER (WHERE {CLOSED}) AS closed,
               count(*) FILTER (WHERE {RECEIVED} AND c.incident_id IS NOT NULL) AS incident_complaints
          FROM complaints_complaint c
         WHERE {LIVE} AND (({RECEIVED}) OR ({RESOLVED}) OR ({CLOSED}))
        """,
        p,
    )
    counts |= one(
        "SELECT count(*) AS contacts FROM complaints_contact WHERE at >= %(start)s AND at < %(end)s", p
    )
    counts |= one(
        "SELECT count(*) AS shipments FROM customers_shipment"
        " WHERE shipped_at >= %(start)s AND shipped_at < %(end)s",
        p,
    )
    return counts


def by_category(p: dict) -> list[dict]:
    """Received in the month, per second-level reason with its first level."""
    return rows(
        f"""
        SELECT COALESCE(parent.code, cat.code, '') AS level1,
               COALESCE(parent.name, cat.name, '') AS level1_name,
               COALESCE(cat.code, '') AS code, COALESCE(cat.name, '') AS name, count(*) AS complaints
          FROM complaints_complaint c
          LEFT JOIN complaints_category cat ON cat.id = c.category_id
          LEFT JOIN complaints_category parent ON parent.id = cat.parent_id
         WHERE {LIVE} AND {RECEIVED}
         GROUP BY 1, 2, 3, 4
         ORDER BY 1, complaints DESC, 3
        """,
        p,
    )


def by_root_cause(p: dict) -> list[dict]:
    """Resolved in the month, per root cause, in Pareto order with the cumulative share."""
    return rows(
        f"""
        SELECT rc.code, rc.name, count(*) AS complaints,
               count(*)::numeric / sum(count(*)) OVER () AS share,
               sum(count(*)) OVER (ORDER BY count(*) DESC, rc.code ROWS UNBOUNDED PRECEDING)::numeric
                   / sum(count(*)) OVER () AS cumulative_share
          FROM complaints_complaint c
          JOIN complaints_rootcause rc ON rc.id = c.root_cause_id
         WHERE {LIVE} AND {RESOLVED}
         GROUP BY rc.code, rc.name
         ORDER BY complaints DESC, rc.code
        """,
        p,
    )


def by_department(p: dict) -> list[dict]:
    """Resolved in the month: responsible department × first-level category."""
    return rows(
        f"""
        SELECT COALESCE(d.code, '') AS department, COALESCE(d.name, '') AS department_name,
               COALESCE(parent.code, cat.code, '') AS category,
               COALESCE(parent.name, cat.name, '') AS category_name,
               count(*) AS complaints
          FROM complaints_complaint c
          LEFT JOIN org_department d ON d.id = c.responsible_department_id
          LEFT JOIN complaints_category cat ON cat.id = c.category_id
          LEFT JOIN complaints_category parent ON parent.id = cat.parent_id
         WHERE {LIVE} AND {RESOLVED}
         GROUP BY 1, 2, 3, 4
         ORDER BY 1, 3
        """,
        p,
    )


def by_outlet(p: dict) -> list[dict]:
    """Complaints received in the month per 10,000 of the outlet's shipments of the month."""
    return rows(
        f"""
        WITH s AS (
            SELECT destination_outlet_id AS outlet, count(*) AS n FROM customers_shipment
             WHERE shipped_at >= %(start)s AND shipped_at < %(end)s AND destination_outlet_id IS NOT NULL
             GROUP BY 1
        ), k AS (
            SELECT {OUTLET} AS outlet, count(*) AS n
              FROM complaints_complaint c JOIN customers_shipment sh ON sh.id = c.shipment_id
             WHERE {LIVE} AND {RECEIVED} AND {OUTLET} IS NOT NULL
             GROUP BY 1
        )
        SELECT d.code AS outlet, d.name, COALESCE(k.n, 0) AS complaints, COALESCE(s.n, 0) AS shipments,
               CASE WHEN s.n > 0 THEN COALESCE(k.n, 0) * 10000.0 / s.n END AS per_10k_shipments
          FROM s FULL JOIN k USING (outlet)
          JOIN org_department d ON d.id = outlet
         ORDER BY per_10k_shipments DESC NULLS LAST, complaints DESC, d.code
        """,
        p,
    )


def on_time(p: dict) -> dict:
    """Deadlines falling in the month, and how many were met."""
    return one(
        f"""
        SELECT count(*) FILTER (WHERE ack) AS acknowledge_due,
               count(*) FILTER (WHERE ack AND c.acknowledged_at <= c.acknowledge_due) AS acknowledge_met,
               count(*) FILTER (WHERE res) AS resolve_due,
               count(*) FILTER (WHERE res AND c.resolved_at <= c.resolve_due) AS resolve_met,
               count(*) FILTER (WHERE stat) AS statutory_due,
               count(*) FILTER (WHERE stat AND c.resolved_at <= c.statutory_due) AS statutory_met
          FROM complaints_complaint c,
               LATERAL (SELECT c.acknowledge_due >= %(start)s AND c.acknowledge_due < %(end)s AS ack,
                               c.resolve_due >= %(start)s AND c.resolve_due < %(end)s AS res,
                               c.statutory_due >= %(start)s AND c.statutory_due < %(end)s AS stat) due
         WHERE {LIVE} AND c.status <> 'rejected'
           AND ((c.acknowledge_due >= %(start)s AND c.acknowledge_due < %(end)s)
             OR (c.resolve_due >= %(start)s AND c.resolve_due < %(end)s)
             OR (c.statutory_due >= %(start)s AND c.statutory_due < %(end)s))
        """,
        p,
    )


def handling_hours(p: dict) -> dict:
    """Working hours from receipt to resolution (paused time taken off), for complaints resolved in the
    month: median and 90th percentile. W(t) = working seconds before t's day + the part of t's day
    already gone if it is a working day; the working time between a and b is W(b) - W(a)."""
    return one(
        f"""
        WITH h AS (
            SELECT GREATEST(0, ({WORKING_SECONDS.format(t="c.resolved_at", w="wb")}
                               - {WORKING_SECONDS.format(t="c.received_at", w="wa")}) - c.paused_seconds)
                   / 3600.0 AS hours
              FROM complaints_complaint c
              JOIN analytics_workingday wa ON wa.day = (c.received_at AT TIME ZONE 'Asia/Shanghai')::date
              JOIN analytics_workingday wb ON wb.day = (c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date
             WHERE {LIVE} AND {RESOLVED}
        )
        SELECT count(*) AS resolved,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90
          FROM h
        """,
        p,
    )


WORKING_SECONDS = (
    "({w}.seconds_before + CASE WHEN {w}.is_working THEN extract(epoch FROM "
    "({t} AT TIME ZONE 'Asia/Shanghai') - ({t} AT TIME ZONE 'Asia/Shanghai')::date) ELSE 0 END)"
)


def resolution_quality(p: dict) -> dict:
    """Of the complaints resolved in the month: handled at first contact, and reopened since."""
    return one(
        f"""
        SELECT count(*) AS resolved,
               count(*) FILTER (WHERE c.reopen_count = 0 AND NOT EXISTS (
                   SELECT 1 FROM complaints_complaintevent e
                    WHERE e.complaint_id = c.id AND e.name IN ({HAND_OVER_LIST}))) AS first_contact,
               count(*) FILTER (WHERE c.reopen_count > 0) AS reopened
          FROM complaints_complaint c WHERE {LIVE} AND {RESOLVED}
        """,
        p,
    )


def satisfaction(p: dict) -> list[dict]:
    """Closed in the month with a rating: how many of each score."""
    return rows(
        f"""
        SELECT c.satisfaction AS score, count(*) AS complaints
          FROM complaints_complaint c
         WHERE {LIVE} AND {CLOSED} AND c.satisfaction IS NOT NULL
         GROUP BY 1 ORDER BY 1
        """,
        p,
    )


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


def repeats(p: dict) -> dict:
    """Customers and waybills with more than one complaint received in the month (one scan)."""
    return one(
        f"""
        WITH m AS (
            SELECT c.customer_id, c.waybill_no FROM complaints_complaint c WHERE {LIVE} AND {RECEIVED}
        ), by_customer AS (
            SELECT count(*) AS n FROM m WHERE customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) > 1
        ), by_waybill AS (
            SELECT 1 FROM m WHERE waybill_no <> '' GROUP BY waybill_no HAVING count(*) > 1
        )
        SELECT (SELECT count(*) FROM by_customer) AS customers,
               (SELECT COALESCE(sum(n), 0)::int FROM by_customer) AS customer_complaints,
               (SELECT count(*) FROM by_waybill) AS waybills
        """,
        p,
    )


def feedback(p: dict) -> list[dict]:
    return rows(
        """
        SELECT kind, sentiment, count(*) AS contacts FROM complaints_contact
         WHERE at >= %(start)s AND at < %(end)s GROUP BY 1, 2 ORDER BY 1, 2
        """,
        p,
    )


def kpis(p: dict) -> list[dict]:
    """Per agent (owner), department and outlet, over the complaints received in the month; one scan
    with grouping sets."""
    return rows(
        f"""
        SELECT CASE WHEN GROUPING(u.username) = 0 THEN 'agent'
                    WHEN GROUPING(d.code) = 0 THEN 'department' ELSE 'outlet' END AS level,
               COALESCE(u.username, d.code, o.code) AS code,
               CASE WHEN GROUPING(u.username) = 0 THEN ''
                    WHEN GROUPING(d.code) = 0 THEN max(d.name) ELSE max(o.name) END AS name,
               count(*) AS received,
               count(*) FILTER (WHERE c.acknowledged_at IS NOT NULL) AS replied,
               count(*) FILTER (WHERE c.resolved_at IS NOT NULL OR c.status = 'rejected') AS handled,
               count(*) FILTER (WHERE c.resolved_at IS NOT NULL) AS resolved,
               count(*) FILTER (WHERE c.resolved_at <= c.resolve_due) AS on_time,
               count(*) FILTER (WHERE c.satisfaction IS NOT NULL) AS rated,
               count(*) FILTER (WHERE c.satisfaction >= 4) AS satisfied
          FROM complaints_complaint c
          LEFT JOIN auth_user u ON u.id = c.owner_id
          LEFT JOIN org_department d ON d.id = c.department_id
          LEFT JOIN customers_shipment sh ON sh.id = c.shipment_id
          LEFT JOIN org_department o ON o.id = {OUTLET}
         WHERE {LIVE} AND {RECEIVED}
         GROUP BY GROUPING SETS ((u.username), (d.code), (o.code))
        HAVING COALESCE(u.username, d.code, o.code) IS NOT NULL
         ORDER BY 1, 2
        """,
        p,
    )


def incidents(p: dict) -> list[dict]:
    """Complaints received in the month that an incident caused, per incident (counted apart)."""
    return rows(
        f"""
        SELECT i.id, i.name, count(*) AS complaints
          FROM complaints_complaint c JOIN complaints_incident i ON i.id = c.incident_id
         WHERE {LIVE} AND {RECEIVED}
         GROUP BY i.id, i.name ORDER BY complaints DESC, i.id
        """,
        p,
    )
