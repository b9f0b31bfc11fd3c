"""«Обжалование»: the table of disagreements of Прил. 14 (п.109–115) in every report template, beside
«Акт сверки» and for the same reason: the commission records its decisions in the workbook it scores, so
a re-scoring applies them and the record proves what it was given. One row per disputed item: the
direction, the indicator (P1.3:kk) or input key disputed, the assessor's conclusion, the body's
objection, the decision and, for an accepted row, the corrected value."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from toolkit.catalog.model import Catalog
from toolkit.workbook import layout
from toolkit.workbook.styles import fit_row, print_ready, set_text

WIDTHS = (5, 22, 18, 33, 33, 16, 16, 28)  # one landscape page wide at 80 % or more


def appeals_sheet(wb: Workbook, catalog: Catalog, directions: tuple[str, ...]) -> None:
    ws = wb.create_sheet(layout.APPEALS_SHEET)
    set_text(ws["A1"], "Приложение 14 к Методике. Форма", "subtitle")
    ws.merge_cells("A1:H1")
    set_text(ws["A2"], "Таблица разногласий по результатам операционной оценки", "title")
    ws.merge_cells("A2:H2")
    note = ("Заполняет специальная комиссия (п.113–115) после рассмотрения возражений органа: по строке на каждый "
            "оспоренный показатель (код вида P1.3:kk или R2 из листа «Баллы») или вводимое значение (код из "
            "«Диспетчера имен», например complaints.considered_late). Для принятого возражения укажите исправленное "
            "значение: баллы показателя или верное вводимое значение. При повторной оценке принятые исправления "
            "применяются, а в «Заключении» указывается общий балл с учетом итогов обжалования; первый результат "
            "сохраняется в «Журнале».")
    set_text(ws["A3"], note, "text")
    ws.merge_cells("A3:H3")
    fit_row(ws, 2, [(ws["A2"].value, 150)], size=13)
    fit_row(ws, 3, [(note, 150)])
    set_text(ws["A5"], "Оцениваемый государственный орган: см. лист «Инструкция»", "text")
    ws.merge_cells("A5:H5")
    top = layout.APPEALS_HEADER_ROW
    for col, text in zip("ABCDEFGH", layout.APPEALS_COLUMNS):
        set_text(ws[f"{col}{top}"], text, "header")
    fit_row(ws, top, [(text, width) for text, width in zip(layout.APPEALS_COLUMNS, WIDTHS)])
    titles = [catalog.direction(d).title for d in directions]
    dv_direction = DataValidation(type="list", formula1='"' + ",".join(titles) + '"', allow_blank=True,
                                  showErrorMessage=True, error="Выберите направление из списка.")
    dv_decision = DataValidation(type="list", formula1='"' + ",".join(layout.APPEAL_DECISIONS.values()) + '"',
                                 allow_blank=True, showErrorMessage=True, error="Выберите решение из списка.")
    dv_value = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, error="Введите число не меньше 0.")
    for dv in (dv_direction, dv_decision, dv_value):
        ws.add_data_validation(dv)
    for row in range(top + 1, top + layout.APPEALS_ROWS + 1):
        set_text(ws[f"A{row}"], row - top, "cell_center")
        for col in "BCDEFH":
            set_text(ws[f"{col}{row}"], None, "input_text")
        set_text(ws[f"G{row}"], None, "input")
        dv_direction.add(f"B{row}")
        dv_decision.add(f"F{row}")
        dv_value.add(f"G{row}")
    table = Table(displayName=layout.APPEALS_TABLE, ref=layout.appeals_range())
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(table)
    for col, width in zip("ABCDEFGH", WIDTHS):
        ws.column_dimensions[col].width = width
    last = top + layout.APPEALS_ROWS + 2
    set_text(ws[f"A{last}"], "Общий балл с учетом итогов обжалования — в листе «Заключение» после повторной оценки "
             "(xlscore score).", "text")
    ws.merge_cells(f"A{last}:H{last}")
    set_text(ws[f"A{last + 2}"], "Председатель комиссии, должность ____________ (дата) ________ (подпись) ________ (ФИО)", "text")
    ws.merge_cells(f"A{last + 2}:H{last + 2}")
    set_text(ws[f"A{last + 3}"], "С итогами обжалования ознакомлен: представитель государственного органа, должность "
             "____________ (дата) ________ (подпись) ________ (ФИО)", "text")
    ws.merge_cells(f"A{last + 3}:H{last + 3}")
    print_ready(ws, landscape=True, title_rows=f"{top}:{top}")
