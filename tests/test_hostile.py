"""Hostile and broken workbooks: whatever arrives, xlscore answers in Russian and never crashes.

The promise tested for every case (the issue «hostile inputs»):

* a clear Russian message that names the file (the CLI's «Файл» column, the JSON's "path") and, where
  there is one, the sheet and the cell;
* exit status 1 (a workbook of ours with bad data, or damaged), 2 (unreadable or not ours), or 0 where
  the case is legitimately scoreable — the same through the library, `validate`, `validate --json`,
  `score --json` and `score`;
* never a Python traceback;
* the input file byte-identical afterwards (sha256 before and after `validate` and `score`), and
  `score` writes nothing at all for a file it refuses;
* for scoreable cases `score` succeeds and the scored copy holds every original sheet, in order, with
  its visibility.

The whole corpus is generated here in tmp_path; no binary is committed. Cases that could hang or eat
memory (zip bombs, 100 000-row tables, huge ranges) run in a child process with a wall-clock limit and
their peak RSS measured, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.xml
import pytest

from tests.packages import assert_only_ours_and_recorded_edits
from click.testing import CliRunner
from openpyxl.workbook.defined_name import DefinedName

import toolkit
from conftest import COMPLAINTS, SYMBOL_KEYS
from toolkit.catalog import known_editions
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.files import scored_name
from toolkit.problems import PROBLEMS
from toolkit.workbook import layout

REPO = Path(__file__).resolve().parents[1]
SHEET = layout.DIRECTION_SHEETS["complaints"]  # «Прил. 11»
PEN = layout.PENALTIES_SHEET  # «Акт сверки»
INSTR = layout.INSTRUCTIONS_SHEET  # «Инструкция»
META = layout.META_SHEET  # «_xlscore»
CELLS = layout.input_cells(COMPLAINTS)  # key → D15…D21
FIRST_PENALTY_ROW = layout.PENALTIES_HEADER_ROW + 1
LAST_PENALTY_ROW = layout.PENALTIES_HEADER_ROW + layout.PENALTIES_ROWS
NAME = "отчет-2022.xlsx"  # a Cyrillic file name: it must come back in the output as it is
CYRILLIC = re.compile("[а-яА-ЯёЁ]")
A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")
ANY = object()  # «this field is not checked» in an expected problem
ALL_CODES = frozenset(PROBLEMS)


def cell_of(symbol: str) -> str:
    return CELLS[SYMBOL_KEYS[symbol]]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """Every file under the folder, hidden ones (locks, temp files, .bak) included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- building hostile files


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def write_parts(path: Path, parts: dict[str, bytes], stored: tuple[str, ...] = ()) -> Path:
    """A zip with these parts in this order (parts named in `stored` are not compressed)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def sheet_part(path: Path, title: str) -> str:
    """The zip part name of a worksheet, found through workbook.xml and its relationships."""
    parts = read_parts(path)
    wb_xml = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(html.escape(title, quote=True)), wb_xml)
    assert rid, f"no sheet {title} in workbook.xml"
    target = re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid.group(1), rels)
    if target is None:
        target = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid.group(1), rels)
    name = target.group(1)
    return name.lstrip("/") if name.startswith("/") else "xl/" + name


def edit(path: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def as_text(cell: Any, value: str) -> None:
    """Store a string as text even when it starts with «=», as Excel does after an apostrophe."""
    cell.value = value
    cell.data_type = "s"


def meta_cell(wb: Any, field: str) -> Any:
    ws = wb[META]
    return next(row[1] for row in ws.iter_rows(min_col=1, max_col=2) if row[0].value == field)


def fill_penalties(ws: Any, rows: list[tuple[Any, Any, Any]], first: int = FIRST_PENALTY_ROW) -> None:
    for i, values in enumerate(rows):
        for col, value in zip("BCD", values):
            ws[f"{col}{first + i}"].value = value


def fact(i: int) -> tuple[str, str, str]:
    return ("complaints", "unreliable" if i % 2 else "incomplete", f"Факт {i}")


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def fake_ole(*stream_names: str) -> bytes:
    """An OLE compound-file look-alike: the signature, a header, and directory entries with these names."""
    header = OLE_HEADER + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * (512 - 34)
    entries = b""
    for name in ("Root Entry", *stream_names):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + b"\x02\x01" + b"\xff" * 12 + b"\x00" * 48
    return header + entries.ljust(512 * 2, b"\x00") + bytes(random.Random(7).randrange(256) for _ in range(4096))


def minimal_ods() -> dict[str, bytes]:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="Прил. 11"><table:table-row><table:table-cell><text:p>1000</text:p>'
               '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    return {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content.encode(),
            "META-INF/manifest.xml": manifest.encode()}


# --------------------------------------------------------------------------- running everything on one file


def invoke(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"xlscore {' '.join(map(str, args))} raised {result.exception!r}")
    assert "Traceback" not in result.output
    assert "Traceback" not in (result.stderr or "")
    return result


@dataclass
class Seen:
    path: Path
    problems: tuple[Any, ...]
    exit_code: int
    validate_text: Any
    validate_json: Any
    score_json: Any
    score_text: Any
    scored: Path
    original_sheets: list[tuple[str, str]] | None


def sheets_of(path: Path) -> list[tuple[str, str]] | None:
    try:
        wb = openpyxl.load_workbook(path)
    except Exception:
        return None
    try:
        return [(ws.title, ws.sheet_state) for ws in wb.worksheets]
    finally:
        wb.close()


def examine(path: Path) -> Seen:
    """The library, `validate` (text and --json) and `score` (--json and text) on one file, checking on the
    way that nothing reaches the user as a traceback and that the input is never touched."""
    folder = path.parent
    original_sheets = sheets_of(path)
    before, files_before = sha(path), listing(folder)
    checked = check_file(path)
    plain = invoke("validate", path)
    as_json = invoke("validate", path, "--json")
    assert sha(path) == before, "validate changed the input file"
    assert listing(folder) == files_before, "validate wrote files"
    scored_json = invoke("score", path, "--json")
    assert sha(path) == before, "score changed the input file"
    scored = scored_name(path)
    if scored_json.exit_code == 0:
        assert listing(folder) == sorted(files_before + [scored.name]), "score wrote something besides its copy"
    else:
        assert listing(folder) == files_before, "score wrote files for a workbook it refused"
    scored_text = invoke("score", path)
    assert sha(path) == before, "score changed the input file"
    return Seen(path, checked.problems, checked.exit_code, plain, as_json, scored_json, scored_text, scored,
                original_sheets)


@dataclass(frozen=True)
class Want:
    """One expected problem: a code (or a set of acceptable codes), its sheet and cell (None: no place;
    ANY: not checked), and what its message or parameters must contain."""

    code: str | frozenset[str]
    sheet: Any = None
    cell: Any = None
    contains: tuple[str, ...] = ()
    reason: str | None = None  # for file.unreadable: a word the reason must contain

    def matches(self, p: Any) -> bool:
        codes = {self.code} if isinstance(self.code, str) else self.code
        if p.code not in codes:
            return False
        sheet, cell = (p.where.sheet, p.where.cell) if p.where else (None, None)
        return (self.sheet is ANY or self.sheet == sheet) and (self.cell is ANY or self.cell == cell)


def check_messages(seen: Seen) -> None:
    """Every message is Russian and clean; every place is a real sheet and an A1 cell."""
    for p in seen.problems:
        assert p.message.strip(), p
        assert CYRILLIC.search(p.message), f"not a Russian message: {p.message!r}"
        assert "«None»" not in p.message and "None" not in p.message.split(), f"«None» shown to the user: {p.message}"
        assert "«»" not in p.message, f"an empty value quoted as «»: {p.message}"
        assert "Traceback" not in p.message
        if p.where is not None:
            assert p.where.sheet, p
            assert A1.match(p.where.cell), f"not a cell address: {p.where.cell!r} in {p.message}"


def assert_outcome(seen: Seen, exit_code: int, *wants: Want, exact: bool = True) -> None:
    """The same exit status everywhere, the expected problems (all of them when `exact`), the file named."""
    check_messages(seen)
    got = [(p.code, str(p.where) if p.where else None) for p in seen.problems]
    assert seen.exit_code == exit_code, f"library exit {seen.exit_code}, expected {exit_code}; problems {got}"
    assert seen.validate_text.exit_code == exit_code, got
    assert seen.validate_json.exit_code == exit_code, got
    assert seen.score_json.exit_code == exit_code, got
    assert seen.score_text.exit_code == exit_code, got
    remaining = list(seen.problems)
    for want in wants:
        hit = next((p for p in remaining if want.matches(p)), None)
        assert hit is not None, f"expected {want} among {got}"
        remaining.remove(hit)
        for text in want.contains:
            assert text in hit.message, f"«{text}» missing from: {hit.message}"
        if want.reason is not None:
            assert want.reason in hit.params.get("reason", ""), hit.message
    if exact:
        assert not [p for p in remaining if p.is_error], f"unexpected errors: {[(p.code, str(p.where)) for p in remaining]}"
    if exit_code:
        assert any(p.is_error for p in seen.problems)
    # the file is named: in the JSON report and in the people's table next to each message
    (entry,) = json.loads(seen.validate_json.stdout)["files"]
    assert entry["path"] == str(seen.path)
    assert entry["valid"] is (exit_code == 0)
    assert [p["code"] for p in entry["problems"]] == [p.code for p in seen.problems]
    (scored_entry,) = json.loads(seen.score_json.stdout)["files"]
    assert scored_entry["path"] == str(seen.path)
    if seen.problems:
        text = squeeze(seen.validate_text.output)
        assert seen.path.name in text, "the file is not named in `validate` output"
        for p in seen.problems:
            if p.where is not None:
                assert p.where.cell in text
    if exit_code == 0:
        assert_scored(seen, scored_entry)
    else:
        assert scored_entry["output"] is None
        assert not seen.scored.exists()


def assert_scored(seen: Seen, entry: dict[str, Any]) -> None:
    assert entry["output"] == str(seen.scored)
    assert seen.scored.exists()
    wb = openpyxl.load_workbook(seen.scored)
    got = [(ws.title, ws.sheet_state) for ws in wb.worksheets]
    wb.close()
    assert seen.original_sheets is not None
    kept = [s for s in got if s[0] in {name for name, _ in seen.original_sheets}]
    assert kept == seen.original_sheets, f"original sheets {seen.original_sheets}, scored copy has {got}"
    for sheet in layout.OUR_OUTPUT_SHEETS:
        assert sheet in [name for name, _ in got]
    assert_only_ours_and_recorded_edits(seen.path, seen.scored)


# --------------------------------------------------------------------------- the environment itself


def test_toolkit_is_imported_from_this_tree():
    """The tests exercise the toolkit beside them, not an installed copy elsewhere."""
    assert Path(toolkit.__file__).resolve().is_relative_to(REPO)


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


# --------------------------------------------------------------------------- files that are not workbooks


def _truncated(blank: Path) -> bytes:
    data = blank.read_bytes()
    return data[: len(data) // 2]


UNREADABLE: dict[str, tuple[str, Callable[[Path], bytes], str | None]] = {
    # id: (file name, bytes from the filled workbook, a word the reason must contain)
    "random-bytes": (NAME, lambda w: bytes(random.Random(1).randrange(256) for _ in range(5000)), None),
    "text-renamed-xlsx": (NAME, lambda w: "Отчет за 2022 год\nm;p;f\n1000;950;3\n".encode("cp1251"), None),
    "empty-file": (NAME, lambda w: b"", None),
    "truncated-at-half": (NAME, _truncated, "поврежден"),
    "zip-cut-to-local-header": (NAME, lambda w: w.read_bytes()[:30], "поврежден"),
    "zip-without-workbook": (NAME, lambda w: _zip_bytes({"word/document.xml": b"<w/>"}), None),
    "xls-ole": ("отчет-2022.xls", lambda w: fake_ole("Workbook", "\x05SummaryInformation"), "xls"),
    "xls-ole-renamed-xlsx": (NAME, lambda w: fake_ole("Workbook"), "xls"),
    "ods-renamed-xlsx": (NAME, lambda w: _zip_bytes(minimal_ods(), stored=("mimetype",)), "ods"),
}


def _zip_bytes(parts: dict[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return buf.getvalue()


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_file(tmp_path, filled_template, case):
    name, make, hint = UNREADABLE[case]
    data = make(filled_template(name="source.xlsx"))
    (tmp_path / "source.xlsx").unlink()
    path = tmp_path / name
    path.write_bytes(data)
    assert_outcome(examine(path), 2, Want("file.unreadable", reason=hint))


def test_encrypted_workbook(tmp_path):
    """Excel saves a password-protected .xlsx as an OLE container with EncryptionInfo/EncryptedPackage."""
    path = tmp_path / NAME
    path.write_bytes(fake_ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    seen = examine(path)
    assert_outcome(seen, 2, Want("file.encrypted"))
    assert "зашифрована" in seen.problems[0].message


def _soffice_convert(src: Path, outdir: Path, fmt: str) -> Path:
    from recalc import convert_with_libreoffice, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: the real-file variant needs it to produce the file")
    return convert_with_libreoffice([src], outdir, fmt)[0]


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt,hint", [("ods", "ods"), ("xls", "xls")], ids=["real-ods", "real-xls"])
def test_real_other_format_renamed_xlsx(tmp_path, filled_template, fmt, hint):
    """Our own filled workbook saved by LibreOffice as .ods / Excel 97 .xls, then renamed to .xlsx."""
    converted = _soffice_convert(filled_template(name="source.xlsx"), tmp_path / "lo", fmt)
    path = tmp_path / "in" / NAME
    path.parent.mkdir()
    shutil.copy(converted, path)
    assert_outcome(examine(path), 2, Want("file.unreadable", reason=hint))


@pytest.mark.libreoffice
def test_workbook_saved_by_libreoffice_is_still_scoreable(tmp_path, filled_template):
    """A clerk with LibreOffice Calc opens the template, fills it and saves as .xlsx (shared strings and all)."""
    converted = _soffice_convert(filled_template(name="source.xlsx"), tmp_path / "lo", "xlsx")
    path = tmp_path / "in" / NAME
    path.parent.mkdir()
    shutil.copy(converted, path)
    assert "xl/sharedStrings.xml" in read_parts(path)
    assert_outcome(examine(path), 0)


def test_missing_file(tmp_path):
    assert_outcome(examine_missing(tmp_path / "нет" / NAME), 2, Want("file.not_found"))


def examine_missing(path: Path) -> Seen:
    checked = check_file(path)
    return Seen(path, checked.problems, checked.exit_code, invoke("validate", path), invoke("validate", path, "--json"),
                invoke("score", path, "--json"), invoke("score", path), scored_name(path), None)


# --------------------------------------------------------------------------- XML entities (billion laughs, XXE)


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")
XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PASSWD_MARK = "root:"


def _with_shared_strings(path: Path) -> Path:
    """Give our workbook a sharedStrings part, as Excel writes one, with the body's name in it (Инструкция!C4)."""
    parts = read_parts(path)
    part = sheet_part(path, INSTR)
    sheet = parts[part].decode()
    sheet, count = re.subn(r'<c r="C4"([^>]*?) t="n" />', r'<c r="C4"\1 t="s"><v>0</v></c>', sheet)
    assert count == 1
    parts[part] = sheet.encode()
    parts["xl/sharedStrings.xml"] = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                     'count="1" uniqueCount="1"><si><t>Акимат района</t></si></sst>').encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml" Id="rIdSst" /></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
    return write_parts(path, parts)


