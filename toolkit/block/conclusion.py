"""The block's conclusion in the form of Прил. 15 (п.107–108), appended to «Заключение» on its own page.

Where: the same «Заключение» sheet that holds the direction's conclusion (Прил. 3/4, 8, 12), below it,
after a page break. `score` keeps adding exactly its three sheets (CONTRACTS), every copy of the
body's reports carries the block conclusion its assessing body signs with, and printing «Заключение»
(or `score --pdf`) prints both. The analysis per direction is generated from the direction's scores
alone, since with three workbooks the other directions' inputs are in other files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.block.compute import BlockPart, BlockScore
from toolkit.catalog.model import Catalog
from toolkit.analysis.words import deduction_text, earned_text
from toolkit.numbers import number_text, score_text
from toolkit.rules.base import points_text
from toolkit.engine.provisional import reason
from toolkit.sheets.signatures import signature_block
from toolkit.sheets.model import SheetSpec

if TYPE_CHECKING:
    from toolkit.engine.scoring import ScoreResult

APPENDIX = "Приложение 15 к Методике операционной оценки взаимодействия государственного органа с физическими и юридическими лицами"
_ORGAN = {"cgo": "центрального государственного органа", "mio": "местного исполнительного органа"}
SIGNATURES = (
    "Заместитель Председателя Агентства Республики Казахстан по делам государственной службы",
    "Руководитель соответствующего структурного подразделения уполномоченного на оценку органа",
)


def block_form(sheet: SheetSpec, result: ScoreResult, catalog: Catalog) -> None:
    """Прил. 15 on a new printed page of `sheet`: the three directions' scores, the block and its
    grade, the analysis per direction, «Выводы и рекомендации» and the signature block."""
    block = result.block
    if block is None:
        return
    span = len(sheet.widths)
    body_type = result.meta.body_type
    sheet.new_page()
    sheet.add(APPENDIX, style="subtitle", span=span, skip=1)
    sheet.add("Форма", style="subtitle", span=span)
    sheet.add("Заключение о результатах операционной оценки эффективности деятельности государственных органов "
              f"по блоку «{catalog.block_title}»", style="title", span=span, skip=2)
    if block.provisional:  # in the title area, so a printed page can never pass for a final one
        sheet.add("ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ", style="title", span=span)
        for part in block.parts:
            if part.provisional and part.scored is not None:
                sheet.add(f"Результат по направлению «{part.title}» предварительный: {reason(part.scored)}.",
                          style="check", span=span)
    sheet.add(result.body.name or "", style="bold", span=span, skip=2)
    sheet.add(f"(наименование {_ORGAN[body_type]})", style="caption", span=span)
    sheet.add(f"{result.meta.period} год", style="bold", span=span)
    sheet.add("(отчетный период)", style="caption", span=span)
    _table(sheet, block, span)
    sheet.add(f"Анализ эффективности деятельности {_ORGAN[body_type]} по направлениям операционной оценки:",
              style="bold", span=span, skip=2)
    for i, part in enumerate(block.parts, 1):
        sheet.add(f"{i}. Оценка по направлению «{part.title}»: {analysis(part)}", style="text", span=span)
    heading = sheet.add("Выводы и рекомендации:", style="bold", span=span, skip=2)
    sheet.keep(heading, heading + 1)  # a heading never ends a page
    for i, line in enumerate(recommendations(block, body_type, catalog), 1):
        sheet.add(f"{i}) {line}", style="text", span=span)
    signature_block(sheet, tuple(SIGNATURES), span)


def _table(sheet: SheetSpec, block: BlockScore, span: int) -> None:
    """№ | Направления операционной оценки | Оценка, as Прил. 15 draws it; the block total below, then how
    it was summed (п.107) and its grade (п.108)."""
    last = span - 1  # «Оценка» takes the last two columns, the direction's title the ones between
    row = sheet.add("№", "Направления операционной оценки", style="header", skip=2)
    sheet.put(row, last, "Оценка", "header")
    _merge(sheet, row, last)
    for i, part in enumerate(block.parts, 1):
        row = sheet.add(i, part.title + (" (предварительный результат)" if part.provisional else ""))
        sheet.put(row, 1, i, "cell_center")
        sheet.put(row, last, part.score, "number")
        _merge(sheet, row, last)
    row = sheet.add("", "Итоговая оценка", style="total")
    sheet.put(row, last, block.score, "total_score1")
    _merge(sheet, row, last)
    row = sheet.add("", "Степень эффективности (п.108)", style="total")
    sheet.put(row, last, block.grade.label, "total")
    _merge(sheet, row, last)
    sheet.add("Итоговая оценка (п.107): " + formula_text(block), style="caption", span=span)


def _merge(sheet: SheetSpec, row: int, last: int) -> None:
    if last > 3:
        sheet.merges.append((row, 2, row, last - 1))
    sheet.merges.append((row, last, row, last + 1))
    for col in range(3, last):
        sheet.put(row, col, None, sheet.cells[row, 2].style)
    sheet.put(row, last + 1, None, sheet.cells[row, last].style)


def formula_text(block: BlockScore) -> str:
    """«0,5 × 85,20 + 0,2 × 77,16 + 0,3 × 93,60 = 80,6»: the weights and the shown scores, the unrounded sum."""
    terms = " + ".join(f"{number_text(p.weight)} × {score_text(p.score)}" for p in block.parts)
    return f"{terms} = {points_text(block.score, 1)}"


def analysis(part: BlockPart) -> str:
    """A direction in one paragraph: its score and grade, each criterion against its maximum, the deduction."""
    d = part.scored
    text = earned_text(part.score, 100)
    if d is None:
        return text + "."
    text += f", {d.grade.label} степень эффективности"
    earned = [f"«{c.title}» — {earned_text(c.points, c.max)}" for c in d.criteria if not c.penalty]
    deducted = [f"«{c.title}» — {deduction_text(c.points, c.max)}" for c in d.criteria if c.penalty and c.points]
    text += "; по критериям: " + "; ".join(earned + deducted) if earned or deducted else ""
    if d.penalty:
        text += f"; по акту сверки (п.17–21) {points_text(d.penalty, 2)} вычтено"
    if part.source:
        text += f" (отчет {Path(part.source).name})"
    if d.provisional:
        text += f". Результат предварительный: {reason(d)}"
    return text + "."


def recommendations(block: BlockScore, body_type: str, catalog: Catalog) -> list[str]:
    """The block's grade, then for each direction below «высокая» where most points were lost; the
    deductions; where the detailed recommendations are (each direction's own conclusion)."""
    lines = [f"Итоговая оценка по блоку — {points_text(block.score, 1)}: {block.grade.label} степень "
             "эффективности деятельности государственного органа (п.108)"
             + (" (предварительно)" if block.provisional else "") + "."]
    top = catalog.grades[0]
    for part in block.parts:
        d = part.scored
        if d is None:
            continue
        appendix = catalog.direction(part.direction).conclusion_appendix[body_type].replace("Прил.", "приложение")
        if d.grade.id != top.id:
            earned = [c for c in d.criteria if not c.penalty and c.max > c.points]
            worst = max(earned, key=lambda c: c.max - c.points, default=None)
            where = (f": больше всего баллов недобрано по критерию «{worst.title}» ("
                     f"{earned_text(worst.points, worst.max)}, недобрано {points_text(worst.max - worst.points, 2)})"
                     ) if worst else ""
            lines.append(f"По направлению «{part.title}» ({d.grade.label} степень эффективности) принять меры по "
                         f"повышению оценки{where}; подробные рекомендации — в заключении по направлению ({appendix}).")
        if d.facts:
            lines.append(f"По направлению «{part.title}» вычтено {points_text(d.penalty, 2)} за недостоверную или "
                         "неполную информацию (акт сверки): обеспечить достоверность и полноту представляемых сведений.")
    if len(lines) == 1:
        lines.append(f"По всем направлениям достигнута {top.label} степень эффективности: сохранить достигнутый уровень.")
    return lines
