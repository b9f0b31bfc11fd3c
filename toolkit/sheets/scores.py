"""«Баллы»: every criterion and indicator with its rule, the inputs used and their cells.

Beside each Python result stands the same rule as a live Excel formula over the body's cells, so an
assessor (or LibreOffice in our tests) can recompute every point without trusting our code.

A direction scored per language (openness) gets its own, longer layout (about 170 lines here): one
row per language half, criterion totals (P6 by its combine, P1 with the bonus cap, P7 as a
deduction), the direction's arithmetic, and a block of the numbers counted from the lists, whose
cells the half formulas read; so every half, criterion and total recomputes from the body's cells
and those counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toolkit.analysis.letters import letters, lettered, symbol_labels, unvalued
from toolkit.analysis.openness import LANG_SHORT, is_list_measure, row_word, rows_text, value_text
from toolkit.analysis.words import note_words
from toolkit.block.compute import BlockScore
from toolkit.block.conclusion import formula_text
from toolkit.catalog import load_catalog
from toolkit.catalog.model import Catalog, Direction
from toolkit.numbers import number_text
from toolkit.engine.provisional import reason
from toolkit.rules.base import exact, excel_number
from toolkit.rules.expr import Expr
from toolkit.engine.scoring import CriterionScore, DirectionScore, IndicatorScore, ScoreResult, UsedInput
from toolkit.sheets.model import Formula, SheetSpec
from toolkit.engine.validation import YES
from toolkit.workbook.cells import get_column_letter
from toolkit.workbook.layout import SCORES_SHEET, quote_sheet

HEADER = ("Код", "Критерий / показатель", "Макс. балл", "Балл", "Проверка формулой Excel", "Правило",
          "Исходные данные (ячейка)", "Примечание")
# Per language: the points and their formula stay in D and E as for complaints, so one checker reads both.
HALF_HEADER = ("Код", "Критерий / показатель", "Язык", "Балл", "Проверка формулой Excel", "Макс. балл", "Правило",
               "Исходные данные (ячейка; список и строки)", "Примечание")
MEASURE_HEADER = ("№", "Показатель, рассчитанный по списку", "Язык", "Значение", "Проверка формулой Excel",
                  "", "Список (лист)", "Учтенные строки", "Не учтенные строки")
POINTS_COLUMN, FORMULA_COLUMN, MAX_COLUMN = 4, 5, 6
_F = "E"  # FORMULA_COLUMN's letter: totals add up the recomputed cells, not the Python ones
# Landscape A4 one page wide at 80 % or more (printing.fits_width); every header word fits its column.
_WIDTHS = (7, 38, 8, 8, 11, 40, 36, 24)
_HALF_WIDTHS = (13, 36, 7, 9, 11, 8, 34, 34, 22)
TITLE_ROW = 6  # the first direction's column headers: title, caption, warnings, gap, direction, header


def scores_sheet(result: ScoreResult, catalog_title: str, catalog: Catalog | None = None) -> SheetSpec:
    catalog = catalog or load_catalog(result.meta.edition)
    halves = any(_detailed(catalog.direction(d)) for d in result.directions)
    span = 9 if halves else 8
    sheet = SheetSpec(SCORES_SHEET, _HALF_WIDTHS if halves else _WIDTHS, landscape=True)
    name = result.body.name or "(наименование не указано)"
    provisional = [d for d in result.directions.values() if d.provisional]
    sheet.add(f"Баллы операционной оценки: {name}, {result.meta.period} год"
              + (" — ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ" if provisional else ""), style="title", span=span)
    sheet.add(catalog_title, style="caption", span=span)
    # One row for the warnings, empty when there are none: the header row below never moves between runs,
    # so the print titles written with the sheet stay right when a re-score rewrites it.
    warnings = "\n".join(f"ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ по направлению «{d.title}»: {reason(d)}." for d in provisional)
    sheet.add(warnings, style="check", span=span)
    for direction in result.directions.values():
        spec = catalog.direction(direction.id)
        if _detailed(spec):
            _by_language(sheet, direction, spec, result.meta.body_type)
        else:
            _direction(sheet, direction)
    sheet.title_rows = (TITLE_ROW, TITLE_ROW)
    sheet.footer = f"{name}, {result.meta.period} год"
    if result.block:
        _block(sheet, result.block, catalog, halves)
    return sheet


def _block(sheet: SheetSpec, block: BlockScore, catalog: Catalog, halves: bool) -> None:
    """The block's row: its score (1 decimal, rule 1.2), the weighted sum it came from, its grade; with
    several workbooks, which file each direction was scored from."""
    grade = f"{block.grade.label} степень эффективности (п.108)" + (", предварительный результат" if block.provisional else "")
    sources = "; ".join(f"{p.title}: {Path(p.source).name}" for p in block.parts if p.source)
    rule = f"п.107: {formula_text(block)}"
    values = (("Блок", f"Итоговая оценка по блоку «{catalog.block_title}»", "", block.score, "", 100, rule, sources, grade)
              if halves else
              ("Блок", f"Итоговая оценка по блоку «{catalog.block_title}»", 100, block.score, "", rule, sources, grade))
    row = sheet.add(*values, style="total", skip=2)
    sheet.put(row, POINTS_COLUMN, block.score, "total_score1")


def _detailed(spec: Direction) -> bool:
    """Directions with language halves or numbers counted from lists (openness, services) get the layout
    with criterion totals and the counted numbers, so every cell recomputes; complaints keeps the short one."""
    return bool(spec.languages or spec.measures)


# The letter of a direction's total in its methodology (п.56: U for CGO, T for MIO; openness O).
TOTAL_LETTER = {"openness": {"cgo": "O", "mio": "O"}, "services": {"cgo": "U", "mio": "T"}}


def _direction(sheet: SheetSpec, direction: DirectionScore) -> None:
    head = sheet.add(f"Направление «{direction.title}»", style="bold", span=8, skip=2)
    sheet.keep(head, head + 2)  # the direction's heading with its column headers and first row
    sheet.add(*HEADER, style="header")
    for criterion in direction.criteria:
        for ind in criterion.indicators:
            used = "; ".join(f"{u.symbol} = {number_text(u.value)} ({u.cell})" if u.cell else
                             f"{u.symbol} = {number_text(u.value)}" for u in ind.inputs)
            row = sheet.add(ind.id, ind.title, ind.max, ind.points, None, ind.rule, used, note_words(ind))
            sheet.put(row, 3, ind.max, "number")
            sheet.put(row, 4, ind.points, "number")
            sheet.put(row, 5, Formula(ind.formula, ind.points) if ind.formula else "", "number")
    totals = (("Общая оценка по критериям", direction.raw, ""),
              ("Вычет штрафных баллов (акт сверки)", direction.penalty, ""),
              ("Итоговая оценка с учетом вычета", direction.score, f"Оценка эффективности: {direction.grade.label}"
               + (" (результат предварительный)" if direction.provisional else "")))
    for label, value, note in totals:
        row = sheet.add("", label, None, None, None, None, None, note, style="total")
        sheet.put(row, 4, value, "total_number")


# ---- per-language directions (openness)


def _by_language(sheet: SheetSpec, direction: DirectionScore, spec: Direction, body_type: str) -> None:
    head = sheet.add(f"Направление «{direction.title}»", style="bold", span=9, skip=2)
    sheet.keep(head, head + 2)  # the direction's heading with its column headers and first row
    sheet.add(*HALF_HEADER, style="header")
    halves: list[tuple[int, IndicatorScore]] = []
    totals: dict[str, int] = {}
    criteria = {c.id: c for c in spec.criteria_for(body_type)}
    labels = symbol_labels(spec)
    for criterion in direction.criteria:
        totals[criterion.id] = _criterion(sheet, criterion, criteria[criterion.id].combine, halves, spec, body_type,
                                          labels)
    _totals(sheet, direction, totals, TOTAL_LETTER.get(direction.id, {}).get(body_type, "Σ"))
    refs = _scalar_refs(direction, spec)
    _measures(sheet, direction, spec, body_type, refs)
    for row, ind in halves:
        sheet.put(row, FORMULA_COLUMN, half_formula(ind, refs), "number")


def _row(sheet: SheetSpec, code: str, title: str, lang: str, points: Any, formula: Any, maximum: Any, rule: str,
         used: str, note: str, style: str = "cell") -> int:
    """One row of the per-language layout, in HALF_HEADER's column order."""
    row = sheet.add(code, title, lang, points, None, maximum, rule, used, note, style=style)
    number = "total_number" if style == "total" else "number"
    for col, value in ((POINTS_COLUMN, points), (FORMULA_COLUMN, formula), (MAX_COLUMN, maximum)):
        if value is not None and value != "":
            sheet.put(row, col, value, number)
    return row


