"""The openness report's sheets: one per Прил. 9 table, each list an Excel table validated by column type.

Positions come from `layout.sheet_plans`, the columns from the catalog's lists; a column's type
decides its drop-down, date window, link check and number format, and its note quotes what the
appendix asks for.
"""

from __future__ import annotations

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
from toolkit.workbook.input_block import _BY_TYPE, AUTHOR, inputs_block, rule, validation_for
from toolkit.workbook.styles import fit_row, print_ready, set_formula, set_text

METHODOLOGY = ("к Методике операционной оценки взаимодействия государственного органа с физическими "
               "и юридическими лицами")
# List columns: cell style and width (characters) by type.
_COLUMN_STYLE = {"date": "input_date", "yesno": "input_center", "count": "input", "percent": "input", "rating": "input"}
_COLUMN_WIDTH = {"text": 34, "url": 30, "choice": 36, "date": 13, "yesno": 13, "count": 12, "percent": 12, "rating": 20}
_INPUT_WIDTHS = (5, 52, 11, 14, 34)  # №, label, symbol, value, check
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
        _sheet_heading(ws, direction, plan, max(5, plan.width))
        if plan.scalars:
            inputs_block(ws, direction, plan.scalar_header_row, list(plan.scalars), plan.filled_by)
        for place in plan.lists:
            _list_table(ws, direction, place, body_type, period, choices)
        _list_widths(ws, plan)
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
    fit_row(ws, 1, [(line, 20 * width)], size=9)
    fit_row(ws, 2, [(plan.title, 20 * width)], size=13)


def _list_table(ws: Worksheet, direction: Direction, place: layout.ListPlace, body_type: str, period: int,
                choices: Choices) -> None:
    """Title, note, then the Excel table: labelled header with notes, empty unlocked rows validated by type."""
    spec = place.spec
    last = get_column_letter(len(spec.columns))
    note = " ".join(part for part in (spec.note, f"Источник: {spec.source[body_type]}.") if part)
    set_text(ws[f"A{place.title_row}"], spec.title, "bold")
    set_text(ws[f"A{place.title_row + 1}"], note, "text")
    for row, text in ((place.title_row, spec.title), (place.title_row + 1, note)):
        ws.merge_cells(f"A{row}:{last}{row}")
        fit_row(ws, row, [(text, 16 * len(spec.columns))])
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
    fit_row(ws, place.header_row, [(c.label, (c.width or _COLUMN_WIDTH[c.type]) - 2) for c in spec.columns])
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
    """Each column wide enough for what it holds in the inputs block and in every list below."""
    widths: dict[int, float] = {}
    if plan.scalars:
        symbols = max(len(spec.symbol) for spec, _ in plan.scalars) + 2
        widths = {i: w for i, w in enumerate(_INPUT_WIDTHS, start=1)} | {3: max(_INPUT_WIDTHS[2], symbols)}
    for place in plan.lists:
        for i, column in enumerate(place.spec.columns, start=1):
            widths[i] = max(widths.get(i, 0), column.width or _COLUMN_WIDTH[column.type])
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = width
