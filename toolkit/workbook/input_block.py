"""The block of scalar inputs a report sheet holds: №, label, symbol, value, live check.

Shared by the complaints sheet (Прил. 11) and the openness sheets (Прил. 9 tables and the
assessor's sheet): every value cell carries its key as a defined name, a note and a validation by
its catalog type, and the catalog's checks become live «Проверка» formulas.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.catalog.model import Direction, InputSpec
from toolkit.workbook import layout
from toolkit.workbook.live_checks import block_checks
from toolkit.workbook.styles import fit_row, set_formula, set_text

AUTHOR = "xlscore"
YES_NO = ("Да", "Нет")
_INVALID = "Недопустимое значение"
# Validation of a scalar input or a list column by its catalog type: (DataValidation arguments, error).
_BY_TYPE: dict[str, tuple[dict[str, str], str]] = {
    "count": ({"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}, "Введите целое число не меньше 0."),
    "yesno": ({"type": "list", "formula1": '"' + ",".join(YES_NO) + '"'}, "Выберите «Да» или «Нет» из списка."),
    "fraction": ({"type": "decimal", "operator": "between", "formula1": "0", "formula2": "1"},
                 "Введите число от 0 до 1 (например, 0,75)."),
    "percent": ({"type": "decimal", "operator": "between", "formula1": "0", "formula2": "100"},
                "Введите процент — число от 0 до 100."),
    "points": ({"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
               "Введите число баллов не меньше 0."),
    "hours": ({"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
              "Введите число часов не меньше 0 (можно дробное, например 12,5)."),
    "rating": ({"type": "decimal", "operator": "between", "formula1": "0", "formula2": "5"},
               "Введите уровень удовлетворенности — число от 0 до 5 (например, 4,71)."),
}


def define_name(wb: Workbook, key: str, sheet: str, cell: str) -> None:
    col = "".join(ch for ch in cell if ch.isalpha())
    row = cell[len(col):]
    wb.defined_names[key] = DefinedName(key, attr_text=f"{layout.quote_sheet(sheet)}!${col}${row}")


def inputs_block(ws: Worksheet, direction: Direction, header: int, placed: list[tuple[InputSpec, int]],
                 filled_by: str = "") -> None:
    """The scalar inputs: №, label, symbol, value (named, validated, noted), live check; then a counter.
    Call it when the columns have their widths: each row is made tall enough for the longest message its
    check can show (a formula, which `styles.fit_rows` does not measure) in the check column's width.

    The symbol column shows the methodology's own symbols (m, p, f…) where the catalog says they are
    (`show_symbols`); elsewhere symbols are program names, and the label takes the symbol's column too
    (B:C merged), so it wraps less.
    """
    by_body = all(spec.owner == "body" for spec, _ in placed)
    caption = (f"Исходные данные за отчетный период (заполняет {filled_by or 'государственный орган'})" if by_body else
               "Данные уполномоченного органа (заполняет уполномоченный орган; для государственного органа "
               "ячейки защищены)")
    set_text(ws[f"A{header - 1}"], caption, "bold")
    ws.merge_cells(start_row=header - 1, start_column=1, end_row=header - 1, end_column=5)
    symbol_header = "Обозн." if direction.symbols_shown else None
    for col, text in zip("ABCDE", ("№", "Показатель", symbol_header, "Значение", "Проверка")):
        set_text(ws[f"{col}{header}"], text, "header")
    if not direction.symbols_shown:
        for row in (header, *(row for _, row in placed)):
            set_text(ws[f"{layout.INPUT_SYMBOL_COLUMN}{row}"], None, "cell")  # the merged range's border
            ws.merge_cells(f"{layout.INPUT_LABEL_COLUMN}{row}:{layout.INPUT_SYMBOL_COLUMN}{row}")
    checks = block_checks(direction, placed, layout.INPUT_VALUE_COLUMN)
    validations: dict[str, DataValidation] = {}
    check_width = ws.column_dimensions[layout.INPUT_CHECK_COLUMN].width
    for i, (spec, row) in enumerate(placed):
        _input_row(ws, spec, row, i + 1, direction.symbols_shown, (checks.longest[row], check_width))
        if spec.type not in validations:
            validations[spec.type] = validation_for(spec.type)
            ws.add_data_validation(validations[spec.type])
        validations[spec.type].add(ws[f"{layout.INPUT_VALUE_COLUMN}{row}"])
        set_formula(ws[f"{layout.INPUT_CHECK_COLUMN}{row}"], checks.formulas[row], "check")
    if by_body:
        last = max(row for _, row in placed)
        set_text(ws[f"B{last + 1}"], "Заполнено ячеек (без ошибок)", "bold")
        set_formula(ws[f"{layout.INPUT_VALUE_COLUMN}{last + 1}"], checks.filled, "bold")


def _input_row(ws: Worksheet, spec: InputSpec, row: int, number: int, symbol_shown: bool,
               check: tuple[str, float]) -> None:
    set_text(ws[f"A{row}"], number, "cell_center")
    set_text(ws[f"B{row}"], spec.label, "cell")
    if symbol_shown:  # otherwise C is merged into the label
        set_text(ws[f"{layout.INPUT_SYMBOL_COLUMN}{row}"], spec.symbol, "cell_center")
    fit_row(ws, row, [check], bold=True)  # the label's height `print_ready` sets, at the label's width
    cell = ws[f"{layout.INPUT_VALUE_COLUMN}{row}"]
    set_text(cell, None, "assessor_input" if spec.owner == "assessor" else "input")
    cell.comment = Comment(spec.note, AUTHOR, width=320, height=140)
    define_name(ws.parent, spec.key, ws.title, cell.coordinate)


def validation_for(kind: str) -> DataValidation:
    kwargs, error = _BY_TYPE[kind]
    return rule(error, **kwargs)


def rule(error: str, **kwargs: str) -> DataValidation:
    return DataValidation(**kwargs, allow_blank=True, showErrorMessage=True, showInputMessage=True,
                          errorTitle=_INVALID, error=error)
