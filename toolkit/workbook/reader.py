"""Reads a workbook of ours into a `Document`, reporting what makes it unreadable or not ours.

Nothing here judges the body's numbers: that is validation's job. The reader only finds the cells
the template put there, by their defined names, and says where each value came from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.workbook.cells import column_index_from_string, coordinate_from_string, range_boundaries

from toolkit.catalog import DIRECTIONS, known_editions, load_catalog
from toolkit.catalog.model import BODY_TYPES
from toolkit.catalog.model import Direction, InputSpec
from toolkit.integrity.identity import issued_body
from toolkit.engine.inputs import AppealRow, Body, Document, ListData, ListRow, Meta, PenaltyRow, RawCell
from toolkit.problems import CellRef, Problem, problem, shortened, shown
from toolkit.workbook import layout
from toolkit.workbook.opc import Package, PackageError
from toolkit.workbook.structure import blank
from toolkit.workbook.xlsx import Cells, ExcelError, Xlsx, coordinate

__all__ = ["ExcelError", "document_from", "open_workbook", "read_document", "read_meta"]

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
ENCRYPTION_STREAM = b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0"  # «EncryptionInfo» in UTF-16-LE (no codec import)
FIRST_PERIOD, LAST_PERIOD = 2000, 2100  # the years `xlscore template --period` accepts
MAX_ROW = 1_048_576


def read_document(path: str | Path, also: Callable[[Xlsx, Document], None] | None = None
                  ) -> tuple[Document | None, list[Problem]]:
    """The document, or the problems that make it unreadable; `also` runs on the still open workbook
    once the document is read (the template comparison reuses the sheets the reader parsed)."""
    path = Path(path)
    wb, problems = open_workbook(path)
    if wb is None:
        return None, problems
    try:
        found = document_from(path, wb)
        if found[0] is not None:
            wb.check_styles()
            wb.package.check_parts()
            if also is not None:
                also(wb, found[0])
        return found
    except PackageError as exc:  # a part read late (a sheet, the shared strings) turned out damaged
        return None, [problem("file.unreadable", reason=exc.reason)]
    finally:
        wb.package.close()


def open_workbook(path: Path) -> tuple[Xlsx | None, list[Problem]]:
    """The workbook's structure, or the reason it cannot be read; never raises on a bad file."""
    bundle = path.is_dir() and path.suffix.lower() == ".numbers"  # a Numbers document is a folder on macOS
    if path.is_dir() and not bundle:
        return None, [problem("file.no_workbooks", path=path)]
    if not path.is_file() and not bundle:
        return None, [problem("file.not_found", path=path)]
    head = b""
    if not bundle:
        with path.open("rb") as fh:
            head = fh.read(8)
    if head == OLE_SIGNATURE and ENCRYPTION_STREAM in path.read_bytes():
        return None, [problem("file.encrypted")]
    if head == OLE_SIGNATURE or not head.startswith(ZIP_SIGNATURE):
        return None, [problem("file.unreadable", reason=_not_a_zip(path, head))]
    try:
        package = Package(path)
    except PackageError as exc:
        return None, [problem("file.unreadable", reason=exc.reason)]
    try:
        foreign = _other_package(package, path)
        if foreign:
            raise PackageError(foreign)
        return Xlsx(package), []
    except PackageError as exc:
        package.close()
        return None, [problem("file.unreadable", reason=exc.reason)]


# What a file is when it is not a workbook we can read, by its name's suffix; the content decides first.
FOREIGN_FORMATS = {
    ".xls": "это книга старого формата Excel 97–2003 (.xls)",
    ".xlsb": "это двоичная книга Excel (.xlsb)",
    ".ods": "это таблица OpenDocument (.ods) из LibreOffice или OpenOffice",
    ".fods": "это таблица OpenDocument (.fods) из LibreOffice или OpenOffice",
    ".csv": "это текстовый файл CSV, а не книга Excel",
    ".numbers": "это таблица Apple Numbers (.numbers); экспортируйте ее в Excel (Файл → Экспортировать → Excel)",
}


def _not_a_zip(path: Path, head: bytes) -> str:
    if not head and path.is_file():
        return "файл пуст"
    if head == OLE_SIGNATURE:  # an OLE compound file that is not an encrypted .xlsx
        return FOREIGN_FORMATS[".xls"]
    if path.suffix.lower() in FOREIGN_FORMATS:
        return FOREIGN_FORMATS[path.suffix.lower()]
    return "файл не является книгой Excel (.xlsx)"


