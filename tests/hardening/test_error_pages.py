"""Error pages as people and clients meet them: Chinese pages with the navigation, JSON for the API,
503 with Retry-After while the database is down."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests.complaints.factories import ComplaintFactory


@contextmanager
def database_down():
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    connection.settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/login/", "/", "/track/", "/admin/login/"])
def test_while_the_database_is_down_browsers_get_a_chinese_503_with_retry_after(agent, path):
    web = Client(raise_request_exception=False)
    web.force_login(agent)
    with database_down():
        response = web.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_the_api_answers_503_json(agent, api_as):
    api = api_as(agent)
    api.raise_request_exception = False
    with database_down():
        response = api.get("/api/v1/complaints/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "数据库" in response.json()["detail"]


@pytest.mark.django_db
def test_a_forbidden_page_is_chinese_with_the_navigation(client, channel, auditor):
    client.force_login(auditor)
    response = client.get("/complaints/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权" in page and 'class="mainnav"' in page and "工作台" in page


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_the_chinese_403(agent):
    web = Client(enforce_csrf_checks=True)
    web.force_login(agent)
    complaint = ComplaintFactory(owner=agent)
    response = web.post(f"/complaints/{complaint.number}/do/note/", {"text": "x"})
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_is_chinese(client, agent):
    client.force_login(agent)
    response = client.get("/complaints/TSNOSUCH0000/")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


UPLOAD_FORM = 'name="file"'


@pytest.mark.django_db
def test_an_auditor_is_not_shown_the_upload_form(client, auditor):
    complaint = ComplaintFactory()
    client.force_login(auditor)
    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "证据" in page and UPLOAD_FORM not in page


@pytest.mark.django_db
def test_a_closed_complaint_shows_no_upload_form_and_an_open_one_does(client, agent):
    closed = ComplaintFactory(owner=agent, status="closed")
    open_one = ComplaintFactory(owner=agent)
    client.force_login(agent)
    assert UPLOAD_FORM not in client.get(f"/complaints/{closed.number}/").content.decode()
    assert UPLOAD_FORM in client.get(f"/complaints/{open_one.number}/").content.decode()
