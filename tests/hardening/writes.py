"""Rows a request writes, as PostgreSQL counts them for the current transaction.

pg_stat_xact_user_tables counts every insert, update and delete of this transaction, rolled-back
savepoints included, so a request sent inside a savepoint that is rolled back afterwards still shows
what it tried to write. Shared by the bad-input corpora (browser forms, REST API)."""

from __future__ import annotations

from django.db import connection

# Written by refused requests on purpose: who is logged in, rate limits, failed logins.
COUNTING_TABLES = (
    "django_session",
    "infra_ratecounter",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "cache_entries",
)


def writes() -> int:
    """Rows inserted, updated or deleted so far in this transaction, outside COUNTING_TABLES."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
            "WHERE relname <> ALL(%s)",
            [list(COUNTING_TABLES)],
        )
        return cursor.fetchone()[0]
