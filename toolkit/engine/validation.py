"""Checks a `Document` against the catalog and turns it into `Inputs`, collecting every problem.

Each check is a small function yielding problems; the result knows it is valid only when no error
remains, and `Inputs` are produced only then, so nothing downstream can score a broken report.
"""

from __future__ import annotations

import math
import re

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from datetime import date, datetime
from fractions import Fraction
from itertools import repeat
from typing import Any

from toolkit.catalog.model import Catalog, Check, Column, Direction, InputSpec, ListSpec
from toolkit.integrity.identity import exceptions as body_exceptions, identity_problems
from toolkit.engine.inputs import Document, Inputs, ListData, ListRow, PenaltyFact, RawCell
from toolkit.engine.measures import row_functions
from toolkit.numbers import number_text, whole
from toolkit.problems import CellRef, Problem, problem, shown
from toolkit.workbook.structure import blank
from toolkit.workbook.xlsx import ExcelError

YES, NO = "Да", "Нет"
_YES, _NO = YES.casefold(), NO.casefold()
URL_PREFIXES = ("https://", "http://")
_URL = re.compile(r"https?://\S*", re.IGNORECASE)  # one of URL_PREFIXES, then no whitespace at all
RANGES = {"fraction": (0, 1), "percent": (0, 100)}
COLUMN_RANGES = {"percent": (0, 100), "rating": (0, 5)}  # list columns of numbers; others from 0 up

PROBLEM_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Validation:
    """What validation gives: the problems, and the inputs when there are no errors."""

    problems: tuple[Problem, ...]
    inputs: Inputs | None

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)


def validate(doc: Document, catalog: Catalog, structural: list[Problem] | None = None,
             limit: int = PROBLEM_LIMIT) -> Validation:
    problems = list(structural or []) + identity_problems(doc, catalog.body_types)
    exceptions = body_exceptions(doc)
    values: dict[str, Any] = {}
    lists: dict[str, ListData] = {}
    for did in doc.meta.directions:
        direction = catalog.direction(did)
        for spec in direction.inputs_for(doc.meta.body_type):
            raw = doc.cells.get(spec.key)
            if raw is None:
                continue  # the reader already reported the missing or moved name
            value, found = check_scalar(spec, raw)
            problems += found
            if value is not None:
                values[spec.key] = value
        problems += list(_cross_checks(direction, doc, values))
        for spec in direction.lists_for(doc.meta.body_type):
            data = doc.lists.get(spec.key)
            if data is not None:
                typed, found = _list(spec, data, direction, doc.meta.period, doc.meta.body_type, exceptions)
                problems += found
                lists[spec.key] = typed
    facts = []
    for fact_or_problem in _penalty_facts(doc, catalog):
        (problems if isinstance(fact_or_problem, Problem) else facts).append(fact_or_problem)
    appeals = []
    if doc.appeals:
        from toolkit.year.appeals import check_appeals, corrected_checks

        for appeal_or_problem in check_appeals(doc, catalog):
            (problems if isinstance(appeal_or_problem, Problem) else appeals).append(appeal_or_problem)
        problems += corrected_checks(doc, catalog, values, appeals)
    if len(problems) > limit:
        problems = problems[:limit] + [problem("problems.capped", limit=limit)]
    valid = not any(p.is_error for p in problems)
    inputs = None
    if valid:
        cells = {k: raw.where for k, raw in doc.cells.items()}
        inputs = Inputs(doc.meta, doc.body, values, cells, tuple(facts), lists, exceptions, appeals=tuple(appeals))
    return Validation(tuple(problems), inputs)


def check_scalar(spec: InputSpec, raw: RawCell) -> tuple[Any, list[Problem]]:
    """One scalar input checked by its catalog type: the value, or the problems naming its cell."""
    if spec.type == "count":
        return _whole_number(spec, raw)
    v, where = raw.value, raw.where
    args = {"where": where, "key": spec.key, "label": spec.label}
    empty = v is None or (isinstance(v, str) and not v.strip())
    if isinstance(v, ExcelError):
        return None, [problem("input.error_value", value=str(v), **args)]
    if spec.type == "yesno":
        if empty:
            return None, [problem("input.missing_choice", **args)]
        answer = _yes_no(v)
        return (answer, []) if answer is not None else (None, [problem("input.not_yesno", value=str(v), **args)])
    if empty:
        if spec.optional:
            return None, []
        code = "input.assessor_missing" if spec.owner == "assessor" else "input.missing"
        return None, [problem(code, **args)]
    if isinstance(v, str) and _looks_numeric(v):
        return None, [problem("input.number_as_text", value=v, **args)]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None, [problem("input.not_number", value=str(v), **args)]
    low, high = RANGES.get(spec.type, (0, None))
    if v < low or (high is not None and v > high):
        return None, [problem("input.out_of_range", value=number_text(v), low=number_text(low),
                              high=number_text(high) if high is not None else "∞", **args)]
    return v, []


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    return True if text == _YES else False if text == _NO else None


def _list(spec: ListSpec, data: ListData, direction: Direction, period: int,
          body_type: str, exceptions: tuple[str, ...] = ()) -> tuple[ListData, list[Problem]]:
    """Type every cell of a list and check it; a row with a wrong cell is still kept for other checks."""
    problems: list[Problem] = []
    typed_rows = []
    seen: dict[tuple[Any, ...], int] = {}
    functions = row_functions(period)
    header_row = int("".join(ch for ch in data.ref.split(":")[0] if ch.isdigit()))
    first_data = data.cell(header_row + 1, spec.columns[0].field)
    if not data.rows and spec.empty == "error":
        problems.append(problem("list.empty", first_data, spec.key, title=spec.title,
                                why="обязательный раздел отчета"))
    elif not data.rows and spec.empty == "warning":
        problems.append(problem("list.empty_allowed", first_data, spec.key, title=spec.title, why=spec.empty_why))
    problems += _required_rows(spec, data, first_data, body_type, exceptions)
    checked = [c for c in spec.columns if c.required_when is not None or c.not_before or c.requires]
    unique = spec.unique
    plan = [(column.field, _quick(column, direction, period), column) for column in spec.columns]
    fields = [field for field, _, _ in plan]
    # Every cell typed by its column's quick path first, a column at a time (map calls it without a
    # Python loop around it); then row by row, in the order problems are reported, `_cell` decides the
    # cells the quick path left, and the row is checked.
    cells = [row.values for row in data.rows]
    columns = [list(map(quick, map(dict.get, cells, repeat(field)))) for field, quick, _ in plan]
    for row, quick_values in zip(data.rows, zip(*columns)):  # runs for every row of lists of 100 000 rows
        if _SLOW in quick_values:  # only _SLOW is ever equal to _SLOW (quick gives str, date, bool or it)
            slow = list(quick_values)
            for i, (field, quick, column) in enumerate(plan):
                if slow[i] is _SLOW:
                    slow[i], found = _cell(spec, column, row, data, direction, period, body_type)
                    if found:
                        problems += found
            quick_values = tuple(slow)
        values: dict[str, Any] = dict(zip(fields, quick_values))
        if checked:
            problems += _row_checks(spec, checked, row, values, data, period, functions)
        if not unique:
            typed_rows.append(ListRow(row.row, values))
            continue
        parts = []  # a loop, not a comprehension: Python 3.11 makes a function object for each of those
        for f in unique:
            part = values.get(f)
            parts.append(part.strip().casefold() if isinstance(part, str) else part)
        key = tuple(parts)
        if key.count(None) + key.count("") < len(key):  # some part of the key is filled
            if key in seen:
                problems.append(problem("list.duplicate", data.cell(row.row, spec.columns[0].field), spec.key,
                                        title=spec.title, other=seen[key],
                                        fields=", ".join(f"«{spec.column(f).label}»" for f in spec.unique)))
            else:
                seen[key] = row.row
        typed_rows.append(ListRow(row.row, values))
    return ListData(data.key, data.sheet, data.ref, data.columns, tuple(typed_rows)), problems


_SLOW = object()  # what _quick gives for a cell it leaves to _cell


