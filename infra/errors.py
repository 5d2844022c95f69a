"""Domain errors shared by every app; interfaces map them to HTTP codes in one place (infra.api)."""

from __future__ import annotations


class Conflict(Exception):
    """The action cannot run on the record as it is now (wrong state, changed by someone else).

    `current_state` names the state the record is in, so callers can say what happened.
    """

    def __init__(self, message: str, *, current_state: str | None = None, allowed: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.current_state = current_state
        self.allowed = allowed or []
