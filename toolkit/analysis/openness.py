"""What the Прил. 8 conclusion says per openness criterion, from the halves and the list rows behind them.

Longer than most modules (about 300 lines) because it holds, in one place, everything that turns an
openness half into words: which list rows kept it from its maximum (the rows the denominator counts
and the numerator does not, plus the rows a subtracted term counts — «late»), the names of those
items, the languages, the peer-average and provisional notes, and the advice per criterion (the
catalog's per indicator, none for an indicator not applicable to the body). The
«Баллы» sheet and `explain` reuse its row and language helpers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from toolkit.analysis.words import deduction_text, earned_text, in_words, inline, note_words
from toolkit.catalog import load_catalog
from toolkit.catalog.model import Direction
from toolkit.engine.inputs import Inputs
from toolkit.numbers import number_text, points_text, score_text
from toolkit.rules.expr import Expr
from toolkit.engine.scoring import CriterionScore, DirectionScore, IndicatorScore, UsedInput

LANG_SHORT = {"kk": "каз.", "ru": "рус.", "": "—"}
NAMES_SHOWN = 5


def rows_text(rows: Iterable[int], limit: int = 12) -> str:
    """«8, 9, 12» with runs joined («8–11, 15») and, past `limit` pieces, «… (всего N)»."""
    rows = sorted(set(rows))
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    parts = [f"{a}" if a == b else f"{a}, {b}" if b == a + 1 else f"{a}–{b}" for a, b in runs]
    text = ", ".join(parts[:limit])
    return text + (f" … (всего {len(rows)})" if len(parts) > limit else "")


def row_word(rows: Iterable[int], one: str = "строка", many: str = "строки") -> str:
    return one if len(set(rows)) == 1 else many


def lang_phrase(direction: Direction, lang: str) -> str:
    return direction.languages.get(lang, "")


def is_list_measure(used: UsedInput) -> bool:
    return used.cell is None and bool(used.key)


def signed_names(expr: Expr) -> tuple[list[str], list[str]]:
    """The symbols an expression adds and those it subtracts («a − b + c» → [a, c], [b])."""
    plus: list[str] = []
    minus: list[str] = []

    def walk(node: ast.AST, sign: int) -> None:
        if isinstance(node, ast.Name):
            (plus if sign > 0 else minus).append(node.id)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            walk(node.left, sign)
            walk(node.right, -sign if isinstance(node.op, ast.Sub) else sign)

    walk(expr.tree, 1)
    return plus, minus


def shortfall(ind: IndicatorScore) -> dict[str, tuple[int, ...]]:
    """List key → the rows that kept this half from its maximum (a penalty: the rows that cost points)."""
    rule = ind.half.rule if ind.half is not None else None
    lists = {u.symbol: u for u in ind.inputs if is_list_measure(u)}
    if rule is None or rule.kind not in ("share", "penalty"):
        return {}
    num_plus, num_minus = signed_names(rule.numerator)  # type: ignore[attr-defined]
    if rule.kind == "penalty":
        return _group(lists[s] for s in num_plus if s in lists)
    den_plus, _ = signed_names(rule.denominator)  # type: ignore[attr-defined]
    wanted, got, bad = (_group(lists[s] for s in names if s in lists) for names in (den_plus, num_plus, num_minus))
    out = {}
    for key in {*wanted, *bad}:
        rows = (set(wanted.get(key, ())) - set(got.get(key, ()))) | set(bad.get(key, ()))
        if rows:
            out[key] = tuple(sorted(rows))
    return out


def _group(used: Iterable[UsedInput]) -> dict[str, tuple[int, ...]]:
    out: dict[str, set[int]] = {}
    for u in used:
        out.setdefault(u.key, set()).update(u.rows)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def item_names(inputs: Inputs, direction: Direction, key: str, rows: tuple[int, ...], limit: int = NAMES_SHOWN) -> str:
    """«Набор A» (строка 15), «Набор D» (январь 2022, строка 18) и ещё 3 — by the list's `named_by` fields
    (the first quoted, the others beside the row: a budget programme is its name, then its code), or its
    first text column."""
    spec = direction.list_by_key(key)
    fields = spec.named_by or tuple(c.field for c in spec.columns if c.type == "text")[:1]
    data = inputs.lists.get(key)
    values = {r.row: r.values for r in data.rows} if data else {}
    names = []
    for row in rows[:limit]:
        found = [str(v).strip() for f in fields if (v := values.get(row, {}).get(f)) not in (None, "")]
        if found and values.get(row, {}).get(fields[0]) not in (None, ""):
            names.append(f"«{found[0]}» ({', '.join([*found[1:], f'строка {row}'])})")
        else:
            names.append(", ".join([*found, f"строка {row}"]))
    extra = len(rows) - limit
    return ", ".join(names) + (f" и ещё {extra}" if extra > 0 else "")


def value_text(used: UsedInput, direction: Direction) -> str:
    """A used number as the clerk typed it: «Да»/«Нет» for a yes/no input."""
    if used.cell is not None and any(i.symbol == used.symbol and i.type == "yesno" for i in direction.inputs):
        return "«Да»" if used.value else "«Нет»"
    return number_text(used.value)


def _figures(ind: IndicatorScore, direction: Direction) -> str:
    """The numbers the rule read (a flag read only to decide applicability is left out)."""
    na = ind.half.not_applicable if ind.half is not None else None
    only_na = set(na.when.names) if na is not None and na.when is not None else set()
    if ind.half is not None:
        only_na -= {*ind.half.rule.symbols(), *(ind.half.max_if.names if ind.half.max_if else ()),
                    *(ind.half.zero_if.names if ind.half.zero_if else ())}
    return ", ".join(f"{inline(u.label)} — {value_text(u, direction)}" for u in ind.inputs if u.symbol not in only_na)


def _note(ind: IndicatorScore) -> str:
    """The engine's note in words, with a zero_if / max_if outcome said as a reason."""
    half, note = ind.half, ind.note or ""
    if half is not None and half.zero_if is not None and note == f"{half.zero_if.russian()}: 0 баллов":
        return in_words(f"показатель обнулен, так как {half.zero_if.russian()}", ind)
    if half is not None and half.max_if is not None and note == f"{half.max_if.russian()}: максимум":
        return in_words(f"присвоен максимум, так как {half.max_if.russian()}", ind)
    return note_words(ind)


