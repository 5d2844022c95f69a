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
    it shows, whose profiles the page loads in one query with its own."""

    context: Callable[..., dict[str, Any]]
    people: Callable[[dict[str, Any]], Iterable[Any]] = lambda context: ()


# The complaint page: context(complaint, user, posted) (posted: a refused form of the section's own).
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


def page_sections(registry: list[Section], *args) -> tuple[dict[str, Any], list[Any]]:
    """The variables and the people of every section in `registry`, called with `args`."""
    context: dict[str, Any] = {}
    people: list[Any] = []
    for section in registry:
        part = section.context(*args)
        context.update(part)
        people.extend(section.people(part))
    return context, people
