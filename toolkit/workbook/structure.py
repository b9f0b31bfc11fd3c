"""What a sheet holds besides its values: formulas, data validations, and which cell formats are locked.

`Xlsx.cells` skips all of this for speed; the comparison of a report with the template it was issued
as (`toolkit.tamper`) needs it, for the template and for the body's file alike, so it is read here
from the same package, streaming, only for the rows asked for. Shared formulas (Excel writes a range
filled down as one formula) are expanded to each cell, and validations are read in both the main and
the Excel 2010 extension form (`x14:dataValidation`, used for lists on another sheet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, range_boundaries

from toolkit.workbook.opc import local, parse_xml
from toolkit.workbook.xlsx import Xlsx, coordinate

_COORD = re.compile(r"^([A-Z]{1,3})(\d+)$")
_STRING = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_SHEET = re.compile(r"'((?:[^']|'')+)'!")
_ONE_CELL_RANGE = re.compile(r"(?<![A-Z0-9_.])([A-Z]{1,3}\d+):\1(?![0-9])")
_NUMBER = re.compile(r"(?<![A-Z0-9_.])\d+(?:\.\d+)?(?:E[+-]?\d+)?(?![0-9A-Z_(])")
FALSE = ("0", "false")


@dataclass(frozen=True, slots=True)
class CellInfo:
    value: Any
    formula: str | None  # without the leading «=»; a shared formula expanded to this cell
    style: int = 0


@dataclass(frozen=True, slots=True)
class Validation:
    """One data validation: its rule and the ranges (min_col, min_row, max_col, max_row) it covers."""

    type: str
    operator: str
    formula1: str
    formula2: str
    error_style: str
    show_error: bool
    ranges: tuple[tuple[int, int, int, int], ...]

    def covers(self, row: int, col: int) -> bool:
        return any(c1 <= col <= c2 and r1 <= row <= r2 for c1, r1, c2, r2 in self.ranges)

    @property
    def rule(self) -> tuple[str, ...]:
        """What the validation allows, normalised: an operator or a second formula only where they count
        (LibreOffice writes `operator="between"` and `formula2` 0 on every list)."""
        ranged = self.type not in ("list", "custom", "none")
        operator = (self.operator or "between") if ranged else ""
        second = normal_formula(self.formula2) if ranged and operator in ("between", "notBetween") else ""
        blocks = self.show_error and self.error_style in ("", "stop")
        return self.type, operator, normal_formula(self.formula1), second, "stop" if blocks else "allow"


@dataclass(frozen=True, slots=True)
class SheetInfo:
    cells: dict[tuple[int, int], CellInfo]
    validations: tuple[Validation, ...]
    last_row: int  # the last row holding any cell element (formatted or not)


def sheet_info(wb: Xlsx, sheet: str, rows: set[int] | None = None) -> SheetInfo:
    """Values, formulas and styles of the cells in `rows` (all when None), and every validation.

    With `rows`, the rows below the last one wanted are not parsed: a list of 20 000 rows costs no more
    than the template's own rows, and the validations (which follow the rows) are parsed from the part's
    tail on their own.
    """
    found = wb.sheet(sheet)
    if found is None:
        raise KeyError(sheet)
    reader = _SheetReader(wb, rows)
    last = max(rows, default=0) if rows is not None else None
    for _, el in wb.package.iterparse(found.part):
        tag = local(el.tag)
        if tag == "row":
            number = reader.row(el)
            el.clear()
            if last is not None and number > last:
                break
        elif tag == "dataValidation":
            reader.validation(el)
    else:
        return SheetInfo(reader.cells, tuple(reader.validations), reader.last_row)
    for el in _after_rows(wb, found.part):
        if local(el.tag) == "dataValidation":
            reader.validation(el)
    return SheetInfo(reader.cells, tuple(reader.validations), reader.last_row)


def _after_rows(wb: Xlsx, part: str) -> list[Element]:
    """The elements that follow a sheet's rows (validations among them), parsed without the rows: the
    root's start tag (for its namespace declarations) joined to everything after `</sheetData>`."""
    data = wb.package.read(part)
    end = data.rfind(b"sheetData>")
    start = data.rfind(b"</", 0, end)
    root = re.search(rb"<(?![?!])[^>]*>", data)
    if end < 0 or start < 0 or root is None or not re.fullmatch(rb"(?:[\w.-]+:)?", data[start + 2:end]):
        return [el for _, el in wb.package.iterparse(part)]  # not the usual shape: parse it all
    return list(parse_xml(root.group() + data[end + len(b"sheetData>"):], part).iter())


