"""The Excel buttons through xlwings' remote engine (issue 13), for every sample, without Excel.

Each test builds the payload Excel would send from a real workbook, runs the Lite main.py's script
through `xlwings.server.custom_scripts_call`, plays the returned actions onto a copy, and compares
with what `xlscore score` / `validate` / `explain` give for the saved file.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from excel_remote import ROOT, apply, payload, run_script
from toolkit.check import check_paths
from toolkit.excel.entry import NO_FILE, NO_RECORD
from toolkit.excel.notes import NOTES_FIRST_ROW, SEVERITY
from toolkit.explain import explain
from toolkit.problems import problem
from toolkit.run import score_file
from toolkit.sheets.model import JOURNAL_COLUMNS
from toolkit.workbook.layout import CONCLUSION_SHEET, JOURNAL_SHEET, PENALTIES_SHEET, SCORES_SHEET

SAMPLES = sorted(p for p in (ROOT / "samples").glob("*.xlsx") if not p.name.startswith("assessor-"))
OURS = (SCORES_SHEET, CONCLUSION_SHEET, JOURNAL_SHEET)
SHA_COLUMN, RECORD_COLUMN = (JOURNAL_COLUMNS.index(t) + 1 for t in ("SHA-256 входного файла", "Запись xlscore"))
LIVE_ONLY = {(2, 2), (2, 3), (2, SHA_COLUMN), (2, RECORD_COLUMN)}  # «Журнал»: times (local, UTC), input SHA-256, record


def cells(ws: Any) -> dict[tuple[int, int], tuple[Any, bool]]:
    """Every non-empty cell: its value (a formula's text) and whether it is a formula, not a text."""
    return {(c.row, c.column): (c.value, c.data_type == "f")
            for row in ws.iter_rows() for c in row if c.value not in (None, "")}


def scored(path: Path, tmp: Path) -> Any:
    out = score_file(path, tmp / (path.stem + ".scored.xlsx"))
    assert out.exit_code == 0, out.problems
    return openpyxl.load_workbook(out.output)


def notes(wb: Any, sheet: str = "Замечания") -> list[dict[str, Any]]:
    """«Замечания» rows back as validate's JSON problems (sheet, cell, severity, code, message)."""
    ws = wb[sheet]
    severity = {v: k for k, v in SEVERITY.items()}
    rows = []
    for r in range(NOTES_FIRST_ROW, ws.max_row + 1):
        if ws.cell(r, 5).value in (None, ""):
            continue
        rows.append({"sheet": ws.cell(r, 2).value, "cell": ws.cell(r, 3).value,
                     "severity": severity[ws.cell(r, 4).value], "code": ws.cell(r, 5).value,
                     "message": ws.cell(r, 6).value})
    return rows


def expected_notes(path: Path) -> list[dict[str, Any]]:
    [report] = check_paths([path]).to_dict()["files"]
    return [{k: p[k] for k in ("sheet", "cell", "severity", "code", "message")} for p in report["problems"]]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_calculate_writes_what_score_writes(sample: Path, tmp_path: Path) -> None:
    want = scored(sample, tmp_path)
    got = apply(sample, run_script("rasschitat", payload(sample))).wb
    assert got.sheetnames[-3:] == list(OURS)  # appended after the body's sheets, as the writer appends them
    for name in OURS:
        mine, theirs = cells(got[name]), cells(want[name])
        if name == JOURNAL_SHEET:
            assert mine[2, SHA_COLUMN] == (NO_FILE, False) and mine[2, RECORD_COLUMN] == (NO_RECORD, False)
            mine = {k: v for k, v in mine.items() if k not in LIVE_ONLY}
            theirs = {k: v for k, v in theirs.items() if k not in LIVE_ONLY}
        assert mine == theirs, name
        assert sorted(map(str, got[name].merged_cells.ranges)) == sorted(map(str, want[name].merged_cells.ranges)), name


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_check_lists_what_validate_lists(sample: Path) -> None:
    got = apply(sample, run_script("proverit", payload(sample)))
    want = expected_notes(sample)
    assert notes(got.wb) == want
    placed = [(p["sheet"], p["cell"]) for p in want if p["cell"]]
    if placed:  # only warnings here (a provisional result ahead): the first is selected
        assert got.selection == placed[0] and got.wb.worksheets[got.active].title == placed[0][0]
    else:
        assert got.selection is None and got.wb.worksheets[got.active].title == "Замечания"


def _broken(tmp: Path, sample: str, edit: Any) -> Path:
    path = tmp / sample
    shutil.copy(ROOT / "samples" / sample, path)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _named(wb: Any, key: str) -> Any:
    sheet, coord = next(iter(wb.defined_names[key].destinations))
    return wb[sheet][coord.replace("$", "")]


def _late_above_total(wb: Any) -> None:  # f > p: an error at f's cell
    _named(wb, "complaints.considered_late").value = _named(wb, "complaints.considered_total").value + 5


def _text_number(wb: Any) -> None:  # «1 234» typed as text
    _named(wb, "complaints.received_total").value = "1 234"


def _error_value(wb: Any) -> None:  # a formula left at #DIV/0!: its cached value is the error
    _named(wb, "complaints.disciplined").value = "#DIV/0!"


def _below_table(wb: Any) -> None:  # a penalty typed under the act's table
    wb[PENALTIES_SHEET]["B60"] = "complaints"


def _no_metadata(wb: Any) -> None:
    del wb["_xlscore"]


def _comments(wb: Any) -> tuple[Any, Any]:
    """The sheet and table of the openness list of comments on draft acts (CGO)."""
    from toolkit.catalog import load_catalog
    from toolkit.workbook import layout

    place = next(pl for plan in layout.sheet_plans(load_catalog("2023-01").direction("openness"), "cgo")
                 for pl in plan.lists if pl.spec.key == "openness.npa.comments")
    ws = wb[place.sheet]
    return ws, ws.tables[place.spec.table_name]


def _date_as_word(wb: Any) -> None:  # «вчера» in a date column of a list row: list.not_date at that cell
    ws, table = _comments(wb)
    c1, r1, _, _ = range_boundaries(table.ref)
    column = next(i for i, c in enumerate(table.tableColumns) if "дата" in c.name.lower())
    ws.cell(r1 + 1, c1 + column, "вчера")


def _under_list(wb: Any) -> None:  # a row typed under the list's table: list.outside_table
    ws, table = _comments(wb)
    _, _, _, r2 = range_boundaries(table.ref)
    ws.cell(r2 + 3, 2, "забытая строка")


def _name_moved(wb: Any) -> None:  # a defined name re-pointed one row down: workbook.name_moved
    name = wb.defined_names["complaints.considered_late"]
    sheet, coord = next(iter(name.destinations))
    col, row = coord.replace("$", "")[0], int(coord.replace("$", "")[1:])
    name.attr_text = f"'{sheet}'!${col}${row + 1}"


BROKEN = {"late_above_total": ("complaints-МЮ.xlsx", _late_above_total),
          "date_as_word": ("openness-МЮ.xlsx", _date_as_word),
          "under_list": ("openness-АЛМАТЫ.xlsx", _under_list),
          "name_moved": ("complaints-МЮ.xlsx", _name_moved),
          "text_number": ("complaints-АЛМАТЫ.xlsx", _text_number),
          "error_value": ("complaints-НБ.xlsx", _error_value),
          "below_table": ("complaints-МО.xlsx", _below_table),
          "no_metadata": ("complaints-ПАВО.xlsx", _no_metadata)}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_book_lists_validates_problems_and_selects_the_first_bad_cell(case: str, tmp_path: Path) -> None:
    path = _broken(tmp_path, *BROKEN[case])
    want = expected_notes(path)
    assert any(p["severity"] == "error" for p in want), want
    for script in ("proverit", "rasschitat"):
        got = apply(path, run_script(script, payload(path)))
        if script == "proverit":
            assert notes(got.wb) == want
        else:  # `score` checks without the «scored alone» warning; errors are the same
            assert [p for p in notes(got.wb) if p["severity"] == "error"] == [p for p in want if p["severity"] == "error"]
            assert not set(OURS) & set(got.wb.sheetnames)
        first = next(p for p in want if p["severity"] == "error")
        if first["cell"]:
            assert got.selection == (first["sheet"], first["cell"])


def test_a_body_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    """«Акт сверки» text «=1+1» and «=HYPERLINK(…)»: text in «Заключение», as in the scored file."""
    def facts(wb: Any) -> None:
        ws = wb[PENALTIES_SHEET]
        first = min(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value in (None, "") and r > 6)
        for n, text in enumerate(("=1+1", '=HYPERLINK("http://x","y")')):
            ws.cell(first + n, 2, "complaints")
            ws.cell(first + n, 3, "unreliable")
            ws.cell(first + n, 4).value = text
            ws.cell(first + n, 4).data_type = "s"
    path = _broken(tmp_path, "complaints-МЮ.xlsx", facts)
    got = apply(path, run_script("rasschitat", payload(path))).wb
    want = scored(path, tmp_path)
    texts = [v for v, formula in cells(got[CONCLUSION_SHEET]).values() if isinstance(v, str) and "1+1" in v]
    assert texts and all(not formula for v, formula in cells(got[CONCLUSION_SHEET]).values() if "HYPERLINK" in str(v))
    assert cells(got[CONCLUSION_SHEET]) == cells(want[CONCLUSION_SHEET])


def test_calculate_refuses_a_book_that_already_has_our_sheets(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "complaints-МЮ.xlsx"
    out = score_file(sample, tmp_path / "x.scored.xlsx")
    got = apply(Path(out.output), run_script("rasschitat", payload(Path(out.output)))).wb
    want = problem("excel.scored_sheets", sheet=SCORES_SHEET)
    assert [(p["code"], p["message"]) for p in notes(got)] == [(want.code, want.message)]


@pytest.mark.parametrize("sample,item", [("complaints-МЮ.xlsx", "R2"), ("openness-МЮ.xlsx", "P1.1:kk"),
                                         ("openness-НБ.xlsx", "P2.2:ru")])
def test_explain_the_selected_indicator(sample: str, item: str, tmp_path: Path) -> None:
    path = ROOT / "samples" / sample
    live = tmp_path / sample
    apply(path, run_script("rasschitat", payload(path))).wb.save(live)
    codes = [c.value for c in openpyxl.load_workbook(live)[SCORES_SHEET]["A"]]
    row = codes.index(item) + 1
    got = apply(live, run_script("poyasnit", payload(live, (SCORES_SHEET, f"D{row}")))).wb
    lines, problems = explain(path, item)
    assert not problems and lines
    shown = [c.value for c in got["Пояснение"]["A"]]
    assert shown == [f"Пояснение xlscore: {item}", *lines]


def test_explain_refuses_a_selection_that_is_no_indicator(tmp_path: Path) -> None:
    path = ROOT / "samples" / "complaints-МЮ.xlsx"
    got = apply(path, run_script("poyasnit", payload(path, (PENALTIES_SHEET, "C7")))).wb
    want = problem("excel.no_indicator", sheet=SCORES_SHEET, selected=f"{PENALTIES_SHEET}!C7")
    assert [(p["code"], p["message"]) for p in notes(got)] == [(want.code, want.message)]


def test_lite_requirements_name_every_package_the_lite_path_imports() -> None:
    """Each third-party package the Pyodide test allows (tests/test_excel_pyodide.py) is in requirements.txt,
    pinned as there, and our wheel is a URL line."""
    from importlib.metadata import version

    from test_excel_pyodide import WHEELS

    lines = [line.strip() for line in (ROOT / "excel" / "lite" / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0].startswith("https://") and lines[0].endswith("-py3-none-any.whl")
    assert {f"{name}=={version(name)}" for name in WHEELS} | {"pyyaml"} == set(lines[1:])


def _macro_book(name: str = "xlscore-кнопки.xlsm") -> dict[str, Any]:
    data = payload(ROOT / "samples" / "complaints-МЮ.xlsx")
    data["book"]["name"] = name
    data["sheets"] = [{"name": "Лист1", "values": [[""]], "pictures": [], "tables": []}]
    data["names"] = []
    return data


@pytest.mark.parametrize("active", ["report", "macro book"])
def test_classic_macros_score_the_report_like_lite(active: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """macros.calculate (RunPython) through the remote engine: the same actions as the Lite script, whether
    the report is active or the button was clicked in the macro workbook with the report open beside it."""
    import xlwings as xw

    from toolkit.excel import macros

    sample = ROOT / "samples" / "complaints-МЮ.xlsx"
    if active == "report":  # the last book opened is the active one
        macro, report = xw.Book(json=_macro_book()), xw.Book(json=payload(sample))
    else:
        report, macro = xw.Book(json=payload(sample)), xw.Book(json=_macro_book())
    opened = (macro, report)
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: macro))
    assert macros.report_book(macro).name == report.name
    macros.calculate()
    got = report.json()["actions"]
    assert macro.json()["actions"] == []
    for book in opened:
        book.close()
    assert _untimed(got) == _untimed(run_script("rasschitat", payload(sample)))


def test_classic_macros_ask_which_report_when_two_are_open(monkeypatch: pytest.MonkeyPatch) -> None:
    import xlwings as xw

    from toolkit.excel import macros

    opened = [xw.Book(json=payload(ROOT / "samples" / name)) for name in ("complaints-МЮ.xlsx", "complaints-МО.xlsx")]
    macro = xw.Book(json=_macro_book())
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: macro))
    macros.check()
    actions = macro.json()["actions"]
    for book in (*opened, macro):
        book.close()
    assert [a["func"] for a in actions] == ["alert"]
    assert actions[0]["args"][0] == macros.WHICH_BOOK.format(name="xlscore-кнопки.xlsm", count=2)


