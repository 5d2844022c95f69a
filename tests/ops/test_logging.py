"""Every log line is one JSON object with the request id and the user, times in Asia/Shanghai."""

import io
import json
import logging

import pytest

from ops.logcontext import ContextFilter, JsonFormatter


@pytest.fixture
def log_lines():
    """The root logger's lines as the production handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(time_zone="Asia/Shanghai"))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def test_a_signed_in_request_logs_its_id_user_status_and_duration(client, agent, log_lines):
    client.force_login(agent)
    response = client.get("/", HTTP_X_REQUEST_ID="proxy-id-0123456789")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "proxy-id-0123456789"
    line = [entry for entry in log_lines() if entry["logger"] == "desk.request"][-1]
    assert line["request_id"] == "proxy-id-0123456789"
    assert line["user"] == "agent-t"
    assert line["route"] == "complaints:workbench"
    assert line["status"] == 200 and line["duration_ms"] >= 0
    assert line["time"].endswith("+08:00")


def test_a_malformed_incoming_request_id_is_replaced(client, db, log_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='"><script>\n')
    assert len(response["X-Request-ID"]) == 32
    line = [entry for entry in log_lines() if entry["logger"] == "desk.request"][-1]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user"] == ""


def test_lines_logged_by_a_view_carry_the_request_id(client, agent, log_lines, monkeypatch):
    """A warning logged while serving (here Django's line for a 404) has the same id and user."""
    client.force_login(agent)
    response = client.get("/api/v1/complaints/TS0000000000/")
    assert response.status_code == 404
    lines = [entry for entry in log_lines() if entry["request_id"] == response["X-Request-ID"]]
    assert {entry["logger"] for entry in lines} >= {"django.request", "desk.request"}
    assert all(entry["user"] == "agent-t" for entry in lines)


def test_a_task_logs_under_its_own_id(db, log_lines):
    from django_q.tasks import async_task

    async_task("ops.tasks.log_line", "hello from a task")  # sync in tests, through django-q2's worker
    line = [entry for entry in log_lines() if entry["message"] == "hello from a task"][-1]
    assert line["request_id"].startswith("task-")
