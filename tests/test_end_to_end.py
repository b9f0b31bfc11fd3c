"""End to end on real files: template → filled → validated → scored → the three added sheets read back.

Covers CONTRACTS «Commands» (template, fill, validate, score with -o / --in-place / folders / --jobs)
and «Workbooks» (score adds «Баллы», «Заключение», «Журнал» and changes nothing else; the journal
appends), METHODOLOGY §2 (R1–R4 computed by hand below), §2 «Conclusion sheet» (Прил. 12 form) and
§1.3 / п.17–21 / Прил. 1 (0.2 per unreliable fact, 2 per incomplete one, capped at 5, floored at 0).
Also: text a body or an assessor types is stored as text, never as a formula (formula injection).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import CATALOG, COMPLAINTS, complaints_values, write_named
from toolkit.cli import cli
from toolkit.sheets.model import JOURNAL_COLUMNS
from toolkit.workbook import layout

# A body with every criterion below its maximum (METHODOLOGY §2, formulas [reconstructed]):
#   R1 = 40 − 19 / 1900 × 1000 = 30;  R2 = 30 − 1 / 1900 × 10 000 = 24.736842…;
#   R3 = 20 − 10 / 2000 × 100 = 19.5;  R4: s = 20 / (19 + 10 − 4) = 80 % → 8 (Прил. 13)
SYMBOLS = {"m": 2000, "p": 1900, "f": 19, "a": 1, "n": 10, "d": 20, "x": 4}
EXPECTED = {"R1": 30.0, "R2": 30 - 10000 / 1900, "R3": 19.5, "R4": 8.0}
RAW = sum(EXPECTED.values())
FACTS = [("complaints", "unreliable", "В отчете занижено число жалоб на 12"),
         ("complaints", "incomplete", "Не представлена таблица перенаправленных жалоб")]
PENALTY = 0.2 + 2
FIRST_PENALTY_ROW = layout.PENALTIES_HEADER_ROW + 1
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_json(body_type: str = "cgo", name: str = "Министерство юстиции Республики Казахстан", code: str = "МЮ",
              symbols: dict[str, Any] | None = None, facts: list[tuple[str, str, str]] | None = None) -> dict[str, Any]:
    values = complaints_values(**(symbols or SYMBOLS))
    return {"edition": "2023-01", "period": 2022, "body": {"name": name, "type": body_type, "code": code},
            "complaints": {k.split(".", 1)[1]: v for k, v in values.items()},
            "penalties": [{"direction": d, "kind": k, "text": t} for d, k, t in (facts or [])]}


def make_template(folder: Path, body_type: str = "cgo") -> Path:
    path = folder / f"blank-{body_type}.xlsx"
    if not path.exists():
        result = run("template", "--direction", "complaints", "--body-type", body_type, "--period", "2022", "-o", path)
        assert result.exit_code == 0, result.output
    return path


def fill_cli(folder: Path, data: dict[str, Any], name: str = "report.xlsx", blanks: Path | None = None) -> Path:
    template = make_template(blanks or folder, data["body"]["type"])
    source = folder / f"{Path(name).stem}.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = folder / name
    result = run("fill", template, source, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def write_penalties(path: Path, facts: list[tuple[str, str, str]]) -> None:
    """The assessor fills «Акт сверки» by hand: titles and labels from the drop-down lists."""
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.PENALTIES_SHEET]
    for i, (direction, kind, text) in enumerate(facts):
        row = FIRST_PENALTY_ROW + i
        ws[f"B{row}"] = CATALOG.directions[direction].title
        ws[f"C{row}"] = CATALOG.penalty_kinds[kind].label
        ws[f"D{row}"] = text
    wb.save(path)


def fill_named(folder: Path, data: dict[str, Any], name: str = "report.xlsx") -> Path:
    out = folder / name
    shutil.copy(make_template(folder, data["body"]["type"]), out)
    values = {f"complaints.{k}": v for k, v in data["complaints"].items()}
    values.update({"body.name": data["body"]["name"], "body.code": data["body"]["code"]})
    write_named(out, values)
    write_penalties(out, [(p["direction"], p["kind"], p["text"]) for p in data["penalties"]])
    return out


FILLERS = {"fill": fill_cli, "write_named": fill_named}


def rows(ws: Any) -> list[tuple[Any, ...]]:
    return [r for r in ws.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]


def score_json(*args: Any) -> tuple[int, dict[str, Any]]:
    result = run("score", *args, "--json")
    return result.exit_code, json.loads(result.stdout)


# --------------------------------------------------------------------------- the whole path


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
@pytest.mark.parametrize("how", list(FILLERS))
def test_template_to_scored_sheets(tmp_path, how, body_type):
    data = data_json(body_type, facts=FACTS)
    path = FILLERS[how](tmp_path, data)
    assert run("validate", path).exit_code == 0
    before = digest(path)
    code, doc = score_json(path)
    assert code == 0
    assert digest(path) == before, "score without --in-place must not touch the input"
    (entry,) = doc["files"]
    scored = tmp_path / "report.scored.xlsx"
    assert entry["output"] == str(scored) and scored.is_file()
    complaints = entry["directions"]["complaints"]
    assert complaints["criteria"] == pytest.approx(EXPECTED)
    assert complaints["raw"] == pytest.approx(RAW)
    assert complaints["penalty"] == pytest.approx(PENALTY)
    assert complaints["score"] == pytest.approx(RAW - PENALTY)
    assert complaints["grade"] == "medium"

    wb = openpyxl.load_workbook(scored)
    for sheet in layout.OUR_OUTPUT_SHEETS:
        assert wb.sheetnames.count(sheet) == 1

    # «Баллы»: one row per criterion, with its maximum, the points and the input cells used
    by_id = {r[0]: r for r in rows(wb[layout.SCORES_SHEET]) if r[0] in EXPECTED}
    assert set(by_id) == set(EXPECTED)
    for cid, points in EXPECTED.items():
        criterion = next(c for c in COMPLAINTS.criteria if c.id == cid)
        assert by_id[cid][1] == criterion.title
        assert by_id[cid][2] == criterion.max_for(body_type)
        assert by_id[cid][3] == pytest.approx(points)
        assert "Прил. 11!D" in by_id[cid][6]

    # «Заключение»: the Прил. 12 form
    conclusion = rows(wb[layout.CONCLUSION_SHEET])
    text = [str(v) for r in conclusion for v in r if v is not None]
    assert text[0].startswith("Приложение 12")
    assert data["body"]["name"] in text
    labelled = {r[1]: r for r in conclusion if isinstance(r[1], str)}
    for c in COMPLAINTS.criteria:  # printed in hundredths that add up to the total (issue 11): 24.7368… → 24.74
        assert labelled[c.title][2] == pytest.approx(EXPECTED[c.id], abs=0.01 + 1e-9)
        assert labelled[c.title][3] == c.max_for(body_type)
    assert round(sum(labelled[c.title][2] for c in COMPLAINTS.criteria), 2) == round(RAW, 2)
    assert labelled["Общая оценка по критериям"][2] == pytest.approx(RAW)
    assert labelled["Вычет штрафных баллов"][2:4] == (pytest.approx(PENALTY), f"вычет до {CATALOG.penalty_cap:g}")
    assert labelled["Итоговая оценка с учетом вычета штрафных баллов"][2] == pytest.approx(RAW - PENALTY)
    conclusions_at = next(i for i, t in enumerate(text) if t.startswith("Выводы и рекомендации"))
    for _, _, fact in FACTS:
        assert any(fact in t for t in text[conclusions_at:]), fact

    # «Журнал»: header and one row naming the exact input file
    journal = rows(wb[layout.JOURNAL_SHEET])
    assert journal[0] == JOURNAL_COLUMNS
    assert len(journal) == 2
    sha = journal[1][JOURNAL_COLUMNS.index("SHA-256 входного файла")]
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    assert sha == before


def _validations(ws: Any) -> list[tuple[Any, ...]]:
    return sorted((str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.allow_blank, dv.error)
                  for dv in ws.data_validations.dataValidation)


def _cell_sig(c: Any) -> tuple[Any, ...]:
    f = c.font
    return (c.value, c.data_type, c.number_format, f.b, f.i, f.sz, f.color.rgb if f.color else None,
            c.fill.fill_type, c.fill.fgColor.rgb, c.border.left.style, c.alignment.horizontal, c.alignment.wrap_text,
            c.protection.locked, c.comment.text if c.comment else None)


def assert_body_sheets_kept(original: Path, scored: Path) -> None:
    a, b = openpyxl.load_workbook(original), openpyxl.load_workbook(scored)
    assert b.sheetnames[: len(a.sheetnames)] == a.sheetnames
    assert {k: v.attr_text for k, v in a.defined_names.items()} == {k: v.attr_text for k, v in b.defined_names.items()}
    for ws in a.worksheets:
        other = b[ws.title]
        assert (ws.sheet_state, ws.protection.sheet) == (other.sheet_state, other.protection.sheet), ws.title
        assert ws.max_row == other.max_row and ws.max_column == other.max_column, ws.title
        assert sorted(map(str, ws.merged_cells.ranges)) == sorted(map(str, other.merged_cells.ranges)), ws.title
        assert dict(ws.tables.items()) == dict(other.tables.items()), ws.title
        assert _validations(ws) == _validations(other), ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert _cell_sig(cell) == _cell_sig(other[cell.coordinate]), f"{ws.title}!{cell.coordinate}"


@pytest.mark.parametrize("how", list(FILLERS))
def test_score_changes_nothing_the_body_filled(tmp_path, how):
    path = FILLERS[how](tmp_path, data_json(facts=FACTS))
    assert run("score", path).exit_code == 0
    assert_body_sheets_kept(path, tmp_path / "report.scored.xlsx")


def test_scoring_again_in_place_appends_to_the_journal(tmp_path):
    path = fill_cli(tmp_path, data_json(facts=FACTS))
    assert run("score", path).exit_code == 0
    scored = tmp_path / "report.scored.xlsx"
    first = scored.read_bytes()
    first_journal = rows(openpyxl.load_workbook(scored)[layout.JOURNAL_SHEET])

    assert run("score", scored, "--in-place").exit_code == 0
    backup = tmp_path / "report.scored.xlsx.bak"
    assert backup.read_bytes() == first
    assert not (tmp_path / "report.scored.scored.xlsx").exists()
    wb = openpyxl.load_workbook(scored)
    for sheet in layout.OUR_OUTPUT_SHEETS:
        assert wb.sheetnames.count(sheet) == 1
    journal = rows(wb[layout.JOURNAL_SHEET])
    assert journal[0] == JOURNAL_COLUMNS
    assert len(journal) == 3
    assert journal[1] == first_journal[1], "scoring again appends, never rewrites"
    sha = JOURNAL_COLUMNS.index("SHA-256 входного файла")
    assert journal[2][sha] == hashlib.sha256(first).hexdigest()
    assert journal[1][0] == 1 and journal[2][0] == 2
    assert_body_sheets_kept(path, scored)


def test_invalid_workbook_is_not_scored_and_nothing_is_written(tmp_path):
    path = fill_cli(tmp_path, data_json(symbols={**SYMBOLS, "f": 5000}))
    before = sorted(p.name for p in tmp_path.iterdir())
    digest_before = digest(path)
    code, doc = score_json(path)
    assert code == 1
    assert doc["files"][0]["output"] is None
    assert [p["code"] for p in doc["files"][0]["problems"]] == ["input.exceeds"]
    plain = run("score", path)
    assert plain.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (tmp_path / "report.scored.xlsx").exists()
    assert digest(path) == digest_before
    assert run("score", path, "-o", tmp_path / "out.xlsx").exit_code == 1
    assert not (tmp_path / "out.xlsx").exists()


def test_output_option_writes_there(tmp_path):
    path = fill_cli(tmp_path, data_json())
    out_dir = tmp_path / "results"
    out_dir.mkdir()
    out = out_dir / "МЮ-2022.xlsx"
    code, doc = score_json(path, "-o", out)
    assert code == 0
    assert doc["files"][0]["output"] == str(out)
    assert out.is_file()
    assert not (tmp_path / "report.scored.xlsx").exists()
    assert layout.CONCLUSION_SHEET in openpyxl.load_workbook(out).sheetnames


def test_output_option_naming_an_existing_folder_for_one_file(tmp_path):
    path = fill_cli(tmp_path, data_json())
    out_dir = tmp_path / "results"
    out_dir.mkdir()
    result = CliRunner().invoke(cli, ["score", str(path), "-o", str(out_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2)
    if result.exit_code == 0:
        assert (out_dir / "report.scored.xlsx").is_file()
    assert not (tmp_path / "results.lock").exists()


def _three_bodies(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    bodies = [data_json("cgo", "Министерство юстиции Республики Казахстан", "МЮ"),
              data_json("cgo", "Министерство обороны Республики Казахстан", "МО",
                        {"m": 500, "p": 480, "f": 40, "a": 2, "n": 30, "d": 10, "x": 0}, FACTS),
              data_json("mio", "Акимат Павлодарской области", "ПАВО",
                        {"m": 34900, "p": 34800, "f": 20, "a": 1, "n": 5, "d": 20, "x": 1})]
    blanks = folder.parent / f"{folder.name}-blanks"  # not inside: a blank template would fail validation
    blanks.mkdir(exist_ok=True)
    return [fill_cli(folder, data, f"body-{i}.xlsx", blanks) for i, data in enumerate(bodies)]


def _normalised(doc: dict[str, Any], folder: Path) -> list[dict[str, Any]]:
    out = []
    for entry in doc["files"]:
        entry = dict(entry)
        entry["path"] = str(Path(entry["path"]).relative_to(folder))
        entry["output"] = str(Path(entry["output"]).relative_to(folder))
        out.append(entry)
    return sorted(out, key=lambda e: e["path"])


def test_folder_argument_scores_every_workbook_inside(tmp_path):
    folder = tmp_path / "reports"
    files = _three_bodies(folder)
    (folder / "notes.txt").write_text("не книга", encoding="utf-8")
    code, doc = score_json(folder)
    assert code == 0
    assert sorted(Path(f["path"]).name for f in doc["files"]) == sorted(p.name for p in files)
    for f in files:
        assert f.with_name(f.stem + ".scored.xlsx").is_file()
    code, again = score_json(folder)  # the scored copies themselves are not scored again
    assert code == 0 and len(again["files"]) == 3


def test_jobs_two_gives_the_same_results_as_jobs_one(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    _three_bodies(one)
    _three_bodies(two)
    code1, doc1 = score_json(one, "--jobs", "1")
    code2, doc2 = score_json(two, "--jobs", "2")
    assert (code1, code2) == (0, 0)
    assert _normalised(doc1, one) == _normalised(doc2, two)
    assert len(doc2["files"]) == 3
    for name in ("body-0", "body-1", "body-2"):
        a = rows(openpyxl.load_workbook(one / f"{name}.scored.xlsx")[layout.CONCLUSION_SHEET])
        b = rows(openpyxl.load_workbook(two / f"{name}.scored.xlsx")[layout.CONCLUSION_SHEET])
        assert a == b


# --------------------------------------------------------------------------- «Акт сверки» (п.17–21, Прил. 1)

U, I = ("complaints", "unreliable"), ("complaints", "incomplete")


@pytest.mark.parametrize("kinds,deduction", [
    ([], 0),
    ([U], 0.2),
    ([I], 2),
    ([U, U, U], 0.6),
    ([I, U], 2.2),
    ([I, I, U, U, U, U, U], 5),
    ([I, I, I], 5),            # 6 → capped at 5
    ([U] * 26, 5),             # 5.2 → capped at 5
    ([("openness", "incomplete"), ("services", "unreliable")], 0),  # other directions' facts
], ids=["none", "1u", "1i", "3u", "1i1u", "2i5u", "3i-cap", "26u-cap", "other-directions"])
def test_penalty_rows_reduce_the_score(tmp_path, kinds, deduction):
    path = fill_cli(tmp_path, data_json())
    facts = [(d, k, f"Факт {i + 1}") for i, (d, k) in enumerate(kinds)]
    write_penalties(path, facts)
    code, doc = score_json(path)
    assert code == 0
    complaints = doc["files"][0]["directions"]["complaints"]
    assert complaints["raw"] == pytest.approx(RAW)
    assert complaints["penalty"] == pytest.approx(deduction)
    assert complaints["score"] == pytest.approx(RAW - deduction)
    conclusion = rows(openpyxl.load_workbook(tmp_path / "report.scored.xlsx")[layout.CONCLUSION_SHEET])
    labelled = {r[1]: r for r in conclusion if isinstance(r[1], str)}
    assert labelled["Вычет штрафных баллов"][2] == pytest.approx(deduction)
    text = "\n".join(str(r[0]) for r in conclusion)
    for direction, _, fact in facts:
        assert (f": {fact} (" in text) is (direction == "complaints")


def test_penalty_never_takes_the_score_below_zero(tmp_path):
    worst = {"m": 100, "p": 100, "f": 100, "a": 100, "n": 100, "d": 0, "x": 0}  # every criterion at 0
    path = fill_cli(tmp_path, data_json(symbols=worst, facts=[(*I, "Не представлен раздел")]))
    code, doc = score_json(path)
    assert code == 0
    complaints = doc["files"][0]["directions"]["complaints"]
    assert (complaints["raw"], complaints["penalty"], complaints["score"]) == (0, 2, 0)
    assert complaints["grade"] == "inefficient"


# --------------------------------------------------------------------------- formula injection


def sheet_xml(path: Path, title: str) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get(f"{REL}id") for s in book.iter(f"{MAIN}sheet") if s.get("name") == title)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        return ET.fromstring(archive.read(part))


def cell_xml(root: ET.Element, ref: str) -> ET.Element:
    return next(c for c in root.iter(f"{MAIN}c") if c.get("r") == ref)


PAYLOADS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=["eq-hyperlink", "plus-dde", "at-sum", "minus"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path, payload):
    path = fill_cli(tmp_path, data_json(name=payload, facts=[("complaints", "unreliable", payload)]))
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names["body.name"].destinations))
    name_ref = (sheet, coord.replace("$", ""))
    penalty_ref = f"D{FIRST_PENALTY_ROW}"
    for sheet, ref in ((name_ref[0], name_ref[1]), (layout.PENALTIES_SHEET, penalty_ref)):
        cell = wb[sheet][ref]
        assert (cell.value, cell.data_type) == (payload, "s"), f"{sheet}!{ref}"
        assert cell_xml(sheet_xml(path, sheet), ref).find(f"{MAIN}f") is None

    assert run("validate", path).exit_code == 0
    assert run("score", path).exit_code == 0
    scored = tmp_path / "report.scored.xlsx"
    wb = openpyxl.load_workbook(scored)
    assert (wb[name_ref[0]][name_ref[1]].value, wb[name_ref[0]][name_ref[1]].data_type) == (payload, "s")
    conclusion = wb[layout.CONCLUSION_SHEET]
    named = [c for row in conclusion.iter_rows() for c in row if c.value == payload]
    assert named, "the body's name is on the conclusion"
    assert all(c.data_type == "s" for c in named)
    assert any(isinstance(c.value, str) and payload in c.value and c.value != payload
               for row in conclusion.iter_rows() for c in row), "the fact's text is listed"
    for title in (layout.CONCLUSION_SHEET, layout.JOURNAL_SHEET, layout.INSTRUCTIONS_SHEET, layout.PENALTIES_SHEET):
        root = sheet_xml(scored, title)
        formulas = [c.get("r") for c in root.iter(f"{MAIN}c") if c.find(f"{MAIN}f") is not None]
        if title in (layout.CONCLUSION_SHEET, layout.JOURNAL_SHEET):
            assert formulas == [], title
        else:
            assert name_ref[1] not in formulas and penalty_ref not in formulas, title
