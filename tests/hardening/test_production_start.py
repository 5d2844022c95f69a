"""The production path: a standard deploy serves the pages with DEBUG off over plain HTTP on loopback,
`scripts/run` with DATABASE_URL seeds nothing, settings never start a database, and `check --deploy` is
clean for the production environment documented in .env.example."""

import re
import subprocess
import sys

import pytest

from tests.deploy import ROOT, Browser, free_port, fresh_database, manage, production_env, query, serving


@pytest.fixture(scope="module")
def deployed(django_db_setup, django_db_blocker, tmp_path_factory):
    """migrate + collectstatic on a fresh database: nothing else (no createcachetable, no seed)."""
    tmp_path = tmp_path_factory.mktemp("deploy")
    with django_db_blocker.unblock(), fresh_database() as url:
        env = production_env(url, tmp_path)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        yield env


@pytest.mark.slow
def test_the_standard_deploy_serves_the_public_pages_and_the_admin_login(deployed):
    port = free_port()
    gunicorn = ["-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    with serving(gunicorn, deployed, port) as base:
        web = Browser(base)
        for path in ("/track/", "/admin/login/", "/api/schema/", "/login/"):
            status, _headers, page = web.request(path)
            assert status == 200, (path, page[:500])
        status, headers, _css = web.request(re.search(r'href="(/static/[^"]+\.css)"', page).group(1))
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        status, _headers, page = web.request("/track/")
        answer = web.request(
            "/track/",
            {
                "number": "TS0000000000",
                "phone": "13812345678",
                "csrfmiddlewaretoken": web.cookie("csrftoken"),
            },
        )
        assert answer[0] == 200 and "未找到" in answer[2]
        status, _headers, page = web.request(
            "/login/",
            {
                "username": "manager1",
                "password": "demo-pass-2026",
                "csrfmiddlewaretoken": web.cookie("csrftoken"),
            },
        )
        assert status == 200 and "用户名或密码错误" in page  # no demo users on a production database
    assert query(deployed["DATABASE_URL"], "SELECT count(*) FROM auth_user") == 0


@pytest.mark.slow
def test_scripts_run_with_database_url_seeds_no_demo_data(deployed):
    port = free_port()
    env = {**deployed, "PORT": str(port), "WEB_CONCURRENCY": "1", "Q_WORKERS": "1"}
    with serving(["scripts/serve.py"], env, port) as base:
        assert Browser(base).request("/login/")[0] == 200
    assert query(deployed["DATABASE_URL"], "SELECT count(*) FROM auth_user") == 0
    assert query(deployed["DATABASE_URL"], "SELECT count(*) FROM authtoken_token") == 0


def test_settings_without_database_url_say_so_clearly(tmp_path):
    env = production_env("", tmp_path)
    env.pop("DATABASE_URL")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL is not set" in result.stderr
    assert "python -m config.embedded_db -- python manage.py" in result.stderr


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.mark.django_db
def test_check_deploy_is_clean_for_the_production_environment_of_env_example(tmp_path):
    from django.db import connection

    example = env_example()
    assert example["DJANGO_HTTPS"] == "true" and example["DJANGO_DEBUG"] == "false"
    example.pop("DATABASE_URL")
    example.pop("DJANGO_SECRET_KEY")
    env = {**production_env("postgres://unused@/unused", tmp_path), **example}
    env["DATABASE_URL"] = f"postgresql://{connection.settings_dict['USER']}@/x?host=/nonexistent"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_tls_variables_check_deploy_names_what_is_off(tmp_path):
    env = production_env("postgresql://x@/x?host=/nonexistent", tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr
