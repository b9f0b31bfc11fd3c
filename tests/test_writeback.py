"""Nothing the body sent is lost: the scored package holds every submitted part byte for byte.

The package diff between the submitted and the scored file may show only (a) our three sheet parts,
added, and (b) the shared parts ([Content_Types].xml, the workbook's relationships, workbook.xml,
styles.xml) with edits that the journal records and that undo exactly to the original bytes.
Checked on our samples, on samples re-saved by LibreOffice (which rewrites every part its own way),
on a macro workbook and on a package with parts no Python library knows.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.packages import assert_only_ours_and_recorded_edits, journal_package, our_parts, parts
from tests.recalc import convert_with_libreoffice, needs_libreoffice
from toolkit import run as run_module
from toolkit.cli import cli
from toolkit.files import sha256
from toolkit.integrity.locking import file_lock
from toolkit.problems import problem
from toolkit.run import score_file
from toolkit.integrity.verify import verify_file
from toolkit.workbook import package as package_module
from toolkit.workbook.layout import OUR_OUTPUT_SHEETS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*.xlsx") if not p.name.startswith("assessor-"))  # the reports


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_scoring_a_sample_changes_only_our_parts_and_recorded_edits(tmp_path, sample):
    scored = tmp_path / "scored.xlsx"
    outcome = score_file(sample, scored)
    assert outcome.exit_code == 0, outcome.problems
    assert_only_ours_and_recorded_edits(sample, scored)
    assert verify_file(scored).intact
    wb = openpyxl.load_workbook(scored)
    assert wb.sheetnames[-3:] == list(OUR_OUTPUT_SHEETS)


def test_rescoring_replaces_only_our_parts_and_reuses_our_styles(tmp_path):
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    assert score_file(path, in_place=True).exit_code == 0
    once = parts(path)
    assert score_file(path, in_place=True).exit_code == 0
    twice = parts(path)
    ours = set(journal_package(path)["ours"])
    assert set(once) == set(twice)
    changed = {n for n in once if once[n] != twice[n]}
    assert changed <= ours, changed - ours
    assert journal_package(path)["edits"] == {}  # nothing shared needed editing the second time
    result = verify_file(path)
    assert (result.intact, result.scorings) == (True, 2)
    ws = openpyxl.load_workbook(path)["Журнал"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == [1, 2]


def test_verify_names_a_changed_part(tmp_path):
    scored = tmp_path / "scored.xlsx"
    score_file(SAMPLES[0], scored)
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(scored) as src, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<v>", b"<v>9", 1)
            dst.writestr(info.filename, data)
    result = verify_file(tampered)
    assert [p.code for p in result.problems] == ["verify.changed"]
    assert result.problems[0].params["part"] == "xl/worksheets/sheet2.xml"
    assert result.problems[0].where.sheet == "Журнал"
    assert result.exit_code == 1
    runner = CliRunner()
    got = runner.invoke(cli, ["verify", "--json", str(tampered)])
    assert got.exit_code == 1
    assert json.loads(got.stdout)["files"][0]["problems"][0]["code"] == "verify.changed"


def test_verify_reports_added_and_removed_parts(tmp_path):
    scored = tmp_path / "scored.xlsx"
    score_file(SAMPLES[0], scored)
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(scored) as src, zipfile.ZipFile(edited, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/comments/comment1.xml":
                dst.writestr(info.filename, src.read(info))
        dst.writestr("customXml/item9.xml", b"<x/>")
    codes = sorted(p.code for p in verify_file(edited).problems)
    assert codes == ["verify.added", "verify.missing"]


def test_verify_on_a_workbook_never_scored(tmp_path):
    result = verify_file(SAMPLES[0])
    assert [p.code for p in result.problems] == ["verify.not_scored"]
    assert result.exit_code == 2
    got = CliRunner().invoke(cli, ["verify", str(SAMPLES[0])])
    assert got.exit_code == 2 and "Traceback" not in got.output


def test_a_copy_resaved_by_another_program_is_no_longer_ours(tmp_path):
    """openpyxl (like Excel and LibreOffice) drops parts it does not know, our record among them: the copy
    can no longer be proven (exit 2), and scoring it again keeps its sheets as they are, ours beside them."""
    scored = tmp_path / "scored.xlsx"
    score_file(SAMPLES[0], scored)
    wb = openpyxl.load_workbook(scored)
    wb["Журнал"]["J2"].value = "заметка"
    wb.save(scored)
    result = verify_file(scored)
    assert [p.code for p in result.problems] == ["verify.not_scored"] and result.exit_code == 2
    again = tmp_path / "again.xlsx"
    assert score_file(scored, again).exit_code == 0
    names = openpyxl.load_workbook(again).sheetnames
    assert names[-6:] == [*OUR_OUTPUT_SHEETS, *(f"{n} (оценка)" for n in OUR_OUTPUT_SHEETS)]
    assert openpyxl.load_workbook(again)["Журнал"]["J2"].value == "заметка"
    assert verify_file(again).intact
    outcome = score_file(SAMPLES[0], scored)  # nor is it replaced as if it were our copy
    assert [p.code for p in outcome.problems] == ["file.output_exists"]


def test_unknown_parts_macros_and_extensions_survive(tmp_path):
    """Parts openpyxl would drop (VBA, custom XML, an extension list in a sheet) come back byte for byte."""
    source = tmp_path / "macro.xlsm"
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
           b"</ext></extLst></worksheet>")
    with zipfile.ZipFile(SAMPLES[1]) as src, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            elif info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", ext)
            dst.writestr(info.filename, data)
        dst.writestr("xl/vbaProject.bin", os.urandom(4096))
        dst.writestr("customXml/item1.xml", "<r>данные органа</r>".encode())
    scored = tmp_path / "macro.scored.xlsm"
    outcome = score_file(source, scored)
    assert outcome.exit_code == 0, outcome.problems
    assert_only_ours_and_recorded_edits(source, scored)
    after = parts(scored)
    assert after["xl/vbaProject.bin"] == parts(source)["xl/vbaProject.bin"]
    assert b"x14:dataValidations" in after["xl/worksheets/sheet1.xml"]
    assert b"macroEnabled" in after["[Content_Types].xml"]


@needs_libreoffice
def test_samples_resaved_by_libreoffice_are_scored_without_loss(tmp_path):
    """LibreOffice rewrites every part (shared strings, styles, names); write-back must cope the same way."""
    folder = tmp_path / "lo"
    resaved = convert_with_libreoffice(SAMPLES[:3], folder, "xlsx")
    for path in resaved:
        outcome = score_file(path, path.with_name(path.stem + ".scored.xlsx"))
        assert outcome.exit_code == 0, (path.name, outcome.problems)
        scored = Path(outcome.output)
        assert_only_ours_and_recorded_edits(path, scored)
        assert verify_file(scored).intact
        again = score_file(scored, in_place=True)
        assert again.exit_code == 0
        assert verify_file(scored).scorings == 2
    # and LibreOffice reads what we wrote: our sheets come back with their values
    back = convert_with_libreoffice([Path(o) for o in (p.with_name(p.stem + ".scored.xlsx") for p in resaved[:1])],
                                    tmp_path / "back", "xlsx")[0]
    wb = openpyxl.load_workbook(back, data_only=True)
    assert wb["Журнал"]["A3"].value == 2
    assert any(isinstance(c, (int, float)) for row in wb["Баллы"].iter_rows(values_only=True) for c in row)


def test_a_crash_while_writing_in_place_leaves_the_original(tmp_path, monkeypatch):
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    before = sha256(path)

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(package_module.os, "fsync", full_disk)
    outcome = score_file(path, in_place=True)
    assert sha256(path) == before
    assert [p.code for p in outcome.problems] == ["file.write_failed"]
    assert outcome.exit_code == 2
    assert outcome.problems[0].message == problem("file.write_failed", path=path, reason="No space left on device").message
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _kill_during_write(path: str) -> None:
    """A child process that dies (os._exit) half-way through writing the new file."""
    real = package_module.os.fdopen

    def dying(fd: int, mode: str) -> Any:
        fh = real(fd, mode)

        class Half:
            def __enter__(self) -> Any:
                return self

            def __exit__(self, *exc: Any) -> None:
                fh.close()

            def write(self, data: bytes) -> None:
                fh.write(data[: len(data) // 2])
                fh.flush()
                os._exit(9)

        return Half()

    package_module.os.fdopen = dying  # type: ignore[assignment]
    score_file(path, in_place=True)


def test_a_killed_process_leaves_the_original(tmp_path):
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    before = sha256(path)
    child = multiprocessing.get_context("fork").Process(target=_kill_during_write, args=(str(path),))
    child.start()
    child.join(60)
    assert child.exitcode == 9
    assert sha256(path) == before
    assert score_file(path, in_place=True).exit_code == 0  # the stale lock and temp file do not block the next run


def _score_in_place(path: str) -> int:
    return score_file(path, in_place=True).exit_code


def test_two_in_place_runs_at_once_do_not_corrupt_the_file(tmp_path):
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        codes = pool.map(_score_in_place, [str(path)] * 4)
    assert codes == [0, 0, 0, 0]
    result = verify_file(path)
    assert (result.intact, result.scorings) == (True, 4)


def test_a_held_lock_is_reported_not_waited_forever(tmp_path, monkeypatch):
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    monkeypatch.setattr(run_module, "LOCK_TIMEOUT", 0.2)
    with file_lock(str(path) + ".lock", timeout=1):
        outcome = score_file(path, in_place=True)
    assert [p.code for p in outcome.problems] == ["file.locked"]
    assert outcome.exit_code == 2


def _with_cells(data: bytes, cells: dict[str, str]) -> bytes:
    """A worksheet part with inline-string cells added to existing rows (as an editor that keeps the
    package's other parts would save them)."""
    for ref, text in cells.items():
        row = re.sub(r"[A-Z]+", "", ref)
        cell = f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        data = re.sub(rb'(<row r="%s"[^>]*>.*?)(</row>)' % row.encode(), lambda m: m.group(1) + cell + m.group(2), data,
                      count=1, flags=re.S)
    return data


def test_an_assessors_notes_in_the_journal_survive_rescoring(tmp_path):
    """«Журнал» is appended to, never rewritten: a note typed beside a run (and a header for it) stays on
    that run's row, and a row typed below the runs stays too (ours are A–J, J hidden: the record)."""
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    assert score_file(path, in_place=True).exit_code == 0
    first = [c.value for c in openpyxl.load_workbook(path)["Журнал"][2]][:10]
    part = our_parts(path)["Журнал"]
    noted = _with_cells(parts(path)[part], {"K1": "Примечание оценщика", "K2": "апелляция № 12 от 01.03.2023"})
    noted = noted.replace(b"</sheetData>", '<row r="4"><c r="B4" t="inlineStr"><is><t>итог сверен</t></is></c></row>'
                          '</sheetData>'.encode())
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, noted if info.filename == part else src.read(info))
    edited.replace(path)
    assert score_file(path, in_place=True).exit_code == 0
    ws = openpyxl.load_workbook(path)["Журнал"]
    assert (ws["K1"].value, ws["K2"].value) == ("Примечание оценщика", "апелляция № 12 от 01.03.2023")
    assert [c.value for c in ws[2]][:10] == first
    assert ws["A3"].value == 2 and ws["K3"].value is None
    assert ws["B4"].value == "итог сверен"
    assert verify_file(path).scorings == 2


