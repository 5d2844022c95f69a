"""What the SLA sweep has still to do, as SQL conditions on the complaint row (docs/deadlines.md).

Each "pending" condition below is also the predicate of a partial index (complaints migrations 0023 and
0024 repeat them word for word, so PostgreSQL proves that the index holds every row the sweep asks
for): a row leaves the index when the sweep records what it did (`breached_due`, `warned_due`,
`callback_reminded_due`), so a sweep with nothing new to do reads a handful of index entries, not every
open complaint. The time-dependent part ("the deadline has passed") is the range read in that index.
"""

from __future__ import annotations

from complaints.models import OPEN_STATES, Status

WARN_AT = 0.8


def _states(states) -> str:
    return "(" + ", ".join(f"'{state.value}'" for state in states) + ")"


OPEN = _states(OPEN_STATES)
# A complaint not yet acknowledged answers for its acknowledgement first (one breach pointer, so the two
# deadlines must not both claim it).
ANSWERING = _states([state for state in OPEN_STATES if state != Status.RECEIVED])
AWAITING = f"'{Status.AWAITING_CUSTOMER.value}'"

# -- escalation ----------------------------------------------------------------------------------------
# Acknowledgement: not acknowledged, clock running, its breach not yet recorded (index of 0023).
ACK_PENDING = (
    f"status = '{Status.RECEIVED.value}' AND sla_paused_at IS NULL"
    " AND (breached_due IS NULL OR breached_due < acknowledge_due)"
)
ACK_DUE = f"({ACK_PENDING} AND acknowledge_due < %(now)s)"

# The answer-by date, clock running, its breach not yet recorded (by resolve_due).
RUNNING_ANSWER_PENDING = (
    f"status IN {ANSWERING} AND sla_paused_at IS NULL"
    " AND (breached_due IS NULL OR breached_due < resolve_due)"
)
# The answer-by date missed before the complaint began to wait for the customer, not yet recorded.
PAUSED_ANSWER_PENDING = (
    f"status = {AWAITING} AND sla_paused_at IS NOT NULL AND resolve_due < sla_paused_at"
    " AND (breached_due IS NULL OR breached_due < resolve_due)"
)
# The statutory date (which never stops), its breach not yet recorded (by statutory_due).
STATUTORY_PENDING = f"status IN {ANSWERING} AND (breached_due IS NULL OR breached_due < statutory_due)"

# The deadline an answer-by breach is recorded against, per row: the statutory date once it has passed,
# else the answer-by date if it passed while the clock ran.
ANSWER_BREACH = """CASE WHEN statutory_due < %(now)s THEN statutory_due
    WHEN sla_paused_at IS NULL OR resolve_due < sla_paused_at THEN resolve_due END"""
# Rows with such a breach not yet recorded: before the statutory date, a missed answer-by date (running,
# or missed before the pause); after it, the statutory date, paused or not (resolve_due <= statutory_due
# always holds, a database constraint, so a running complaint past it is past its answer-by date too).
ANSWER_DUE = f"""(
    ({RUNNING_ANSWER_PENDING} AND resolve_due < %(now)s AND statutory_due >= %(now)s)
    OR ({PAUSED_ANSWER_PENDING} AND statutory_due >= %(now)s)
    OR ({STATUTORY_PENDING} AND statutory_due < %(now)s
        AND (sla_paused_at IS NULL OR status = {AWAITING})))"""

# -- warnings at 80 % of the time ---------------------------------------------------------------------
# When 80 % of the time from the start of the handling round to `deadline` is used, in UTC timestamps
# (immutable arithmetic, so it can be indexed; the same instant as in the session's UTC).
START = "COALESCE(reopened_at, received_at)"


def warn_at(deadline: str) -> str:
    return f"(({START} AT TIME ZONE 'UTC') + ({deadline} - {START}) * {WARN_AT})"


# Not yet warned about the answer-by date (clock running), nor escalated for it: a deadline already
# escalated for is not warned about afterwards (it passed before the sweep saw 80 % of it).
RUNNING_WARN_PENDING = (
    f"status IN {OPEN} AND sla_paused_at IS NULL AND (warned_due IS NULL OR warned_due < resolve_due)"
    " AND (breached_due IS NULL OR breached_due < resolve_due)"
)
# Waiting for the customer: the statutory date is the clock that runs.
PAUSED_WARN_PENDING = (
    f"status = {AWAITING} AND sla_paused_at IS NOT NULL"
    " AND (warned_due IS NULL OR warned_due < statutory_due)"
    " AND (breached_due IS NULL OR breached_due < statutory_due)"
)
NOW_UTC = "(%(now)s::timestamptz AT TIME ZONE 'UTC')"
WARN_DEADLINE = "CASE WHEN sla_paused_at IS NULL THEN resolve_due ELSE statutory_due END"
WARN_DUE = f"""(
    ({RUNNING_WARN_PENDING} AND {warn_at("resolve_due")} <= {NOW_UTC} AND resolve_due > %(now)s)
    OR ({PAUSED_WARN_PENDING} AND {warn_at("statutory_due")} <= {NOW_UTC} AND statutory_due > %(now)s))"""

# -- callbacks (index of 0023) --------------------------------------------------------------------------
CALLBACK_PENDING = (
    f"status = '{Status.RESOLVED.value}' AND callback_reminded_due IS DISTINCT FROM callback_due"
)
CALLBACK_DUE = f"({CALLBACK_PENDING} AND callback_due < %(now)s)"