def _half_text(ind: IndicatorScore, direction: Direction, inputs: Inputs, penalty: bool = False) -> str:
    where = f" ({lang_phrase(direction, ind.lang)})" if ind.lang else ""
    head = f"«{ind.title}»{where}: {deduction_text(ind.points, ind.max) if penalty else earned_text(ind.points, ind.max)}"
    if not ind.applicable:
        return f"{head} — показатель не оценивается: {note_words(ind)}."
    if ind.note == "нет данных":
        return f"{head} — нет данных для расчета, результат предварительный."
    figures = _figures(ind, direction) if ind.inputs else ""
    parts = [head + (f" ({figures})" if figures and not penalty else "")] + ([figures] if figures and penalty else [])
    rule = ind.half.rule if ind.half is not None else None
    for key, rows in sorted(shortfall(ind).items()):
        if rule is not None and rule.kind == "penalty":
            label = next(u.label for u in ind.inputs if u.key == key and u.rows)
            parts.append(f"{label}: {item_names(inputs, direction, key, rows)}")
            continue
        symbol = next((s for s in signed_names(rule.numerator)[0]), "")  # type: ignore[union-attr]
        measure = next((m for m in direction.measures if m.symbol == symbol), None)
        phrase = measure.missing if measure is not None and measure.missing else "не учтены в показателе"
        lang = f" {lang_phrase(direction, ind.lang)}" if measure is not None and measure.lang else ""
        parts.append(f"{phrase}{lang}: {item_names(inputs, direction, key, rows)}")
    if ind.note:
        parts.append(_note(ind))
    return "; ".join(parts) + "."


def by_language(criterion: CriterionScore, spec_combine: Expr | None = None) -> dict[str, float]:
    """Points of the criterion per language: a sum of that language's halves, or the combine (P6) over
    them with a language-free factor used in both."""
    out = {}
    for lang in ("kk", "ru"):
        halves = [i for i in criterion.indicators if i.lang == lang or (i.factor and not i.lang)]
        if spec_combine is None:
            out[lang] = sum(i.exact for i in halves if i.lang == lang)
        else:
            sums = {i.indicator.removeprefix(criterion.id + "."): 0 for i in criterion.indicators}
            for i in halves:
                sums[i.indicator.removeprefix(criterion.id + ".")] += i.exact
            out[lang] = spec_combine.value(sums)
    return {k: float(v) for k, v in out.items()}


def paragraphs(direction: DirectionScore, inputs: Inputs) -> list[list[str]]:
    """Per criterion: the opening with points by language, then one sentence per half that lost points."""
    spec = load_catalog(inputs.meta.edition).direction(direction.id)
    specs = {c.id: c for c in spec.criteria_for(inputs.meta.body_type)}
    out = []
    for criterion in direction.criteria:
        lang = by_language(criterion, specs[criterion.id].combine)
        split = (f"{lang_phrase(spec, 'kk')} — {score_text(lang['kk'])}, {lang_phrase(spec, 'ru')} — "
                 f"{score_text(lang['ru'])}") if criterion.indicators else ""
        if criterion.penalty:
            lines = [f"{deduction_text(criterion.points, criterion.max)}" + (f": {split}." if split else ".")]
            if not criterion.indicators:
                lines = ["подведомственные организации местных исполнительных органов не оцениваются (Прил. 10 табл. 8, прим. *)."]
        else:
            lines = [f"{earned_text(criterion.points, criterion.max)}" + (f" ({split})." if split else ".")]
        if criterion.note:
            lines.append(criterion.note[0].upper() + criterion.note[1:] + ".")
        lost = [i for i in criterion.indicators if _lost(i, criterion)]
        for ind in lost:
            if not _twin(ind, lost):
                lines.append(_half_text(ind, spec, inputs, criterion.penalty))
            elif ind.lang == "kk":
                lines.append(_both_text(ind, spec))
        if criterion.indicators and not lost:
            lines.append("Нарушений не выявлено." if criterion.penalty else "Баллы по всем показателям получены полностью.")
        out.append(lines)
    return out


