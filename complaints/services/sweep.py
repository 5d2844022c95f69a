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

Each step is one SQL statement, whatever the number of complaints: it locks the rows due (SKIP LOCKED,
so a complaint a user is changing right now is simply taken by the next run), updates them, and from
the rows it changed appends their events and writes their notices to the outbox (INSERT … SELECT), with
the wording filled in by the database exactly as the services fill it. The update records which
deadline was handled (`breached_due`, `warned_due`, `callback_reminded_due`): a deadline at or before
the one recorded is already handled, so a second run at the same time finds nothing to do (the rows
still to do are partial indexes, complaints/services/sweep_due.py), a later deadline (extension,
regrade, pause, the statutory date after the answer-by date) is handled again when it passes, and a
reopening starts the record afresh. The tier rule comes from the `escalate` transition declared on the
model, the event from `event_values`' rule and the recipients from `queue_members`' rule, so the
automatic escalation and the manual one cannot disagree (tests/complaints/test_sweep_as_manual.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintEvent, EventKind, Tier
from complaints.services import sweep_due as due
from complaints.services.notices import DEADLINES
from complaints.services.routing import TIER_ROLE
from customers.masking import mask_id_numbers
from notifications.services import deliver_after_commit
from notifications.sql import fill_sql, staff_notices_sql

TABLE = Complaint._meta.db_table
EVENTS = ComplaintEvent._meta.db_table
# The columns every changed row returns for its event and notices.
RETURNED = ", ".join(["c.id", "c.number", "c.owner_id", "c.assignee_id", *(f"c.{d}" for d in DEADLINES)])


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
    """Run one sweep at `now` (default: the current time). Idempotent for a given `now`. A constant
    number of queries, whatever the number of complaints due."""
    now = now or timezone.now()
    with transaction.atomic():
        step = _Step(now)
        counts = SweepCounts(
            escalated=_escalate(step, "acknowledge_due") + _escalate(step, "resolve_due"),
            warned=_warn(step),
            callback_reminders=_remind_callbacks(step),
            deemed_lost=_prompt_deemed_lost(step),
        )
        if step.notices:
            deliver_after_commit()
    return counts


class _Step:
    """What every statement of one sweep shares: its time, and how many notices it wrote."""

    def __init__(self, now: dt.datetime) -> None:
        self.now, self.sent_at, self.notices = now, timezone.now(), 0
        self.queue: list[tuple[int, str, int]] | None = None  # (team or 0, tier, user) of `_queue`

    def run(self, sql: str, params: dict) -> int:
        """Run one step's statement (it selects the number of rows changed and of notices written)."""
        with connection.cursor() as cursor:
            cursor.execute(sql, {"now": self.now, **params})
            changed, notices = cursor.fetchone()
        self.notices += notices
        return changed


def _when(column: str) -> str:
    """A date in a notice, as `notices.format_when` writes it (China time; empty when unset)."""
    return f"COALESCE(to_char(ch.{column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), '')"


def _values(**extra: str) -> dict[str, str]:
    """A notice's placeholders as SQL over the changed row `ch`, as `notices.notice_params` gives them."""
    return {"number": "ch.number", **{name: _when(name) for name in DEADLINES}, **extra}


def _choice(expression: str, texts: dict[str, str], params: dict, key: str) -> str:
    """SQL picking, by the value of `expression`, one of `texts` (passed as parameters)."""
    whens = []
    for i, (value, text) in enumerate(texts.items()):
        params[f"{key}_{i}_value"], params[f"{key}_{i}_text"] = value, text
        whens.append(f"WHEN %({key}_{i}_value)s THEN %({key}_{i}_text)s::text")
    return f"CASE {expression} {' '.join(whens)} END"


def _event_sql(
    *, name: str, note: str, kind: str | None = None, source="''", target="''", data="'{}'"
) -> str:
    """An INSERT … SELECT of one system event per changed row (`ch`), as `event_values` builds them:
    `name`, `note`, `kind`, `source`, `target` and `data` are SQL over `ch`."""
    kind = kind or f"'{EventKind.ACTION.value}'"
    return f"""
        INSERT INTO {EVENTS} (complaint_id, at, actor_id, kind, name, from_state, to_state, note, data)
        SELECT ch.id, %(now)s, NULL, {kind}, {name}, {source}, {target}, {note}, ({data})::jsonb
          FROM changed ch"""


OWNER_AND_HANDLER = """(SELECT id AS complaint_id, owner_id AS user_id FROM changed WHERE owner_id IS NOT NULL
     UNION SELECT id, assignee_id FROM changed WHERE assignee_id IS NOT NULL)"""


def _statement(
    *,
    select: str,
    update: str,
    returning: str,
    extras: str,
    events: str,
    notices: list[str],
    lock: str = "FOR UPDATE",
) -> str:
    """One step: lock the rows due (`select`, with an `id`), change them (`update`: the SET clause of the
    complaint `c`), and from the rows changed (`changed`: `returning` and the `extras` of `due`) append
    their events and write their notices. The update finds the locked rows by primary key (an array of
    them), whatever the planner guesses of their number (a hash join of a wrong guess read the whole
    table)."""
    ctes = [
        f"due AS ({select} {lock} SKIP LOCKED)",
        f"""updated AS (UPDATE {TABLE} c SET {update} WHERE c.id = ANY (ARRAY(SELECT id FROM due))
                        RETURNING {returning})""",
        f"changed AS (SELECT updated.*, {extras} FROM updated JOIN due USING (id))",
        f"events AS ({events})",
    ]
    ctes += [f"notices_{i} AS ({sql})" for i, sql in enumerate(notices)]
    written = " + ".join(f"(SELECT count(*) FROM notices_{i})" for i in range(len(notices))) or "0"
    return f"WITH {', '.join(ctes)} SELECT (SELECT count(*) FROM changed), {written}"


# -- escalation -------------------------------------------------------------------------------------------


def _queue(step: _Step, params: dict) -> str:
    """The queue members told of an escalation, per changed row (`changed` with its new tier), by
    `queue_members`' rule: those with the tier's role in the complaint's team, or everyone with the
    role when the team has none of them (always for the expert tier). One query per sweep."""
    if step.queue is None:
        rows = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=TIER_ROLE.values())
            .values_list("pk", "groups__name", "staff_profile__department_id")
        )
        tier_of = {role: tier for tier, role in TIER_ROLE.items()}
        members: set[tuple[int, str, int]] = set()
        for user_id, role, department_id in rows:
            if role not in tier_of:  # another role of a user who also has a tier's role
                continue
            tier = str(tier_of[role])
            members.add((0, tier, user_id))  # 0: everyone with the role
            if department_id is not None and tier != Tier.EXPERT:
                members.add((department_id, tier, user_id))
        step.queue = sorted(members)
    params["queue_department"] = [m[0] for m in step.queue]
    params["queue_tier"] = [m[1] for m in step.queue]
    params["queue_user"] = [m[2] for m in step.queue]
    return """(
        WITH queue AS (SELECT * FROM unnest(%(queue_department)s::bigint[], %(queue_tier)s::text[],
                                            %(queue_user)s::bigint[]) AS q (department_id, tier, user_id)),
             teams AS (SELECT DISTINCT department_id, tier FROM queue WHERE department_id <> 0)
        SELECT ch.id AS complaint_id, q.user_id
          FROM changed ch
          LEFT JOIN teams t ON t.department_id = ch.queue_department_id AND t.tier = ch.tier
          JOIN queue q ON q.tier = ch.tier AND q.department_id = COALESCE(t.department_id, 0)
        UNION SELECT id, owner_id FROM changed WHERE owner_id IS NOT NULL)"""


def _escalate(step: _Step, deadline: str) -> int:
    """Escalate the rows with a breach of `deadline` ("acknowledge_due" or "resolve_due", which stands
    for the answer-by and the statutory dates) not yet recorded; at the top tier the missed deadline is
    recorded and the expert queue told again."""
    params: dict = {}
    case = " ".join(f"WHEN '{source}' THEN '{target}'" for source, target in escalation_targets().items())
    if deadline == "acknowledge_due":
        breach, where, missed = "acknowledge_due", due.ACK_DUE, "'acknowledge_due'"
    else:
        breach, where = due.ANSWER_BREACH, due.ANSWER_DUE
        missed = "CASE WHEN ch.statutory THEN 'statutory_due' ELSE 'resolve_due' END"
    reasons = {
        "acknowledge_due": _("Acknowledgement deadline missed"),
        "resolve_due": _("Answer-by deadline missed"),
        "statutory_due": _("Statutory deadline missed"),
    }
    reason = _choice(missed, {key: mask_id_numbers(text) for key, text in reasons.items()}, params, "reason")
    with translation.override("zh-hans"):  # as `fill` writes a tier's label
        labels = {str(tier.value): str(tier.label) for tier in Tier}
    moved = "ch.old_tier <> ch.tier"
    # The manual `complaint_escalate` writes the same event (`event_values`: a transition when the tier
    # moved, else an action) and notices; the sweep's event also says it was automatic and which
    # deadline was missed.
    events = _event_sql(
        name=f"CASE WHEN {moved} THEN 'escalate' ELSE 'deadline_missed' END",
        kind=f"CASE WHEN {moved} THEN '{EventKind.TRANSITION.value}' ELSE '{EventKind.ACTION.value}' END",
        note=reason,
        source="ch.old_tier",
        target="ch.tier",
        data=f"jsonb_build_object('automatic', true, 'deadline', {missed}, 'field', 'tier')",
    )
    notices = staff_notices_sql(
        template="escalated",
        recipients=f"{_queue(step, params)} r JOIN changed ch ON ch.id = r.complaint_id",
        values=_values(tier=_choice("ch.tier", labels, params, "tier"), reason=reason),
        params=params,
        sent_at=step.sent_at,
    )
    sql = _statement(
        select=f"""SELECT id, tier AS old_tier, {breach} AS breach, ({breach}) = statutory_due AS statutory
                     FROM {TABLE} WHERE {where}""",
        # The row is locked since `due` read it: the breach reads the same from its columns.
        update=f"breached_due = {breach}, tier = CASE c.tier {case} ELSE c.tier END, updated_at = %(now)s",
        returning=f"{RETURNED}, c.tier, c.queue_department_id",
        extras="due.old_tier, due.statutory",
        events=events,
        notices=[notices],
    )
    return step.run(sql, params)