def _other_package(package: Package, path: Path) -> str | None:
    """The reason a zip is some other program's document, or None when it may be a workbook."""
    if package.has("xl/workbook.xml"):
        return None
    if package.has("content.xml"):
        return FOREIGN_FORMATS[".ods"]
    if package.has("xl/workbook.bin"):
        return FOREIGN_FORMATS[".xlsb"]
    if package.has("Index/Document.iwa") or path.suffix.lower() == ".numbers":
        return FOREIGN_FORMATS[".numbers"]
    return None


def metadata_kind(path: Path) -> str | None:
    """The `kind` the file's metadata sheet states (report, assessor), or None; reads nothing else, and
    needs none of the assessor modules (a `score` of reports does not import them)."""
    wb, _ = open_workbook(path)
    if wb is None:
        return None
    try:
        return kind_of(wb)
    except PackageError:
        return None
    finally:
        wb.package.close()


def kind_of(wb: Xlsx) -> str | None:
    """The `kind` an open workbook's metadata sheet states (report, assessor), or None."""
    kind = metadata(wb).get("kind")
    return kind if isinstance(kind, str) else None


def metadata(wb: Xlsx) -> dict[str, Any]:
    """The metadata sheet's key → value pairs (empty when there is none)."""
    if wb.sheet(layout.META_SHEET) is None:
        return {}
    cells = wb.cells(layout.META_SHEET, cols=(1, 2)).values
    return {str(cells[r, 1]): cells.get((r, 2)) for r, c in sorted(cells) if c == 1}


def is_period(value: object) -> bool:
    """A reporting year the toolkit accepts (as `template --period` does)."""
    return isinstance(value, int) and not isinstance(value, bool) and FIRST_PERIOD <= value <= LAST_PERIOD


def read_meta(wb: Xlsx) -> tuple[Meta | None, list[Problem]]:
    if wb.sheet(layout.META_SHEET) is None:
        return None, [problem("workbook.not_ours", sheet=layout.META_SHEET)]
    raw = metadata(wb)
    if raw.get("kind") == "assessor":
        return None, [problem("workbook.assessor_book")]
    edition = raw.get("edition")
    if edition not in known_editions():
        return None, [problem("workbook.edition", edition=shown(edition), known=", ".join(known_editions()))]
    directions = tuple(d for d in str(raw.get("directions") or "").split(",") if d)
    body_type = raw.get("body_type")
    period = raw.get("period")
    if not directions or any(d not in DIRECTIONS for d in directions):
        return None, [problem("workbook.metadata", detail=f"неизвестные направления «{shown(raw.get('directions'))}»")]
    if body_type not in BODY_TYPES:
        return None, [problem("workbook.metadata", detail=f"неизвестный тип органа «{shown(body_type)}»")]
    if not is_period(period):
        return None, [problem("workbook.metadata", detail=f"отчетный период «{shown(period)}» не является годом "
                                                          f"{FIRST_PERIOD}–{LAST_PERIOD}")]
    unsupported = [d for d in directions if d not in layout.DIRECTION_SHEETS]  # services: not yet
    if unsupported:
        title = load_catalog(str(edition)).direction(unsupported[0]).title
        return None, [problem("workbook.direction_unsupported", direction=title)]
    return Meta(str(edition), directions, body_type, period, str(raw.get("toolkit_version", "")),
                _meta_text(raw.get("body_code")), _meta_text(raw.get("body_name"))), []