def _criterion(sheet: SheetSpec, criterion: CriterionScore, combine: Expr | None,
               halves: list[tuple[int, IndicatorScore]], spec: Direction, body_type: str,
               labels: Mapping[str, str]) -> int:
    top = number_text(criterion.max)
    row = sheet.add(criterion.id, criterion.title, "", None, None, criterion.max, style="bold")
    sheet.put(row, MAX_COLUMN, criterion.max, "total_number")
    rows: dict[str, list[int]] = {}
    for ind in criterion.indicators:
        names = letters(ind, labels)
        row = _row(sheet, ind.id, ind.title, LANG_SHORT[ind.lang], ind.points, None, ind.max, lettered(ind.rule, names),
                   _used_text(ind, spec, body_type, names, labels), note_words(ind))
        halves.append((row, ind))
        rows.setdefault(ind.indicator.removeprefix(criterion.id + "."), []).append(row)
    cells = [r for part in rows.values() for r in part]
    if combine is not None:
        refs = {k: f"SUM({_F}{min(v)}:{_F}{max(v)})" for k, v in rows.items()}
        inner, label = combine.excel(refs), f"Итого {criterion.id} = {combine.russian()}"
        where = ", где буква — сумма баллов показателя по языкам" if spec.languages else ""
        rule = f"{criterion.id} = {combine.russian()}{where}; не более {top}, не меньше 0"
    else:
        inner = f"SUM({_F}{min(cells)}:{_F}{max(cells)})" if cells else "0"
        label = f"Итого штрафных баллов {criterion.id} (вычитаются)" if criterion.penalty else f"Итого {criterion.id}"
        langs = " по обоим языкам" if spec.languages else ""
        rule = f"сумма {'штрафных баллов' if criterion.penalty else 'баллов показателей'}{langs}; не более {top}"
    formula = Formula(f"=MIN({excel_number(criterion.max)},MAX(0,{inner}))", criterion.points)
    return _row(sheet, criterion.id, label, "", criterion.points, formula, criterion.max, rule, "",
                criterion.note or "", style="total")


