"""What `rank` reads: scored workbooks (our record part), score tables (.csv, .xlsx), our own summary and
rating workbooks (their hidden «_scores» sheet), and folders of these. Every file is hostile input: a bad
row is a problem naming file, row and column, never a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from toolkit.block.compute import weighted_sum
from toolkit.problems import Problem, problem
from toolkit.year.rating import BODY_TYPES, SCOPES, Entry

DATA_SHEET = "_scores"  # the long-form sheet our summary and rating workbooks carry for the next `rank`
COLUMNS = ("code", "body_type", "scope", "score")
OPTIONAL = ("name", "position", "period", "provisional")
TYPE_WORDS = {"cgo": "cgo", "цго": "cgo", "mio": "mio", "мио": "mio"}
SUFFIXES = (".csv", ".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class Scores:
    """Entries read from some files, the periods they name, and each file's problems."""

    entries: tuple[Entry, ...] = ()
    periods: frozenset[int] = frozenset()
    problems: tuple[tuple[str, Problem], ...] = ()
    origin: tuple[str, ...] = ()  # the file of each entry, for the duplicate message

    @property
    def period(self) -> int | None:
        return next(iter(self.periods)) if len(self.periods) == 1 else None


def read_paths(paths: Iterable[str | Path]) -> Scores:
    """Every file given, folders expanded (scored copies, tables; a body's unscored report is skipped
    silently there, and is a warning when named directly)."""
    entries: list[Entry] = []
    origin: list[str] = []
    periods: set[int] = set()
    problems: list[tuple[str, Problem]] = []
    for path, direct in _expand(paths):
        got, period, found = read_file(path, direct)
        entries += got
        origin += [str(path)] * len(got)
        periods |= {period} if period is not None else set()
        problems += [(str(path), p) for p in found]
    return Scores(tuple(entries), frozenset(periods), tuple(problems), tuple(origin))


