"""Just enough of SpreadsheetML to read a workbook's sheets, names, tables and cells, fast.

openpyxl builds the whole workbook in memory before the first cell can be read; validation needs a
few dozen cells from three sheets. This reader parses the workbook part, and then only the sheets it
is asked for, streaming, with values decoded as openpyxl would (so validation sees the same types):
shared and inline strings, numbers (int when written without a point), booleans, error values,
and dates where the cell's number format is a date format (counted from 1900, or from 1904 when the
workbook says so) or where the cell is an ISO 8601 date (`t="d"`, as strict workbooks store them).
Strict and transitional workbooks read alike (see `conformance`).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Any
from xml.etree.ElementTree import Element

from toolkit.problems import CellRef
from toolkit.workbook.cells import (BUILTIN_FORMATS, MAC_EPOCH, WINDOWS_EPOCH, column_index_from_string,
                                    coordinate_from_string, from_excel, get_column_letter, is_date_format)
from toolkit.workbook.conformance import STRICT, TRANSITIONAL, conformance_of
from toolkit.workbook.opc import Package, PackageError, local, parse_xml, rel_id
from toolkit.workbook.rowbatches import Unsplit, row_batches

_COORD = re.compile(r"^([A-Z]{1,3})(\d+)$")
TRUE = ("1", "true")  # xsd:boolean
TREE_LIMIT = 8 * 2**20  # sheets up to this size are parsed whole, in C; larger ones stream
# Parsed sheets up to this size are kept while the workbook is open (`Xlsx.tree`): every sheet parsed
# whole. The template comparison then walks the list's tree again instead of inflating and streaming
# the part a second time (a list of 10 000 rows: 24 ms → 5 ms); the tree is alive until the reader is
# done, which it mostly was anyway (the list's values are built from it), and freed before validation.
KEPT_LIMIT = TREE_LIMIT


class Recount(Exception):
    """A reader met a row or cell numbered by counting in a sheet read without its empty cells."""


# An empty cell as our writer, openpyxl and Excel write the pre-formatted rows of a template: a format
# and nothing else. `strip_empty` takes them out of a sheet before it is parsed.
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}+[0-9]++"(?: s="[0-9]++")?+(?: t="[a-z]++")?+ ?/>')  # possessive: no backtracking
EMPTY_DENSITY = 100  # bytes per empty-cell tag at most: sparser sheets are parsed as they are


def strip_empty(data: bytes) -> bytes | None:
    """A sheet's bytes without its empty cells, or None where that would not pay or not be safe.

    A template formats hundreds of list rows cell by cell: in openness half the elements of a report
    are such cells, each built, walked and freed for nothing (issue 15). Every match of the pattern
    is an element (text and attribute values cannot hold `<`), as long as the part has no comment,
    CDATA section or processing instruction, which could hold the same characters: then nothing is
    stripped. What is left parses exactly when the whole does (an empty element taken out of its
    parent leaves the parent well-formed), and reads the same, except where a row or cell would be
    numbered by counting the elements before it: the readers raise Recount there, and the sheet is
    parsed again whole.

    Only what lies between the first `<sheetData>` and the last `</sheetData>` is stripped: an element
    taken from there cannot be one outside the root, so the rest parses exactly when the whole does
    (same error, same message), and the part counts as parsed for `Package.check_parts`."""
    if len(data) > EMPTY_DENSITY * data.count(b"/>") or b"<!" in data or data.find(b"<?", 1) >= 0:
        return None
    start, end = data.find(b"<sheetData>"), data.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return None
    rows = _EMPTY_CELL.sub(b"", data[start:end])
    return data[:start] + rows + data[end:] if len(rows) < end - start else None


class ExcelError(str):
    """An Excel error value (#REF!, #DIV/0!, …) found where a value was expected."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet of the workbook part: name, part, id, relationship and visibility."""

    name: str
    part: str
    sheet_id: str
    rid: str
    state: str = "visible"


@dataclass(frozen=True, slots=True)
class Cells:
    """The cells read from one sheet: values by (row, column), and the sheet's merged ranges."""

    values: dict[tuple[int, int], Any]
    merges: tuple[str, ...] = ()

    def get(self, coord: str) -> Any:
        col, row = coordinate_from_string(coord)
        return self.values.get((row, column_index_from_string(col)))


class Xlsx:
    """A workbook's structure, read once; cells are read per sheet on demand."""

    def __init__(self, package: Package):
        self.package = package
        main = [r for r in package.rels("").values() if r.is_a("officeDocument") and not r.external]
        self.part = main[0].target if main else "xl/workbook.xml"
        if not package.has(self.part):
            raise PackageError("в архиве нет книги Excel")
        root = package.xml(self.part)
        self.conformance = conformance_of(root.tag)
        self.epoch = WINDOWS_EPOCH  # serial 0; 1904 when <workbookPr date1904="1"/> says so
        self.rels = package.rels(self.part)
        self.sheets: list[Sheet] = []
        self.all_sheets: list[tuple[str, str]] = []  # (name, sheetId) of every sheet, chart sheets too
        self._names: dict[str, str] = {}
        self._spelled: dict[str, str] = {}  # a name as the workbook spells it
        self._trees: dict[str, Element] = {}
        self.stripped: set[str] = set()  # parts whose tree was parsed without its empty cells (strip_empty)
        self.tails: dict[str, Element] = {}  # a large sheet read in batches: what follows its rows (see sheet_info)
        self._dated: dict[str, bool] = {}  # a cell's `s` attribute → whether that format shows a date
        for el in root.iter():
            tag = local(el.tag)
            if tag == "sheet":
                self.all_sheets.append((el.get("name", ""), el.get("sheetId", "")))
                rid = rel_id(el) or ""
                rel = self.rels.get(rid)
                if rel is not None and not rel.external and rel.is_a("worksheet"):
                    self.sheets.append(Sheet(el.get("name", ""), rel.target, el.get("sheetId", ""), rid,
                                             el.get("state", "visible")))
            elif tag == "definedName" and el.get("localSheetId") is None and el.get("name"):
                self._names[el.get("name", "").lower()] = (el.text or "").strip()
                self._spelled[el.get("name", "").lower()] = el.get("name", "")
            elif tag == "workbookPr" and el.get("date1904", "").strip().lower() in TRUE:
                self.epoch = MAC_EPOCH
        self._by_name: dict[str, Sheet] = {}
        for sheet in self.sheets:
            self._by_name.setdefault(sheet.name, sheet)  # the first of a name, as a scan finds it

    @property
    def sheetnames(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> Sheet | None:
        """The first worksheet of that name (by a dict made once: the readers ask for every input)."""
        return self._by_name.get(name)

    def defined_name(self, key: str) -> str | None:
        """The formula text of a workbook-level name; Excel matches names case-insensitively."""
        return self._names.get(key.lower())

    def names(self) -> dict[str, str]:
        """Every workbook-level defined name, as spelled, with its formula text."""
        return {self._spelled[lower]: text for lower, text in self._names.items()}

    def name_target(self, key: str) -> CellRef | None:
        """The single cell a name points at, or None when it is gone, broken or not one cell."""
        text = self.defined_name(key)
        if not text:
            return None
        simple = simple_target(text)
        try:
            destinations = [simple] if simple else _destinations(key, text)
        except Exception:  # a name pointing at #REF! or a formula has no destination
            return None
        if len(destinations) != 1 or self.sheet(destinations[0][0]) is None:
            return None
        sheet, coord = destinations[0]
        coord = coord.replace("$", "")
        return CellRef(sheet, coord) if _COORD.match(coord) else None

    def linked(self, kind: str) -> str | None:
        """The part the workbook links as `kind` (styles, sharedStrings, calcChain), spelled as in the
        zip; the reader and the writer both use this, so they always mean the same part."""
        for rel in self.rels.values():
            if rel.is_a(kind) and not rel.external:
                info = self.package.info(rel.target)
                if info is not None:
                    return info.filename
        return None

    @cached_property
    def shared_strings(self) -> list[str]:
        part = self.linked("sharedStrings")
        if part is None:
            return []
        out: list[str] = []
        for _, el in self.package.iterparse(part):
            if local(el.tag) == "si":
                out.append(_text(el))
                el.clear()
        return out

    @cached_property
    def style_sheet(self) -> tuple[str, Element] | None:
        """The linked style part (name, root), parsed once for the date formats and its own check."""
        part = self.linked("styles")
        return None if part is None else (part, self.package.xml(part))

    def check_styles(self) -> None:
        """The linked style part must be a SpreadsheetML style sheet: our cell formats are appended to
        it, and cells index into it, so a part in a foreign namespace would break the scored copy."""
        if self.style_sheet is not None:
            name, root = self.style_sheet
            if root.tag not in (f"{{{TRANSITIONAL.main}}}styleSheet", f"{{{STRICT.main}}}styleSheet"):
                raise PackageError(f"часть {name} повреждена: это не таблица стилей Excel", name)

    @cached_property
    def date_styles(self) -> frozenset[int]:
        """Indices of cell formats that show numbers as dates, so such cells read as dates."""
        if self.style_sheet is None:
            return frozenset()
        root = self.style_sheet[1]
        formats = dict(BUILTIN_FORMATS)
        out = set()
        for el in root:
            if local(el.tag) == "numFmts":
                for fmt in el:
                    if fmt.get("numFmtId", "").isdigit():
                        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
            elif local(el.tag) == "cellXfs":
                for i, xf in enumerate(el):
                    fid = xf.get("numFmtId", "0")
                    if fid.isdigit() and is_date_format(formats.get(int(fid), "")):
                        out.add(i)
        return frozenset(out)

    def tables(self, sheet: str) -> dict[str, str]:
        """Excel tables (ListObjects) on a sheet: name → range, e.g. {"penalties": "A6:E36"}."""
        found = self.sheet(sheet)
        if found is None:
            return {}
        out = {}
        for rel in self.package.related(found.part, "table"):
            if self.package.has(rel.target):
                root = self.package.xml(rel.target)
                out[root.get("displayName") or root.get("name") or ""] = root.get("ref", "")
        return out

    def cells(self, sheet: str, rows: Container[int] | None = None, cols: Container[int] | None = None) -> Cells:
        """Decoded values of a sheet's cells in `rows` × `cols` (all when None), and its merged ranges."""
        found = self.sheet(sheet)
        if found is None:
            raise KeyError(sheet)
        info = self.package.info(found.part)
        if info is None:
            raise PackageError(f"нет части листа «{sheet}» ({found.part})", found.part)
        if info.file_size <= TREE_LIMIT:
            root = self.tree(found.part)
            if root is None:
                return self._from_tree(self.package.xml(found.part), rows, cols)
            try:
                return self._from_tree(root, rows, cols, found.part in self.stripped)
            except Recount:
                return self._from_tree(self.whole(found.part), rows, cols)
        return self._from_batches(found.part, rows, cols) or self._from_stream(found.part, rows, cols)

    def tree(self, part: str) -> Element | None:
        """A small part (up to KEPT_LIMIT) parsed once and kept while the workbook is open, so a second
        look at a sheet (the template comparison after the reader) does not parse it again; None for a
        larger part, which its reader streams. A sheet dense with empty cells is parsed without them
        (its part is then in `stripped`; see `strip_empty`)."""
        info = self.package.info(part)
        if info is None or info.file_size > KEPT_LIMIT:
            return None
        if part not in self._trees:
            data = self.package.read(part)
            stripped = strip_empty(data)
            self._trees[part] = parse_xml(data if stripped is None else stripped, part)
            if stripped is not None:
                self.stripped.add(part)
            self.package.mark_parsed(part)
        return self._trees[part]

    def whole(self, part: str) -> Element:
        """A part's tree with every element, kept from now on: for a reader that counts cells, which a
        tree without the empty ones would count differently (`Recount`)."""
        self._trees[part] = self.package.xml(part)
        self.stripped.discard(part)
        return self._trees[part]

    def _from_tree(self, root: Element, rows: Container[int] | None, cols: Container[int] | None,
                   stripped: bool = False) -> Cells:
        """Small sheets: parse in C, then visit only the wanted rows."""
        values: dict[tuple[int, int], Any] = {}
        merges: list[str] = []
        for part in root:
            tag = local(part.tag)
            if tag == "sheetData":
                self._rows(part, 0, rows, cols, values, stripped)
            elif tag == "mergeCells":
                merges = [m.get("ref", "") for m in part if m.get("ref")]
        return Cells(values, tuple(merges))

    def _rows(self, sheet_data: Element, row_no: int, rows: Container[int] | None, cols: Container[int] | None,
              values: dict[tuple[int, int], Any], stripped: bool = False) -> int:
        """Decode the wanted rows of one `<sheetData>`; returns the number of its last row. In a tree
        without its empty cells (`stripped`), a row or cell numbered by counting raises Recount."""
        for row in sheet_data:
            r = row.get("r")
            if r and r.isdigit():
                row_no = int(r)
            elif stripped:
                raise Recount
            else:
                row_no += 1
            if rows is None or row_no in rows:
                self._row(row, row_no, cols, values, stripped)
        return row_no

    def _from_batches(self, part: str, rows: Container[int] | None, cols: Container[int] | None) -> Cells | None:
        """Large sheets: batches of whole rows, each parsed in C (rowbatches.py); None when the part
        cannot be cut safely."""
        values: dict[tuple[int, int], Any] = {}
        merges: list[str] = []
        row_no = 0
        tail: Element | None = None
        try:
            with self.package.open(part) as fh:
                for el in row_batches(fh, part):
                    if local(el.tag) == "sheetData":
                        row_no = self._rows(el, row_no, rows, cols, values)
                        continue
                    tail = el  # the part's tail
                    merged = next((m for m in el if local(m.tag) == "mergeCells"), None)
                    merges = [m.get("ref", "") for m in merged if m.get("ref")] if merged is not None else []
        except Unsplit:
            return None
        self.package.mark_parsed(part)
        if tail is not None:
            self.tails[part] = tail
        return Cells(values, tuple(merges))

    def _from_stream(self, part: str, rows: Container[int] | None, cols: Container[int] | None) -> Cells:
        """Large sheets that cannot be cut into batches: one row in memory at a time."""
        values: dict[tuple[int, int], Any] = {}
        merges: list[str] = []
        row_no = 0
        for event, el in self.package.iterparse(part, ("start", "end")):
            tag = local(el.tag)
            if event == "start":
                if tag == "row":
                    r = el.get("r")
                    row_no = int(r) if r and r.isdigit() else row_no + 1
            elif tag == "row":
                if rows is None or row_no in rows:
                    self._row(el, row_no, cols, values)
                el.clear()
            elif tag == "mergeCell" and el.get("ref"):
                merges.append(el.get("ref", ""))
        return Cells(values, tuple(merges))

    def _row(self, row: Element, row_no: int, cols: Container[int] | None, values: dict[tuple[int, int], Any],
             stripped: bool = False) -> None:
        """Decode the wanted cells of one row. A cell without children (a format only, as templates
        pre-format hundreds of list rows) is empty and skipped without working out its column; the
        column of a cell without `r` that follows one is then counted from the row's start."""
        col = 0
        counted = True  # `col` is the column of the cell before this one
        decode, number = self.decode, self._number
        for cell in row:
            children = len(cell)
            if not children:
                counted = False
                continue
            r = cell.get("r") or ""
            letters = r.rstrip(_DIGITS)
            known = _COLUMN_OF.get(letters) if letters != r else None  # most cells: no regex, no call
            if known is None:
                m = _COORD.match(r)
                if m is None and stripped:
                    raise Recount
                # other writers may omit `r`: count then
                known = _column(m.group(1)) if m else col + 1 if counted else column_at(row, cell)
            col, counted = known, True
            if cols is None or col in cols:
                if children == 1:  # decode() inlined for the usual cells: one <is> of one plain run, one <v>
                    child = cell[0]
                    tag = child.tag
                    if tag in _INLINE:
                        if len(child) == 1 and (run := child[0]).tag in _RUN:
                            values[row_no, col] = run.text or ""
                            continue
                    elif tag in _VALUE and cell.get("t", "n") == "n":
                        v = child.text
                        if v is not None:
                            values[row_no, col] = number(v, cell.get("s"))
                        continue
                value = decode(cell)
                if value is not None:
                    values[row_no, col] = value

    def decode(self, el: Element) -> Any:
        """A cell element's value, typed as openpyxl would type it.

        Runs for every cell read: the usual cell (one `<v>`, or one `<is>` of one `<t>`, in our
        namespaces) is recognised by set lookups; anything else takes the general loop."""
        if len(el) == 1 and (tag := el[0].tag) in _PLAIN_TAGS:
            child = el[0]
            if _PLAIN_TAGS[tag]:  # <is>
                return _text(child)
            v = child.text
        else:
            v = None
            for child in el:
                name = child.tag  # local(name) inlined
                if name == "v" or name.endswith("}v"):
                    v = child.text
                elif name == "is" or name.endswith("}is"):
                    return _text(child)
        if v is None:
            return None
        kind = el.get("t", "n")
        if kind == "s":
            try:
                return self.shared_strings[int(v)]
            except (ValueError, IndexError):
                raise PackageError("ссылка на несуществующую общую строку")
        if kind in ("str", "inlineStr"):
            return v
        if kind == "e":
            return ExcelError(v)
        if kind == "b":
            return v.strip() in TRUE
        if kind == "d":  # ISO 8601, absolute: the 1900/1904 epoch does not apply
            try:
                return datetime.fromisoformat(v.strip()).replace(tzinfo=None)
            except ValueError:
                return v
        return self._number(v, el.get("s"))

    def _number(self, v: str, style: str | None) -> Any:
        """A number cell's value (`t="n"`, or no `t`): int or float, a date where its format shows one,
        the text as it is when it is not a number."""
        try:
            number: int | float = float(v) if "." in v or "e" in v or "E" in v else int(v)
        except ValueError:
            return v
        if style:
            dated = self._dated.get(style)
            if dated is None:
                dated = self._dated[style] = style.isdigit() and int(style) in self.date_styles
            if dated:
                try:
                    return _date(number, self.epoch)
                except (ValueError, OverflowError):
                    return number
        return number


_DIGITS = "0123456789"
# a cell's only child as decode's fast path knows it: <v> (False) or <is> (True), bare or in either namespace
_NAMESPACES = ("", "{" + TRANSITIONAL.main + "}", "{" + STRICT.main + "}")
_PLAIN_TAGS = {f"{ns}{name}": name == "is" for ns in _NAMESPACES for name in ("v", "is")}
_INLINE = frozenset(f"{ns}is" for ns in _NAMESPACES)
_VALUE = frozenset(f"{ns}v" for ns in _NAMESPACES)
_RUN = frozenset(f"{ns}t" for ns in _NAMESPACES)
_COLUMN_OF: dict[str, int] = {}  # column letters of well-formed `r` attributes seen, filled by _column


def column_of(r: str, previous: int) -> int:
    """The column of a cell's `r` attribute ("AB12" → 28), or the one after `previous` when `r` is not a
    coordinate (other writers may omit it)."""
    letters = r.rstrip(_DIGITS)
    known = _COLUMN_OF.get(letters) if letters != r else None
    if known is None:
        m = _COORD.match(r)
        known = _column(m.group(1)) if m else previous + 1
    return known


def column_at(row: Element, cell: Element) -> int:
    """The column of `cell` in `row`, counting every cell before it as `column_of` does."""
    col = 0
    for other in row:
        col = column_of(other.get("r") or "", col)
        if other is cell:
            break
    return col


def _column(letters: str) -> int:
    """Letters that matched _COORD (so A–Z, at most three) as a column number, remembered."""
    col = _COLUMN_OF[letters] = column_index_from_string(letters)
    return col


_date = lru_cache(maxsize=8192)(from_excel)  # lists repeat their dates: one datetime per serial


_SIMPLE_NAME = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!:\s]+))!\$?([A-Z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=4096)  # a pure function of the text; every report of a kind has the same names
def simple_target(text: str) -> tuple[str, str] | None:
    """`'Прил. 11'!$D$15` without the formula tokenizer; anything else goes to openpyxl."""
    m = _SIMPLE_NAME.match(text)
    if m is None:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    return sheet, m.group(3) + m.group(4)


def _destinations(key: str, text: str) -> list[tuple[str, str]]:
    """Any other name text goes through openpyxl's formula tokenizer (rare: imported only here)."""
    from openpyxl.workbook.defined_name import DefinedName

    return list(DefinedName(key, attr_text=text).destinations)


def _text(el: Element) -> str:
    """Text of a string item: plain <t>, or rich-text runs; phonetic runs are not part of the value."""
    if len(el) == 1 and (el[0].tag == "t" or el[0].tag.endswith("}t")):
        return el[0].text or ""  # the usual item, one plain <t>
    parts = []
    for child in el:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def coordinate(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"
