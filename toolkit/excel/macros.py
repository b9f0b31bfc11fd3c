"""Classic xlwings (`RunPython` from VBA, Python installed on the PC): the three buttons.

The macros live in a workbook of their own (`excel/classic/xlscore.bas`, imported into a macro workbook
or PERSONAL.XLSB), so a body's report stays an untouched .xlsx; they act on the active workbook of the
Excel that called them. Any failure of ours is shown as a Russian message box, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from toolkit.excel import entry

MACRO_BOOK = "Откройте отчет и сделайте его активным: кнопки xlscore работают с активной книгой, а сейчас активна книга с макросами «{name}»."
FAILED = ("xlscore не смог обработать книгу ({error}). Сохраните книгу и выполните «xlscore validate ФАЙЛ» в командной "
          "строке: там будет подробное сообщение. Если и там ошибка, передайте файл разработчикам.")


def check() -> None:
    _run(entry.check)


def calculate() -> None:
    _run(entry.calculate)


def explain() -> None:
    _run(entry.explain)


def _run(action: Callable[[Any], Any]) -> None:
    import xlwings as xw  # only here: importing toolkit never needs xlwings

    caller = xw.Book.caller()
    book = caller.app.books.active
    try:
        if book.fullname == caller.fullname and caller.name.lower().endswith((".xlsm", ".xlsb", ".xlam")):
            caller.app.alert(MACRO_BOOK.format(name=caller.name), title="xlscore")
            return
        action(book)
    except Exception as exc:  # our bug or Excel refusing a call: a message, not a traceback
        if os.environ.get("XLSCORE_DEBUG") == "1":
            raise
        caller.app.alert(FAILED.format(error=type(exc).__name__), title="xlscore")