def _totals(sheet: SheetSpec, direction: DirectionScore, totals: dict[str, int], letter: str) -> None:
    earned = [c for c in direction.criteria if not c.penalty]
    penalties = [c for c in direction.criteria if c.penalty]
    ids = "–".join(dict.fromkeys((earned[0].id, earned[-1].id))) if earned else ""
    plus = float(sum(c.exact for c in earned))
    minus = 0.0 - float(sum(c.exact for c in penalties))
    rows = [_total(sheet, f"Сумма критериев {ids}", plus,
                   "=SUM(" + ",".join(f"{_F}{totals[c.id]}" for c in earned) + ")")]
    if penalties:
        rows.append(_total(sheet, "Вычет " + ", ".join(f"{c.id} «{c.title}»" for c in penalties), minus,
                           "=-(" + "+".join(f"{_F}{totals[c.id]}" for c in penalties) + ")"))
    o_row = _total(sheet, f"{letter} = " + " + ".join(c.id for c in earned) + "".join(f" − {c.id}" for c in penalties)
                   + " (до вычета штрафных баллов акта сверки)", direction.raw,
                   f"=MIN(100,MAX(0,{'+'.join(f'{_F}{r}' for r in rows)}))")
    deducted = 0.0 - direction.penalty
    pen_row = _total(sheet, "Вычет штрафных баллов (акт сверки, п.17–21)", deducted, deducted)
    final = _total(sheet, "Итоговая оценка с учетом вычета", direction.score, f"=MAX(0,{_F}{o_row}+{_F}{pen_row})")
    sheet.put(final, 9, f"Оценка эффективности: {direction.grade.label}"
              + (" (результат предварительный)" if direction.provisional else ""), "total")


def _total(sheet: SheetSpec, label: str, value: float, formula: str | float) -> int:
    check = Formula(formula, value) if isinstance(formula, str) else formula
    return _row(sheet, "", label, "", value, check, "", "", "", "", style="total")


def _used_text(ind: IndicatorScore, spec: Direction, body_type: str, names: Mapping[str, str],
               labels: Mapping[str, str]) -> str:
    """The row's inputs, then any letter of its rule without a value (an assessor's number not given)."""
    return "; ".join([*(used_text(u, spec, body_type, names.get(u.symbol)) for u in ind.inputs),
                      *(f"{letter} — {labels[symbol]}" for letter, symbol in unvalued(ind, names))])


def used_text(u: UsedInput, spec: Direction, body_type: str, letter: str | None = None) -> str:
    """«f = value (Sheet!C7)» for a cell; «a = value — label (лист «…», строки 8, 9)» for a count. A symbol
    shown by a letter of its row (`letter`) says what it stands for beside its cell too."""
    name = letter or u.symbol
    if u.cell is not None:
        return f"{name} = {value_text(u, spec)}" + (f" — {u.label}" if letter else "") + f" ({u.cell})"
    if u.source:
        return f"{name} = {value_text(u, spec)} — {u.label} ({u.source})"
    if not is_list_measure(u):
        return f"{name} = {number_text(u.value)} — {u.label}"
    counted = f"{row_word(u.rows)} {rows_text(u.rows)}" if u.rows else "строк нет"
    return f"{name} = {number_text(u.value)} — {u.label} (лист «{list_sheet(spec, u.key, body_type)}», {counted})"


def list_sheet(spec: Direction, key: str, body_type: str) -> str:
    lst = spec.list_by_key(key)
    if lst.own_sheet:
        return lst.own_sheet[body_type]
    sheet_id = lst.sheet
    return next((s.name[body_type] for s in spec.sheets if s.id == sheet_id), sheet_id)


