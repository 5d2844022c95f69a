"""Managers reword notices in admin; a placeholder the notice does not have is refused."""

import pytest

from notifications.models import NoticeTemplate
from notifications.services import notification_enqueue


@pytest.mark.django_db
def test_a_managers_wording_replaces_the_built_in_text(client, manager):
    client.force_login(manager)
    response = client.post(
        "/admin/notifications/noticetemplate/add/",
        {
            "key": "accepted",
            "subject": "受理通知",
            "body": "【快递】投诉%(number)s已受理，%(resolve_due)s前答复。",
        },
    )
    assert response.status_code == 302
    notice = notification_enqueue(
        template="accepted",
        params={"number": "TS9", "resolve_due": "11-25 23:59"},
        audience="customer",
        channel="sms",
        recipient="13812345678",
    )
    assert notice.body == "【快递】投诉TS9已受理，11-25 23:59前答复。"


@pytest.mark.django_db
def test_an_unknown_placeholder_is_refused_in_chinese(client, manager):
    client.force_login(manager)
    response = client.post(
        "/admin/notifications/noticetemplate/add/",
        {"key": "accepted", "subject": "受理通知", "body": "投诉%(numbr)s已受理"},
    )
    assert response.status_code == 200
    assert "占位符" in response.content.decode()
    assert not NoticeTemplate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["投诉%s已受理", "投诉%(number)d已受理", "投诉%(number)r已受理"])
def test_a_placeholder_other_than_name_s_is_refused(client, manager, body):
    """Notices are filled in Python and, for the SLA sweep, in SQL: only %(name)s and %% read the same."""
    client.force_login(manager)
    response = client.post(
        "/admin/notifications/noticetemplate/add/", {"key": "accepted", "subject": "受理通知", "body": body}
    )
    assert response.status_code == 200
    assert "占位符" in response.content.decode()
    assert not NoticeTemplate.objects.exists()


@pytest.mark.django_db
def test_auditors_read_templates_but_cannot_change_them(client, auditor):
    client.force_login(auditor)
    assert client.get("/admin/notifications/noticetemplate/").status_code == 200
    assert client.get("/admin/notifications/noticetemplate/add/").status_code == 403
