"""Appeals (п.109–115, Прил. 14): the rows of «Обжалование» checked against the catalog, and scoring with
the accepted ones applied. The first result is computed too and kept beside the new one: the direction's
`appeal` (score before, items accepted and rejected), the block's score before; nothing else changes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from toolkit.catalog.model import Catalog, Direction
from toolkit.engine.inputs import Appeal, AppealRow, Document, Inputs, RawCell
from toolkit.numbers import number_text
from toolkit.problems import CellRef, Problem, problem, shown
from toolkit.engine.scoring import AppealOutcome, Peers, ScoreResult, score
from toolkit.engine.validation import broken_checks, check_scalar
from toolkit.workbook import layout

COLUMNS = dict(zip(layout.APPEALS_FIELDS, "BCDEFGH"))
DECISIONS = {"accepted": "accepted", "rejected": "rejected", "принято": "accepted", "не принято": "rejected",
             "отклонено": "rejected", "принято частично": None}


def check_appeals(doc: Document, catalog: Catalog) -> Iterator[Appeal | Problem]:
    """Each row of «Обжалование» as an `Appeal`, or the problems naming its cells; an item accepted twice
    is an error (which value would count?)."""
    seen: dict[str, int] = {}
    for row in doc.appeals:
        found = list(_row(row, doc, catalog))
        appeal = next((a for a in found if isinstance(a, Appeal)), None)
        yield from (p for p in found if isinstance(p, Problem))
        if appeal is None:
            continue
        if appeal.accepted and appeal.item in seen:
            yield problem("appeal.twice", _at(row, "item"), item=appeal.item, first=seen[appeal.item])
            continue
        if appeal.accepted:
            seen[appeal.item] = row.row
        yield appeal


def _at(row: AppealRow, field: str) -> CellRef:
    return CellRef(row.sheet, f"{COLUMNS[field]}{row.row}")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _row(row: AppealRow, doc: Document, catalog: Catalog) -> Iterator[Appeal | Problem]:
    v = row.values
    direction = catalog.direction_id(_text(v.get("direction")))
    if direction is None or direction not in doc.meta.directions:
        yield problem("appeal.direction", _at(row, "direction"), value=shown(v.get("direction")),
                      allowed="; ".join(catalog.direction(d).title for d in doc.meta.directions))
        return
    item = _text(v.get("item"))
    target = items(catalog.direction(direction), doc.meta.body_type).get(item)
    decision = DECISIONS.get(_text(v.get("decision")).lower())
    objection = _text(v.get("objection"))
    ok = True
    if target is None:
        ok = False
        yield problem("appeal.item", _at(row, "item"), value=shown(v.get("item")),
                      direction=catalog.direction(direction).title)
    if decision is None:
        ok = False
        yield problem("appeal.decision", _at(row, "decision"), value=shown(v.get("decision")),
                      allowed="; ".join(layout.APPEAL_DECISIONS.values()))
    if not objection:
        ok = False
        yield problem("appeal.objection", _at(row, "objection"))
    value = None
    if ok and decision == "accepted":
        value, wrong = _value(row, target)
        if wrong:
            yield from wrong
            return
    if ok:
        yield Appeal(direction, item, objection, decision, value, _text(v.get("note")), _text(v.get("conclusion")),
                     _at(row, "value"), "indicator" if isinstance(target, float | int) else "input")


def corrected_checks(doc: Document, catalog: Catalog, values: Mapping[str, Any],
                     appeals: Iterable[Appeal]) -> Iterator[Problem]:
    """The cross-input checks (violations ≤ total …) on the values as the accepted corrections leave them:
    a corrected input that breaks one is reported at the correction's cell, with the check's severity
    (an error stops scoring, as the same figures typed by the body would). A check the body's own figures
    already break is reported at the body's cell, not again here."""
    accepted = [a for a in appeals if a.accepted and a.kind == "input" and a.value is not None]
    for did in dict.fromkeys(a.direction for a in accepted):
        direction = catalog.direction(did)
        mine = {a.item: a for a in accepted if a.direction == did}
        before = {check.id for check, _, _ in broken_checks(direction, values)}
        after = {**values, **{key: a.value for key, a in mine.items()}}
        for check, left, right in broken_checks(direction, after):
            keys = [direction.input_by_symbol(s).key for s in (*check.left, *check.right)]
            fixed = [k for k in keys if k in mine]
            if check.id in before or not fixed:
                continue

            def named(symbol: str) -> str:
                spec = direction.input_by_symbol(symbol)
                origin = f"исправлено, {mine[spec.key].where.cell}" if spec.key in mine else doc.cells[spec.key].where.cell
                return f"«{spec.label}» = {number_text(after[spec.key])} ({origin})"

            yield problem("appeal.exceeds" if check.severity == "error" else "appeal.exceeds_warning",
                          mine[fixed[0]].where, fixed[0], left_text=" + ".join(named(s) for s in check.left),
                          left_value=number_text(left), right_text=" + ".join(named(s) for s in check.right),
                          right_value=number_text(right))


