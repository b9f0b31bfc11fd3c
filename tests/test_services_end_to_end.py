"""Whole services reports: template → `fill` (CONTRACTS JSON) → `validate` → `score`, CGO and MIO.

Covers METHODOLOGY §4 end to end (figures by hand in tests/services_reports.py), the template's
form (Прил. 2 sheets, the monitoring list as an Excel table, the Ministry's automation sheet for CGO
only, names, notes, validations, protection), `extract` giving back what `fill` took, the package
diff (only our parts and recorded edits), rule 1.5 for an empty monitoring list (provisional alone,
peer average in a batch), the conclusions Прил. 3 / 4 / 5, and one test per validation problem
(sheet, cell, code, exit status, input unchanged).
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.packages import assert_only_ours_and_recorded_edits
from tests.services_reports import CGO_CRITERIA, CGO_REPORT, CGO_U, MIO_CRITERIA, MIO_REPORT, MIO_T
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.jsonio import extract, fill
from toolkit.problems import PROBLEMS
from toolkit.run import score_file, score_paths
from toolkit.workbook import layout

CATALOG = load_catalog("2023-01")
SERVICES = CATALOG.direction("services")
CELLS = {bt: layout.scalar_cells(SERVICES, bt) for bt in ("cgo", "mio")}
PLACE = {bt: next(p for plan in layout.sheet_plans(SERVICES, bt) for p in plan.lists) for bt in ("cgo", "mio")}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(blanks: dict[str, Path], tmp_path: Path, data: dict[str, Any] | None = None, name: str = "report.xlsx") -> Path:
    data = copy.deepcopy(data or CGO_REPORT)
    target = tmp_path / name
    assert fill(blanks[data["body"]["type"]], data, target) == []
    return target


@pytest.fixture()
def blanks(services_blanks: dict[str, Path]) -> dict[str, Path]:
    return services_blanks


# ---- the template ---------------------------------------------------------------------------------

@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_template_form(blanks, body_type):
    wb = openpyxl.load_workbook(blanks[body_type])
    sheets = ["Прил. 2 Услуги", "Мониторинг услуг"] + (["Автоматизация (МЦРИАП)"] if body_type == "cgo" else [])
    assert wb.sheetnames == [layout.INSTRUCTIONS_SHEET, *sheets, layout.PENALTIES_SHEET, layout.APPEALS_SHEET, layout.META_SHEET]
    keys = {spec.key for spec in SERVICES.inputs_for(body_type)}
    assert len(keys) == (18 if body_type == "cgo" else 7)
    for key in keys:
        sheet, coord = next(iter(wb.defined_names[key].destinations))
        cell = wb[sheet][coord.replace("$", "")]
        assert cell.protection.locked is False and cell.comment is not None, key
    assert wb["Прил. 2 Услуги"].protection.sheet  # scalars only: protected
    assert wb["Мониторинг услуг"].protection.sheet is False  # a table grows only on an unprotected sheet
    assert "services_monitoring" in wb["Мониторинг услуг"].tables
    ratings = [dv for dv in wb["Мониторинг услуг"].data_validations.dataValidation if dv.type == "decimal"]
    assert [(dv.operator, dv.formula1, dv.formula2) for dv in ratings] == [("between", "0", "5")]
    notes = " ".join(wb[s][c].comment.text for s, c in (CELLS[body_type]["services.late"],))
    assert "ИС «Мониторинг»" in notes and "п.40" in notes
    if body_type == "cgo":
        auto = wb["Автоматизация (МЦРИАП)"]
        assert "МЦРИАП" in " ".join(str(c.value) for row in auto.iter_rows() for c in row if c.value)


def test_template_cli_writes_services(tmp_path):
    out = tmp_path / "s.xlsx"
    result = CliRunner().invoke(cli, ["template", "--direction", "services", "--body-type", "mio", "--period", "2022",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()


# ---- whole reports ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "criteria", "total"), [(CGO_REPORT, CGO_CRITERIA, CGO_U), (MIO_REPORT, MIO_CRITERIA, MIO_T)],
                         ids=["cgo", "mio"])
def test_whole_report_scores_as_computed_by_hand(blanks, tmp_path, data, criteria, total):
    path = make(blanks, tmp_path, data)
    assert [p.message for p in check_file(path).problems] == []
    before = sha(path)
    outcome = score_file(path)
    assert outcome.exit_code == 0, [p.message for p in outcome.problems]
    services = outcome.result.directions["services"]
    assert {c.id: c.points for c in services.criteria} == pytest.approx(criteria)
    assert services.score == pytest.approx(total)
    assert services.grade.id == "medium" and not services.provisional
    assert sha(path) == before
    assert_only_ours_and_recorded_edits(path, Path(outcome.output))


@pytest.mark.parametrize("data", [CGO_REPORT, MIO_REPORT], ids=["cgo", "mio"])
def test_extract_gives_back_what_fill_took(blanks, tmp_path, data):
    got, problems = extract(make(blanks, tmp_path, data))
    assert problems == []
    assert got["services"] == data["services"]


def test_score_json_has_the_contract_ids(blanks, tmp_path):
    path = make(blanks, tmp_path)
    result = CliRunner().invoke(cli, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    services = json.loads(result.stdout)["files"][0]["directions"]["services"]
    assert set(services["criteria"]) == {"K1", "K2", "K3"}
    assert set(services["indicators"]) == {"K1.P1", "K1.P2", "K2.T1", "K2.T2", "K2.T3", "K2.T4",
                                           "K3.T", "K3.V", "K3.C", "K3.P", "K3.D", "K3.S"}
    assert services["score"] == pytest.approx(CGO_U)


def _conclusion(output: str) -> str:
    ws = openpyxl.load_workbook(output)[layout.CONCLUSION_SHEET]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_cgo_conclusion_is_prilozhenie_3_then_5(blanks, tmp_path):
    text = _conclusion(score_file(make(blanks, tmp_path)).output)
    assert text.index("Приложение 3") < text.index("Приложение 5")
    assert "Заместитель Председателя Агентства" in text and "Руководитель государственного органа" in text
    # the one service below 4,0 is named with its level and its 0 points
    assert "«Регистрация прав на недвижимое имущество» — 3,90 (0 баллов)" in text
    assert "24 из 120 000 (2,00 на 10 000)" in text.replace("\u00a0", " ")  # T1's figures
    assert "Выводы и рекомендации" in text


def test_mio_conclusion_is_prilozhenie_4(blanks, tmp_path):
    text = _conclusion(score_file(make(blanks, tmp_path, MIO_REPORT)).output)
    assert "Приложение 4" in text and "Приложение 5" not in text and "Приложение 3" not in text
    assert "местными исполнительными органами" in text


# ---- rule 1.5: no monitored services ------------------------------------------------------------

def test_empty_monitoring_is_a_warning_and_a_provisional_result(blanks, tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    data["services"]["monitoring"] = []
    path = make(blanks, tmp_path, data)
    checked = check_file(path)
    assert checked.valid and "list.empty_allowed" in {p.code for p in checked.problems}
    outcome = score_file(path)
    services = outcome.result.directions["services"]
    assert services.provisional
    assert services.to_dict()["indicators"]["K1.P1"] == 0


def test_empty_monitoring_takes_the_peer_average_in_a_batch(blanks, tmp_path):
    # МЮ: P1 = 9 (see services_reports); МФ: one service at 4,85 → 15; НБ none → (9 + 15) / 2 = 12
    peer = copy.deepcopy(CGO_REPORT)
    peer["body"] = {"name": "Министерство финансов Республики Казахстан", "type": "cgo", "code": "МФ"}
    peer["services"]["monitoring"] = [{"service": "Услуга", "satisfaction": 4.85}]
    alone = copy.deepcopy(CGO_REPORT)
    alone["body"] = {"name": "Национальный Банк Республики Казахстан", "type": "cgo", "code": "НБ"}
    alone["services"]["monitoring"] = []
    folder = tmp_path / "batch"
    folder.mkdir()
    for data, name in ((CGO_REPORT, "mju.xlsx"), (peer, "mf.xlsx"), (alone, "nb.xlsx")):
        make(blanks, folder, data, name)
    report = score_paths([folder], tmp_path / "out")
    assert report.exit_code == 0
    nb = next(f.result for f in report.files if f.result.body.code == "НБ").directions["services"]
    assert nb.to_dict()["indicators"]["K1.P1"] == pytest.approx(12)
    assert not nb.provisional


# ---- one test per validation problem ---------------------------------------------------------------

def _broken(blanks, tmp_path, body_type="cgo", **changes):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(CGO_REPORT if body_type == "cgo" else MIO_REPORT)
    monitoring = changes.pop("monitoring", None)
    data["services"].update(changes)
    if monitoring is not None:
        data["services"]["monitoring"] = monitoring
    path = make(blanks, tmp_path, data)
    return path


def assert_refused(path: Path, expected: tuple[str, str, str]) -> None:
    before = sha(path)
    problems = check_file(path).problems
    hits = [p for p in problems if p.where and (p.where.sheet, p.where.cell, p.code) == expected]
    assert hits, sorted((p.where.sheet if p.where else None, p.where.cell if p.where else None, p.code) for p in problems)
    assert hits[0].message.startswith(f"{expected[0]}!{expected[1]}")
    assert PROBLEMS[expected[2]].severity == "error"
    result = CliRunner().invoke(cli, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    assert expected[2] in {p["code"] for p in json.loads(result.stdout)["files"][0]["problems"]}
    outcome = score_file(path, path.with_suffix(".out.xlsx"))
    assert outcome.exit_code == 1 and not path.with_suffix(".out.xlsx").exists()
    assert sha(path) == before


RELATIONS = [
    # check id, changes, the cell named (the first left-hand input)
    ("late-le-rendered", {"late": 120001}, "services.late"),  # a ≤ b
    ("refusals-le-rendered", {"unjustified_refusals": 100001}, "services.unjustified_refusals"),  # a₂ ≤ b1
    ("incomplete-le-rendered", {"incomplete_package": 100001}, "services.incomplete_package"),  # c ≤ b1
    ("extra-le-rendered", {"extra_documents": 100001}, "services.extra_documents"),  # e ≤ b1
    ("rendered-le-incl-electronic", {"rendered_total": 120001}, "services.rendered_total"),  # b1 ≤ b
    ("automated-le-kinds", {"kinds_partial": 51}, "services.kinds_partial"),  # c + d ≤ n: 51 + 50 > 100
    ("mobile-le-automated", {"kinds_mobile": 81}, "services.kinds_mobile"),  # w ≤ c + d = 80
    ("electronic-le-volume", {"volume_electronic": 101}, "services.volume_electronic"),  # e ≤ z
    ("paper-le-automated-volume", {"automated_paper": 81}, "services.automated_paper"),  # b ≤ c₂
    ("automated-volume-le-volume", {"automated_total": 101, "automated_paper": 20}, "services.automated_total"),  # c₂ ≤ z
]


@pytest.mark.parametrize(("check", "changes", "key"), RELATIONS, ids=[r[0] for r in RELATIONS])
def test_each_relation_is_named_at_its_cell(blanks, tmp_path, check, changes, key):
    assert check in {c.id for c in SERVICES.checks}
    assert_refused(_broken(blanks, tmp_path, **changes), (*CELLS["cgo"][key], "input.exceeds"))


def test_every_relation_of_the_catalog_is_tested():
    assert {r[0] for r in RELATIONS} == {c.id for c in SERVICES.checks}


def _monitoring_cell(index: int, field: str, body_type: str = "cgo") -> tuple[str, str]:
    place = PLACE[body_type]
    return place.sheet, f"{place.columns[field]}{place.header_row + 1 + index}"


@pytest.mark.parametrize(("name", "monitoring", "where", "code"), [
    ("satisfaction above 5", [{"service": "Услуга", "satisfaction": 5.2}], (0, "satisfaction"), "list.not_number"),
    ("satisfaction negative", [{"service": "Услуга", "satisfaction": -1}], (0, "satisfaction"), "list.not_number"),
    ("satisfaction as a word", [{"service": "Услуга", "satisfaction": "хорошо"}], (0, "satisfaction"), "list.not_number"),
    ("service without a level", [{"service": "Услуга", "satisfaction": None}], (0, "satisfaction"), "list.missing"),
    ("level without a service", [{"service": None, "satisfaction": 4.5}], (0, "service"), "list.missing"),
    ("a service listed twice", [{"service": "Услуга", "satisfaction": 4.5}, {"service": "Услуга", "satisfaction": 4.7}],
     (1, "service"), "list.duplicate"),
])
def test_monitoring_list_problems(blanks, tmp_path, name, monitoring, where, code):
    path = _broken(blanks, tmp_path, monitoring=monitoring) if code != "list.not_number" or not isinstance(
        monitoring[0]["satisfaction"], str) else None
    if path is None:  # `fill` refuses a word for a number, so type it as a clerk would
        path = make(blanks, tmp_path)
        wb = openpyxl.load_workbook(path)
        sheet, coord = _monitoring_cell(*where)
        wb[sheet][coord] = "хорошо"
        wb.save(path)
    assert_refused(path, (*_monitoring_cell(*where), code))


@pytest.mark.parametrize(("key", "value", "code"), [
    ("services.late", -1, "input.negative"),
    ("services.rendered_total", 10.5, "input.not_integer"),
    ("services.kinds_total", None, "input.missing"),
    ("services.downtime_hours", -0.5, "input.out_of_range"),
    ("services.justified_complaints", "двадцать", "input.not_number"),
])
def test_scalar_problems(blanks, tmp_path, key, value, code):
    path = make(blanks, tmp_path)
    wb = openpyxl.load_workbook(path)
    sheet, coord = CELLS["cgo"][key]
    wb[sheet][coord] = value
    wb.save(path)
    assert_refused(path, (sheet, coord, code))


def test_downtime_may_be_fractional(blanks, tmp_path):
    data = copy.deepcopy(CGO_REPORT)
    data["services"]["downtime_hours"] = 12.5
    outcome = score_file(make(blanks, tmp_path, data))
    assert outcome.result.directions["services"].to_dict()["indicators"]["K3.P"] == pytest.approx(2.5)  # 0.2 × 12.5


@pytest.mark.parametrize(("count", "word"), [(1, "услуга"), (3, "услуги"), (4, "услуги"), (5, "услуг"), (11, "услуг"),
                                             (12, "услуг"), (21, "услуга"), (22, "услуги"), (111, "услуг")])
def test_services_word_agrees_with_the_number(count, word):
    from toolkit.analysis.services import services_word
    assert services_word(count) == word


def test_no_catalog_symbol_reaches_the_conclusion(blanks, tmp_path):
    """Special cases said in words: no monitoring (rule 1.5), z = 0 and c₂ = 0 (METHODOLOGY §7)."""
    import re

    data = copy.deepcopy(CGO_REPORT)
    data["services"].update({"monitoring": [], "volume_electronic": 0, "volume_total": 0, "automated_paper": 0,
                             "automated_total": 0})
    text = _conclusion(score_file(make(blanks, tmp_path, data)).output)
    symbols = {"monitored", "satisfaction_level", "ck", "dk", "ev", "bv", "c2", "b1", "a2"}
    assert not symbols & set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", text)), text
    assert "доля услуг в электронной форме принята за 1" in text
