"""The outbox written by the database for many complaints at once (the SLA sweep): a notice's wording
filled in SQL (`fill_sql`, the text `messages.fill` writes in Python) and one INSERT … SELECT of the
staff notices (`staff_notices_sql`, the rows `notices.staff_notices` builds one by one)."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth import get_user_model

from notifications.messages import PLACEHOLDER
from notifications.models import Notification
from notifications.wording import patterns


def fill_sql(pattern: str, values: Mapping[str, str], params: dict) -> str:
    """An SQL text expression equal to `pattern % {name: value}`, where `values` gives each placeholder
    as an SQL text expression (never NULL); the pattern's literal parts go into `params`."""
    pieces: list[str] = []

    def literal(text: str) -> None:
        if "%" in text:
            raise ValueError(f"Only %(name)s placeholders and %% can be filled in SQL: {pattern!r}")
        if text:
            key = f"fill_{len(params)}"
            params[key] = text
            pieces.append(f"%({key})s::text")

    position = 0
    for match in PLACEHOLDER.finditer(pattern):
        literal(pattern[position : match.start()])
        if match.group(1) is None:
            pieces.append("'%%'::text")
        else:
            pieces.append(f"({values[match.group(1)]})")
        position = match.end()
    literal(pattern[position:])
    return " || ".join(pieces) or "''::text"


def staff_notices_sql(
    *, template: str, recipients: str, values: Mapping[str, str], params: dict, sent_at, where: str = "true"
) -> str:
    """An INSERT … SELECT … RETURNING 1 writing `template` to each (complaint_id, user_id) row of the
    FROM item `recipients` (the relation aliased r, maybe joined to others that `values` and `where`
    read): by e-mail when the user has an address, else as an internal message, as
    `notices.staff_notices` does."""
    subject, body = patterns(template)
    key = f"notice_{len(params)}"
    params[f"{key}_template"], params[f"{key}_subject"] = template, subject
    users = get_user_model()
    username = users._meta.get_field(users.USERNAME_FIELD).column
    pk = users._meta.pk.column
    params["notice_sent_at"] = sent_at
    email = "COALESCE(u.email, '')"
    return f"""
        INSERT INTO {Notification._meta.db_table} (complaint_id, audience, channel, recipient,
            recipient_user_id, template, subject, body, status, attempts, next_attempt_at, last_error,
            created_at)
        SELECT r.complaint_id, '{Notification.Audience.STAFF.value}',
               CASE WHEN {email} <> '' THEN '{Notification.Channel.EMAIL.value}'
                    ELSE '{Notification.Channel.INTERNAL.value}' END,
               CASE WHEN {email} <> '' THEN u.email ELSE u.{username} END,
               u.{pk}, %({key}_template)s, %({key}_subject)s, {fill_sql(body, values, params)},
               '{Notification.Status.PENDING.value}', 0, %(notice_sent_at)s, '', %(notice_sent_at)s
          FROM {recipients} JOIN {users._meta.db_table} u ON u.{pk} = r.user_id
         WHERE {where}
        RETURNING 1"""
