"""The login page, the workbench, the health check and the API schema, as a browser or operator sees them."""

import re

import pytest
from django.db import connection

from tests.conftest import token_client


@pytest.mark.django_db
def test_login_page_is_in_chinese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_workbench_sends_anonymous_visitors_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_agent_logs_in_and_sees_the_workbench(client, agent):
    response = client.post("/login/", {"username": "agent-t", "password": "pw-for-tests-2026"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "工作台" in page
    assert response.redirect_chain[-1][0] == "/"


@pytest.mark.django_db
def test_wrong_password_shows_a_chinese_error(client, agent):
    response = client.post("/login/", {"username": "agent-t", "password": "wrong"})
    assert "用户名或密码错误" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["channel", "operations", "outsider"])
def test_api_only_and_role_less_users_may_not_use_the_workbench(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/").status_code == 403


@pytest.mark.django_db
def test_english_is_available(client, agent):
    client.force_login(agent)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Workbench" in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_does_not(client):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503


@pytest.mark.django_db
def test_openapi_schema_lists_the_shipments_feed(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "/api/v1/shipments/{waybill_no}/" in response.content.decode()


@pytest.mark.django_db
def test_api_docs_page_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    # No script, style or link from another host (the page embeds a random token, so no bare "cdn").
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "cdn." not in page.lower() and "//cdn" not in page.lower()


@pytest.mark.django_db
def test_manager_opens_admin_and_agent_does_not(client, manager, agent):
    client.force_login(manager)
    assert client.get("/admin/customers/shipment/").status_code == 200
    client.force_login(agent)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_auditor_sees_admin_lists_but_cannot_add(client, auditor):
    client.force_login(auditor)
    assert client.get("/admin/customers/shipment/").status_code == 200
    assert client.get("/admin/customers/shipment/add/").status_code == 403


@pytest.mark.django_db
def test_api_token_user_reaches_the_api(operations):
    assert token_client(operations).get("/api/v1/shipments/NOSUCH0001/").status_code == 404
