"""Numbers counted from the body's lists (Прил. 9), as the catalog's measures define them.

A measure counts the rows of a list that meet a condition («placed in Kazakh by the moved
deadline»), averages a choice column over such rows, or combines other numbers. It keeps the row
numbers it counted, so `explain` and the conclusion can say which rows made (or missed) a point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from toolkit.calendar import add_working_days, next_working_day
from toolkit.catalog.model import Direction, Measure
from toolkit.engine.inputs import ListData
from toolkit.rules.base import exact


@dataclass(frozen=True, slots=True)
class MeasureValue:
    """A number counted from a body's list, with the rows it counted (shown on «Баллы»)."""

    symbol: str
    label: str
    value: Fraction
    list_key: str | None = None
    rows: tuple[int, ...] = ()  # sheet rows counted (or averaged)
    of: tuple[int, ...] = ()  # every row of the list, to name the ones not counted


def row_functions(period: int) -> dict[str, Any]:
    """The functions a list measure's condition may call; dates are `datetime.date` or None."""

    def filled(value: Any) -> bool:
        return value not in (None, "")

    def on_time(placed: date | None, deadline: date | None) -> bool:
        return placed is not None and deadline is not None and placed <= next_working_day(deadline)

    def within_working_days(placed: date | None, start: date | None, days: Fraction) -> bool:
        return placed is not None and start is not None and placed <= add_working_days(start, int(days))

    def half(day: date | None) -> Fraction | None:
        return None if day is None else Fraction(1 if day.month <= 6 else 2)

    def earliest(*days: date | None) -> date | None:
        return min((d for d in days if d is not None), default=None)

    def make_date(year: Fraction, month: Fraction, day: Fraction) -> date:
        return date(int(year), int(month), int(day))

    return {"filled": filled, "on_time": on_time, "within_working_days": within_working_days, "half": half,
            "earliest": earliest, "date": make_date}


def compute_measures(direction: Direction, lists: Mapping[str, ListData], scalars: Mapping[str, Any],
                     period: int) -> dict[str, MeasureValue]:
    """Every measure of the direction whose list the workbook has (lists of another body type are absent)."""
    functions = row_functions(period)
    out: dict[str, MeasureValue] = {}
    for measure in direction.measures:
        if measure.kind == "value":
            values = {**scalars, **{s: m.value for s, m in out.items()}}
            if all(n in values for n in measure.expr.names):  # type: ignore[union-attr]
                out[measure.symbol] = MeasureValue(measure.symbol, measure.label, exact(measure.expr.value(values)))  # type: ignore[union-attr]
            continue
        data = lists.get(measure.list_key or "")
        if data is None:
            continue
        out[measure.symbol] = _over_rows(measure, data, direction, functions, period)
    return out


def _over_rows(measure: Measure, data: ListData, direction: Direction, functions: dict[str, Any],
               period: int) -> MeasureValue:
    matched = []
    for row in data.rows:
        context = {**row.values, "period": period}
        if measure.where is None or measure.where.holds(context, functions):
            matched.append(row)
    every = tuple(r.row for r in data.rows)
    if measure.kind == "count":
        return MeasureValue(measure.symbol, measure.label, Fraction(len(matched)), data.key, tuple(r.row for r in matched), every)
    column = direction.list_by_key(data.key).column(measure.field or "")
    if measure.bands:  # a number column through steps (Прил. 6: satisfaction → the share of the maximum)
        scored = [band_value(measure.bands, r.values[column.field]) for r in matched
                  if isinstance(r.values.get(column.field), (int, float, Fraction))]
    else:
        worth = {c.code: exact(c.value) for c in column.choices if c.value is not None}
        scored = [worth[r.values[column.field]] for r in matched if r.values.get(column.field) in worth]
    mean = sum(scored, Fraction(0)) / len(scored) if scored else Fraction(0)
    return MeasureValue(measure.symbol, measure.label, mean, data.key, tuple(r.row for r in matched), every)


def band_value(bands: tuple[tuple[float, float], ...], number: float | Fraction) -> Fraction:
    """The value of the first band whose lower bound `number` reaches (bounds decrease, the last is 0)."""
    value = exact(number)
    return next((exact(v) for low, v in bands if value >= exact(low)), Fraction(0))