# -- warnings, reminders, prompts --------------------------------------------------------------------------


def _warn(step: _Step) -> int:
    params: dict = {}
    share = round(due.WARN_AT * 100)
    running = _("%(share)d%% of the time to the answer-by date is used.") % {"share": share}
    paused = _(
        "%(share)d%% of the time to the statutory date is used; the statutory clock runs while "
        "the complaint waits for the customer."
    ) % {"share": share}
    params["note_running"], params["note_paused"] = mask_id_numbers(running), mask_id_numbers(paused)
    events = _event_sql(
        name="'deadline_warning'", note="CASE WHEN ch.paused THEN %(note_paused)s ELSE %(note_running)s END"
    )
    recipients = f"{OWNER_AND_HANDLER} r JOIN changed ch ON ch.id = r.complaint_id"
    notices = [
        staff_notices_sql(
            template=template,
            recipients=recipients,
            values=_values(),
            params=params,
            sent_at=step.sent_at,
            where=where,
        )
        for template, where in (("deadline_warning", "NOT ch.paused"), ("statutory_warning", "ch.paused"))
    ]
    sql = _statement(
        select=f"""SELECT id, {due.WARN_DEADLINE} AS deadline, sla_paused_at IS NOT NULL AS paused
                     FROM {TABLE} WHERE {due.WARN_DUE}""",
        update=f"warned_due = {due.WARN_DEADLINE}",
        returning=RETURNED,
        extras="due.paused",
        events=events,
        notices=notices,
    )
    return step.run(sql, params)


