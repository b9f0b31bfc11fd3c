"""The three buttons, as library calls over an xlwings book (the engine does not know Excel exists).

«Проверить» validates the book as it is on screen and lists the problems on «Замечания»;
«Рассчитать» scores it and adds «Баллы», «Заключение», «Журнал» as `xlscore score` writes them;
«Пояснить» writes `explain`'s trace of the indicator selected on «Баллы». Each returns what it did,
so tests and the macros can tell the user.
"""

from __future__ import annotations

from typing import Any

from toolkit.catalog import load_catalog
from toolkit.check import FileCheck, check_document
from toolkit.excel.livebook import LiveBook
from toolkit.excel.notes import (EXPLAIN_TITLE, NOTES_SHEET, NOTES_TITLE, explain_spec, notes_spec, own_sheet,
                                 rewrite_own, select_first)
from toolkit.excel.write import write_spec
from toolkit.explain import explain_result
from toolkit.problems import CellRef, Problem, problem
from toolkit.engine.scoring import score
from toolkit.sheets.conclusion import conclusion_sheet
from toolkit.sheets.journal import journal_entry, journal_sheet
from toolkit.sheets.model import JOURNAL_COLUMNS
from toolkit.sheets.scores import scores_sheet
from toolkit.workbook.history import Journal
from toolkit.workbook.layout import JOURNAL_SHEET, OUR_OUTPUT_SHEETS, SCORES_SHEET
from toolkit.workbook.reader import document_from

RECORD_COLUMN = JOURNAL_COLUMNS.index("Запись xlscore") + 1
NO_FILE = "нет (книга рассчитана в Excel до сохранения)"  # «Журнал» «SHA-256 входного файла»: no file to hash
NO_RECORD = ("записи xlscore нет: рассчитано в открытой книге; проверяемую запись дает "
             "«xlscore score ФАЙЛ» по сохраненному файлу")  # «Журнал» «Запись xlscore»


def check_live(book: Any, alone: bool = True) -> FileCheck:
    """Read and validate the open book, as `check_file` does a file (minus what Excel does not show)."""
    live = LiveBook(book)
    doc, problems = document_from(live.name, live)  # type: ignore[arg-type]  # LiveBook reads as Xlsx does
    return check_document(live.name, doc, problems, [], alone)


def check(book: Any) -> FileCheck:
    """«Проверить»: the problems on «Замечания», the first bad cell selected."""
    checked = check_live(book)
    _notes(book, checked.problems)
    return checked


def calculate(book: Any) -> FileCheck:
    """«Рассчитать»: our three sheets, or «Замечания» saying why not."""
    taken = [s for s in (str(x.name) for x in book.sheets) if s.casefold() in {n.casefold() for n in OUR_OUTPUT_SHEETS}]
    if taken:
        refused = FileCheck(str(book.name), (problem("excel.scored_sheets", sheet=taken[0]),))
        _notes(book, refused.problems)
        return refused
    checked = check_live(book, alone=False)
    if checked.inputs is None or not checked.valid:
        _notes(book, checked.problems)
        return checked
    catalog = load_catalog(checked.inputs.meta.edition)
    result = score(checked.inputs, catalog)
    journal = journal_sheet(JOURNAL_SHEET, NO_RECORD, Journal(runs=(journal_entry(result, NO_FILE),)))
    journal.put(2, RECORD_COLUMN, NO_RECORD, "cell")
    for spec in (scores_sheet(result, catalog.title), conclusion_sheet(result, checked.inputs, catalog), journal):
        write_spec(book, spec)
    if checked.problems or own_sheet(book, NOTES_SHEET, NOTES_TITLE)[1] is not None:
        _notes(book, checked.problems, select=False)  # warnings (scored anyway, as `score` does), or none any more
    book.sheets[SCORES_SHEET].activate()
    return checked


def explain(book: Any) -> list[str] | None:
    """«Пояснить»: the trace of the indicator in the selected row of «Баллы»."""
    item, where = _selected_item(book)
    if item is None:
        _notes(book, [problem("excel.no_indicator", sheet=SCORES_SHEET, selected=where)], select=False)
        return None
    checked = check_live(book)
    if checked.inputs is None:
        _notes(book, checked.problems)
        return None
    catalog = load_catalog(checked.inputs.meta.edition)
    lines = explain_result(score(checked.inputs, catalog), checked.inputs, catalog, item)
    if not lines:  # a header or a total row: nothing to explain
        _notes(book, [problem("excel.no_indicator", sheet=SCORES_SHEET, selected=where)], select=False)
        return None
    rewrite_own(book, explain_spec(item, lines), EXPLAIN_TITLE).activate()
    return lines


def _selected_item(book: Any) -> tuple[str | None, str]:
    selection = book.selection
    if selection is None:
        return None, "ничего"
    where = str(CellRef(str(selection.sheet.name), selection.address.replace("$", "").split(":")[0]))
    if selection.sheet.name != SCORES_SHEET:
        return None, where
    code = selection.sheet.range((selection.row, 1)).value
    if not isinstance(code, str) or not code.strip() or " " in code.strip():
        return None, where
    return code.strip(), where


def _notes(book: Any, problems: tuple[Problem, ...] | list[Problem], select: bool = True) -> None:
    rewrite_own(book, notes_spec(str(book.name), problems), NOTES_TITLE).activate()
    if select:
        select_first(book, problems)
