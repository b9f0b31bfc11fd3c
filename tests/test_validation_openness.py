"""Validation of the openness report: each problem names the sheet, the row and the column.

Every case fills the hand-computed CGO report (`tests/openness_reports.py`) into a real template,
breaks one thing the way a clerk would (a text in a date column, a row pasted twice, a table left
empty…) and asserts the exact (sheet, cell, code) the assessor is shown, the message rendered from
the problem registry, that nothing is scored, and that the body's file is unchanged.
"""

from __future__ import annotations

import copy
import json
import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.openness_reports import CGO_REPORT, MIO_REPORT
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.jsonio import fill
from toolkit.problems import PROBLEMS
from toolkit.run import score_file
from toolkit.workbook import layout

CATALOG = load_catalog("2023-01")
OPENNESS = CATALOG.direction("openness")
PLANS = {bt: {p.id: p for p in layout.sheet_plans(OPENNESS, bt)} for bt in ("cgo", "mio")}
PLACES = {bt: {place.spec.key: place for plan in PLANS[bt].values() for place in plan.lists} for bt in ("cgo", "mio")}
CELLS = {bt: layout.scalar_cells(OPENNESS, bt) for bt in ("cgo", "mio")}


def place(key: str, body_type: str = "cgo") -> layout.ListPlace:
    return PLACES[body_type][f"openness.{key}"]


def cell(key: str, row_index: int, field: str, body_type: str = "cgo") -> tuple[str, str]:
    """(sheet, A1) of a list cell: `row_index` counts the list's rows from 0."""
    p = place(key, body_type)
    return p.sheet, f"{p.columns[field]}{p.header_row + 1 + row_index}"


def scalar(key: str, body_type: str = "cgo") -> tuple[str, str]:
    return CELLS[body_type][f"openness.{key}"]


@pytest.fixture()
def blanks(openness_blanks: dict[str, Path]) -> dict[str, Path]:
    return openness_blanks


def make(blanks: dict[str, Path], tmp_path: Path, data: dict[str, Any] | None = None,
         edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    data = copy.deepcopy(data or CGO_REPORT)
    target = tmp_path / "report.xlsx"
    assert fill(blanks[data["body"]["type"]], data, target) == []
    if edit is not None:
        wb = openpyxl.load_workbook(target)
        edit(wb)
        wb.save(target)
    return target


def put(sheet_cell: tuple[str, str], value: Any) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet_cell[0]][sheet_cell[1]].value = value
    return edit


def found(path: Path) -> set[tuple[str | None, str | None, str]]:
    return {(p.where.sheet if p.where else None, p.where.cell if p.where else None, p.code) for p in check_file(path).problems}


def assert_refused(path: Path, expected: tuple[str, str, str]) -> None:
    """The problem is reported where expected, with a registry message, and nothing is scored or changed."""
    before = hashlib.sha256(path.read_bytes()).digest()
    problems = check_file(path).problems
    hits = [p for p in problems if (p.where.sheet, p.where.cell, p.code) == expected]
    assert hits, sorted(found(path))
    problem = hits[0]
    assert problem.message.startswith(f"{expected[0]}!{expected[1]}")
    assert PROBLEMS[expected[2]].template.split("{")[0] in problem.message or "{where}" in PROBLEMS[expected[2]].template
    if problem.is_error:
        outcome = score_file(path, path.with_suffix(".out.xlsx"))
        assert outcome.exit_code == 1 and not path.with_suffix(".out.xlsx").exists()
    assert hashlib.sha256(path.read_bytes()).digest() == before


def test_the_hand_computed_reports_are_clean(blanks: dict[str, Path], tmp_path: Path):
    assert found(make(blanks, tmp_path)) == set()
    assert found(make(blanks, tmp_path, MIO_REPORT)) == set()


@pytest.mark.parametrize(("name", "where", "value", "code"), [
    ("text in a date column", ("open_data.publications", 0, "placed_kk"), "вчера", "list.not_date"),
    ("date outside the period", ("open_data.requests", 0, "received"), datetime(2021, 12, 31), "list.date_outside"),
    ("date after the window", ("open_data.publications", 0, "placed_ru"), datetime(2023, 4, 1), "list.date_outside"),
    ("yes/no typo", ("open_data.publications", 0, "correct_kk"), "да, частично", "list.not_yesno"),
    ("not a link", ("open_data.publications", 1, "link"), "data.egov.kz/набор", "list.not_url"),
    ("script instead of a link", ("open_data.publications", 1, "link"), "javascript:alert(1)", "list.not_url"),
    ("unknown choice", ("budget.documents", 0, "kind"), "Баланс", "list.choice"),
    ("choice of the other body type", ("npa.drafts", 0, "kind"), "Проект концепции законопроекта (МИО)", "list.choice"),
    ("percent above 100", ("subordinate.organisations", 0, "answered_kk"), 120, "list.not_number"),
    ("required column emptied", ("open_data.publications", 2, "dataset"), None, "list.missing"),
    ("a statement without its deadline", ("budget.documents", 0, "deadline"), None, "list.missing"),
    ("an audit without its receipt date", ("budget.documents", 6, "formed"), None, "list.missing"),
    ("placed before it existed", ("budget.documents", 6, "placed_kk"), datetime(2022, 5, 30), "list.date_before"),
    ("answered before received", ("media.requests", 0, "answered"), datetime(2022, 1, 31), "list.date_before"),
    ("an Excel error in a list", ("open_data.publications", 0, "deadline"), "#N/A", "list.error_value"),
])
def test_a_bad_list_cell_is_named_by_sheet_row_and_column(blanks, tmp_path, name, where, value, code):
    key, index, field = where
    target = cell(key, index, field)
    path = make(blanks, tmp_path, edit=put(target, value))
    if value == "#N/A":  # openpyxl writes error literals as errors only with data_type "e"
        wb = openpyxl.load_workbook(path)
        wb[target[0]][target[1]].value = "#N/A"
        wb[target[0]][target[1]].data_type = "e"
        wb.save(path)
    assert_refused(path, (*target, code))


