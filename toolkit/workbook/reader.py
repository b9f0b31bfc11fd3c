"""Reads a workbook of ours into a `Document`, reporting what makes it unreadable or not ours.

Nothing here judges the body's numbers: that is validation's job. The reader only finds the cells
the template put there, by their defined names, and says where each value came from.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from toolkit.catalog import DIRECTIONS, known_editions, load_catalog
from toolkit.catalog.model import BODY_TYPES
from toolkit.inputs import Body, Document, Meta, PenaltyRow, RawCell
from toolkit.problems import CellRef, Problem, problem, shown
from toolkit.workbook import layout

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"


class ExcelError(str):
    """An Excel error value (#REF!, #DIV/0!, …) found where a value was expected."""


def read_document(path: str | Path) -> tuple[Document | None, list[Problem]]:
    path = Path(path)
    wb, problems = open_workbook(path)
    if wb is None:
        return None, problems
    try:
        return _document(path, wb)
    finally:
        wb.close()


def open_workbook(path: Path, data_only: bool = True) -> tuple[Workbook | None, list[Problem]]:
    if path.is_dir():
        return None, [problem("file.no_workbooks", path=path)]
    if not path.is_file():
        return None, [problem("file.not_found", path=path)]
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_SIGNATURE:
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in path.read_bytes():
            return None, [problem("file.encrypted")]
        return None, [problem("file.unreadable", reason="это файл старого формата Excel 97–2003 (.xls)")]
    if not head.startswith(ZIP_SIGNATURE):
        return None, [problem("file.unreadable", reason="файл не является книгой Excel (.xlsx)")]
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            reason = "это документ OpenDocument (.ods)" if "content.xml" in names else "в архиве нет книги Excel"
            return None, [problem("file.unreadable", reason=reason)]
        wb = openpyxl.load_workbook(path, data_only=data_only, keep_links=False)
    except Exception as exc:  # a damaged file is a report, not a traceback
        reason = "архив поврежден или обрезан" if isinstance(exc, zipfile.BadZipFile) else "внутренняя структура книги повреждена"
        return None, [problem("file.unreadable", reason=reason)]
    return wb, []


def read_meta(wb: Workbook) -> tuple[Meta | None, list[Problem]]:
    if layout.META_SHEET not in wb.sheetnames:
        return None, [problem("workbook.not_ours", sheet=layout.META_SHEET)]
    ws = wb[layout.META_SHEET]
    raw = {str(r[0]): r[1] for r in ws.iter_rows(min_col=1, max_col=2, values_only=True) if r[0] is not None}
    edition = str(raw.get("edition", ""))
    if edition not in known_editions():
        return None, [problem("workbook.edition", edition=edition, known=", ".join(known_editions()))]
    directions = tuple(d for d in str(raw.get("directions") or "").split(",") if d)
    body_type = raw.get("body_type")
    period = raw.get("period")
    if not directions or any(d not in DIRECTIONS for d in directions):
        return None, [problem("workbook.metadata", detail=f"неизвестные направления «{shown(raw.get('directions'))}»")]
    if body_type not in BODY_TYPES:
        return None, [problem("workbook.metadata", detail=f"неизвестный тип органа «{shown(body_type)}»")]
    if not isinstance(period, int) or isinstance(period, bool):
        return None, [problem("workbook.metadata", detail=f"отчетный период «{shown(period)}» не является годом")]
    return Meta(edition, directions, body_type, period, str(raw.get("toolkit_version", ""))), []


def _document(path: Path, wb: Workbook) -> tuple[Document | None, list[Problem]]:
    meta, problems = read_meta(wb)
    if meta is None:
        return None, problems
    catalog = load_catalog(meta.edition)
    cells: dict[str, RawCell] = {}
    names: dict[str, CellRef | None] = {}
    for did in meta.directions:
        direction = catalog.direction(did)
        sheet = layout.DIRECTION_SHEETS.get(did)
        if sheet is None or sheet not in wb.sheetnames:
            problems.append(problem("workbook.sheet_missing", sheet=sheet or did, direction=direction.title))
            continue
        expected = layout.input_cells(direction)
        for spec in direction.inputs:
            ref = name_target(wb, spec.key)
            names[spec.key] = ref
            want = CellRef(sheet, expected[spec.key])
            if ref is None:
                problems.append(problem("workbook.name_missing", want, spec.key, name=spec.key, label=spec.label))
            elif ref != want:
                problems.append(problem("workbook.name_moved", want, spec.key, name=spec.key, label=spec.label,
                                        target=str(ref), expected=str(want)))
            else:
                cells[spec.key] = RawCell(_value(wb[sheet][want.cell]), want)
    body = Body(_text(wb, "body.name"), meta.body_type, _text(wb, "body.code"))
    penalties, more = _penalties(wb)
    problems += more
    return Document(str(path), meta, body, cells, penalties, tuple(wb.sheetnames), names), problems


def name_target(wb: Workbook, key: str) -> CellRef | None:
    defined = wb.defined_names.get(key)
    if defined is None:
        return None
    try:
        destinations = list(defined.destinations)
    except Exception:  # a name pointing at #REF! or a formula has no destination
        return None
    if len(destinations) != 1 or destinations[0][0] not in wb.sheetnames:
        return None
    sheet, coord = destinations[0]
    return CellRef(sheet, coord.replace("$", ""))


def _value(cell: Any) -> Any:
    if cell.data_type == "e":
        return ExcelError(cell.value)
    return cell.value


def _text(wb: Workbook, key: str) -> str:
    ref = name_target(wb, key)
    if ref is None:
        return ""
    value = wb[ref.sheet][ref.cell].value
    return "" if value is None else str(value).strip()


def _penalties(wb: Workbook) -> tuple[tuple[PenaltyRow, ...], list[Problem]]:
    if layout.PENALTIES_SHEET not in wb.sheetnames:
        return (), [problem("workbook.sheet_missing", sheet=layout.PENALTIES_SHEET, direction="акт сверки")]
    ws = wb[layout.PENALTIES_SHEET]
    table = ws.tables.get(layout.PENALTIES_TABLE)
    ref = table.ref if table is not None else layout.penalties_range()
    rows = []
    for row in ws[ref][1:]:
        direction, kind, text = (_value(c) for c in row[1:4])
        if any(v not in (None, "") for v in (direction, kind, text)):
            rows.append(PenaltyRow(direction, kind, text, row[0].row, ws.title))
    return tuple(rows), []

