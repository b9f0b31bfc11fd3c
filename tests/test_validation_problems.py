"""One test per validation problem class, each on a bad workbook built from a real template.

Covers METHODOLOGY §2 «Validation» (every input present, a whole number, ≥ 0; f ≤ p; a ≤ p; n ≤ m;
d + x ≤ f + n; warning when p > m), §1.3 and Прил. 1 (rows of «Акт сверки»), and CONTRACTS
«Commands» (validate exit status: 0 clean or warnings, 1 errors, 2 not a workbook of ours) and
«Workbooks» (defined names, metadata sheet). Each test asserts flat `(sheet, cell, code)` tuples from
the library, the same through `xlscore validate` and `--json`, the message rendered from the problem
registry (never copied text), that the file was not touched, and that no traceback reached the user.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.defined_name import DefinedName

from conftest import CATALOG, COMPLAINTS, SYMBOL_KEYS
from toolkit.catalog import known_editions
from toolkit.check import check_file, check_paths
from toolkit.cli import cli
from toolkit.numbers import number_text
from toolkit.problems import PROBLEMS, CellRef, Problem, problem
from toolkit.workbook import layout

SHEET = layout.DIRECTION_SHEETS["complaints"]
CELLS = layout.input_cells(COMPLAINTS)
SPEC = {spec.symbol: spec for spec in COMPLAINTS.inputs}
PENALTY_ROW = layout.PENALTIES_HEADER_ROW + 1
COMPLAINTS_TITLE = COMPLAINTS.title
UNRELIABLE = CATALOG.penalty_kinds["unreliable"].label
ALLOWED_DIRECTIONS = "; ".join(d.title for d in CATALOG.directions.values())
ALLOWED_KINDS = "; ".join(k.label for k in CATALOG.penalty_kinds.values())


def at(symbol: str) -> CellRef:
    """The input cell of a complaints symbol (m p f a n d x) on the report sheet."""
    return CellRef(SHEET, CELLS[SYMBOL_KEYS[symbol]])


def pen(col: str, row: int = PENALTY_ROW) -> CellRef:
    return CellRef(layout.PENALTIES_SHEET, f"{col}{row}")


def flat(problems: Any) -> list[tuple[str | None, str | None, str]]:
    return [(p.where.sheet if p.where else None, p.where.cell if p.where else None, p.code) for p in problems]


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@dataclass
class Outcome:
    problems: tuple[Problem, ...]
    valid: bool
    exit_code: int
    cli_exit: int
    cli_json_exit: int
    cli_json: dict[str, Any]
    cli_text: str


def no_traceback(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "Traceback" not in (result.stderr or "")


def examine(path: Path) -> Outcome:
    """Validate `path` through the library and the CLI (plain and --json); the file must be untouched."""
    before = digest(path)
    checked = check_file(path)
    runner = CliRunner()
    plain = runner.invoke(cli, ["validate", str(path)])
    as_json = runner.invoke(cli, ["validate", str(path), "--json"])
    for result in (plain, as_json):
        no_traceback(result)
    assert digest(path) == before, "validate must not change the file"
    doc = json.loads(as_json.stdout)
    assert doc == check_paths([str(path)]).to_dict()
    return Outcome(checked.problems, checked.valid, checked.exit_code, plain.exit_code, as_json.exit_code, doc,
                   plain.output)


def assert_single(outcome: Outcome, expected: Problem, exit_status: int) -> None:
    """Exactly the expected problem, with its registry message, and the exit status everywhere."""
    where = expected.where
    assert flat(outcome.problems) == [(where.sheet if where else None, where.cell if where else None, expected.code)]
    got = outcome.problems[0]
    assert got.message == expected.message
    assert got.key == expected.key
    assert outcome.exit_code == exit_status
    assert outcome.cli_exit == exit_status
    assert outcome.cli_json_exit == exit_status
    (file_doc,) = outcome.cli_json["files"]
    assert file_doc["valid"] is (exit_status == 0)
    assert file_doc["problems"] == [expected.to_dict()]


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    """Open a real workbook with openpyxl, change it as a person in Excel might, save it back."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def set_cell(ref: CellRef, value: Any, data_type: str | None = None) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        cell = wb[ref.sheet][ref.cell]
        cell.value = value
        if data_type:
            cell.data_type = data_type
    return change


