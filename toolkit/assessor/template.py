"""The blank assessor workbook of a period: one Excel table, a row per registered body, a column per input.

Every body of the registry is listed in advance (the assessing body monitors every body's website and
surveys every body's media at once), so the assessor fills rows rather than typing codes; a body the
registry lacks may be added under the table like any row. Columns carry the catalog's notes and
validations by type, as the body's templates do.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from toolkit import __version__
from toolkit.assessor.book import FIXED_COLUMNS, HEADER_ROW, KIND, SHEET, TYPES, assessor_inputs, table_name
from toolkit.bodies import registry
from toolkit.catalog.model import Catalog, Direction, InputSpec
from toolkit.workbook import layout
from toolkit.workbook.input_block import AUTHOR, validation_for
from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.styles import fit_row, footers, print_ready, set_text
from toolkit.workbook.template import metadata_sheet

_FIXED_WIDTHS = (12, 62, 7)
_VALUE_WIDTH = 17
_HEADING_COLUMNS = 5  # the heading stays on the first printed page: code, name, type and two values


def build_assessor_template(catalog: Catalog, direction_id: str, period: int) -> Workbook:
    direction = catalog.direction(direction_id)
    specs = assessor_inputs(direction)
    if not specs:
        raise ValueError(f"direction {direction_id!r} has no assessor inputs")
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _heading(ws, catalog, direction, period, len(FIXED_COLUMNS) + len(specs))
    _table(ws, catalog, direction, specs)
    _meta(wb, catalog.edition, direction_id, period)
    footers(wb, f"Данные уполномоченного органа за {period} год: «{direction.title}»")
    wb.properties.creator = AUTHOR
    wb.properties.title = f"Данные уполномоченного органа: {direction.title} ({period})"
    return wb


def write_assessor_template(path: Path, catalog: Catalog, direction_id: str, period: int) -> None:
    atomic_write(Path(path), deterministic_bytes(build_assessor_template(catalog, direction_id, period)))


def _heading(ws: Worksheet, catalog: Catalog, direction: Direction, period: int, width: int) -> None:
    last = get_column_letter(min(width, _HEADING_COLUMNS))
    span = sum(_FIXED_WIDTHS) + _VALUE_WIDTH * (_HEADING_COLUMNS - len(_FIXED_WIDTHS))
    lines = [
        (f"Данные уполномоченного органа за {period} год: «{direction.title}»", "title", 13),
        (f"Блок «{catalog.block_title}». {catalog.title}", "caption", 9),
        ("Одна строка на каждый оцениваемый орган: мониторинг интернет-ресурса (от 0 до 1 по каждому показателю, "
         "на казахском и русском языках), опросы СМИ и населения (%), а средние баллы органов — только если отчет "
         "органа оценивается отдельно от пакета (правило 1.5). Строка органа, не оцениваемого в этом году, "
         "остается пустой; частично заполненная строка — ошибка. Примечание к заголовку столбца говорит, что вводить.",
         "text", 10),
    ]
    for row, (text, style, size) in enumerate(lines, start=1):
        set_text(ws.cell(row, 1), text, style)
        ws.merge_cells(f"A{row}:{last}{row}")
        fit_row(ws, row, [(text, span)], size=size)


def _table(ws: Worksheet, catalog: Catalog, direction: Direction, specs: tuple[InputSpec, ...]) -> None:
    header = HEADER_ROW
    labels = [label for _, label in FIXED_COLUMNS] + [spec.label for spec in specs]
    for col, label in enumerate(labels, start=1):
        set_text(ws.cell(header, col), label, "header")
    for col, spec in enumerate(specs, start=len(FIXED_COLUMNS) + 1):
        ws.cell(header, col).comment = Comment(f"{spec.note} ({spec.source})", AUTHOR, width=320, height=160)
    bodies = sorted(registry(), key=lambda b: (b.type != "cgo", b.code))
    for i, body in enumerate(bodies, start=header + 1):
        set_text(ws.cell(i, 1), body.code, "input_text")
        set_text(ws.cell(i, 2), body.name, "input_text")
        set_text(ws.cell(i, 3), TYPES.get(body.type, body.type), "input_text")
        fit_row(ws, i, [(body.name, _FIXED_WIDTHS[1])])
        for col in range(len(FIXED_COLUMNS) + 1, len(labels) + 1):
            set_text(ws.cell(i, col), None, "assessor_input")
    last_row = header + len(bodies)
    for col, spec in enumerate(specs, start=len(FIXED_COLUMNS) + 1):
        letter = get_column_letter(col)
        validation = validation_for(spec.type)
        validation.add(f"{letter}{header + 1}:{letter}{layout.MAX_ROW}")
        ws.add_data_validation(validation)
    table = Table(displayName=table_name(direction.id), ref=f"A{header}:{get_column_letter(len(labels))}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(table)
    for col, width in enumerate([*_FIXED_WIDTHS, *[_VALUE_WIDTH] * len(specs)], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_row(ws, header, [(label, _VALUE_WIDTH - 2) for label in labels[len(FIXED_COLUMNS):]])
    ws.freeze_panes = f"D{header + 1}"
    # fifty columns never fit one page at a readable size: pages run across at 80 %, each repeating the code
    # (the name only on the first) and the header row
    print_ready(ws, landscape=True, title_rows=f"{header}:{header}")


def _meta(wb: Workbook, edition: str, direction: str, period: int) -> None:
    metadata_sheet(wb, [("edition", edition), ("directions", direction), ("period", period),
                        ("toolkit_version", __version__), ("kind", KIND)])
