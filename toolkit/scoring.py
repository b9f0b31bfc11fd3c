"""The engine: checked `Inputs` and the catalog in, a `ScoreResult` out. No I/O here.

Criteria are summed, capped at their maxima (rule 1.1); the penalty facts of «Акт сверки» are
priced per the catalog and capped (п.20); the direction and block get their grade (п.108).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from toolkit.catalog.model import Catalog, Criterion, Direction, GradeBand
from toolkit.inputs import Body, Inputs, Meta, PenaltyFact
from toolkit.numbers import round_half_up
from toolkit.problems import CellRef
from toolkit.rules.base import exact
from toolkit.workbook.layout import quote_sheet


@dataclass(frozen=True, slots=True)
class UsedInput:
    key: str
    symbol: str
    label: str
    value: float
    cell: CellRef | None


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    id: str
    title: str
    max: float
    points: float
    rule: str
    formula: str | None
    measure: float | None
    note: str | None
    inputs: tuple[UsedInput, ...]


@dataclass(frozen=True, slots=True)
class CriterionScore:
    id: str
    title: str
    max: float
    points: float
    indicators: tuple[IndicatorScore, ...]
    exact: Fraction = field(default=Fraction(0), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class DirectionScore:
    id: str
    title: str
    raw: float
    penalty: float
    score: float
    grade: GradeBand
    criteria: tuple[CriterionScore, ...]
    facts: tuple[PenaltyFact, ...] = ()
    provisional: bool = False
    notes: tuple[str, ...] = ()
    exact: Fraction = field(default=Fraction(0), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        indicators = {i.id: i.points for c in self.criteria for i in c.indicators}
        return {"score": self.score, "raw": self.raw, "penalty": self.penalty, "grade": self.grade.id,
                "criteria": {c.id: c.points for c in self.criteria}, "indicators": indicators,
                "provisional": self.provisional, "notes": list(self.notes),
                "penalties": [f.to_dict() for f in self.facts]}


@dataclass(frozen=True, slots=True)
class BlockScore:
    score: float
    grade: GradeBand


@dataclass(frozen=True, slots=True)
class ScoreResult:
    body: Body
    meta: Meta
    directions: dict[str, DirectionScore]
    block: BlockScore | None

    def to_dict(self) -> dict[str, Any]:
        return {"body": self.body.to_dict(), "edition": self.meta.edition, "period": self.meta.period,
                "directions": {d: s.to_dict() for d, s in self.directions.items()},
                "block": {"score": self.block.score, "grade": self.block.grade.id} if self.block else None}


def score(inputs: Inputs, catalog: Catalog) -> ScoreResult:
    directions = {d: score_direction(catalog.direction(d), inputs, catalog) for d in inputs.meta.directions}
    weights = catalog.weights[inputs.meta.body_type]
    block = None
    if set(weights) <= set(directions):
        total = sum((exact(weights[d]) * directions[d].exact for d in weights), Fraction(0))
        block = BlockScore(float(total), grade_for(total, catalog))
    return ScoreResult(inputs.body, inputs.meta, directions, block)


def score_direction(direction: Direction, inputs: Inputs, catalog: Catalog) -> DirectionScore:
    body_type = inputs.meta.body_type
    criteria = tuple(_criterion(c, direction, inputs, body_type) for c in direction.criteria_for(body_type))
    raw = min(exact(direction.max), sum((c.exact for c in criteria), Fraction(0)))
    facts = tuple(f for f in inputs.penalties if f.direction == direction.id)
    penalty = penalty_points(facts, catalog)
    total = max(Fraction(0), raw - penalty)
    notes = tuple(f"{i.id}: {i.note}" for c in criteria for i in c.indicators if i.note)
    return DirectionScore(direction.id, direction.title, float(raw), float(penalty), float(total),
                          grade_for(total, catalog), criteria, facts, False, notes, total)


def penalty_points(facts: tuple[PenaltyFact, ...], catalog: Catalog) -> Fraction:
    priced = sum((exact(catalog.penalty_kinds[f.kind].points) for f in facts), Fraction(0))
    return min(exact(catalog.penalty_cap), priced)


def grade_for(value: float | Fraction, catalog: Catalog) -> GradeBand:
    rounded = round_half_up(value, catalog.grade_rounding)
    return next(b for b in catalog.grades if rounded >= b.min)


def _criterion(criterion: Criterion, direction: Direction, inputs: Inputs, body_type: str) -> CriterionScore:
    maximum = exact(criterion.max_for(body_type))
    rule = criterion.rule
    if rule is None:
        raise ValueError(f"criterion {criterion.id} has no rule in edition {inputs.meta.edition}")
    by_symbol = {s: direction.input_by_symbol(s) for s in rule.symbols()}
    values = {s: exact(inputs.values[spec.key]) for s, spec in by_symbol.items()}
    used = tuple(UsedInput(spec.key, s, spec.label, float(values[s]), inputs.cells.get(spec.key))
                 for s, spec in by_symbol.items())
    refs = {u.symbol: f"{quote_sheet(u.cell.sheet)}!{u.cell.cell}" for u in used if u.cell}
    outcome = rule.evaluate(values, maximum)
    points = min(maximum, max(Fraction(0), outcome.points))
    top = criterion.max_for(body_type)
    formula = rule.excel(top, refs) if len(refs) == len(used) else None
    measure = None if outcome.measure is None else float(outcome.measure)
    indicator = IndicatorScore(criterion.id, criterion.title, top, float(points), rule.describe(top), formula,
                               measure, outcome.note, used)
    return CriterionScore(criterion.id, criterion.title, top, float(points), (indicator,), points)
