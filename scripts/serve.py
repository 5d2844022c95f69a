"""Run the whole product on this machine: database, migrations, demo data, web server and worker.

Called by scripts/run after the virtualenv is ready. Ctrl-C (or SIGTERM) stops the web server and the
worker, then the embedded database if this process started it.

Demo data (users with a published password, API tokens) goes only into the embedded database. With
DATABASE_URL set, the database is migrated and served, and nothing is seeded: an operator who wants the
demo there runs `manage.py seed_demo` explicitly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import embedded_db  # noqa: E402

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
PYTHON = sys.executable


def _static_stamp() -> str:
    """Changes when the project's static files or the installed packages change."""
    import hashlib

    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    for path in sorted((ROOT / "static").rglob("*")):
        digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def _prepare(env: dict[str, str], *, demo: bool) -> None:
    """Migrate, static files, demo data (`demo`): in this process (one Django start-up, not three)."""
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.conf import settings

    stamp_file = Path(settings.STATIC_ROOT) / ".stamp"
    stamp = _static_stamp()
    if not stamp_file.exists() or stamp_file.read_text() != stamp:
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp_file.write_text(stamp)
    if demo:
        call_command("seed_demo")
    else:
        print("DATABASE_URL is set: no demo data loaded (run `manage.py seed_demo` to ask for it).")
    from django.db import connections

    connections.close_all()


def main() -> int:
    began = time.monotonic()
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    embedded = not env.get("DATABASE_URL")
    if embedded and not env.get("DJANGO_SECRET_KEY") and not env.get("DJANGO_SECRET_KEY_FILE"):
        env["DJANGO_SECRET_KEY_FILE"] = str(embedded_db.local_secret_key_file())
    started_db = False
    if embedded:
        env["DATABASE_URL"], started_db = embedded_db.start()
    children: list[subprocess.Popen] = []
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        _prepare(env, demo=embedded)
        workers = env.get("WEB_CONCURRENCY", "3")
        children.append(
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"{HOST}:{PORT}",
                    "--workers",
                    workers,
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        children.append(subprocess.Popen([PYTHON, "manage.py", "qcluster"], cwd=ROOT, env=env))
        print(
            f"\n快递投诉处理 is running: http://{HOST}:{PORT}/  (ready in {time.monotonic() - began:.1f} s; "
            "Ctrl-C stops everything)\n",
            flush=True,
        )
        while not stopping:
            if any(child.poll() is not None for child in children):
                print("A server process ended; stopping the rest.", file=sys.stderr)
                break
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if started_db:
            embedded_db.stop()
            print("Database stopped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