class _SheetReader:
    def __init__(self, wb: Xlsx, rows: set[int] | None):
        self.wb, self.rows = wb, rows
        self.cells: dict[tuple[int, int], CellInfo] = {}
        self.validations: list[Validation] = []
        self.shared: dict[str, tuple[str, str]] = {}  # si → (master formula, master cell)
        self.last_row = 0
        self._row_no = 0

    def row(self, el: Element) -> int:
        """Read one row element (its cells when wanted, shared formulas always); its number."""
        r = el.get("r")
        self._row_no = int(r) if r and r.isdigit() else self._row_no + 1
        wanted = self.rows is None or self._row_no in self.rows
        col = 0
        if len(el):
            self.last_row = max(self.last_row, self._row_no)
        for cell in el:
            m = _COORD.match(cell.get("r") or "")
            col = _column(m.group(1)) if m else col + 1
            formula = self._formula(cell, coordinate(self._row_no, col))
            if wanted:
                style = cell.get("s") or "0"
                self.cells[self._row_no, col] = CellInfo(self.wb.decode(cell), formula,
                                                         int(style) if style.isdigit() else 0)
        return self._row_no

    def _formula(self, cell: Element, at: str) -> str | None:
        f = next((child for child in cell if local(child.tag) == "f"), None)
        if f is None:
            return None
        text, si = f.text or "", f.get("si")
        if f.get("t") == "shared" and si is not None:
            if text:
                self.shared[si] = (text, at)
            elif si in self.shared:
                master, origin = self.shared[si]
                try:
                    return Translator("=" + master, origin=origin).translate_formula(at).removeprefix("=")
                except Exception:  # openpyxl's tokenizer refuses it: keep the master's text, shown as a change
                    return master
        return text

    def validation(self, el: Element) -> None:
        parts = {local(child.tag): child for child in el}
        sqref = el.get("sqref") or (parts["sqref"].text if "sqref" in parts else "") or ""
        ranges = []
        for ref in sqref.split():
            try:
                c1, r1, c2, r2 = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            ranges.append((c1 or 1, r1 or 1, c2 or c1 or 1, r2 or r1 or 1))
        self.validations.append(Validation(
            el.get("type", "none"), el.get("operator", ""), _formula_text(parts.get("formula1")),
            _formula_text(parts.get("formula2")), el.get("errorStyle", ""),
            el.get("showErrorMessage", "0").strip().lower() not in FALSE, tuple(ranges)))


def _formula_text(el: Element | None) -> str:
    """A validation formula: the element's text, or in the x14 form the text of its `xm:f` child."""
    if el is None:
        return ""
    inner = next((child for child in el if local(child.tag) == "f"), None)
    return ((inner.text if inner is not None else el.text) or "").strip()


@lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    return column_index_from_string(letters)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unlocked_styles(wb: Xlsx) -> frozenset[int]:
    """Cell formats whose cells are not locked: the input cells of our templates."""
    if wb.style_sheet is None:
        return frozenset()
    out = set()
    for el in wb.style_sheet[1]:
        if local(el.tag) == "cellXfs":
            for i, xf in enumerate(el):
                protection = next((p for p in xf if local(p.tag) == "protection"), None)
                if protection is not None and protection.get("locked", "1").strip().lower() in FALSE:
                    out.add(i)
    return frozenset(out)


def normal_formula(text: str) -> str:
    """A formula as compared, so that re-saving by Excel, LibreOffice or Gnumeric changes nothing: outside
    string literals no spaces, no «$», no quotes around sheet names, no `_xlfn.` prefixes, upper case, a
    one-cell range as its cell (Gnumeric writes D7 for D7:D7) and numbers by value (it writes 0.2 as
    0.200000000000000000003)."""
    text = (text or "").strip().removeprefix("=")
    out, pos = [], 0
    for m in _STRING.finditer(text):
        out += [_normal_code(text[pos:m.start()]), m.group()]
        pos = m.end()
    out.append(_normal_code(text[pos:]))
    return "".join(out)


def _normal_code(part: str) -> str:
    part = _QUOTED_SHEET.sub(lambda m: m.group(1).replace("''", "'") + "!", part)
    part = re.sub(r"\s+", "", part.replace("$", "").replace("_xlfn.", "")).upper()
    part = _ONE_CELL_RANGE.sub(r"\1", part)
    return _NUMBER.sub(lambda m: repr(float(m.group())), part)

