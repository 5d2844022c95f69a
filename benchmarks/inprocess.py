"""The benchmark's measurements inside the process: queries per request (through Django's test client,
the same code path as the server), the plan of the slowest, and the jobs (report build, SLA sweep)."""

from __future__ import annotations

import os
import re
import time

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from benchmarks.load import Request


class Timed:
    """Every query of a block with its duration (the slowest one gets explained)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - began) * 1000, sql, params))

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def slowest(self, n: int = 1):
        return sorted(self.queries, key=lambda q: -q[0])[:n]


def explain(sql: str, params, indent: str = "      ") -> None:
    """EXPLAIN ANALYZE of one read, printed without the cost estimates. A write is not explained (it
    would run again: intake's one-statement insert would meet its own complaint number), nor are reads
    sent together in one round trip (infra.prepared.read_all)."""
    words = set(re.findall(r"[A-Z]+", sql.upper()))
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or words & {"INSERT", "UPDATE", "DELETE"}:
        print(f"{indent}(a write: not explained)")
        return
    if ";" in sql.rstrip().rstrip(";"):
        print(f"{indent}(several reads in one round trip: not explained)")
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        for (line,) in cursor.fetchall():
            print(indent + line)


def _client(request: Request) -> tuple[Client, dict]:
    client, extra = Client(), {"HTTP_HOST": "127.0.0.1"}
    for name, value in request.headers.items():
        if name == "Cookie":
            key, _, cookie = value.partition("=")
            client.cookies[key] = cookie
        elif name != "Content-Type":
            extra["HTTP_" + name.upper().replace("-", "_")] = value
    return client, extra


def queries(request: Request, show_plan: bool = False) -> int:
    """How many queries the request makes once caches are warm (and the plan of its slowest)."""
    client, extra = _client(request)

    def send(n: int):
        if request.method == "POST":
            body = request.body(10**7 + n) if request.body else b""
            return client.post(request.path, body, content_type="application/json", **extra)
        return client.get(request.path, **extra)

    send(0)
    with Timed() as timed:
        send(1)
    if show_plan and timed.queries:
        ms, sql, params = timed.slowest()[0]
        print(f"    slowest query {ms:.1f} ms: {' '.join(sql.split())[:160]}")
        explain(sql, params)
    return len(timed.queries)


def jobs(sweep_open: int, *, explain: bool = False) -> None:
    _report(explain)
    _sweep(sweep_open, explain)


class Cpu:
    """CPU seconds this process and its database backend spent in a block: unlike the wall time, not
    stretched by other work on a shared machine. The backend's from /proc (a server on this machine)."""

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.pid = cursor.fetchone()[0]
        self.began = (self._backend(), time.process_time(), time.perf_counter())
        return self

    def __exit__(self, *exc):
        backend, own, wall = self._backend(), time.process_time(), time.perf_counter()
        self.backend = None if backend is None else backend - self.began[0]
        self.own, self.wall = own - self.began[1], wall - self.began[2]

    def _backend(self) -> float | None:
        try:
            with open(f"/proc/{self.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __str__(self) -> str:
        backend = "?" if self.backend is None else f"{self.backend:.2f}"
        return f"{self.wall:.2f} s wall, CPU {backend} s database + {self.own:.2f} s Python"


def _report(show: bool) -> None:
    from analytics.models import MonthlyReport
    from analytics.months import Month
    from analytics.services import monthly_report_build

    month = Month.containing(timezone.now()).previous
    if not MonthlyReport.objects.filter(month=month.previous.first).exists():
        monthly_report_build(month.previous, notify=False)  # as in production: last month is built
    runs = []
    for _ in range(3):
        with Timed() as timed, Cpu() as cpu:
            report = monthly_report_build(month, notify=False)
        runs.append(cpu)
    median = sorted(runs, key=lambda run: run.wall)[1]
    print(
        f"monthly report {month} ({report.data['totals']['complaints']:,} received, "
        f"{report.data['totals']['resolved']:,} resolved), median of 3: {median}; "
        f"{len(timed.queries)} queries"
    )
    if show:
        for ms, sql, _params in timed.slowest(6):
            print(f"    {ms:8.1f} ms  {' '.join(sql.split())[:150]}")


TOP_UP_SQL = """
INSERT INTO complaints_complaint (
    number, kind, regulator_ref, channel, external_id, created_by_id, customer_id, contact_name, waybill_no,
    shipment_id, category_id, category_needs_confirmation, severity, description, remedy_sought, status, tier,
    owner_id, assignee_id, department_id, queue_department_id, received_at, acknowledged_at,
    acknowledge_due, resolve_due, statutory_due, sla_paused_at, paused_seconds, extended_days, solution,
    finding_cause, responsible_staff, resolution, outcome, satisfaction_comment, failed_contacts,
    reopen_count, created_at, updated_at, consulted_departments)
SELECT 'BS' || lpad(c.id::text, 12, '0'), c.kind, c.regulator_ref, c.channel, '', c.created_by_id,
       c.customer_id, c.contact_name, c.waybill_no, c.shipment_id, c.category_id, false, c.severity,
       c.description, c.remedy_sought, d.status,
       c.tier, c.owner_id, c.assignee_id, c.department_id, c.queue_department_id, d.received, d.received,
       d.received + interval '24 hours', d.due, d.due + interval '2 days',
       CASE WHEN d.status = 'awaiting_customer' THEN d.received + interval '6 hours' END,
       0, 0, '', '', '', '', '', '', 0, 0, %(now)s, %(now)s, '{}'::bigint[]
  FROM complaints_complaint c,
       LATERAL (SELECT %(now)s - interval '5 days' + (c.id %% 1000) * interval '10 minutes' AS received) r,
       LATERAL (SELECT r.received AS received,
                       r.received + (1 + c.id %% 5) * interval '1 day' AS due,
                       (ARRAY['acknowledged','investigating','investigating','proposed','awaiting_customer'])
                           [1 + c.id %% 5] AS status) d
 WHERE c.status = 'closed'
 LIMIT %(count)s
"""


def _top_up(now, count: int) -> None:
    """`count` open copies of closed complaints. A superuser session inserts them with the open-load
    triggers off and recounts the loads once: a row trigger moving the same forty load rows for each of
    some 150,000 rows in one transaction walks ever longer chains of their versions (it ran for more than
    a quarter of an hour at a million); other roles let the triggers count."""
    from complaints.services.routing import agent_load_recount

    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        trusted = cursor.fetchone()[0]
        if trusted:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(TOP_UP_SQL, {"now": now, "count": count})
        if trusted:
            cursor.execute("SET LOCAL session_replication_role = origin")
            agent_load_recount()
        cursor.execute("ANALYZE complaints_complaint")


def _sweep(target_open: int, show: bool) -> None:
    """Two sweeps at the same time over `target_open` open complaints (the generated ones topped up
    with copies due around now), rolled back afterwards."""
    from complaints.models import OPEN_STATES, Complaint
    from complaints.services.sweep import sla_sweep

    now = timezone.now()

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            have = Complaint.objects.filter(status__in=OPEN_STATES).count()
            if have < target_open:
                _top_up(now, target_open - have)
            total = Complaint.objects.filter(status__in=OPEN_STATES).count()
            for attempt in ("first", "again"):
                with Timed() as timed, Cpu() as cpu:
                    counts = sla_sweep(now=now)
                print(f"sla_sweep over {total:,} open ({attempt}): {cpu}; {counts}")
                if show:
                    for ms, sql, _params in timed.slowest(4):
                        print(f"    {ms:8.1f} ms  {' '.join(sql.split())[:150]}")
            raise Rollback
    except Rollback:
        pass
    # The rolled-back copies leave dead index entries that slow the next run's open-complaint plans
    # until autovacuum comes by; clean them now so that runs compare.
    with connection.cursor() as cursor:
        for table in ("complaints_complaint", "complaints_complaintevent", "notifications_notification"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
