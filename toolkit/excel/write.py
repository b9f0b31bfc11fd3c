"""A `SheetSpec` written into the open book through the xlwings API: the same values and formulas
`xlscore score` writes into the package, with column widths, merges, row heights, wraps and number
formats; print set-up is not reachable through xlwings Lite and is left to Excel's defaults.

Everything goes in one `Range.formula` assignment per sheet, which Excel reads as if typed: a text
is written with a leading apostrophe, so a body's text that starts with «=» (or looks like a number
or a date) stays text and is never turned into a formula; only our own `Formula` cells start with «=».
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from toolkit.sheets.model import CellSpec, SheetSpec
from toolkit.workbook.style_specs import STYLES

BOLD = frozenset(name for name, spec in STYLES.items() if isinstance(spec.get("font"), dict) and spec["font"].get("b"))
# style → its number format, read from the same style table the package writer uses (0.00, 0, 0.0 …)
FORMATS = {name: spec["number_format"] for name, spec in STYLES.items() if isinstance(spec.get("number_format"), str)}


def typed(cell: CellSpec) -> Any:
    """The cell as Excel should receive it in `Range.formula`."""
    if cell.formula is not None:
        return "=" + cell.formula.removeprefix("=")
    value = cell.value
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, (float, Fraction, Decimal)):
        return float(value)
    return "'" + str(value)


def grid(spec: SheetSpec) -> list[list[Any]]:
    rows = max((r for r, _ in spec.cells), default=1)
    cols = max(len(spec.widths), max((c for _, c in spec.cells), default=1))
    out: list[list[Any]] = [[""] * cols for _ in range(rows)]
    for (r, c), cell in spec.cells.items():
        out[r - 1][c - 1] = typed(cell)
    return out


def add_sheet(book: Any, name: str) -> Any:
    """A new sheet after the last one."""
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


def write_spec(book: Any, spec: SheetSpec, name: str | None = None) -> Any:
    """Add the sheet and fill it; returns the xlwings sheet."""
    sheet = add_sheet(book, name or spec.name)
    values = grid(spec)
    block = sheet.range((1, 1), (len(values), len(values[0])))
    block.formula = values
    remote = book.app.engine.name == "remote"
    for col, width in enumerate(spec.widths, start=1):
        sheet.range((1, col)).column_width = _points(width) if remote else width
    block.wrap_text = True
    for r1, c1, r2, c2 in spec.merges:
        sheet.range((r1, c1), (r2, c2)).merge()
    for row, height in sorted(spec.heights.items()):
        sheet.range((row, 1)).row_height = height
    for kind, cells in _runs(spec).items():
        for r1, c, r2 in cells:
            target = sheet.range((r1, c), (r2, c))
            if kind == "bold":
                target.font.bold = True
            else:
                target.number_format = kind
    return sheet


def _points(chars: float) -> float:
    """Excel's width in characters of the default font as points (Office.js measures widths in points)."""
    return round((chars * 7 + 5) * 0.75, 2)


def _runs(spec: SheetSpec) -> dict[str, list[tuple[int, int, int]]]:
    """Vertical runs of cells sharing a format, so one call covers each: "bold", or a number format
    (its style's, as the package writer gives it)."""
    kinds = [("bold", BOLD)] + [(fmt, frozenset(n for n, f in FORMATS.items() if f == fmt))
                                for fmt in dict.fromkeys(FORMATS.values())]
    out: dict[str, list[tuple[int, int, int]]] = {}
    for kind, wanted in kinds:
        for r, c in sorted((rc for rc, cell in spec.cells.items() if cell.style in wanted), key=lambda rc: (rc[1], rc[0])):
            runs = out.setdefault(kind, [])
            if runs and runs[-1][1] == c and runs[-1][2] == r - 1:
                runs[-1] = (runs[-1][0], c, r)
            else:
                runs.append((r, c, r))
    return out
