"""The book open in Excel, seen through the xlwings API, with the reading methods of `Xlsx`.

`reader.document_from` reads it with the very rules it applies to a file. What the xlwings API does
not show is absent here, and `entry` says so to the user: merged cells (xlwings Lite cannot read them
synchronously), the template's formulas, validations and locked styles, and our record part.
Values are normalised to what the package reader decodes: a whole number is an int (Excel stores
5.0 as «5»; classic Excel hands every number over as float), an error value is `ExcelError`, an
empty cell is absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Container

from toolkit.problems import CellRef
from toolkit.workbook.xlsx import Cells, ExcelError, simple_target

ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
                    "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
WHOLE = 2 ** 53  # integral floats beyond this were never typed as whole numbers


@dataclass(frozen=True, slots=True)
class LiveSheet:
    name: str


class LiveBook:
    """Sheet names, workbook-level names and tables read once; a sheet's values when first asked for."""

    def __init__(self, book: Any):
        self.book = book
        self.name = str(book.name)
        self._sheets = {str(s.name): s for s in book.sheets}
        self._names: dict[str, str] = {}
        for name in book.names:
            text, spelled = name.refers_to, str(name.name)
            if "!" in spelled or not text:  # sheet-scoped names are not ours; the reader wants book scope
                continue
            self._names[spelled.lower()] = str(text).removeprefix("=")
        self._values: dict[str, dict[tuple[int, int], Any]] = {}

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    @property
    def all_sheets(self) -> list[tuple[str, str]]:
        return [(name, str(i)) for i, name in enumerate(self._sheets, start=1)]

    def sheet(self, name: str) -> LiveSheet | None:
        return LiveSheet(name) if name in self._sheets else None

    def defined_name(self, key: str) -> str | None:
        return self._names.get(key.lower())

    def name_target(self, key: str) -> CellRef | None:
        """The one cell a name points at (Excel hands over only names that point at ranges)."""
        text = self.defined_name(key)
        found = simple_target(text) if text else None
        if found is None or found[0] not in self._sheets:
            return None
        return CellRef(found[0], found[1])

    def tables(self, sheet: str) -> dict[str, str]:
        found = self._sheets.get(sheet)
        if found is None:
            return {}
        return {str(t.name): str(t.range.address).replace("$", "") for t in found.tables}

    def cells(self, sheet: str, rows: Container[int] | None = None, cols: Container[int] | None = None) -> Cells:
        values = self.values(sheet)
        picked = {rc: v for rc, v in values.items()
                  if (rows is None or rc[0] in rows) and (cols is None or rc[1] in cols)}
        return Cells(picked)

    def values(self, sheet: str) -> dict[tuple[int, int], Any]:
        """Every non-empty cell of a sheet from A1 to its used range's last cell, decoded."""
        if sheet not in self._values:
            self._values[sheet] = _decoded(self._sheets[sheet])
        return self._values[sheet]


def _decoded(sheet: Any) -> dict[tuple[int, int], Any]:
    last = sheet.used_range.last_cell
    grid = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value or []
    out = {}
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                out[r, c] = decode(value)
    return out


def decode(value: Any) -> Any:
    """One value as the package reader would have decoded the saved cell."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < WHOLE:
        return int(value)
    if isinstance(value, str) and value in ERRORS:
        return ExcelError(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
