from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command


def snapshot() -> dict:
    """Every row of every project table, as values: a second seed must leave all of it as it was."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in {
            "org",
            "customers",
            "complaints",
            "claims",
            "analytics",
            "auth",
            "authtoken",
        }:
            tables[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return tables


@pytest.mark.django_db
def test_seed_demo_creates_the_contract_users_and_prints_logins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    from django.contrib.auth.models import User

    names = set(User.objects.values_list("username", flat=True))
    assert names >= {
        "agent1",
        "agent2",
        "supervisor1",
        "expert1",
        "manager1",
        "auditor1",
        "dept1",
        "channel-web",
    }
    assert User.objects.get(username="agent1").check_password("demo-pass-2026")
    assert User.objects.get(username="dept1").staff_profile.department.kind == "outlet"
    assert User.objects.get(username="channel-web").groups.filter(name="channel").exists()
    assert "agent1" in out.getvalue()
    assert "demo-pass-2026" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_run_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = snapshot()

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert snapshot() == before
    assert "新建 0" in out.getvalue() or "0 created" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_uses_the_password_from_the_environment_and_resets_it_on_request(settings):
    from django.contrib.auth.models import User

    settings.DEMO_PASSWORD = "another-pass-1"
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(username="manager1").check_password("another-pass-1")

    settings.DEMO_PASSWORD = "third-pass-2"
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(username="manager1").check_password("another-pass-1")
    call_command("seed_demo", "--reset-passwords", stdout=StringIO())
    assert User.objects.get(username="manager1").check_password("third-pass-2")