def _meta_text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def document_from(path: str | Path, wb: Xlsx) -> tuple[Document | None, list[Problem]]:
    """The document in an open workbook: a package (`Xlsx`), or anything with its reading methods
    (`toolkit.excel.livebook.LiveBook`, the book open in Excel), so both are read by one set of rules."""
    meta, problems = read_meta(wb)
    if meta is None:
        return None, problems
    catalog = load_catalog(meta.edition)
    cells: dict[str, RawCell] = {}
    names: dict[str, CellRef | None] = {}
    lists: dict[str, ListData] = {}
    for did in meta.directions:
        direction = catalog.direction(did)
        if direction.sheets:
            problems += _planned(wb, direction, meta.body_type, cells, names, lists)
            continue
        sheet = layout.DIRECTION_SHEETS.get(did)
        if sheet is None or wb.sheet(sheet) is None:
            problems.append(problem("workbook.sheet_missing", sheet=sheet or did, direction=direction.title))
            continue
        expected = layout.input_cells(direction)
        wanted = set(expected.values())
        rows, cols = _rows_cols(wanted)
        found = wb.cells(sheet, rows, cols | {column_index_from_string(c) for c in layout.INPUT_MARKER_COLUMNS})
        merged = _merged_inputs(found.merges, wanted)
        for spec in direction.inputs:
            problems += _scalar(wb, spec, CellRef(sheet, expected[spec.key]), found, merged, cells, names,
                                direction.symbols_shown)
    stated = _stated(wb, ("body.name", "body.code"))
    typed = {key: _text(raw.value) for key, raw in stated.items()}
    body = issued_body(meta) or Body(typed.get("body.name", ""), meta.body_type, typed.get("body.code", ""))
    penalties, more = _penalties(wb)
    appeals, disputed = _appeals(wb)
    problems += more + disputed
    return Document(str(path), meta, body, cells, penalties, tuple(wb.sheetnames), names, lists, stated,
                    appeals), problems


def _scalar(wb: Xlsx, spec: InputSpec, want: CellRef, found: Cells, merged: dict[str, str],
            cells: dict[str, RawCell], names: dict[str, CellRef | None], symbols_shown: bool) -> list[Problem]:
    """Read one named input cell, or say why its value cannot be trusted to be the one meant.

    The row must still be the input's: its symbol beside it where symbols are shown, else its label
    (a report filled in a template of the time when every row showed its symbol passes too).
    """
    ref = wb.name_target(spec.key)
    names[spec.key] = ref
    row = want.cell[len(layout.INPUT_VALUE_COLUMN):]
    symbol = str(found.get(layout.INPUT_SYMBOL_COLUMN + row) or "").strip()
    label = str(found.get(layout.INPUT_LABEL_COLUMN + row) or "").strip()
    if ref is None:
        text = wb.defined_name(spec.key)
        if text and "#REF!" not in text:  # still there, but not one cell: a range, a formula
            return [problem("workbook.name_moved", want, spec.key, name=spec.key, label=spec.label,
                            target=text.replace("$", ""), expected=str(want))]
        return [problem("workbook.name_missing", want, spec.key, name=spec.key, label=spec.label)]
    if ref != want:
        return [problem("workbook.name_moved", want, spec.key, name=spec.key, label=spec.label,
                        target=str(ref), expected=str(want))]
    if want.cell in merged:
        return [problem("workbook.input_merged", want, spec.key, label=spec.label, merged=merged[want.cell])]
    if symbol != spec.symbol and (symbols_shown or label != spec.label.strip()):
        seen = symbol if symbols_shown else label
        return [problem("workbook.layout_shifted", want, spec.key, label=spec.label,
                        found=f"«{seen}»" if seen else "пустая ячейка",
                        symbol=spec.symbol if symbols_shown else spec.label)]
    cells[spec.key] = RawCell(found.get(want.cell), want)
    return []


def _planned(wb: Xlsx, direction: Direction, body_type: str, cells: dict[str, RawCell],
             names: dict[str, CellRef | None], lists: dict[str, ListData]) -> list[Problem]:
    """A direction laid out over several sheets (openness): scalar inputs, then at most one list per sheet.

    Every sheet is read once: its scalar inputs, its table, and anything typed where the template has
    no place for it, which is an error (`list.outside_table`) rather than a value silently ignored.
    """
    problems: list[Problem] = []
    for plan in layout.sheet_plans(direction, body_type):
        if wb.sheet(plan.name) is None:
            problems.append(problem("workbook.sheet_missing", sheet=plan.name, direction=direction.title))
            continue
        found = wb.cells(plan.name)
        wanted = {f"{layout.INPUT_VALUE_COLUMN}{row}" for _, row in plan.scalars}
        merged = _merged_inputs(found.merges, wanted)
        for spec, row in plan.scalars:
            problems += _scalar(wb, spec, CellRef(plan.name, f"{layout.INPUT_VALUE_COLUMN}{row}"), found, merged, cells, names,
                                direction.symbols_shown)
        tables = wb.tables(plan.name)
        table_end: int | None = plan.blocks_end
        for place in plan.lists:
            data, more = _table(place, tables.get(place.spec.table_name), found)
            problems += more
            if data is not None:
                lists[place.spec.key] = data
                table_end = _last_row(data.ref)
            else:
                table_end = None  # the table itself is wrong: rows below it cannot be judged
        if table_end is not None:
            problems += _outside(plan, found, table_end)
    return problems


