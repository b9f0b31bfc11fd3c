"""Appeals (п.109–115, Прил. 14): an accepted row changes exactly the disputed indicator and what depends
on it (criterion, direction, the rating's positions), a rejected one changes nothing, «Журнал» and our
record keep the first result beside the new one, and `verify` still proves the body's parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import write_named
from toolkit.cli import cli
from toolkit.problems import CellRef, problem
from toolkit.run import score_file
from toolkit.integrity.verify import verify_file
from toolkit.workbook import layout
from toolkit.workbook.opc import Package
from toolkit.workbook.record import read_record
from toolkit.year.rank import rank_paths

TITLE = "Качество рассмотрения жалоб и заявлений"


def _appeal(path: Path, *rows: tuple[Any, ...]) -> None:
    """Rows typed into «Обжалование» as the commission would: direction, item, conclusion, objection, decision, value."""
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.APPEALS_SHEET]
    for i, row in enumerate(rows):
        for col, value in zip("BCDEFG", row):
            ws[f"{col}{layout.APPEALS_HEADER_ROW + 1 + i}"] = value
    wb.save(path)


def _body(path: Path, code: str) -> None:
    write_named(path, {"body.code": code, "body.name": f"Орган {code}"})


def _summary_column(journal: Any) -> int:
    """«Журнал»'s summary column, found by its header (the columns have moved before)."""
    return next(c.column for c in journal[1] if c.value == "Результат")


def _result(path: Path) -> dict[str, Any]:
    with Package(path) as package:
        return read_record(package).runs[-1].result


def test_accepted_changes_exactly_the_dependent_numbers(filled_template: Any, tmp_path: Path) -> None:
    report = filled_template(f=30)
    _body(report, "МЮ")
    first = score_file(report, tmp_path / "out.scored.xlsx").result.directions["complaints"]
    r1 = next(c for c in first.criteria if c.id == "R1")
    assert r1.points < r1.max  # room for the commission to raise it
    new = r1.max  # the commission sets R1 to its maximum
    _appeal(report, (TITLE, "R1", "нарушены сроки", "сроки продлены по закону", "принято", new))
    scored = score_file(report, tmp_path / "out.scored.xlsx")
    after = scored.result.directions["complaints"]
    before_doc, after_doc = first.to_dict(), after.to_dict()
    # the indicator and its criterion take the new value; the direction moves by exactly the difference
    assert after_doc["indicators"]["R1"] == after_doc["criteria"]["R1"] == new
    assert after.score == pytest.approx(first.score + (new - r1.points), abs=1e-9)
    # nothing else changed
    assert {k: v for k, v in after_doc["criteria"].items() if k != "R1"} == \
           {k: v for k, v in before_doc["criteria"].items() if k != "R1"}
    assert after_doc["penalty"] == before_doc["penalty"]
    assert after_doc["appeal"] == {"score_before": first.score, "accepted": ["R1"], "rejected": []}
    # «Журнал» has both runs: the first result, then the one with the appeal; the record keeps both whole
    with Package(tmp_path / "out.scored.xlsx") as package:
        runs = read_record(package).runs
    assert [r.result["directions"]["complaints"]["score"] for r in runs] == [first.score, after.score]
    journal = openpyxl.load_workbook(tmp_path / "out.scored.xlsx")["Журнал"]
    assert journal.max_row == 3 and "балл до обжалования" in journal.cell(3, _summary_column(journal)).value
    # the conclusion says «Общий балл с учетом итогов обжалования» and the first score beside it
    texts = [c.value for row in openpyxl.load_workbook(tmp_path / "out.scored.xlsx")["Заключение"].iter_rows()
             for c in row if isinstance(c.value, str)]
    assert any(t.startswith("Общий балл с учетом итогов обжалования составил") for t in texts)
    assert verify_file(tmp_path / "out.scored.xlsx").exit_code == 0


def test_rejected_changes_nothing(filled_template: Any, tmp_path: Path) -> None:
    report = filled_template(f=30)
    first = score_file(report, tmp_path / "a.scored.xlsx").result.to_dict()
    _appeal(report, (TITLE, "R1", "", "не согласны", "не принято", 99))  # a value beside a rejection is ignored
    again = score_file(report, tmp_path / "b.scored.xlsx").result
    assert again.to_dict() == first
    assert again.directions["complaints"].appeal.rejected == ("R1",)
    journal = openpyxl.load_workbook(tmp_path / "b.scored.xlsx")["Журнал"]
    assert "не приняты: R1" in journal.cell(2, _summary_column(journal)).value


