"""Our named cell styles (style_specs.STYLES) applied to openpyxl cells, for the templates we build."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from toolkit.workbook import style_specs as specs
from toolkit.workbook.style_specs import LINE_HEIGHT, estimate_height  # noqa: F401 - re-exported

_thin = Side(style="thin", color=specs.BORDER_COLOR)
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _openpyxl_style(spec: dict[str, Any]) -> dict[str, object]:
    """One of style_specs.STYLES as the openpyxl objects a template's cells take."""
    out: dict[str, object] = {}
    for attr, value in spec.items():
        if attr == "font":
            out[attr] = Font(**value)
        elif attr == "fill":
            out[attr] = PatternFill("solid", fgColor=value)
        elif attr == "border":
            out[attr] = _box
        elif attr == "alignment":
            out[attr] = Alignment(**value)
        elif attr == "protection":
            out[attr] = Protection(**value)
        else:
            out[attr] = value
    return out


STYLES: dict[str, dict[str, object]] = {name: _openpyxl_style(spec) for name, spec in specs.STYLES.items()}


def apply_style(cell: Cell, name: str) -> None:
    for attr, value in STYLES[name].items():
        setattr(cell, attr, value)


def set_text(cell: Cell, value: object, style: str = "plain") -> None:
    """Write a value that must stay data: text starting with '=' is never turned into a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    apply_style(cell, style)


def set_formula(cell: Cell, formula: str, style: str = "plain") -> None:
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = formula
    apply_style(cell, style)


def print_ready(ws, landscape: bool = False, title_rows: str | None = None) -> None:
    """A4, fit to one page wide, as assessors print conclusions and bodies print reports for signing."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    if title_rows:
        ws.print_title_rows = title_rows


def fit_row(ws, row: int, cells: list[tuple[str, float]], size: float = 11) -> None:
    """Set the row tall enough for the longest of (text, available width) on it."""
    height = max((estimate_height(text, width, size) for text, width in cells if text), default=0)
    if height > LINE_HEIGHT + 2:
        ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)
