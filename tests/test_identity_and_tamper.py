"""Issue 10 «Nothing lost, nothing forged»: whose report it is, results that are not final, and changes to
the template a body was issued.

Covers CONTRACTS «Workbooks» (the body is the code recorded in the metadata at issue; a mismatch on
«Инструкция» with the metadata or the registry is an error), «Commands» (`template --body` with a code
outside the registry exits 2), METHODOLOGY rule 1.5 (registry exceptions of the issued body; a
not-applicable indicator without a peer average makes the result provisional, which every text says),
and the comparison of a returned report with the template it was issued as (`validate` warnings,
`verify --template`).
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from conftest import CATALOG
from tests.openness_reports import CGO_REPORT, MIO_REPORT, assessor_book, defence_report
from toolkit.bodies import find_body
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.files import sha256
from toolkit.jsonio import extract, fill
from toolkit.problems import CellRef, problem
from toolkit.run import Assessor, load_assessor
from toolkit.run import score_file as run_score_file
from toolkit.workbook.structure import Coverage
from toolkit.workbook.structure import Validation
from toolkit.workbook import layout
from toolkit.workbook.template import write_template

INSTRUCTIONS = layout.INSTRUCTIONS_SHEET


def run(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def squeeze(text: str) -> str:
    return " ".join(text.split())


def issued(folder: Path, direction: str, body_type: str, code: str | None) -> Path:
    """The template as `xlscore template --body CODE` issues it (a blank without a code)."""
    path = folder / f"template-{direction}-{body_type}-{code or 'blank'}.xlsx"
    if not path.exists():
        write_template(path, CATALOG, (direction,), body_type, 2022, find_body(code).body() if code else None)
    return path


_BOOK: list[Assessor] = []


@pytest.fixture(scope="module", autouse=True)
def _assessor_book(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The assessor workbook of 2022 (monitoring and surveys of the bodies here), as an assessor scores with."""
    _BOOK[:] = [load_assessor([assessor_book(tmp_path_factory.mktemp("assessor"))])[0]]


def score_file(path: Path, *args: Any, **kwargs: Any) -> Any:
    return run_score_file(path, *args, assessor=_BOOK[0], **kwargs)


def report(folder: Path, data: dict[str, Any], issued_to: str | None, name: str = "report.xlsx",
           direction: str = "openness") -> Path:
    """A report filled by `fill` in the template issued to `issued_to` (None: a blank template)."""
    target = folder / name
    problems = fill(issued(folder, direction, data["body"]["type"], issued_to), data, target)
    assert problems == [], [p.message for p in problems]
    return target


def edit(path: Path, cells: dict[tuple[str, str], Any]) -> None:
    """Type into cells with openpyxl, as a clerk's Excel would."""
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in cells.items():
        wb[sheet][cell].value = value
    wb.save(path)


def found(path: Path) -> set[tuple[str | None, str | None, str]]:
    return {(p.where.sheet if p.where else None, p.where.cell if p.where else None, p.code)
            for p in check_file(path).problems}


def complaints_data(code: str) -> dict[str, Any]:
    body = find_body(code)
    return {"edition": "2023-01", "period": 2022, "body": body.body().to_dict(),
            "complaints": {"received_total": 1000, "considered_total": 950, "considered_late": 3, "court_satisfied": 0,
                           "redirected_late": 1, "disciplined": 4, "liability_impossible": 0},
            "penalties": []}


# --------------------------------------------------------------------------- the body is who the template says


def test_the_issued_body_is_recorded_in_the_metadata(tmp_path):
    out = tmp_path / "mu.xlsx"
    assert run("template", "--direction", "complaints", "--body-type", "cgo", "--body", "МЮ", "--period", "2022",
               "-o", out).exit_code == 0
    meta = openpyxl.load_workbook(out)[layout.META_SHEET]
    rows = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert (rows["body_code"], rows["body_name"]) == ("МЮ", find_body("МЮ").name)