def test_input_correction_and_rating_position(filled_template: Any, tmp_path: Path) -> None:
    """An accepted input correction (f, late answers) rescores through the rule; in the rating the body
    passes the other one, and only those two positions change."""
    a = filled_template(name="a.xlsx", f=10)
    _body(a, "АДГС")
    b = filled_template(name="b.xlsx", f=40)
    _body(b, "МФ")
    score_file(a, tmp_path / "a.scored.xlsx")
    score_file(b, tmp_path / "b.scored.xlsx")
    before = rank_paths([tmp_path / "a.scored.xlsx", tmp_path / "b.scored.xlsx"]).rating.table("cgo", "complaints")
    assert [r.code for r in before.rows] == ["АДГС", "МФ"]
    _appeal(b, (TITLE, "complaints.considered_late", "", "40 включает продленные", "принято", 3))
    corrected = score_file(b, tmp_path / "b.scored.xlsx").result.directions["complaints"]
    zero = score_file(filled_template(name="z.xlsx", f=3), tmp_path / "z.scored.xlsx").result.directions["complaints"]
    assert corrected.score == zero.score  # exactly what f = 3 in the body's report would have given
    after = rank_paths([tmp_path / "a.scored.xlsx", tmp_path / "b.scored.xlsx"]).rating.table("cgo", "complaints")
    assert [(r.code, r.position) for r in after.rows] == [("МФ", 1), ("АДГС", 2)]
    assert verify_file(tmp_path / "b.scored.xlsx").exit_code == 0


def test_bad_rows_named_by_cell(filled_template: Any, tmp_path: Path) -> None:
    report = filled_template()
    _appeal(report, (TITLE, "R9", "", "x", "принято", 1), (TITLE, "R2", "", "x", "принято", 500),
            (TITLE, "R1", "", "", "может быть", None), (TITLE, "R3", "", "x", "принято", None))
    out = score_file(report, tmp_path / "x.scored.xlsx")
    sheet = layout.APPEALS_SHEET
    assert out.exit_code == 1 and not (tmp_path / "x.scored.xlsx").exists()
    assert [(p.code, p.where) for p in out.problems if p.code.startswith("appeal.")] == [
        ("appeal.item", CellRef(sheet, "C8")), ("appeal.points", CellRef(sheet, "G9")),
        ("appeal.decision", CellRef(sheet, "F10")), ("appeal.objection", CellRef(sheet, "E10")),
        ("appeal.value_missing", CellRef(sheet, "G11"))]
    msg = next(p for p in out.problems if p.code == "appeal.points").message
    assert msg == problem("appeal.points", CellRef(sheet, "G9"), value="500", high="30").message


def test_other_direction_twice_and_below_the_table(filled_template: Any, tmp_path: Path) -> None:
    report = filled_template()
    _appeal(report, ("Открытость государственного органа", "P1.1:kk", "", "x", "принято", 1),
            (TITLE, "R3", "", "x", "принято", 10), (TITLE, "R3", "", "y", "принято", 12))
    wb = openpyxl.load_workbook(report)
    below = layout.APPEALS_HEADER_ROW + layout.APPEALS_ROWS + 1
    wb[layout.APPEALS_SHEET][f"E{below}"] = "возражение под таблицей"
    wb.save(report)
    out = score_file(report, tmp_path / "x.scored.xlsx")
    sheet = layout.APPEALS_SHEET
    assert [(p.code, p.where) for p in out.problems if p.code.startswith("appeal.")] == [
        ("appeal.outside_table", CellRef(sheet, f"E{below}")), ("appeal.direction", CellRef(sheet, "B8")),
        ("appeal.twice", CellRef(sheet, "C10"))]


