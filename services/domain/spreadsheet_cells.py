"""Cells of an exported CSV that a spreadsheet will not run as a formula.

A requirement's title or a vendor's sender comes from mail anyone can send; a cell beginning
with ``= + - @`` (or a tab or carriage return, which some spreadsheets skip before reading a
formula) would be evaluated when a recruiter opens the export. Such a cell gets a leading
apostrophe, which spreadsheets show as text (OWASP's CSV-injection advice). Quoting of commas,
quotes and line breaks is the csv module's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text a spreadsheet shows as is: None is empty, lists join with "; ",
    times are ISO 8601, whole floats lose their ".0"."""
    if value is None:
        text = ""
    elif isinstance(value, datetime):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, (list, tuple)):
        text = "; ".join(str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def safe_row(values: Iterable[object]) -> list[str]:
    return [safe_cell(value) for value in values]
