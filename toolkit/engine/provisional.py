"""A provisional result never looks final: why it is provisional, in one sentence, and a warning ahead.

A direction is provisional when some half could not be scored for good: not applicable to the body
(rule 1.5) with no peer average from a batch nor one entered by the assessor, or missing data.
`reason` is the one sentence every place that shows such a result uses (the CLI table, «Баллы»,
«Заключение», «Журнал»); `alone_warnings` tells `validate` which files will be provisional when
scored on their own, before anyone scores them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.catalog.loader import peer_symbol
from toolkit.catalog.model import Catalog, Direction, Half
from toolkit.engine.inputs import Document, Inputs
from toolkit.problems import CellRef, Problem, problem

if TYPE_CHECKING:  # scoring (~10 ms to import) is needed only for a direction with peer averages
    from toolkit.engine.scoring import DirectionScore, IndicatorScore

PEER_FIX = ("среднего балла других органов по ним нет (правило 1.5): оцените файл в одном пакете с отчетами "
            "других органов того же типа или введите средний балл органов в строке органа в книге оценщика")
DATA_FIX = "внесите недостающие данные (данные оценщика — в строку органа в книге оценщика) и оцените файл снова"


def reason(direction: DirectionScore) -> str:
    """Why the direction is provisional: the halves grouped by cause, then what makes the result final."""
    from toolkit.analysis.words import in_words  # imports scoring: only where a result is shown

    groups: dict[str, list[str]] = {}
    for hid, cause in direction.pending:
        groups.setdefault(cause, []).append(hid)
    applicable = {i.id: i.applicable for c in direction.criteria for i in c.indicators}
    halves = {i.id: i for c in direction.criteria for i in c.indicators}
    parts = [f"{indicators_text(ids, halves)} — {in_words(cause, halves[ids[0]]) if ids[0] in halves else cause}"
             for cause, ids in groups.items()]
    fixes = [PEER_FIX] if any(not applicable.get(h, True) for h, _ in direction.pending) else []
    fixes += [DATA_FIX] if any(applicable.get(h, True) for h, _ in direction.pending) else []
    return "; ".join(parts) + "; " + "; ".join(fixes)


def indicators_text(ids: list[str], halves: dict[str, IndicatorScore]) -> str:
    """Half ids as a reader names them: «P4.4:kk, P4.4:ru» → «P4.4» (both languages), a lone half with
    its language («P5.1 (каз.)»), a language-free one as it is («P6.C»)."""
    langs: dict[str, list[str]] = {}
    for hid in ids:
        half = halves.get(hid)
        indicator, lang = (half.indicator or hid, half.lang) if half is not None else (hid, "")
        langs.setdefault(indicator, []).append(lang)
    short = {"kk": "каз.", "ru": "рус."}
    return ", ".join(ind if len(ls) > 1 or not ls[0] else f"{ind} ({short.get(ls[0], ls[0])})" for ind, ls in langs.items())


def alone_warnings(doc: Document, inputs: Inputs, catalog: Catalog) -> list[Problem]:
    """One warning per cause of the halves that will be not applicable with no peer value when this
    file is scored by itself: by a registry exception (at the body's code on «Инструкция») or by a flag
    (at the flag's cell)."""
    problems = []
    for did in inputs.meta.directions:
        direction = catalog.direction(did)
        if not direction.has_peer_averages:
            continue
        from toolkit.engine.scoring import not_applicable

        values = {s.symbol: inputs.values[s.key] for s in direction.inputs if s.key in inputs.values}
        groups: dict[tuple[str, CellRef | None, str | None], list[str]] = {}
        for hid, half in _halves(direction, inputs.meta.body_type):
            why = not_applicable(half, values, inputs.exceptions)
            if why is not None and peer_symbol(hid) not in values:
                groups.setdefault((why, *_where(half, doc, inputs, direction)), []).append(hid)
        problems += [problem("rule.provisional_alone", where, key, ids=", ".join(ids), why=why, direction=direction.title)
                     for (why, where, key), ids in groups.items()]
    return problems


def _halves(direction: Direction, body_type: str) -> list[tuple[str, Half]]:
    return [(indicator.half_id(half), half) for criterion in direction.criteria_for(body_type)
            for indicator in criterion.indicators_for(body_type) for half in indicator.halves
            if half.not_applicable is not None]


def _where(half: Half, doc: Document, inputs: Inputs, direction: Direction) -> tuple[CellRef | None, str | None]:
    """The cell that makes the half not applicable: the body's code, or the flag's input."""
    na = half.not_applicable
    if na is not None and not set(na.exceptions) & set(inputs.exceptions) and na.when is not None:
        spec = next((s for s in direction.inputs if s.symbol in na.when.names), None)
        if spec is not None:
            return inputs.cells.get(spec.key), spec.key
    code = doc.stated.get("body.code")
    return (code.where if code else None), "body.code"
