"""Benchmark at scale, on a database filled by generate_data (e.g. 1,000,000 complaints):

    DATABASE_URL=… .venv/bin/python manage.py generate_data --complaints 1000000 --months 12
    DATABASE_URL=… .venv/bin/python benchmarks/bench_scale.py

Server time and query count of the admin changelists, the API list and the workbench; the monthly
report build of the busiest month; one SLA sweep over the open complaints and a second one at the same
time. Prints figures; asserts nothing about time (the machine is noisy). The sweep changes the data.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from analytics.months import Month  # noqa: E402
from analytics.services import monthly_report_build  # noqa: E402
from complaints.models import OPEN_STATES, Complaint  # noqa: E402
from org.models import Department, StaffProfile  # noqa: E402
from org.roles import Role  # noqa: E402


def user(username: str, role: str) -> User:
    from django.contrib.auth.models import Group

    person, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    if created:
        person.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=person, department=Department.objects.get(code="GEN-CS"))
    return person


def timed(client: Client, url: str, runs: int = 7) -> None:
    client.get(url, HTTP_HOST="127.0.0.1")
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                break
        timings.append((time.perf_counter() - began) * 1000)
    settings.DEBUG = True
    reset_queries()
    client.get(url, HTTP_HOST="127.0.0.1")
    queries = len(connection.queries)
    settings.DEBUG = False
    timings.sort()
    median = timings[len(timings) // 2]
    print(f"  GET {url:<62} {response.status_code}  median {median:6.1f} ms  {queries} queries")


def main() -> None:
    from django.core.management import call_command

    call_command("createcachetable")
    total = Complaint.objects.count()
    print(f"{total:,} complaints, {Complaint.objects.filter(status__in=OPEN_STATES).count():,} open")
    client = Client()
    for username, role in (("bench-manager", Role.MANAGER), ("bench-supervisor", Role.SUPERVISOR)):
        client.force_login(user(username, role))
        print(username)
        some = Complaint.objects.order_by("-id").values_list("number", "pk").first()
        for url in (
            "/admin/complaints/complaint/",
            "/admin/complaints/complaint/?status__exact=investigating",
            "/admin/complaints/complaint/?tier__exact=supervisor&status__exact=investigating",
            f"/admin/complaints/complaint/?q={some[0]}",
            "/admin/complaints/complaintevent/",
            f"/admin/complaints/complaint/{some[1]}/change/",
            "/admin/dashboard/",
            "/api/v1/complaints/",
            "/?list=all",
        ):
            timed(client, url)
    busiest = (
        Complaint.objects.filter(received_at__lt=timezone.now())
        .order_by("-received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    month = Month.containing(busiest).previous  # the last whole month
    began = time.perf_counter()
    report = monthly_report_build(month, notify=False)
    print(
        f"monthly report {month}: {report.data['totals']['complaints']:,} complaints received, "
        f"{report.data['totals']['resolved']:,} resolved, built in {time.perf_counter() - began:.2f} s"
    )
    from complaints.services.sweep import sla_sweep

    now = timezone.now()
    for attempt in ("first", "second"):
        began = time.perf_counter()
        counts = sla_sweep(now=now)
        print(f"sla sweep ({attempt}): {counts} in {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