ENTITY_TARGETS = ["workbook.xml", "instructions-sheet", "metadata-sheet", "sharedStrings.xml"]


def _entity_workbook(path: Path, target: str, doctype: str | None, reference: str | None) -> Path:
    """Our workbook (given a sharedStrings part) with `doctype` put in one part and, when `reference` is
    given, the entity used where its expansion would reach the user: a defined name, a cell's text, a shared
    string."""
    _with_shared_strings(path)
    parts = read_parts(path)
    part = {"instructions-sheet": lambda: sheet_part(path, INSTR), "metadata-sheet": lambda: sheet_part(path, META)}.get(
        target, lambda: "xl/" + target if target != "workbook.xml" else "xl/workbook.xml")()
    text = parts[part].decode()
    if reference:
        if target == "workbook.xml":
            text, n = re.subn("<definedNames>", f'<definedNames><definedName name="leak">"{reference}"</definedName>', text)
        elif target == "sharedStrings.xml":
            text, n = re.subn("<t>Акимат района</t>", f"<t>{reference}</t>", text)
        else:
            text, n = re.subn(r"<is><t>[^<]*</t></is>", f"<is><t>{reference}</t></is>", text, count=1)
        assert n == 1
    if doctype:
        text = text.replace("?>", "?>" + doctype, 1) if text.startswith("<?xml") else doctype + text
    parts[part] = text.encode()
    return write_parts(path, parts)


@pytest.mark.parametrize("target", ENTITY_TARGETS)
def test_the_surgery_alone_still_reads(filled_template, target):
    """Control: the same parts rewritten without any DOCTYPE read and score, so the refusals below are
    about the DTD, not about the surgery."""
    path = _entity_workbook(filled_template(name=NAME), target, None, None)
    assert_outcome(examine(path), 0)


@pytest.mark.parametrize("target", ENTITY_TARGETS)
def test_any_doctype_is_refused(filled_template, target):
    """No DTD of any kind is accepted (Excel never writes one), so even a harmless one is refused, by name."""
    path = _entity_workbook(filled_template(name=NAME), target, "<!DOCTYPE x>", None)
    seen = examine(path)
    assert_outcome(seen, 2, Want("file.unreadable"))
    assert "DTD" in seen.problems[0].message


@pytest.mark.parametrize("attack", ["billion-laughs", "xxe-file"])
@pytest.mark.parametrize("target", ENTITY_TARGETS)
def test_xml_entities_are_refused(filled_template, target, attack):
    doctype, reference = (LAUGHS, "&lol9;") if attack == "billion-laughs" else (XXE, "&xxe;")
    path = _entity_workbook(filled_template(name=NAME), target, doctype, reference)
    started = time.monotonic()
    seen = examine(path)
    assert time.monotonic() - started < 30
    assert_outcome(seen, 2, Want("file.unreadable"))
    for result in (seen.validate_text, seen.validate_json, seen.score_json, seen.score_text):
        assert PASSWD_MARK not in result.output
        assert "lollollol" not in result.output


# --------------------------------------------------------------------------- macros


VBA = bytes(random.Random(3).randrange(256) for _ in range(20_000))
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _as_xlsm(path: Path) -> Path:
    parts = read_parts(path)
    parts["xl/vbaProject.bin"] = VBA
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{VBA_REL}" Target="vbaProject.bin" Id="rIdVba" /></Relationships>'.encode())
    types = parts["[Content_Types].xml"].decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", MACRO_MAIN)
    types = types.replace("</Types>", '<Override PartName="/xl/vbaProject.bin" '
                                      'ContentType="application/vnd.ms-office.vbaProject" /></Types>')
    parts["[Content_Types].xml"] = types.encode()
    target = path.with_suffix(".xlsm")
    write_parts(target, parts)
    path.unlink()
    return target


def test_xlsm_with_macros_is_scored_and_keeps_its_macros(filled_template):
    path = _as_xlsm(filled_template(name=NAME))
    seen = examine(path)
    assert_outcome(seen, 0)
    assert seen.scored.suffix == ".xlsm"
    scored = read_parts(seen.scored)
    assert scored.get("xl/vbaProject.bin") == VBA, "the macros were dropped or changed"
    assert VBA_REL.encode() in scored["xl/_rels/workbook.xml.rels"], "the macros are no longer linked to the workbook"
    assert MACRO_MAIN.encode() in scored["[Content_Types].xml"], "the scored copy is no longer a macro workbook"


# --------------------------------------------------------------------------- formula injection


INJECTIONS = {
    "hyperlink": '=HYPERLINK("http://x","y")',
    "dde-plus": "+cmd|' /C calc'!A0",
    "at-sum-dde": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus-dde": "-2+3+cmd|' /C calc'!A0",
}


def _formulas(xml: str) -> list[str]:
    return [html.unescape(f) for f in re.findall(r"<f(?:\s[^>]*)?>(.*?)</f>", xml, flags=re.S)]


@pytest.mark.parametrize("payload", list(INJECTIONS.values()), ids=list(INJECTIONS))
def test_formula_injection_stays_text(filled_template, payload):
    def inject(wb: Any) -> None:
        sheet, coord = next(iter(wb.defined_names["body.name"].destinations))
        as_text(wb[sheet][coord.replace("$", "")], payload)
        ws = wb[PEN]
        fill_penalties(ws, [("complaints", "unreliable", None)])
        as_text(ws[f"D{FIRST_PENALTY_ROW}"], payload)

    path = edit(filled_template(name=NAME), inject)
    seen = examine(path)
    assert_outcome(seen, 0)
    (entry,) = json.loads(seen.score_json.stdout)["files"]
    assert entry["body"]["name"] == payload
    assert [p["text"] for p in entry["directions"]["complaints"]["penalties"]] == [payload]
    marker = payload[1:12]
    with zipfile.ZipFile(seen.scored) as archive:
        texts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")}
    for name, xml in texts.items():
        assert not [f for f in _formulas(xml) if marker in f], f"{name}: the clerk's text became a formula"
    wb = openpyxl.load_workbook(seen.scored)
    found = [(ws.title, c.coordinate, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and marker in c.value]
    assert found, "the text vanished from the scored copy"
    assert all(t == "s" for _, _, t in found), found
    assert {(INSTR, "C4"), (PEN, f"D{FIRST_PENALTY_ROW}")} <= {(s, c) for s, c, _ in found}


# --------------------------------------------------------------------------- sheets renamed, deleted, reordered, hidden


def _hide(title: str, state: str = "hidden") -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        wb.active = wb.sheetnames.index(SHEET)
        wb[title].sheet_state = state
    return change


def _reorder(wb: Any) -> None:
    wb._sheets.reverse()  # _xlscore first, «Инструкция» last
    wb.active = wb.sheetnames.index(SHEET)


def _rename(old: str, new: str, move_names: bool) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        wb[old].title = new
        if move_names:  # Excel rewrites every name that points into a renamed sheet
            for key, defined in list(wb.defined_names.items()):
                wb.defined_names[key] = DefinedName(key, attr_text=defined.attr_text.replace(
                    layout.quote_sheet(old) + "!", layout.quote_sheet(new) + "!"))
    return change


def _delete(title: str) -> Callable[[Any], None]:
    return lambda wb: wb.remove(wb[title])


SHEET_CASES = {
    "hide-instructions": (_hide(INSTR), 0, ()),
    "very-hide-penalties": (_hide(PEN, "veryHidden"), 0, ()),
    "hide-report-sheet": (lambda wb: setattr(wb[SHEET], "sheet_state", "hidden") or setattr(wb, "active", 0), 0, ()),
    "reorder-sheets": (_reorder, 0, ()),
    "extra-sheet-added": (lambda wb: wb.create_sheet("Расчеты органа").append(["итого", 1000]), 0, ()),
    "rename-report-openpyxl": (_rename(SHEET, "Жалобы", False), 1, (Want("workbook.sheet_missing", contains=(SHEET,)),)),
    "rename-report-excel": (_rename(SHEET, "Жалобы", True), 1, (Want("workbook.sheet_missing", contains=(SHEET,)),)),
    "rename-penalties": (_rename(PEN, "Акт", True), 1, (Want("workbook.sheet_missing", contains=(PEN,)),)),
    "delete-penalties": (_delete(PEN), 1, (Want("workbook.sheet_missing", contains=(PEN,)),)),
    "delete-report": (_delete(SHEET), 1, (Want("workbook.sheet_missing", contains=(SHEET,)),)),
    "delete-metadata": (_delete(META), 2, (Want("workbook.not_ours", contains=(META,)),)),
}


@pytest.mark.parametrize("case", list(SHEET_CASES))
def test_sheets_changed(filled_template, case):
    change, exit_code, wants = SHEET_CASES[case]
    path = edit(filled_template(name=NAME), change)
    assert_outcome(examine(path), exit_code, *wants)


# --------------------------------------------------------------------------- rows inserted inside our tables


def _insert_input_row(move_names: bool, typed: int | None = None) -> Callable[[Any], None]:
    first = int(cell_of("m")[1:])

    def change(wb: Any) -> None:
        ws = wb[SHEET]
        ws.insert_rows(first)
        if typed is not None:
            ws[f"D{first}"] = typed
        if move_names:  # what Excel does: names follow their cells down
            for spec in COMPLAINTS.inputs:
                row = int(CELLS[spec.key][1:]) + 1
                wb.defined_names[spec.key] = DefinedName(spec.key, attr_text=f"{layout.quote_sheet(SHEET)}!$D${row}")
    return change


def test_row_inserted_above_inputs_names_not_moved(filled_template):
    """openpyxl's insert_rows: values move down, the names stay; D15 is now the empty new row."""
    path = edit(filled_template(name=NAME), _insert_input_row(False))
    # every input row now carries the wrong symbol in column C: all seven named, none read
    assert_outcome(examine(path), 1, *(Want("workbook.layout_shifted", SHEET, CELLS[spec.key]) for spec in COMPLAINTS.inputs))


def test_row_inserted_above_inputs_and_typed_into(filled_template):
    """The same, and a number typed in the new row: every name now reads its neighbour's value (p reads m,
    f reads p, …). Nothing may be scored from a shifted table; the report must point at the sheet."""
    path = edit(filled_template(name=NAME), _insert_input_row(False, typed=1200))
    seen = examine(path)
    assert seen.exit_code == 1, ("a table shifted by an inserted row was read as if in place: "
                                 f"{[(p.code, str(p.where)) for p in seen.problems]}")
    assert_outcome(seen, 1, *(Want("workbook.layout_shifted", SHEET, CELLS[spec.key]) for spec in COMPLAINTS.inputs))


def test_row_inserted_above_inputs_names_moved_like_excel(filled_template):
    path = edit(filled_template(name=NAME), _insert_input_row(True))
    wants = [Want("workbook.name_moved", SHEET, CELLS[spec.key], contains=(f"{SHEET}!D{int(CELLS[spec.key][1:]) + 1}",))
             for spec in COMPLAINTS.inputs]
    assert_outcome(examine(path), 1, *wants)


def _insert_penalty_row(extend_table: bool, filled_rows: int) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        ws = wb[PEN]
        fill_penalties(ws, [fact(i) for i in range(1, filled_rows + 1)])
        ws.insert_rows(FIRST_PENALTY_ROW + 1)
        fill_penalties(ws, [fact(100)], first=FIRST_PENALTY_ROW + 1)
        if extend_table:  # Excel grows the table around an inserted row
            table = ws.tables[layout.PENALTIES_TABLE]
            table.ref = f"A{layout.PENALTIES_HEADER_ROW}:E{LAST_PENALTY_ROW + 1}"
            table.autoFilter.ref = table.ref
    return change


def _penalty_texts(seen: Seen) -> list[str]:
    (entry,) = json.loads(seen.score_json.stdout)["files"]
    return sorted(p["text"] for p in entry["directions"]["complaints"]["penalties"])


def test_row_inserted_inside_penalties_table_like_excel(filled_template):
    path = edit(filled_template(name=NAME), _insert_penalty_row(True, 3))
    seen = examine(path)
    assert_outcome(seen, 0)
    assert _penalty_texts(seen) == sorted(["Факт 1", "Факт 100", "Факт 2", "Факт 3"])


def test_row_inserted_inside_full_penalties_table_openpyxl(filled_template):
    """All 30 rows filled, then a row inserted without growing the table: the last fact now sits in the row
    just below the table. It must be counted or reported — never silently dropped from the penalty."""
    path = edit(filled_template(name=NAME), _insert_penalty_row(False, layout.PENALTIES_ROWS))
    seen = examine(path)
    below = f"D{LAST_PENALTY_ROW + 1}"
    assert openpyxl.load_workbook(path)[PEN][below].value == f"Факт {layout.PENALTIES_ROWS}"
    assert_outcome(seen, 1, Want("penalty.outside_table", PEN, f"B{LAST_PENALTY_ROW + 1}"))


# --------------------------------------------------------------------------- defined names


KEY_F = SYMBOL_KEYS["f"]
F_CELL = cell_of("f")
F_ROW = F_CELL[1:]
NAME_EITHER = frozenset({"workbook.name_missing", "workbook.name_moved"})


def _point(attr_text: str | None) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        if attr_text is None:
            del wb.defined_names[KEY_F]
        else:
            wb.defined_names[KEY_F] = DefinedName(KEY_F, attr_text=attr_text)
    return change


NAME_CASES = {
    "deleted": (None, Want("workbook.name_missing", SHEET, F_CELL)),
    "other-cell": (f"{layout.quote_sheet(SHEET)}!$E${F_ROW}",
                   Want("workbook.name_moved", SHEET, F_CELL, contains=(f"{SHEET}!E{F_ROW}",))),
    "other-sheet": (f"{layout.quote_sheet(INSTR)}!$D${F_ROW}",
                    Want("workbook.name_moved", SHEET, F_CELL, contains=(f"{INSTR}!D{F_ROW}",))),
    "ref-error": ("#REF!", Want(NAME_EITHER, SHEET, F_CELL)),
    "sheet-ref-error": (f"{layout.quote_sheet(SHEET)}!#REF!", Want(NAME_EITHER, SHEET, F_CELL)),
    "multi-cell-range": (f"{layout.quote_sheet(SHEET)}!$D${F_ROW}:$D${int(F_ROW) + 1}",
                         Want("workbook.name_moved", SHEET, F_CELL, contains=(f"D{F_ROW}:D{int(F_ROW) + 1}",))),
    "whole-column": (f"{layout.quote_sheet(SHEET)}!$D:$D", Want(NAME_EITHER, SHEET, F_CELL)),
    "two-areas": (f"{layout.quote_sheet(SHEET)}!$D${F_ROW},{layout.quote_sheet(SHEET)}!$D$15",
                  Want(NAME_EITHER, SHEET, F_CELL)),
    "missing-sheet": (f"'Нет такого листа'!$D${F_ROW}", Want(NAME_EITHER, SHEET, F_CELL)),
    "constant": ("42", Want(NAME_EITHER, SHEET, F_CELL)),
}


@pytest.mark.parametrize("case", list(NAME_CASES))
def test_defined_name_broken(filled_template, case):
    attr_text, want = NAME_CASES[case]
    seen = examine(edit(filled_template(name=NAME), _point(attr_text)))
    assert_outcome(seen, 1, want)
    got = seen.problems[0]
    if got.code == "workbook.name_moved":  # then the message must say where the name points, readably
        target = got.params["target"]
        assert target and not target.endswith("!"), f"unreadable target in: {got.message}"
        if "REF" in (attr_text or ""):
            assert "#REF!" in got.message, got.message


# --------------------------------------------------------------------------- merged input cells


def test_merged_input_cells(filled_template):
    path = edit(filled_template(name=NAME), lambda wb: wb[SHEET].merge_cells(f"{cell_of('m')}:{cell_of('p')}"))
    # one value would stand for two inputs: both named, neither read (workbook.input_merged)
    assert_outcome(examine(path), 1, Want("workbook.input_merged", SHEET, cell_of("m")),
                   Want("workbook.input_merged", SHEET, cell_of("p")))


# --------------------------------------------------------------------------- Excel error values


ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!"]


def _error_in(ref_sheet: str, ref_cell: str, code: str) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        cell = wb[ref_sheet][ref_cell]
        cell.value = code
        cell.data_type = "e"
    return change


def _assert_error_cell(path: Path, title: str, coord: str, code: str) -> None:
    xml = read_parts(path)[sheet_part(path, title)].decode()
    found = re.search(r'<c r="%s"[^>]*>.*?</c>' % coord, xml)
    assert found and 't="e"' in found.group(0) and f"<v>{html.escape(code, quote=False)}</v>" in found.group(0), found


@pytest.mark.parametrize("code", ERRORS)
def test_excel_error_in_input(filled_template, code):
    path = edit(filled_template(name=NAME), _error_in(SHEET, cell_of("a"), code))
    _assert_error_cell(path, SHEET, cell_of("a"), code)
    assert_outcome(examine(path), 1, Want("input.error_value", SHEET, cell_of("a"), contains=(code,)))


@pytest.mark.parametrize("code", ERRORS)
def test_excel_error_in_penalty_table(filled_template, code):
    def change(wb: Any) -> None:
        fill_penalties(wb[PEN], [(None, "unreliable", "Факт")])
        _error_in(PEN, f"B{FIRST_PENALTY_ROW}", code)(wb)

    path = edit(filled_template(name=NAME), change)
    _assert_error_cell(path, PEN, f"B{FIRST_PENALTY_ROW}", code)
    assert_outcome(examine(path), 1, Want("penalty.direction", PEN, f"B{FIRST_PENALTY_ROW}", contains=(code,)))


# --------------------------------------------------------------------------- values of every kind in an input


VALUES = {
    # id: (value for f, expected code)
    "text": ("двенадцать", "input.not_number"),
    "decimal": (2.5, "input.not_integer"),
    "negative": (-3, "input.negative"),
    "negative-decimal": (-0.5, "input.negative"),
    "datetime": (datetime(2023, 2, 1), "input.not_number"),
    "date-as-text": ("01.02.2023", "input.not_number"),
    "bool": (True, "input.not_number"),
    "text-1 234,5": ("1 234,5", "input.number_as_text"),
    "text-1 234": ("1 234", "input.number_as_text"),
    "text-12": ("12", "input.number_as_text"),
    "text-spaced-12": (" 12 ", "input.number_as_text"),
    "text-1,5e3": ("1,5e3", "input.number_as_text"),
    "text-nbsp": ("1\u00a0234", "input.number_as_text"),
    "text-nan": ("nan", "input.not_number"),
    "text-inf": ("inf", "input.not_number"),
    "text-Infinity": ("-Infinity", "input.not_number"),
    "whitespace-only": ("   ", "input.missing"),
}


@pytest.mark.parametrize("case", list(VALUES))
def test_input_values(filled_template, case):
    value, code = VALUES[case]
    seen = examine(filled_template(name=NAME, f=value))
    assert_outcome(seen, 1, Want(code, SHEET, cell_of("f")))


# --------------------------------------------------------------------------- another edition or direction


def _meta(field: str, value: Any, data_type: str | None = None) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        cell = meta_cell(wb, field)
        cell.value = value
        if data_type:
            cell.data_type = data_type
    return change


def test_other_edition(filled_template):
    path = edit(filled_template(name=NAME), _meta("edition", "2019-01"))
    assert_outcome(examine(path), 2, Want("workbook.edition", contains=("2019-01", *known_editions())))


@pytest.mark.parametrize("direction, sheet", [("openness", "1. Открытые данные"), ("services", "Прил. 2 Услуги")])
def test_metadata_claiming_a_direction_on_a_complaints_workbook(filled_template, direction, sheet):
    """The direction's sheets are missing: each is named as the template names it, never by an internal id."""
    seen = examine(edit(filled_template(name=NAME), _meta("directions", f"complaints,{direction}")))
    check_messages(seen)
    assert {p.code for p in seen.problems if p.is_error} == {"workbook.sheet_missing"}
    assert any(f"«{sheet}»" in p.message for p in seen.problems)
    assert seen.exit_code == 1 and not seen.scored.exists()


@pytest.mark.parametrize("directions", ["services", "complaints,services"])
def test_direction_without_a_template(filled_template, directions, monkeypatch):
    """A direction of the catalog this version has no template for (services, as it was before issue 12):
    the workbook claims a form that xlscore never produced. The answer must say so — not blame the clerk
    for a «deleted sheet» named after an internal id."""
    monkeypatch.delitem(layout.DIRECTION_SHEETS, "services")
    seen = examine(edit(filled_template(name=NAME), _meta("directions", directions)))
    check_messages(seen)
    assert [p.code for p in seen.problems] == ["workbook.direction_unsupported"]
    assert seen.exit_code == 2
    assert seen.validate_json.exit_code == seen.score_json.exit_code == seen.exit_code
    assert not seen.scored.exists()
    for did in directions.split(","):
        if did != "complaints":
            for p in seen.problems:
                assert f"«{did}»" not in p.message, f"internal id shown as a sheet name: {p.message}"


# --------------------------------------------------------------------------- not ours at all; tampered metadata


def test_plain_workbook_is_not_ours(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Отчет"
    ws.append(["Поступило жалоб", 1000])
    ws.append(["Рассмотрено", 950])
    path = tmp_path / NAME
    wb.save(path)
    assert_outcome(examine(path), 2, Want("workbook.not_ours", contains=(META,)))


def test_empty_metadata_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Отчет"
    wb.create_sheet(META)
    path = tmp_path / NAME
    wb.save(path)
    assert_outcome(examine(path), 2, Want(frozenset({"workbook.not_ours", "workbook.metadata", "workbook.edition"})))


def test_blank_template_lists_every_input(tmp_path, blank_templates):
    path = tmp_path / NAME
    shutil.copy(blank_templates["cgo"], path)
    assert_outcome(examine(path), 1, *[Want("input.missing", SHEET, CELLS[s.key]) for s in COMPLAINTS.inputs])


TAMPERED = {
    "edition-int": ("edition", 2023, None, "workbook.edition"),
    "edition-empty": ("edition", None, None, frozenset({"workbook.edition", "workbook.metadata"})),
    "edition-error": ("edition", "#REF!", "e", frozenset({"workbook.edition", "workbook.metadata"})),
    "directions-int": ("directions", 42, None, "workbook.metadata"),
    "directions-empty": ("directions", None, None, "workbook.metadata"),
    "directions-unknown": ("directions", "sport", None, "workbook.metadata"),
    "body-type-int": ("body_type", 1, None, "workbook.metadata"),
    "body-type-empty": ("body_type", None, None, "workbook.metadata"),
    "period-text": ("period", "2022", None, "workbook.metadata"),
    "period-decimal": ("period", 2022.5, None, "workbook.metadata"),
    "period-empty": ("period", None, None, "workbook.metadata"),
    "period-bool": ("period", True, None, "workbook.metadata"),
    "period-date": ("period", datetime(2022, 1, 1), None, "workbook.metadata"),
    "period-error": ("period", "#N/A", "e", "workbook.metadata"),
    "period-negative": ("period", -1, None, "workbook.metadata"),
    "period-zero": ("period", 0, None, "workbook.metadata"),
    "period-99999": ("period", 99999, None, "workbook.metadata"),
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_tampered_metadata(filled_template, case):
    field, value, data_type, code = TAMPERED[case]
    assert_outcome(examine(edit(filled_template(name=NAME), _meta(field, value, data_type))), 2, Want(code))


# --------------------------------------------------------------------------- CLI: several files, score refusing


def test_score_folder_of_hostile_files_scores_only_the_good_one(tmp_path, filled_template):
    folder = tmp_path / "входящие"
    folder.mkdir()
    shutil.move(filled_template(name="good.xlsx"), folder / "good.xlsx")
    shutil.move(filled_template(name="bad.xlsx", f=-1), folder / "bad.xlsx")
    (folder / "junk.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (folder / "secret.xlsx").write_bytes(fake_ole("EncryptionInfo", "EncryptedPackage"))
    before = {p.name: sha(p) for p in folder.iterdir()}
    result = invoke("score", folder, "--json")
    assert result.exit_code == 2
    by_name = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(by_name) == set(before)
    assert by_name["good.xlsx"]["output"] == str(folder / "good.scored.xlsx")
    assert [p["code"] for p in by_name["bad.xlsx"]["problems"]] == ["input.negative"]
    assert [p["code"] for p in by_name["junk.xlsx"]["problems"]] == ["file.unreadable"]
    assert [p["code"] for p in by_name["secret.xlsx"]["problems"]] == ["file.encrypted"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, "good.scored.xlsx"])
    assert {n: sha(folder / n) for n in before} == before
    text = invoke("score", folder)
    assert text.exit_code == 2
    plain = squeeze(text.output)
    for name in ("bad.xlsx", "junk.xlsx", "secret.xlsx"):
        assert name in plain


@pytest.mark.parametrize("case", ["negative-input", "not-a-zip", "encrypted", "no-metadata"])
def test_score_in_place_refuses_without_touching(tmp_path, filled_template, case):
    if case == "negative-input":
        path, code = filled_template(name=NAME, f=-1), 1
    elif case == "no-metadata":
        path, code = edit(filled_template(name=NAME), _delete(META)), 2
    else:
        path, code = tmp_path / NAME, 2
        path.write_bytes(b"\x00" * 64 if case == "not-a-zip" else fake_ole("EncryptionInfo"))
    before, files = sha(path), listing(tmp_path)
    for args in (["--in-place"], ["--in-place", "--json"], ["-o", tmp_path / "out.xlsx"]):
        result = invoke("score", path, *args)
        assert result.exit_code == code
        assert sha(path) == before
        assert listing(tmp_path) == files, "score wrote something for a refused workbook"


# --------------------------------------------------------------------------- resources: bombs, huge tables, huge ranges


CHILD = textwrap.dedent("""
    import json, sys, time, traceback
    from pathlib import Path
    mode, path, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    result = {}
    started = time.monotonic()
    try:
        if mode == "check":
            from toolkit.check import check_file
            done = check_file(path)
            result = {"exit": done.exit_code, "problems": [p.to_dict() for p in done.problems]}
        else:
            from toolkit.run import score_file
            done = score_file(path)
            d = done.to_dict()
            result = {"exit": done.exit_code, "output": done.output, "problems": d["problems"],
                      "penalties": len(d.get("directions", {}).get("complaints", {}).get("penalties", []))}
    except BaseException:
        result = {"exception": traceback.format_exc()}
    result["seconds"] = time.monotonic() - started
    import re
    result["peak_mb"] = int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
""")


@dataclass
class ChildRun:
    finished: bool
    seconds: float
    peak_mb: float
    result: dict[str, Any]


def _peak_mb(pid: int) -> float:
    """The child's own high-water RSS (VmHWM belongs to its post-exec address space; ru_maxrss from wait4
    would also count the parent's RSS inherited at fork)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.M)
    return int(found.group(1)) / 1024 if found else 0.0


def in_child(mode: str, path: Path, limit: float) -> ChildRun:
    """check_file or score_file in a fresh interpreter, killed after `limit` seconds; its peak RSS measured."""
    out = path.with_name(path.name + f".{mode}.json")
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, mode, str(path), str(out)], cwd=REPO, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finished, peak = True, 0.0
    while True:
        peak = max(peak, _peak_mb(proc.pid))  # read before reaping: /proc/PID/status holds it until then
        pid, _status = os.waitpid(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > limit:
            peak = max(peak, _peak_mb(proc.pid))
            proc.kill()
            os.waitpid(proc.pid, 0)
            finished = False
            break
        time.sleep(0.02)
    proc.returncode = -1
    seconds = time.monotonic() - started
    result = json.loads(out.read_text(encoding="utf-8")) if finished and out.exists() else {}
    out.unlink(missing_ok=True)
    return ChildRun(finished, seconds, max(peak, result.pop("peak_mb", 0.0)), result)


def bounded_violations(run: ChildRun, what: str, limit: float, memory_mb: float) -> list[str]:
    """What went wrong in one bounded run, all of it, so a failure report shows time, memory and outcome."""
    found = []
    if not run.finished:
        found.append(f"{what}: still running after {limit:.0f} s (peak RSS so far {run.peak_mb:.0f} MB)")
    if run.peak_mb >= memory_mb:
        found.append(f"{what}: peak RSS {run.peak_mb:.0f} MB (limit {memory_mb:.0f} MB)")
    if "exception" in run.result:
        found.append(f"{what} raised:\n{run.result['exception']}")
    elif run.finished:
        if run.result["exit"] not in (0, 1, 2):
            found.append(f"{what}: exit {run.result['exit']}")
        found += [f"{what}: not a Russian message {p['message']!r}" for p in run.result["problems"]
                  if not CYRILLIC.search(p["message"])]
    return found


@dataclass
class Bounded:
    check: ChildRun
    score: ChildRun | None
    violations: list[str]

    def codes(self) -> list[str]:
        return [p["code"] for p in self.check.result.get("problems", [])]

    def exit(self) -> int | None:
        return self.check.result.get("exit")

    def require(self, ok: bool, message: str) -> None:
        if not ok:
            self.violations.append(message)

    def assert_ok(self) -> None:
        summary = (f"check: {self.check.seconds:.1f} s, {self.check.peak_mb:.0f} MB, {self.check.result}"
                   + (f"; score: {self.score.seconds:.1f} s, {self.score.peak_mb:.0f} MB, {self.score.result}"
                      if self.score else ""))
        assert not self.violations, "\n".join(self.violations) + "\n" + summary


def run_bounded(path: Path, limit: float, memory_mb: float) -> Bounded:
    """Check, then score, each in a child bounded in time; the input must stay unchanged, a refused file
    leave nothing behind, a scored copy hold every sheet. Call .require(…) for the case's own
    expectations, then .assert_ok()."""
    before, files = sha(path), listing(path.parent)
    checked = in_child("check", path, limit)
    found = bounded_violations(checked, "check", limit, memory_mb)
    if not checked.finished:
        return Bounded(checked, None, found)
    scored = in_child("score", path, limit)
    found += bounded_violations(scored, "score", limit, memory_mb)
    if sha(path) != before:
        found.append("the input file changed")
    if scored.finished and "exit" in scored.result and "exit" in checked.result:
        if scored.result["exit"] != checked.result["exit"]:
            found.append(f"score exit {scored.result['exit']} but check exit {checked.result['exit']}")
        if scored.result["exit"]:
            if listing(path.parent) != files:
                found.append("score wrote files for a workbook it refused")
        else:
            out = Path(scored.result["output"])
            scored_sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
            if not set(scored_sheets) >= set(openpyxl.load_workbook(path, read_only=True).sheetnames):
                found.append(f"scored copy lost sheets: {scored_sheets}")
    return Bounded(checked, scored, found)


BOMB_MB = 300
XML_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
XML_TAIL = b"</sheetData></worksheet>"


def _bomb(source: Path, target: Path, part: str, unit: bytes, add: dict[str, bytes] | None = None) -> Path:
    """Copy `source` with `part` replaced by BOMB_MB megabytes of `unit` inside a worksheet, streamed."""
    chunk = unit * ((1 << 20) // len(unit))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        names = [i.filename for i in src.infolist()]
        for name in names + ([part] if part not in names else []):
            data = (add or {}).get(name, src.read(name) if name in names else b"")
            if name == part:
                info = zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w", force_zip64=True) as fh:
                    fh.write(XML_HEAD)
                    for _ in range(BOMB_MB):
                        fh.write(chunk)
                    fh.write(XML_TAIL)
            else:
                dst.writestr(zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    assert target.stat().st_size < 2 << 20
    return target


def _added_sheet(path: Path) -> tuple[str, dict[str, bytes]]:
    """Register a sheet «Данные» at xl/worksheets/sheet99.xml, as a body adding its own sheet would."""
    parts = read_parts(path)
    part = "xl/worksheets/sheet99.xml"
    add = {
        "xl/workbook.xml": parts["xl/workbook.xml"].replace(
            b"</sheets>", '<sheet name="Данные" sheetId="99" state="visible" r:id="rIdBomb" /></sheets>'.encode()),
        "xl/_rels/workbook.xml.rels": parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="/xl/worksheets/sheet99.xml" Id="rIdBomb" /></Relationships>'),
        "[Content_Types].xml": parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.worksheet+xml" /></Types>'),
    }
    return part, add


BOMBS = ["instructions-spaces", "instructions-empty-rows", "added-sheet-spaces", "unreferenced-part"]


@pytest.mark.parametrize("case", BOMBS)
def test_zip_bomb_is_refused_quickly(tmp_path, filled_template, case):
    source = filled_template(name="source.xlsx")
    target = tmp_path / "in" / NAME
    target.parent.mkdir()
    if case.startswith("instructions"):
        unit = b" " if case.endswith("spaces") else b"<row/>"
        _bomb(source, target, sheet_part(source, INSTR), unit)
    elif case == "added-sheet-spaces":
        part, add = _added_sheet(source)
        _bomb(source, target, part, b" ", add)
    else:
        _bomb(source, target, "customXml/item1.xml", b" ")
    run = run_bounded(target, limit=20, memory_mb=300)
    run.require(run.check.finished and run.codes() == ["file.unreadable"] and run.exit() == 2,
                f"a {BOMB_MB} MB part was not refused: exit {run.exit()}, problems {run.codes()}")
    run.assert_ok()


def test_zip_declaring_a_small_size_that_inflates_larger(tmp_path, filled_template):
    source = filled_template(name="source.xlsx")
    parts = read_parts(source)
    part = sheet_part(source, INSTR)
    honest = len(parts[part])
    parts[part] = XML_HEAD + b" " * (50 << 20) + XML_TAIL
    target = write_parts(tmp_path / NAME, parts)
    data = bytearray(target.read_bytes())
    name = part.encode()
    for sig, size_at, name_len_at, header in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        i = data.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", data, i + name_len_at)[0]
            if data[i + header:i + header + n] == name:
                struct.pack_into("<I", data, i + size_at, honest)
            i = data.find(sig, i + 4)
    target.write_bytes(bytes(data))
    with zipfile.ZipFile(target) as archive:
        assert archive.getinfo(part).file_size == honest
    run = run_bounded(target, limit=20, memory_mb=300)
    run.require(run.codes() == ["file.unreadable"], f"not refused: {run.codes()}")
    run.assert_ok()
    assert_outcome(examine(target), 2, Want("file.unreadable"))


def _penalty_rows_xml(first: int, last: int) -> str:
    rows = []
    for r in range(first, last + 1):
        direction, kind, text = fact(r)
        rows.append(f'<row r="{r}"><c r="A{r}" t="n"><v>{r - first + 1}</v></c>'
                    f'<c r="B{r}" t="inlineStr"><is><t>{direction}</t></is></c>'
                    f'<c r="C{r}" t="inlineStr"><is><t>{kind}</t></is></c>'
                    f'<c r="D{r}" t="inlineStr"><is><t>{text}</t></is></c></row>')
    return "".join(rows)


def _resize_penalties(source: Path, target: Path, last: int, filled: bool) -> Path:
    parts = read_parts(source)
    part = sheet_part(source, PEN)
    xml = parts[part].decode()
    if filled:
        head, rest = xml.split(f'<row r="{FIRST_PENALTY_ROW}">', 1)
        xml = head + _penalty_rows_xml(FIRST_PENALTY_ROW, last) + rest[rest.index("</sheetData>"):]
        xml = re.sub(r'<dimension ref="[^"]*" />', f'<dimension ref="A1:E{last}" />', xml)
    parts[part] = xml.encode()
    table = next(n for n in parts if n.startswith("xl/tables/"))
    old = layout.penalties_range()
    parts[table] = parts[table].replace(f'ref="{old}"'.encode(), f'ref="A{layout.PENALTIES_HEADER_ROW}:E{last}"'.encode())
    assert f"E{last}".encode() in parts[table]
    return write_parts(target, parts)


def test_penalties_table_with_100000_filled_rows(tmp_path, filled_template):
    last = FIRST_PENALTY_ROW + 100_000 - 1
    path = _resize_penalties(filled_template(name="source.xlsx"), tmp_path / NAME, last, filled=True)
    run = run_bounded(path, limit=60, memory_mb=3000)
    run.require(run.exit() in (0, 1), f"exit {run.exit()}: 100 000 valid rows are ours, not unreadable")
    if run.score and run.score.result.get("exit") == 0:
        run.require(run.score.result["penalties"] == 100_000, f"{run.score.result['penalties']} facts counted")
    run.assert_ok()


def test_penalties_table_resized_to_the_last_row_of_the_sheet(tmp_path, filled_template):
    """Someone drags the table's corner to row 1 048 576; the rows stay empty. Nothing to read, so it must
    stay cheap."""
    path = _resize_penalties(filled_template(name="source.xlsx"), tmp_path / NAME, 1_048_576, filled=False)
    run = run_bounded(path, limit=60, memory_mb=1000)
    run.require(run.exit() == 0, f"an empty table was not scoreable: {run.codes()}")
    run.assert_ok()


def test_100000_rows_of_junk_in_an_added_sheet(tmp_path, filled_template):
    path = filled_template(name=NAME)
    rnd = random.Random(5)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Данные органа")
    for i in range(1, 100_001):
        ws.append([i, f"строка {rnd.random()}", rnd.random() * 1e6, f"=A{i}*2", "#N/A" if i % 7 == 0 else None])
    wb.save(path)
    run = run_bounded(path, limit=60, memory_mb=3000)
    run.require(run.exit() == 0 and run.score is not None and run.score.result.get("exit") == 0,
                f"an extra sheet of the body's made the workbook unscoreable: {run.codes()}")
    run.assert_ok()


def test_huge_merged_range(tmp_path, filled_template):
    """A merge over the rest of «Акт сверки» (A3:XFD1048576), as a slip of the mouse in Excel makes it."""
    source = filled_template(name="source.xlsx")
    parts = read_parts(source)
    part = sheet_part(source, PEN)
    xml, count = re.subn(r'<mergeCell ref="A3:E3" />', '<mergeCell ref="A3:XFD1048576" />', parts[part].decode())
    assert count == 1
    parts[part] = xml.encode()
    path = write_parts(tmp_path / NAME, parts)
    run_bounded(path, limit=20, memory_mb=1000).assert_ok()


# --------------------------------------------------------------------------- ambiguous packages


@pytest.mark.parametrize("case", ["duplicate-name", "duplicate-by-case", "leading-slash", "backslash"])
def test_ambiguous_part_names_are_refused(tmp_path, filled_template, case):
    """Readers disagree on which of two same-named entries counts (and on '/x' against 'x'), so a body's
    file could show Excel one thing and us another: such a package is refused, naming the entry."""
    parts = read_parts(filled_template(name="source.xlsx"))
    extra = {"duplicate-name": "xl/workbook.xml", "duplicate-by-case": "XL/Workbook.xml",
             "leading-slash": "/xl/workbook2.xml", "backslash": "xl\\worksheets\\sheet9.xml"}[case]
    path = tmp_path / NAME
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr(zipfile.ZipInfo(extra), parts["xl/workbook.xml"])
    seen = examine(path)
    assert_outcome(seen, 2, Want("file.unreadable"))
    assert extra in seen.problems[0].message


def test_an_entry_without_a_name_is_refused(tmp_path, filled_template):
    """A central-directory record whose name is empty (found by the zip-level fuzzer): refused, not a crash."""
    parts = read_parts(filled_template(name="source.xlsx"))
    path = tmp_path / NAME
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr("Z", b"")
    data = bytearray(path.read_bytes())
    record = data.rfind(b"PK\x01\x02")  # the last central-directory record: "Z"
    assert data[record + 46:record + 47] == b"Z"
    data[record + 28:record + 30] = (0).to_bytes(2, "little")  # no name; its byte now counts as extra field
    data[record + 30:record + 32] = (1).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    assert_outcome(examine(path), 2, Want("file.unreadable"))
