"""Benchmark: server time and query count of the browser pages on the demo data.

    python -m config.embedded_db -- .venv/bin/python benchmarks/bench_pages.py

Uses the development database as scripts/run leaves it (run scripts/run once first, or seed_demo).
Prints figures; asserts nothing about time.
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
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from complaints.models import Complaint  # noqa: E402


def main() -> None:
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    call_command("collectstatic", interactive=False, verbosity=0)
    number = Complaint.objects.get(external_id="DEMO-04").number
    client = Client()
    for username in ("agent1", "supervisor1"):
        client.force_login(User.objects.get(username=username))
        for url in ("/", "/?list=all", "/complaints/new/", f"/complaints/{number}/", "/review/"):
            if url == "/review/" and username == "agent1":
                continue
            client.get(url, HTTP_HOST="127.0.0.1")
            timings = []
            for _ in range(9):
                began = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                timings.append((time.perf_counter() - began) * 1000)
            settings.DEBUG = True
            reset_queries()
            client.get(url, HTTP_HOST="127.0.0.1")
            queries = len(connection.queries)
            settings.DEBUG = False
            timings.sort()
            print(
                f"{username:<12} GET {url:<32} {response.status_code}  "
                f"median {timings[4]:5.1f} ms  {queries} queries"
            )


if __name__ == "__main__":
    main()
