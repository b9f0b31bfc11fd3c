"""Nothing lost, nothing forged (issue 10): results, originals and the body's own sheets survive every
way of scoring, and the audit record is whole whatever the inputs.

Covers CONTRACTS «Commands» (`score` with -o / --in-place / folders; exit 2 for what cannot be written
safely) and «Workbooks» («Журнал»: scoring again appends, never rewrites; every sheet the body's
workbook had is still there), and the decisions in docs/developers.md «Records, outputs and backups».
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import complaints_values, write_named
from tests.packages import assert_only_ours_and_recorded_edits, our_parts, parts, record_of
from tests.recalc import convert_with_libreoffice, needs_libreoffice
from toolkit.cli import cli
from toolkit.problems import problem
from toolkit.run import score_file
from toolkit.sheets.model import JOURNAL_COLUMNS
from toolkit.integrity.verify import verify_file
from toolkit.workbook import layout
from toolkit.workbook.record import RECORD_PART, RECORD_TYPE

BODIES = {"МЮ": "Министерство юстиции Республики Казахстан", "НБ": "Национальный Банк Республики Казахстан"}


def invoke(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def score_json(*args: Any) -> tuple[int, dict[str, Any]]:
    result = invoke("score", *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def body(tmp_path, blank_templates):
    """body(path, code="МЮ", f=3, …) → a filled complaints report of that body at `path`."""

    def make(path: Path, code: str = "МЮ", **symbols: Any) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(blank_templates["cgo"], path)
        write_named(path, {**complaints_values(**symbols), "body.code": code, "body.name": BODIES[code]})
        return path

    return make


def journal_rows(path: Path, sheet: str = layout.JOURNAL_SHEET) -> list[tuple[Any, ...]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]


def input_hashes(path: Path) -> list[str]:
    return [r[JOURNAL_COLUMNS.index("SHA-256 входного файла")] for r in journal_rows(path)]


# --------------------------------------------------------------------------- 1. no result silently overwritten


def test_a_folder_under_out_keeps_its_subfolders(tmp_path, body):
    """DIR/a/отчет.xlsx and DIR/b/отчет.xlsx went to one OUT/отчет.scored.xlsx, the first result lost."""
    reports, out = tmp_path / "DIR", tmp_path / "OUT"
    body(reports / "a" / "отчет.xlsx", "МЮ")
    body(reports / "b" / "отчет.xlsx", "НБ")
    code, doc = score_json(reports, "-o", out)
    assert code == 0
    outputs = {f["body"]["code"]: f["output"] for f in doc["files"]}
    assert outputs == {"МЮ": str(out / "a" / "отчет.scored.xlsx"), "НБ": str(out / "b" / "отчет.scored.xlsx")}
    for code_, output in outputs.items():
        assert record_of(Path(output))["runs"][-1]["result"]["body"]["code"] == code_


def test_two_inputs_mapping_to_one_output_are_refused_before_anything_is_written(tmp_path, body):
    a = body(tmp_path / "a" / "отчет.xlsx", "МЮ")
    b = body(tmp_path / "b" / "отчет.xlsx", "НБ")
    before = listing(tmp_path)
    out = tmp_path / "OUT"
    code, doc = score_json(a, b, "-o", out)
    assert code == 2
    assert [[p["code"] for p in f["problems"]] for f in doc["files"]] == [["file.output_clash"]] * 2
    expected = problem("file.output_clash", first=a, second=b, output=out / "отчет.scored.xlsx").message
    assert doc["files"][0]["problems"][0]["message"] == expected
    assert all(f["output"] is None for f in doc["files"])
    assert listing(tmp_path) == before
    # a report and its own scored copy would both be written to the copy
    scored = tmp_path / "a" / "отчет.scored.xlsx"
    assert invoke("score", a).exit_code == 0
    again = sha(scored)
    assert invoke("score", a, scored).exit_code == 2
    assert sha(scored) == again


def test_rescoring_carries_the_history_forward(tmp_path, body):
    """`score X` three times, the body correcting X in between: three rows, each with its input hash."""
    path = body(tmp_path / "X.xlsx", f=3)
    hashes = []
    for f in (3, 4, 5):
        write_named(path, complaints_values(f=f))
        hashes.append(sha(path))
        assert invoke("score", path).exit_code == 0
    scored = tmp_path / "X.scored.xlsx"
    assert input_hashes(scored) == hashes
    assert [r[0] for r in journal_rows(scored)] == [1, 2, 3]
    runs = record_of(scored)["runs"]
    assert [r["source_sha256"] for r in runs] == hashes
    assert [r["chained"] for r in runs] == [False, False, False]
    result = verify_file(scored)
    assert (result.intact, result.scorings, result.history) == (True, 1, 2)
    assert_only_ours_and_recorded_edits(path, scored)


@pytest.mark.parametrize("case", ["another-workbook", "not-a-workbook", "damaged-record", "a-folder", "another-body"])
def test_an_output_that_is_not_our_copy_is_never_replaced(tmp_path, body, blank_templates, case):
    """Nor is another body's scored copy: its history would become this report's."""
    path = body(tmp_path / "X.xlsx")
    scored = tmp_path / "X.scored.xlsx"
    if case == "another-body":
        assert invoke("score", body(tmp_path / "other" / "X.xlsx", "НБ"), "-o", scored).exit_code == 0
    elif case == "another-workbook":
        shutil.copy(blank_templates["mio"], scored)
    elif case == "not-a-workbook":
        scored.write_text("важные заметки", encoding="utf-8")
    elif case == "a-folder":
        scored.mkdir()
    else:
        assert invoke("score", path).exit_code == 0
        _rewrite(scored, {RECORD_PART: b"{not json"})
    before = listing(tmp_path)
    kept = None if scored.is_dir() else sha(scored)
    code, doc = score_json(path)
    assert code == 2
    assert [p["code"] for p in doc["files"][0]["problems"]] == ["file.output_exists"]
    assert doc["files"][0]["output"] is None
    assert listing(tmp_path) == before
    assert (None if scored.is_dir() else sha(scored)) == kept


def test_scoring_a_scored_copy_rescores_it_in_place(tmp_path, body):
    path = body(tmp_path / "X.xlsx")
    assert invoke("score", path).exit_code == 0
    scored = tmp_path / "X.scored.xlsx"
    first = scored.read_bytes()
    code, doc = score_json(scored)
    assert code == 0 and doc["files"][0]["output"] == str(scored)
    assert not (tmp_path / "X.scored.scored.xlsx").exists()
    assert (tmp_path / "X.scored.xlsx.bak").read_bytes() == first
    assert input_hashes(scored) == [sha(path), hashlib.sha256(first).hexdigest()]
    result = verify_file(scored)
    assert (result.intact, result.scorings, result.history) == (True, 2, 0)


def test_in_place_originals_survive_any_number_of_runs(tmp_path, body):
    path = body(tmp_path / "X.xlsx")
    original = path.read_bytes()
    states = []
    for _ in range(3):
        states.append(path.read_bytes())
        assert invoke("score", path, "--in-place").exit_code == 0
    backups = [tmp_path / "X.xlsx.bak", tmp_path / "X.xlsx.2.bak", tmp_path / "X.xlsx.3.bak"]
    assert [b.read_bytes() for b in backups] == states
    assert backups[0].read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["X.xlsx", *(b.name for b in backups)])
    result = verify_file(path)
    assert (result.intact, result.scorings) == (True, 3)


# --------------------------------------------------------------------------- 2. the body's own sheets


def _body_with_our_names(path: Path, journal_i: str) -> Path:
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Баллы")["A1"] = "Баллы, которые орган считает сам"
    ws = wb.create_sheet("Журнал")
    ws["A1"], ws["I1"], ws["I2"] = "Журнал входящих", "Примечание", journal_i
    wb.save(path)
    return path


@pytest.mark.parametrize("journal_i", ["текст органа в столбце I", "[" * 16_000 + "]" * 16_000,
                                       json.dumps({"package": {"version": 1, "parts": {}}})],
                         ids=["text", "nested-json", "old-record"])
def test_the_bodys_sheets_named_like_ours_are_kept(tmp_path, body, journal_i):
    path = _body_with_our_names(body(tmp_path / "X.xlsx"), journal_i)
    theirs = {name: parts(path)[part] for name, part in _sheet_parts(path).items() if name in ("Баллы", "Журнал")}
    code, doc = score_json(path)
    assert code == 0, doc
    scored = tmp_path / "X.scored.xlsx"
    names = openpyxl.load_workbook(scored).sheetnames
    assert names[-5:] == ["Баллы", "Журнал", "Баллы (оценка)", "Заключение", "Журнал (оценка)"]
    assert our_parts(scored) == {k: v for k, v in _sheet_parts(scored).items()
                                 if k in ("Баллы (оценка)", "Заключение", "Журнал (оценка)")}
    for name, data in theirs.items():
        assert parts(scored)[_sheet_parts(scored)[name]] == data, name
    assert_only_ours_and_recorded_edits(path, scored)
    assert verify_file(scored).intact
    assert invoke("verify", scored).exit_code == 0
    # scoring again finds ours by the record, not by name: the body's sheets stay the body's
    assert invoke("score", scored).exit_code == 0
    assert openpyxl.load_workbook(scored).sheetnames == names
    for name, data in theirs.items():
        assert parts(scored)[_sheet_parts(scored)[name]] == data, name
    assert len(journal_rows(scored, "Журнал (оценка)")) == 2
    assert (verify_file(scored).intact, verify_file(scored).scorings) == (True, 2)


def _sheet_parts(path: Path) -> dict[str, str]:
    from toolkit.workbook.opc import Package
    from toolkit.workbook.xlsx import Xlsx

    with Package(path) as package:
        return {s.name: s.part for s in Xlsx(package).sheets}


def _renamed_part(path: Path, old: str, new: str) -> Path:
    """The same workbook with one sheet part under another name (Excel keeps part names as they come)."""
    got = parts(path)
    changes: dict[str, bytes | None] = {old: None, f"xl/worksheets/_rels/{old.rsplit('/', 1)[1]}.rels": None}
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        changes[name] = got[name].replace(old.removeprefix("xl/").encode(), new.removeprefix("xl/").encode())
    _rewrite(path, changes)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(new, got[old])
        rels = f"xl/worksheets/_rels/{old.rsplit('/', 1)[1]}.rels"
        if rels in got:
            z.writestr(f"xl/worksheets/_rels/{new.rsplit('/', 1)[1]}.rels", got[rels])
    return path


@needs_libreoffice
def test_a_copy_resaved_by_libreoffice_never_has_a_body_sheet_taken_for_ours(tmp_path, body):
    """LibreOffice keeps our record but renumbers sheet parts: our «Баллы» in sheet2.xml (the first free
    number) becomes «Прил. 11» there. Ours is what the record names by part and sheet name together."""
    path = _renamed_part(body(tmp_path / "X.xlsx"), "xl/worksheets/sheet2.xml", "xl/worksheets/sheet12.xml")
    assert invoke("score", path).exit_code == 0
    assert our_parts(tmp_path / "X.scored.xlsx")["Баллы"] == "xl/worksheets/sheet2.xml"
    resaved = convert_with_libreoffice([tmp_path / "X.scored.xlsx"], tmp_path / "lo", "xlsx")[0]
    assert RECORD_PART in parts(resaved)
    assert _sheet_parts(resaved)["Прил. 11"] == "xl/worksheets/sheet2.xml"
    theirs = {name: parts(resaved)[part] for name, part in _sheet_parts(resaved).items()}
    assert verify_file(resaved).exit_code == 1  # every part rewritten: the copy is not what was scored
    assert invoke("score", resaved).exit_code == 0  # a scored copy: scored in place
    after = {name: parts(resaved)[part] for name, part in _sheet_parts(resaved).items()}
    assert {n: after[n] for n in theirs if n not in ("Баллы", "Заключение", "Журнал")} == \
        {n: d for n, d in theirs.items() if n not in ("Баллы", "Заключение", "Журнал")}
    assert len(record_of(resaved)["runs"]) == 2


def test_a_copy_scored_by_the_previous_version_is_refused_clearly(tmp_path, body):
    """Copies of the previous version recorded everything in «Журнал» column I; re-scoring one is refused
    with a message, not guessed at (no such copies were ever issued outside development)."""
    path = body(tmp_path / "X.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Журнал")
    for col, title in enumerate(("№", "Время (UTC)", "Пользователь", "Версия xlscore", "Редакция методики",
                                 "SHA-256 входного файла", "Результат", "Балл по блоку", "Результат (JSON)"), 1):
        ws.cell(1, col, title)
    ws["I2"] = json.dumps({"package": {"version": 1}})
    wb.save(path)
    code, doc = score_json(path, "-o", tmp_path / "out.xlsx")
    assert code == 2
    assert [p["code"] for p in doc["files"][0]["problems"]] == ["record.legacy"]
    assert not (tmp_path / "out.xlsx").exists()
    got = verify_file(path)
    assert [p.code for p in got.problems] == ["record.legacy"] and got.exit_code == 2


# --------------------------------------------------------------------------- 3. the record is never cut


def _long_act(path: Path, facts: int = 25, length: int = 1200) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.PENALTIES_SHEET]
    for i in range(facts):
        row = layout.PENALTIES_HEADER_ROW + 1 + i
        ws[f"B{row}"], ws[f"C{row}"] = "complaints", "unreliable"
        ws[f"D{row}"] = f"Факт {i + 1}: " + "расхождение данных отчета с данными системы " * (length // 44)
    wb.save(path)
    return path


def test_a_long_act_gives_a_whole_record_that_verifies(tmp_path, body):
    path = _long_act(body(tmp_path / "X.xlsx"), facts=layout.PENALTIES_ROWS, length=2100)
    assert invoke("validate", path).exit_code == 0
    assert invoke("score", path).exit_code == 0
    scored = tmp_path / "X.scored.xlsx"
    text = parts(scored)[RECORD_PART].decode("utf-8")
    assert len(text) > 60_000
    facts = record_of(scored)["runs"][0]["result"]["directions"]["complaints"]["penalties"]
    assert len(facts) == layout.PENALTIES_ROWS and all(len(f["text"]) > 2000 for f in facts)
    assert verify_file(scored).intact
    assert invoke("verify", scored).exit_code == 0
    assert invoke("score", scored).exit_code == 0 and verify_file(scored).scorings == 2
    reference = journal_rows(scored)[0][JOURNAL_COLUMNS.index("Запись xlscore")]
    assert len(reference) < 200 and RECORD_PART in reference


def test_the_record_is_a_part_of_its_own(tmp_path, body):
    path = body(tmp_path / "X.xlsx")
    assert invoke("score", path).exit_code == 0
    got = parts(tmp_path / "X.scored.xlsx")
    assert f'Target="{RECORD_PART}"' in got["_rels/.rels"].decode() and RECORD_TYPE in got["_rels/.rels"].decode()
    assert f'<Override PartName="/{RECORD_PART}" ContentType="application/json"/>' in got["[Content_Types].xml"].decode()
    assert json.loads(got[RECORD_PART])["runs"][0]["package"]["ours"]


def _rewrite(path: Path, changes: dict[str, bytes | None]) -> Path:
    """Rewrite parts of a package (None deletes one)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = changes.get(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
    tmp.replace(path)
    return path


def _tampered(doc: dict[str, Any], case: str) -> bytes | None:
    run = doc["runs"][-1]
    if case == "deleted":
        return None
    if case == "not-json":
        return b'{"runs": [' + b"x" * 100
    if case == "nested":
        return b"[" * 200_000 + b"]" * 200_000
    if case == "nested-inside":
        return json.dumps({**doc, "runs": [{**run, "result": {}}]}).encode()[:-1].replace(
            b'"result": {}', b'"result": ' + b"[" * 100_000 + b"]" * 100_000) + b"}"
    if case == "deep-result":
        run["result"]["notes"] = json.loads("[" * 500 + "]" * 500)
    elif case == "wrong-types":
        run["package"]["edits"] = {"xl/workbook.xml": [["a", None, 3]]}
    elif case == "bad-position":
        run["package"]["edits"] = {"xl/workbook.xml": [[10**12, 10**12, "x"]]}
    elif case == "runs-not-a-list":
        doc["runs"] = {"0": run}
    elif case == "result-edited":
        run["result"]["directions"]["complaints"]["score"] = 100.0
    elif case == "hash-edited":
        name = next(iter(run["package"]["parts"]))
        run["package"]["parts"][name] = "0" * 64
    elif case == "not-utf8":
        return json.dumps(doc).encode("utf-16")
    return json.dumps(doc, ensure_ascii=False).encode()


TAMPERED = {"deep-result": 2, "deleted": 2, "not-json": 2, "nested": 2, "nested-inside": 2, "wrong-types": 2, "bad-position": 1,
            "runs-not-a-list": 2, "hash-edited": 1, "result-edited": 1, "not-utf8": 2}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_record_is_exit_1_or_2_never_3(tmp_path, body, case):
    path = body(tmp_path / "X.xlsx")
    assert invoke("score", path).exit_code == 0
    scored = _rewrite(tmp_path / "X.scored.xlsx", {RECORD_PART: _tampered(record_of(tmp_path / "X.scored.xlsx"), case)})
    result = verify_file(scored)
    assert result.exit_code == TAMPERED[case] and not result.intact
    expected = {1: {"verify.changed", "verify.missing", "verify.added", "verify.record_changed"},
                2: {"record.damaged"}}[TAMPERED[case]]
    assert {p.code for p in result.problems} <= expected, result.problems
    if case == "result-edited":  # a score changed in the record no longer matches the run «Журнал» names
        assert [(p.code, p.where.cell) for p in result.problems] == [("verify.record_changed", "I2")]
    assert all(re.search("[а-я]", p.message) and not re.search(r"[A-Za-z]{3,} [a-z]{3,}", p.message)
               for p in result.problems), [p.message for p in result.problems]  # Russian, no Python's words
    got = invoke("verify", scored, "--json")
    assert got.exit_code == TAMPERED[case]
    assert json.loads(got.stdout)["files"][0]["intact"] is False
    assert invoke("verify", scored).exit_code == TAMPERED[case]
    # scoring a copy whose record is damaged (or rewriting over it) is refused, never a crash
    before = sha(scored)
    rescored = invoke("score", scored)
    assert rescored.exit_code in (0, 2)
    if TAMPERED[case] == 2:
        assert rescored.exit_code == 2 and sha(scored) == before
    again = invoke("score", path)
    assert again.exit_code in (0, 2)


def test_a_record_whose_relationship_points_nowhere(tmp_path, body):
    path = body(tmp_path / "X.xlsx")
    assert invoke("score", path).exit_code == 0
    scored = tmp_path / "X.scored.xlsx"
    rels = parts(scored)["_rels/.rels"].replace(f'Target="{RECORD_PART}"'.encode(), b'Target="../../etc/passwd"')
    _rewrite(scored, {"_rels/.rels": rels})
    result = verify_file(scored)
    assert [p.code for p in result.problems] == ["record.damaged"] and result.exit_code == 2


# --------------------------------------------------------------------------- 7. file modes


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)

    def set_(mask: int) -> None:
        os.umask(mask)

    yield set_
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_outputs_follow_the_umask(tmp_path, body, umask, mask, expected):
    path = body(tmp_path / "X.xlsx")
    umask(mask)
    assert invoke("score", path).exit_code == 0
    assert mode(tmp_path / "X.scored.xlsx") == expected
    (tmp_path / "out").mkdir()  # a file output's folder must exist (file.no_folder, issue 11)
    assert invoke("score", path, "-o", tmp_path / "out" / "Y.xlsx").exit_code == 0
    assert mode(tmp_path / "out" / "Y.xlsx") == expected
    template = tmp_path / "blank.xlsx"
    assert invoke("template", "--direction", "complaints", "--body-type", "cgo", "-o", template).exit_code == 0
    assert mode(template) == expected


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_in_place_keeps_the_originals_mode_and_so_do_backups(tmp_path, body, umask):
    path = body(tmp_path / "X.xlsx")
    path.chmod(0o664)
    umask(0o077)
    for _ in range(2):
        assert invoke("score", path, "--in-place").exit_code == 0
        assert mode(path) == 0o664
    assert mode(tmp_path / "X.xlsx.bak") == 0o664 and mode(tmp_path / "X.xlsx.2.bak") == 0o664
    copy = tmp_path / "X.scored.xlsx"
    assert invoke("score", path, "-o", copy).exit_code == 0
    copy.chmod(0o640)
    assert invoke("score", path, "-o", copy).exit_code == 0
    assert mode(copy) == 0o640  # a copy replaced with its history carried keeps the mode it was given
    assert not [p for p in tmp_path.iterdir() if re.search(r"\.tmp$|\.lock$", p.name)]
