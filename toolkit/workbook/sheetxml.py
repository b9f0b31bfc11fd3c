"""A `SheetSpec` as a worksheet part, written directly as SpreadsheetML.

Strings are inline (`t="inlineStr"`), so the body's shared-string table is never touched; formulas
carry their cached value, so Excel shows them without recalculating a workbook whose calculation
chain we must not edit. Any text (including a body's) becomes a text cell: only `Formula` values
become formulas. Characters XML cannot hold are dropped, and over-long texts are cut at Excel's limit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from toolkit.workbook.cells import get_column_letter

from toolkit.sheets.model import SheetSpec
from toolkit.workbook import printing
from toolkit.workbook.conformance import TRANSITIONAL, Conformance
from toolkit.workbook.xmltext import escape, quoteattr

EXCEL_TEXT_LIMIT = 32_767
DEFAULT_HEIGHT = 15.0  # points: the rows' default height (sheetFormatPr)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: object) -> str:
    text = _ILLEGAL.sub("", str(value))
    return text if len(text) <= EXCEL_TEXT_LIMIT else text[:EXCEL_TEXT_LIMIT - 1] + "…"


def sheet_xml(spec: SheetSpec, style_ids: Mapping[str, int], conformance: Conformance = TRANSITIONAL) -> bytes:
    """The worksheet part, in the namespaces of the workbook it goes into (strict or transitional)."""
    fit = printing.fits_width(spec.widths, spec.landscape)
    rows: dict[int, list[str]] = {}
    for (row, col), cell in sorted(spec.cells.items()):
        ref = f"{get_column_letter(col)}{row}"
        style = style_ids.get(cell.style, 0)
        s = f' s="{style}"' if style else ""
        rows.setdefault(row, []).append(_cell(ref, s, cell.value, cell.formula, cell.cached))
    heights = spec.fitted_heights()
    for row in heights:
        rows.setdefault(row, [])
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{conformance.main}" '
           f'xmlns:r="{conformance.relationships}">',
           f'<sheetPr><pageSetUpPr fitToPage="{int(fit)}"/></sheetPr>']
    last_row = max(rows, default=1)
    last_col = max((c for _, c in spec.cells), default=1)
    out.append(f'<dimension ref="A1:{get_column_letter(max(last_col, len(spec.widths) or 1))}{last_row}"/>')
    if spec.freeze_rows:
        top = f"A{spec.freeze_rows + 1}"
        out.append(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{spec.freeze_rows}" topLeftCell="{top}" '
                   f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{top}" '
                   f'sqref="{top}"/></sheetView></sheetViews>')
    else:
        out.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/>')
    if spec.widths:
        out.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"'
                                      + (' hidden="1"' if i in spec.hidden_cols else "") + "/>"
                                      for i, w in enumerate(spec.widths, start=1)) + "</cols>")
    out.append("<sheetData>")
    for row in sorted(rows):
        height = heights.get(row)
        attrs = f' ht="{height:g}" customHeight="1"' if height else ""
        out.append(f'<row r="{row}"{attrs}>' + "".join(rows[row]) + "</row>")
    out.append("</sheetData>")
    if spec.merges:
        refs = [f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}" for r1, c1, r2, c2 in spec.merges]
        out.append(f'<mergeCells count="{len(refs)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in refs) + "</mergeCells>")
    out.append(page_setup(spec.landscape, fit, spec.footer))
    breaks = page_breaks(spec, heights, last_row, fit)
    if breaks:
        out.append(f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">'
                   + "".join(f'<brk id="{row}" max="16383" man="1"/>' for row in breaks) + "</rowBreaks>")
    out.append("</worksheet>")
    return "".join(out).encode("utf-8")


# Our pages are filled to 97 % of the page: should an application's scale come out a point larger than our
# estimate, a page of ours still fits, and it never adds a break of its own a row before ours.
PAGE_FILL = 0.97


def page_breaks(spec: SheetSpec, heights: Mapping[int, float], last_row: int, fit: bool) -> list[int]:
    """Rows after which a page must end: the builder's own breaks (`spec.page_breaks`, a form that starts a
    page) and those that keep each range of `spec.together` whole (a heading with its first line, the
    signature block), by the rows' heights at the printed scale; a range taller than a
    page is left to break where it falls.

    On a sheet with such ranges every page end is written as a manual break, the ones the heights make
    as well: left to itself, an application breaks where its own scale and line heights say (LibreOffice
    fits ≈ 8 % more rows on a page than these heights, which are Excel's), and after a few pages its
    breaks no longer fall where ours were worked out, so a heading kept with its first line could end a
    page alone. Our pages are at most full by Excel's measure, so no application needs a break of its own."""
    if not spec.together:
        return sorted(set(spec.page_breaks))
    scale = (printing.fit_scale(spec.widths, spec.landscape) if fit else printing.MIN_SCALE) / 100
    page = printing.printable_height_pt(spec.landscape) / scale * PAGE_FILL
    titles = sum(heights.get(r, DEFAULT_HEIGHT) for r in range(spec.title_rows[0], spec.title_rows[1] + 1)) \
        if spec.title_rows else 0.0
    starts = {}
    for first, last in spec.together:
        starts[first] = max(starts.get(first, first), last)
    breaks, used = [], 0.0
    forced = set(spec.page_breaks)
    for row in range(1, last_row + 1):
        height = heights.get(row, DEFAULT_HEIGHT)
        if row - 1 in forced:
            used = titles
        if row in starts:
            block = sum(heights.get(r, DEFAULT_HEIGHT) for r in range(row, starts[row] + 1))
            if used + block > page and block <= page - titles and row > 1:
                breaks.append(row - 1)
                used = titles
        if used + height > page and used > titles:
            breaks.append(row - 1)
            used = titles
        used += height
    return sorted(forced.union(breaks))


def page_setup(landscape: bool, fit: bool, footer: str) -> str:
    """printOptions to headerFooter, in the schema's order: A4, one page wide when that keeps the scale at
    80 % or more (else 80 %, pages running across), the footer with body, period and page numbers."""
    orientation = "landscape" if landscape else "portrait"
    margins = "".join(f' {side}="{inches:g}"' for side, inches in printing.MARGINS.items())
    scale = 'fitToWidth="1" fitToHeight="0"' if fit else f'scale="{printing.MIN_SCALE}"'
    return ('<printOptions horizontalCentered="1"/>'
            f"<pageMargins{margins}/>"
            f'<pageSetup paperSize="9" {scale} orientation="{orientation}"/>'
            f"<headerFooter><oddFooter>{escape(clean_text(printing.footer(footer)))}</oddFooter></headerFooter>")


def _cell(ref: str, s: str, value: Any, formula: str | None, cached: Any) -> str:
    if formula is not None:
        f = f"<f>{escape(clean_text(formula.removeprefix('=')))}</f>"
        number = _number(cached)
        if number is not None:
            return f'<c r="{ref}"{s}>{f}<v>{number}</v></c>'
        if isinstance(cached, str):
            return f'<c r="{ref}"{s} t="str">{f}<v>{escape(clean_text(cached))}</v></c>'
        return f'<c r="{ref}"{s}>{f}</c>'
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    number = _number(value)
    if number is not None:
        return f'<c r="{ref}"{s}><v>{number}</v></c>'
    text = clean_text(value)
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, Decimal)):
        return None
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return None
    return str(int(number)) if isinstance(value, int) else repr(number)


def sheet_entry(name: str, sheet_id: int, rid: str, r_prefix: str | None,
                conformance: Conformance = TRANSITIONAL) -> bytes:
    """The <sheet> element for workbook.xml; declares the relationships namespace if the part has no prefix for it."""
    rid_attr = f"{r_prefix}:id={quoteattr(rid)}" if r_prefix else \
        f'xmlns:r="{conformance.relationships}" r:id={quoteattr(rid)}'
    return f"<sheet name={quoteattr(name)} sheetId=\"{sheet_id}\" {rid_attr}/>".encode("utf-8")