def _quick(column: Column, direction: Direction, period: int) -> Callable[[Any], Any]:
    """For one column, what gives a right cell's typed value as `_cell` gives it, or _SLOW for `_cell`
    to decide (a wrong or unusual cell, or a column kind without a quick path).

    The cells of long lists are mostly right: those are typed here, by one call of one argument,
    without an address or a message; tests check that both agree wherever this one answers."""
    kind = column.type
    if kind == "text":
        def quick(v: Any) -> Any:
            if v.__class__ is str:
                text = v.strip()
                if text:
                    return text
            return _SLOW
    elif kind == "url":
        def quick(v: Any) -> Any:
            if v.__class__ is str:
                text = v.strip()
                if len(text) >= 11 and _URL.fullmatch(text):
                    return text
            return _SLOW
    elif kind == "date":
        window: list[tuple[date, date]] = []  # the column's window, made at the first date (see _window)

        def quick(v: Any) -> Any:
            if isinstance(v, date):
                day = v.date() if isinstance(v, datetime) else v
                if not column.window:
                    return day
                if not window:
                    window.append(_window(direction, column.window, period))
                start, end = window[0]
                if start <= day <= end:
                    return day
            return _SLOW
    elif kind == "yesno":
        def quick(v: Any) -> Any:
            if v.__class__ is bool:
                return v
            if isinstance(v, (bool, str)):  # a str of any class, as _cell takes it (ExcelError too)
                text = str(v).strip().casefold()
                if text == _YES:
                    return True
                if text == _NO:
                    return False
            return _SLOW
    else:
        def quick(v: Any) -> Any:
            return _SLOW
    return quick


def _required_rows(spec: ListSpec, data: ListData, first_data: CellRef, body_type: str,
                   exceptions: tuple[str, ...]) -> list[Problem]:
    """Items every report lists (the statements, the citizens' budget): leaving one out is an error,
    never a smaller denominator."""
    required = spec.required_for(body_type, exceptions)
    if not required:
        return []
    column = spec.column(spec.required_field)
    listed = {str(row.values.get(spec.required_field) or "").strip().casefold() for row in data.rows}
    return [problem("list.required_missing", first_data, spec.key, title=spec.title, item=choice.label,
                    column=column.label)
            for choice in required if not {choice.label.casefold(), str(choice.code).casefold()} & listed]


def _cell(spec: ListSpec, column: Column, row: ListRow, data: ListData, direction: Direction, period: int,
          body_type: str) -> tuple[Any, list[Problem]]:
    v = row.values.get(column.field)
    if column.type == "yesno" and isinstance(v, ExcelError) and (answer := _yes_no(v)) is not None:
        return answer, []  # as ever: an error value whose text is «Да» or «Нет» reads as that answer
    where = data.cell(row.row, column.field)
    args = {"title": spec.title, "column": column.label}
    if isinstance(v, ExcelError):
        return None, [problem("list.error_value", where, spec.key, value=str(v), **args)]
    if v is None or (isinstance(v, str) and not v.strip()):
        if column.required:
            return None, [problem("list.missing", where, spec.key, row=row.row, **args)]
        return None, []
    if column.type == "text":
        return str(v).strip() if not isinstance(v, (datetime, date)) else v.strftime("%d.%m.%Y"), []
    if column.type == "date":
        return _date_cell(spec, column, v, where, direction, period)
    if column.type == "yesno":
        answer = _yes_no(v)
        if answer is None:
            return None, [problem("list.not_yesno", where, spec.key, value=str(v), **args)]
        return answer, []
    if column.type == "url":
        text = str(v).strip()
        if len(text) < 11 or not _URL.fullmatch(text):
            return None, [problem("list.not_url", where, spec.key, value=text, **args)]
        return text, []
    if column.type == "choice":
        text = str(v).strip()
        for choice in column.choices_for(body_type):
            if text.casefold() in (choice.label.casefold(), str(choice.code).casefold()):
                return choice.code, []
        return None, [problem("list.choice", where, spec.key, value=text,
                              allowed="; ".join(f"«{c.label}»" for c in column.choices_for(body_type)), **args)]
    low, high = COLUMN_RANGES.get(column.type, (0, None))
    number = v if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None
    if number is not None and column.type == "count":
        number = whole(number)  # 400.000000000001 from a formula is 400
    if number is None or number < low or (high is not None and number > high):
        return None, [problem("list.not_number", where, spec.key, value=str(v), low=low,
                              high=high if high is not None else "∞", **args)]
    return (number if column.type == "count" else Fraction(str(v))), []