def _expand(paths: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    out: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += [(p, False) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES
                    and not p.name.startswith("~$")]
        else:
            out.append((path, True))
    return out


def read_file(path: Path, direct: bool = True) -> tuple[list[Entry], int | None, list[Problem]]:
    """One file's entries and period: a CSV table, or a workbook — scored (our record), ours with a
    «_scores» sheet, or a plain table on its first sheet."""
    if not path.exists():
        return [], None, [problem("file.not_found", path=path)]
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            return [], None, [problem("rank.no_table", path=path, reason=f"файл не читается как текст UTF-8 ({exc})")]
        return _table(path, _csv_rows(text))
    from toolkit.workbook.opc import Package, PackageError
    from toolkit.workbook.record import RecordError, read_record

    try:
        with Package(path) as package:
            record = read_record(package)
            if record is not None and record.runs:
                return _scored(path, record.runs[-1].result)
            rows, ours = _workbook_rows(package)
    except RecordError as exc:
        return [], None, [problem("record.damaged", part=exc.part, reason=exc.reason)]
    except (PackageError, OSError) as exc:
        reason = exc.reason if isinstance(exc, PackageError) else str(exc)
        return [], None, [problem("file.unreadable", reason=reason)]
    if rows is None and ours:  # a body's report of ours, not scored yet
        return [], None, [problem("rank.not_scored", path=path)] if direct else []
    if rows is None and not direct:  # some other workbook in the folder
        return [], None, []
    return _table(path, rows or [])


def _scored(path: Path, result: dict[str, Any]) -> tuple[list[Entry], int | None, list[Problem]]:
    """The directions (and block) of the newest run in a scored copy's record."""
    try:
        body = result["body"]
        code, name, body_type = str(body["code"] or body["name"]), str(body["name"]), str(body["type"])
        entries = [Entry(code, body_type, d, float(s["score"]), name, provisional=bool(s.get("provisional")))
                   for d, s in result["directions"].items()]
        block = result.get("block")
        if block:
            entries.append(Entry(code, body_type, "block", float(block["score"]), name,
                                 provisional=bool(block.get("provisional"))))
        return entries, int(result["period"]), []
    except (KeyError, TypeError, ValueError, AttributeError):
        return [], None, [problem("record.damaged", part="xlscore/journal.json", reason="в результате оценки нет баллов")]


def _csv_rows(text: str) -> list[list[Any]]:
    """Rows of a CSV as Excel writes it in either locale (comma, or semicolon where the comma is decimal)."""
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _workbook_rows(package: Any) -> tuple[list[list[Any]] | None, bool]:
    """The rows of our «_scores» sheet, else of the first sheet when it has a score table's header; and
    whether the workbook is a report of ours (its metadata sheet), which then simply is not scored yet."""
    from toolkit.workbook.layout import META_SHEET
    from toolkit.workbook.xlsx import Xlsx

    book = Xlsx(package)
    ours = book.sheet(META_SHEET) is not None
    sheet = book.sheet(DATA_SHEET) or (book.sheets[0] if book.sheets and not ours else None)
    if sheet is None:
        return None, ours
    values = book.cells(sheet.name).values
    if not values:
        return None, ours
    last_row, last_col = max(r for r, _ in values), max(c for _, c in values)
    rows = [[values.get((r, c)) for c in range(1, last_col + 1)] for r in range(1, last_row + 1)]
    return (rows if _header_at(rows) is not None else None), ours


def _header_at(rows: list[list[Any]]) -> int | None:
    for i, row in enumerate(rows[:10]):
        names = {str(v).strip().lower() for v in row if v is not None}
        if set(COLUMNS) <= names:
            return i
    return None


def _table(path: Path, rows: list[list[Any]]) -> tuple[list[Entry], int | None, list[Problem]]:
    at = _header_at(rows)
    if at is None:
        return [], None, [problem("rank.no_table", path=path, reason="нет строки заголовков со столбцами "
                                                                     + ", ".join(COLUMNS))]
    header = [str(v).strip().lower() if v is not None else "" for v in rows[at]]
    index = {name: header.index(name) for name in COLUMNS + OPTIONAL if name in header}
    entries, problems, periods = [], [], set()
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        cells = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        entry, period, wrong = _entry(cells)
        if wrong:
            problems += [problem("rank.bad_value", path=path, row=number, column=col, reason=why) for col, why in wrong]
        else:
            entries.append(entry)
            periods |= {period} if period is not None else set()
    if len(periods) > 1:
        problems.append(problem("rank.periods", periods=", ".join(map(str, sorted(periods)))))
    return entries, next(iter(periods)) if len(periods) == 1 else None, problems


def _entry(cells: dict[str, Any]) -> tuple[Any, int | None, list[tuple[str, str]]]:
    """One row checked: every wrong cell named, or the entry."""
    wrong = []
    code = str(cells.get("code") or "").strip()
    if not code:
        wrong.append(("code", "нет кода органа"))
    body_type = TYPE_WORDS.get(str(cells.get("body_type") or "").strip().lower())
    if body_type is None:
        wrong.append(("body_type", f"«{cells.get('body_type') or ''}» — ожидается {' или '.join(BODY_TYPES)}"))
    scope = str(cells.get("scope") or "").strip().lower()
    if scope not in SCOPES:
        wrong.append(("scope", f"«{cells.get('scope') or ''}» — ожидается одно из: {', '.join(SCOPES)}"))
    score = _number(cells.get("score"))
    if score is None or not 0 <= score <= 100:
        wrong.append(("score", f"«{cells.get('score') if cells.get('score') is not None else ''}» — ожидается число от 0 до 100"))
    position = _number(cells.get("position")) if cells.get("position") not in (None, "") else None
    if cells.get("position") not in (None, "") and (position is None or position < 1 or position != int(position)):
        wrong.append(("position", f"«{cells.get('position')}» — ожидается целое число от 1"))
    period = _number(cells.get("period")) if cells.get("period") not in (None, "") else None
    if cells.get("period") not in (None, "") and (period is None or period != int(period) or not 2000 <= period <= 2100):
        wrong.append(("period", f"«{cells.get('period')}» — ожидается год от 2000 до 2100"))
    if wrong:
        return None, None, wrong
    provisional = str(cells.get("provisional") or "").strip().lower() in ("1", "true", "да", "yes")
    return (Entry(code, body_type, scope, float(score), str(cells.get("name") or "").strip(),  # type: ignore[arg-type]
                  int(position) if position is not None else None, provisional),
            int(period) if period is not None else None, [])


def _number(value: Any) -> float | None:
    """A number as a cell or CSV holds it; text with a decimal comma («74,6») too. Never NaN or inf."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except ValueError:
            return None
    return number if number == number and abs(number) != float("inf") else None


def with_blocks(entries: list[Entry], weights: dict[str, dict[str, float]]) -> list[Entry]:
    """A block entry for every body whose three directions came in separate workbooks (п.107): the
    weighted sum computed exactly; provisional when any direction is."""
    have = {(e.code, e.body_type) for e in entries if e.scope == "block"}
    by_body: dict[tuple[str, str], dict[str, Entry]] = {}
    for e in entries:
        if e.scope != "block":
            by_body.setdefault((e.code, e.body_type), {})[e.scope] = e
    out = list(entries)
    for (code, body_type), directions in by_body.items():
        wanted = weights.get(body_type, {})
        total = weighted_sum({d: Fraction(e.score) for d, e in directions.items()}, wanted) if wanted else None
        if (code, body_type) in have or total is None:
            continue
        name = next(e.name for e in directions.values())
        out.append(Entry(code, body_type, "block", float(total), name,
                         provisional=any(directions[d].provisional for d in wanted)))
    return out