def _table(place: layout.ListPlace, ref: str | None, found: Cells) -> tuple[ListData | None, list[Problem]]:
    """The filled rows of one list: every row of its Excel table, whatever its length.

    A workbook saved by a program that keeps cells but drops Excel tables (Gnumeric) still has the
    template's header row: the list is then read from every row below it, with a warning.
    """
    spec, sheet = place.spec, place.sheet
    width = len(spec.columns)
    problems = []
    if ref is None:
        if _header_problems(place, found):
            return None, [problem("workbook.table_missing", CellRef(sheet, f"A{place.header_row}"), spec.key,
                                  table=spec.table_name, title=spec.title)]
        last = max((row for (row, col), value in found.values.items()
                    if row > place.header_row and col <= width and not blank(value)), default=place.header_row + 1)
        ref = place.ref_to(last)
        problems.append(problem("workbook.table_lost", CellRef(sheet, f"A{place.header_row}"), spec.key,
                                table=spec.table_name, title=spec.title))
    try:
        c1, r1, _, r2 = range_boundaries(ref)
    except (ValueError, TypeError):
        c1 = r1 = r2 = None
    if c1 != 1 or r1 != place.header_row or r2 is None or r2 < r1:
        return None, [problem("workbook.table_moved", CellRef(sheet, f"A{place.header_row}"), spec.key,
                              table=spec.table_name, title=spec.title, ref=ref, expected=place.ref)]
    header = _header_problems(place, found)
    if header:
        return None, header
    by_row: dict[int, dict[str, object]] = {}
    fields = [c.field for c in spec.columns]
    for (row, col), value in found.values.items():
        if r1 < row <= r2 and col <= width and not (value.__class__ is str and value.isspace() or value == ""):
            typed = by_row.get(row)  # (_blank inlined; values are never None)
            if typed is None:
                typed = by_row[row] = {}
            typed[fields[col - 1]] = value
    rows = tuple(ListRow(row, by_row[row]) for row in sorted(by_row))
    return ListData(spec.key, sheet, ref, place.columns, rows), problems


def _header_problems(place: layout.ListPlace, found: Cells) -> list[Problem]:
    spec, columns = place.spec, place.columns
    problems = []
    for col in spec.columns:
        at = f"{columns[col.field]}{place.header_row}"
        header = found.get(at)
        if str(header or "").strip() != col.label:
            problems.append(problem("workbook.table_columns", CellRef(place.sheet, at), spec.key, title=spec.title,
                                    found=shown(header), expected=col.label))
    return problems


def _outside(plan: layout.SheetPlan, found: Cells, table_end: int) -> list[Problem]:
    """Values where the template has no place: right of the sheet's columns, between its blocks, or
    below its list."""
    place = plan.lists[0] if plan.lists else None
    width, blocks_end = max(5, plan.width), plan.blocks_end
    first, last = (place.title_row, table_end) if place is not None else (1, 0)
    # what lies outside, picked by one comprehension: a call per cell was most of this for long lists
    stray = {(row, col): value for (row, col), value in found.values.items()
             if not (col <= width and (row <= blocks_end or first <= row <= last))}
    return outside_problems(plan.name, stray, _nowhere, place.spec.title if place else plan.title,
                            place.spec.key if place else None)


def _nowhere(row: int, col: int) -> bool:
    return False


def outside_problems(sheet: str, values: dict[tuple[int, int], Any], inside: Callable[[int, int], bool],
                     title: str, key: str | None = None) -> list[Problem]:
    """`list.outside_table` for each row holding a value where `inside` says nothing belongs, at the
    row's first such cell: typed there, it would otherwise be silently left out."""
    first_of_row: dict[int, int] = {}
    for (row, col), value in values.items():
        if value.__class__ is str and (value.isspace() or value == ""):  # blank() inlined: a hot loop, never None
            continue
        if not inside(row, col) and col < first_of_row.get(row, col + 1):
            first_of_row[row] = col
    return [problem("list.outside_table", CellRef(sheet, coordinate(row, col)), key, title=title,
                    value=shortened(shown(values[row, col])))
            for row, col in sorted(first_of_row.items())]


