"""Reading settings from the environment, failing loudly on values that cannot be right."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    """A string setting; `NAME_FILE` (a path) takes precedence, for secrets kept in files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path} cannot be read: {exc}") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


RATE_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
RATE_PERIODS |= {"d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*([a-z]+)\s*$")


def parse_rate(rate: str) -> tuple[int, int] | None:
    """ "120/min" → (120 requests, per 60 s); "off" → None (no limit). ImproperlyConfigured otherwise."""
    if rate.strip().lower() == "off":
        return None
    match = _RATE.match(rate.lower())
    if match is None or match.group(2) not in RATE_PERIODS:
        raise ImproperlyConfigured(
            f"An API throttle rate is 'N/s', 'N/min', 'N/hour', 'N/day' or 'off', not {rate!r}."
        )
    return int(match.group(1)), RATE_PERIODS[match.group(2)]


def env_rate(name: str, default: str) -> str:
    """A rate setting ("120/min" or "off"), checked when the settings load."""
    value = env_str(name, default)
    parse_rate(value)
    return value
