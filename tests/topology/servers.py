"""Servers a topology test starts on loopback and tears down: PostgreSQL 15 clusters (Debian's
binaries) and streaming replicas, redis-server, an S3-compatible server (moto), and the product's own
processes (manage.py commands, gunicorn, qcluster) with a production environment.

Ports are chosen free at run time and every directory lives under the test's tmp_path, so tests run
in parallel (pytest-xdist) without meeting each other.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("TOPOLOGY_PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {seconds} s for {what}")
        time.sleep(interval)


def require(binary: Path | str) -> str:
    path = shutil.which(str(binary))
    if path is None:
        pytest.skip(f"{binary} is not installed (scripts/test installs it when run as root)")
    return path


def _as_postgres(argv: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: as root, its commands run as the system user "postgres".
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class Postgres:
    """A PostgreSQL 15 cluster of its own on 127.0.0.1:<port> (trust authentication on loopback), in a
    directory of its own under the system temp folder (pytest's are closed to the postgres user);
    `remove()` stops it and deletes the directory."""

    def __init__(self, port: int | None = None) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="desk-pg15-"))
        self.data = self.directory / "data"
        self.port = port or free_port()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *argv: str, timeout: float = 120) -> None:
        result = subprocess.run(_as_postgres([*argv]), capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")

    def _own(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    def init(self) -> Postgres:
        require(PG_BIN / "initdb")
        self._own()
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        return self

    def base_backup_from(self, primary: Postgres) -> Postgres:
        """This cluster becomes a streaming replica of `primary` (pg_basebackup -R writes the
        standby.signal and primary_conninfo)."""
        require(PG_BIN / "pg_basebackup")
        self._own()
        self._run(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        return self

    def start(self) -> Postgres:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError, AssertionError):
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def execute(self, sql: str, params=None, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str, template: str = "template1") -> str:
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)


class Process:
    """A long-running child (a server) whose output goes to a file; stopped by terminate, then kill."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> None:
        self.log = log
        self.handle = log.open("ab")
        self.popen = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 20) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, 9)
                self.popen.wait()
        self.handle.close()


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """redis-server (Debian's) on a free port, nothing persisted; yields its URL."""
    binary = require("redis-server")
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    proc = Process(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory)],
        env=dict(os.environ), log=directory / "redis.log", cwd=directory,
    )  # fmt: skip
    try:
        wait_for(lambda: tcp_open(port), 20, "redis-server")
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.stop()


@contextlib.contextmanager
def s3_server(directory: Path) -> Iterator[str]:
    """moto's S3-compatible server on a free port; yields its endpoint URL."""
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    proc = Process(
        [str(Path(PYTHON).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        env=dict(os.environ), log=directory / "moto.log", cwd=directory,
    )  # fmt: skip
    try:
        wait_for(lambda: tcp_open(port), 30, "moto_server")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()


def tcp_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of docs/deploy.md: a real database, DEBUG off, a secret key, JSON logs."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST", "Q_", "CACHE_", "MEDIA_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY="topology-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_FORMAT="json",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300, check: bool = True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def gunicorn(env: dict[str, str], log: Path, workers: int = 2) -> tuple[Process, str]:
    """The web service as deploy/ runs it (its gunicorn.conf.py), on a free loopback port."""
    port = free_port()
    proc = Process(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env, log=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if not proc.alive():
            raise AssertionError(f"gunicorn ended:\n{proc.output()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(up, 60, "gunicorn to answer /healthz")
    return proc, base


def qcluster(env: dict[str, str], log: Path) -> Process:
    return Process([PYTHON, "manage.py", "qcluster"], env=env, log=log)
