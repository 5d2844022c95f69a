"""django-q2 targets for notifications."""

from notifications.services import notification_deliver, notifications_deliver_due


def deliver_notification(notification_id: int) -> str:
    return notification_deliver(notification_id=notification_id)


def deliver_notifications(notification_ids: list[int]) -> list[str]:
    """The notices written together (one complaint's change), one attempt each."""
    return [notification_deliver(notification_id=notification_id) for notification_id in notification_ids]


def deliver_due() -> str:
    counts = notifications_deliver_due()
    return f"sent {counts.sent}, retrying {counts.retrying}, failed {counts.failed}, skipped {counts.skipped}"
