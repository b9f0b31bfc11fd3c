"""The openness report's sheets: one per Прил. 9 table, each list an Excel table validated by column type.

Positions come from `layout.sheet_plans`, the columns from the catalog's lists; a column's type
decides its drop-down, date window, link check and number format, and its note quotes what the
appendix asks for.
"""

from __future__ import annotations

import math
from datetime import date

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.catalog.model import Column, Direction
from toolkit.workbook import layout
from toolkit.workbook import printing
from toolkit.workbook.fontmetrics import DIGIT_PX, PADDING_PX, widest_word_px
from toolkit.workbook.input_block import _BY_TYPE, AUTHOR, inputs_block, rule, validation_for
from toolkit.workbook.styles import print_ready, set_formula, set_text

METHODOLOGY = ("к Методике операционной оценки взаимодействия государственного органа с физическими "
               "и юридическими лицами")
# List columns: cell style and width (characters) by type.
_COLUMN_STYLE = {"date": "input_date", "yesno": "input_center", "count": "input", "percent": "input", "rating": "input"}
_COLUMN_WIDTH = {"text": 34, "url": 30, "choice": 36, "date": 13, "yesno": 13, "count": 12, "percent": 12, "rating": 20}
# The least a column of each type may have, so a value fits on a line or two (a date, «Нет», 100,0).
_COLUMN_MIN = {"text": 16, "url": 16, "choice": 16, "date": 10, "yesno": 7, "count": 9, "percent": 9, "rating": 9}
_INPUT_WIDTHS = (5, 52, 11, 14, 34)  # №, label, symbol, value, check
_SCALAR_LABEL_WIDTH = 20  # an input's label wraps to the room a list below leaves it
HELPER_FIRST_COLUMN = 4  # drop-down lists kept on the metadata sheet from column D (A:B are the metadata)



class Choices:
    """Drop-downs too long (Excel ignores inline lists past 255 characters) or with commas in a label:
    their labels go into a column of the very hidden metadata sheet and the validation points there."""

    def __init__(self) -> None:
        self.columns: dict[tuple[str, ...], str] = {}

    def formula(self, labels: tuple[str, ...]) -> str:
        inline = ",".join(labels)
        if len(inline) <= 255 and not any("," in label or '"' in label for label in labels):
            return f'"{inline}"'
        col = self.columns.setdefault(labels, get_column_letter(HELPER_FIRST_COLUMN + len(self.columns)))
        return f"{layout.quote_sheet(layout.META_SHEET)}!${col}$1:${col}${len(labels)}"

    def write(self, ws: Worksheet) -> None:
        for labels, col in self.columns.items():
            for i, label in enumerate(labels, start=1):
                set_text(ws[f"{col}{i}"], label)


def list_sheets(wb: Workbook, direction: Direction, body_type: str, period: int, choices: Choices) -> None:
    """One sheet per table of the appendix, in the layout's order and places."""
    for plan in layout.sheet_plans(direction, body_type):
        ws = wb.create_sheet(plan.name)
        _list_widths(ws, plan)  # first: the live checks' rows are sized for the check column's width
        _sheet_heading(ws, direction, plan, max(5, plan.width))
        if plan.scalars:
            inputs_block(ws, direction, plan.scalar_header_row, list(plan.scalars), plan.filled_by)
        for place in plan.lists:
            _list_table(ws, direction, place, body_type, period, choices)
        # Excel neither grows a table nor inserts, deletes or sorts its rows on a protected sheet, so a
        # sheet with a list stays unprotected; the reader checks its labels, symbols and headers instead.
        ws.protection.sheet = not plan.lists
        titles = f"{plan.lists[0].header_row}:{plan.lists[0].header_row}" if plan.lists else None
        print_ready(ws, landscape=True, title_rows=titles)


def _sheet_heading(ws: Worksheet, direction: Direction, plan: layout.SheetPlan, width: int) -> None:
    last = get_column_letter(width)
    appendix = direction.report_appendix.replace("Прил.", "Приложение")
    line = (f"{appendix} {METHODOLOGY} ({plan.source}). Форма" if plan.owner == "body" else
            f"Заполняет уполномоченный орган ({plan.source}). Для государственного органа лист защищен")
    set_text(ws["A1"], line, "subtitle")
    set_text(ws["A2"], plan.title, "title")
    set_formula(ws["A3"], f"={layout.quote_sheet(layout.INSTRUCTIONS_SHEET)}!C4&\"\"", "caption")
    for row in (1, 2, 3):
        ws.merge_cells(f"A{row}:{last}{row}")


