"""Writing notices to the outbox and delivering them, with retries and backoff owned by the outbox."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from notifications.backends import get_backend
from notifications.messages import fill
from notifications.models import Notification
from notifications.signals import delivery_settled
from notifications.wording import patterns, render

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = dt.timedelta(hours=6)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the n-th failure, at most six hours."""
    return min(dt.timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def notification_enqueue(
    *,
    template: str,
    params: dict,
    audience: str,
    channel: str,
    recipient: str,
    recipient_user=None,
    complaint=None,
    recipient_user_id: int | None = None,
    complaint_id: int | None = None,
) -> Notification:
    """Write one notice to the outbox in the caller's transaction; delivery is queued after commit.
    The complaint and the staff recipient may be given as rows or as ids."""
    subject, body = render(template, params)
    notification = Notification.objects.create(
        complaint_id=complaint.pk if complaint is not None else complaint_id,
        audience=audience,
        channel=channel,
        recipient=recipient,
        recipient_user_id=recipient_user.pk if recipient_user is not None else recipient_user_id,
        template=template,
        subject=subject,
        body=body,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _queue_delivery(notification.pk))
    return notification


def notifications_build(rows: list[dict], *, version: int | None = None) -> list[Notification]:
    """The outbox rows (unsaved) of `rows`, each as `notification_enqueue`'s arguments with the
    complaint and the staff recipient as ids, worded at the reference data `version`
    (notifications/wording.py `patterns`). Whoever writes them queues their delivery
    (`notifications_queue_delivery`)."""
    now = timezone.now()
    notifications = []
    for row in rows:
        subject, body = render(row["template"], row["params"], version=version)
        notifications.append(
            Notification(
                complaint_id=row.get("complaint_id"),
                audience=row["audience"],
                channel=row["channel"],
                recipient=row["recipient"],
                recipient_user_id=row.get("recipient_user_id"),
                template=row["template"],
                subject=subject,
                body=body,
                next_attempt_at=now,
            )
        )
    return notifications


def notifications_enqueue(rows: list[dict], *, version: int | None = None) -> list[Notification]:
    """Write several notices to the outbox in one statement in the caller's transaction; their delivery
    is queued as one task (`notifications_queue_delivery`). Each row as `notification_enqueue`'s
    arguments, with the complaint and the staff recipient as ids; `version`: the reference data version
    the wordings are read at (notifications/wording.py `patterns`)."""
    if not rows:
        return []
    notifications = notifications_build(rows, version=version)
    Notification.objects.bulk_create(notifications)
    notifications_queue_delivery([notification.pk for notification in notifications])
    return notifications


def notifications_queue_delivery(notification_ids: list[int]) -> None:
    """Queue one delivery task for the notices just written in the caller's transaction, to run once it
    commits. With the database as the queue (django-q's ORM broker on the same database) the task's
    row is written in that transaction: committed with the notices (no second commit per request), gone
    with them on a rollback. Otherwise (Redis, or synchronous tasks) it is queued after commit."""
    if not notification_ids:
        return
    if _queue_in_transaction():
        _queue_deliveries(notification_ids)
    else:
        transaction.on_commit(lambda: _queue_deliveries(notification_ids))


def _queue_in_transaction() -> bool:
    q_cluster = settings.Q_CLUSTER
    return (
        q_cluster.get("orm") == DEFAULT_DB_ALIAS
        and not q_cluster.get("sync")
        and transaction.get_connection().in_atomic_block
    )


def notifications_enqueue_many(rows: list[dict]) -> int:
    """Write many notices at once (the SLA sweep's set-based pass) with COPY; one delivery task after
    commit. Each row has template, params, audience, channel, recipient, and optionally complaint_id
    and recipient_user_id."""
    if not rows:
        return 0
    from django.db import connection

    now = timezone.now()
    # Read every wording before COPY starts: no other query may run on the connection during COPY.
    compiled: dict[str, tuple[str, str]] = {key: patterns(key) for key in {row["template"] for row in rows}}
    columns = (
        "complaint_id",
        "audience",
        "channel",
        "recipient",
        "recipient_user_id",
        "template",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {Notification._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            subject, body = compiled[row["template"]]
            copy.write_row(
                (
                    row.get("complaint_id"),
                    row["audience"],
                    row["channel"],
                    row["recipient"],
                    row.get("recipient_user_id"),
                    row["template"],
                    subject,
                    fill(body, row["params"]),
                    Notification.Status.PENDING,
                    0,
                    now,
                    "",
                    now,
                )
            )
    transaction.on_commit(_queue_due_delivery)
    return len(rows)


def deliver_after_commit() -> None:
    """Queue one delivery run of the due notices once the caller's transaction commits (after notices
    written in bulk, e.g. by notifications/sql.py)."""
    transaction.on_commit(_queue_due_delivery)


def _queue_due_delivery() -> None:
    _queue_task("notifications.tasks.deliver_due")


def _queue_deliveries(notification_ids: list[int]) -> None:
    if len(notification_ids) == 1:
        _queue_delivery(notification_ids[0])
    else:
        _queue_task("notifications.tasks.deliver_notifications", notification_ids)


def _queue_delivery(notification_id: int) -> None:
    _queue_task("notifications.tasks.deliver_notification", notification_id)


def _queue_task(func: str, *args) -> None:
    """Queue a delivery task. With the database as the queue, inside the caller's transaction when there
    is one (`notifications_queue_delivery`); on its own its row is committed without waiting for the
    disk (no second flush per request): a task lost in a crash loses nothing, the scheduled delivery
    run (deliver_due) sends what is due from the outbox."""
    from django_q.tasks import async_task

    if _queue_in_transaction():
        async_task(func, *args)  # an error here is the transaction's: nothing is written
        return
    try:
        if "orm" in settings.Q_CLUSTER and not settings.Q_CLUSTER.get("sync"):
            alias = settings.Q_CLUSTER["orm"]
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                async_task(func, *args)
        else:
            async_task(func, *args)
    except Exception:  # the queue being down loses nothing: deliver_notifications picks the rows up
        logger.exception("Could not queue %s%s; the notices stay in the outbox", func, args)


@dataclass
class DeliveryCounts:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0


def notification_deliver(*, notification_id: int, now: dt.datetime | None = None) -> str:
    """One delivery attempt of one notice, if it is due and nobody else is sending it.

    Returns 'sent', 'retrying', 'failed' (attempts used up) or 'skipped'. The row is locked for the
    attempt (SKIP LOCKED), so two workers never send the same notice; a sent notice is never sent again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if notification is None:
            return "skipped"
        notification.attempts += 1
        try:
            get_backend().send(notification)
        except Exception as exc:  # any provider failure is retried; the error is kept for admins
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
                outcome = "failed"
            else:
                notification.next_attempt_at = now + backoff(notification.attempts)
                outcome = "retrying"
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = now
            outcome = "sent"
        notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
        if outcome in ("sent", "failed"):
            # What the notice was about (a complaint's timeline) hears of it in this transaction.
            delivery_settled.send(sender=Notification, notification=notification, outcome=outcome, at=now)
    return outcome


def notifications_deliver_due(*, now: dt.datetime | None = None, limit: int = 1000) -> DeliveryCounts:
    """Deliver every notice due now (oldest first), up to `limit`."""
    now = now or timezone.now()
    counts = DeliveryCounts()
    due = list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for notification_id in due:
        outcome = notification_deliver(notification_id=notification_id, now=now)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts
