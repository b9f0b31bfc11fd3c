"""Blank reporting workbooks for bodies to fill, generated from the catalog.

Each template has: «Инструкция» (who reports, what to do), the report sheets of each direction in the
form of its appendix (one sheet for complaints, one per Прил. 9 table for openness, laid out by
`layout.sheet_plans`), «Акт сверки» for the assessor, and a very hidden metadata sheet. Only input
cells are unlocked; every input carries its key as a defined name, a data validation and a note;
every reported list is an Excel table whose columns carry a validation by type and a note.

The scalar-input block lives in `input_block.py`, the openness list sheets in `list_sheets.py`.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from toolkit import __version__
from toolkit.catalog.model import Catalog, Direction
from toolkit.engine.inputs import Body, Meta
from toolkit.workbook import layout
from toolkit.workbook.appeals_sheet import appeals_sheet
from toolkit.workbook.input_block import AUTHOR, define_name, inputs_block
from toolkit.workbook.list_sheets import Choices, list_sheets
from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.styles import fit_row, footers, print_ready, set_formula, set_text


def available_directions() -> tuple[str, ...]:
    """Directions whose report sheets this version can generate (openness: several sheets, no single one)."""
    return tuple(layout.DIRECTION_SHEETS)


def build_template(catalog: Catalog, directions: tuple[str, ...], body_type: str, period: int,
                   body: Body | None = None) -> Workbook:
    wb = Workbook()
    meta = Meta(catalog.edition, directions, body_type, period, __version__, body.code if body else "",
                body.name if body else "")
    _instructions(wb.active, catalog, meta, body)
    choices = Choices()
    for did in directions:
        direction = catalog.direction(did)
        if direction.sheets:
            list_sheets(wb, direction, body_type, period, choices)
        else:
            _report_sheet(wb, catalog, direction, body_type)
    _penalties_sheet(wb, catalog)
    appeals_sheet(wb, catalog, directions)
    _meta_sheet(wb, meta)
    choices.write(wb[layout.META_SHEET])
    footers(wb, f"{body.name}, {period} год" if body else f"Отчетная информация за {period} год")
    wb.properties.creator = AUTHOR
    wb.properties.title = f"Отчет: {', '.join(catalog.direction(d).title for d in directions)} ({period})"
    return wb


def write_template(path: Path, catalog: Catalog, directions: tuple[str, ...], body_type: str, period: int,
                   body: Body | None = None) -> None:
    atomic_write(Path(path), deterministic_bytes(build_template(catalog, directions, body_type, period, body)))


def _instructions(ws: Worksheet, catalog: Catalog, meta: Meta, body: Body | None) -> None:
    ws.title = layout.INSTRUCTIONS_SHEET
    set_text(ws["A1"], "Отчетная информация для операционной оценки", "title")
    ws.merge_cells("A1:D1")
    caption = f"Блок «{catalog.block_title}». {catalog.title}"
    set_text(ws["A2"], caption, "caption")
    ws.merge_cells("A2:D2")
    fit_row(ws, 1, [("x" * 60, 113)], size=13)
    fit_row(ws, 2, [(caption, 113)], size=9)
    rows = [
        ("Государственный орган", "body.name", body.name if body else None, "input_text"),
        ("Краткое обозначение", "body.code", body.code if body else None, "input_text"),
        ("Тип органа", None, catalog.body_types[meta.body_type], "cell"),
        ("Отчетный период (год)", "period", meta.period, "cell"),
        ("Редакция методики", None, catalog.edition, "cell"),
    ]
    for i, (label, key, value, style) in enumerate(rows, start=4):
        set_text(ws.cell(i, 2), label, "bold")
        set_text(ws.cell(i, 3), value, "input_text" if style == "input_text" else "cell_left")
        if key:
            define_name(ws.parent, key, ws.title, f"C{i}")
    ws["C4"].comment = Comment("Полное официальное наименование государственного органа.", AUTHOR)
    ws["C5"].comment = Comment("Сокращение, как в рейтингах (например, МЮ, МИО Алматинской области).", AUTHOR)
    if body is not None:  # issued to a body: its identity is recorded in the metadata and decides
        for cell in ("C4", "C5"):
            ws[cell].comment = Comment("Шаблон выдан этому органу, и отчет засчитывается ему. Не изменяйте "
                                       "наименование и обозначение: другой орган здесь — ошибка проверки.", AUTHOR)
    steps = _steps(catalog, meta)
    for i, line in enumerate(steps, start=11):
        set_text(ws.cell(i, 2), line, "bold" if i == 11 else "text")
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=4)
        fit_row(ws, i, [(line, 110)])
    for col, width in zip("ABCD", (3, 30, 60, 20)):
        ws.column_dimensions[col].width = width
    ws.protection.sheet = True
    print_ready(ws)


def _steps(catalog: Catalog, meta: Meta) -> list[str]:
    """What to do, in the clerk's terms; reports with lists (openness) need more than numbers."""
    directions = [catalog.direction(d) for d in meta.directions]
    if any(d.lists for d in directions):
        return _list_steps()
    return [
        "Как заполнить отчет:",
        "1. Заполняйте только ячейки, выделенные светло-желтым; остальные ячейки защищены.",
        "2. У каждой ячейки ввода есть примечание: что считать и из какого источника. Наведите курсор на ячейку.",
        "3. Вводите целые числа без пробелов, текста и формул. Если случаев не было — введите 0, не оставляйте пусто.",
        "4. Столбец «Проверка» сразу показывает ошибки в ячейках и противоречия между значениями; исправьте их "
        "до отправки.",
        "5. Не переименовывайте, не удаляйте и не переставляйте листы, строки и столбцы.",
        "6. Лист «Акт сверки» заполняет уполномоченный орган по итогам перепроверки (Прил. 1 к Методике).",
        "7. Сохраните книгу в формате .xlsx и отправьте в уполномоченный орган.",
    ]


def _list_steps() -> list[str]:
    lines = [
        "Заполняйте только ячейки, выделенные светло-желтым, и строки таблиц-списков.",
        "У каждой ячейки ввода и у каждого заголовка столбца есть примечание: что указать и из какого "
        "источника. Наведите курсор на ячейку.",
        "Числа вводите целыми, без пробелов и текста. Если случаев не было — введите 0, не оставляйте пусто.",
        "Таблицы-списки заполняйте по строке на каждый документ, набор, мероприятие; строк может быть сколько "
        "угодно: вводите новую строку сразу под таблицей (Excel расширит таблицу сам) или вставляйте список "
        "из другой книги; строки внутри таблицы можно вставлять, удалять и сортировать, неиспользуемые строки "
        "оставляйте пустыми.",
        "Всё, что записано на листе вне таблиц и желтых ячеек, не учитывается и считается ошибкой.",
        "Даты вводите в формате ДД.ММ.ГГГГ; «Да» и «Нет» и другие значения выбирайте из раскрывающегося списка; "
        "ссылки указывайте полностью, начиная с https://.",
        "Столбец «Проверка» сразу показывает ошибки в ячейках и противоречия между значениями; исправьте их до "
        "отправки.",
        "Не переименовывайте, не удаляйте и не переставляйте листы и столбцы, не вставляйте строки над таблицами.",
        "Лист «Акт сверки» заполняет уполномоченный орган по итогам перепроверки (Прил. 1 к Методике).",
        "Сохраните книгу в формате .xlsx и отправьте в уполномоченный орган.",
    ]
    return ["Как заполнить отчет:", *(f"{i}. {line}" for i, line in enumerate(lines, start=1))]


def _report_sheet(wb: Workbook, catalog: Catalog, direction: Direction, body_type: str) -> None:
    ws = wb.create_sheet(layout.DIRECTION_SHEETS[direction.id])
    set_text(ws["A1"], f"{direction.report_appendix.replace('Прил.', 'Приложение')} к Методике операционной оценки "
             "взаимодействия государственного органа с физическими и юридическими лицами", "subtitle")
    ws.merge_cells("A1:E1")
    set_text(ws["A2"], "Форма", "subtitle")
    ws.merge_cells("A2:E2")
    title = f"Критерии операционной оценки по направлению «{direction.title}»"
    set_text(ws["A3"], title, "title")
    ws.merge_cells("A3:E3")
    fit_row(ws, 1, [(ws["A1"].value, 100)], size=9)
    fit_row(ws, 3, [(title, 100)], size=13)
    set_formula(ws["A4"], f"={layout.quote_sheet(layout.INSTRUCTIONS_SHEET)}!C4&\"\"", "caption")
    ws.merge_cells("A4:E4")
    first = layout.CRITERIA_FIRST_ROW
    for col, text in zip("ABC", ("№", "Наименование критерия", "Значение")):
        set_text(ws[f"{col}{first - 1}"], text, "header")
    criteria = direction.criteria_for(body_type)
    for i, criterion in enumerate(criteria):
        row = first + i
        set_text(ws[f"A{row}"], i + 1, "cell_center")
        set_text(ws[f"B{row}"], criterion.title, "cell")
        set_text(ws[f"C{row}"], f"{criterion.max_for(body_type):g} баллов", "cell_center")
        fit_row(ws, row, [(criterion.title, 52)])
    total_row = first + len(criteria)
    set_text(ws[f"B{total_row}"], "Итого", "total")
    set_text(ws[f"C{total_row}"], f"{sum(c.max_for(body_type) for c in criteria):g} баллов", "total")
    for col, width in zip("ABCDE", (5, 50, 13, 14, 34)):
        ws.column_dimensions[col].width = width
    _inputs_table(ws, direction)
    ws.protection.sheet = True
    print_ready(ws)


