"""Growth: should shipments and events be partitioned by month, or old shipments moved out?

On a database filled by generate_data (DATABASE_URL pointing at it):

    .venv/bin/python manage.py generate_data --complaints 200000 --months 12
    .venv/bin/python benchmarks/bench_growth.py

Prints (1) the size of the largest tables per complaint, and (2) for shipments and events, the same rows
in a plain table and in a table partitioned by month, each with the product's indexes: the lookups the
product makes (a waybill at intake and in the feed; a month's shipments per outlet for the report; a
complaint's timeline), and what removing the oldest month costs (DELETE vs DETACH + DROP), in time and
in WAL written. Works on copies (growth_* tables, dropped at the end); the product's tables are only read.
Figures, not pass/fail: the machine is noisy, compare within one run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

TABLES = [
    "customers_shipment",
    "complaints_complaintevent",
    "complaints_complaint",
    "customers_customer",
    "notifications_notification",
    "claims_claim",
]


def one(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def run(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def sizes() -> int:
    complaints = one("SELECT count(*) FROM complaints_complaint")[0]
    print(f"\n## Sizes ({complaints:,} complaints)\n")
    print("| table | rows | rows per complaint | heap + TOAST | indexes | bytes per complaint |")
    print("|---|---:|---:|---:|---:|---:|")
    for table in TABLES:
        rows = one(f"SELECT count(*) FROM {table}")[0]
        total, indexes = one("SELECT pg_total_relation_size(%s), pg_indexes_size(%s)", [table, table])
        print(
            f"| {table} | {rows:,} | {rows / complaints:.1f} | {mb(total - indexes)} | {mb(indexes)} "
            f"| {total / complaints:,.0f} |"
        )
    database = one("SELECT pg_database_size(current_database())")[0]
    print(f"\nWhole database: {mb(database)}, {database / complaints:,.0f} bytes per complaint.")
    return complaints


def index_definitions(table: str, copy: str, partitioned: bool) -> list[str]:
    """The product's indexes on `table`, re-aimed at `copy`. A partitioned table cannot have a unique
    index without its partition key: there the waybill index is a plain one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        definitions = [row[0] for row in cursor.fetchall()]
    result = []
    for definition in definitions:
        body = definition.split(" ON ", 1)[1].replace(f"public.{table}", f"public.{copy}", 1)
        unique = definition.startswith("CREATE UNIQUE")
        if partitioned and unique:
            unique = False
        result.append(f"CREATE {'UNIQUE ' if unique else ''}INDEX ON {body}")
    return result


def build_copies(table: str, key: str) -> tuple[str, str, list[str]]:
    plain, part = f"growth_{table}_plain", f"growth_{table}_part"
    run(f"DROP TABLE IF EXISTS {plain}, {part} CASCADE")
    run(f"CREATE TABLE {plain} (LIKE {table} INCLUDING DEFAULTS)")
    run(f"CREATE TABLE {part} (LIKE {table} INCLUDING DEFAULTS) PARTITION BY RANGE ({key})")
    low, high = one(f"SELECT date_trunc('month', min({key})), date_trunc('month', max({key})) FROM {table}")
    months = []
    month = low
    while month <= high:
        following = one("SELECT %s::timestamptz + interval '1 month'", [month])[0]
        name = f"{part}_{month:%Y%m}"
        run(f"CREATE TABLE {name} PARTITION OF {part} FOR VALUES FROM (%s) TO (%s)", [month, following])
        months.append(name)
        month = following
    began = time.perf_counter()
    run(f"INSERT INTO {plain} SELECT * FROM {table}")
    run(f"INSERT INTO {part} SELECT * FROM {table}")
    for copy, partitioned in ((plain, False), (part, True)):
        for definition in index_definitions(table, copy, partitioned):
            run(definition)
        run(f"ANALYZE {copy}")
    print(
        f"\n(copies of {table} built in {time.perf_counter() - began:.0f} s: "
        f"{len(months)} monthly partitions)"
    )
    return plain, part, months


