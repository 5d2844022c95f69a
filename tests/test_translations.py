from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_has_a_chinese_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags] == []


def test_the_committed_catalogue_is_compiled_from_the_current_po():
    po = {e.msgid: e.msgstr for e in polib.pofile(str(LOCALE / "django.po")) if e.translated()}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(LOCALE / "django.mo")) if e.msgid}
    assert mo == po