def test_bas_module_calls_our_macros_and_spells_the_captions() -> None:
    import re

    from toolkit.excel import macros

    text = (ROOT / "excel" / "classic" / "xlscore.bas").read_text(encoding="ascii")  # ASCII: any code page imports it
    calls = re.findall(r'RunPython "from toolkit\.excel import macros; macros\.(\w+)\(\)"', text)
    assert calls == ["check", "calculate", "explain"] and all(callable(getattr(macros, c)) for c in calls)
    captions = ["".join(chr(int(h, 16)) for h in codes.split()) for codes in re.findall(r'Ru\("([0-9A-F ]+)"\)', text)]
    assert captions == ["Проверить", "Рассчитать", "Пояснить"]


def _untimed(actions: list[dict[str, Any]]) -> str:
    import re

    return re.sub(r"'(\d{4}-\d\d-\d\d|\d\d\.\d\d\.\d{4}) \d\d:\d\d:\d\d", "'TIME", str(actions))  # UTC and Kazakhstan


@pytest.mark.parametrize("sample", ["complaints-АКТО.xlsx", "openness-АЛМАТЫ.xlsx"])
def test_numbers_handed_over_as_floats_read_as_the_file_reads_them(sample: str, tmp_path: Path) -> None:
    """Classic Excel (COM) hands every number over as a float: 1000.0 must read as the file's 1000."""
    path = ROOT / "samples" / sample
    data = payload(path)
    for sheet in data["sheets"]:
        sheet["values"] = [[float(v) if type(v) is int else v for v in row] for row in sheet["values"]]
    assert _untimed(run_script("rasschitat", data)) == _untimed(run_script("rasschitat", payload(path)))
    assert _untimed(run_script("proverit", data)) == _untimed(run_script("proverit", payload(path)))


