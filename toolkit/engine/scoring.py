"""The engine: checked `Inputs` and the catalog in, a `ScoreResult` out. No I/O here.

Criteria are summed, capped at their maxima (rule 1.1); the penalty facts of «Акт сверки» are
priced per the catalog and capped (п.20); the direction and block get their grade (п.108).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from collections.abc import Mapping

from toolkit.block.compute import BlockScore, block_score, grade_for
from toolkit.block.notes import missing_note
from toolkit.catalog.loader import peer_symbol
from toolkit.catalog.model import Catalog, Criterion, Direction, GradeBand, Half, Indicator
from toolkit.engine.inputs import Body, Inputs, Meta, PenaltyFact
from toolkit.engine.measures import MeasureValue, compute_measures
from toolkit.numbers import number_text, plural, points_text, round_half_up
from toolkit.problems import CellRef
from toolkit.rules.base import exact
from toolkit.workbook.layout import quote_sheet

Peers = Mapping[str, tuple[Fraction, int]]  # half id -> (mean points of the peers, how many peers)


@dataclass(frozen=True, slots=True)
class UsedInput:
    """A number a rule read: a scalar input with its cell, or a measure with the list rows it counted."""

    key: str
    symbol: str
    label: str
    value: float
    cell: CellRef | None
    rows: tuple[int, ...] = ()
    of: tuple[int, ...] = ()
    source: str = ""  # where a value without a cell of the body's came from (the assessor workbook's row)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One scored half («P1.1:kk») or a whole language-free indicator («R1», «P6.C»)."""

    id: str
    title: str
    max: float
    points: float
    rule: str
    formula: str | None
    measure: float | None
    note: str | None
    inputs: tuple[UsedInput, ...]
    indicator: str = ""  # the indicator id without the language suffix
    lang: str = ""
    applicable: bool = True
    bonus: bool = False
    factor: bool = False
    half: Half | None = field(default=None, repr=False, compare=False)
    exact: Fraction = field(default=Fraction(0), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """A criterion scored: its indicators' points, exact and as shown."""

    id: str
    title: str
    max: float
    points: float
    indicators: tuple[IndicatorScore, ...]
    exact: Fraction = field(default=Fraction(0), repr=False, compare=False)
    penalty: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DirectionScore:
    """A direction scored: raw points, penalty, final score, grade and what is provisional."""

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
    measures: dict[str, MeasureValue] = field(default_factory=dict, repr=False, compare=False)
    pending: tuple[tuple[str, str], ...] = ()  # (half id, why it is not final) of a provisional direction
    appeal: AppealOutcome | None = None  # the direction's rows of «Обжалование», when it had any

    def to_dict(self) -> dict[str, Any]:
        indicators = {i.id: i.points for c in self.criteria for i in c.indicators}
        out = {"score": self.score, "raw": self.raw, "penalty": self.penalty, "grade": self.grade.id,
               "criteria": {c.id: c.points for c in self.criteria}, "indicators": indicators,
               "provisional": self.provisional, "notes": list(self.notes),
               "penalties": [f.to_dict() for f in self.facts]}
        if self.appeal is not None and self.appeal.accepted:
            out["appeal"] = self.appeal.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class AppealOutcome:
    """What the special commission's decisions did to a direction (Прил. 14): the first result's score and
    grade, and the items accepted (applied) and rejected (nothing changed)."""

    score_before: float
    grade_before: GradeBand
    accepted: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    first: DirectionScore | None = field(default=None, repr=False, compare=False)  # the first result whole

    def to_dict(self) -> dict[str, Any]:
        return {"score_before": self.score_before, "accepted": list(self.accepted), "rejected": list(self.rejected)}


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """Everything a scoring run found for one workbook: per direction and for the block."""

    body: Body
    meta: Meta
    directions: dict[str, DirectionScore]
    block: BlockScore | None
    block_note: str = ""  # why there is no block (a direction missing, or given twice)

    def to_dict(self) -> dict[str, Any]:
        out = {"body": self.body.to_dict(), "edition": self.meta.edition, "period": self.meta.period,
               "directions": {d: s.to_dict() for d, s in self.directions.items()},
               "block": self.block.to_dict() if self.block else None}
        if self.block is None and self.block_note:
            out["block_note"] = self.block_note
        return out


def score(inputs: Inputs, catalog: Catalog, peers: Peers | None = None,
          overrides: Mapping[str, float] | None = None) -> ScoreResult:
    """Score every direction of the workbook; `peers` are batch averages for not-applicable halves (rule 1.5);
    `overrides` are indicator points set by accepted appeals (half id → points), applied after the rule."""
    directions = {d: score_direction(catalog.direction(d), inputs, catalog, peers, overrides)
                  for d in inputs.meta.directions}
    block = block_score(directions, inputs.meta.body_type, catalog)
    note = "" if block else missing_note(catalog, inputs.meta.body_type, directions)
    return ScoreResult(inputs.body, inputs.meta, directions, block, note)


def score_direction(direction: Direction, inputs: Inputs, catalog: Catalog, peers: Peers | None = None,
                    overrides: Mapping[str, float] | None = None) -> DirectionScore:
    body_type = inputs.meta.body_type
    scalars = {spec.symbol: inputs.values[spec.key] for spec in direction.inputs if spec.key in inputs.values}
    measures = compute_measures(direction, inputs.lists, scalars, inputs.meta.period)
    values: dict[str, object] = {**scalars, **{s: m.value for s, m in measures.items()}}
    context = _Context(direction, inputs, values, measures, peers or {}, dict(overrides or {}))
    criteria = tuple(_criterion(c, context) for c in direction.criteria_for(body_type))
    earned = sum((c.exact for c in criteria if not c.penalty), Fraction(0))
    deducted = sum((c.exact for c in criteria if c.penalty), Fraction(0))
    raw = max(Fraction(0), min(exact(direction.max), earned - deducted))
    facts = tuple(f for f in inputs.penalties if f.direction == direction.id)
    penalty = penalty_points(facts, catalog)
    total = max(Fraction(0), raw - penalty)
    notes = tuple(f"{i.id}: {i.note}" for c in criteria for i in c.indicators if i.note and i.id not in context.provisional)
    return DirectionScore(direction.id, direction.title, float(raw), float(penalty), float(total),
                          grade_for(total, catalog), criteria, facts, bool(context.provisional),
                          tuple(f"{hid}: {why}" for hid, (_, why) in context.provisional.items()) + notes, total, measures,
                          tuple((hid, cause) for hid, (cause, _) in context.provisional.items()))


def penalty_points(facts: tuple[PenaltyFact, ...], catalog: Catalog) -> Fraction:
    priced = sum((exact(catalog.penalty_kinds[f.kind].points) for f in facts), Fraction(0))
    return min(exact(catalog.penalty_cap), priced)


@dataclass(slots=True)
class _Context:
    """What scoring one direction of one workbook needs at hand: values, measures, peers."""

    direction: Direction
    inputs: Inputs
    values: dict[str, object]
    measures: dict[str, MeasureValue]
    peers: Peers
    overrides: dict[str, float] = field(default_factory=dict)  # half id → points set by an accepted appeal
    provisional: dict[str, tuple[str, str]] = field(default_factory=dict)  # half id → (cause, the note on it)


def _criterion(criterion: Criterion, ctx: _Context) -> CriterionScore:
    body_type = ctx.inputs.meta.body_type
    top = exact(criterion.max_for(body_type))
    scored = tuple(s for ind in criterion.indicators_for(body_type) for s in _indicator(ind, ctx))
    note = None
    if criterion.combine is not None:
        sums = {ind.id.removeprefix(criterion.id + "."): sum((s.exact for s in scored if s.indicator == ind.id), Fraction(0))
                for ind in criterion.indicators_for(body_type)}
        total = exact(criterion.combine.value(sums))
    else:
        total = sum((s.exact for s in scored), Fraction(0))
    bonus = sum((s.exact for s in scored if s.bonus), Fraction(0))
    if bonus and total > top:  # a bonus is ignored at the maximum and never lifts past it (rule 1.1, п.46)
        counted = float(min(bonus, max(Fraction(0), top - (total - bonus))))
        note = (f"стимулирующий показатель учтен в пределах максимума критерия: {points_text(counted)} "
                f"из {number_text(float(bonus))}")
    points = min(top, max(Fraction(0), total))
    return CriterionScore(criterion.id, criterion.title, float(top), float(points), scored, points, criterion.penalty, note)


def _indicator(indicator: Indicator, ctx: _Context) -> list[IndicatorScore]:
    top = indicator.max_for(ctx.inputs.meta.body_type)
    return [_appealed(_half(indicator, half, top, ctx), ctx) for half in indicator.halves]


def _appealed(scored: IndicatorScore, ctx: _Context) -> IndicatorScore:
    """The half's points as the special commission set them (Прил. 14), kept within [0, max]; the rule's
    own result is named in the note, and no live formula is written for it (it would show the old points)."""
    if scored.id not in ctx.overrides:
        return scored
    points = min(exact(scored.max), max(Fraction(0), exact(ctx.overrides[scored.id])))
    ctx.provisional.pop(scored.id, None)  # the commission's value is final
    note = f"по итогам обжалования: {number_text(float(points))} (по правилу было {number_text(scored.points)})"
    return replace(scored, points=float(points), exact=points, formula=None, note=note)


def _half(indicator: Indicator, half: Half, top: float, ctx: _Context) -> IndicatorScore:
    hid = indicator.half_id(half)
    maximum = exact(top)
    used = tuple(_used(symbol, ctx) for symbol in half.symbols() if symbol in ctx.values)
    missing = [s for s in half.symbols() if s not in ctx.values]
    rule_text = indicator.describe(half, top)
    if half.max_if is not None:
        rule_text += f"; максимум, если {half.max_if.russian()}"
    if half.zero_if is not None:
        rule_text += f"; 0, если {half.zero_if.russian()}"
    common = {"indicator": indicator.id, "lang": half.lang, "bonus": indicator.bonus, "factor": indicator.factor, "half": half}
    if missing:  # the assessor's values, when the assessor workbook has no row for the body
        cause = _missing_reason(missing, ctx.direction)
        ctx.provisional[hid] = (cause, cause)
        return IndicatorScore(hid, indicator.title, top, 0.0, rule_text, None, None, "нет данных", used, exact=Fraction(0), **common)
    reason = not_applicable(half, ctx.values, ctx.inputs.exceptions)
    if reason is not None:
        points, note = _peer_points(hid, maximum, reason, ctx)
        return IndicatorScore(hid, indicator.title, top, float(points), rule_text, None, None, note, used,
                              applicable=False, exact=points, **common)
    outcome = half.rule.evaluate(ctx.values, top)
    points = min(maximum, max(Fraction(0), outcome.points))
    note = outcome.note
    if half.max_if is not None and half.max_if.holds(ctx.values):
        points, note = maximum, f"{half.max_if.russian()}: максимум"
    if half.zero_if is not None and half.zero_if.holds(ctx.values):
        points, note = Fraction(0), f"{half.zero_if.russian()}: 0 баллов"
    special = [f"{when.russian()}: {text}" for when, text in half.notes if when.holds(ctx.values)]
    if special:
        note = "; ".join(filter(None, [note, *special]))
    measure = None if outcome.measure is None else float(outcome.measure)
    formula = _direct_formula(half, top, used)
    return IndicatorScore(hid, indicator.title, top, float(points), rule_text, formula, measure, note, used,
                          exact=points, **common)


def _direct_formula(half: Half, top: float, used: tuple[UsedInput, ...]) -> str | None:
    """The rule as an Excel formula over the body's own cells, when every number it reads is one cell."""
    if half.zero_if is not None or half.max_if is not None or half.not_applicable is not None:
        return None
    refs = {u.symbol: f"{quote_sheet(u.cell.sheet)}!{u.cell.cell}" for u in used if u.cell is not None and not u.rows}
    if set(half.rule.symbols()) - set(refs):
        return None
    return half.rule.excel(top, refs)


def _missing_reason(symbols: list[str], direction: Direction) -> str:
    """The same words for every half the assessor workbook's missing row leaves open, so they are named
    together («P5.1:kk, …, P6.D:ru — нет данных …») rather than one sentence each."""
    specs = [spec for spec in direction.inputs if spec.symbol in symbols]
    if specs and all(spec.owner == "assessor" for spec in specs):
        return "нет данных уполномоченного органа (мониторинг, опросы): в книге оценщика нет строки органа"
    return "нет данных: " + ("; ".join(f"«{spec.label}»" for spec in specs) or ", ".join(symbols))


def _used(symbol: str, ctx: _Context) -> UsedInput:
    measure = ctx.measures.get(symbol)
    if measure is not None:
        return UsedInput(measure.list_key or "", symbol, measure.label, float(measure.value), None, measure.rows, measure.of)
    spec = ctx.direction.input_by_symbol(symbol)
    value = ctx.values[symbol]
    return UsedInput(spec.key, symbol, spec.label, float(value), ctx.inputs.cells.get(spec.key),  # type: ignore[arg-type]
                     source=ctx.inputs.sources.get(spec.key, ""))


def not_applicable(half: Half, values: Mapping[str, object], exceptions: tuple[str, ...]) -> str | None:
    """Why the half is not assessed for this body (rule 1.5), or None; a flag not among `values` does not
    count (scoring never gets here without it; `validate`'s advance warning reads scalar inputs only)."""
    na = half.not_applicable
    if na is None:
        return None
    hit = sorted(set(na.exceptions) & set(exceptions))
    if hit:
        return f"не применяется к органу ({', '.join(EXCEPTION_LABELS.get(h, h) for h in hit)})"
    if na.when is not None and set(na.when.names) <= values.keys() and na.when.holds(values):
        return f"не применяется: {na.when.russian()}"
    return None


EXCEPTION_LABELS = {"national_bank": "Национальный Банк", "defence": "Министерство обороны",
                    "foreign_affairs": "Министерство иностранных дел"}


def _peer_points(hid: str, maximum: Fraction, reason: str, ctx: _Context) -> tuple[Fraction, str]:
    if hid in ctx.peers:
        mean, count = ctx.peers[hid]
        return min(maximum, mean), f"{reason}; средний балл {count} {plural(count, 'органа', 'органов', 'органов')} пакета (правило 1.5)"
    manual = ctx.values.get(peer_symbol(hid))
    if manual is not None:
        return min(maximum, exact(manual)), f"{reason}; средний балл органов, введенный оценщиком (правило 1.5)"  # type: ignore[arg-type]
    ctx.provisional[hid] = (reason, f"{reason}, а среднего балла органов нет — оцените файл в пакете или введите "
                                    "средний балл в строке органа в книге оценщика")
    return Fraction(0), f"{reason}; средний балл органов не известен — результат предварительный"
