"""What an app above complaints adds to complaint pages and rules without complaints importing it: small
registries that the higher app (claims) fills from its AppConfig.ready. With nothing registered the
pages and rules work for complaints alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    """A part of a page: `context(...)` gives the template's variables; `people(context)` the colleagues
    it shows, whose profiles the page loads in one query with its own; `reads(...)`, when given, what
    it reads (infra/prepared.py `Prepared.bind`), which the page sends with its own reads in one round
    trip and hands to `context` as `rows` (their results, in order)."""

    context: Callable[..., dict[str, Any]]
    people: Callable[[dict[str, Any]], Iterable[Any]] = lambda context: ()
    reads: Callable[..., list[Any]] | None = None


# The complaint page: context(complaint, user, posted, rows=...) (posted: a refused form of the
# section's own), reads(complaint, user).
COMPLAINT_PAGE: list[Section] = []
# The supervisor review page: context(user).
REVIEW_PAGE: list[Section] = []
# The admin dashboard's open work: () -> {name: count}.
DASHBOARD_COUNTS: list[Callable[[], dict[str, int]]] = []
# Whether something on the complaint waits for a supervisor (a claim above the proposer's authority),
# so that the proposal needs approval too: (complaint) -> bool.
AWAITS_APPROVAL: list[Callable[[Any], bool]] = []
# Demo data seeded after the complaints': (counts, agent, supervisor) -> None.
DEMO_SEEDERS: list[Callable[..., None]] = []


def section_reads(registry: list[Section], *args) -> list[list[Any]]:
    """The reads of each section in `registry` that has them, called with `args`."""
    return [section.reads(*args) for section in registry if section.reads is not None]


def page_sections(
    registry: list[Section], *args, rows: list[list[Any]] | None = None
) -> tuple[dict[str, Any], list[Any]]:
    """The variables and the people of every section in `registry`, called with `args`; `rows`: the
    results of `section_reads`, in the same order (without them, the sections read for themselves)."""
    context: dict[str, Any] = {}
    people: list[Any] = []
    found = iter(rows) if rows is not None else None
    for section in registry:
        if section.reads is not None and found is not None:
            part = section.context(*args, rows=next(found))
        else:
            part = section.context(*args)
        context.update(part)
        people.extend(section.people(part))
    return context, people
