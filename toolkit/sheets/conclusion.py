"""«Заключение»: the conclusion in the form of the direction's appendix (Прил. 12 for complaints)."""

from __future__ import annotations

from toolkit.analysis import ANALYSIS, RECOMMENDATIONS
from toolkit.catalog.model import Catalog
from toolkit.inputs import Inputs
from toolkit.numbers import number_text, score_text
from toolkit.scoring import DirectionScore, ScoreResult
from toolkit.sheets.model import SheetSpec
from toolkit.workbook.layout import CONCLUSION_SHEET

_ORGAN = {"cgo": ("центрального государственного органа", "центрального государственного органа"),
          "mio": ("местного исполнительного органа", "местного исполнительного органа")}


def conclusion_sheet(result: ScoreResult, inputs: Inputs, catalog: Catalog) -> SheetSpec:
    sheet = SheetSpec(CONCLUSION_SHEET, (6, 58, 12, 12))
    for n, direction in enumerate(result.directions.values()):
        _form(sheet, direction, result, inputs, catalog, skip=1 if n == 0 else 3)
    return sheet


def _form(sheet: SheetSpec, direction: DirectionScore, result: ScoreResult, inputs: Inputs, catalog: Catalog,
          skip: int) -> None:
    body_type = result.meta.body_type
    appendix = catalog.direction(direction.id).conclusion_appendix[body_type]
    sheet.add(f"{appendix.replace('Прил.', 'Приложение')} к Методике операционной оценки взаимодействия "
              "государственного органа с физическими и юридическими лицами", style="subtitle", span=4, skip=skip)
    sheet.add("Форма", style="subtitle", span=4)
    title = sheet.add(f"Заключение о результатах операционной оценки по направлению «{direction.title}» блока "
                      f"«{catalog.block_title}»", style="title", span=4, skip=2)
    sheet.add(result.body.name or "", style="bold", span=4, skip=2)
    sheet.add(f"(наименование {_ORGAN[body_type][0]})", style="caption", span=4)
    sheet.add(f"{result.meta.period} год", style="bold", span=4)
    sheet.add("(отчетный период)", style="caption", span=4)
    sheet.add("№", "Критерии операционной оценки", "Балл", "Макс. балл", style="header", skip=2)
    for i, criterion in enumerate(direction.criteria, start=1):
        row = sheet.add(i, criterion.title, criterion.points, criterion.max)
        sheet.put(row, 1, i, "cell_center")
        sheet.put(row, 3, criterion.points, "number")
    _total(sheet, "Общая оценка по критериям", direction.raw, catalog.direction(direction.id).max)
    _total(sheet, "Вычет штрафных баллов", direction.penalty, catalog.penalty_cap)
    _total(sheet, "Итоговая оценка с учетом вычета штрафных баллов", direction.score, catalog.direction(direction.id).max)
    sheet.add("", "Оценка эффективности (п.108)", direction.grade.label, style="total")
    sheet.merges.append((sheet.row, 3, sheet.row, 4))
    if direction.provisional:
        sheet.add("Результат предварительный: " + "; ".join(direction.notes), style="check", span=4)
    sheet.add(f"Анализ эффективности деятельности {_ORGAN[body_type][1]} по критериям операционной оценки:",
              style="bold", span=4, skip=2)
    for i, (criterion, text) in enumerate(zip(direction.criteria, ANALYSIS[direction.id](direction, inputs)), 1):
        sheet.add(f"{i}. По критерию «{criterion.title}»: {text}", style="text", span=4)
    sheet.add("Выводы и рекомендации:", style="bold", span=4, skip=2)
    for line in _conclusions(direction, inputs, catalog):
        sheet.add(line, style="text", span=4)
    sheet.add("Руководитель Уполномоченного органа", style="bold", span=4, skip=3)
    sheet.add("___________            ___________________________", style="text", span=4, skip=2)
    sheet.add("(подпись)                      (расшифровка подписи)", style="caption", span=4)
    sheet.add("«____» ______________ 20 ___ г.", style="text", span=4, skip=2)


def _total(sheet: SheetSpec, label: str, value: float, maximum: float) -> None:
    row = sheet.add("", label, value, maximum, style="total")
    sheet.put(row, 3, value, "total_number")


def _conclusions(direction: DirectionScore, inputs: Inputs, catalog: Catalog) -> list[str]:
    lines = [f"{i}) {text}" for i, text in enumerate(RECOMMENDATIONS[direction.id](direction, inputs), 1)]
    if direction.facts:
        lines.append("По итогам перепроверки (акт сверки, п.17–21) выявлены факты:")
        for i, fact in enumerate(direction.facts, 1):
            kind = catalog.penalty_kinds[fact.kind]
            lines.append(f"   {i}) {kind.label}: {fact.text} (−{number_text(kind.points)} балла)")
        lines.append(f"Итоговый вычет: {score_text(direction.penalty)} балла (не более {number_text(catalog.penalty_cap)}).")
    return lines
