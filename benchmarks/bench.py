"""The benchmark: a database of N generated complaints served as in production, every page measured.

    .venv/bin/python benchmarks/bench.py --complaints 100000            # bench_100000 on the same server
    .venv/bin/python benchmarks/bench.py --complaints 1000000 --explain  # with each page's slowest plan

Generates the database `bench_<N>` (or --database) on the server of DATABASE_URL (the embedded one when
unset) with `generate_data --months 12`, or reuses it when it already holds N complaints (migrating it
first). Serves it with gunicorn as in production (2 sync workers, DEBUG off) on --port, and prints a
table: the floor (/healthz), the workbench, the complaint page (the longest generated histories, and one
with 200 events and 5 merged duplicates), intake at 1 and 10 concurrent clients, the API list and
filters, the admin changelist and searches, the dashboard; then the monthly report build of the last
whole month and the SLA sweep (first and second run at the same time) over --sweep-open open
complaints, inside a transaction that is rolled back (the database stays as generated).

p50 and p95 come from sequential requests, req/s from --concurrency clients; "queries" is counted on the
same request through Django's test client; "× floor" is the p50 over the floor's p50 of the same run
(compare those, not milliseconds, between runs: the machine may be shared). Intake adds complaints.
Not part of the test suite; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import Request, Result, run, wait_until_up  # noqa: E402


def _server_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from config import embedded_db

    return embedded_db.start()[0]


def _database(url: str, name: str) -> tuple[str, bool]:
    """The URL of database `name` on the server of `url`, created if missing; (url, created)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}")), not exists


