"""Checks a `Document` against the catalog and turns it into `Inputs`, collecting every problem.

Each check is a small function yielding problems; the result knows it is valid only when no error
remains, and `Inputs` are produced only then, so nothing downstream can score a broken report.
"""

from __future__ import annotations

import math

from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.catalog.model import Catalog, Direction, InputSpec
from toolkit.inputs import Document, Inputs, PenaltyFact, RawCell
from toolkit.numbers import number_text
from toolkit.problems import CellRef, Problem, problem, shown
from toolkit.workbook.xlsx import ExcelError

PROBLEM_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Validation:
    problems: tuple[Problem, ...]
    inputs: Inputs | None

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)


def validate(doc: Document, catalog: Catalog, structural: list[Problem] | None = None,
             limit: int = PROBLEM_LIMIT) -> Validation:
    problems = list(structural or [])
    values: dict[str, int] = {}
    for did in doc.meta.directions:
        direction = catalog.direction(did)
        for spec in direction.inputs:
            raw = doc.cells.get(spec.key)
            if raw is None:
                continue  # the reader already reported the missing or moved name
            value, found = _whole_number(spec, raw)
            problems += found
            if value is not None:
                values[spec.key] = value
        problems += list(_cross_checks(direction, doc, values))
    facts = []
    for fact_or_problem in _penalty_facts(doc, catalog):
        (problems if isinstance(fact_or_problem, Problem) else facts).append(fact_or_problem)
    if len(problems) > limit:
        problems = problems[:limit] + [problem("problems.capped", limit=limit)]
    valid = not any(p.is_error for p in problems)
    inputs = None
    if valid:
        cells = {k: raw.where for k, raw in doc.cells.items()}
        inputs = Inputs(doc.meta, doc.body, values, cells, tuple(facts))
    return Validation(tuple(problems), inputs)


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
    if v < 0:
        return None, [problem("input.negative", value=number_text(v), **args)]
    if not float(v).is_integer():
        return None, [problem("input.not_integer", value=number_text(v), **args)]
    return int(v), []


def _looks_numeric(text: str) -> bool:
    """«1 234», «12», «1234,5»: a number a clerk meant, stored as text."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return False
    return bool(cleaned) and math.isfinite(number)  # «nan», «inf» are words, not numbers


def _cross_checks(direction: Direction, doc: Document, values: dict[str, int]) -> Iterator[Problem]:
    for check in direction.checks:
        keys = [direction.input_by_symbol(s).key for s in (*check.left, *check.right)]
        if not all(k in values for k in keys):
            continue
        left = sum(values[direction.input_by_symbol(s).key] for s in check.left)
        right = sum(values[direction.input_by_symbol(s).key] for s in check.right)
        if left <= right:
            continue
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
            yield problem("penalty.direction", at["B"], value=shown(row.direction), allowed="; ".join(
                d.title for d in catalog.directions.values()))
        elif direction not in doc.meta.directions:
            yield problem("penalty.other_direction", at["B"], direction=catalog.direction(direction).title)
        if kind is None:
            ok = False
            yield problem("penalty.kind", at["C"], value=shown(row.kind), allowed="; ".join(
                k.label for k in catalog.penalty_kinds.values()))
        if not text:
            ok = False
            yield problem("penalty.text", at["D"])
        if ok:
            yield PenaltyFact(direction, kind, text, at["D"])

