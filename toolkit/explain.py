"""`explain`: how each score was reached, from the direction down to the body's cells and list rows."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from toolkit.analysis.letters import letters, lettered, symbol_labels, unvalued
from toolkit.analysis.openness import is_list_measure, lang_phrase, row_word, rows_text, value_text
from toolkit.block.conclusion import formula_text
from toolkit.catalog import load_catalog
from toolkit.catalog.model import Catalog, Direction
from toolkit.check import check_file
from toolkit.engine.inputs import Inputs
from toolkit.numbers import number_text, score_text
from toolkit.problems import Problem, problem
from toolkit.engine.scoring import CriterionScore, DirectionScore, IndicatorScore, ScoreResult, UsedInput, score


def explain(path: str | Path, item: str | None = None) -> tuple[list[str] | None, list[Problem]]:
    """Lines of the explanation; `item` narrows it to a direction, criterion, indicator («P1.1», both
    language halves) or one half («P1.1:kk»)."""
    checked = check_file(path)
    if checked.inputs is None:
        return None, [p for p in checked.problems if p.is_error]
    catalog = load_catalog(checked.inputs.meta.edition)
    result = score(checked.inputs, catalog)
    lines = explain_result(result, checked.inputs, catalog, item)
    if not lines:
        return [], [problem("explain.unknown_item", item=item, known=_known_text(result))]
    return lines, []


def known_items(result: ScoreResult, halves: bool = True) -> list[str]:
    """What `explain` can be asked about in this result: directions, criteria, indicators, their
    language halves («P1.1:kk»; left out with `halves=False`) and the block."""
    out: list[str] = []
    for direction in result.directions.values():
        out.append(direction.id)
        for criterion in direction.criteria:
            out.append(criterion.id)
            for ind in criterion.indicators:
                for name in (ind.indicator or ind.id, ind.id):
                    if name not in out and (halves or name == (ind.indicator or ind.id)):
                        out.append(name)
    return out + (["block"] if result.block else [])


def _known_text(result: ScoreResult) -> str:
    """The ids for a message: every half would make a list of hundreds, so halves are described once."""
    whole = known_items(result, halves=False)
    half = next((i for i in known_items(result) if ":" in i), None)
    return ", ".join(whole) + (f"; половину показателя по языку — с суффиксом языка (например, {half})" if half else "")


# Latin letters of our ids a Russian keyboard layout types as look-alike Cyrillic («Р1» for «P1»)
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХаеокрсух", "ABEKMHOPCTXaeokpcyx")


def _fold(text: str) -> str:
    return text.strip().translate(_LOOKALIKES).casefold()


def explain_result(result: ScoreResult, inputs: Inputs, catalog: Catalog, item: str | None = None) -> list[str]:
    """The explanation of a scored result; [] when `item` names nothing in it. `item` is matched
    without regard to case or Cyrillic look-alike letters («r1», «Р4», «p1.1:KK»)."""
    if item is not None:
        item = next((known for known in known_items(result) if _fold(known) == _fold(item)), item)
    body = result.body
    lines = [f"{body.name or '(наименование не указано)'} ({catalog.body_types[body.type]}), "
             f"{result.meta.period} год, редакция методики {result.meta.edition}"]
    shown = 0
    for direction in result.directions.values():
        spec = catalog.direction(direction.id)
        labels = symbol_labels(spec)
        wanted = item is None or item == direction.id
        part = _direction(direction) if wanted else []
        for criterion in direction.criteria:
            if spec.languages and (wanted or item == criterion.id):
                part.append(_criterion(criterion))
            for ind in criterion.indicators:
                if wanted or item in (criterion.id, ind.id, ind.indicator):
                    part += _indicator(ind, spec, inputs, labels)
        if part:
            shown += 1
            lines += part if wanted else [_direction(direction)[0], *part]
    if result.block and item in (None, "block"):
        lines.append(f"Итог по блоку: {score_text(result.block.score, 1)} ({result.block.grade.label}"
                     + (", предварительный" if result.block.provisional else "") + f") = {formula_text(result.block)}")
        shown += 1
    return lines if shown else []


def _direction(d: DirectionScore) -> list[str]:
    head = (f"Направление «{d.title}»: {score_text(d.score)} ({d.grade.label}) = "
            f"{score_text(d.raw)} по критериям − {score_text(d.penalty)} вычет")
    facts = [f"    акт сверки ({f.where}): {f.kind}: {f.text}" for f in d.facts]
    return [head, *facts]


def _criterion(c: CriterionScore) -> str:
    kind = "штрафные баллы " if c.penalty else ""
    note = f" ({c.note})" if c.note else ""
    return f" {c.id} «{c.title}»: {kind}{score_text(c.points)} из {number_text(c.max)}{note}"


def _indicator(ind: IndicatorScore, spec: Direction, inputs: Inputs, labels: Mapping[str, str]) -> list[str]:
    lang = f" ({lang_phrase(spec, ind.lang)})" if ind.lang else ""
    names = letters(ind, labels)
    lines = [f"  {ind.id} «{ind.title}»{lang}: {score_text(ind.points)} из {number_text(ind.max)}",
             f"    правило: {lettered(ind.rule, names)}"]
    lines += [_used(u, spec, inputs, names.get(u.symbol, u.symbol)) for u in ind.inputs]
    lines += [f"    {letter} — «{labels[symbol]}»" for letter, symbol in unvalued(ind, names)]
    if ind.measure is not None:
        lines.append(f"    измеренное значение: {score_text(ind.measure)}")
    if ind.note:
        lines.append(f"    примечание: {lettered(ind.note, names)}")
    return lines


def _used(u: UsedInput, spec: Direction, inputs: Inputs, name: str) -> str:
    head = f"    {name} = {value_text(u, spec)} — «{u.label}»"
    if u.cell is not None:
        return f"{head} ({u.cell})"
    if u.source:
        return f"{head} ({u.source})"
    if not is_list_measure(u):
        return f"{head} (вычислено из других показателей)"
    data = inputs.lists.get(u.key)
    where = f"список «{spec.list_by_key(u.key).title}» на листе «{data.sheet if data else '?'}»"
    counted = (f"{row_word(u.rows, 'учтена строка', 'учтены строки')} {rows_text(u.rows, limit=40)}" if u.rows
               else "учтенных строк нет")
    left = sorted(set(u.of) - set(u.rows))
    missed = (f"не {row_word(left, 'учтена строка', 'учтены строки')} {rows_text(left, limit=40)}" if left
              else "не учтенных строк нет")
    return f"{head}: {where}; {counted}; {missed}"
