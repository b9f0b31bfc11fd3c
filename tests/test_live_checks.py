"""The «Проверка» column flags, for a single cell, what `validate` flags (issue 11, item 3).

Values are pasted over the template's data validation (openpyxl writes them as Excel's paste would:
a number, text, a boolean, an error formula, nothing), then each workbook is recomputed by LibreOffice
headless and by the `formulas` package. Every expected text is written out here by hand; and for every
value, the live check is non-empty exactly when `validation.check_scalar` reports a problem.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import CATALOG, COMPLAINTS, GOOD, SYMBOL_KEYS, write_named
from recalc import convert_with_libreoffice, second_engine

from toolkit.engine.inputs import RawCell
from toolkit.problems import CellRef
from toolkit.engine.validation import check_scalar
from toolkit.workbook import layout

REPORT = layout.DIRECTION_SHEETS["complaints"]
CELLS = layout.input_cells(COMPLAINTS)
M_ROW = int(CELLS[SYMBOL_KEYS["m"]][1:])  # m's row holds no relation check: its «Проверка» is its own
X_ROW = int(CELLS[SYMBOL_KEYS["x"]][1:])
COUNT_CELL = f"D{layout.inputs_header_row(COMPLAINTS) + len(COMPLAINTS.inputs) + 1}"
OPENNESS = CATALOG.direction("openness")
PLANS = {p.name: p for p in layout.sheet_plans(OPENNESS, "cgo")}
YESNO_SHEET = next(name for name, p in PLANS.items() if [s.type for s, _ in p.scalars] == ["yesno"])
DIALOGUE_SHEET = next(name for name, p in PLANS.items() if len(p.scalars) > 10)

NEGATIVE = "Ошибка: отрицательное число. "
FRACTION = "Ошибка: нужно целое число. "
AS_TEXT = "Ошибка: число записано как текст. "
NOT_NUMBER = "Ошибка: не число. "
BLANK = "Заполните ячейку. "
ERROR = "Ошибка: в ячейке ошибка Excel. "
NOT_YESNO = "Ошибка: выберите «Да» или «Нет». "

# value pasted into m → the text its «Проверка» must show
COUNT_CASES: dict[str, tuple[Any, str]] = {
    "minus-3": (-3, NEGATIVE),
    "2.5": (2.5, FRACTION),
    "text-12": ("12", AS_TEXT),
    "text-1 234": ("1 234", AS_TEXT),
    "text-12,5": ("12,5", AS_TEXT),
    "text-12.5": ("12.5", AS_TEXT),
    "blank": (None, BLANK),
    "spaces": ("   ", BLANK),
    "word": ("много", NOT_NUMBER),
    "true": (True, NOT_NUMBER),
    "div0": ("=1/0", ERROR),
    "zero": (0, ""),
    "whole": (1200, ""),
    "formula-noise": (400.000000000001, ""),  # a formula's binary noise is still whole (numbers.whole)
    "negative-noise": (-1e-13, ""),
    "minus-0.5": (-0.5, NEGATIVE),  # negative before fractional, as validate says
}
YESNO_CASES: dict[str, tuple[Any, str]] = {
    "yes": ("Да", ""),
    "no": ("Нет", ""),
    "no-spaced": (" Нет ", ""),
    "maybe": ("Может быть", NOT_YESNO),
    "number": (1, NOT_YESNO),
    "blank": (None, BLANK),
    "div0": ("=1/0", ERROR),
}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory, blank_templates: dict[str, Path],
              openness_blanks: dict[str, Path]) -> dict[str, Path]:
    """One workbook per case: complaints with m pasted (the rest GOOD), openness with the yes/no pasted."""
    folder = tmp_path_factory.mktemp("live-checks")
    out = {}
    for name, (value, _) in COUNT_CASES.items():
        path = out[f"count-{name}"] = folder / f"count-{len(out):02d}.xlsx"
        shutil.copy(blank_templates["cgo"], path)
        write_named(path, {SYMBOL_KEYS[s]: v for s, v in GOOD.items()} | {SYMBOL_KEYS["m"]: value})
    for name, (value, _) in YESNO_CASES.items():
        path = out[f"yesno-{name}"] = folder / f"yesno-{len(out):02d}.xlsx"
        shutil.copy(openness_blanks["cgo"], path)
        spec, row = PLANS[YESNO_SHEET].scalars[0]
        wb = openpyxl.load_workbook(path)
        wb[YESNO_SHEET][f"D{row}"] = value
        wb.save(path)
    path = out["dialogue"] = folder / "dialogue.xlsx"
    shutil.copy(openness_blanks["cgo"], path)
    wb = openpyxl.load_workbook(path)
    ws = wb[DIALOGUE_SHEET]
    for spec, row in PLANS[DIALOGUE_SHEET].scalars:
        ws[f"D{row}"] = {"q_received_kk": 5, "q_answered_kk": 7, "q_received_ru": "3"}.get(spec.symbol, 0)
    wb.save(path)
    return out


@pytest.fixture(scope="module")
def lo_workbooks(workbooks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return dict(zip(workbooks, convert_with_libreoffice(workbooks.values(), tmp_path_factory.mktemp("lo-live"))))


@pytest.fixture(params=["libreoffice", "formulas"])
def engine(request: pytest.FixtureRequest, workbooks: dict[str, Path]):  # type: ignore[no-untyped-def]
    """(sheet, case) → {cell: result} by the engine named."""
    return second_engine(request, workbooks, "lo_workbooks")


@pytest.mark.parametrize("case", COUNT_CASES)
def test_count_cell_shows_what_validate_says(engine, case):
    value, expected = COUNT_CASES[case]
    got = engine(REPORT, f"count-{case}")
    assert got[f"E{M_ROW}"] == expected, (case, value)
    assert got[f"E{X_ROW}"] == ""  # the neighbours stay quiet
    # «Заполнено ячеек» counts only valid entries: the six GOOD ones, plus m when it is valid
    assert got[COUNT_CELL] == ("7 из 7" if expected == "" else "6 из 7")


@pytest.mark.parametrize("case", YESNO_CASES)
def test_yesno_cell_shows_what_validate_says(engine, case):
    value, expected = YESNO_CASES[case]
    spec, row = PLANS[YESNO_SHEET].scalars[0]
    got = engine(YESNO_SHEET, f"yesno-{case}")
    assert got[f"E{row}"] == expected, (case, value)
    assert got[f"D{row + 1}"] == ("1 из 1" if expected == "" else "0 из 1")


def test_dialogue_sheet_checks_cells_and_relations_in_labels(engine):
    got = engine(DIALOGUE_SHEET, "dialogue")
    rows = {spec.symbol: row for spec, row in PLANS[DIALOGUE_SHEET].scalars}
    labels = {spec.symbol: spec.label for spec, _ in PLANS[DIALOGUE_SHEET].scalars}
    # 7 answered of 5 received: the relation, in the clerk's words, without program names
    answered = got[f"E{rows['q_answered_kk']}"]
    assert answered == f"Ошибка: «{labels['q_answered_kk']}» больше, чем «{labels['q_received_kk']}». "
    assert "q_" not in answered
    assert got[f"E{rows['q_received_ru']}"] == AS_TEXT  # "3" pasted as text
    assert got[f"E{rows['q_answered_ru']}"] == ""  # its relation needs q_received_ru, which is not a number
    total = len(rows)
    assert got[f"D{max(rows.values()) + 1}"] == f"{total - 1} из {total}"


@pytest.mark.parametrize("case", [*COUNT_CASES, *(f"yn-{c}" for c in YESNO_CASES)])
def test_live_check_flags_exactly_what_validate_flags(case):
    """Python's own verdict on the same values: a message ⇔ a problem (error values are read from the
    cache, which openpyxl does not write, so the Excel error stands in as the reader decodes it)."""
    from toolkit.workbook.xlsx import ExcelError

    if case.startswith("yn-"):
        value, expected = YESNO_CASES[case[3:]]
        spec = PLANS[YESNO_SHEET].scalars[0][0]
    else:
        value, expected = COUNT_CASES[case]
        spec = COMPLAINTS.inputs[0]
    if value == "=1/0":
        value = ExcelError("#DIV/0!")
    _, problems = check_scalar(spec, RawCell(value, CellRef(REPORT, "D1")))
    assert bool(problems) == bool(expected), (case, [p.code for p in problems])


def test_template_shows_no_program_names(blank_templates, openness_blanks):
    """Item 2: the clerk sees the methodology's symbols (m, p, f…) or none, never a program name."""
    program_names = {spec.symbol for spec in OPENNESS.inputs} | {spec.key for spec in OPENNESS.inputs}
    for path in (*blank_templates.values(), *openness_blanks.values()):
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            for row in ws.iter_rows():
                for cell in row:
                    text = str(cell.value or "")
                    shown = text if not text.startswith("=") else " ".join(text.split('"')[1::2])
                    words = set(shown.replace("«", " ").replace("»", " ").replace(".", " ").split())
                    assert not words & program_names, (path.name, ws.title, cell.coordinate, shown)
                    if cell.comment is not None:
                        assert not set(cell.comment.text.split()) & program_names
    complaints = openpyxl.load_workbook(blank_templates["cgo"])[REPORT]
    assert [complaints[f"C{int(CELLS[spec.key][1:])}"].value for spec in COMPLAINTS.inputs] == \
        ["m", "p", "f", "a", "n", "d", "x"]


def test_disciplined_note_names_the_rows_it_means():
    """Item 5: the note on d («Факты привлечения…») names f and n, not «the two rows above» (a and n)."""
    note = next(spec.note for spec in COMPLAINTS.inputs if spec.symbol == "d")
    labels = {spec.symbol: spec.label for spec in COMPLAINTS.inputs}
    assert "двух строк выше" not in note
    assert f"«{labels['f']}»" in note and f"«{labels['n']}»" in note
