"""What a scored package holds of its scorings: our record, our sheets, and notes typed into «Журнал».

Scoring again carries all of it forward: from the file being scored when it is a scored copy, and
from the output it replaces (`existing_history`), which must then be a scored copy of ours. «Журнал»
is rendered from the record, so what an assessor typed there is carried by run: cells right of our
columns stay on the row of their run (found by the run's digest in our last column); a row that belongs to
no run is kept as read, below the runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.sheets.model import JOURNAL_COLUMNS
from toolkit.workbook.opc import Package, PackageError
from toolkit.workbook.record import LegacyCopy, Record, RecordError, Run, read_record
from toolkit.workbook.xlsx import Sheet, Xlsx

# «Журнал» of the previous version, whose column I held each run's JSON
LEGACY_SHEET = "Журнал"
LEGACY_COLUMNS = ("№", "Время (UTC)", "Пользователь", "Версия xlscore", "Редакция методики", "SHA-256 входного файла",
                  "Результат", "Балл по блоку", "Результат (JSON)")
_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Journal:
    """What «Журнал» shows: the runs, and what an assessor typed beside them."""

    runs: tuple[Run, ...] = ()
    header: Row = ()  # header cells right of our columns
    notes: dict[str, Row] = field(default_factory=dict)  # run digest → cells right of our columns
    loose: tuple[Row, ...] = ()  # rows that belong to no run, as read
    named: frozenset[str] = frozenset()  # the run digests our «Журнал» names in column I


@dataclass(frozen=True, slots=True)
class History:
    record: Record | None = None
    sheets: dict[str, Sheet] = field(default_factory=dict)  # role → our sheet in this workbook
    journal: Journal = field(default_factory=Journal)


class NotOurs(Exception):
    """An existing output that is not a scored copy of ours; `reason` is Russian."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_history(wb: Xlsx) -> History:
    """Raises RecordError for a record we cannot use, LegacyCopy for a copy of the previous version."""
    record = read_record(wb.package)
    if record is None:
        legacy = wb.sheet(LEGACY_SHEET)
        if legacy is not None and _header(wb, legacy) == LEGACY_COLUMNS:
            raise LegacyCopy("книга оценена прежней версией xlscore", LEGACY_SHEET)
        return History()
    by_part = {(s.part.lower(), s.name): s for s in wb.sheets}
    sheets = {role: by_part[key] for role, ours in record.sheets.items() if (key := (ours.part.lower(), ours.name)) in by_part}
    journal = sheets.get("journal")
    if journal is None:
        return History(record, sheets, Journal(record.runs))
    return History(record, sheets, Journal(record.runs, *_journal_cells(wb, journal, {r.digest for r in record.runs})))


def _header(wb: Xlsx, sheet: Sheet) -> Row:
    values = wb.cells(sheet.name, rows={1}, cols=range(1, len(LEGACY_COLUMNS) + 1)).values
    return tuple(values.get((1, c)) for c in range(1, len(LEGACY_COLUMNS) + 1))


def _journal_cells(wb: Xlsx, sheet: Sheet, digests: set[str]) -> tuple[Row, dict[str, Row], tuple[Row, ...], frozenset[str]]:
    values = wb.cells(sheet.name).values
    ours = len(JOURNAL_COLUMNS)
    width = max([ours, *(c for _, c in values)])
    header = _trimmed(tuple(values.get((1, c)) for c in range(ours + 1, width + 1)))
    notes: dict[str, Row] = {}
    loose: list[Row] = []
    named: set[str] = set()
    for r in sorted({r for r, _ in values if r > 1}):
        reference = values.get((r, ours))
        found = _DIGEST.search(reference) if isinstance(reference, str) else None
        named |= {found.group(0)} if found else set()
        if found and found.group(0) in digests:
            notes[found.group(0)] = _trimmed(tuple(values.get((r, c)) for c in range(ours + 1, width + 1)))
        else:
            loose.append(_trimmed(tuple(values.get((r, c)) for c in range(1, width + 1))))
    return header, notes, tuple(loose), frozenset(named)


def _trimmed(row: Row) -> Row:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def existing_history(path: Path) -> History:
    """The history of an output about to be replaced; NotOurs unless it is a scored copy of ours."""
    if path.is_dir():
        raise NotOurs("это папка")
    try:
        with Package(path) as package:
            history = read_history(Xlsx(package))
    except LegacyCopy:
        raise NotOurs("книга оценена прежней версией xlscore") from None
    except RecordError as exc:
        raise NotOurs(f"запись xlscore в ней повреждена: {exc.reason}") from None
    except PackageError as exc:
        raise NotOurs(f"это не книга Excel: {exc.reason}") from None
    except OSError as exc:
        raise NotOurs(exc.strerror or str(exc)) from None
    if history.record is None:
        raise NotOurs("в ней нет записи xlscore об оценке; если это оцененная копия, ее пересохранила другая программа "
                      "(Excel, LibreOffice), и запись утрачена")
    return history


def merged(older: Journal | None, current: Journal) -> Journal:
    """`current` with the runs of `older` it does not hold put first (the history of an earlier copy
    being replaced), and the notes and loose rows of both."""
    if older is None:
        return current
    known = {r.digest for r in current.runs}
    runs = (*(r for r in older.runs if r.digest not in known), *current.runs)
    return Journal(runs, current.header or older.header, {**older.notes, **current.notes}, (*older.loose, *current.loose),
                   older.named | current.named)


def other_report(journal: Journal, result: dict[str, Any]) -> str | None:
    """What the newest run of an existing copy scored, when it is another body's report or another
    period's (its history must not become this report's), else None. Bodies compare by code, or by
    name when a code is missing."""
    last = journal.runs[-1].result if journal.runs else {}
    body, new_body = last.get("body"), result.get("body") or {}
    if not isinstance(body, dict):
        return "неизвестный отчет"
    key = "code" if body.get("code") and new_body.get("code") else "name"
    if body.get(key) != new_body.get(key) or last.get("period") != result.get("period"):
        return f"{body.get('code') or body.get('name') or 'орган не указан'}, период {last.get('period')}"
    return None