def _twin(ind: IndicatorScore, lost: list[IndicatorScore]) -> bool:
    """Both halves not assessed alike (rule 1.5): said once for the two languages."""
    return not ind.applicable and sum(1 for i in lost if i.indicator == ind.indicator and not i.applicable
                                      and i.note == ind.note and i.points == ind.points) == 2


def _both_text(ind: IndicatorScore, direction: Direction) -> str:
    return (f"«{ind.title}» ({lang_phrase(direction, 'kk')} и {lang_phrase(direction, 'ru')}): по "
            f"{earned_text(ind.points, ind.max)} — показатель не оценивается: {note_words(ind)}.")


def _lost(ind: IndicatorScore, criterion: CriterionScore) -> bool:
    if ind.bonus and criterion.points >= criterion.max:
        return False  # the bonus is ignored when the criterion is full without it (Прил. 10 табл. 1 стр. 6)
    if not ind.applicable or ind.note == "нет данных":
        return True
    return ind.points > 0 if criterion.penalty else ind.points < ind.max


def analysis(direction: DirectionScore, inputs: Inputs) -> list[str]:
    """One text per criterion (the ANALYSIS registry's contract): the paragraphs joined."""
    return [" ".join(lines) for lines in paragraphs(direction, inputs)]


def recommendations(direction: DirectionScore, inputs: Inputs) -> list[str]:
    """Per criterion that lost points, the catalog's advice of each indicator that lost them and applies
    to the body; an indicator not applicable to it (rule 1.5, an exemption) gets no advice, only one
    closing line saying the peer average stood in for it."""
    spec = load_catalog(inputs.meta.edition).direction(direction.id)
    body_type = inputs.meta.body_type
    advice = {i.id: i.advice for c in spec.criteria_for(body_type) for i in c.indicators_for(body_type)}
    out = []
    for c in direction.criteria:
        lost = c.points if c.penalty else c.max - c.points
        halves = [i for i in c.indicators if _lost(i, c) and i.applicable and i.note != "нет данных"]
        said = list(dict.fromkeys(advice.get(i.indicator) or f"повысить показатель «{i.title}»" for i in halves))
        if lost <= 0 or not said:
            continue
        langs = [lang_phrase(spec, lg) for lg in ("kk", "ru") if any(i.lang == lg for i in halves)]
        where = f"; потери {' и '.join(langs)}" if langs else ""
        kind = f"{'снято' if c.penalty else 'потеряно'} {points_text(lost, 2)}"
        out.append(f"По критерию «{c.title}» ({kind}{where}): {'; '.join(said)}.")
    if not out:
        out.append("Нарушений по критериям не выявлено; рекомендуется сохранить достигнутый уровень.")
    return out + exempt_lines(direction)


def _unquoted(text: str) -> str:
    """«…, так как «бюджет имеет гриф»» → «…, так как бюджет имеет гриф»: a whole label needs no quotes."""
    head, sep, tail = text.partition("так как «")
    return f"{head}так как {tail[:-1]}" if sep and tail.endswith("»") and tail.count("«") == tail.count("»") - 1 else text


def exempt_lines(direction: DirectionScore) -> list[str]:
    """One line per reason an indicator is not applicable: which ones, and what stood in for them."""
    groups: dict[str, list[IndicatorScore]] = {}
    for c in direction.criteria:
        for i in c.indicators:
            if not i.applicable:
                groups.setdefault(note_words(i).split(";")[0], []).append(i)
    lines = []
    for why, halves in groups.items():
        titles = ", ".join(f"«{t}»" for t in dict.fromkeys(i.title for i in halves))
        why = _unquoted(why.replace("не применяется: ", "не применяется, так как "))
        one = len({i.indicator for i in halves}) == 1
        word, it, to_it = ("Показатель", "него", "нему") if one else ("Показатели", "них", "ним")
        why = why if one else why.replace("не применяется", "не применяются")
        known = all(i.id not in dict(direction.pending) for i in halves)
        stood = ("применен средний балл органов (правило 1.5)" if known else
                 "средний балл органов пока не известен (правило 1.5), результат предварительный")
        lines.append(f"{word} {titles} {why}: вместо {it} {stood}; рекомендации по {to_it} не даются.")
    return lines