def test_decode_as_the_package_reader() -> None:
    import datetime as dt

    from toolkit.excel.livebook import decode
    from toolkit.workbook.xlsx import ExcelError

    cases = [(5.0, 5), (-0.0, 0), (2.5, 2.5), (True, True), ("#REF!", ExcelError("#REF!")), ("#ref!", "#ref!"),
             (9007199254740991.0, 9007199254740991), (1e20, 1e20),  # past 2**53 Excel writes «1E+20»: a float
             (dt.datetime(2022, 3, 15, tzinfo=dt.timezone.utc), dt.datetime(2022, 3, 15)), ("1 234", "1 234")]
    for given, want in cases:
        got = decode(given)
        assert got == want and type(got) is type(want), given


def test_a_second_click_replaces_our_notes_and_leaves_a_bodys_sheet_of_that_name(tmp_path: Path) -> None:
    """«Проверить» on a broken book, fixed, then «Рассчитать»: our «Замечания» now says «Замечаний нет.»;
    a body's own «Замечания» stays as it was and ours is «Замечания (xlscore)»."""
    path = _broken(tmp_path, *BROKEN["late_above_total"])
    first = apply(path, run_script("proverit", payload(path))).wb
    fixed = tmp_path / "fixed.xlsx"
    original = openpyxl.load_workbook(ROOT / "samples" / "complaints-МЮ.xlsx")
    _named(first, "complaints.considered_late").value = _named(original, "complaints.considered_late").value
    first.save(fixed)
    again = apply(fixed, run_script("rasschitat", payload(fixed))).wb
    assert notes(again) == [] and [c.value for c in again["Замечания"]["F"]][-1] == "Замечаний нет."
    assert again.sheetnames.count("Замечания") == 1 and set(OURS) <= set(again.sheetnames)

    body = tmp_path / "body.xlsx"
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Замечания")["A1"] = "Замечания органа к акту"
    wb.save(body)
    got = apply(body, run_script("proverit", payload(body))).wb
    assert got["Замечания"]["A1"].value == "Замечания органа к акту"
    assert notes(got, "Замечания (xlscore)") == expected_notes(path)


