"""What a sheet holds besides its values: formulas, data validations, and which cell formats are locked.

`Xlsx.cells` skips all of this for speed; the comparison of a report with the template it was issued
as (`toolkit.integrity.tamper`) needs it, for the template and for the body's file alike, so it is read here
from the same package, streaming, only for the rows asked for. Shared formulas (Excel writes a range
filled down as one formula) are expanded to each cell, and validations are read in both the main and
the Excel 2010 extension form (`x14:dataValidation`, used for lists on another sheet).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element

from toolkit.workbook.cells import column_index_from_string, range_boundaries
from toolkit.workbook.conformance import STRICT, TRANSITIONAL
from toolkit.workbook.opc import PackageError, local, parse_xml
from toolkit.workbook.xlsx import _COLUMN_OF, _COORD, _DIGITS, _PLAIN_TAGS, Recount, Xlsx, column_at, column_of, coordinate

_STRING = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_SHEET = re.compile(r"'((?:[^']|'')+)'!")
_ONE_CELL_RANGE = re.compile(r"(?<![A-Z0-9_.])([A-Z]{1,3}\d+):\1(?![0-9])")
_NUMBER = re.compile(r"(?<![A-Z0-9_.])\d+(?:\.\d+)?(?:E[+-]?\d+)?(?![0-9A-Z_(])")
FALSE = ("0", "false")
MAX_ROW = 1_048_576


class CellInfo(NamedTuple):
    """A cell as the template comparison sees it: value, formula, style. A named tuple, not a frozen
    dataclass: one is made for every label and formula of every report, and a tuple is made several
    times faster (issue 15); it is as immutable, and it never leaves the comparison."""

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
    rule: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        """What the validation allows, normalised: an operator or a second formula only where they count
        (LibreOffice writes `operator="between"` and `formula2` 0 on every list)."""
        ranged = self.type not in ("list", "custom", "none")
        operator = (self.operator or "between") if ranged else ""
        second = normal_formula(self.formula2) if ranged and operator in ("between", "notBetween") else ""
        blocks = self.show_error and self.error_style in ("", "stop")
        object.__setattr__(self, "rule", (self.type, operator, normal_formula(self.formula1), second,
                                          "stop" if blocks else "allow"))

    def covers(self, row: int, col: int) -> bool:
        return any(c1 <= col <= c2 and r1 <= row <= r2 for c1, r1, c2, r2 in self.ranges)


class Coverage:
    """Which of a sheet's validations (the first, in the sheet's order) covers a cell, found by lookup.

    The template comparison asks this for two cells of every range of every validation of ours; a
    report's validations list their ranges one cell at a time (openpyxl writes «D15 D16 …»), so
    scanning them all for each cell (`Validation.covers`) cost `validate` more than reading the file.
    Single cells are looked up in a dict, narrow ranges per column, the rare wide ones scanned.
    """

    WIDE = 64  # columns; a range wider than this is scanned rather than indexed per column

    def __init__(self, validations: tuple[Validation, ...]):
        self.validations = validations
        self.cells: dict[tuple[int, int], int] = {}
        self.columns: dict[int, list[tuple[int, int, int]]] = {}
        self.wide: list[tuple[int, int, int, int, int]] = []
        for i, v in enumerate(validations):
            for c1, r1, c2, r2 in v.ranges:
                if c1 == c2 and r1 == r2:
                    self.cells.setdefault((r1, c1), i)
                elif c2 - c1 < self.WIDE:
                    for col in range(c1, c2 + 1):
                        self.columns.setdefault(col, []).append((r1, r2, i))
                else:
                    self.wide.append((c1, r1, c2, r2, i))

    def first(self, row: int, col: int) -> Validation | None:
        """The first validation covering the cell, as `next(v for v in validations if v.covers(row, col))`."""
        best = self.cells.get((row, col), len(self.validations))
        for r1, r2, i in self.columns.get(col, ()):
            if i < best and r1 <= row <= r2:
                best = i
        for c1, r1, c2, r2, i in self.wide:
            if i < best and c1 <= col <= c2 and r1 <= row <= r2:
                best = i
        return self.validations[best] if best < len(self.validations) else None


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """A sheet as the template comparison sees it: cells, validations, last row."""

    cells: dict[tuple[int, int], CellInfo]
    validations: tuple[Validation, ...]
    last_row: int  # the last row holding any cell element (formatted or not)


def sheet_info(wb: Xlsx, sheet: str, wanted: AbstractSet[tuple[int, int]] | None = None,
               reach: int | None = None) -> SheetInfo:
    """Values, formulas and styles of the `wanted` cells (row, column; all when None), and every validation.
    A wanted cell without content (no value, no formula) is left out, as a missing one would be.

    Rows below `reach` (by default the last one wanted) are not read: a list of 20 000 rows costs no more than the
    template's own rows. A sheet up to `xlsx.KEPT_LIMIT` (any but the longest lists) is parsed in
    C once per open workbook (`Xlsx.tree`, shared with the reader) and only its wanted rows visited; a
    larger one is streamed until the last wanted row, and its validations (which follow the rows) are
    parsed from the part's tail on their own.
    """
    found = wb.sheet(sheet)
    info = wb.package.info(found.part) if found is not None else None
    if found is None or info is None:
        raise PackageError(f"нет части листа «{sheet}»", found.part if found else None)
    last = reach if reach is not None else max((r for r, _ in wanted), default=0) if wanted is not None else None
    root = wb.tree(found.part)
    if root is not None:
        if found.part in wb.stripped and wanted is None:
            root = wb.whole(found.part)  # every cell, the empty ones too (the template's own view)
        try:
            return _from_tree(_SheetReader(wb, wanted, found.part in wb.stripped), root, last)
        except Recount:
            return _from_tree(_SheetReader(wb, wanted), wb.whole(found.part), last)
    reader = _SheetReader(wb, wanted)
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
        return reader.info()
    tail = wb.tails.get(found.part)  # kept by the reader's batches: the part need not be inflated again
    for el in (tail.iter() if tail is not None else _after_rows(wb, found.part)):
        if local(el.tag) == "dataValidation":
            reader.validation(el)
    return reader.info()


def _from_tree(reader: _SheetReader, root: Element, last: int | None) -> SheetInfo:
    """A parsed sheet's rows up to the first past `last` (all when None), and its validations."""
    for part in root:
        tag = local(part.tag)
        if tag == "sheetData":
            for row in part:
                if reader.row(row) > (last if last is not None else MAX_ROW):
                    break
        elif tag in ("dataValidations", "extLst"):
            reader.validations_in(part)
    return reader.info()


