"""The timeline as the complaint page and the case file show it: each event worded in the reader's
language, and the page's list formatted in Python (thirty entries of a dozen values each cost more
through the template language than the rest of the page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from complaints.models import Complaint
from complaints.web import describe, event_labels, local_minute, state_labels


@dataclass(slots=True)
class Entry:
    """One event as the pages show it (complaints/selectors.py TIMELINE_ROW, then the words)."""

    complaint_id: int
    at: dt.datetime
    kind: str
    name: str
    from_state: str
    to_state: str
    note: str
    data: dict
    actor: str  # the actor's display name; empty for the system
    number: str = ""  # the merged duplicate's number, for its own events
    label: str = ""
    from_label: str = ""
    to_label: str = ""
    summary: str = ""
    show_note: bool = True


def entries(rows: list[tuple], merged: list[Complaint], newest: int | None = None) -> tuple[list, int]:
    """The timeline's rows (complaints/selectors.py `timeline_read` with the same `newest`) worded,
    oldest first, and how many entries there are in all; `merged`: the duplicates (id and number)."""
    if newest is not None:
        total = rows[0][-1] if rows else 0
        rows = rows[::-1]
    else:
        total = len(rows)
    numbers = {m.pk: m.number for m in merged}
    names, states = event_labels(), state_labels()
    result = []
    for row in rows:
        entry = Entry(*row[:8], actor=row[9] or row[8] or "")
        entry.number = numbers.get(entry.complaint_id, "")
        entry.label = names.get(entry.name, entry.name)
        entry.from_label = states.get(entry.from_state, entry.from_state)
        entry.to_label = states.get(entry.to_state, entry.to_state)
        entry.summary, entry.show_note = describe(entry)
        result.append(entry)
    return result, total


def page_html(timeline: list[Entry], complaint: Complaint) -> SafeString:
    """The complaint page's timeline items (the <li> of each entry), as the template wrote them."""
    system = escape(_("system"))
    parts = []
    for e in timeline:
        states = (
            f"<span>{escape(e.from_label)} → {escape(e.to_label)}</span>"
            if e.from_state and e.from_state != e.to_state
            else ""
        )
        badge = f'<span class="badge">{escape(e.number)}</span>' if e.complaint_id != complaint.pk else ""
        summary = f"<div>{escape(e.summary)}</div>" if e.summary else ""
        note = f'<div class="pre">{escape(e.note)}</div>' if e.note and e.show_note else ""
        parts.append(
            f'\n      <li class="ev-{escape(e.kind)}"><time>{local_minute(e.at)}</time>'
            f"\n        <strong>{escape(e.label)}</strong>"
            f"\n        {states}"
            f'\n        <span class="who">{escape(e.actor) if e.actor else system}</span>'
            f"\n        {badge}\n        {summary}\n        {note}</li>\n    "
        )
    return mark_safe("".join(parts))