def timed(sql: str, params_list: list) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds, one statement per parameter set, warm cache."""
    with connection.cursor() as cursor:
        for params in params_list[:20]:
            cursor.execute(sql, params)
            cursor.fetchall()
        samples = []
        for params in params_list:
            began = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def removal(sql_statements: list[str]) -> tuple[float, int]:
    """Seconds and WAL bytes to run the statements (one transaction)."""
    start_lsn = one("SELECT pg_current_wal_insert_lsn()")[0]
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for sql in sql_statements:
            cursor.execute(sql)
        cursor.execute("COMMIT")
    seconds = time.perf_counter() - began
    wal = one("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), %s)", [start_lsn])[0]
    return seconds, int(wal)


def shipments(sample: int) -> None:
    plain, part, months = build_copies("customers_shipment", "shipped_at")
    waybills = [(w,) for (w,) in _sample("SELECT waybill_no FROM customers_shipment", sample)]
    busiest = one(
        "SELECT date_trunc('month', shipped_at) m FROM customers_shipment "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )[0]
    following = one("SELECT %s::timestamptz + interval '1 month'", [busiest])[0]
    print("\n## Shipments: plain table vs partitioned by month of shipped_at\n")
    print("| query | plain: median / p95 ms | partitioned: median / p95 ms |")
    print("|---|---:|---:|")
    report = (
        "SELECT destination_outlet_id, count(*) FROM {t} WHERE shipped_at >= %s AND shipped_at < %s "
        "AND destination_outlet_id IS NOT NULL GROUP BY 1"
    )
    for label, sql, params in (
        (f"waybill lookup ({len(waybills)} random)", "SELECT id FROM {t} WHERE waybill_no = %s", waybills),
        ("a month's shipments per outlet (report)", report, [(busiest, following)] * 20),
    ):
        a = timed(sql.format(t=plain), params)
        b = timed(sql.format(t=part), params)
        print(f"| {label} | {a[0]:.2f} / {a[1]:.2f} | {b[0]:.2f} / {b[1]:.2f} |")
    oldest = months[0]
    low, high = one(f"SELECT min(shipped_at), max(shipped_at) FROM {oldest}")
    rows = one(f"SELECT count(*) FROM {oldest}")[0]
    cutoff = one("SELECT date_trunc('month', %s::timestamptz) + interval '1 month'", [low])[0]
    delete = removal([f"DELETE FROM {plain} WHERE shipped_at < '{cutoff.isoformat()}'"])
    drop = removal([f"ALTER TABLE {part} DETACH PARTITION {oldest}", f"DROP TABLE {oldest}"])
    size_after = one("SELECT pg_total_relation_size(%s)", [plain])[0]
    print(f"\nRemoving the oldest month ({rows:,} shipments):")
    print(
        f"- plain, DELETE: {delete[0]:.1f} s, {mb(delete[1])} of WAL; the table keeps its size "
        f"({mb(size_after)}) until VACUUM reuses the space"
    )
    print(
        f"- partitioned, DETACH + DROP: {drop[0]:.3f} s, {mb(drop[1])} of WAL; the space is returned at once"
    )
    run(f"DROP TABLE IF EXISTS {plain}, {part} CASCADE")


def events(sample: int) -> None:
    plain, part, _months = build_copies("complaints_complaintevent", "at")
    complaints = [(c,) for (c,) in _sample("SELECT id FROM complaints_complaint", sample)]
    print("\n## Events: plain table vs partitioned by month of `at`\n")
    print("| query | plain: median / p95 ms | partitioned: median / p95 ms |")
    print("|---|---:|---:|")
    sql = "SELECT id, at, kind, name FROM {t} WHERE complaint_id = %s ORDER BY at, id"
    a = timed(sql.format(t=plain), complaints)
    b = timed(sql.format(t=part), complaints)
    print(
        f"| a complaint's timeline ({len(complaints)} random) "
        f"| {a[0]:.2f} / {a[1]:.2f} | {b[0]:.2f} / {b[1]:.2f} |"
    )
    run(f"DROP TABLE IF EXISTS {plain}, {part} CASCADE")


def _sample(sql: str, n: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY random() LIMIT %s", [n])
        rows = cursor.fetchall()
    random.shuffle(rows)
    return rows


def main() -> None:
    sample = int(os.environ.get("GROWTH_SAMPLE", "300"))
    print(f"PostgreSQL {one('SHOW server_version')[0]}")
    sizes()
    shipments(sample)
    events(sample)


if __name__ == "__main__":
    main()
