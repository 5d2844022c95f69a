"""Benchmark: the SLA sweep and the complaint list over N open complaints.

    python -m config.embedded_db -- .venv/bin/python benchmarks/bench_sweep.py --complaints 50000

Works in its own database (`<name>_bench`, recreated each run) on the same server, so demo data is
never touched. Prints figures; asserts nothing about time (the machine is noisy).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url() -> str:
    from urllib.parse import urlsplit, urlunsplit

    import dj_database_url
    import psycopg
    from psycopg import sql

    base = os.environ["DATABASE_URL"]
    parsed = dj_database_url.parse(base)
    bench = f"{parsed['NAME']}_bench"
    params = {
        "host": parsed["HOST"] or None,
        "port": parsed["PORT"] or None,
        "user": parsed["USER"] or None,
        "password": parsed["PASSWORD"] or None,
        **parsed.get("OPTIONS", {}),
    }
    with psycopg.connect(
        **{k: v for k, v in params.items() if v}, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(bench)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(bench)))
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{bench}"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print where the first sweep spends its time")
    options = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["Q_SYNC"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("seed_demo", stdout=open(os.devnull, "w"))

    import datetime as dt

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from complaints.models import Category, Complaint
    from complaints.services.sweep import sla_sweep
    from customers.models import Customer
    from org.models import Department

    rng = random.Random(options.seed)
    now = timezone.now()
    started = time.perf_counter()
    customers = Customer.objects.bulk_create(
        [Customer(name=f"客户{i}", phone=f"16{i:09d}") for i in range(options.complaints // 5)],
        batch_size=5000,
    )
    categories = list(Category.objects.exclude(parent=None))
    team = Department.objects.get(code="CS-HQ")
    agents = list(User.objects.filter(groups__name="agent"))
    states = [
        "acknowledged",
        "investigating",
        "investigating",
        "proposed",
        "awaiting_customer",
        "pending_approval",
    ]
    batch = []
    for i in range(options.complaints):
        received = now - dt.timedelta(hours=rng.uniform(1, 24 * 10))
        resolve_due = received + dt.timedelta(days=rng.choice([1, 3, 5]))
        status = rng.choice(states)
        batch.append(
            Complaint(
                number=f"BN{i:010d}",
                channel="web",
                customer=rng.choice(customers),
                contact_name="客户",
                category=rng.choice(categories),
                severity="complex",
                description="基准测试",
                status=status,
                tier="frontline",
                owner=rng.choice(agents) if rng.random() < 0.7 else None,
                queue_department=team,
                received_at=received,
                acknowledged_at=received,
                acknowledge_due=received + dt.timedelta(hours=24),
                resolve_due=resolve_due,
                statutory_due=received + dt.timedelta(days=7),
                sla_paused_at=now if status == "awaiting_customer" else None,
            )
        )
    Complaint.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"inserted {options.complaints} open complaints in {time.perf_counter() - started:.1f} s")

    began = time.perf_counter()
    if options.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        first = profiler.runcall(sla_sweep, now=now)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    else:
        first = sla_sweep(now=now)
    first_s = time.perf_counter() - began
    began = time.perf_counter()
    second = sla_sweep(now=now)
    second_s = time.perf_counter() - began
    print(
        f"sweep 1: {first_s * 1000:.0f} ms  (warned {first.warned}, escalated {first.escalated}, "
        f"callbacks {first.callback_reminders}, deemed lost {first.deemed_lost})"
    )
    print(
        f"sweep 2 (same time): {second_s * 1000:.0f} ms  "
        f"(warned {second.warned}, escalated {second.escalated})"
    )

    client = Client()
    for username in ("supervisor1", "manager1"):
        client.force_login(User.objects.get(username=username))
        for query in ("", "?overdue=true", "?status=investigating&severity=complex"):
            client.get(f"/api/v1/complaints/{query}", HTTP_HOST="127.0.0.1")  # warm up
            timings = []
            for _ in range(5):
                began = time.perf_counter()
                response = client.get(f"/api/v1/complaints/{query}", HTTP_HOST="127.0.0.1")
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, response.content[:200]
            timings.sort()
            print(
                f"GET /api/v1/complaints/{query or ''} as {username}: median {timings[2]:.0f} ms "
                f"(50 rows a page)"
            )


if __name__ == "__main__":
    main()
