"""The template a report was issued as: our own things in it, as the tamper comparison needs them.

A template is regenerated from a report's metadata (`build_template` is deterministic, so this is the
template as issued, unless the toolkit's version changed since), or read from the file the assessor
issued. Both are read with the package reader, like the body's file they are compared with. Kept are
every locked cell with a value (labels, numbers, headers), every formula, every data validation,
every workbook-level defined name, and which sheets exist and are visible; input cells (unlocked)
and list rows are the body's to fill and are left out.

A regenerated template is cached per (edition, directions, body type, period): the body's code and
name appear only in input cells and in the metadata rows, which are not compared for it (they are
what it was made from). What the comparison needs of it is also compiled into the cache folder
(toolkit/compiled.py) under the template's key: reading the template's package again at every start
cost `validate` 10–30 ms, unpickling it costs 0.2 ms (issue 15).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.compiled import compiled
from toolkit.engine.inputs import Meta
from toolkit.problems import CellRef
from toolkit.workbook import layout
from toolkit.workbook.opc import Package
from toolkit.workbook.structure import Validation, blank, normal_formula, sheet_info, unlocked_styles
from toolkit.workbook.template_cache import template_bytes, template_key
from toolkit.workbook.xlsx import Xlsx

META_COLUMNS = (1, 2)  # the metadata rows: compared only with an issued file, not with a regenerated one


@dataclass(frozen=True, slots=True)
class ExpectedSheet:
    """A sheet of the issued template as the tamper check compares it."""

    name: str
    visible: bool
    labels: dict[tuple[int, int], Any]
    formulas: dict[tuple[int, int], tuple[str, str]]  # (as written, normalised)
    validations: tuple[Validation, ...]
    last_row: int  # the last row the template formats: validations are checked down to it
    wanted: frozenset[tuple[int, int]] = frozenset()  # the cells the comparison reads in a report
    reach: int = 0  # the last row it reads: the last of those cells

    def __post_init__(self) -> None:
        """The validations' corners are found among the report's validations, not among its cells, so
        they neither are read nor bound the rows read: a list sheet's rows below the template's labels
        (hundreds of pre-formatted rows in openness) are not walked (issue 15)."""
        wanted = self.labels.keys() | self.formulas.keys()
        object.__setattr__(self, "wanted", frozenset(wanted))
        object.__setattr__(self, "reach", max((r for r, _ in wanted), default=0))

    def corner(self, first: int, last: int) -> int:
        """The last row of a validated range that the comparison checks: no further than the template's rows."""
        return max(first, min(last, self.last_row))


@dataclass(frozen=True, slots=True)
class Expected:
    """Our own things in a template, as the comparison needs them."""

    sheets: tuple[ExpectedSheet, ...]
    names: dict[str, tuple[str, CellRef | None]]  # name → (formula text, its cell)


def expected_from(wb: Xlsx, with_metadata: bool) -> Expected:
    """Our things in a template's package; the metadata rows only `with_metadata` (an issued file)."""
    unlocked = unlocked_styles(wb)
    sheets = []
    for sheet in wb.sheets:
        info = sheet_info(wb, sheet.name)
        skip = META_COLUMNS if sheet.name == layout.META_SHEET and not with_metadata else ()
        labels = {at: c.value for at, c in info.cells.items() if c.formula is None and not blank(c.value)
                  and c.style not in unlocked and at[1] not in skip}
        formulas = {at: (c.formula, normal_formula(c.formula)) for at, c in info.cells.items() if c.formula is not None}
        sheets.append(ExpectedSheet(sheet.name, sheet.state == "visible", labels, formulas, info.validations,
                                    info.last_row))
    names = {name: (text, wb.name_target(name)) for name, text in wb.names().items()}
    return Expected(tuple(sheets), names)


# what the compiled copy of an Expected may hold: our classes and the types of cell values
_SOURCES = [Path("workbook") / name for name in ("issued.py", "structure.py", "xlsx.py", "cells.py")] + [
    Path("problems.py")]
_MODULES = ("toolkit.workbook.issued", "toolkit.workbook.structure", "toolkit.workbook.xlsx", "toolkit.problems")
_VALUES = (("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta"))


@lru_cache(maxsize=16)
def regenerated(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> Expected:
    """The template as `xlscore template` issues it for this metadata (without the body: see the module)."""
    return compiled(f"expected-{template_key(edition, directions, body_type, period)}", _SOURCES,
                    lambda: _regenerate(edition, directions, body_type, period), Expected, _MODULES, _VALUES)


def _regenerate(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> Expected:
    data = template_bytes(edition, directions, body_type, period)
    package = Package(io.BytesIO(data))
    try:
        return expected_from(Xlsx(package), with_metadata=False)
    finally:
        package.close()


def expected_for(meta: Meta) -> Expected:
    return regenerated(meta.edition, meta.directions, meta.body_type, meta.period)
