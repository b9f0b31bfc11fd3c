"""The appeal's outcome in «Заключение» (Прил. 14): the table of disagreements as decided, then «Общий балл
с учетом итогов обжалования» with the first result beside it, so the corrected conclusion sent to the body
(п.115) shows both."""

from __future__ import annotations

from toolkit.engine.inputs import Inputs
from toolkit.numbers import number_text, score_text
from toolkit.engine.scoring import DirectionScore
from toolkit.sheets.model import SheetSpec
from toolkit.workbook.layout import APPEAL_DECISIONS


def appeal_section(sheet: SheetSpec, direction: DirectionScore, inputs: Inputs, span: int) -> None:
    outcome = direction.appeal
    if outcome is None:
        return
    rows = [a for a in inputs.appeals if a.direction == direction.id]
    sheet.add(f"Таблица разногласий по результатам операционной оценки по направлению «{direction.title}» "
              "(Приложение 14, итоги рассмотрения специальной комиссией)", style="bold", span=span, skip=2)
    wide = span > 4
    head = ("№", "Заключение уполномоченного на оценку органа", "Возражение оцениваемого органа", "Примечание")
    sheet.add(*head[:2], *(("",) * (span - 4) if wide else ()), *head[2:], style="header")
    for i, a in enumerate(rows, start=1):
        decided = APPEAL_DECISIONS[a.decision]
        if a.accepted:
            decided += f"; исправлено: {a.item} = {number_text(a.value or 0)}"
        else:
            decided += f" ({a.item})"
        note = f"{decided}. {a.note}".strip() if a.note else decided
        row = sheet.add(i, a.conclusion or f"{a.item}", *(("",) * (span - 4) if wide else ()), a.objection, note,
                        style="text")
        sheet.put(row, 1, i, "cell_center")
    sheet.add(f"Общий балл с учетом итогов обжалования составил {score_text(direction.score)} "
              f"({direction.grade.label}).", style="bold", span=span, skip=2)
    sheet.add(f"Балл до обжалования: {score_text(outcome.score_before)} ({outcome.grade_before.label}); "
              "первый результат сохранен в листе «Журнал».", style="text", span=span)
    sheet.add("Председатель комиссии, должность (дата) (подпись) (ФИО)", style="text", span=span, skip=2)
    sheet.add("С итогами обжалования ознакомлен: представитель государственного органа, должность (дата) (подпись) (ФИО)",
              style="text", span=span)
