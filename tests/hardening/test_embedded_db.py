"""The embedded PostgreSQL applies its sizing: a setting that only a restart applies (shared_buffers)
makes the starting process restart the server it has just started."""

import os

import pytest

from config import embedded_db

pytestmark = pytest.mark.skipif(
    embedded_db._running_info() is None
    or "host=" + str(embedded_db.PGDATA) not in os.environ["DATABASE_URL"],
    reason="runs against this checkout's embedded server only",
)


@pytest.fixture
def server_settings(monkeypatch):
    """Lets a test choose the sizing; puts the server's own values back afterwards."""
    import psycopg

    info = embedded_db._running_info()
    url = dict(host=str(info.socket_dir), user="postgres", dbname="postgres", autocommit=True)
    with psycopg.connect(**url) as conn:
        saved = dict(
            conn.execute(
                "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%%postgresql.auto.conf'"
            ).fetchall()
        )

    def choose(settings: dict[str, str]) -> bool:
        monkeypatch.setattr(embedded_db, "SERVER_SETTINGS", settings)
        return embedded_db._tune(info)

    yield choose
    with psycopg.connect(**url) as conn:
        for name in ("shared_buffers", "work_mem"):
            if name in saved:
                conn.execute(f"ALTER SYSTEM SET {name} = '{saved[name]}'")
            else:
                conn.execute(f"ALTER SYSTEM RESET {name}")
        conn.execute("SELECT pg_reload_conf()")


def test_a_changed_restart_only_setting_asks_for_a_restart_at_once(server_settings):
    # Decided from the setting itself: pending_restart, read right after the asynchronous reload, was
    # still false on a new server, which then kept its 128 MB of buffers.
    assert server_settings({"shared_buffers": "17MB"}) is True


def test_settings_a_reload_applies_need_no_restart(server_settings):
    # Not answered by another setting's pending restart either.
    assert server_settings({"work_mem": "5MB"}) is False
    assert server_settings({"work_mem": "5MB"}) is False  # already so: nothing changes
