"""The SLA sweep: one set-based pass over open complaints (DESIGN.md "Deadlines", docs/deadlines.md).

- warns the owner and handler when 80% of the time to the answer-by date is used (calendar time from
  the start of the handling round); a complaint waiting for the customer is warned about its statutory
  date instead, the one clock that keeps running;
- escalates one tier when a deadline passes, and tells the new tier's queue and the owner: the
  acknowledgement deadline, the answer-by date, and the statutory date. While the complaint waits for
  the customer the answer-by clock stands still (a date missed before the pause is still a breach) but
  the statutory clock never stops;
- reminds the owner when a callback is overdue;
- prompts the owner when a delay complaint's parcel reaches its deemed-lost date.

Each step is one UPDATE … RETURNING over the rows due (locked with SKIP LOCKED, so a complaint a user
is changing right now is simply taken by the next run), which also records which deadline was handled
(`breached_due`, `warned_due`): a deadline at or before the one recorded is already handled, so a
second run at the same time finds nothing to do, a later deadline (extension, regrade, pause, the
statutory date after the answer-by date) is handled again when it passes, and a reopening starts the
record afresh. The tier rule comes from the `escalate` transition declared on the model, so the
automatic escalation and the manual one cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import OPEN_STATES, Complaint, Status
from complaints.services.events import event_values, events_append_many
from complaints.services.notices import DEADLINES, escalation_notices, notice_params, staff_notices
from complaints.services.routing import queue_members
from notifications.services import notifications_enqueue_many
from org.models import Department

WARN_AT = 0.8
TABLE = Complaint._meta.db_table
# The dates every returned row carries for its notices (`notice_params`).
DATES = ", ".join(f"c.{name}" for name in DEADLINES)


@dataclass
class SweepCounts:
    warned: int = 0
    escalated: int = 0
    callback_reminders: int = 0
    deemed_lost: int = 0


def escalation_targets() -> dict[str, str]:
    """tier → next tier, read from the `escalate` transition's declaration."""
    meta = Complaint.escalate._django_fsm
    return {str(source): str(t.target) for source, t in meta.transitions.items()}


def sla_sweep(*, now: dt.datetime | None = None) -> SweepCounts:
    """Run one sweep at `now` (default: the current time). Idempotent for a given `now`."""
    now = now or timezone.now()
    counts = SweepCounts()
    with transaction.atomic():
        notices: list[dict] = []
        events: list[tuple] = []
        counts.escalated += _escalate(now, "acknowledge_due", [Status.RECEIVED], events, notices)
        # A complaint not yet acknowledged answers for its acknowledgement first (one breach pointer, so
        # the two deadlines must not both claim it).
        answering = [state for state in OPEN_STATES if state != Status.RECEIVED]
        counts.escalated += _escalate(now, "resolve_due", answering, events, notices)
        counts.warned = _warn(now, events, notices)
        counts.callback_reminders = _remind_callbacks(now, events, notices)
        counts.deemed_lost = _prompt_deemed_lost(now, events, notices)
        events_append_many(events, at=now)
        notifications_enqueue_many(notices)
    return counts