def _scalar_refs(direction: DirectionScore, spec: Direction) -> dict[str, str]:
    """Symbol → the body's cell, as a formula operand («Да» answers compared, so they read as TRUE/FALSE)."""
    yesno = {i.symbol for i in spec.inputs if i.type == "yesno"}
    refs = {}
    for criterion in direction.criteria:
        for ind in criterion.indicators:
            for u in ind.inputs:
                if u.cell is not None:
                    ref = f"{quote_sheet(u.cell.sheet)}!{u.cell.cell}"
                    refs[u.symbol] = f'({ref}="{YES}")' if u.symbol in yesno else ref
                elif u.source:  # the assessor workbook's value: not a cell of this workbook, so a number
                    refs[u.symbol] = excel_number(u.value)
    return refs


def _measures(sheet: SheetSpec, direction: DirectionScore, spec: Direction, body_type: str, refs: dict[str, str]) -> None:
    """«Показатели, рассчитанные по спискам»: each count's value (D) and, for a computed one, its formula (E)."""
    if not direction.measures:
        return
    head = sheet.add("Показатели, рассчитанные по спискам", style="bold", span=9, skip=2)
    sheet.keep(head, head + 2)
    sheet.add(*MEASURE_HEADER, style="header")
    catalog_measures = {m.symbol: m for m in spec.measures}
    for number, (symbol, m) in enumerate(direction.measures.items(), start=1):
        lang = catalog_measures[symbol].lang if symbol in catalog_measures else ""
        if m.list_key:
            source = f"«{spec.list_by_key(m.list_key).title}» (лист «{list_sheet(spec, m.list_key, body_type)}»)"
            counted, missed = rows_text(m.rows) or "—", rows_text(sorted(set(m.of) - set(m.rows))) or "—"
        else:
            source, counted, missed = "вычисляется из других показателей", "", ""
        style = "integer" if float(m.value).is_integer() else "number"  # a count reads «3», not «3,00»
        row = sheet.add(number, m.label, LANG_SHORT[lang], float(m.value), "", "", source, counted, missed)
        sheet.put(row, POINTS_COLUMN, float(m.value), style)
        expr = catalog_measures[symbol].expr if symbol in catalog_measures else None
        banded = banded_formula(catalog_measures.get(symbol), m, spec, body_type)
        if banded is not None:
            sheet.put(row, FORMULA_COLUMN, Formula(banded, float(m.value)), "number")
            refs[symbol] = f"{_F}{row}"
        elif expr is not None and all(n in refs for n in expr.names):
            sheet.put(row, FORMULA_COLUMN, Formula("=" + expr.excel(refs), float(m.value)), style)
            refs[symbol] = f"{_F}{row}"
        else:
            refs[symbol] = f"D{row}"


def banded_formula(measure: Any, value: Any, spec: Direction, body_type: str) -> str | None:
    """A mean through bands (Прил. 6) over the list's number column, as Excel computes it: each band adds
    its step above the next one, so SUMPRODUCT needs no IF (which Excel would not evaluate per row)."""
    if measure is None or not measure.bands or measure.where is not None or not value.of:
        return None
    lst = spec.list_by_key(measure.list_key)
    column = get_column_letter(1 + [c.field for c in lst.columns].index(measure.field))
    cells = f"{quote_sheet(list_sheet(spec, lst.key, body_type))}!${column}${min(value.of)}:${column}${max(value.of)}"
    steps = [(low, float(exact(v) - exact(measure.bands[i + 1][1] if i + 1 < len(measure.bands) else 0)))
             for i, (low, v) in enumerate(measure.bands)]
    terms = "+".join(f"({cells}>={excel_number(low)})*{excel_number(step)}" for low, step in steps if step)
    return f"=IF(COUNT({cells})=0,0,SUMPRODUCT({terms})/COUNT({cells}))"


def half_formula(ind: IndicatorScore, refs: Mapping[str, str]) -> Formula | float:
    """The half's rule over cells, with max_if and zero_if around it; a constant when it was not computed
    from the rule (not applicable → peer average; no data)."""
    half = ind.half
    if half is None or not ind.applicable or ind.note == "нет данных":
        return ind.points
    needed = [*half.rule.symbols(), *(half.max_if.names if half.max_if else ()), *(half.zero_if.names if half.zero_if else ())]
    if any(s not in refs for s in needed):
        return ind.points
    body = half.rule.excel(ind.max, refs).removeprefix("=")
    if half.max_if is not None:
        body = f"IF({half.max_if.excel(refs)},{excel_number(ind.max)},{body})"
    if half.zero_if is not None:
        body = f"IF({half.zero_if.excel(refs)},0,{body})"
    return Formula("=" + body, ind.points)
