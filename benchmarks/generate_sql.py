"""The statements of benchmarks/generate.py: one INSERT … SELECT per table, parameters by name."""

LOCAL = "AT TIME ZONE 'Asia/Shanghai'"

SHIPMENTS_SQL = """
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
"""

COMPLAINTS_SQL = f"""
INSERT INTO complaints_complaint (
    number, kind, regulator_ref, channel, external_id, created_by_id, customer_id, contact_name, waybill_no,
    shipment_id, category_id, category_needs_confirmation, severity, description, remedy_sought, status, tier,
    owner_id, assignee_id, department_id, queue_department_id, received_at, acknowledged_at, resolved_at,
    closed_at, acknowledge_due, resolve_due, statutory_due, callback_due, paused_seconds, extended_days,
    breached_due, callback_reminded_due, sla_paused_at,
    solution, finding_cause, company_at_fault, responsible_department_id, responsible_staff, root_cause_id,
    resolution, outcome, satisfaction, satisfaction_comment, failed_contacts, reopen_count, created_at, updated_at,
    consulted_departments)
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
       -- waiting for the customer is exactly the paused state (request_info sets the pause)
       CASE WHEN x.status = 'awaiting_customer' THEN LEAST(x.acknowledged + interval '6 hours', %(now)s) END,
       '', '', CASE WHEN x.resolved IS NOT NULL THEN x.r_fault < 0.6 END,
       CASE WHEN x.resolved IS NOT NULL AND x.r_resp < 0.7 THEN x.outlet END, '',
       CASE WHEN x.resolved IS NOT NULL THEN (%(root_causes)s::bigint[])[1 + x.slot_root %% cardinality(%(root_causes)s::bigint[])] END,
       CASE WHEN x.resolved IS NOT NULL THEN '已核实处理并答复客户' ELSE '' END,
       CASE WHEN x.status = 'closed' THEN CASE WHEN x.satisfaction <= 2 THEN 'dissatisfied' ELSE 'satisfied' END ELSE '' END,
       x.satisfaction, '', 0,
       CASE WHEN x.status = 'reopened' OR (x.status = 'closed' AND x.r_fault > 0.97) THEN 1 ELSE 0 END,
       x.received, %(now)s, '{{}}'::bigint[]
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
              -- the k-th shipment, found by its waybill number (the unique index), in time order
              JOIN (SELECT id, waybill_no AS waybill, recipient_id AS recipient,
                           destination_outlet_id AS outlet, shipped_at FROM customers_shipment) sh
                ON sh.waybill = 'G' || %(tag)s || lpad(g.k::text, 10, '0'),
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
