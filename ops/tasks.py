"""django-q2 targets of ops."""

import logging

log = logging.getLogger(__name__)


def log_line(message: str) -> str:
    """Writes one log line from the worker (operators check a cluster's logging with it)."""
    log.info(message)
    return message
