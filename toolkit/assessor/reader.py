"""Reads and checks a filled assessor workbook: every problem names its sheet and cell.

A row with no value is a body not assessed this year and is skipped; a row with some values must have
all the required ones (a half-entered monitoring would score as zeros). Codes must be the registry's,
each once. Values are checked by their catalog type with the same checks as a body's inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.workbook.cells import get_column_letter, range_boundaries

from toolkit.assessor.book import FIXED_COLUMNS, HEADER_ROW, KIND, SHEET, AssessorBook, AssessorRow, assessor_inputs, table_name
from toolkit.bodies import find_body
from toolkit.catalog import DIRECTIONS, known_editions, load_catalog
from toolkit.catalog.model import InputSpec
from toolkit.engine.inputs import RawCell
from toolkit.problems import CellRef, Problem, problem, shown
from toolkit.engine.validation import check_scalar  # a body's input checks, the same for the assessor's cells
from toolkit.workbook import layout
from toolkit.workbook.opc import PackageError
from toolkit.workbook.reader import is_period, metadata, metadata_kind, open_workbook, outside_problems
from toolkit.workbook.structure import blank
from toolkit.workbook.xlsx import Xlsx


def is_assessor_workbook(path: Path) -> bool:
    """Whether the file's metadata says it is an assessor workbook; reads nothing else."""
    return metadata_kind(Path(path)) == KIND


def read_assessor(path: str | Path) -> tuple[AssessorBook | None, list[Problem]]:
    wb, problems = open_workbook(Path(path))
    if wb is None:
        return None, problems
    try:
        return _read(str(path), wb)
    except PackageError as exc:
        return None, [problem("file.unreadable", reason=exc.reason)]
    finally:
        wb.package.close()


def _read(path: str, wb: Xlsx) -> tuple[AssessorBook | None, list[Problem]]:
    raw = metadata(wb)
    edition, direction, period = raw.get("edition"), raw.get("directions"), raw.get("period")
    if raw.get("kind") != KIND or edition not in known_editions() or direction not in DIRECTIONS:
        return None, [problem("workbook.metadata", detail=f"книга оценщика: редакция «{shown(edition)}», "
                                                          f"направление «{shown(direction)}»")]
    if not is_period(period):
        return None, [problem("workbook.metadata", detail=f"отчетный период «{shown(period)}» не является годом")]
    specs = assessor_inputs(load_catalog(str(edition)).direction(str(direction)))
    name = table_name(str(direction))
    ref = wb.tables(SHEET).get(name) if wb.sheet(SHEET) is not None else None
    if ref is None:
        return None, [problem("workbook.table_missing", CellRef(SHEET, f"A{HEADER_ROW}"), None, table=name,
                              title="Данные уполномоченного органа")]
    c1, r1, _, r2 = range_boundaries(ref)
    found = wb.cells(SHEET)
    labels = [label for _, label in FIXED_COLUMNS] + [spec.label for spec in specs]
    problems = [problem("workbook.table_columns", CellRef(SHEET, f"{get_column_letter(col)}{HEADER_ROW}"), None,
                        title="Данные уполномоченного органа", found=shown(found.values.get((HEADER_ROW, col))),
                        expected=label)
                for col, label in enumerate(labels, start=1)
                if str(found.values.get((HEADER_ROW, col)) or "").strip() != label]
    if c1 != 1 or r1 != HEADER_ROW:
        problems.append(problem("workbook.table_moved", CellRef(SHEET, f"A{HEADER_ROW}"), None, table=name,
                                title="Данные уполномоченного органа", ref=ref, expected=f"A{HEADER_ROW}"))
    if problems:
        return None, problems
    width = len(labels)
    def inside(row: int, col: int) -> bool:
        return row <= HEADER_ROW or (row <= (r2 or 0) and col <= width)

    problems += outside_problems(SHEET, found.values, inside, "Данные уполномоченного органа")  # a row typed under it
    rows: dict[str, AssessorRow] = {}
    for row in range(HEADER_ROW + 1, (r2 or HEADER_ROW) + 1):
        entry, more = _row(found.values, row, specs)
        problems += more
        if entry is None:
            continue
        if entry.code.casefold() in rows:
            problems.append(problem("assessor.duplicate", CellRef(SHEET, f"A{row}"), None, body=entry.code,
                                    other=rows[entry.code.casefold()].row))
            continue
        rows[entry.code.casefold()] = entry
    book = AssessorBook(path, str(edition), str(direction), period, rows)
    return book, problems


def _row(values: dict[tuple[int, int], Any], row: int, specs: tuple[InputSpec, ...]) -> tuple[AssessorRow | None, list[Problem]]:
    columns = list(enumerate(specs, start=len(FIXED_COLUMNS) + 1))
    if all(blank(values.get((row, col))) for col, _ in columns):
        return None, []  # a body not assessed this year
    code_text = str(values.get((row, 1)) or "").strip()
    registered = find_body(code_text) if code_text else None
    if registered is None:
        return None, [problem("assessor.unknown_body", CellRef(SHEET, f"A{row}"), None, body=shown(code_text))]
    checked: dict[str, Any] = {}
    problems: list[Problem] = []
    for col, spec in columns:
        if registered.type not in spec.body_types:  # a peer average of an indicator its type lacks
            continue
        value, found = check_scalar(spec, RawCell(values.get((row, col)), CellRef(SHEET, f"{get_column_letter(col)}{row}")))
        problems += found
        if value is not None:
            checked[spec.key] = value
    return AssessorRow(registered.code, checked, row), problems


def read_books(paths: list[Path]) -> tuple[tuple[AssessorBook, ...], dict[str, list[Problem]],
                                           dict[tuple[str, str, int], str]]:
    """Every assessor workbook given: the valid books, each book's problems by path, and
    (edition, direction, period) → the path of a book with errors (its reports are then not scored)."""
    books: dict[tuple[str, str, int], AssessorBook] = {}
    problems: dict[str, list[Problem]] = {}
    invalid: dict[tuple[str, str, int], str] = {}
    for path in paths:
        book, found = read_assessor(path)
        problems[str(path)] = found
        if book is None:
            continue
        key = (book.edition, book.direction, book.period)
        if key in books:
            found.append(problem("assessor.twice", direction=book.direction, period=book.period,
                                 first=books[key].path, second=book.path))
        if any(p.is_error for p in found):
            invalid.setdefault(key, book.path)
        books.setdefault(key, book)
    return tuple(b for k, b in books.items() if k not in invalid), problems, invalid