def _remind_callbacks(step: _Step) -> int:
    params = {"note": mask_id_numbers(_("The callback is overdue."))}
    sql = _statement(
        select=f"SELECT id FROM {TABLE} WHERE {due.CALLBACK_DUE}",
        update="callback_reminded_due = c.callback_due",
        returning=RETURNED,
        extras="true AS reminded",
        events=_event_sql(name="'callback_overdue'", note="%(note)s"),
        notices=[
            staff_notices_sql(
                template="callback_overdue",
                recipients=f"{OWNER_AND_HANDLER} r JOIN changed ch ON ch.id = r.complaint_id",
                values=_values(),
                params=params,
                sent_at=step.sent_at,
            )
        ],
    )
    return step.run(sql, params)


def _prompt_deemed_lost(step: _Step) -> int:
    """Delay complaints whose undelivered parcel passed promised delivery + the product's deemed-lost days
    (same-city when both outlets are in one city)."""
    from complaints.models import Category
    from customers.models import Product, Shipment
    from org.models import Department

    params: dict = {}
    lost_at = """s.promised_at + make_interval(days => CASE
        WHEN o.city <> '' AND o.city = d.city THEN p.deemed_lost_days_same_city
        ELSE p.deemed_lost_days_other END)"""
    # The date in the complaint's local time, as `timezone.localtime(...).date()` gives it.
    date = f"to_char(ch.lost_at AT TIME ZONE '{timezone.get_current_timezone_name()}', 'YYYY-MM-DD')"
    note = _("The parcel is deemed lost since %(date)s; handle it as a loss.")
    sql = _statement(
        # From the parcels not delivered whose promised delivery is at least the fewest deemed-lost days
        # of any product ago (an index of undelivered parcels), to their open complaints.
        select=f"""
            SELECT c.id, {lost_at} AS lost_at
              FROM {Shipment._meta.db_table} s
              JOIN {TABLE} c ON c.shipment_id = s.id
              JOIN {Category._meta.db_table} cat ON cat.id = c.category_id
              JOIN {Product._meta.db_table} p ON p.id = s.product_id
              LEFT JOIN {Department._meta.db_table} o ON o.id = s.origin_outlet_id
              LEFT JOIN {Department._meta.db_table} d ON d.id = s.destination_outlet_id
             WHERE s.delivered_at IS NULL AND s.promised_at IS NOT NULL
               AND s.promised_at < %(now)s - make_interval(days => (
                   SELECT min(LEAST(deemed_lost_days_same_city, deemed_lost_days_other))
                     FROM {Product._meta.db_table}))
               AND c.status IN {due.OPEN} AND c.deemed_lost_prompted_at IS NULL
               AND (cat.code = 'delay' OR cat.code LIKE 'delay.%%') AND {lost_at} < %(now)s""",
        update="deemed_lost_prompted_at = %(now)s",
        returning=RETURNED,
        extras="due.lost_at",
        lock="FOR UPDATE OF c",  # the complaint only, not the shipment, product or outlets it reads
        events=_event_sql(name="'deemed_lost'", note=fill_sql(note, {"date": date}, params)),
        notices=[
            staff_notices_sql(
                template="deemed_lost",
                recipients=f"{OWNER_AND_HANDLER} r JOIN changed ch ON ch.id = r.complaint_id",
                values=_values(date=date),
                params=params,
                sent_at=step.sent_at,
            )
        ],
    )
    return step.run(sql, params)
