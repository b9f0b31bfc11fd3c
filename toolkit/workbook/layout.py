"""Where things sit in our workbooks: sheet names, input cells, tables.

The template writer and the reader both derive positions from here, so a cell moved by hand is
detected by comparing the defined name's target with the position this module gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.workbook.cells import get_column_letter

from toolkit.catalog.model import Direction, InputSpec, ListSpec, ReportSheet

META_SHEET = "_xlscore"
ASSESSOR_KIND = "assessor"  # the metadata's `kind` of an assessor workbook (a body's report says "report")
INSTRUCTIONS_SHEET = "Инструкция"
PENALTIES_SHEET = "Акт сверки"
SCORES_SHEET = "Баллы"
CONCLUSION_SHEET = "Заключение"
JOURNAL_SHEET = "Журнал"
OUR_OUTPUT_SHEETS = (SCORES_SHEET, CONCLUSION_SHEET, JOURNAL_SHEET)

DIRECTION_SHEETS = {"complaints": "Прил. 11", "openness": None, "services": None}  # openness, services: sheets of the catalog

# «Инструкция»: the body's identity
BODY_CELLS = {"body.name": "C4", "body.code": "C5", "period": "C7"}

# Report sheet of a direction with scalar inputs: criteria table, then the inputs table.
CRITERIA_FIRST_ROW = 7
INPUT_LABEL_COLUMN = "B"
INPUT_SYMBOL_COLUMN = "C"  # the methodology's symbol (m, p, …) beside the cell, where shown; else empty
# what the reader checks to catch shifted rows: the symbol where shown, else the label
INPUT_MARKER_COLUMNS = (INPUT_LABEL_COLUMN, INPUT_SYMBOL_COLUMN)
INPUT_VALUE_COLUMN = "D"
INPUT_CHECK_COLUMN = "E"

# «Акт сверки»: the reconciliation act (Прил. 1) as an Excel table
PENALTIES_TABLE = "penalties"
PENALTIES_HEADER_ROW = 6
PENALTIES_ROWS = 30
PENALTIES_COLUMNS = ("№", "Направление", "Вид информации", "Описание выявленного факта", "Баллы к вычету")

# «Обжалование»: the table of disagreements (Прил. 14, п.109–115) as an Excel table; the special commission
# fills it after the first scoring, and `score` applies the accepted rows
APPEALS_SHEET = "Обжалование"
APPEALS_TABLE = "appeals"
APPEALS_HEADER_ROW = 7
APPEALS_ROWS = 30
APPEALS_FIELDS = ("direction", "item", "conclusion", "objection", "decision", "value", "note")
APPEALS_COLUMNS = ("№", "Направление", "Показатель или вводимое значение (код)",
                   "Заключение уполномоченного на оценку государственного органа",
                   "Возражение оцениваемого государственного органа", "Решение специальной комиссии",
                   "Исправленное значение (баллы показателя или вводимое значение)", "Примечание")
APPEAL_DECISIONS = {"accepted": "принято", "rejected": "не принято"}


def appeals_range() -> str:
    return f"A{APPEALS_HEADER_ROW}:H{APPEALS_HEADER_ROW + APPEALS_ROWS}"


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


# Openness (and any direction with `sheets` in the catalog): one sheet per appendix table with a
# heading, an optional block of scalar inputs (the same columns as the complaints inputs table) and
# then at most one list; the table's further lists get sheets of their own. A list is always the last
# thing on its sheet, so it grows like any Excel table (typing under it, pasting, inserting rows)
# and nothing below it can be mistaken for the heading of another block.
HEADING_ROWS = 4  # appendix line, table title, body name, empty
LIST_GAP = 2
MAX_ROW = 1_048_576  # Excel's last row: list columns are validated down to it, whatever the list's length


@dataclass(frozen=True, slots=True)
class ListPlace:
    """Where a reported list sits on its sheet: title, header and last row."""

    spec: ListSpec
    sheet: str
    title_row: int
    header_row: int  # the table's header; data rows follow, as many as the body needs
    last_row: int  # the last row the template formats in advance (the table's end in a blank template)

    @property
    def columns(self) -> dict[str, str]:
        return {c.field: get_column_letter(i) for i, c in enumerate(self.spec.columns, start=1)}

    @property
    def ref(self) -> str:
        return self.ref_to(self.last_row)

    def ref_to(self, last_row: int) -> str:
        """The table's range when its last data row is `last_row` (at least one data row, as Excel keeps)."""
        return f"A{self.header_row}:{get_column_letter(len(self.spec.columns))}{max(last_row, self.header_row + 1)}"


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """Where a report sheet puts its scalar inputs and lists."""

    id: str  # the catalog sheet's id, or for a list on a sheet of its own the list's key less the direction
    name: str
    title: str
    source: str
    owner: str
    scalar_header_row: int  # 0 when the sheet has no scalar inputs
    scalars: tuple[tuple[InputSpec, int], ...]  # (input, row); its value sits in INPUT_VALUE_COLUMN
    lists: tuple[ListPlace, ...]  # at most one, and always the sheet's last block
    filled_by: str = ""  # who fills it when not the body (the Ministry's automation sheet)

    @property
    def width(self) -> int:
        """Columns the template writes on: the scalar block's five, or the list's."""
        return max([5 if self.scalars else 1, *(len(place.spec.columns) for place in self.lists)])

    @property
    def blocks_end(self) -> int:
        """The last row of the heading and scalar block (the counter row); a list starts below it."""
        if self.scalars:
            return self.scalars[-1][1] + 1
        return HEADING_ROWS