def test_a_problem_on_a_hidden_sheet_is_listed_but_not_gone_to(tmp_path: Path) -> None:
    """Excel cannot select a cell on a hidden sheet: the problem is listed, «Замечания» stays in front."""
    def hide(wb: Any) -> None:
        _late_above_total(wb)
        wb["Прил. 11"].sheet_state = "hidden"
    path = _broken(tmp_path, "complaints-МЮ.xlsx", hide)
    got = apply(path, run_script("proverit", payload(path)))
    # the template comparison is not run on the open book (it cannot see formulas, validations, styles):
    # hiding a sheet of ours is `validate`'s warning only, and «Замечания» says what was not compared
    want = expected_notes(path)
    assert [p["code"] for p in want if p["code"].startswith("template.")] == ["template.sheet_changed"]
    assert notes(got.wb) == [p for p in want if not p["code"].startswith("template.")]
    assert any(p["sheet"] == "Прил. 11" for p in notes(got.wb))
    assert got.selection is None and got.wb.worksheets[got.active].title == "Замечания"


def test_live_sheets_get_every_number_format_the_package_writer_gives():
    """«Рассчитать» formats numbers as `score` does: 0.00 for scores, 0 for counts, 0.0 for the block."""
    from toolkit.excel.write import _runs
    from toolkit.sheets.model import SheetSpec

    spec = SheetSpec("Баллы", (10, 10))
    spec.put(1, 1, 12.5, "number")
    spec.put(2, 1, 13.25, "number")
    spec.put(3, 1, 3, "integer")
    spec.put(4, 1, 88.0, "total_score1")
    spec.put(5, 2, 71.64, "total_number")
    runs = _runs(spec)
    assert runs["0.00"] == [(1, 1, 2), (5, 2, 5)]
    assert runs["0"] == [(3, 1, 3)]
    assert runs["0.0"] == [(4, 1, 4)]
    assert runs["bold"] == [(4, 1, 4), (5, 2, 5)]