def test_a_forged_code_on_instructions_is_an_error_and_nothing_is_scored(tmp_path):
    path = report(tmp_path, CGO_REPORT, "МЮ")
    assert score_file(path, tmp_path / "honest.xlsx").result.directions["openness"].provisional is False
    edit(path, {(INSTRUCTIONS, "C5"): "МО"})  # МО's registry exceptions would move the score
    before = sha256(path)
    assert (INSTRUCTIONS, "C5", "workbook.body_mismatch") in found(path)
    mu = find_body("МЮ")
    expected = problem("workbook.body_mismatch", check_file(path).problems[0].where, "body.code",
                       label="Краткое обозначение", value="МО", issued="МЮ", name=mu.name, expected="МЮ").message
    validated = run("validate", path, "--json")
    assert validated.exit_code == 1
    assert expected in [p["message"] for p in json.loads(validated.stdout)["files"][0]["problems"]]
    scored = run("score", path, "--json")
    assert scored.exit_code == 1
    assert sha256(path) == before
    assert not path.with_name("report.scored.xlsx").exists()


def test_a_forged_name_on_instructions_is_an_error(tmp_path):
    path = report(tmp_path, CGO_REPORT, "МЮ")
    edit(path, {(INSTRUCTIONS, "C4"): "Министерство обороны Республики Казахстан"})
    assert (INSTRUCTIONS, "C4", "workbook.body_mismatch") in found(path)
    assert score_file(path).exit_code == 1


@pytest.mark.parametrize("typed", [
    {"C4": None, "C5": None},  # cleared: the metadata still says who it is
    {"C4": "  министерство  юстиции республики казахстан ", "C5": "мю"},  # case and spaces do not count
    {"C4": "МЮ", "C5": "Министерство юстиции Республики Казахстан"},  # code and name swapped: still МЮ
])
def test_the_issued_body_tolerates_what_does_not_change_it(tmp_path, typed):
    path = report(tmp_path, CGO_REPORT, "МЮ")
    edit(path, {(INSTRUCTIONS, cell): value for cell, value in typed.items()})
    checked = check_file(path)
    assert checked.valid, [p.message for p in checked.problems]
    assert checked.document.body == find_body("МЮ").body()


def test_the_body_from_the_metadata_decides_the_registry_exceptions(tmp_path):
    """Rule 1.5: МО's meetings are not applicable because the template was issued to МО, whatever C4/C5 say."""
    path = report(tmp_path, defence_report(), "МО")
    edit(path, {(INSTRUCTIONS, "C4"): None, (INSTRUCTIONS, "C5"): None})
    result = score_file(path, tmp_path / "mo.scored.xlsx").result
    assert result.body.code == "МО"
    halves = {i.id: i for c in result.directions["openness"].criteria for i in c.indicators}
    assert halves["P4.5.1:kk"].applicable is False
    assert extract(path)[0]["body"] == find_body("МО").body().to_dict()


def test_the_score_moved_by_a_forged_code_is_not_reachable(tmp_path):
    """МЮ's report issued to МЮ scores as МЮ; typing МО is refused rather than scored through МО's exceptions."""
    honest = report(tmp_path, CGO_REPORT, "МЮ", "honest.xlsx")
    forged = report(tmp_path, CGO_REPORT, "МЮ", "forged.xlsx")
    edit(forged, {(INSTRUCTIONS, "C5"): "МО", (INSTRUCTIONS, "C4"): "Министерство обороны Республики Казахстан"})
    assert all(i.applicable for c in score_file(honest).result.directions["openness"].criteria for i in c.indicators)
    assert {(c, code) for _, c, code in found(forged)} >= {("C4", "workbook.body_mismatch"),
                                                           ("C5", "workbook.body_mismatch")}