_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")  # the format the template asks for
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date_cell(spec: ListSpec, column: Column, v: Any, where: CellRef, direction: Direction,
               period: int) -> tuple[date | None, list[Problem]]:
    """A date; a date typed as text in our format (ДД.ММ.ГГГГ, or ISO) is read as that date with a
    warning, since the clerk did what the sheet asked and only the cell's type is wrong."""
    args = {"title": spec.title, "column": column.label}
    found: list[Problem] = []
    if isinstance(v, datetime):
        v = v.date()
    day = _text_date(v) if isinstance(v, str) else None
    if day is not None:
        try:
            parsed = date(day[2], day[1], day[0])
        except ValueError:
            return None, [problem("list.no_such_date", where, spec.key, value=v.strip(), **args)]
        found.append(problem("list.date_as_text", where, spec.key, value=v.strip(), date=_d(parsed), **args))
        v = parsed
    if not isinstance(v, date):
        return None, [problem("list.not_date", where, spec.key, value=str(v), found=_what(v), **args)]
    if column.window:
        start, end = direction.date_windows[column.window].dates(period)
        if not start <= v <= end:
            return None, found + [problem("list.date_outside", where, spec.key, value=_d(v), start=_d(start), end=_d(end),
                                          window=direction.date_windows[column.window].label, **args)]
    return v, found


def _window(direction: Direction, window: str, period: int) -> tuple[date, date]:
    """A date window's first and last day for the period, made once per (direction, window, period)."""
    key = (direction.id, window, period)
    found = _WINDOWS.get(key)
    if found is None or found[0] is not direction:
        found = _WINDOWS[key] = (direction, direction.date_windows[window].dates(period))
    return found[1]


_WINDOWS: dict[tuple[str, str, int], tuple[Direction, tuple[date, date]]] = {}


