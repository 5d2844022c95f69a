"""The notices the outbox knows: each app registers its own wordings (`register`), the outbox fills
them in (`fill`). Customers are written to in Chinese whatever the staff user's language."""

from __future__ import annotations

import re

from django.utils import translation

# key → (subject, body): English source texts marked for translation (gettext_noop), registered by
# the app that sends them (`register`, from its AppConfig.ready).
TEMPLATES: dict[str, tuple[str, str]] = {}
# key → the placeholders a manager's wording may use: those the built-in text uses and those the app
# gives every notice of its kind.
PLACEHOLDERS: dict[str, list[str]] = {}
# What a wording may hold besides text: placeholders `%(name)s` and a literal `%%` (the outbox also fills
# them in SQL, notifications/sql.py).
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def register(templates: dict[str, tuple[str, str]], *, given: tuple[str, ...] = ()) -> None:
    """Add an app's notices; `given` names placeholders the app supplies to each of them besides those
    their built-in text uses."""
    for key, (subject, body) in templates.items():
        TEMPLATES[key] = (subject, body)
        PLACEHOLDERS[key] = sorted(set(re.findall(r"%\((\w+)\)s", body)) | set(given))


def fill(pattern: str, params: dict) -> str:
    """`pattern` with its placeholders; a translatable value (a tier's label) is written in Chinese
    too, whichever language the request or job that writes the notice runs in."""
    with translation.override("zh-hans"):
        return pattern % params
