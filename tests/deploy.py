"""The standard deploy, for tests: a fresh PostgreSQL database, `migrate`, `collectstatic`, DEBUG off,
served by gunicorn on a free loopback port. Small and reusable: a test of the deploy guide builds on it.

    with fresh_database() as url:
        env = production_env(url, tmp_path)
        manage(env, "migrate", "--noinput"); manage(env, "collectstatic", "--noinput")
        with serving(["-m", "gunicorn", "config.wsgi", ...], env) as base: ...
"""

from __future__ import annotations

import http.cookiejar
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def _url_of(dbname: str) -> str:
    """The tests' DATABASE_URL (same server and credentials) naming another database."""
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path=f"/{dbname}"))


@contextmanager
def fresh_database() -> Iterator[str]:
    """An empty database on the tests' server, dropped afterwards; yields its DATABASE_URL."""
    name = f"deploy_{secrets.token_hex(4)}"
    with psycopg.connect(_url_of("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url_of(name)
    finally:
        with psycopg.connect(_url_of("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str):
    """One value from the deployed database."""
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def production_env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, its own secret, its own static and media."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        Q_LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(argv: list[str], env: dict[str, str], port: int, *, wait: float = 120) -> Iterator[str]:
    """Runs `python <argv>` until /healthz answers on the port; yields the base URL; stops it after."""
    log = open(Path(env["MEDIA_ROOT"]).parent / f"server-{port}.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, *argv], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                if urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise AssertionError(f"the server did not start:\n{log.read()}")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class Browser:
    """Plain HTTP with cookies (no redirects followed), for pages served by a real server."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)
