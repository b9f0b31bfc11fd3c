"""Pieces the year's workbooks share (rating, summary): grade colours, the print set-up, and the hidden
«_scores» sheet in the long form `rank` reads back (so this year's rating is next year's `--previous`)."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.styles import PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.workbook.styles import footers, print_ready, set_text
from toolkit.year.rating import Entry
from toolkit.year.sources import DATA_SHEET

# the band colours assessors know from conditional formatting: green, yellow, orange, red
GRADE_FILLS = {"high": "C6EFCE", "medium": "FFEB9C", "low": "F8CBAD", "inefficient": "FFC7CE"}
GRADE_LABELS = {"high": "высокая", "medium": "средняя", "low": "низкая", "inefficient": "неэффективная"}
SCOPE_TITLES = {"block": "Взаимодействие государственного органа с физическими и юридическими лицами",
                "services": "Качество оказания государственных услуг",
                "openness": "Открытость государственного органа",
                "complaints": "Качество рассмотрения жалоб и заявлений"}
SCOPE_SHORT = {"block": "блок", "services": "услуги", "openness": "открытость", "complaints": "жалобы"}
TYPE_TITLES = {"cgo": "ЦГО", "mio": "МИО"}
ARROWS = {"up": "↗", "down": "↘", "same": "=", None: "-"}


def grade_cell(ws: Worksheet, row: int, col: int, grade: str | None) -> None:
    """The grade's word in its band's colour; empty without a grade."""
    cell = ws.cell(row, col)
    set_text(cell, GRADE_LABELS.get(grade or "", ""), "cell_center")
    if grade in GRADE_FILLS:
        cell.fill = PatternFill("solid", fgColor=GRADE_FILLS[grade])


def finish_sheet(ws: Worksheet, title_rows: str, widths: dict[str, float]) -> None:
    """Column widths, A4 landscape one page wide, header rows repeated (the footer: `year_footer`)."""
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    print_ready(ws, landscape=True, title_rows=title_rows)


def year_footer(wb: Workbook, what: str, period: int | None) -> None:
    """The footer every other sheet of ours has: what the book is and its year on the left, «Стр. N из M»
    on the right, so a page that leaves the pile still says where it belongs."""
    footers(wb, f"{what} за {period} год" if period else what)


def data_sheet(wb: Workbook, entries: Iterable[Entry], positions: dict[tuple[str, str, str], int],
               period: int | None) -> None:
    """The hidden long-form sheet: code, body_type, scope, score (unrounded), name, position, period."""
    ws = wb.create_sheet(DATA_SHEET)
    ws.sheet_state = "hidden"
    ws.append(["code", "body_type", "scope", "score", "name", "position", "period", "provisional"])
    for e in entries:
        row = ws.max_row + 1
        # the score as the text of its shortest repr: openpyxl writes floats to 15 significant digits, which
        # would make the same score read back from a scored copy and from this sheet differ (a false duplicate)
        values = [e.code, e.body_type, e.scope, repr(e.score), e.name, positions.get((e.body_type, e.scope, e.code)),
                  period, 1 if e.provisional else 0]
        for col, value in enumerate(values, start=1):
            set_text(ws.cell(row, col), value)
    finish_sheet(ws, "1:1", {"A": 12, "B": 10, "C": 12, "D": 20, "E": 60})
