"""What every log line carries: the request id and the user of the request (or the task) it belongs to.

A contextvar holds the current request (set by ops.middleware.RequestContextMiddleware) or, in the
worker, the current task's id; `ContextFilter` copies both onto each record, `JsonFormatter` writes one
JSON object a line with the time in the business time zone (one zone for web, worker and commands).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from zoneinfo import ZoneInfo

_request = contextvars.ContextVar("request", default=None)
_request_id = contextvars.ContextVar("request_id", default="")

# An id from the proxy (nginx's $request_id) is kept when it looks like one; anything else is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(incoming: str | None) -> str:
    return incoming if incoming and _VALID_ID.match(incoming) else uuid.uuid4().hex


def bind_request(request, request_id: str) -> list[contextvars.Token]:
    return [_request.set(request), _request_id.set(request_id)]


def unbind(tokens: list[contextvars.Token]) -> None:
    try:
        _request_id.reset(tokens[1])
        _request.reset(tokens[0])
    except ValueError:  # closed from another context: forget the request all the same
        _request_id.set("")
        _request.set(None)


def current_request_id() -> str:
    return _request_id.get()


def _current_user() -> str:
    request = _request.get()
    if request is None:
        return ""
    user = request.__dict__.get("user")
    if user is None:
        return ""
    # A lazy user not yet read stays unread: a log line must never cause a query.
    wrapped = getattr(user, "_wrapped", user)
    from django.utils.functional import empty

    if wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return ""
    return wrapped.get_username()


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.user = _current_user()
        return True


# Attributes every LogRecord has; anything else given with `extra=` goes into the JSON object.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "user"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO 8601 with the business time zone's offset), level, logger,
    message, request_id, user, then the record's extra fields and the exception, if any."""

    def __init__(self, *args, time_zone: str = "Asia/Shanghai", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(time_zone)

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, self.zone).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _request_id.get(),
            "user": getattr(record, "user", "") or _current_user(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def connect_task_signals() -> None:
    """In the worker, the lines a task logs carry `task-<id>` as their request id."""
    from django_q.signals import post_execute_in_worker, pre_execute

    # Tokens by task id: a task run synchronously inside a request gives the request its id back.
    tokens: dict[str, contextvars.Token] = {}

    def before(sender, func=None, task=None, **kwargs) -> None:
        if task:
            tokens[task["id"]] = _request_id.set(f"task-{task['id']}")

    def after(sender, func=None, task=None, **kwargs) -> None:
        token = tokens.pop(task["id"], None) if task else None
        if token is not None:
            try:
                _request_id.reset(token)
            except ValueError:  # set in another context (cannot happen in django-q2's worker loop)
                _request_id.set("")

    pre_execute.connect(before, weak=False, dispatch_uid="ops.task_request_id")
    post_execute_in_worker.connect(after, weak=False, dispatch_uid="ops.task_request_id_end")
