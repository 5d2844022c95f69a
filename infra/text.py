"""Text typed into forms and API fields: trimmed of invisible characters as of whitespace.

A zero-width space, joiner or byte-order mark is not whitespace to `str.strip()`, so "\u200b" passed as
a required reason, name or description. Every Django form CharField and DRF CharField that trims
whitespace (their default) also trims the invisible format characters (Unicode category Cf) and the
blank "filler" letters at both ends; text made only of them is empty and so refused where text is
required. Inside the text they are kept (a zero-width joiner belongs inside an emoji)."""

from __future__ import annotations

import re
import unicodedata
from functools import wraps

_FILLERS = "\u115f\u1160\u3164\uffa0\u2800"
# Format characters live in the first two planes and the tag block (a scan of those, not of all 1.1 M).
_PLANES = [*range(0x20000), *range(0xE0000, 0xE0080)]
_INVISIBLE = "".join(ch for ch in map(chr, _PLANES) if unicodedata.category(ch) == "Cf") + _FILLERS
_CLASS = "[\\s" + re.escape(_INVISIBLE) + "]+"
_EDGES = re.compile(f"^{_CLASS}|{_CLASS}$")


def trim_invisible(value: str) -> str:
    """Whitespace and invisible characters removed at both ends."""
    return _EDGES.sub("", value)


def install() -> None:
    """Make the framework text fields trim invisible characters (called once, at start-up)."""
    from django import forms
    from rest_framework import fields

    if getattr(forms.CharField.to_python, "trims_invisible", False):
        return
    django_to_python = forms.CharField.to_python
    drf_run_validation = fields.CharField.run_validation

    @wraps(django_to_python)
    def to_python(self, value):
        if self.strip and isinstance(value, str):
            value = trim_invisible(value)
        return django_to_python(self, value)

    @wraps(drf_run_validation)
    def run_validation(self, data=fields.empty):
        if self.trim_whitespace and isinstance(data, str):
            data = trim_invisible(data)
        return drf_run_validation(self, data)

    to_python.trims_invisible = True
    forms.CharField.to_python = to_python
    fields.CharField.run_validation = run_validation