def test_a_default_font_that_makes_no_sense_falls_back_to_calibri(tmp_path):
    """Found by the fuzz test: our fonts start from the body's default font; a garbage size there must not
    stop scoring (the body's style entries themselves stay as they were)."""
    source = tmp_path / "report.xlsx"
    with zipfile.ZipFile(SAMPLES[0]) as src, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(b'<sz val="11"', "<sz val=\"¾½ë\"".encode(), 1)
            dst.writestr(info.filename, data)
    scored = tmp_path / "scored.xlsx"
    assert score_file(source, scored).exit_code == 0
    assert_only_ours_and_recorded_edits(source, scored)
    assert b'<name val="Calibri"/>' in parts(scored)["xl/styles.xml"]


def test_rescoring_drops_calc_chain_entries_on_our_sheets_only(tmp_path):
    """After Excel saves a scored file, calcChain.xml lists our formula cells too; re-scoring rewrites our
    sheets, so their entries go (a recorded, undoable edit) and the body's stay, sticky `i` included."""
    path = tmp_path / "report.xlsx"
    shutil.copy(SAMPLES[0], path)
    assert score_file(path, in_place=True).exit_code == 0
    book = parts(path)["xl/workbook.xml"].decode()
    ids = dict(re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', book))
    body, scores = ids["Прил. 11"], ids["Баллы"]
    chain = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><c r="E15" i="{body}"/><c r="E16"/><c r="E7" i="{scores}"/><c r="E8"/>'
             f'<c r="E9" s="1"/><c r="E17" i="{body}"/></calcChain>').encode()
    edited = tmp_path / "excel-saved.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
            dst.writestr(info, data)
        dst.writestr("xl/calcChain.xml", chain)
    rescored = tmp_path / "rescored.xlsx"
    assert score_file(edited, rescored).exit_code == 0
    after = parts(rescored)["xl/calcChain.xml"].decode()
    assert re.findall(r'<c [^>]*/>', after) == [f'<c r="E15" i="{body}"/>', '<c r="E16"/>', f'<c r="E17" i="{body}"/>']
    assert_only_ours_and_recorded_edits(edited, rescored)
    assert verify_file(rescored).scorings == 1  # the first scoring's record no longer matches: Excel saved in between