def test_fill_and_extract_appeals(blank_templates: dict[str, Path], tmp_path: Path) -> None:
    rows = [{"direction": "complaints", "item": "R2", "objection": "сроки продлены", "decision": "accepted",
             "value": 12.5, "note": "протокол № 3"}]
    data = {"complaints": {"received_total": 1000, "considered_total": 950, "considered_late": 3, "court_satisfied": 0,
                           "redirected_late": 1, "disciplined": 4, "liability_impossible": 0}, "appeals": rows}
    (tmp_path / "d.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "f.xlsx"
    result = CliRunner().invoke(cli, ["fill", str(blank_templates["cgo"]), str(tmp_path / "d.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    extracted = json.loads(CliRunner().invoke(cli, ["extract", str(out), "--json"]).stdout)
    assert extracted["appeals"] == [{**rows[0], "conclusion": None}]
    scored = json.loads(CliRunner().invoke(cli, ["score", str(out), "--json"]).stdout)
    assert scored["files"][0]["directions"]["complaints"]["criteria"]["R2"] == 12.5


def test_a_correction_is_held_to_the_cross_checks(filled_template: Any, tmp_path: Path) -> None:
    """The commission's corrected input meets the same cross-checks as the body's figures (GOOD: m = 1000,
    p = 950, f = 3, n = 1, d = 4, x = 0), reported at the correction's cell with the check's severity."""
    sheet = layout.APPEALS_SHEET
    # f corrected to 2: d + x = 4 + 0 = 4 > f + n = 2 + 1 = 3 — the liability check breaks: an error, nothing written
    report = filled_template(name="liability.xlsx")
    _appeal(report, (TITLE, "complaints.considered_late", "", "часть сроков продлена", "принято", 2))
    out = score_file(report, tmp_path / "liability.scored.xlsx")
    assert out.exit_code == 1 and not (tmp_path / "liability.scored.xlsx").exists()
    found = [p for p in out.problems if p.code.startswith("appeal.")]
    assert [(p.code, p.where) for p in found] == [("appeal.exceeds", CellRef(sheet, "G8"))]
    names = openpyxl.load_workbook(report).defined_names
    d, x, n = (next(iter(names[f"complaints.{k}"].destinations))[1].replace("$", "")
               for k in ("disciplined", "liability_impossible", "redirected_late"))
    assert found[0].message == (
        f"{sheet}!G8: с принятым исправлением «Факты привлечения к дисциплинарной ответственности» = 4 ({d}) + "
        f"«Привлечение невозможно по объективным причинам» = 0 ({x}) — всего 4, больше, чем «Рассмотрено с нарушением "
        f"срока» = 2 (исправлено, G8) + «Перенаправлено с нарушением срока» = 1 ({n}) — всего 3. Проверьте исправленное значение.")
    # p corrected to 1 100 > m = 1 000: the check is a warning for the body's own figures, so here too; scored
    report = filled_template(name="considered.xlsx")
    _appeal(report, (TITLE, "complaints.considered_total", "", "учтены повторные", "принято", 1100))
    out = score_file(report, tmp_path / "considered.scored.xlsx")
    assert out.exit_code == 0 and (tmp_path / "considered.scored.xlsx").exists()
    assert [(p.code, p.where) for p in out.problems if p.code.startswith("appeal.")] == \
        [("appeal.exceeds_warning", CellRef(sheet, "G8"))]
    # a rejected correction, or one that keeps every check, is not reported
    report = filled_template(name="fine.xlsx")
    _appeal(report, (TITLE, "complaints.considered_late", "", "x", "не принято", 2000),
            (TITLE, "complaints.redirected_late", "", "x", "принято", 5))
    out = score_file(report, tmp_path / "fine.scored.xlsx")
    assert out.exit_code == 0 and not [p for p in out.problems if p.code.startswith("appeal.")]
    # the boundary: f → 2 and n → 2 give d + x = 4 = f + n = 2 + 2, which the check allows (≤)
    report = filled_template(name="equal.xlsx")
    _appeal(report, (TITLE, "complaints.considered_late", "", "x", "принято", 2),
            (TITLE, "complaints.redirected_late", "", "x", "принято", 2))
    out = score_file(report, tmp_path / "equal.scored.xlsx")
    assert out.exit_code == 0 and not [p for p in out.problems if p.code.startswith("appeal.")]


def test_a_check_the_body_broke_is_not_reported_again_at_the_correction(filled_template: Any, tmp_path: Path) -> None:
    """f = 960 > p = 950 is the body's error at its cell; a correction of n does not repeat it."""
    report = filled_template(f=960)
    _appeal(report, (TITLE, "complaints.redirected_late", "", "x", "принято", 0))
    out = score_file(report, tmp_path / "x.scored.xlsx")
    assert [p.code for p in out.problems if p.is_error] == ["input.exceeds"]
