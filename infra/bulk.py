"""Running one service on many rows (admin bulk actions, reassignments, an incident's extension): each
row is its own call, with its own transaction and checks; a refusal of one row stops nothing and is
reported in the words the service gave."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from infra.errors import Conflict


def refusal(exc: Exception) -> str:
    """What a service's refusal says: the conflict's message, the validation messages, or that the
    actor may not do it."""
    if isinstance(exc, Conflict):
        return exc.message
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc) or _("not allowed for you")


@dataclass
class BulkOutcome:
    done: list[Any] = field(default_factory=list)
    refused: list[tuple[Any, str]] = field(default_factory=list)

    def reasons(self) -> Counter:
        """How many rows each reason refused, most frequent first with `most_common()`."""
        return Counter(reason for _row, reason in self.refused)


def bulk_run(rows: Iterable[Any], service: Callable[[Any], Any]) -> BulkOutcome:
    """`service(row)` for each row; refusals (conflict, permission, validation) are collected, any other
    error propagates."""
    outcome = BulkOutcome()
    for row in rows:
        try:
            service(row)
        except (Conflict, PermissionDenied, ValidationError) as exc:
            outcome.refused.append((row, refusal(exc)))
        else:
            outcome.done.append(row)
    return outcome
