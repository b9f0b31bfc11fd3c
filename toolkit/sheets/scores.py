"""«Баллы»: every criterion and indicator with its rule, the inputs used and their cells.

Beside each Python result stands the same rule as a live Excel formula over the body's cells, so an
assessor (or LibreOffice in our tests) can recompute every point without trusting our code.
"""

from __future__ import annotations

from toolkit.numbers import number_text
from toolkit.scoring import DirectionScore, ScoreResult
from toolkit.sheets.model import Formula, SheetSpec
from toolkit.workbook.layout import SCORES_SHEET

HEADER = ("Код", "Критерий / показатель", "Макс. балл", "Балл", "Проверка формулой Excel", "Правило",
          "Исходные данные (ячейка)", "Примечание")


def scores_sheet(result: ScoreResult, catalog_title: str) -> SheetSpec:
    sheet = SheetSpec(SCORES_SHEET, (7, 40, 8, 8, 11, 46, 40, 26), landscape=True)
    name = result.body.name or "(наименование не указано)"
    sheet.add(f"Баллы операционной оценки: {name}, {result.meta.period} год", style="title", span=8)
    sheet.add(catalog_title, style="caption", span=8)
    for direction in result.directions.values():
        _direction(sheet, direction)
    if result.block:
        sheet.add("Блок", "Итоговая оценка по блоку", 100, result.block.score, None, None, None,
                  result.block.grade.label, style="total", skip=2)
    return sheet


def _direction(sheet: SheetSpec, direction: DirectionScore) -> None:
    sheet.add(f"Направление «{direction.title}»", style="bold", span=8, skip=2)
    sheet.add(*HEADER, style="header")
    for criterion in direction.criteria:
        for ind in criterion.indicators:
            used = "; ".join(f"{u.symbol} = {number_text(u.value)} ({u.cell})" if u.cell else
                             f"{u.symbol} = {number_text(u.value)}" for u in ind.inputs)
            row = sheet.add(ind.id, ind.title, ind.max, ind.points, None, ind.rule, used, ind.note or "")
            sheet.put(row, 3, ind.max, "number")
            sheet.put(row, 4, ind.points, "number")
            sheet.put(row, 5, Formula(ind.formula, ind.points) if ind.formula else "", "number")
    totals = (("Общая оценка по критериям", direction.raw, ""),
              ("Вычет штрафных баллов (акт сверки)", direction.penalty, ""),
              ("Итоговая оценка с учетом вычета", direction.score, f"Оценка эффективности: {direction.grade.label}"))
    for label, value, note in totals:
        row = sheet.add("", label, None, None, None, None, None, note, style="total")
        sheet.put(row, 4, value, "total_number")