def _inputs_table(ws: Worksheet, direction: Direction) -> None:
    cells = layout.input_cells(direction)
    placed = [(spec, int(cells[spec.key][len(layout.INPUT_VALUE_COLUMN):])) for spec in direction.inputs]
    inputs_block(ws, direction, layout.inputs_header_row(direction), placed)


def _penalties_sheet(wb: Workbook, catalog: Catalog) -> None:
    ws = wb.create_sheet(layout.PENALTIES_SHEET)
    set_text(ws["A1"], "Приложение 1 к Методике. Форма", "subtitle")
    ws.merge_cells("A1:E1")
    set_text(ws["A2"], "АКТ СВЕРКИ по итогам перепроверки данных, содержащихся в отчетной информации "
             "оцениваемых государственных органов", "title")
    ws.merge_cells("A2:E2")
    note = ("Заполняет уполномоченный орган: по строке на каждый выявленный факт недостоверной "
            "(0,2 балла) или неполной (2 балла) информации; сумма по направлению не больше "
            f"{catalog.penalty_cap:g} баллов (п.17–21).")
    set_text(ws["A3"], note, "text")
    ws.merge_cells("A3:E3")
    fit_row(ws, 2, [(ws["A2"].value, 140)], size=13)
    fit_row(ws, 3, [(note, 140)])
    top = layout.PENALTIES_HEADER_ROW
    for col, text in zip("ABCDE", layout.PENALTIES_COLUMNS):
        set_text(ws[f"{col}{top}"], text, "header")
    directions = [d.title for d in catalog.directions.values()]
    kinds = [k.label for k in catalog.penalty_kinds.values()]
    dv_direction = DataValidation(type="list", formula1='"' + ",".join(directions) + '"', allow_blank=True,
                                  showErrorMessage=True, error="Выберите направление из списка.")
    dv_kind = DataValidation(type="list", formula1='"' + ",".join(kinds) + '"', allow_blank=True,
                             showErrorMessage=True, error="Выберите вид информации из списка.")
    ws.add_data_validation(dv_direction)
    ws.add_data_validation(dv_kind)
    for row in range(top + 1, top + layout.PENALTIES_ROWS + 1):
        set_text(ws[f"A{row}"], row - top, "cell_center")
        for col in "BCD":
            set_text(ws[f"{col}{row}"], None, "input_text")
        dv_direction.add(f"B{row}")
        dv_kind.add(f"C{row}")
        points = "".join(f'IF(C{row}="{k.label}",{k.points:g},' for k in catalog.penalty_kinds.values())
        set_formula(ws[f"E{row}"], f"={points}\"\"{')' * len(catalog.penalty_kinds)}", "number")
    table = Table(displayName=layout.PENALTIES_TABLE, ref=layout.penalties_range())
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(table)
    for col, width in zip("ABCDE", (5, 34, 24, 62, 15)):
        ws.column_dimensions[col].width = width
    print_ready(ws, landscape=True, title_rows=f"{top}:{top}")


def _meta_sheet(wb: Workbook, meta: Meta) -> None:
    rows = [("edition", meta.edition), ("directions", ",".join(meta.directions)), ("body_type", meta.body_type),
            ("period", meta.period), ("toolkit_version", meta.toolkit_version), ("kind", "report")]
    if meta.body_code:  # the body the template was issued to: it decides whose report this is
        rows += [("body_code", meta.body_code), ("body_name", meta.body_name)]
    metadata_sheet(wb, rows)


def metadata_sheet(wb: Workbook, rows: list[tuple[str, object]]) -> None:
    """The very hidden, protected metadata sheet: key in A, value in B (`reader.metadata` reads it back)."""
    ws = wb.create_sheet(layout.META_SHEET)
    for i, (key, value) in enumerate(rows, start=1):
        set_text(ws.cell(i, 1), key)
        set_text(ws.cell(i, 2), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
