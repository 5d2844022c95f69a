"""The first manager of a new installation, made by a command (never demo data)."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from complaints.models import Complaint
from org.models import StaffProfile
from org.roles import Role, has_role


@pytest.mark.django_db
def test_create_manager_makes_a_manager_who_can_open_admin(client, monkeypatch, capsys):
    monkeypatch.setenv("MANAGER_PASSWORD", "Lotus-Harbour-2026!")
    call_command("create_manager", "boss", "--display-name", "经理 张", "--email", "boss@example.com")
    user = User.objects.get(username="boss")
    assert has_role(user, Role.MANAGER) and user.is_staff and not user.is_superuser
    assert StaffProfile.objects.get(user=user).department.code == "CS-HQ"
    assert "Manager boss created" in capsys.readouterr().out
    assert user.check_password("Lotus-Harbour-2026!")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    # Nothing else: no demo users, no complaints.
    assert list(User.objects.values_list("username", flat=True)) == ["boss"]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_create_manager_refuses_a_weak_password_and_an_existing_user(monkeypatch):
    monkeypatch.setenv("MANAGER_PASSWORD", "12345678")
    with pytest.raises(CommandError):
        call_command("create_manager", "boss")
    assert not User.objects.filter(username="boss").exists()
    monkeypatch.setenv("MANAGER_PASSWORD", "Lotus-Harbour-2026!")
    call_command("create_manager", "boss")
    with pytest.raises(CommandError, match="boss"):
        call_command("create_manager", "boss")


@pytest.mark.django_db
def test_create_manager_without_a_password_and_without_a_terminal_says_what_to_do(monkeypatch):
    monkeypatch.delenv("MANAGER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="MANAGER_PASSWORD"):
        call_command("create_manager", "boss")