def test_a_tick_without_its_date_is_a_warning(blanks, tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    data["openness"]["open_data"]["publications"][3]["correct_kk"] = "Да"  # row 4 has no kk placement
    path = make(blanks, tmp_path, data)
    target = cell("open_data.publications", 3, "correct_kk")
    assert (*target, "list.requires") in found(path)
    assert check_file(path).valid


@pytest.mark.parametrize("bad", ["вчера", datetime(2019, 1, 1)])
def test_a_wrong_date_is_one_error_not_also_a_missing_date(blanks, tmp_path, bad):
    """Issue 11: a date cell that holds text or a date out of the window has its own error; the «Да»
    beside it must not add a warning that the date «не заполнена» — it is filled, only wrong."""
    date_cell = cell("open_data.publications", 0, "placed_kk")
    path = make(blanks, tmp_path, edit=put(date_cell, bad))
    codes = {code for sheet, at, code in found(path) if at and at[1:] == date_cell[1][1:]}
    assert codes == {"list.not_date" if isinstance(bad, str) else "list.date_outside"}, sorted(found(path))


def test_a_shifted_row_is_caught_by_its_label(blanks, tmp_path):
    """Openness shows no symbols (issue 11): the label beside an input is what tells a shifted row."""
    plan = PLANS["cgo"]["dialogue"]
    spec, row = plan.scalars[0]

    def shift(wb: openpyxl.Workbook) -> None:  # the label of the row above moved down onto this input's row
        ws = wb[plan.name]
        ws[f"B{row}"] = "Что-то другое"

    path = make(blanks, tmp_path, edit=shift)
    problems = [p for p in check_file(path).problems if p.code == "workbook.layout_shifted"]
    assert [(p.where.sheet, p.where.cell) for p in problems] == [(plan.name, f"D{row}")]
    assert f"должно стоять «{spec.label}», а стоит «Что-то другое»" in problems[0].message


def test_a_report_in_a_template_that_showed_symbols_still_reads(blanks, tmp_path):
    """Templates before issue 11 showed program symbols in column C: such reports read as before."""
    def old_symbols(wb: openpyxl.Workbook) -> None:
        for plan in PLANS["cgo"].values():
            for spec, row in plan.scalars:  # as then: C a cell of its own, holding the symbol
                wb[plan.name].unmerge_cells(f"B{row}:C{row}")
                wb[plan.name][f"C{row}"] = spec.symbol

    path = make(blanks, tmp_path, edit=old_symbols)
    assert "workbook.layout_shifted" not in {p.code for p in check_file(path).problems}


def test_a_row_pasted_twice_is_a_duplicate(blanks, tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    rows = data["openness"]["open_data"]["publications"]
    rows.append(dict(rows[0]))
    path = make(blanks, tmp_path, data)
    problems = [p for p in check_file(path).problems if p.code == "list.duplicate"]
    assert [(p.where.sheet, p.where.cell) for p in problems] == [cell("open_data.publications", 4, "dataset")]
    assert f"строку {place('open_data.publications').header_row + 1}" in problems[0].message


def test_an_empty_table_the_body_must_fill(blanks, tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    data["openness"]["budget"]["documents"] = []
    path = make(blanks, tmp_path, data)
    assert_refused(path, (*cell("budget.documents", 0, "kind"), "list.empty"))
    assert_refused(path, (*cell("budget.documents", 0, "kind"), "list.required_missing"))


@pytest.mark.parametrize(("key", "value", "right"), [
    ("dialogue.questions_answered_kk", 21, "questions_received_kk"),       # answered > received
    ("dialogue.questions_disliked_ru", 31, "questions_rated_ru"),          # dislikes > rated
    ("dialogue.questions_late_kk", 19, "questions_answered_kk"),           # late answers > answers
    ("dialogue.open_meetings_streamed_ru", 5, "open_meetings_held"),       # streamed > meetings held
    ("media.events_public_kk", 11, "events_total"),                        # high-publicity > all events
])
def test_counts_that_contradict_each_other(blanks, tmp_path, key, value, right):
    path = make(blanks, tmp_path, edit=put(scalar(key), value))
    assert_refused(path, (*scalar(key), "input.exceeds"))
    message = next(p.message for p in check_file(path).problems if p.code == "input.exceeds")
    assert scalar(f"{key.split('.')[0]}.{right}")[1] in message


def test_yes_no_inputs(blanks, tmp_path):
    path = make(blanks, tmp_path, edit=put(scalar("budget.secret"), "возможно"))
    assert_refused(path, (*scalar("budget.secret"), "input.not_yesno"))
    path = make(blanks, tmp_path, edit=put(scalar("budget.no_audit"), None))
    assert_refused(path, (*scalar("budget.no_audit"), "input.missing_choice"))


def test_a_row_typed_below_the_table(blanks, tmp_path):
    p = place("open_data.events")
    target = (p.sheet, f"A{p.last_row + 1}")
    path = make(blanks, tmp_path, edit=put(target, 1))
    assert_refused(path, (*target, "list.outside_table"))


def test_a_renamed_column_header(blanks, tmp_path):
    p = place("media.requests")
    target = (p.sheet, f"{p.columns['deadline']}{p.header_row}")
    path = make(blanks, tmp_path, edit=put(target, "Срок"))
    assert_refused(path, (*target, "workbook.table_columns"))


def test_a_deleted_or_moved_table(blanks, tmp_path):
    p = place("npa.comments")

    def drop(wb: openpyxl.Workbook) -> None:
        del wb[p.sheet].tables[p.spec.table_name]

    path = make(blanks, tmp_path, edit=drop)  # the header row is intact: read by it, with a warning
    assert found(path) == {(p.sheet, f"A{p.header_row}", "workbook.table_lost")}
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0 and "openness_npa_comments" in result.stderr
    assert json.loads(result.stdout)["openness"]["npa"]["comments"] == CGO_REPORT["openness"]["npa"]["comments"]
    assert score_file(path, tmp_path / "lost.scored.xlsx").exit_code == 0

    def drop_and_rename(wb: openpyxl.Workbook) -> None:
        drop(wb)
        wb[p.sheet][f"B{p.header_row}"] = "Документ"

    path = make(blanks, tmp_path, edit=drop_and_rename)
    assert_refused(path, (p.sheet, f"A{p.header_row}", "workbook.table_missing"))
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 2 and result.stdout == ""  # never a JSON with a list silently missing
    assert "«openness_npa_comments»" in result.stderr

    def move(wb: openpyxl.Workbook) -> None:
        wb[p.sheet].tables[p.spec.table_name].ref = p.ref.replace(f"A{p.header_row}", f"A{p.header_row + 1}")

    path = make(blanks, tmp_path, edit=move)
    assert_refused(path, (p.sheet, f"A{p.header_row}", "workbook.table_moved"))


def test_json_and_exit_code_through_the_cli(blanks, tmp_path):
    target = cell("open_data.publications", 0, "placed_kk")
    path = make(blanks, tmp_path, edit=put(target, "вчера"))
    result = CliRunner().invoke(cli, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    import json

    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert {"code": "list.not_date", "sheet": target[0], "cell": target[1]}.items() <= problems[0].items()


def test_a_table_part_with_a_dtd_is_refused_as_unreadable(blanks, tmp_path):
    """Tables are new parts the reader parses: the same DTD-free rule applies to them."""
    import zipfile

    path = make(blanks, tmp_path)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/tables/"):
                data = b'<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + data
            out.writestr(info, data)
    problems = check_file(hostile).problems
    assert [p.code for p in problems] == ["file.unreadable"]
    assert "passwd" not in problems[0].message or "DOCTYPE" in problems[0].message


def test_a_table_grown_far_past_its_template_rows_is_read_whole(blanks, tmp_path):
    """An assessor may extend a table; every row inside its range counts and is checked."""
    p = place("media.requests")
    extra = 500

    def grow(wb: openpyxl.Workbook) -> None:
        ws = wb[p.sheet]
        for i in range(extra):
            row = p.last_row + 1 + i
            for field, value in (("number", f"Д-{i}"), ("outlet", "Хабар"), ("received", datetime(2022, 2, 1)),
                                 ("deadline", datetime(2022, 2, 8)), ("answered", datetime(2022, 2, 7))):
                ws[f"{p.columns[field]}{row}"] = value
        ws.tables[p.spec.table_name].ref = f"A{p.header_row}:E{p.last_row + extra}"

    path = make(blanks, tmp_path, edit=grow)
    checked = check_file(path)
    assert checked.valid, [x.message for x in checked.problems][:3]
    assert len(checked.inputs.lists[p.spec.key].rows) == 4 + extra
