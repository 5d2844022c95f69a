"""The wording a notice is written with: a manager's (admin, NoticeTemplate), else the built-in text
of the app that registered it, in Chinese."""

from __future__ import annotations

from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from infra.refdata import cached
from notifications.messages import TEMPLATES, fill
from notifications.models import NoticeTemplate


def render(template: str, params: dict, *, version: int | None = None) -> tuple[str, str]:
    """(subject, body) of `template` in Simplified Chinese (`version`: see `patterns`)."""
    subject, body = patterns(template, version=version)
    return subject, fill(body, params)


def patterns(template: str, *, version: int | None = None) -> tuple[str, str]:
    """The subject and body pattern of `template`: the manager's wording when there is one (admin), else
    the built-in text in Chinese. With the reference data `version` (infra/refdata.py) the managers'
    wordings come from the process's cache, without one from a query."""
    if version is not None:
        custom = cached(_custom_wordings, version).get(template)
    else:
        custom = NoticeTemplate.objects.filter(key=template).values_list("subject", "body").first()
    if custom is not None:
        return custom
    return _builtin(template)


def _custom_wordings() -> dict[str, tuple[str, str]]:
    return {
        key: (subject, body)
        for key, subject, body in NoticeTemplate.objects.values_list("key", "subject", "body")
    }


@cache
def _builtin(template: str) -> tuple[str, str]:
    """The built-in text in Chinese (the catalogues are compiled in and do not change while running)."""
    subject, body = TEMPLATES[template]
    with translation.override("zh-hans"):
        return _(subject), _(body)
