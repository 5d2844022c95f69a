"""django-q2 on Redis with two worker clusters (two hosts in production): every due schedule runs
exactly once, and every queued notice is delivered exactly once."""

from __future__ import annotations

import json
from collections import Counter

import redis

from tests.topology.servers import Postgres, manage, qcluster, redis_server, wait_for

NOTICES = 30
ENQUEUE = f"""
from django.db import transaction
from notifications.services import notification_enqueue
with transaction.atomic():
    for i in range({NOTICES}):
        notification_enqueue(template="accepted", params={{"number": f"T{{i}}", "resolve_due": "2026-12-31"}},
                             audience="customer", channel="sms", recipient=f"1380000{{i:04d}}")
"""


def finished_runs(pg: Postgres, database: str) -> dict[str, list[tuple]]:
    rows = pg.execute(
        "SELECT s.name, t.started, t.success FROM django_q_schedule s "
        'JOIN django_q_task t ON t."group" = s.name',
        database=database,
    )
    runs: dict[str, list[tuple]] = {
        name: [] for (name,) in pg.execute("SELECT name FROM django_q_schedule", database=database)
    }
    for name, started, success in rows:
        runs[name].append((started, success))
    return runs


def test_two_clusters_on_redis_run_each_schedule_and_deliver_each_notice_once(
    pg15, fresh_database, prod_env, tmp_path
):
    database = fresh_database.rsplit("/", 1)[1]
    notices_file = tmp_path / "notices.log"
    with redis_server(tmp_path / "redis") as redis_url:
        env = prod_env(
            fresh_database,
            Q_REDIS_URL=f"{redis_url}/0",
            Q_WORKERS="2",
            Q_LOG_LEVEL="INFO",
            NOTIFICATION_BACKEND="notifications.backends.FileBackend",
            NOTIFICATION_FILE=str(notices_file),
        )
        # A service writes the notices; their delivery tasks go to Redis when the transaction commits.
        manage(env, "shell", "-c", ENQUEUE)
        broker = redis.Redis.from_url(f"{redis_url}/0")
        assert broker.llen("django_q:complaint-desk:q") == NOTICES
        assert pg15.execute("SELECT count(*) FROM django_q_ormq", database=database) == [(0,)]
        # Every schedule is due now: both clusters' schedulers see them at their first pass.
        pg15.execute("UPDATE django_q_schedule SET next_run = now() - interval '1 second'", database=database)

        clusters = [qcluster(env, tmp_path / f"cluster{i}.log") for i in (1, 2)]
        try:

            def all_done() -> bool:
                for cluster in clusters:
                    assert cluster.alive(), cluster.output()[-3000:]
                runs = finished_runs(pg15, database)
                sent = pg15.execute(
                    "SELECT count(*) FROM notifications_notification WHERE status = 'sent'", database=database
                )[0][0]
                return sent == NOTICES and all(runs.values())

            wait_for(all_done, 150, "every schedule to run and every notice to be sent", interval=1)
        finally:
            for cluster in clusters:
                cluster.stop()

    lines = notices_file.read_text().splitlines()
    recipients = Counter(line.split("\t")[2] for line in lines)
    assert len(lines) == NOTICES and set(recipients.values()) == {1}, recipients
    assert pg15.execute(
        "SELECT count(*) FROM notifications_notification WHERE status = 'sent' AND attempts = 1",
        database=database,
    ) == [(NOTICES,)]

    runs = finished_runs(pg15, database)
    assert {"complaints.sla_sweep", "analytics.monthly_report", "notifications.deliver_due"} <= set(runs)
    for name, started in runs.items():
        assert all(success for _at, success in started), (name, started)
        # A schedule fires at most once per cron time: two runs in one minute would be a duplicate
        # (the every-minute delivery may legitimately have run again in a later minute).
        minutes = Counter(at.replace(second=0, microsecond=0) for at, _ in started)
        assert max(minutes.values()) == 1, (name, started)
        if name != "notifications.deliver_due":
            assert len(started) == 1, (name, started)
    assert pg15.execute(
        "SELECT name, count(*) FROM analytics_jobrun "
        "WHERE name IN ('build_monthly_report', 'daily_snapshot') AND status = 'succeeded' "
        "GROUP BY name ORDER BY name",
        database=database,
    ) == [("build_monthly_report", 1), ("daily_snapshot", 1)]
    assert pg15.execute("SELECT count(*) FROM analytics_monthlyreport", database=database) == [(1,)]

    # Both clusters logged, one JSON object a line; a task's lines carry its id.
    for cluster in clusters:
        entries = [json.loads(line) for line in cluster.output().splitlines() if line.strip()]
        assert entries and all({"time", "level", "request_id", "user"} <= set(entry) for entry in entries)
        assert all(entry["time"].endswith("+08:00") for entry in entries)
