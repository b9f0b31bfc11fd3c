"""The few cell styles our sheets use, named so sheet builders say what a cell is, not how it looks."""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

_thin = Side(style="thin", color="808080")
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
ASSESSOR_FILL = PatternFill("solid", fgColor="DDEBF7")

STYLES: dict[str, dict[str, object]] = {
    "title": {"font": Font(bold=True, size=13), "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center")},
    "subtitle": {"font": Font(italic=True, size=9), "alignment": Alignment(horizontal="right", wrap_text=True)},
    "caption": {"font": Font(italic=True, size=9), "alignment": Alignment(horizontal="center", wrap_text=True)},
    "header": {"font": Font(bold=True), "fill": HEADER_FILL, "border": _box,
               "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center")},
    "cell": {"border": _box, "alignment": Alignment(wrap_text=True, vertical="top")},
    "cell_left": {"border": _box, "alignment": Alignment(horizontal="left", vertical="top", wrap_text=True)},
    "cell_center": {"border": _box, "alignment": Alignment(horizontal="center", vertical="top", wrap_text=True)},
    "number": {"border": _box, "number_format": "0.00", "alignment": Alignment(horizontal="right", vertical="top")},
    "total": {"font": Font(bold=True), "border": _box, "alignment": Alignment(wrap_text=True, vertical="top")},
    "total_number": {"font": Font(bold=True), "border": _box, "number_format": "0.00"},
    "input": {"fill": INPUT_FILL, "border": _box, "protection": Protection(locked=False),
              "alignment": Alignment(horizontal="right", vertical="top")},
    "input_text": {"fill": INPUT_FILL, "border": _box, "protection": Protection(locked=False),
                   "alignment": Alignment(wrap_text=True, vertical="top")},
    "input_center": {"fill": INPUT_FILL, "border": _box, "protection": Protection(locked=False),
                     "alignment": Alignment(horizontal="center", vertical="top")},
    "input_date": {"fill": INPUT_FILL, "border": _box, "protection": Protection(locked=False),
                   "number_format": "DD.MM.YYYY", "alignment": Alignment(horizontal="center", vertical="top")},
    # the assessor's own cells, in the assessor workbook (blue, so they are never mistaken for a body's yellow ones)
    "assessor_input": {"fill": ASSESSOR_FILL, "border": _box, "protection": Protection(locked=False),
                       "alignment": Alignment(horizontal="right", vertical="top")},
    "check": {"font": Font(bold=True, color="C00000"), "alignment": Alignment(wrap_text=True, vertical="top")},
    "text": {"alignment": Alignment(wrap_text=True, vertical="top")},
    "bold": {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="top")},
    "plain": {},
}


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


LINE_HEIGHT = 15.0  # points per line of 11 pt text


def estimate_height(text: str, width: float, size: float = 11) -> float:
    """Row height (points) that shows wrapped `text` in a column `width` characters wide.

    LibreOffice never auto-fits rows of generated files, and Excel never auto-fits merged cells, so
    sheets meant for printing set heights themselves; the estimate errs on the generous side.
    """
    per_line = max(1.0, width * 11 / size * 0.95)
    lines = sum(max(1, -(-len(part) // int(per_line))) for part in str(text).split("\n"))
    return lines * LINE_HEIGHT * size / 11 + 2


def fit_row(ws, row: int, cells: list[tuple[str, float]], size: float = 11) -> None:
    """Set the row tall enough for the longest of (text, available width) on it."""
    height = max((estimate_height(text, width, size) for text, width in cells if text), default=0)
    if height > LINE_HEIGHT + 2:
        ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)