def penalty_rows(*rows: tuple[Any, Any, Any]) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        ws = wb[layout.PENALTIES_SHEET]
        for i, values in enumerate(rows):
            for col, value in zip("BCD", values):
                ws[f"{col}{PENALTY_ROW + i}"].value = value
    return change


# --------------------------------------------------------------------------- inputs, one cell at a time


def test_good_workbook_has_no_problems(filled_template):
    outcome = examine(filled_template())
    assert outcome.problems == ()
    assert (outcome.valid, outcome.exit_code, outcome.cli_exit, outcome.cli_json_exit) == (True, 0, 0, 0)


@pytest.mark.parametrize("symbol", ["m", "p", "x"])
def test_empty_input_is_missing(filled_template, symbol):
    path = filled_template(**{symbol: None})
    spec = SPEC[symbol]
    expected = problem("input.missing", at(symbol), spec.key, label=spec.label)
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("text", ["двенадцать", "12 шт.", "12-15"])
def test_text_in_number_cell_is_not_number(filled_template, text):
    path = filled_template(f=text)
    spec = SPEC["f"]
    expected = problem("input.not_number", at("f"), spec.key, label=spec.label, value=text)
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("text", ["12", "1 234", "1\u00a0234", "1234,0", " 7 "])
def test_number_stored_as_text_is_named_as_such(filled_template, text):
    path = filled_template(f=text)
    spec = SPEC["f"]
    expected = problem("input.number_as_text", at("f"), spec.key, label=spec.label, value=text)
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("value", [2.5, 0.1])
def test_decimal_is_not_integer(filled_template, value):
    path = filled_template(n=value)
    spec = SPEC["n"]
    expected = problem("input.not_integer", at("n"), spec.key, label=spec.label, value=number_text(value))
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("value", [-1, -2.5])
def test_negative_is_reported(filled_template, value):
    path = filled_template(a=value)
    spec = SPEC["a"]
    expected = problem("input.negative", at("a"), spec.key, label=spec.label, value=number_text(value))
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("code", ["#REF!", "#DIV/0!", "#N/A", "#VALUE!"])
def test_excel_error_value(filled_template, code):
    path = edit(filled_template(), set_cell(at("d"), code, "e"))
    assert openpyxl.load_workbook(path)[SHEET][at("d").cell].data_type == "e"
    spec = SPEC["d"]
    expected = problem("input.error_value", at("d"), spec.key, label=spec.label, value=code)
    assert_single(examine(path), expected, 1)


# --------------------------------------------------------------------------- cross-checks between inputs


def _exceeds(code: str, left: list[str], right: list[str], values: dict[str, int]) -> Problem:
    first = SPEC[left[0]]
    return problem(code, at(left[0]), first.key,
                   label=" + ".join(SPEC[s].label for s in left),
                   left_value=number_text(sum(values[s] for s in left)),
                   right_text=" + ".join(f"«{SPEC[s].label}» ({at(s).cell})" for s in right),
                   right_value=number_text(sum(values[s] for s in right)))


CROSS = [  # (left, right, overrides of the GOOD body m=1000 p=950 f=3 a=0 n=1 d=4 x=0)
    (["f"], ["p"], {"f": 951}),
    (["a"], ["p"], {"a": 960}),
    (["n"], ["m"], {"n": 1001}),
    (["d", "x"], ["f", "n"], {"d": 3, "x": 2}),
]


@pytest.mark.parametrize("left,right,overrides", CROSS, ids=["f>p", "a>p", "n>m", "d+x>f+n"])
def test_cross_check_error(filled_template, left, right, overrides):
    declared = {(tuple(c.left), tuple(c.right)): c.severity for c in COMPLAINTS.checks}
    assert declared[tuple(left), tuple(right)] == "error"
    values = {"m": 1000, "p": 950, "f": 3, "a": 0, "n": 1, "d": 4, "x": 0, **overrides}
    outcome = examine(filled_template(**overrides))
    assert_single(outcome, _exceeds("input.exceeds", left, right, values), 1)
    assert not outcome.valid


def test_considered_more_than_received_is_only_a_warning(filled_template):
    values = {"m": 1000, "p": 1001, "f": 3, "a": 0, "n": 1, "d": 4, "x": 0}
    outcome = examine(filled_template(p=1001))
    assert_single(outcome, _exceeds("input.exceeds_warning", ["p"], ["m"], values), 0)
    assert outcome.valid
    assert outcome.problems[0].severity.value == "warning"
    assert outcome.cli_json["files"][0]["problems"][0]["severity"] == "warning"


