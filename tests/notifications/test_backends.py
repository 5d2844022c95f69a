"""SMS through an HTTP gateway (a fake one on loopback) and e-mail through Django's mail."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_deliver, notification_enqueue


class FakeGateway(BaseHTTPRequestHandler):
    received: list = []
    fail_next = 0

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if FakeGateway.fail_next:
            FakeGateway.fail_next -= 1
            self.send_response(503)
        else:
            FakeGateway.received.append({**body, "auth": self.headers["Authorization"]})
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeGateway.received, FakeGateway.fail_next = [], 0
    settings.NOTIFICATION_BACKEND = "notifications.backends.ChannelBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_KEY = "k-test"
    yield FakeGateway
    server.shutdown()


def sms():
    return notification_enqueue(
        template="accepted",
        params={"number": "TS1", "resolve_due": "2026-11-25 23:59"},
        audience="customer",
        channel="sms",
        recipient="13812345678",
    )


@pytest.mark.django_db
def test_an_sms_goes_to_the_gateway_with_its_key(gateway):
    notification = sms()
    assert notification_deliver(notification_id=notification.pk) == "sent"
    (message,) = gateway.received
    assert message["to"] == "13812345678" and "TS1" in message["text"] and message["auth"] == "Bearer k-test"


@pytest.mark.django_db
def test_a_gateway_error_is_retried_and_then_delivered_once(gateway):
    import datetime as dt

    from django.utils import timezone

    notification = sms()
    gateway.fail_next = 1
    now = timezone.now()
    assert notification_deliver(notification_id=notification.pk, now=now) == "retrying"
    assert "503" in Notification.objects.get(pk=notification.pk).last_error
    assert notification_deliver(notification_id=notification.pk, now=now + dt.timedelta(minutes=2)) == "sent"
    assert len(gateway.received) == 1


@pytest.mark.django_db
def test_an_email_goes_through_django_mail(settings):
    settings.NOTIFICATION_BACKEND = "notifications.backends.ChannelBackend"
    settings.SMS_GATEWAY_URL = ""
    notification = notification_enqueue(
        template="result",
        params={"number": "TS2", "resolution": "已补发", "link": "http://x/rate/t/"},
        audience="customer",
        channel="email",
        recipient="a@example.com",
    )
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert mail.outbox[0].to == ["a@example.com"] and "TS2" in mail.outbox[0].body
