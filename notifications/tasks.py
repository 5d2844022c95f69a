"""django-q2 targets for notifications."""

from notifications.services import notification_deliver, notifications_deliver_due


def deliver_notification(notification_id: int) -> str:
    return notification_deliver(notification_id=notification_id)


def deliver_due() -> str:
    counts = notifications_deliver_due()
    return f"sent {counts.sent}, retrying {counts.retrying}, failed {counts.failed}, skipped {counts.skipped}"