# --------------------------------------------------------------------------- «Акт сверки» (Прил. 1)


@pytest.mark.parametrize("direction", ["Спорт", "жалобы"])
def test_penalty_unknown_direction(filled_template, direction):
    path = edit(filled_template(), penalty_rows((direction, UNRELIABLE, "Искажено число жалоб")))
    expected = problem("penalty.direction", pen("B"), value=direction, allowed=ALLOWED_DIRECTIONS)
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("kind", ["серьёзная", "ложная информация"])
def test_penalty_unknown_kind(filled_template, kind):
    path = edit(filled_template(), penalty_rows((COMPLAINTS_TITLE, kind, "Искажено число жалоб")))
    expected = problem("penalty.kind", pen("C"), value=kind, allowed=ALLOWED_KINDS)
    assert_single(examine(path), expected, 1)


@pytest.mark.parametrize("blank", [None, "  "])
def test_penalty_without_direction_says_the_cell_is_empty(filled_template, blank):
    """Issue 11: not «„пусто“ — неизвестное направление», but that nothing was chosen."""
    path = edit(filled_template(), penalty_rows((blank, UNRELIABLE, "Искажено число жалоб")))
    expected = problem("penalty.direction_missing", pen("B"), allowed=ALLOWED_DIRECTIONS)
    assert_single(examine(path), expected, 1)
    assert "ячейка направления пуста" in expected.message and "неизвестное" not in expected.message


@pytest.mark.parametrize("blank", [None, " "])
def test_penalty_without_kind_says_the_cell_is_empty(filled_template, blank):
    path = edit(filled_template(), penalty_rows((COMPLAINTS_TITLE, blank, "Искажено число жалоб")))
    expected = problem("penalty.kind_missing", pen("C"), allowed=ALLOWED_KINDS)
    assert_single(examine(path), expected, 1)
    assert "ячейка вида информации пуста" in expected.message


@pytest.mark.parametrize("text", [None, "   "])
def test_penalty_without_text(filled_template, text):
    path = edit(filled_template(), penalty_rows((COMPLAINTS_TITLE, UNRELIABLE, text)))
    assert_single(examine(path), problem("penalty.text", pen("D")), 1)


def test_penalty_row_accepts_ids_as_well_as_titles(filled_template):
    path = edit(filled_template(), penalty_rows(("complaints", "incomplete", "Нет таблицы 2")))
    outcome = examine(path)
    assert outcome.problems == ()
    assert outcome.cli_exit == 0


# --------------------------------------------------------------------------- the workbook's structure

def test_deleted_defined_name(filled_template):
    spec = SPEC["f"]
    path = edit(filled_template(), lambda wb: wb.defined_names.pop(spec.key))
    assert spec.key not in openpyxl.load_workbook(path).defined_names
    outcome = examine(path)
    message = problem("workbook.name_missing", at("f"), spec.key, name=spec.key, label=spec.label).message
    assert flat(outcome.problems) == [(SHEET, at("f").cell, "workbook.name_missing")]
    assert outcome.problems[0].message == message
    assert outcome.problems[0].key == spec.key
    assert (outcome.exit_code, outcome.cli_exit, outcome.cli_json_exit) == (1, 1, 1)


def test_defined_name_pointed_elsewhere(filled_template):
    spec = SPEC["f"]
    elsewhere = CellRef(SHEET, "E" + at("f").cell[1:])

    def move(wb: Any) -> None:
        wb.defined_names[spec.key] = DefinedName(spec.key, attr_text=f"{layout.quote_sheet(SHEET)}!$E${elsewhere.cell[1:]}")

    path = edit(filled_template(), move)
    outcome = examine(path)
    message = problem("workbook.name_moved", at("f"), spec.key, name=spec.key, label=spec.label,
                      target=str(elsewhere), expected=str(at("f"))).message
    assert flat(outcome.problems) == [(SHEET, at("f").cell, "workbook.name_moved")]
    assert outcome.problems[0].message == message
    assert (outcome.exit_code, outcome.cli_exit, outcome.cli_json_exit) == (1, 1, 1)


def test_merged_input_cells(filled_template):
    """Merging D(f):D(a) leaves one value for two inputs; both are named, neither is read."""
    f, a = at("f"), at("a")
    merged = f"{f.cell}:{a.cell}"
    path = edit(filled_template(), lambda wb: wb[SHEET].merge_cells(merged))
    outcome = examine(path)
    assert flat(outcome.problems) == [(SHEET, f.cell, "workbook.input_merged"), (SHEET, a.cell, "workbook.input_merged")]
    assert outcome.problems[0].message == problem("workbook.input_merged", f, SPEC["f"].key, label=SPEC["f"].label,
                                                  merged=merged).message
    assert (outcome.exit_code, outcome.cli_exit, outcome.cli_json_exit) == (1, 1, 1)


def test_direction_sheet_renamed(filled_template):
    def rename(wb: Any) -> None:
        wb[SHEET].title = "Жалобы"

    path = edit(filled_template(), rename)
    expected = problem("workbook.sheet_missing", sheet=SHEET, direction=COMPLAINTS_TITLE)
    assert_single(examine(path), expected, 1)


def test_penalties_sheet_deleted(filled_template):
    path = edit(filled_template(), lambda wb: wb.remove(wb[layout.PENALTIES_SHEET]))
    expected = problem("workbook.sheet_missing", sheet=layout.PENALTIES_SHEET, direction="акт сверки")
    assert_single(examine(path), expected, 1)


def test_metadata_sheet_deleted_is_not_ours(filled_template):
    path = edit(filled_template(), lambda wb: wb.remove(wb[layout.META_SHEET]))
    assert_single(examine(path), problem("workbook.not_ours", sheet=layout.META_SHEET), 2)


def _meta_cell(wb: Any, field: str) -> Any:
    ws = wb[layout.META_SHEET]
    return next(row[1] for row in ws.iter_rows(min_col=1, max_col=2) if row[0].value == field)


def test_other_edition(filled_template):
    def change(wb: Any) -> None:
        _meta_cell(wb, "edition").value = "2019-01"

    path = edit(filled_template(), change)
    expected = problem("workbook.edition", edition="2019-01", known=", ".join(known_editions()))
    assert_single(examine(path), expected, 2)


@pytest.mark.parametrize("body_type", ["xyz", None])
def test_corrupted_body_type(filled_template, body_type):
    def change(wb: Any) -> None:
        _meta_cell(wb, "body_type").value = body_type

    outcome = examine(edit(filled_template(), change))
    assert flat(outcome.problems) == [(None, None, "workbook.metadata")]
    got = outcome.problems[0]
    assert f"«{body_type or 'пусто'}»" in got.params["detail"]  # an empty cell reads «пусто», never «None»
    assert_single(outcome, problem("workbook.metadata", detail=got.params["detail"]), 2)