def _list_table(ws: Worksheet, direction: Direction, place: layout.ListPlace, body_type: str, period: int,
                choices: Choices) -> None:
    """Title, note, then the Excel table: labelled header with notes, empty unlocked rows validated by type."""
    spec = place.spec
    last = get_column_letter(len(spec.columns))
    note = " ".join(part for part in (spec.note, f"Источник: {spec.source[body_type]}.") if part)
    set_text(ws[f"A{place.title_row}"], spec.title, "bold")
    set_text(ws[f"A{place.title_row + 1}"], note, "text")
    for row in (place.title_row, place.title_row + 1):
        ws.merge_cells(f"A{row}:{last}{row}")
    first = place.header_row + 1
    for column in spec.columns:
        col = place.columns[column.field]
        header = ws[f"{col}{place.header_row}"]
        set_text(header, column.label, "header")
        header.comment = Comment(column.note, AUTHOR, width=320, height=140)
        for row in range(first, place.last_row + 1):
            set_text(ws[f"{col}{row}"], None, _COLUMN_STYLE.get(column.type, "input_text"))
        validation = _column_rule(column, f"{col}{first}", direction, body_type, period, choices)
        if validation is not None:  # down to Excel's last row: rows added, pasted or inserted are checked too
            validation.add(f"{col}{first}:{col}{layout.MAX_ROW}")
            ws.add_data_validation(validation)
    for i, choice in enumerate(spec.required_for(body_type)):
        for field in (spec.required_field, "title"):
            if field in place.columns:
                set_text(ws[f"{place.columns[field]}{first + i}"], choice.label, "input_text")
    table = Table(displayName=spec.table_name, ref=place.ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(table)


def _column_rule(column: Column, top: str, direction: Direction, body_type: str, period: int,
                 choices: Choices) -> DataValidation | None:
    """The validation of a list column; `top` is its first data cell (custom formulas are relative to it)."""
    if column.type == "date":
        return _date_rule(direction, column.window, period)
    if column.type == "url":
        return rule("Укажите ссылку полностью, начиная с http:// или https://.", type="custom",
                     formula1=f'OR({top}="",LEFT(LOWER({top}),7)="http://",LEFT(LOWER({top}),8)="https://")')
    if column.type == "choice":
        labels = tuple(choice.label for choice in column.choices_for(body_type))
        return rule("Выберите значение из раскрывающегося списка.", type="list", formula1=choices.formula(labels))
    return validation_for(column.type) if column.type in _BY_TYPE else None


def _date_rule(direction: Direction, window_id: str | None, period: int) -> DataValidation:
    if window_id is None:
        return rule("Введите дату в формате ДД.ММ.ГГГГ.", type="date", operator="greaterThanOrEqual",
                     formula1=str(int(to_excel(date(2000, 1, 1)))))
    window = direction.date_windows[window_id]
    start, end = window.dates(period)
    error = f"Введите дату {window.label}: с {start:%d.%m.%Y} по {end:%d.%m.%Y} (формат ДД.ММ.ГГГГ)."
    return rule(error, type="date", operator="between", formula1=str(int(to_excel(start))),
                 formula2=str(int(to_excel(end))))


def _list_widths(ws: Worksheet, plan: layout.SheetPlan) -> None:
    """Column widths that print the sheet one landscape page wide at 80 % or more where the columns allow:
    each column at least as wide as its header's longest word (bold) and what its type holds, and what
    the inputs block above needs; the room left is shared among the text columns, up to their usual widths."""
    need: dict[int, float] = {}
    if plan.scalars:
        # column C holds a methodology symbol (a letter or two) or nothing, never a program name; every
        # input has its own live check, so the «Проверка» column always needs its room
        need = {1: 5, 2: _SCALAR_LABEL_WIDTH, 3: _INPUT_WIDTHS[2], 4: _INPUT_WIDTHS[3], 5: _INPUT_WIDTHS[4]}
    wish = dict(need) | ({2: _INPUT_WIDTHS[1]} if plan.scalars else {})
    for place in plan.lists:
        for i, column in enumerate(place.spec.columns, start=1):
            least = max(_COLUMN_MIN[column.type], _header_need(column.label))
            need[i] = max(need.get(i, 0), least)
            wish[i] = max(wish.get(i, 0), least, column.width or _COLUMN_WIDTH[column.type])
    budget = _width_budget(len(need))
    spare = budget - sum(need.values())
    growth = {i: wish[i] - need[i] for i in need}
    room = sum(growth.values())
    widths = {i: round(width + (growth[i] * min(1.0, spare / room) if spare > 0 and room > 0 else 0), 1)
              for i, width in need.items()}
    if plan.scalars:
        # what a landscape page holds at 100 % beyond the columns goes to the checks: a row is sized for the
        # longest message its check can show (several cross-checks), which at 34 characters is five lines
        widths[5] += max(0.0, math.floor(_width_budget(len(widths), scale=100)) - sum(widths.values()))
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = width


def _header_need(label: str) -> float:
    """Width (characters) that holds the label's longest word in bold, with a character to spare."""
    return math.ceil(widest_word_px(label, bold=True) / DIGIT_PX) + 1


def _width_budget(columns: int, scale: int = printing.MIN_SCALE) -> float:
    """The widest total (characters) of `columns` columns that still prints one landscape page wide at
    `scale` per cent (by default the least we allow, 80 %), less 1 % for the estimate's error."""
    px = printing.printable_px(True) * 100 / scale * 0.99 - columns * PADDING_PX
    return px / DIGIT_PX

