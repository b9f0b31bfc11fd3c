"""The print-ready rating workbook: one sheet per table of seed 000 (body type × scope) with this year's
and last year's score and position, the arrow, the grade coloured by band, the average of the body
type, and a bar chart of the scores, as the published report shows them."""

from __future__ import annotations

from pathlib import Path

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.pagebreak import Break
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.styles import fit_row, set_text
from toolkit.year.book import ARROWS, GRADE_LABELS, SCOPE_SHORT, SCOPE_TITLES, TYPE_TITLES, data_sheet, finish_sheet, grade_cell, year_footer
from toolkit.year.rating import Entry, Rating, Table

HEAD = 4  # first row of the table's body (rows 3–4 are the two-level header)
WIDTHS = {"A": 14, "B": 50, "C": 11, "D": 11, "E": 11, "F": 11, "G": 5, "H": 15, "I": 15}


def build_rating_book(rating: Rating, entries: list[Entry]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for table in rating.tables:
        _table_sheet(wb.create_sheet(f"{TYPE_TITLES.get(table.body_type, table.body_type)} — {SCOPE_SHORT[table.scope]}"),
                     table, rating.period)
    positions = {(t.body_type, t.scope, r.code): r.position for t in rating.tables for r in t.rows}
    data_sheet(wb, entries, positions, rating.period)
    year_footer(wb, "Рейтинг государственных органов", rating.period)
    return wb


def write_rating_book(rating: Rating, entries: list[Entry], path: Path) -> None:
    atomic_write(path, deterministic_bytes(build_rating_book(rating, entries)))


def _years(period: int | None) -> tuple[str, str]:
    return (str(period), str(period - 1)) if period else ("текущий год", "прошлый год")


def _table_sheet(ws: Worksheet, table: Table, period: int | None) -> None:
    now, before = _years(period)
    kind = "ОЦЕНИВАЕМЫЙ ЦГО" if table.body_type == "cgo" else "ОЦЕНИВАЕМЫЙ АКИМАТ"
    scope = "ОЦЕНКА ПО БЛОКУ" if table.scope == "block" else "ОЦЕНКА ПО НАПРАВЛЕНИЮ"
    set_text(ws.cell(1, 1), f"Рейтинг {TYPE_TITLES.get(table.body_type, '')}: «{SCOPE_TITLES[table.scope]}», {now}", "title")
    ws.merge_cells("A1:I1")
    ws.row_dimensions[1].height = 36
    heads = [(3, 1, 4, 2, kind), (3, 3, 3, 4, scope), (3, 5, 3, 7, "ПОЗИЦИЯ В РЕЙТИНГЕ"),
             (3, 8, 4, 8, f"Уровень эффективности {now}"), (3, 9, 4, 9, f"Уровень эффективности {before}")]
    for r1, c1, r2, c2, text in heads:
        set_text(ws.cell(r1, c1), text, "header")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    set_text(ws.cell(r, c), None, "header")
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for col, text in zip(range(3, 8), (now, before, now, before, "↕")):
        set_text(ws.cell(4, col), text, "header")
    ws.row_dimensions[3].height = ws.row_dimensions[4].height = 44
    row = HEAD
    for i, r in enumerate(table.rows, start=1):  # i: the listing order; r.position: the rank (ties share)
        row = HEAD + i
        star = "" if r.previous_position is not None else "*"
        values = [(r.code + star, "cell_left"), (r.name, "cell_left"), (r.score, "number"),
                  (r.previous_score, "number"), (r.position, "cell_center"), (r.previous_position or "-", "cell_center"),
                  (ARROWS[r.arrow], "cell_center")]
        for col, (value, style) in enumerate(values, start=1):
            set_text(ws.cell(row, col), value, style)
        ws.cell(row, 3).number_format = ws.cell(row, 4).number_format = "0.0"
        grade_cell(ws, row, 8, r.grade)
        grade_cell(ws, row, 9, r.previous_grade)
        fit_row(ws, row, [(r.name, WIDTHS["B"])])
    row += 1
    set_text(ws.cell(row, 1), f"СРЕДНЕЕ ЗНАЧЕНИЕ {TYPE_TITLES.get(table.body_type, '')}", "total")
    set_text(ws.cell(row, 2), None, "total")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    for col, value in ((3, table.average), (4, table.previous_average)):
        set_text(ws.cell(row, col), value, "total_number")
        ws.cell(row, col).number_format = "0.0"
    notes = _notes(table, before)
    for k, note in enumerate(notes, start=row + 2):
        set_text(ws.cell(k, 1), note, "text")
        ws.merge_cells(start_row=k, start_column=1, end_row=k, end_column=9)
    _chart(ws, table, len(table.rows), row + 3 + len(notes))
    finish_sheet(ws, "3:4", WIDTHS)


def _notes(table: Table, before: str) -> list[str]:
    notes = []
    if any(r.previous_position is None for r in table.rows):
        notes.append(f"* не оценивался за {before} год (нет в рейтинге прошлого года).")
    if any(r.provisional for r in table.rows):
        codes = ", ".join(r.code for r in table.rows if r.provisional)
        notes.append(f"Предварительные результаты (правило 1.5 или нет данных оценщика): {codes}.")
    for code, bands in table.band_moves:
        row = next(r for r in table.rows if r.code == code)
        verb = "поднялся" if bands > 0 else "опустился"
        notes.append(f"{code} {verb} на {abs(bands)} уровня эффективности: "
                     f"«{GRADE_LABELS[row.previous_grade or '']}» → «{GRADE_LABELS[row.grade]}».")
    notes.append("Баллы показаны с одним знаком после запятой; места определены по неокругленным баллам, "
                 "равные баллы делят место; стрелка сравнивает места, а не баллы.")
    return notes


def _chart(ws: Worksheet, table: Table, count: int, anchor_row: int) -> None:
    """Bars of this year's scores (and last year's where given), one category per body code."""
    if not count:
        return
    chart = BarChart()
    chart.type = "bar"  # horizontal bars, best first at the top as in the report
    chart.title = f"Оценка по {'блоку' if table.scope == 'block' else 'направлению'}, баллы"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.delete = chart.x_axis.delete = False
    data = Reference(ws, min_col=3, max_col=4 if any(r.previous_score is not None for r in table.rows) else 4,
                     min_row=4, max_row=HEAD + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=HEAD + 1, max_row=HEAD + count))
    chart.height = min(17.0, max(7.5, 0.62 * count + 2.5))  # cm: a label per bar, within a landscape page
    chart.width = 24
    chart.legend.position = "b"
    ws.add_chart(chart, f"A{anchor_row}")
    if count > 12:  # a long table fills its page: the chart starts a page of its own rather than being cut
        ws.row_breaks.append(Break(id=anchor_row - 1))
