"""Sheets of our own that the buttons rewrite on every click: «Замечания» and «Пояснение».

Such a sheet is ours when its A1 starts with our title; a body's own sheet of that name is never
touched, ours is then named «Замечания (xlscore)» instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from toolkit.excel.write import write_spec
from toolkit.problems import Problem
from toolkit.sheets.model import SheetSpec

NOTES_SHEET = "Замечания"
EXPLAIN_SHEET = "Пояснение"
NOTES_TITLE = "Замечания xlscore"
EXPLAIN_TITLE = "Пояснение xlscore"
NOTES_HEADER = ("№", "Лист", "Ячейка", "Важность", "Код", "Сообщение")
SEVERITY = {"error": "ошибка", "warning": "предупреждение"}
NOTES_FIRST_ROW = 5  # the first problem's row: title, what was checked, an empty row, the header
LIVE_LIMITS = ("Проверены значения открытой книги, включая несохраненные правки. Сверку с выданным шаблоном (подписи, "
               "формулы, проверки данных, скрытые листы), объединенные ячейки ввода и целостность файла проверяет только "
               "команда «xlscore validate ФАЙЛ» по сохраненному файлу.")


def notes_spec(book_name: str, problems: Sequence[Problem]) -> SheetSpec:
    """Every problem as `validate` says it: sheet, cell, severity, code, message."""
    sheet = SheetSpec(NOTES_SHEET, (5, 22, 9, 15, 24, 100), landscape=True)
    sheet.add(f"{NOTES_TITLE}: {book_name}", style="title", span=6)
    sheet.add(LIVE_LIMITS, style="caption", span=6)
    sheet.add(*NOTES_HEADER, style="header", skip=2)
    for n, p in enumerate(problems, start=1):
        sheet.add(n, p.where.sheet if p.where else "", p.where.cell if p.where else "",
                  SEVERITY[p.severity.value], p.code, p.message)
    if not problems:
        sheet.add("", "", "", "", "", "Замечаний нет.")
    return sheet


def explain_spec(item: str, lines: Sequence[str]) -> SheetSpec:
    sheet = SheetSpec(EXPLAIN_SHEET, (160,))
    sheet.add(f"{EXPLAIN_TITLE}: {item}", style="bold")
    for line in lines:
        sheet.add(line, style="plain")
    return sheet


def _names(base: str) -> Iterator[str]:
    yield base
    yield f"{base} (xlscore)"
    n = 2
    while True:
        yield f"{base} (xlscore {n})"
        n += 1


def own_sheet(book: Any, base: str, title: str) -> tuple[str, Any | None]:
    """The name our sheet has or gets, and our earlier sheet of that name (its A1 starts with `title`)."""
    sheets = {str(s.name): s for s in book.sheets}
    for name in _names(base):
        if name not in sheets:
            return name, None
        first = sheets[name].range("A1").value
        if isinstance(first, str) and first.startswith(title):
            return name, sheets[name]
    raise AssertionError("unreachable")


def rewrite_own(book: Any, spec: SheetSpec, title: str) -> Any:
    """Replace our earlier sheet of that name, or add one beside a body's sheet of that name."""
    name, earlier = own_sheet(book, spec.name, title)
    if earlier is not None:
        earlier.delete()
    return write_spec(book, spec, name)


def select_first(book: Any, problems: Sequence[Problem]) -> None:
    """Go to the first bad cell (an error's before a warning's), where there is one."""
    shown = {str(s.name) for s in book.sheets if s.visible}  # Excel cannot go to a cell of a hidden sheet
    placed = [p for p in problems if p.where is not None and p.where.sheet in shown]
    if not placed:
        return
    first = next((p for p in placed if p.is_error), placed[0])
    sheet = book.sheets[first.where.sheet]
    sheet.activate()
    sheet.range(first.where.cell).select()