# --------------------------------------------------------------------------- files that are not workbooks


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buf.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _truncated(template: Path) -> bytes:
    data = template.read_bytes()
    return data[: len(data) // 2]


UNREADABLE = {
    "text-renamed": (lambda t: "Отчет за 2022 год\n1000;950;3".encode("utf-8"), None),
    "empty-file": (lambda t: b"", None),
    "truncated-zip": (_truncated, None),
    "zip-without-workbook": (lambda t: _zip({"word/document.xml": b"<w/>"}), None),
    "ods": (lambda t: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
            "ods"),
    "old-xls": (lambda t: OLE, "xls"),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_file(tmp_path, blank_templates, case):
    make, hint = UNREADABLE[case]
    path = tmp_path / "report.xlsx"
    path.write_bytes(make(blank_templates["cgo"]))
    outcome = examine(path)
    assert flat(outcome.problems) == [(None, None, "file.unreadable")]
    reason = outcome.problems[0].params["reason"]
    assert reason
    if hint:
        assert hint in reason
    assert_single(outcome, problem("file.unreadable", reason=reason), 2)


def test_encrypted_ole_file(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(OLE + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64)
    assert_single(examine(path), problem("file.encrypted"), 2)


def test_missing_path(tmp_path):
    path = tmp_path / "nowhere" / "report.xlsx"
    outcome = examine(path)
    assert_single(outcome, problem("file.not_found", path=path), 2)
    assert not path.exists()


# --------------------------------------------------------------------------- everything at once


def test_every_problem_of_a_workbook_is_listed(filled_template):
    """One bad report: each cell's problem, the cross-check and the bad «Акт сверки» rows, all listed."""
    path = filled_template(p=950, f="двенадцать", a=960, n=2.5, d=-1, x=None)
    path = edit(path, set_cell(at("m"), "#DIV/0!", "e"))
    path = edit(path, penalty_rows(("Спорт", UNRELIABLE, "текст"), (COMPLAINTS_TITLE, "иная", "текст"),
                                   (COMPLAINTS_TITLE, UNRELIABLE, None), (COMPLAINTS_TITLE, UNRELIABLE, "верная строка")))
    values = {"p": 950, "a": 960}
    expected = [
        problem("input.error_value", at("m"), SPEC["m"].key, label=SPEC["m"].label, value="#DIV/0!"),
        problem("input.not_number", at("f"), SPEC["f"].key, label=SPEC["f"].label, value="двенадцать"),
        problem("input.not_integer", at("n"), SPEC["n"].key, label=SPEC["n"].label, value=number_text(2.5)),
        problem("input.negative", at("d"), SPEC["d"].key, label=SPEC["d"].label, value=number_text(-1)),
        problem("input.missing", at("x"), SPEC["x"].key, label=SPEC["x"].label),
        _exceeds("input.exceeds", ["a"], ["p"], values),
        problem("penalty.direction", pen("B", PENALTY_ROW), value="Спорт", allowed=ALLOWED_DIRECTIONS),
        problem("penalty.kind", pen("C", PENALTY_ROW + 1), value="иная", allowed=ALLOWED_KINDS),
        problem("penalty.text", pen("D", PENALTY_ROW + 2)),
    ]
    outcome = examine(path)
    assert sorted(flat(outcome.problems)) == sorted(flat(expected))
    assert len(outcome.problems) == len(expected)
    assert {p.message for p in outcome.problems} == {p.message for p in expected}
    assert (outcome.exit_code, outcome.cli_exit, outcome.cli_json_exit) == (1, 1, 1)
    listed = outcome.cli_json["files"][0]["problems"]
    assert sorted((p["sheet"], p["cell"], p["code"]) for p in listed) == sorted(flat(expected))
    assert all(p["cell"] for p in listed), "every problem about a cell names that cell"
    plain = " ".join(outcome.cli_text.split())
    for p in expected:
        assert p.where.cell in plain


def test_folder_lists_each_file(tmp_path, filled_template, blank_templates):
    """validate over a folder: one report per workbook; the worst decides the exit status."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.move(filled_template(name="good.xlsx"), folder / "good.xlsx")
    shutil.move(filled_template(name="warn.xlsx", p=1001), folder / "warn.xlsx")
    shutil.move(filled_template(name="bad.xlsx", f=-1), folder / "bad.xlsx")
    result = CliRunner().invoke(cli, ["validate", str(folder), "--json"])
    no_traceback(result)
    doc = json.loads(result.stdout)
    assert doc == check_paths([str(folder)]).to_dict()
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert set(by_name) == {"good.xlsx", "warn.xlsx", "bad.xlsx"}
    assert [p["code"] for p in by_name["bad.xlsx"]["problems"]] == ["input.negative"]
    assert by_name["warn.xlsx"]["valid"] is True
    assert result.exit_code == 1
    (folder / "old.xlsx").write_bytes(OLE)
    assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 2


# --------------------------------------------------------------------------- added with the fixes of the first review


def test_penalty_for_a_direction_not_in_the_workbook_is_a_warning(filled_template):
    openness = CATALOG.direction("openness").title
    path = edit(filled_template(), penalty_rows((openness, "неполная информация", "Нет таблицы 5")))
    expected = problem("penalty.other_direction", CellRef(layout.PENALTIES_SHEET, f"B{PENALTY_ROW}"),
                       direction=openness)
    assert_single(examine(path), expected, 0)


def test_folder_without_workbooks_is_reported_not_passed(tmp_path):
    folder = tmp_path / "отчеты"
    folder.mkdir()
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    result = CliRunner().invoke(cli, ["validate", str(folder), "--json"])
    no_traceback(result)
    assert result.exit_code == 2
    (found,) = json.loads(result.stdout)["files"][0]["problems"]
    assert found["code"] == "file.no_workbooks"
    assert found["message"] == problem("file.no_workbooks", path=folder).message