def _after_rows(wb: Xlsx, part: str) -> list[Element]:
    """The elements that follow a sheet's rows (validations among them), parsed without the rows: the
    root's start tag (for its namespace declarations) joined to everything after `</sheetData>`."""
    data = wb.package.read(part)
    end = data.rfind(b"sheetData>")
    start = data.rfind(b"</", 0, end)
    root = re.search(rb"<(?![?!])[^>]*>", data)
    if end < 0 or start < 0 or root is None or not re.fullmatch(rb"(?:[\w.-]+:)?", data[start + 2:end]):
        return [el for _, el in wb.package.iterparse(part)]  # not the usual shape: parse it all
    try:
        return list(parse_xml(root.group() + data[end + len(b"sheetData>"):], part).iter())
    except PackageError:  # «</sheetData>» inside a comment, say: parse it all
        return [el for _, el in wb.package.iterparse(part)]


_NOTHING: frozenset[int] = frozenset()  # the columns wanted in a row that has none
_F_OF = {f"{ns}c": f"{ns}f" for ns in ("", "{" + TRANSITIONAL.main + "}", "{" + STRICT.main + "}")}  # <c> → its <f>


class _SheetReader:
    def __init__(self, wb: Xlsx, wanted: AbstractSet[tuple[int, int]] | None, stripped: bool = False):
        """`stripped`: the rows come from a tree without its empty cells (`xlsx.strip_empty`), where a
        row or cell numbered by counting raises Recount."""
        self.wb, self.wanted, self.stripped = wb, wanted, stripped
        self.rows: dict[int, set[int]] | None = None  # row → its wanted columns; None: every cell wanted
        if wanted is not None:
            self.rows = {}
            for r, c in wanted:
                self.rows.setdefault(r, set()).add(c)
        self.cells: dict[tuple[int, int], CellInfo] = {}
        self.validations: list[Validation] = []
        self.shared: dict[str, tuple[str, str]] = {}  # si → (master formula, master cell)
        self.last_row = 0
        self._row_no = 0

    def info(self) -> SheetInfo:
        return SheetInfo(self.cells, tuple(self.validations), self.last_row)

    def row(self, el: Element) -> int:
        """Read one row element: its wanted cells, and any shared formula's master; its number."""
        r = el.get("r")
        if not (r and r.isdigit()) and self.stripped:
            raise Recount
        row_no = self._row_no = int(r) if r and r.isdigit() else self._row_no + 1
        if len(el) and row_no > self.last_row:
            self.last_row = row_no
        wanted_cols = self.rows.get(row_no, _NOTHING) if self.rows is not None else None
        if wanted_cols is _NOTHING:
            for f in el.iter(el.tag[:-3] + "f"):
                if f.text and f.get("t") == "shared":
                    break
            else:
                return row_no  # nothing wanted here, and no shared formula a wanted cell may refer to
        col = 0
        counted = True  # `col` is the column of the cell before this one
        decode = self.wb.decode
        for cell in el:
            children = len(cell)
            if not children and wanted_cols is not None:
                counted = False  # an empty cell (a format only): compared as a missing one, no formula either
                continue
            r = cell.get("r") or ""
            letters = r.rstrip(_DIGITS)  # column_of() inlined for the usual `r`
            known = _COLUMN_OF.get(letters) if letters != r else None
            if known is None and self.stripped and _COORD.match(r) is None:
                raise Recount  # numbered by counting the cells before it, some of them stripped
            col = known or (column_of(r, col) if counted else column_of(r, -1))
            if col == 0:  # no `r` after skipped cells: count from the row's start
                col = column_at(el, cell)
            counted = True
            wanted = wanted_cols is None or col in wanted_cols
            if children == 1 and cell[0].tag in _PLAIN_TAGS:
                f = None  # one <v> or <is>: no formula (most cells; spares the search)
            else:
                tag = cell.tag
                f = cell.find(_F_OF.get(tag) or tag[:-1] + "f") if tag.endswith("c") else None  # <f> in its namespace
            if f is None and not wanted:
                continue
            formula = self._formula(f, coordinate(row_no, col)) if f is not None else None
            if wanted:
                style = cell.get("s") or "0"
                self.cells[row_no, col] = CellInfo(decode(cell), formula, int(style) if style.isdigit() else 0)
        return row_no

    def _formula(self, f: Element, at: str) -> str:
        text, si = f.text or "", f.get("si")
        if f.get("t") == "shared" and si is not None:
            if text:
                self.shared[si] = (text, at)
            elif si in self.shared:
                master, origin = self.shared[si]
                try:
                    from openpyxl.formula.translate import Translator  # only Excel's shared formulas need it

                    return Translator("=" + master, origin=origin).translate_formula(at).removeprefix("=")
                except Exception:  # openpyxl's tokenizer refuses it: keep the master's text, shown as a change
                    return master
        return text

    def validations_in(self, el: Element) -> None:
        """The validations under `dataValidations`, or under `extLst` in the x14 form."""
        for child in el.iter():
            if local(child.tag) == "dataValidation":
                self.validation(child)

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


def blank(value: Any) -> bool:
    """Nothing in the cell, or only spaces."""
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


@lru_cache(maxsize=8192)  # a pure function of the text; the formulas of one template recur in every report
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

