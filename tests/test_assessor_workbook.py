"""The assessor workbook of a period (CONTRACTS «Workbooks»): the assessor's inputs out of the body's reach.

The P5 monitoring, the C and D surveys and hand-entered peer averages live in one workbook of the
assessing body with a row per body; a body's report no longer has them, so a freshly returned report
validates clean, and a body cannot fill its own monitoring. Covers: the blank, `fill`/`extract`, every
problem of a filled book (sheet, cell, code), and scoring with the book given among the paths or with
`--assessor`, with a missing row (provisional), an invalid book (nothing scored) and two books.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.openness_reports import ASSESSOR, CGO_O, CGO_REPORT, _CGO_WHOLE, assessor_book
from toolkit.assessor.book import FIXED_COLUMNS, HEADER_ROW, SHEET, assessor_document, assessor_inputs
from toolkit.assessor.template import write_assessor_template
from toolkit.bodies import registry
from toolkit.catalog import load_catalog
from toolkit.check import check_file, check_paths
from toolkit.cli import cli
from toolkit.files import sha256
from toolkit.jsonio import extract, fill
from toolkit.run import score_paths

CATALOG = load_catalog("2023-01")
OPENNESS = CATALOG.direction("openness")
SPECS = assessor_inputs(OPENNESS)
COLUMNS = [(spec, openpyxl.utils.get_column_letter(len(FIXED_COLUMNS) + 1 + i)) for i, spec in enumerate(SPECS)]
COLUMN = {spec.key: col for spec, col in COLUMNS if not spec.key.startswith("openness.peer.")}  # unique keys


@pytest.fixture()
def report(openness_blanks: dict[str, Path], tmp_path: Path) -> Path:
    target = tmp_path / "МЮ.xlsx"
    assert fill(openness_blanks["cgo"], CGO_REPORT, target) == []
    return target


def _row_of(path: Path, code: str) -> int:
    ws = openpyxl.load_workbook(path)[SHEET]
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value == code)


def _edit(path: Path, cells: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        wb[SHEET][cell] = value
    wb.save(path)


def _found(path: Path) -> set[tuple[str, str, str]]:
    return {(p.where.sheet, p.where.cell, p.code) for f in check_paths([path]).files for p in f.problems if p.where}


def test_the_blank_lists_every_registered_body_and_validates_by_type(tmp_path: Path):
    path = tmp_path / "book.xlsx"
    result = CliRunner().invoke(cli, ["template", "--assessor", "--direction", "openness", "--period", "2022", "-o", str(path)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(path)[SHEET]
    codes = [ws.cell(r, 1).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]
    assert sorted(codes) == sorted(b.code for b in registry())
    assert [ws.cell(HEADER_ROW, c).value for c in range(1, len(FIXED_COLUMNS) + len(SPECS) + 1)] == \
        [label for _, label in FIXED_COLUMNS] + [s.label for s in SPECS]
    shapes = {"fraction": ("decimal", "between", "0", "1"), "percent": ("decimal", "between", "0", "100"),
              "points": ("decimal", "greaterThanOrEqual", "0", None)}
    for spec, col in COLUMNS:
        (dv,) = [dv for dv in ws.data_validations.dataValidation if f"{col}{HEADER_ROW + 1}" in dv.sqref]
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == shapes[spec.type], spec.key
        assert spec.note in ws[f"{col}{HEADER_ROW}"].comment.text
    assert {s.type for s in SPECS} == set(shapes)
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_the_bodys_template_has_no_assessor_cells_and_a_returned_report_validates_clean(report: Path):
    wb = openpyxl.load_workbook(report)
    assert "Оценщик" not in wb.sheetnames
    assert not any(name.startswith(("openness.site.", "openness.peer.")) for name in wb.defined_names)
    assert [p.message for f in check_paths([report]).files for p in f.problems] == []


def test_fill_refuses_the_assessors_values_in_a_bodys_data(openness_blanks: dict[str, Path], tmp_path: Path):
    problems = fill(openness_blanks["cgo"], _CGO_WHOLE, tmp_path / "x.xlsx")
    assert {p.code for p in problems} == {"data.assessor_key"}
    assert {p.params["name"] for p in problems} == {s.key for s in SPECS if not s.key.startswith("openness.peer.")}
    assert not (tmp_path / "x.xlsx").exists()


def test_fill_then_extract_gives_the_rows_back(tmp_path: Path):
    path = assessor_book(tmp_path, codes=("МЮ", "АКТО"))
    data, problems = extract(path)
    assert problems == []
    assert data == assessor_document("openness", 2022, "2023-01", {"МЮ": ASSESSOR["МЮ"], "АКТО": ASSESSOR["АКТО"]})
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == data


@pytest.mark.parametrize(("key", "value", "code"), [
    ("openness.site.budget_kk", None, "input.assessor_missing"),      # a half-filled row
    ("openness.site.budget_kk", 1.5, "input.out_of_range"),           # a fraction above 1
    ("openness.media.survey_media", 120, "input.out_of_range"),       # a percent above 100
    ("openness.media.survey_media", "80 %", "input.not_number"),
])
def test_a_bad_cell_is_named(tmp_path: Path, key: str, value: object, code: str):
    path = assessor_book(tmp_path, codes=("МЮ",))
    cell = f"{COLUMN[key]}{_row_of(path, 'МЮ')}"
    _edit(path, {cell: value})
    before = sha256(path)
    assert (SHEET, cell, code) in _found(path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and sha256(path) == before


def test_an_unknown_or_repeated_body_is_named(tmp_path: Path):
    path = assessor_book(tmp_path, codes=("МЮ",))
    row = _row_of(path, "МЮ")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    last = ws.max_row
    for offset, code in ((1, "XYZ"), (2, "мю")):
        for col in range(1, len(FIXED_COLUMNS) + len(SPECS) + 1):
            ws.cell(last + offset, col).value = ws.cell(row, col).value
        ws.cell(last + offset, 1).value = code
    ws.tables["assessor_openness"].ref = ws.tables["assessor_openness"].ref.rsplit(":", 1)[0] + \
        f":{openpyxl.utils.get_column_letter(len(FIXED_COLUMNS) + len(SPECS))}{last + 2}"
    wb.save(path)
    assert _found(path) == {(SHEET, f"A{last + 1}", "assessor.unknown_body"), (SHEET, f"A{last + 2}", "assessor.duplicate")}


def test_scoring_finds_the_book_among_the_paths_or_by_option(report: Path, tmp_path: Path):
    (tmp_path / "book").mkdir()
    book = assessor_book(tmp_path / "book", codes=("МЮ",))
    among = score_paths([report, book], tmp_path / "out1")
    option = score_paths([report], tmp_path / "out2", assessor_paths=[book])
    for outcome in (among, option):
        assert outcome.exit_code == 0
        (scored,) = outcome.files
        openness = scored.result.directions["openness"]
        assert (openness.exact, openness.provisional) == (CGO_O, False)
    result = CliRunner().invoke(cli, ["score", str(report), "--assessor", str(book), "-o", str(tmp_path / "o.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["directions"]["openness"]["provisional"] is False


def test_an_invalid_book_stops_the_reports_it_covers(report: Path, tmp_path: Path):
    book = assessor_book(tmp_path, codes=("МЮ",))
    _edit(book, {f"{COLUMN['openness.site.budget_kk']}{_row_of(book, 'МЮ')}": 7})
    outcome = score_paths([report, book], tmp_path / "out")
    assert outcome.exit_code == 1
    codes = {p.code for f in outcome.files for p in f.problems}
    assert {"input.out_of_range", "assessor.invalid_book"} <= codes
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_two_books_of_one_period_are_refused(report: Path, tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = (assessor_book(tmp_path / name, codes=("МЮ",)) for name in ("a", "b"))
    outcome = score_paths([report, first, second], tmp_path / "out")
    assert outcome.exit_code == 2
    assert "assessor.twice" in {p.code for f in outcome.files for p in f.problems}


def test_the_book_handed_where_a_report_is_expected_says_what_it_is(tmp_path: Path):
    book = assessor_book(tmp_path, codes=("МЮ",))
    assert [p.code for p in check_file(book).problems] == ["workbook.assessor_book"]
    result = CliRunner().invoke(cli, ["explain", str(book)])
    assert result.exit_code == 2 and "книга данных уполномоченного органа" in result.output
    assert [f.problems for f in check_paths([book]).files] == [()]  # `validate` checks it as a book


def test_fill_refuses_a_body_the_registry_lacks(tmp_path: Path):
    path = tmp_path / "book.xlsx"
    write_assessor_template(path, CATALOG, "openness", 2022)
    data = assessor_document("openness", 2022, "2023-01", {"ХХХ": {"openness.site.contacts_kk": 1}})
    assert [p.code for p in fill(path, data, tmp_path / "out.xlsx")] == ["data.unknown_body"]
    assert not (tmp_path / "out.xlsx").exists()


def test_a_row_typed_under_the_table_is_named_not_dropped(tmp_path: Path):
    """LibreOffice does not grow a table as Excel does: a body's row typed under it must not be ignored."""
    path = assessor_book(tmp_path, codes=("МЮ",))
    ws = openpyxl.load_workbook(path)[SHEET]
    below = ws.max_row + 2
    _edit(path, {f"A{below}": "МЮ", f"{COLUMN['openness.site.contacts_kk']}{below}": 1})
    before = sha256(path)
    assert _found(path) == {(SHEET, f"A{below}", "list.outside_table")}
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 1 and sha256(path) == before
