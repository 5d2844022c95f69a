"""Prometheus metrics: requests (counted by ops.middleware in every web process) and the business
gauges, read from the database when Prometheus scrapes.

Under gunicorn, set PROMETHEUS_MULTIPROC_DIR (an empty directory, emptied at each start) so that the
request counters of all workers are added up (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import GaugeMetricFamily

# No `*_created` series beside each counter (Prometheus does not need them; they double the output).
disable_created_metrics()

REQUESTS = Counter(
    "desk_http_requests_total",
    "HTTP requests answered, by route name and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "desk_http_request_duration_seconds",
    "Time to answer an HTTP request (until the view returned), by route name.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


class BusinessCollector:
    """Gauges computed at scrape time (a handful of index-backed aggregates)."""

    def collect(self):
        from ops import selectors

        now = selectors.now()
        tier = GaugeMetricFamily(
            "desk_open_complaints", "Open complaints by escalation tier.", labels=["tier"]
        )
        for name, count in selectors.open_complaints_by_tier().items():
            tier.add_metric([name], count)
        yield tier
        overdue = selectors.overdue_counts(now)
        yield GaugeMetricFamily(
            "desk_overdue_complaints",
            "Complaints past a deadline (acknowledge, resolve or callback).",
            value=overdue["overdue"],
        )
        yield GaugeMetricFamily(
            "desk_statutory_overdue_complaints",
            "Open complaints past the statutory deadline (7 calendar days; appeals 15).",
            value=overdue["statutory_overdue"],
        )
        backlog = selectors.outbox_backlog(now)
        yield GaugeMetricFamily(
            "desk_outbox_backlog", "Notices due for delivery and not yet sent.", value=backlog.due
        )
        age = (now - backlog.oldest_created_at).total_seconds() if backlog.oldest_created_at else 0
        yield GaugeMetricFamily(
            "desk_outbox_oldest_age_seconds",
            "Age of the oldest notice not yet delivered (0: none).",
            value=age,
        )
        runs = selectors.schedule_runs()
        success = GaugeMetricFamily(
            "desk_schedule_last_success_timestamp_seconds",
            "When each schedule last ran successfully (Unix time; 0: never).",
            labels=["schedule"],
        )
        for name, at in sorted(runs.last_success.items()):
            success.add_metric([name], at.timestamp() if at else 0)
        yield success
        newest = runs.newest_run
        yield GaugeMetricFamily(
            "desk_worker_last_task_timestamp_seconds",
            "When the worker last finished a scheduled task (Unix time; 0: never).",
            value=newest.timestamp() if newest else 0,
        )


def exposition() -> bytes:
    """The text exposition: request metrics (of all processes in multiprocess mode) and the gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(BusinessCollector())
    return generate_latest(registry)