def _last_row(ref: str) -> int:
    return range_boundaries(ref)[3] or 0


def _merged_inputs(merges: tuple[str, ...], wanted: set[str]) -> dict[str, str]:
    """Input cells that are part of a merged range: typing there writes one value for several inputs."""
    out = {}
    for ref in merges:
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        for row in range(r1 or 0, (r2 or 0) + 1):
            for col in range(c1 or 0, (c2 or 0) + 1):
                if coordinate(row, col) in wanted:
                    out[coordinate(row, col)] = ref
    return out


def _rows_cols(coords: set[str]) -> tuple[set[int], set[int]]:
    """Rows and columns that cover the wanted cells (the reader then picks the cells themselves)."""
    pairs = [coordinate_from_string(c) for c in coords]
    return {row for _, row in pairs}, {column_index_from_string(col) for col, _ in pairs}


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def stated_text(wb: Xlsx, key: str) -> str:
    """One identity cell of «Инструкция» as `read_document` takes it (the batch groups blanks by it)."""
    raw = _stated(wb, (key,)).get(key)
    return _text(raw.value) if raw is not None else ""


def _stated(wb: Xlsx, keys: tuple[str, ...]) -> dict[str, RawCell]:
    """The named cells as typed (the body's identity on «Инструкция»), reading each sheet involved once;
    a key whose name is gone is absent."""
    refs = {key: ref for key in keys if (ref := wb.name_target(key)) is not None}
    by_sheet: dict[str, set[str]] = {}
    for ref in refs.values():
        by_sheet.setdefault(ref.sheet, set()).add(ref.cell)
    found = {sheet: wb.cells(sheet, *_rows_cols(coords)) for sheet, coords in by_sheet.items()}
    return {key: RawCell(found[ref.sheet].get(ref.cell), ref) for key, ref in refs.items()}


def _penalties(wb: Xlsx) -> tuple[tuple[PenaltyRow, ...], list[Problem]]:
    if wb.sheet(layout.PENALTIES_SHEET) is None:
        return (), [problem("workbook.sheet_missing", sheet=layout.PENALTIES_SHEET, direction="акт сверки")]
    found, outside = _table_rows(wb, layout.PENALTIES_SHEET, layout.PENALTIES_TABLE, layout.penalties_range(), 3)
    problems = [problem("penalty.outside_table", where) for where in outside]
    return tuple(PenaltyRow(*values, row, layout.PENALTIES_SHEET) for row, values in found), problems


def _appeals(wb: Xlsx) -> tuple[tuple[AppealRow, ...], list[Problem]]:
    """«Обжалование» (Прил. 14); a report issued before the sheet existed simply has no appeals."""
    if wb.sheet(layout.APPEALS_SHEET) is None:
        return (), []
    width = len(layout.APPEALS_FIELDS)
    found, outside = _table_rows(wb, layout.APPEALS_SHEET, layout.APPEALS_TABLE, layout.appeals_range(), width)
    problems = [problem("appeal.outside_table", where) for where in outside]
    return tuple(AppealRow(dict(zip(layout.APPEALS_FIELDS, values)), row, layout.APPEALS_SHEET)
                 for row, values in found), problems


def _table_rows(wb: Xlsx, sheet: str, table: str, default: str, width: int
                ) -> tuple[list[tuple[int, tuple[Any, ...]]], list[CellRef]]:
    """The non-empty rows of a table whose first column is its row number (columns 2 … width + 1), and
    the first cell of each row typed below it (or pushed there by an inserted row): never dropped silently."""
    ref = wb.tables(sheet).get(table) or default
    try:
        c1, r1, _, r2 = range_boundaries(ref)
    except (ValueError, TypeError):
        c1, r1, _, r2 = range_boundaries(default)
    first, last = (r1 or 1) + 1, r2 or 0
    cols = tuple((c1 or 1) + 1 + i for i in range(width))
    values = wb.cells(sheet, range(first, MAX_ROW + 1), cols).values
    rows, outside = [], []
    for row in sorted({r for r, _ in values}):
        typed = tuple(values.get((row, c)) for c in cols)
        if not any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in typed):
            continue
        if row > last:
            outside.append(CellRef(sheet, coordinate(row, next(c for c in cols if values.get((row, c)) not in (None, "")))))
        else:
            rows.append((row, typed))
    return rows, outside
