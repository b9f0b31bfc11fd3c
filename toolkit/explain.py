"""`explain`: how each score was reached, from the direction down to the body's cells."""

from __future__ import annotations

from pathlib import Path

from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.numbers import number_text, score_text
from toolkit.problems import Problem
from toolkit.scoring import DirectionScore, IndicatorScore, score


def explain(path: str | Path, item: str | None = None) -> tuple[list[str] | None, list[Problem]]:
    """Lines of the explanation; `item` narrows it to a direction, criterion or indicator id."""
    checked = check_file(path)
    if checked.inputs is None:
        return None, [p for p in checked.problems if p.is_error]
    catalog = load_catalog(checked.inputs.meta.edition)
    result = score(checked.inputs, catalog)
    body = result.body
    lines = [f"{body.name or '(наименование не указано)'} ({catalog.body_types[body.type]}), "
             f"{result.meta.period} год, редакция методики {result.meta.edition}"]
    shown = 0
    for direction in result.directions.values():
        wanted = item is None or item == direction.id
        part = _direction(direction) if wanted else []
        for criterion in direction.criteria:
            for ind in criterion.indicators:
                if wanted or item in (criterion.id, ind.id):
                    part += _indicator(ind)
        if part:
            shown += 1
            lines += part if wanted else [_direction(direction)[0], *part]
    if result.block and item in (None, "block"):
        lines.append(f"Итог по блоку: {score_text(result.block.score, 1)} ({result.block.grade.label})")
        shown += 1
    return (lines if shown else []), []


def _direction(d: DirectionScore) -> list[str]:
    head = (f"Направление «{d.title}»: {score_text(d.score)} ({d.grade.label}) = "
            f"{score_text(d.raw)} по критериям − {score_text(d.penalty)} вычет")
    facts = [f"    акт сверки ({f.where}): {f.kind}: {f.text}" for f in d.facts]
    return [head, *facts]


def _indicator(ind: IndicatorScore) -> list[str]:
    lines = [f"  {ind.id} «{ind.title}»: {score_text(ind.points)} из {number_text(ind.max)}",
             f"    правило: {ind.rule}"]
    lines += [f"    {u.symbol} = {number_text(u.value)} — «{u.label}» ({u.cell})" for u in ind.inputs]
    if ind.measure is not None:
        lines.append(f"    измеренное значение: {score_text(ind.measure)}")
    if ind.note:
        lines.append(f"    примечание: {ind.note}")
    return lines