def _setup(options) -> float | None:
    """Django on the benchmark database, migrated and filled; the generation time if it generated."""
    name = options.database or f"bench_{options.complaints}"
    url, _created = _database(_server_url(), name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # this process's own requests (counting queries)
    # The throttles count every API request as in production but never refuse one of the benchmark's.
    for scope in ("INTAKE", "READS", "TRANSITIONS", "FEED"):
        os.environ.setdefault(f"API_THROTTLE_{scope}", "1000000/min")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("collectstatic", interactive=False, verbosity=0)
    from complaints.models import Complaint

    have = Complaint.objects.filter(number__startswith="G").count()
    if have >= options.complaints:
        print(f"Reusing {name}: {have:,} generated complaints.")
        return None
    began = time.monotonic()
    call_command("generate_data", complaints=options.complaints, months=12, seed=options.seed)
    return time.monotonic() - began


def _serve(port: int) -> subprocess.Popen:
    # As in production: request logs at INFO (written, here to /dev/null).
    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_DEBUG": "false"}
    env["LOG_LEVEL"] = "INFO"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up("127.0.0.1", port)
    return server


def _rows(t) -> list[tuple[str, Request, dict]]:
    """(label, request, options) of every HTTP row."""
    manager, supervisor, agent = (t.cookies[k] for k in ("manager", "supervisor", "agent"))
    api = {"Authorization": f"Token {t.manager_token}"}
    complaint_rows = [
        (f"complaint page ({i + 1}. longest history)", f"/complaints/{number}/")
        for i, number in enumerate(t.longest[:2])
    ] + [("complaint page (200 events, 5 duplicates)", f"/complaints/{t.long_history}/")]

    def intake(n: int) -> bytes:
        return json.dumps(
            {
                "channel": "web",
                "customer": {"name": "压测客户", "phone": f"177{n % 10**8:08d}"},
                "category": "delivery.attitude",
                "description": "快递员未按约定时间派送，电话不接。",
                "remedy_sought": "apology",
            }
        ).encode()

    intake_request = Request(
        "POST",
        "/api/v1/complaints/",
        {"Authorization": f"Token {t.token}", "Content-Type": "application/json"},
        intake,
    )
    admin = "/admin/complaints/complaint/"
    return [
        ("floor /healthz", Request("GET", "/healthz"), {}),
        ("workbench (agent, my complaints)", Request("GET", "/", {"Cookie": agent}), {}),
        ("workbench all (supervisor)", Request("GET", "/?list=all", {"Cookie": supervisor}), {}),
        ("workbench search by phone", Request("GET", f"/?list=all&q={t.phone}", {"Cookie": supervisor}), {}),
        *[(label, Request("GET", path, {"Cookie": manager}), {}) for label, path in complaint_rows],
        ("intake API, c=1", intake_request, {"intake": 1}),
        ("intake API, c=10", intake_request, {"intake": 10}),
        ("API list", Request("GET", "/api/v1/complaints/", api), {}),
        ("API ?status=investigating", Request("GET", "/api/v1/complaints/?status=investigating", api), {}),
        ("API ?overdue=true", Request("GET", "/api/v1/complaints/?overdue=true", api), {}),
        ("API ?phone=", Request("GET", f"/api/v1/complaints/?phone={t.phone}", api), {}),
        (
            "API ?category=delay&tier=supervisor",
            Request("GET", "/api/v1/complaints/?category=delay&tier=supervisor", api),
            {},
        ),
        (
            "API events (200 + duplicates)",
            Request("GET", f"/api/v1/complaints/{t.long_history}/events/", api),
            {},
        ),
        ("admin changelist", Request("GET", admin, {"Cookie": manager}), {}),
        (
            "admin ?status=investigating",
            Request("GET", f"{admin}?status__exact=investigating", {"Cookie": manager}),
            {},
        ),
        ("admin search number", Request("GET", f"{admin}?q={t.number}", {"Cookie": manager}), {}),
        ("admin search waybill", Request("GET", f"{admin}?q={t.waybill}", {"Cookie": manager}), {}),
        ("admin search phone", Request("GET", f"{admin}?q={t.phone}", {"Cookie": manager}), {}),
        (
            "admin search phone (supervisor)",
            Request("GET", f"{admin}?q={t.phone}", {"Cookie": supervisor}),
            {},
        ),
        (
            "admin events changelist",
            Request("GET", "/admin/complaints/complaintevent/", {"Cookie": manager}),
            {},
        ),
        ("dashboard", Request("GET", "/admin/dashboard/", {"Cookie": manager}), {}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--database", help="database name (default bench_<N>)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8711)
    parser.add_argument("--requests", type=int, default=40, help="sequential requests per row")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--sweep-open", type=int, default=200_000)
    parser.add_argument("--only", help="rows whose label contains this text")
    parser.add_argument("--explain", action="store_true", help="print each row's slowest query plan")
    parser.add_argument("--no-jobs", action="store_true", help="skip the report build and the SLA sweep")
    options = parser.parse_args()

    generated = _setup(options)
    from benchmarks import fixtures, inprocess

    targets = fixtures.prepare()
    rows = [row for row in _rows(targets) if not options.only or options.only in row[0] or "floor" in row[0]]
    from django.db import connections

    connections.close_all()
    server = _serve(options.port)
    table: list[tuple] = []
    try:
        for label, request, extra in rows:
            table.append(
                (label, *_measure(options, request, extra), inprocess.queries(request, options.explain))
            )
            _print_row(table[-1], table[0][1].p50)
    finally:
        server.terminate()
        server.wait(timeout=15)
    print()
    if not options.no_jobs:
        inprocess.jobs(options.sweep_open, explain=options.explain)
    if generated is not None:
        print(
            f"generate_data --complaints {options.complaints:,}: {generated:.0f} s ({generated / 60:.1f} min)"
        )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared: compare ratios)")


def _measure(options, request: Request, extra: dict) -> tuple[Result, Result]:
    host, port = "127.0.0.1", options.port
    concurrency = extra.get("intake", 0)
    if concurrency:  # intake: latency and throughput at the same concurrency
        run(host, port, request, count=5)
        result = run(
            host, port, request, count=options.requests * max(1, concurrency // 2), concurrency=concurrency
        )
        return result, result
    run(host, port, request, count=3)
    sequential = run(host, port, request, count=options.requests)
    concurrent = run(host, port, request, count=options.requests * 2, concurrency=options.concurrency)
    return sequential, concurrent


def _print_row(row, floor: float) -> None:
    label, sequential, concurrent, queries = row
    if label.startswith("floor"):
        print(f"{'':44} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'queries':>8} {'× floor':>8}  statuses")
    statuses = ",".join(f"{k}×{v}" for k, v in sorted({**sequential.statuses, **concurrent.statuses}.items()))
    print(
        f"{label:44} {sequential.p50:8.1f} {sequential.p95:8.1f} {concurrent.rate:8.1f} {queries:>8} "
        f"{sequential.p50 / floor:8.1f}  {statuses}",
        flush=True,
    )


if __name__ == "__main__":
    main()