def _rows(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _users(rows: list[dict], *fields: str) -> dict:
    """The staff named in `fields` of the returned rows, by id (one query)."""
    return get_user_model().objects.in_bulk({row[f] for row in rows for f in fields if row[f]})


def _event(row: dict, name: str, note: str, **values) -> dict:
    """One system event for the row's complaint, built as the services build theirs."""
    return {"complaint_id": row["id"], **event_values(name=name, note=note, **values)}


def _tell(row: dict, template: str, users, notices: list, **extra) -> None:
    notices += staff_notices(
        complaint_id=row["id"], template=template, users=users, params=notice_params(row, **extra)
    )


# The deadline a breach of the answer-by clock is recorded against, per row: the statutory date once it
# has passed (that clock never stops), else the answer-by date if it passed while the clock ran.
ANSWER_BREACH = """CASE WHEN statutory_due < %(now)s THEN statutory_due
    WHEN sla_paused_at IS NULL OR resolve_due < sla_paused_at THEN resolve_due END"""
# Rows with such a breach. The pause is exactly the `awaiting_customer` state (request_info sets
# sla_paused_at, receive_info clears it), so the paused branch reads the status index and the running
# branch the partial index on open complaints' resolve_due; resolve_due <= statutory_due always holds
# (a database constraint), so a running complaint past its statutory date is past its answer-by date.
ANSWER_BREACHED = f"""(
    (status = ANY(%(states)s) AND sla_paused_at IS NULL AND resolve_due < %(now)s)
    OR (status = '{Status.AWAITING_CUSTOMER.value}' AND sla_paused_at IS NOT NULL
        AND (resolve_due < sla_paused_at OR statutory_due < %(now)s)))"""
ACK_BREACH = "acknowledge_due"
ACK_BREACHED = "(status = ANY(%(states)s) AND sla_paused_at IS NULL AND acknowledge_due < %(now)s)"


def _escalate(now, deadline: str, states, events: list, notices: list) -> int:
    """Escalate the rows of `states` with a breach of `deadline` ("acknowledge_due" or "resolve_due")
    not yet handled."""
    targets = escalation_targets()
    case = " ".join(f"WHEN '{source}' THEN '{target}'" for source, target in targets.items())
    breach, breached = (
        (ACK_BREACH, ACK_BREACHED) if deadline == "acknowledge_due" else (ANSWER_BREACH, ANSWER_BREACHED)
    )
    rows = _rows(
        f"""
        WITH due AS (
            SELECT id, tier AS old_tier, {breach} AS breach,
                   ({breach}) = statutory_due AS statutory FROM {TABLE}
            WHERE {breached}
              AND (breached_due IS NULL OR breached_due < {breach})
            FOR UPDATE SKIP LOCKED
        )
        UPDATE {TABLE} c
        SET breached_due = due.breach, tier = CASE c.tier {case} ELSE c.tier END, updated_at = %(now)s
        FROM due WHERE c.id = due.id
        RETURNING c.id, c.number, due.old_tier, c.tier, c.owner_id, c.queue_department_id, {DATES},
                  due.statutory
        """,
        {"states": [str(s) for s in states], "now": now},
    )
    departments = Department.objects.in_bulk(
        {r["queue_department_id"] for r in rows if r["queue_department_id"]}
    )
    owners = _users(rows, "owner_id")
    members: dict[tuple, list] = {}
    for row in rows:
        key = (row["queue_department_id"], row["tier"])
        if key not in members:
            members[key] = queue_members(department=departments.get(key[0]), tier=row["tier"])
        changed = row["old_tier"] != row["tier"]
        missed = _missed(deadline, row)
        reason = _reason(missed)
        # The manual `complaint_escalate` writes the same event and notices (same builders); the sweep's
        # event also says it was automatic and which deadline was missed. At the top tier there is no
        # tier to go to: the missed deadline is recorded and the expert queue told again.
        events.append(
            _event(
                row,
                "escalate" if changed else "deadline_missed",
                reason,
                field="tier",
                source=row["old_tier"],
                target=row["tier"],
                data={"automatic": True, "deadline": missed},
            )
        )
        notices += escalation_notices(
            values=row,
            tier=row["tier"],
            reason=reason,
            members=members[key],
            owner=owners.get(row["owner_id"]),
        )
    return len(rows)


def _missed(deadline: str, row: dict) -> str:
    if deadline == "acknowledge_due":
        return "acknowledge_due"
    return "statutory_due" if row["statutory"] else "resolve_due"


def _reason(missed: str) -> str:
    return {
        "acknowledge_due": _("Acknowledgement deadline missed"),
        "resolve_due": _("Answer-by deadline missed"),
        "statutory_due": _("Statutory deadline missed"),
    }[missed]


# The deadline a warning is about, per row: the answer-by date while the clocks run, the statutory
# date while the complaint waits for the customer (the answer-by clock stands still then).
WARN_DEADLINE = "CASE WHEN sla_paused_at IS NULL THEN resolve_due ELSE statutory_due END"
WARN_START = "COALESCE(reopened_at, received_at)"  # the start of the handling round


def _warn(now, events: list, notices: list) -> int:
    rows = _rows(
        f"""
        WITH due AS (
            SELECT id, {WARN_DEADLINE} AS deadline, sla_paused_at IS NOT NULL AS paused FROM {TABLE}
            WHERE ((status = ANY(%(states)s) AND sla_paused_at IS NULL AND resolve_due > %(now)s)
                OR (status = '{Status.AWAITING_CUSTOMER.value}' AND sla_paused_at IS NOT NULL
                    AND statutory_due > %(now)s))
              AND (warned_due IS NULL OR warned_due < {WARN_DEADLINE})
              AND {WARN_START} + ({WARN_DEADLINE} - {WARN_START}) * %(share)s <= %(now)s
            FOR UPDATE SKIP LOCKED
        )
        UPDATE {TABLE} c SET warned_due = due.deadline FROM due WHERE c.id = due.id
        RETURNING c.id, c.number, c.owner_id, c.assignee_id, {DATES}, due.paused
        """,
        {"states": [str(s) for s in OPEN_STATES], "now": now, "share": WARN_AT},
    )
    share = round(WARN_AT * 100)
    users = _users(rows, "owner_id", "assignee_id")
    for row in rows:
        if row["paused"]:
            note = _(
                "%(share)d%% of the time to the statutory date is used; the statutory clock runs while "
                "the complaint waits for the customer."
            ) % {"share": share}
            template = "statutory_warning"
        else:
            note = _("%(share)d%% of the time to the answer-by date is used.") % {"share": share}
            template = "deadline_warning"
        events.append(_event(row, "deadline_warning", note))
        _tell(row, template, [users.get(row["owner_id"]), users.get(row["assignee_id"])], notices)
    return len(rows)


def _remind_callbacks(now, events: list, notices: list) -> int:
    rows = _rows(
        f"""
        WITH due AS (
            SELECT id FROM {TABLE}
            WHERE status = %(resolved)s AND callback_due < %(now)s
              AND callback_reminded_due IS DISTINCT FROM callback_due
            FOR UPDATE SKIP LOCKED
        )
        UPDATE {TABLE} c SET callback_reminded_due = c.callback_due FROM due WHERE c.id = due.id
        RETURNING c.id, c.number, c.owner_id, c.assignee_id, {DATES}
        """,
        {"resolved": str(Status.RESOLVED), "now": now},
    )
    users = _users(rows, "owner_id", "assignee_id")
    for row in rows:
        events.append(_event(row, "callback_overdue", _("The callback is overdue.")))
        _tell(row, "callback_overdue", [users.get(row["owner_id"]), users.get(row["assignee_id"])], notices)
    return len(rows)


def _prompt_deemed_lost(now, events: list, notices: list) -> int:
    """Delay complaints whose undelivered parcel passed promised delivery + the product's deemed-lost days
    (same-city when both outlets are in one city)."""
    from complaints.models import Category
    from customers.models import Product, Shipment

    lost_at = """s.promised_at + make_interval(days => CASE
        WHEN o.city <> '' AND o.city = d.city THEN p.deemed_lost_days_same_city
        ELSE p.deemed_lost_days_other END)"""
    rows = _rows(
        f"""
        WITH due AS (
            SELECT c.id, {lost_at} AS lost_at
            FROM {TABLE} c
            JOIN {Category._meta.db_table} cat ON cat.id = c.category_id
            JOIN {Shipment._meta.db_table} s ON s.id = c.shipment_id
            JOIN {Product._meta.db_table} p ON p.id = s.product_id
            LEFT JOIN {Department._meta.db_table} o ON o.id = s.origin_outlet_id
            LEFT JOIN {Department._meta.db_table} d ON d.id = s.destination_outlet_id
            WHERE c.status = ANY(%(states)s) AND c.deemed_lost_prompted_at IS NULL
              AND (cat.code = 'delay' OR cat.code LIKE 'delay.%%')
              AND s.delivered_at IS NULL AND s.promised_at IS NOT NULL AND {lost_at} < %(now)s
            FOR UPDATE OF c SKIP LOCKED
        )
        UPDATE {TABLE} c SET deemed_lost_prompted_at = %(now)s FROM due WHERE c.id = due.id
        RETURNING c.id, c.number, c.owner_id, c.assignee_id, {DATES}, due.lost_at
        """,
        {"states": [str(s) for s in OPEN_STATES], "now": now},
    )
    users = _users(rows, "owner_id", "assignee_id")
    for row in rows:
        lost_on = timezone.localtime(row["lost_at"]).date().isoformat()
        note = _("The parcel is deemed lost since %(date)s; handle it as a loss.") % {"date": lost_on}
        events.append(_event(row, "deemed_lost", note))
        _tell(
            row,
            "deemed_lost",
            [users.get(row["owner_id"]), users.get(row["assignee_id"])],
            notices,
            date=lost_on,
        )
    return len(rows)
