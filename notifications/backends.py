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


class SmsGateway:
    """One HTTP SMS provider: POST JSON {to, text, sign} to SMS_GATEWAY_URL with a bearer key; any
    answer but 2xx (or a network failure) is a DeliveryError, retried by the outbox."""

    def __init__(self, url: str, key: str = "", sign: str = "", timeout: float = 5.0):
        self.url, self.key, self.sign, self.timeout = url, key, sign, timeout

    def send(self, notification) -> None:
        import json
        import urllib.error
        import urllib.request

        body = json.dumps(
            {
                "to": notification.recipient,
                "text": notification.body,
                "sign": self.sign,
                "id": notification.pk,
            }
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                if not 200 <= response.status < 300:
                    raise DeliveryError(f"SMS gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"SMS gateway unreachable: {exc}") from exc


class EmailChannel:
    """E-mail through Django's configured e-mail backend (SMTP in production)."""

    def send(self, notification) -> None:
        from django.core.mail import send_mail

        send_mail(
            notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.recipient]
        )


class ChannelBackend:
    """Each notice by its channel: SMS through the gateway (console when none is configured), e-mail
    through Django's mail, internal messages are read in the product (nothing to send)."""

    def __init__(self):
        self.sms = (
            SmsGateway(settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_KEY, settings.SMS_SIGN)
            if settings.SMS_GATEWAY_URL
            else ConsoleBackend()
        )
        self.email = EmailChannel()

    def send(self, notification) -> None:
        if notification.channel == "sms":
            self.sms.send(notification)
        elif notification.channel == "email":
            self.email.send(notification)
