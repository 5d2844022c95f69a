"""A PostgreSQL 15 streaming replica (pg_basebackup) behind the database router: report pages and API,
exports and API lists read from it; writes, report builds and a writer's next pages use the primary."""

from __future__ import annotations

import datetime as dt

from tests.topology.conftest import DEMO_PASSWORD as PASSWORD
from tests.topology.servers import Postgres, gunicorn, manage, wait_for
from tests.topology.web import Api, Browser


def caught_up(primary: Postgres, replica: Postgres) -> bool:
    lsn = primary.execute("SELECT pg_current_wal_lsn()::text")[0][0]
    return replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])[0][0]


def token(env, username: str) -> str:
    return manage(env, "drf_create_token", username).split()[2]


def test_reads_go_to_the_replica_and_writers_see_their_writes(pg15, seeded_database, prod_env, tmp_path):
    env = prod_env(seeded_database)
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")

    replica = Postgres().base_backup_from(pg15).start()
    web = None
    try:
        wait_for(lambda: caught_up(pg15, replica), 60, "the replica to catch up")
        env = {**env, "DATABASE_REPLICA_URL": replica.url(seeded_database.rsplit("/", 1)[1])}
        # A report build writes on the primary with a replica configured (the replica is read-only).
        manage(env, "build_monthly_report", "--month", month)
        web, base = gunicorn(env, tmp_path / "web.log")
        manager = Browser(base).login("manager1", PASSWORD)
        reader = Browser(base).login("supervisor1", PASSWORD)
        auditor = Browser(base).login("auditor1", PASSWORD)
        channel = Api(base, token(env, "channel-web"))
        manager_api = Api(base, token(env, "manager1"))
        wait_for(lambda: caught_up(pg15, replica), 60, "the replica to replay the logins")
        built = reader.get(f"/api/v1/reports/monthly/{month}/").json()["built_at"]

        replica.execute("SELECT pg_wal_replay_pause()")
        wait_for(
            lambda: replica.execute("SELECT pg_get_wal_replay_pause_state()")[0][0] == "paused", 30, "pause"
        )

        # A channel files a complaint (a write: primary) and lists its complaints right after: pinned to
        # the primary, it sees the new one; another reader's list comes from the stale replica.
        created = channel.post(
            "/api/v1/complaints/",
            json={
                "channel": "web", "external_id": "replica-1", "kind": "complaint",
                "customer": {"name": "王五", "phone": "13912345678"}, "category": "delay.transit",
                "description": "快件五天未到", "remedy_sought": "explanation",
            },
        )  # fmt: skip
        assert created.status_code == 201, created.text
        number = created.json()["number"]
        mine = channel.get("/api/v1/complaints/", params={"channel": "web", "page_size": 200}).json()
        assert number in [row["number"] for row in mine["results"]]
        others = manager_api.get("/api/v1/complaints/", params={"channel": "web", "page_size": 200}).json()
        assert number not in [row["number"] for row in others["results"]]  # served by the replica
        assert manager_api.get(f"/api/v1/complaints/{number}/").status_code == 200  # detail: primary

        # The manager rebuilds the month (the build writes on the primary) and sees the new build at
        # once; the supervisor's report page and API still read the replica's copy.
        rebuilt = manager.post("/reports/monthly/build/", {"month": month}, form_page="/reports/monthly/")
        assert rebuilt.status_code == 200 and rebuilt.url.endswith(f"/reports/monthly/{month}/"), rebuilt.url
        fresh = manager.get(f"/api/v1/reports/monthly/{month}/").json()["built_at"]
        assert fresh != built
        assert reader.get(f"/api/v1/reports/monthly/{month}/").json()["built_at"] == built
        assert reader.get(f"/reports/monthly/{month}/").status_code == 200
        assert reader.get(f"/reports/monthly/{month}/csv/").status_code == 200
        export = auditor.get("/admin/complaints/complaint/export.csv")
        assert export.status_code == 200 and "TS" in export.text
        assert number not in export.text  # streamed from the replica
        assert number in manager.get("/admin/complaints/complaint/export.csv").text  # pinned writer

        replica.execute("SELECT pg_wal_replay_resume()")
        wait_for(lambda: caught_up(pg15, replica), 60, "the replica to catch up again")
        assert reader.get(f"/api/v1/reports/monthly/{month}/").json()["built_at"] == fresh
        others = manager_api.get("/api/v1/complaints/", params={"channel": "web", "page_size": 200}).json()
        assert number in [row["number"] for row in others["results"]]

        # A replica that stops answering is skipped: pages read from the primary.
        replica.stop()
        assert reader.get(f"/api/v1/reports/monthly/{month}/").json()["built_at"] == fresh
        assert number in auditor.get("/admin/complaints/complaint/export.csv").text
    finally:
        if web is not None:
            web.stop()
        replica.remove()
    log = (tmp_path / "web.log").read_text()
    assert "read replica unavailable" in log