def sheet_plans(direction: Direction, body_type: str) -> tuple[SheetPlan, ...]:
    """Where every input and list of the direction sits, for one body type."""
    plans = []
    inputs = direction.inputs_for(body_type)
    lists = direction.lists_for(body_type)
    for sheet in direction.sheets_for(body_type):
        if sheet.owner == "assessor":  # the assessor's inputs live in the assessor workbook, not the body's
            continue
        mine = [spec for spec in inputs if spec.sheet == sheet.id]
        own = [spec for spec in lists if spec.sheet == sheet.id and spec.own_sheet is None]
        plans.append(_plan(sheet.id, sheet, body_type, sheet.name[body_type], mine, own[:1]))
        for spec in (lst for lst in lists if lst.sheet == sheet.id and lst.own_sheet is not None):
            plans.append(_plan(spec.key.split(".", 1)[1], sheet, body_type, spec.own_sheet[body_type], [], [spec]))
    return tuple(plans)


def _plan(plan_id: str, sheet: ReportSheet, body_type: str, name: str, inputs: list[InputSpec], lists: list[ListSpec]) -> SheetPlan:
    row = HEADING_ROWS + 1
    scalars: list[tuple[InputSpec, int]] = []
    header = 0
    if inputs:
        header = row + 1  # a caption row, then the header
        scalars = [(spec, header + 1 + i) for i, spec in enumerate(inputs)]
        row = header + len(inputs) + 2 + LIST_GAP  # a «Заполнено» counter row after the inputs
    places = []
    for spec in lists:
        header_row = row + 2  # title, note, then the table
        places.append(ListPlace(spec, name, row, header_row, header_row + spec.rows))
    return SheetPlan(plan_id, name, sheet.title[body_type], sheet.source[body_type], sheet.owner, header,
                     tuple(scalars), tuple(places), sheet.filled_by)


def scalar_cells(direction: Direction, body_type: str) -> dict[str, tuple[str, str]]:
    """(sheet, A1 cell) of every scalar input of a direction laid out by `sheet_plans`."""
    return {spec.key: (plan.name, f"{INPUT_VALUE_COLUMN}{row}")
            for plan in sheet_plans(direction, body_type) for spec, row in plan.scalars}
