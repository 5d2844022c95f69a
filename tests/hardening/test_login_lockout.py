"""Login lockout (django-axes): repeated wrong passwords lock the account, in Chinese; a manager
unlocks it in admin."""

import pytest
from django.test import Client

from infra.models import LoginLockout

PASSWORD = "pw-for-tests-2026"


def attempt(password: str, address: str = "192.0.2.10", username: str = "agent-t"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_after_five_wrong_passwords_even_the_right_one_is_refused_in_chinese(agent):
    wrong = [attempt("wrong").status_code for _ in range(5)]
    right = attempt(PASSWORD)

    assert wrong[:4] == [200] * 4  # the form again, with its error
    assert right.status_code == 429
    page = right.content.decode()
    assert "账号已锁定" in page and "30" in page
    assert "_auth_user_id" not in right.client.session


@pytest.mark.django_db
def test_the_lockout_counts_failures_from_any_address(agent):
    for n in range(5):
        attempt("wrong", address=f"198.51.100.{n}")
    assert attempt(PASSWORD, address="203.0.113.1").status_code == 429


@pytest.mark.django_db
def test_a_right_password_before_the_limit_logs_in_and_clears_the_count(agent):
    for _ in range(4):
        attempt("wrong")
    assert attempt(PASSWORD).status_code == 302
    assert not LoginLockout.objects.filter(username="agent-t").exists()


@pytest.mark.django_db
def test_a_manager_unlocks_the_account_in_admin(agent, manager):
    for _ in range(5):
        attempt("wrong")
    admin = Client()
    admin.force_login(manager)
    listing = admin.get("/admin/infra/loginlockout/")
    assert listing.status_code == 200 and "agent-t" in listing.content.decode()

    response = admin.post(
        "/admin/infra/loginlockout/",
        {"action": "unlock", "_selected_action": list(LoginLockout.objects.values_list("pk", flat=True))},
        follow=True,
    )

    assert "已解锁 1 个账号" in response.content.decode()
    assert attempt(PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_auditor_sees_lockouts_but_cannot_unlock(agent, auditor):
    for _ in range(5):
        attempt("wrong")
    admin = Client()
    admin.force_login(auditor)
    assert admin.get("/admin/infra/loginlockout/").status_code == 200
    admin.post(
        "/admin/infra/loginlockout/",
        {"action": "unlock", "_selected_action": list(LoginLockout.objects.values_list("pk", flat=True))},
    )
    assert attempt(PASSWORD).status_code == 429


@pytest.mark.django_db
def test_an_absurdly_long_user_name_is_refused_without_a_server_error():
    response = Client(raise_request_exception=False).post(
        "/login/", {"username": "x" * 100_000, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode() or "最多" in response.content.decode()
