"""Where notices go. Console/file by default; e-mail and SMS adapters plug in behind the same interface.

A backend's `send(notification)` returns normally when the provider accepted the message and raises
DeliveryError (or any exception) when it did not; the outbox decides about retries.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    pass


class ConsoleBackend:
    """Prints each notice (the default for development and the demo)."""

    def send(self, notification) -> None:
        n = notification
        sys.stdout.write(f"[notice {n.channel} → {n.recipient}] {n.subject} {n.body}\n")


class FileBackend:
    """Appends each notice as a line to NOTIFICATION_FILE."""

    def send(self, notification) -> None:
        path = Path(settings.NOTIFICATION_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(
                f"{timezone.now().isoformat()}\t{notification.channel}\t{notification.recipient}\t"
                f"{notification.subject}\t{notification.body}\n"
            )


def get_backend():
    return import_string(settings.NOTIFICATION_BACKEND)()