def _text_date(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a text shaped as a date (the day may not exist), or None."""
    cleaned = text.replace("\u00a0", " ").strip()
    m = _DMY.fullmatch(cleaned)
    if m is not None:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _ISO.fullmatch(cleaned)
    return (int(m.group(3)), int(m.group(2)), int(m.group(1))) if m is not None else None


def _what(value: Any) -> str:
    """What a cell that should hold a date really holds, in a clerk's words."""
    if isinstance(value, bool):
        return f"логическое значение «{'ИСТИНА' if value else 'ЛОЖЬ'}»"
    if isinstance(value, (int, float)):
        shown_number = str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
        return f"число {shown_number}"  # as Excel shows it in a General cell: 44635, not «44 635»
    return f"текст «{value}»"


def _row_checks(spec: ListSpec, columns: list[Column], row: ListRow, values: dict[str, Any], data: ListData,
                period: int, functions: dict[str, Any]) -> list[Problem]:
    """The checks of a row across its cells (`columns`: those with a condition, a date order or a
    dependency)."""
    problems = []
    for column in columns:
        value = values.get(column.field)
        if (column.required_when is not None and not column.required and value in (None, "")
                and blank(row.values.get(column.field))
                and column.required_when.holds({**values, "period": period}, functions)):
            problems.append(problem("list.missing", data.cell(row.row, column.field), spec.key, title=spec.title,
                                    row=row.row, column=column.label))
        if column.not_before and isinstance(value, date):
            other = values.get(column.not_before)
            if isinstance(other, date) and value < other:
                problems.append(problem("list.date_before", data.cell(row.row, column.field), spec.key, title=spec.title,
                                        column=column.label, value=_d(value), other=spec.column(column.not_before).label,
                                        other_value=_d(other)))
        # the other cell must be blank as typed: one holding a wrong date already has its own error
        if column.requires and value is True and values.get(column.requires) in (None, "") \
                and blank(row.values.get(column.requires)):
            problems.append(problem("list.requires", data.cell(row.row, column.field), spec.key, title=spec.title,
                                    column=column.label, other=spec.column(column.requires).label))
    return problems


def _d(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _whole_number(spec: InputSpec, raw: RawCell) -> tuple[int | None, list[Problem]]:
    v, where = raw.value, raw.where
    args = {"where": where, "key": spec.key, "label": spec.label}
    if isinstance(v, ExcelError):
        return None, [problem("input.error_value", value=str(v), **args)]
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, [problem("input.missing", **args)]
    if isinstance(v, str) and _looks_numeric(v):
        return None, [problem("input.number_as_text", value=v, **args)]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None, [problem("input.not_number", value=str(v), **args)]
    if v != v or v in (float("inf"), float("-inf")):
        return None, [problem("input.not_number", value=str(v), **args)]
    number = whole(v)  # formula noise (400.000000000001) is the whole number Excel shows
    if (v if number is None else number) < 0:
        return None, [problem("input.negative", value=number_text(v), **args)]
    if number is None:
        return None, [problem("input.not_integer", value=number_text(v), **args)]
    return number, []


def _looks_numeric(text: str) -> bool:
    """«1 234», «12», «1234,5»: a number a clerk meant, stored as text."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return False
    return bool(cleaned) and math.isfinite(number)  # «nan», «inf» are words, not numbers


def broken_checks(direction: Direction, values: Mapping[str, Any]) -> Iterator[tuple[Check, float, float]]:
    """Each cross-input check (sum(left) ≤ sum(right)) the values break, with its two sums; a check with a
    value missing is not judged (the missing value has its own problem)."""
    for check in direction.checks:
        keys = [direction.input_by_symbol(s).key for s in (*check.left, *check.right)]
        if not all(k in values for k in keys):
            continue
        left = sum(values[direction.input_by_symbol(s).key] for s in check.left)
        right = sum(values[direction.input_by_symbol(s).key] for s in check.right)
        if left > right:
            yield check, left, right


def _cross_checks(direction: Direction, doc: Document, values: dict[str, int]) -> Iterator[Problem]:
    for check, left, right in broken_checks(direction, values):
        first = direction.input_by_symbol(check.left[0])
        label = " + ".join(direction.input_by_symbol(s).label for s in check.left)
        right_text = " + ".join(f"«{direction.input_by_symbol(s).label}» ({doc.cells[direction.input_by_symbol(s).key].where.cell})"
                                for s in check.right)
        code = "input.exceeds" if check.severity == "error" else "input.exceeds_warning"
        yield problem(code, doc.cells[first.key].where, first.key, label=label, left_value=number_text(left),
                      right_text=right_text, right_value=number_text(right))


class _RowRefs:
    """Cell references of one «Акт сверки» row, made only when a problem or fact needs them."""

    __slots__ = ("sheet", "row")

    def __init__(self, sheet: str, row: int):
        self.sheet, self.row = sheet, row

    def __getitem__(self, column: str) -> CellRef:
        return CellRef(self.sheet, f"{column}{self.row}")


def _penalty_facts(doc: Document, catalog: Catalog) -> Iterator[PenaltyFact | Problem]:
    for row in doc.penalties:
        at = _RowRefs(row.sheet, row.row)
        direction = catalog.direction_id(str(row.direction or "").strip())
        kind = catalog.penalty_kind_id(str(row.kind or "").strip())
        text = str(row.text or "").strip()
        ok = True
        if direction is None:
            ok = False
            yield problem("penalty.direction_missing" if blank(row.direction) else "penalty.direction", at["B"],
                          value=shown(row.direction), allowed="; ".join(d.title for d in catalog.directions.values()))
        elif direction not in doc.meta.directions:
            yield problem("penalty.other_direction", at["B"], direction=catalog.direction(direction).title)
        if kind is None:
            ok = False
            yield problem("penalty.kind_missing" if blank(row.kind) else "penalty.kind", at["C"],
                          value=shown(row.kind), allowed="; ".join(k.label for k in catalog.penalty_kinds.values()))
        if not text:
            ok = False
            yield problem("penalty.text", at["D"])
        if ok:
            yield PenaltyFact(direction, kind, text, at["D"])

