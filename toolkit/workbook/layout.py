"""Where things sit in our workbooks: sheet names, input cells, tables.

The template writer and the reader both derive positions from here, so a cell moved by hand is
detected by comparing the defined name's target with the position this module gives.
"""

from __future__ import annotations

from toolkit.catalog.model import Direction

META_SHEET = "_xlscore"
INSTRUCTIONS_SHEET = "Инструкция"
PENALTIES_SHEET = "Акт сверки"
SCORES_SHEET = "Баллы"
CONCLUSION_SHEET = "Заключение"
JOURNAL_SHEET = "Журнал"
OUR_OUTPUT_SHEETS = (SCORES_SHEET, CONCLUSION_SHEET, JOURNAL_SHEET)

DIRECTION_SHEETS = {"complaints": "Прил. 11"}

# «Инструкция»: the body's identity
BODY_CELLS = {"body.name": "C4", "body.code": "C5", "period": "C7"}

# Report sheet of a direction with scalar inputs: criteria table, then the inputs table.
CRITERIA_FIRST_ROW = 7
INPUT_SYMBOL_COLUMN = "C"  # the input's symbol (m, p, …) beside its cell, to catch shifted rows
INPUT_VALUE_COLUMN = "D"
INPUT_CHECK_COLUMN = "E"

# «Акт сверки»: the reconciliation act (Прил. 1) as an Excel table
PENALTIES_TABLE = "penalties"
PENALTIES_HEADER_ROW = 6
PENALTIES_ROWS = 30
PENALTIES_COLUMNS = ("№", "Направление", "Вид информации", "Описание выявленного факта", "Баллы к вычету")


def inputs_header_row(direction: Direction) -> int:
    return CRITERIA_FIRST_ROW + len(direction.criteria) + 3


def input_cells(direction: Direction) -> dict[str, str]:
    """A1 address of each scalar input of the direction, in catalog order."""
    first = inputs_header_row(direction) + 1
    return {spec.key: f"{INPUT_VALUE_COLUMN}{first + i}" for i, spec in enumerate(direction.inputs)}


def penalties_range() -> str:
    last = PENALTIES_HEADER_ROW + PENALTIES_ROWS
    return f"A{PENALTIES_HEADER_ROW}:E{last}"


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