def test_fill_refuses_another_body_for_an_issued_template(tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    target = tmp_path / "x.xlsx"
    problems = fill(issued(tmp_path, "openness", "cgo", "МО"), data, target)
    assert [(p.code, p.params["field"]) for p in problems] == [("data.mismatch", "body.code"),
                                                              ("data.mismatch", "body.name")]
    assert not target.exists()


def test_an_unknown_body_code_is_refused(tmp_path):
    out = tmp_path / "t.xlsx"
    result = run("template", "--direction", "complaints", "--body-type", "cgo", "--body", "XYZ", "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    text = squeeze(result.output)
    assert "XYZ" in text and "bodies.yaml" in text and "МЮ" in text and "АКТО" not in text


def test_a_blank_template_takes_the_body_from_instructions_checked_against_the_registry(tmp_path):
    """Without --body, the code typed on «Инструкция» still brings its registry exceptions (today's behaviour)."""
    path = report(tmp_path, defence_report(), None)
    result = score_file(path).result
    assert result.body.code == "МО"
    halves = {i.id: i for c in result.directions["openness"].criteria for i in c.indicators}
    assert halves["P4.5.1:kk"].applicable is False


def test_a_blank_template_with_code_and_name_of_two_bodies_is_a_warning(tmp_path):
    """A blank keeps today's identity (the code decides); the contradiction is shown, the exit status stays 0."""
    path = report(tmp_path, complaints_data("МЮ"), None, direction="complaints")
    edit(path, {(INSTRUCTIONS, "C4"): find_body("МО").name})
    assert found(path) == {(INSTRUCTIONS, "C4", "workbook.body_registry")}
    assert run("validate", path).exit_code == 0


def test_a_blank_template_with_a_body_of_another_type_is_a_warning_without_exceptions(tmp_path):
    path = report(tmp_path, defence_report() | {"body": {"name": "", "type": "mio", "code": "МО"}} | {"openness": MIO_REPORT["openness"]},
                  None)
    assert found(path) == {(INSTRUCTIONS, "C5", "workbook.body_registry")}
    result = score_file(path).result  # МО is a cgo: its exceptions do not apply to a mio template
    assert all(i.applicable for c in result.directions["openness"].criteria for i in c.indicators)


def set_meta(wb: openpyxl.Workbook, key: str, value: str) -> None:
    """Edit one metadata row by hand, as only someone tampering with the file would."""
    meta = wb[layout.META_SHEET]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == key)
    meta.cell(row, 2).value = value


def test_an_issued_code_of_another_type_in_the_metadata_is_not_ours(tmp_path):
    """Only an edited metadata sheet can pair МО (a cgo) with a mio template."""
    path = report(tmp_path, complaints_data("ПАВО"), "ПАВО", direction="complaints")
    wb = openpyxl.load_workbook(path)
    set_meta(wb, "body_code", "МО")
    wb.save(path)
    assert found(path) == {(None, None, "workbook.metadata")}
    assert run("validate", path).exit_code == 2


def test_a_blank_template_with_an_unregistered_body_is_accepted(tmp_path):
    path = report(tmp_path, complaints_data("ПАВО"), None, direction="complaints")
    edit(path, {(INSTRUCTIONS, "C5"): "АР-1", (INSTRUCTIONS, "C4"): "Акимат района"})
    assert check_file(path).valid


# --------------------------------------------------------------------------- a provisional result never looks final

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NB_HALVES = ("P2.2:kk", "P2.5:ru", "P2.11:ru")  # not applicable to the National Bank (Прил. 10 табл. 2 прим. **)


@pytest.fixture()
def national_bank(tmp_path: Path) -> Path:
    """The National Bank's openness sample: scored alone, its budget rows need the peers' average (rule 1.5)."""
    path = tmp_path / "НБ.xlsx"
    path.write_bytes((SAMPLES / "openness-НБ.xlsx").read_bytes())
    return path


def _sheet_texts(path: Path, sheet: str, rows: int | None = None) -> list[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [str(v) for row in ws.iter_rows(max_row=rows, values_only=True) for v in row if isinstance(v, str)]


def test_scored_alone_the_cli_table_says_provisional_and_why(national_bank):
    result = run("score", national_bank)
    assert result.exit_code == 0
    text = squeeze(result.output)
    assert "предварительный" in text
    # halves named by their indicator (both languages), never «P2.2:kk» (issue 11)
    assert all(f"{hid.split(':')[0]}," in text for hid in NB_HALVES[:2]) and ":kk" not in text and "правило 1.5" in text
    assert "Национальный Банк" in text  # the cause: a registry exception of the body


def test_scored_alone_the_sheets_and_the_journal_say_provisional_and_why(national_bank, tmp_path):
    out = tmp_path / "nb.scored.xlsx"
    assert run("score", national_bank, "-o", out).exit_code == 0
    header = " ".join(_sheet_texts(out, layout.SCORES_SHEET, rows=4))
    assert "ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ" in header and all(hid.split(":")[0] in header for hid in NB_HALVES)
    assert ":kk" not in header and ":ru" not in header
    title_area = " ".join(_sheet_texts(out, layout.CONCLUSION_SHEET, rows=10))
    assert "ПРЕДВАРИТЕЛЬНЫЙ РЕЗУЛЬТАТ" in title_area and "правило 1.5" in title_area
    summary = openpyxl.load_workbook(out)[layout.JOURNAL_SHEET]["E2"].value  # «Результат»
    assert "предварительный" in summary and "правило 1.5" in summary


def test_scored_alone_the_json_keeps_its_shape_and_flags_provisional(national_bank):
    result = run("score", national_bank, "--json")
    assert result.exit_code == 0
    openness = json.loads(result.stdout)["files"][0]["directions"]["openness"]
    assert set(openness) == {"score", "raw", "penalty", "grade", "criteria", "indicators", "provisional", "notes",
                             "penalties"}
    assert openness["provisional"] is True
    assert any(n.startswith("P2.2:kk:") for n in openness["notes"])


def test_in_the_batch_nothing_says_provisional(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for sample in [*SAMPLES.glob("openness-*.xlsx"), *SAMPLES.glob("assessor-openness-*.xlsx")]:
        (folder / sample.name).write_bytes(sample.read_bytes())
    result = run("score", folder)
    assert result.exit_code == 0
    assert "предварительный" not in result.output
    scored = folder / "openness-НБ.scored.xlsx"
    assert "ПРЕДВАРИТЕЛЬНЫЙ" not in " ".join(_sheet_texts(scored, layout.SCORES_SHEET) + _sheet_texts(scored, layout.CONCLUSION_SHEET))


def test_validate_warns_that_a_file_will_be_provisional_alone(national_bank):
    problems = [p for p in check_file(national_bank).problems if p.code == "rule.provisional_alone"]
    assert [(p.where.sheet, p.where.cell, p.code) for p in problems] == [(INSTRUCTIONS, "C5", "rule.provisional_alone")]
    assert all(hid in problems[0].message for hid in NB_HALVES)
    assert run("validate", national_bank).exit_code == 0  # a warning only


def test_validate_warns_at_the_flag_that_makes_halves_not_applicable(tmp_path):
    """P2.1 (mio) is not applicable when the budget is secret (a flag, not a registry exception)."""
    data = copy.deepcopy(MIO_REPORT)
    data["openness"]["budget"]["secret"] = "Да"
    path = tmp_path / "secret.xlsx"
    assert fill(issued(tmp_path, "openness", "mio", None), data, path) == []
    problems = [p for p in check_file(path).problems if p.code == "rule.provisional_alone"]
    assert [p.key for p in problems] == ["openness.budget.secret"]
    assert problems[0].where == check_file(path).document.cells["openness.budget.secret"].where


def test_no_provisional_warning_for_an_ordinary_body(national_bank, tmp_path):
    """The manual averages live in the assessor workbook, which `validate` of a report does not see: the
    warning stands for НБ whatever the book holds, and never appears for a body with nothing not applicable."""
    assert "rule.provisional_alone" in {p.code for p in check_file(national_bank).problems}
    assert "rule.provisional_alone" not in {p.code for p in check_file(SAMPLES / "openness-МЮ.xlsx").problems}


# --------------------------------------------------------------------------- what the body changed in its template

TEMPLATE_CODES = {"template.sheet_changed", "template.label_changed", "template.formula_changed",
                  "template.validation_changed", "template.name_changed"}
OPEN_DATA = "1. Открытые данные"
# (sheet, label cell, formula cell, first cell of a validated range) per direction
TARGETS = {"complaints": ("Прил. 11", "B16", "E17", "D15"), "openness": (OPEN_DATA, "A11", "A3", "C14")}
DATA = {("complaints", "cgo"): lambda: complaints_data("МЮ"), ("complaints", "mio"): lambda: complaints_data("ПАВО"),
        ("openness", "cgo"): lambda: copy.deepcopy(CGO_REPORT), ("openness", "mio"): lambda: copy.deepcopy(MIO_REPORT)}


def template_changes(path: Path) -> set[tuple[str | None, str | None, str]]:
    return {t for t in found(path) if t[2] in TEMPLATE_CODES | {"template.more", "template.version"}}


def verify_json(*args: Any) -> tuple[int, dict[str, Any]]:
    result = run("verify", *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def tamper(path: Path, sheet: str, label: str, formula: str, validated: str) -> None:
    """A label retyped, a formula replaced and a data validation loosened, with openpyxl."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ws[label].value = "Исправлено органом"
    ws[formula].value = "=1+1"
    dv = next(v for v in ws.data_validations.dataValidation if validated in str(v.sqref).replace(":", " ").split())
    dv.showErrorMessage = False  # any value may be typed now
    wb.save(path)


@pytest.mark.parametrize(("direction", "body_type"), list(DATA))
def test_an_untouched_report_has_no_template_changes(tmp_path, direction, body_type):
    data = DATA[direction, body_type]()
    code = data["body"]["code"]
    path = report(tmp_path, data, code, direction=direction)
    assert template_changes(path) == set()
    status, doc = verify_json(path, "--template", issued(tmp_path, direction, body_type, code))
    assert (status, doc["files"][0]["intact"], doc["files"][0]["changes"]) == (0, True, 0), doc
    status, doc = verify_json("--template", path)  # the report alone: against the template regenerated from it
    assert (status, doc["files"][0]["changes"]) == (0, 0), doc


@pytest.mark.parametrize(("direction", "body_type"), list(DATA))
def test_a_changed_label_formula_and_validation_are_each_named(tmp_path, direction, body_type):
    data = DATA[direction, body_type]()
    path = report(tmp_path, data, data["body"]["code"], direction=direction)
    sheet, label, formula, validated = TARGETS[direction]
    tamper(path, sheet, label, formula, validated)
    expected = {(sheet, label, "template.label_changed"), (sheet, formula, "template.formula_changed"),
                (sheet, validated, "template.validation_changed")}
    assert expected <= template_changes(path)
    assert run("validate", path).exit_code == 0  # warnings: the numbers themselves may still be right
    status, doc = verify_json("--template", path)
    assert status == 1 and doc["files"][0]["intact"] is False
    named = {(p["sheet"], p["cell"], p["code"]) for p in doc["files"][0]["problems"]}
    assert expected <= named
    assert doc["files"][0]["changes"] == len([p for p in doc["files"][0]["problems"] if p["code"] in TEMPLATE_CODES])


def test_the_messages_say_what_was_and_what_is(tmp_path):
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    was = openpyxl.load_workbook(path)["Прил. 11"]["B16"].value
    tamper(path, *TARGETS["complaints"])
    messages = {p.where.cell: p.message for p in check_file(path).problems if p.code in TEMPLATE_CODES}
    assert set(messages) == {"B16", "E17", "D15"}  # the validation of D15:D21 is one change, not seven
    assert messages["B16"] == problem("template.label_changed", CellRef("Прил. 11", "B16"), was=was,
                                      now="Исправлено органом").message
    assert "было «=IF(" in messages["E17"] and "стало формула «=1+1»" in messages["E17"]
    assert messages["D15"] == problem("template.validation_changed", CellRef("Прил. 11", "D15"), cells="D15:D21",
                                      was="«целое число ≥ 0»", now="«целое число ≥ 0» без запрета ввода").message


def test_a_redirected_name_a_hidden_sheet_and_an_edited_dropdown_are_named(tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    path = report(tmp_path, data, "МЮ")
    wb = openpyxl.load_workbook(path)
    wb.defined_names["period"].attr_text = f"'{INSTRUCTIONS}'!$C$8"
    wb[layout.PENALTIES_SHEET].sheet_state = "hidden"
    meta = wb[layout.META_SHEET]
    column = next(c for c in range(4, meta.max_column + 1) if meta.cell(1, c).value)
    meta.cell(1, column).value = "Выдуманный вариант"  # a drop-down's list on the metadata sheet
    wb.save(path)
    changes = template_changes(path)
    assert (INSTRUCTIONS, "C7", "template.name_changed") in changes
    assert (None, None, "template.sheet_changed") in changes
    assert (layout.META_SHEET, f"{openpyxl.utils.get_column_letter(column)}1", "template.label_changed") in changes


def test_validate_lists_the_first_changes_and_says_how_many_more(tmp_path):
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.PENALTIES_SHEET]
    for row in range(7, 37):  # the points formulas of every row of the act
        ws[f"E{row}"].value = 0
    wb.save(path)
    codes = [p.code for p in check_file(path).problems]
    assert codes.count("template.formula_changed") == 25 and codes[-1] == "template.more"
    status, doc = verify_json("--template", path)
    assert doc["files"][0]["changes"] == 30 and status == 1


def test_a_scored_copy_is_verified_against_its_template_and_its_journal(tmp_path):
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    assert run("score", path).exit_code == 0
    scored = path.with_name("report.scored.xlsx")
    status, doc = verify_json(scored, "--template", issued(tmp_path, "complaints", "cgo", "МЮ"))
    entry = doc["files"][0]
    assert (status, entry["intact"], entry["changes"], entry["scorings"]) == (0, True, 0, 1), entry


def test_verify_against_the_template_of_another_body_is_refused(tmp_path):
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    status, doc = verify_json(path, "--template", issued(tmp_path, "complaints", "cgo", "МО"))
    assert status == 2
    assert [p["code"] for p in doc["files"][0]["problems"]] == ["template.other"]
    assert "МО" in doc["files"][0]["problems"][0]["message"]


def test_a_report_from_another_version_says_so_beside_its_changes(tmp_path):
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    wb = openpyxl.load_workbook(path)
    set_meta(wb, "toolkit_version", "0.0.1")
    wb["Прил. 11"]["B16"].value = "Другая надпись"
    wb.save(path)
    assert {c for *_, c in template_changes(path)} == {"template.label_changed", "template.version"}


def test_verify_without_template_keeps_its_behaviour(tmp_path):
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    status, doc = verify_json(path)
    assert status == 2 and [p["code"] for p in doc["files"][0]["problems"]] == ["verify.not_scored"]
    assert set(doc["files"][0]) == {"path", "intact", "scorings", "history", "parts", "problems"}


def test_formulas_excel_saves_as_shared_are_not_changes(tmp_path):
    """Excel stores a column of like formulas as one shared formula; each cell's is translated from it."""
    path = report(tmp_path, complaints_data("МЮ"), "МЮ", direction="complaints")
    with zipfile.ZipFile(path) as src:
        entries = {info.filename: src.read(info.filename) for info in src.infolist()}
    part = next(name for name, data in entries.items() if name.startswith("xl/worksheets/") and b'<c r="E36"' in data)
    first = layout.PENALTIES_HEADER_ROW + 1

    def shared(m: re.Match[bytes]) -> bytes:
        row = int(m.group(2))
        if row == first:
            return m.group(1) + f'<f t="shared" ref="E{first}:E36" si="0">'.encode() + m.group(3) + b"</f>"
        return m.group(1) + b'<f t="shared" si="0"/>'

    entries[part], count = re.subn(rb'(<c r="E(\d+)"[^>]*>)<f>([^<]*)</f>', shared, entries[part])
    assert count == 30
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries.items():
            dst.writestr(name, data)
    assert template_changes(path) == set()
    wb = openpyxl.load_workbook(path)  # a well-formed shared formula, as another reader sees it
    assert wb[layout.PENALTIES_SHEET]["E20"].value.startswith("=IF(C20=")


def test_a_list_grown_past_the_template_is_no_change_but_its_validation_still_counts(tmp_path):
    """Rows below the template's own are the body's; the validations after them are still read."""
    data = copy.deepcopy(CGO_REPORT)
    data["openness"]["npa"]["comments"] = [
        {"received": f"2022-06-{1 + i % 28:02d}", "document": f"Проект № {i}", "answered": "Да"} for i in range(400)]
    path = report(tmp_path, data, "МЮ")
    assert template_changes(path) == set()
    sheet = "4.2 Комментарии к НПА"
    wb = openpyxl.load_workbook(path)
    dv = next(v for v in wb[sheet].data_validations.dataValidation if "A8" in str(v.sqref).split(":")[0].split())
    dv.formula2 = "99999"  # any later date is allowed now
    wb.save(path)
    assert template_changes(path) == {(sheet, "A8", "template.validation_changed")}


_cells = st.tuples(st.integers(1, 40), st.integers(1, 40))


@st.composite
def _validations(draw: Any) -> tuple[Validation, ...]:
    """Validations over single cells, small blocks and whole columns, overlapping as they may in a body's file."""
    made = []
    for n in range(draw(st.integers(0, 5))):
        ranges = []
        for _ in range(draw(st.integers(1, 6))):
            (r1, c1), (h, w) = draw(_cells), draw(st.tuples(st.sampled_from([0, 0, 1, 5, 400]), st.integers(0, 2)))
            ranges.append((c1, r1, c1 + w, r1 + h))
        made.append(Validation("whole", "greaterThanOrEqual", str(n), "", "stop", True, tuple(ranges)))
    return tuple(made)


@settings(max_examples=200, deadline=None)
@given(_validations(), st.lists(_cells, max_size=30))
def test_the_covering_validation_is_the_first_that_covers_the_cell(found, cells):
    """The index (issue 15) answers what trying every validation in order answered."""
    covering = Coverage(found)
    for row, col in cells:
        assert covering.first(row, col) is next((v for v in found if v.covers(row, col)), None)
