"""The block of scalar inputs a report sheet holds: №, label, symbol, value, live check.

Shared by the complaints sheet (Прил. 11) and the openness sheets (Прил. 9 tables and the
assessor's sheet): every value cell carries its key as a defined name, a note and a validation by
its catalog type, and the catalog's checks become live «Проверка» formulas.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.catalog.model import Direction, InputSpec
from toolkit.workbook import layout
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
    """The scalar inputs: №, label, symbol, value (named, validated, noted), live check; then a counter."""
    by_body = all(spec.owner == "body" for spec, _ in placed)
    caption = (f"Исходные данные за отчетный период (заполняет {filled_by or 'государственный орган'})" if by_body else
               "Данные уполномоченного органа (заполняет уполномоченный орган; для государственного органа "
               "ячейки защищены)")
    set_text(ws[f"A{header - 1}"], caption, "bold")
    ws.merge_cells(start_row=header - 1, start_column=1, end_row=header - 1, end_column=5)
    for col, text in zip("ABCDE", ("№", "Показатель", "Обозн.", "Значение", "Проверка")):
        set_text(ws[f"{col}{header}"], text, "header")
    validations: dict[str, DataValidation] = {}
    for i, (spec, row) in enumerate(placed):
        _input_row(ws, spec, row, i + 1)
        if spec.type not in validations:
            validations[spec.type] = validation_for(spec.type)
            ws.add_data_validation(validations[spec.type])
        validations[spec.type].add(ws[f"{layout.INPUT_VALUE_COLUMN}{row}"])
    by_symbol = {spec.symbol: f"{layout.INPUT_VALUE_COLUMN}{row}" for spec, row in placed}
    for row, formula in _check_formulas(direction, by_symbol).items():
        set_formula(ws[f"{layout.INPUT_CHECK_COLUMN}{row}"], formula, "check")
    if by_body:
        _filled_counter(ws, header, [spec for spec, _ in placed])


def _input_row(ws: Worksheet, spec: InputSpec, row: int, number: int) -> None:
    set_text(ws[f"A{row}"], number, "cell_center")
    set_text(ws[f"B{row}"], spec.label, "cell")
    set_text(ws[f"{layout.INPUT_SYMBOL_COLUMN}{row}"], spec.symbol, "cell_center")
    fit_row(ws, row, [(spec.label, 52), ("x" * 60, 34)])
    cell = ws[f"{layout.INPUT_VALUE_COLUMN}{row}"]
    set_text(cell, None, "assessor_input" if spec.owner == "assessor" else "input")
    cell.comment = Comment(spec.note, AUTHOR, width=320, height=140)
    define_name(ws.parent, spec.key, ws.title, cell.coordinate)


def _filled_counter(ws: Worksheet, header: int, specs: list[InputSpec]) -> None:
    """«Заполнено ячеек: N из M» below the inputs (COUNTA when «Да»/«Нет» answers are among them)."""
    last = header + len(specs)
    count = "COUNTA" if any(spec.type == "yesno" for spec in specs) else "COUNT"
    set_text(ws[f"B{last + 1}"], "Заполнено ячеек", "bold")
    set_formula(ws[f"D{last + 1}"], f"={count}(D{header + 1}:D{last})&\" из {len(specs)}\"", "bold")


def validation_for(kind: str) -> DataValidation:
    kwargs, error = _BY_TYPE[kind]
    return rule(error, **kwargs)


def rule(error: str, **kwargs: str) -> DataValidation:
    return DataValidation(**kwargs, allow_blank=True, showErrorMessage=True, showInputMessage=True,
                          errorTitle=_INVALID, error=error)


def _check_formulas(direction: Direction, by_symbol: dict[str, str]) -> dict[int, str]:
    """Live self-checks from the catalog's checks: the clerk sees a contradiction while typing.

    Only checks whose inputs all sit in `by_symbol` (this sheet, this body type) are written.
    """
    parts: dict[int, list[str]] = defaultdict(list)
    for check in direction.checks:
        if not all(s in by_symbol for s in (*check.left, *check.right)):
            continue
        refs = [by_symbol[s] for s in (*check.left, *check.right)]
        left = "+".join(by_symbol[s] for s in check.left)
        right = "+".join(by_symbol[s] for s in check.right)
        right_text = " + ".join(f"«{direction.input_by_symbol(s).label}»" for s in check.right)
        prefix = "Ошибка" if check.severity == "error" else "Проверьте"
        message = f"{prefix}: {' + '.join(check.left)} больше, чем {right_text}. "
        condition = f"AND(COUNT({','.join(refs)})={len(refs)},{left}>{right})"
        row = int(by_symbol[check.left[0]][1:])
        parts[row].append(f'IF({condition},"{message}","")')
    return {row: "=" + "&".join(items) for row, items in sorted(parts.items())}
