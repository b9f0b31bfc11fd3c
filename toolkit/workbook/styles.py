"""Our named cell styles (style_specs.STYLES) applied to openpyxl cells, for the templates we build."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.cell import get_column_letter

from toolkit.workbook import printing
from toolkit.workbook import style_specs as specs
from toolkit.workbook.style_specs import LINE_HEIGHT, estimate_height  # noqa: F401 - re-exported

DEFAULT_WIDTH = 8.43  # Excel's width of a column that has none of its own

_thin = Side(style="thin", color=specs.BORDER_COLOR)
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _openpyxl_style(spec: dict[str, Any]) -> dict[str, object]:
    """One of style_specs.STYLES as the openpyxl objects a template's cells take."""
    out: dict[str, object] = {}
    for attr, value in spec.items():
        if attr == "font":  # always named and sized: openpyxl leaves both out otherwise
            out[attr] = Font(**{"name": specs.FONT_NAME, "sz": specs.FONT_SIZE, **value})
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
    """A4, as assessors print conclusions and bodies print reports for signing: one page wide while that
    keeps the text at 80 % or more, else 80 % with pages running across (column A repeated on each);
    landscape whenever portrait would shrink it below that; rows tall enough for their wrapped texts.
    Call it last, when the columns have their widths."""
    widths = column_widths(ws)
    landscape = landscape or not printing.fits_width(widths, False)
    fit = printing.fits_width(widths, landscape)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = printing.MIN_SCALE
        ws.print_title_cols = "A:A"
    ws.print_options.horizontalCentered = True
    for side, inches in printing.MARGINS.items():
        setattr(ws.page_margins, side, inches)
    if title_rows:
        ws.print_title_rows = title_rows
    fit_rows(ws)


def column_widths(ws) -> list[float]:
    """Each used column's width in characters (Excel's 8.43 where none is set)."""
    return [ws.column_dimensions[get_column_letter(i)].width or DEFAULT_WIDTH for i in range(1, ws.max_column + 1)]


def footers(wb, left: str) -> None:
    """Every sheet's footer: who and which period on the left, «Стр. N из M» on the right."""
    text = printing.footer(left)
    left_text, _, right_text = text.removeprefix("&L").partition("&R")
    for ws in wb.worksheets:
        if ws.sheet_state == "veryHidden":
            continue
        ws.oddFooter.left.text = left_text or None
        ws.oddFooter.right.text = right_text


def fit_rows(ws) -> None:
    """Every row tall enough for the wrapped texts on it, at the widths the columns (or merged ranges) have:
    LibreOffice never auto-fits the rows of a generated file, and Excel never auto-fits merged cells."""
    widths = column_widths(ws)
    spans = {(r.min_row, r.min_col): sum(widths[c - 1] for c in range(r.min_col, min(r.max_col, len(widths)) + 1))
             for r in ws.merged_cells.ranges}
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if not isinstance(value, str) or not value or cell.data_type == "f" or not cell.alignment.wrap_text:
                continue
            width = spans.get((cell.row, cell.column), widths[cell.column - 1] if cell.column <= len(widths) else DEFAULT_WIDTH)
            fit_row(ws, cell.row, [(value, width)], size=float(cell.font.sz or specs.FONT_SIZE), bold=bool(cell.font.b))


def fit_row(ws, row: int, cells: list[tuple[str, float]], size: float = 11, bold: bool = False) -> None:
    """Set the row tall enough for the longest of (text, available width) on it."""
    height = max((estimate_height(text, width, size, bold) for text, width in cells if text), default=0)
    if height > LINE_HEIGHT + 2:
        ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)
