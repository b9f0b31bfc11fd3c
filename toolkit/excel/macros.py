"""Classic xlwings (`RunPython` from VBA, Python installed on the PC): the three buttons.

The macros live in a workbook of their own (`excel/classic/xlscore.bas`, imported into a macro workbook
or PERSONAL.XLSB), so a body's report stays an untouched .xlsx; they act on the report: the active
workbook, or, when the button was clicked in the macro workbook itself, the one other workbook open.
Any failure of ours is shown as a Russian message box, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from toolkit.excel import entry

REPORTS = (".xlsx", ".xlsm")
WHICH_BOOK = ("Кнопки xlscore работают с отчетом, а сейчас активна книга с макросами «{name}», и отчет не выбрать "
              "однозначно (других открытых книг Excel: {count}). Перейдите в окно отчета и нажмите кнопку на панели "
              "быстрого доступа или оставьте открытым только один отчет.")
FAILED = ("xlscore не смог обработать книгу ({error}). Сохраните книгу и выполните «xlscore validate ФАЙЛ» в командной "
          "строке: там будет подробное сообщение. Если и там ошибка, передайте файл разработчикам.")


def check() -> None:
    _run(entry.check)


def calculate() -> None:
    _run(entry.calculate)


def explain() -> None:
    _run(entry.explain)


def report_book(caller: Any) -> Any | None:
    """The report the user means: the active workbook, unless that is the macro workbook itself."""
    active = caller.app.books.active
    if active.fullname != caller.fullname:
        return active
    others = [b for b in caller.app.books if b.fullname != caller.fullname and b.name.lower().endswith(REPORTS)]
    return others[0] if len(others) == 1 else None


def _run(action: Callable[[Any], Any]) -> None:
    import xlwings as xw  # only here: importing toolkit never needs xlwings

    caller = xw.Book.caller()
    try:
        book = report_book(caller)
        if book is None:
            others = sum(1 for b in caller.app.books if b.fullname != caller.fullname and b.name.lower().endswith(REPORTS))
            caller.app.alert(WHICH_BOOK.format(name=caller.name, count=others), title="xlscore")
            return
        action(book)
    except Exception as exc:  # our bug or Excel refusing a call: a message, not a traceback
        if os.environ.get("XLSCORE_DEBUG") == "1":
            raise
        caller.app.alert(FAILED.format(error=type(exc).__name__), title="xlscore")