def items(direction: Direction, body_type: str) -> dict[str, Any]:
    """What may be disputed in a direction: every half id (→ its maximum) and every scalar input (→ its spec)."""
    out: dict[str, Any] = {}
    for criterion in direction.criteria_for(body_type):
        for indicator in criterion.indicators_for(body_type):
            for half in indicator.halves:
                out[indicator.half_id(half)] = indicator.max_for(body_type)
    for spec in direction.inputs_for(body_type):
        out[spec.key] = spec
    return out


def _value(row: AppealRow, target: Any) -> tuple[float | None, list[Problem]]:
    raw = row.values.get("value")
    where = _at(row, "value")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, [problem("appeal.value_missing", where)]
    if isinstance(target, float | int):  # an indicator's points: a number within [0, max]
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != raw or not 0 <= raw <= target:
            return None, [problem("appeal.points", where, value=shown(raw), high=f"{target:g}")]
        return float(raw), []
    value, found = check_scalar(target, RawCell(raw, where))  # the input's own check, at the appeal's cell
    return (None if found else value), found


def apply_appeals(inputs: Inputs, catalog: Catalog, peers: Peers | None = None,
                  first: ScoreResult | None = None) -> ScoreResult:
    """The result with the accepted appeals applied, the first result's figures kept beside it. Without
    appeals this is `score` itself. `first`: `score(inputs, catalog, peers)` when the caller has it
    already (a batch scores a file without the averages for them first), so it is not taken twice."""
    first = first if first is not None else score(inputs, catalog, peers)
    if not inputs.appeals:
        return first
    accepted = [a for a in inputs.appeals if a.accepted]
    overrides = {a.item: a.value for a in accepted if a.kind == "indicator"}
    final = score(corrected(inputs), catalog, peers, overrides) if accepted else first
    directions = {}
    for d, s in final.directions.items():
        mine = [a for a in inputs.appeals if a.direction == d]
        if mine:
            before = first.directions[d]
            s = replace(s, appeal=AppealOutcome(before.score, before.grade, tuple(a.item for a in mine if a.accepted),
                                                tuple(a.item for a in mine if not a.accepted), before))
        directions[d] = s
    block = final.block
    if block is not None and first.block is not None and accepted:
        block = replace(block, score_before=first.block.score)
    return replace(final, directions=directions, block=block)


def corrected(inputs: Inputs) -> Inputs:
    """Inputs with the accepted input corrections: the value replaced, its cell dropped (the cell still
    holds the body's figure) and its source named, so «Баллы» writes the number and says where it is from."""
    keys = {a.item: a for a in inputs.appeals if a.accepted and a.kind == "input"}
    if not keys:
        return inputs
    values = {**inputs.values, **{k: a.value for k, a in keys.items()}}
    cells = {k: c for k, c in inputs.cells.items() if k not in keys}
    sources = {**inputs.sources, **{k: f"исправлено по итогам обжалования ({a.where})" for k, a in keys.items()}}
    return replace(inputs, values=values, cells=cells, sources=sources)


def outcome_text(result: ScoreResult) -> str:
    """One line for «Журнал»: each appealed direction's score before and after, and what was decided."""
    from toolkit.numbers import score_text

    parts = []
    for d in result.directions.values():
        a = d.appeal
        if a is None:
            continue
        decided = []
        if a.accepted:
            decided.append("приняты: " + ", ".join(a.accepted))
        if a.rejected:
            decided.append("не приняты: " + ", ".join(a.rejected))
        parts.append(f"{d.title}: обжалование ({'; '.join(decided)}), балл до обжалования {score_text(a.score_before)}, "
                     f"с учетом итогов обжалования {score_text(d.score)}")
    return "; ".join(parts)
