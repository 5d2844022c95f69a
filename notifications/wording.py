"""The wording a notice is written with: a manager's (admin, NoticeTemplate), else the built-in text
of the app that registered it, in Chinese."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from notifications.messages import TEMPLATES, fill
from notifications.models import NoticeTemplate


def render(template: str, params: dict) -> tuple[str, str]:
    """(subject, body) of `template` in Simplified Chinese."""
    subject, body = patterns(template)
    return subject, fill(body, params)


def patterns(template: str) -> tuple[str, str]:
    """The subject and body pattern of `template`: the manager's wording when there is one (admin), else
    the built-in text in Chinese."""
    custom = NoticeTemplate.objects.filter(key=template).values_list("subject", "body").first()
    if custom is not None:
        return custom
    subject, body = TEMPLATES[template]
    with translation.override("zh-hans"):
        return _(subject), _(body)
