"""Cells of CSV and XLSX exports that a spreadsheet must show as text, never run as a formula.

OWASP "CSV injection": a cell beginning with =, +, -, @, a tab or a carriage return may be read as a
formula by Excel, LibreOffice or WPS (a customer's name "=HYPERLINK(...)" typed at intake, a category a
manager named "@SUM(...)"). Such text gets a leading apostrophe, which spreadsheets show as plain text.
Numbers stay numbers: a value that is only a number ("-12.50", "+3", "-") cannot be a formula."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)?%?$")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]
