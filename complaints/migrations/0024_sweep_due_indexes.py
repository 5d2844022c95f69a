"""Partial indexes of the rest of what the SLA sweep has still to do (complaints/services/sweep_due.py):
answer-by and statutory breaches not yet recorded, and warnings not yet given, each indexed by the time
it falls due. Their predicates repeat the sweep's conditions word for word, so PostgreSQL proves them; a
sweep with nothing new to do reads a handful of index entries instead of every open complaint past its
answer-by date (and their statutory dates and warning times). Entries leave the indexes as the sweep
records what it did."""

from django.db import migrations

ANSWERING = (
    "('acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened')"
)
OPEN = "('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened')"
START = "COALESCE(reopened_at, received_at)"

INDEXES = {
    "complaint_answer_pending_idx": (
        "resolve_due",
        f"status IN {ANSWERING} AND sla_paused_at IS NULL AND (breached_due IS NULL OR breached_due < resolve_due)",
    ),
    "complaint_paused_answer_pending_idx": (
        "resolve_due",
        "status = 'awaiting_customer' AND sla_paused_at IS NOT NULL AND resolve_due < sla_paused_at"
        " AND (breached_due IS NULL OR breached_due < resolve_due)",
    ),
    "complaint_statutory_pending_idx": (
        "statutory_due",
        f"status IN {ANSWERING} AND (breached_due IS NULL OR breached_due < statutory_due)",
    ),
    "complaint_warn_pending_idx": (
        f"(({START} AT TIME ZONE 'UTC') + (resolve_due - {START}) * 0.8)",
        f"status IN {OPEN} AND sla_paused_at IS NULL AND (warned_due IS NULL OR warned_due < resolve_due)"
        " AND (breached_due IS NULL OR breached_due < resolve_due)",
    ),
    "complaint_paused_warn_pending_idx": (
        f"(({START} AT TIME ZONE 'UTC') + (statutory_due - {START}) * 0.8)",
        "status = 'awaiting_customer' AND sla_paused_at IS NOT NULL"
        " AND (warned_due IS NULL OR warned_due < statutory_due)"
        " AND (breached_due IS NULL OR breached_due < statutory_due)",
    ),
}


class Migration(migrations.Migration):
    dependencies = [("complaints", "0023_sweep_pending_indexes")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON complaints_complaint ({key}) WHERE {predicate}", f"DROP INDEX {name}"
        )
        for name, (key, predicate) in INDEXES.items()
    ]
