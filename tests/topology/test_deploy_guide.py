"""docs/deploy.md, followed on a fresh PostgreSQL 15 database: the environment from .env.example, the
guide's own commands (every block marked `<!-- tested: ... -->`), the services as the unit files in
deploy/ start them, then what a user and an operator see: DEBUG off, `check --deploy` clean, no demo
data, the pages answer, the worker runs its jobs, /readyz and /metrics work, a backup is written."""

from __future__ import annotations

import http.client
import json
import re
import shlex
import ssl
import subprocess
import urllib.request

import requests

from tests.topology.proxy import nginx
from tests.topology.servers import ROOT, Process, free_port, wait_for
from tests.topology.web import Browser

PASSWORD = "Lotus-Harbour-2026!"
METRICS_TOKEN = "deploy-guide-metrics-token-0123456789"


def guide_blocks(guide: str) -> dict[str, str]:
    return dict(re.findall(r"<!-- tested: ([\w-]+) -->\n```sh\n(.*?)```", guide, re.DOTALL))


def env_file_from_example(**values: str) -> str:
    """.env.example with the operator's values filled in (as section 5 of the guide says)."""
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^#? ?([A-Z][A-Z0-9_]+)=", line)
        if match and match.group(1) in values:
            line = f"{match.group(1)}={values.pop(match.group(1))}"
        lines.append(line)
    lines += [f"{key}={value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def read_env_file(path) -> dict[str, str]:
    """What systemd's EnvironmentFile= makes of the file."""
    env = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value
    return env


def unit(name: str, substitutions: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """ExecStart and Environment= of a unit file in deploy/, with the host's paths replaced."""
    text = (ROOT / "deploy" / name).read_text()
    for old, new in substitutions.items():
        text = text.replace(old, new)
    command = shlex.split(re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1))
    env = dict(item.split("=", 1) for item in re.findall(r"^Environment=(\S+)$", text, re.MULTILINE))
    return command, env


def test_the_deploy_guide_on_a_fresh_database(pg15, static_root, tmp_path):
    guide = (ROOT / "docs" / "deploy.md").read_text()
    blocks = guide_blocks(guide)
    assert {"setup", "manager", "backup"} <= set(blocks), blocks.keys()

    database_url = pg15.create_database("deploy_guide", template="template0")
    port, https_port = free_port(), free_port()  # gunicorn's, nginx's
    secret = tmp_path / "secret_key"
    secret.write_text("deploy-guide-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ\n")
    etc = tmp_path / "etc"
    etc.mkdir()
    env_path = etc / "env"
    env_path.write_text(
        env_file_from_example(
            DATABASE_URL=database_url,
            DJANGO_SECRET_KEY="",
            DJANGO_SECRET_KEY_FILE=str(secret),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{https_port}",
            PUBLIC_BASE_URL="https://127.0.0.1",
            STATIC_ROOT=str(tmp_path / "static"),
            MEDIA_ROOT=str(tmp_path / "media"),
            GUNICORN_BIND=f"127.0.0.1:{port}",
            METRICS_TOKEN=METRICS_TOKEN,
            NOTIFICATION_BACKEND="notifications.backends.FileBackend",
            NOTIFICATION_FILE=str(tmp_path / "notices.log"),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PG_BINDIR="/usr/lib/postgresql/15/bin",
        )
    )
    paths = {
        "/srv/complaint-desk/.venv/bin/": f"{ROOT}/.venv/bin/",
        "/srv/complaint-desk": str(ROOT),
        "/etc/complaint-desk/env": str(env_path),
        "/var/backups/complaint-desk": str(tmp_path / "backups"),
        "/run/complaint-desk": str(tmp_path / "run"),
    }

    def run_block(name: str) -> str:
        script = blocks[name]
        for old, new in paths.items():
            script = script.replace(old, new)
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", f"cd {ROOT}\nset -a; . {env_path}; set +a\n{script}"],
            env={
                "PATH": f"{ROOT}/.venv/bin:/usr/bin:/bin",
                "HOME": str(tmp_path),
                "MANAGER_PASSWORD": PASSWORD,
            },
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"block {name} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout + result.stderr

    (tmp_path / "backups").mkdir()
    setup = run_block("setup")
    assert "System check identified no issues" in setup
    assert "Manager admin created" in run_block("manager")

    # The services, as their unit files start them.
    services = []
    base_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **read_env_file(env_path)}
    for name in ("complaint-desk-web.service", "complaint-desk-worker.service"):
        command, unit_env = unit(name, paths)
        (tmp_path / "run" / "prometheus").mkdir(parents=True, exist_ok=True)
        services.append(Process(command, env={**base_env, **unit_env}, log=tmp_path / f"{name}.log"))
    direct = f"http://127.0.0.1:{port}"
    front = None
    try:

        def answers() -> bool:
            assert all(s.alive() for s in services), [s.output()[-3000:] for s in services]
            try:
                with urllib.request.urlopen(f"{direct}/healthz", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_for(answers, 60, "the web service")
        # nginx in front, configured as section 8 says (deploy/nginx.conf).
        front, http_port, _https, cert = nginx(
            tmp_path / "nginx",
            upstream_port=port,
            static_root=str(tmp_path / "static"),
            https_port=https_port,
        )
        base = f"https://127.0.0.1:{https_port}"
        browser = Browser(base, verify=str(cert))
        plain = requests.get(f"http://127.0.0.1:{http_port}/track/", allow_redirects=False, timeout=10)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
        # The app sees HTTPS through the trusted proxy: HSTS on every answer, the request id from nginx.
        tracked = browser.get("/track/")
        assert tracked.status_code == 200 and "max-age=" in tracked.headers["Strict-Transport-Security"]
        assert re.fullmatch(r"[0-9a-f]{32}", tracked.headers["X-Request-ID"])
        # DEBUG is off: an unknown page is a plain 404, no traceback or settings.
        missing = browser.get("/no-such-page/")
        assert missing.status_code == 404 and "Traceback" not in missing.text and "DEBUG" not in missing.text
        # The pages a user needs.
        assert browser.get("/track/").status_code == 200
        assert browser.get("/api/schema/").status_code == 200
        browser.login("admin", PASSWORD)
        for path in ("/", "/complaints/new/", "/admin/", "/admin/dashboard/", "/reports/monthly/"):
            page = browser.get(path)
            assert page.status_code == 200, (path, page.status_code)
        css = re.search(r'href="(/static/[^"]+\.css)"', browser.get("/").text).group(1)
        static = browser.get(css)  # served by nginx from STATIC_ROOT (collectstatic's hashed names)
        assert static.status_code == 200 and "immutable" in static.headers["Cache-Control"]

        # No demo data: one user, one department, nothing else.
        assert pg15.execute("SELECT username FROM auth_user", database="deploy_guide") == [("admin",)]
        for table in ("complaints_complaint", "customers_customer", "customers_shipment", "claims_claim"):
            assert pg15.execute(f"SELECT count(*) FROM {table}", database="deploy_guide") == [(0,)], table

        # The worker runs the schedules (all due right after migrate): /readyz turns 200.
        def ready() -> bool:
            assert all(s.alive() for s in services), [s.output()[-3000:] for s in services]
            return browser.get("/readyz").status_code == 200

        wait_for(ready, 150, "the worker's first scheduled tasks (/readyz 200)", interval=2)
        runs = pg15.execute(
            "SELECT name, status FROM analytics_jobrun ORDER BY name", database="deploy_guide"
        )
        assert ("daily_snapshot", "succeeded") in runs, runs
        metrics = browser.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert metrics.status_code == 200 and 'desk_open_complaints{tier="frontline"} 0.0' in metrics.text
        assert browser.get("/metrics").status_code == 404
        # From outside the monitoring network nginx refuses the operators' endpoints.
        outside = http.client.HTTPSConnection(
            "127.0.0.1", https_port, source_address=("127.0.0.2", 0),
            context=ssl.create_default_context(cafile=str(cert)), timeout=10,
        )  # fmt: skip
        outside.request("GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert outside.getresponse().status == 403
        entries = [json.loads(line) for line in services[0].output().splitlines()]  # every line JSON
        assert all("request_id" in entry and entry["time"].endswith("+08:00") for entry in entries)
        line = next(e for e in entries if e.get("request_id") == tracked.headers["X-Request-ID"])
        assert line["path"] == "/track/" and line["client"] == "127.0.0.1"
    finally:
        if front is not None:
            front.stop()
        for service in services:
            service.stop()

    backup = run_block("backup")
    manifest = json.loads(next((tmp_path / "backups").glob("*/manifest.json")).read_text())
    assert manifest["counts"]["auth_user"] == 1 and "rows" in backup
