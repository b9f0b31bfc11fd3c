"""Workbooks saved by other programs read as well as ours (issue «foreign formats»).

Covers: Excel's «Strict Open XML Spreadsheet» (other namespaces, `t="d"` ISO dates) read and scored
like a transitional workbook; the 1904 date system; whole numbers with formula noise (400.000000000001);
dates pasted as text in the format we ask for; folders holding .xls/.ods/.csv beside .xlsx.

Every foreign file is made here from a workbook of ours (the committed samples or a filled template) by
rewriting its parts, so the original is the oracle: the variant must validate, extract and score as it does.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import shutil
import zipfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from conftest import SYMBOL_KEYS
from tests.openness_reports import CGO_REPORT
from tests.recalc import convert_with_libreoffice, needs_libreoffice, recalc_with_libreoffice, sheet_part
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.jsonio import fill
from toolkit.problems import CellRef, problem
from toolkit.files import scored_name
from toolkit.workbook import layout
from toolkit.workbook.reader import FOREIGN_FORMATS
from toolkit.workbook.record import RECORD_PART

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
OPENNESS = SAMPLES / "openness-МЮ.xlsx"
COMPLAINTS_SAMPLE = SAMPLES / "complaints-МЮ.xlsx"
SHEET = layout.DIRECTION_SHEETS["complaints"]
CELLS = layout.input_cells(load_catalog("2023-01").direction("complaints"))  # key → D15…

TO_STRICT = [  # transitional → strict URIs; longer first, so a prefix never eats a longer URI
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"),
]
TRANSITIONAL_URIS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                     "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
DAYS_1900_TO_1904 = 1462
EPOCH_1900 = datetime(1899, 12, 30)


# --------------------------------------------------------------------------- helpers


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0)), data)
    return path


Parts = dict[str, bytes]
_CELL = re.compile(rb'<c ([^>]*?)(?<!/)>(<v>([^<]*)</v>)</c>')


def _date_styles(parts: Parts) -> set[int]:
    """Indices of cellXfs whose number format is a date format (read with ElementTree, not our reader)."""
    root = ET.fromstring(parts["xl/styles.xml"])
    formats = dict(BUILTIN_FORMATS)
    out = set()
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "numFmts":
            formats.update({int(f.get("numFmtId")): f.get("formatCode") for f in el})
        elif tag == "cellXfs":
            out |= {i for i, xf in enumerate(el) if is_date_format(formats.get(int(xf.get("numFmtId", "0")), ""))}
    return out


def _rewrite_date_cells(parts: Parts, change: Callable[[bytes, float], bytes]) -> int:
    """Apply `change(attributes, serial)` → new <c> element to every numeric date-styled cell; returns how many."""
    styles = _date_styles(parts)
    count = 0
    for name in [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]:
        def one(m: re.Match[bytes]) -> bytes:
            nonlocal count
            attrs = m.group(1)
            style = re.search(rb'\bs="(\d+)"', attrs)
            kind = re.search(rb'\bt="(\w+)"', attrs)
            if style is None or int(style.group(1)) not in styles or (kind and kind.group(1) != b"n"):
                return m.group(0)
            count += 1
            return change(re.sub(rb'\s*\bt="n"', b"", attrs), float(m.group(3)))
        parts[name] = _CELL.sub(one, parts[name])
    return count


def iso_dates(parts: Parts) -> Parts:
    """Date cells stored as Strict stores them: t="d" with an ISO 8601 value (legal in transitional too)."""
    def iso(attrs: bytes, serial: float) -> bytes:
        when = (EPOCH_1900 + timedelta(days=serial)).isoformat()
        return b'<c %s t="d"><v>%s</v></c>' % (attrs, when.encode())
    _rewrite_date_cells(parts, iso)
    return parts


def date1904(parts: Parts) -> Parts:
    """The 1904 date system: every date serial 1462 days smaller, and the flag on workbookPr."""
    def shift(attrs: bytes, serial: float) -> bytes:
        value = serial - DAYS_1900_TO_1904
        return b"<c %s><v>%s</v></c>" % (attrs, (str(int(value)) if value.is_integer() else repr(value)).encode())
    _rewrite_date_cells(parts, shift)
    workbook = parts["xl/workbook.xml"]
    if re.search(rb"<workbookPr\b", workbook):
        workbook = re.sub(rb"<workbookPr\b", b'<workbookPr date1904="1"', workbook, count=1)
    else:
        workbook = re.sub(rb"(<workbook\b[^>]*>)", rb'\1<workbookPr date1904="1"/>', workbook, count=1)
    parts["xl/workbook.xml"] = workbook
    return parts


def strict_namespaces(parts: Parts) -> Parts:
    """Every XML part in strict namespaces and relationship types, workbook marked conformance="strict"."""
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            for old, new in TO_STRICT:
                data = data.replace(old.encode(), new.encode())
            parts[name] = data
    parts["xl/workbook.xml"] = re.sub(rb"(<workbook\b)", rb'\1 conformance="strict"', parts["xl/workbook.xml"], count=1)
    return parts


def strict(parts: Parts) -> Parts:
    """What Excel's «Strict Open XML Spreadsheet» writes: strict URIs and ISO date cells."""
    return strict_namespaces(iso_dates(parts))


VARIANTS: dict[str, Callable[[Parts], Parts]] = {
    "strict": strict,
    "iso_dates": iso_dates,
    "date1904": date1904,
    "strict_1904_serials": lambda parts: strict_namespaces(date1904(parts)),
}


def variant(source: Path, name: str, folder: Path) -> Path:
    return write_parts(folder / f"{name}-{source.name}", VARIANTS[name](read_parts(source)))


def without_path(doc: dict[str, Any]) -> list[Any]:
    return [{k: v for k, v in f.items() if k not in ("path", "output")} for f in doc["files"]]


# --------------------------------------------------------------------------- strict, ISO dates, 1904


@pytest.mark.parametrize("source", [OPENNESS, COMPLAINTS_SAMPLE], ids=["openness", "complaints"])
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_foreign_variant_reads_like_the_original(tmp_path, source, name):
    original = shutil.copy(source, tmp_path / source.name)
    foreign = variant(original, name, tmp_path)
    before = sha(foreign)
    expected, got = run("validate", original, "--json"), run("validate", foreign, "--json")
    assert (got.exit_code, without_path(json.loads(got.stdout))) == (expected.exit_code, without_path(json.loads(expected.stdout)))
    assert got.exit_code == 0
    assert json.loads(run("extract", foreign, "--json").stdout) == json.loads(run("extract", original, "--json").stdout)
    assert sha(foreign) == before


def test_strict_variant_really_is_strict(tmp_path):
    """The helper's own check: nothing transitional is left, and the openness dates are ISO cells."""
    parts = read_parts(variant(OPENNESS, "strict", tmp_path))
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            assert not any(uri.encode() in data for uri in TRANSITIONAL_URIS), name
    assert sum(data.count(b't="d"><v>2022-') for data in parts.values()) > 50


def test_1904_serials_alone_read_four_years_early_without_the_flag(tmp_path):
    """The flag is what the reader must honour: serials shifted without it are dates of 2018, out of period."""
    parts = date1904(read_parts(OPENNESS))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' date1904="1"', b"")
    shifted = write_parts(tmp_path / "no-flag.xlsx", parts)
    codes = {p["code"] for p in json.loads(run("validate", shifted, "--json").stdout)["files"][0]["problems"]}
    assert "list.date_outside" in codes


def _directions(doc: dict[str, Any]) -> list[Any]:
    return [f.get("directions") for f in doc["files"]]


@pytest.mark.parametrize("source", [OPENNESS, COMPLAINTS_SAMPLE], ids=["openness", "complaints"])
def test_score_strict_writes_a_strict_package_that_reads_and_verifies(tmp_path, source):
    original = shutil.copy(source, tmp_path / source.name)
    foreign = variant(original, "strict", tmp_path)
    before, submitted = sha(foreign), read_parts(foreign)
    expected, got = run("score", original, "--json"), run("score", foreign, "--json")
    assert got.exit_code == expected.exit_code == 0
    assert _directions(json.loads(got.stdout)) == _directions(json.loads(expected.stdout))
    assert sha(foreign) == before
    scored = Path(json.loads(got.stdout)["files"][0]["output"])
    parts = read_parts(scored)
    ours = set(parts) - set(submitted) - {RECORD_PART}
    assert len(ours) == 3 and RECORD_PART in parts  # «Баллы», «Заключение», «Журнал», and our record
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            assert not any(uri.encode() in data for uri in TRANSITIONAL_URIS), f"{name} is not strict"
    for name in ours:
        assert ET.fromstring(parts[name]).tag == "{http://purl.oclc.org/ooxml/spreadsheetml/main}worksheet"
    assert parts["xl/_rels/workbook.xml.rels"].count(b"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet") \
        == parts["xl/workbook.xml"].count(b"<sheet ")
    assert run("verify", scored).exit_code == 0
    assert run("validate", scored).exit_code == 0
    assert json.loads(run("extract", scored, "--json").stdout) == json.loads(run("extract", original, "--json").stdout)
    rescored = run("score", scored, "--in-place", "--json")  # re-scoring rewrites our strict parts in place
    assert rescored.exit_code == 0 and run("verify", scored).exit_code == 0


@needs_libreoffice
def test_scored_strict_workbook_opens_in_libreoffice(tmp_path):
    """LibreOffice opens the scored strict copy and computes our formulas to the values we cached."""
    original = shutil.copy(OPENNESS, tmp_path / OPENNESS.name)
    foreign = variant(original, "strict", tmp_path)
    assert run("score", foreign).exit_code == 0
    scored = scored_name(foreign)
    converted = recalc_with_libreoffice(scored, tmp_path / "lo")
    theirs = openpyxl.load_workbook(converted, data_only=True)
    assert theirs.sheetnames == [*openpyxl.load_workbook(original, read_only=True).sheetnames, *layout.OUR_OUTPUT_SHEETS]
    ours = openpyxl.load_workbook(_score(original), data_only=True)
    for sheet in layout.OUR_OUTPUT_SHEETS[:2]:
        for row_ours, row_theirs in zip(ours[sheet].iter_rows(values_only=True), theirs[sheet].iter_rows(values_only=True)):
            assert [_rounded(v) for v in row_theirs] == [_rounded(v) for v in row_ours]
    assert run("validate", converted).exit_code == 0  # and the round trip still reads as ours


def _score(path: Path) -> Path:
    assert run("score", path).exit_code == 0
    return scored_name(path)


def _rounded(value: Any) -> Any:
    return round(value, 9) if isinstance(value, float) else value


def test_score_strict_without_a_style_part_adds_a_strict_one(tmp_path):
    parts = strict(read_parts(COMPLAINTS_SAMPLE))
    del parts["xl/styles.xml"]
    parts["xl/_rels/workbook.xml.rels"] = re.sub(rb'<Relationship [^>]*/styles"[^>]*/>', b"",
                                                 parts["xl/_rels/workbook.xml.rels"])
    parts["[Content_Types].xml"] = re.sub(rb'<Override PartName="/xl/styles.xml"[^>]*/>', b"", parts["[Content_Types].xml"])
    foreign = write_parts(tmp_path / "no-styles.xlsx", parts)
    assert run("score", foreign).exit_code == 0
    scored = read_parts(scored_name(foreign))
    assert ET.fromstring(scored["xl/styles.xml"]).tag == "{http://purl.oclc.org/ooxml/spreadsheetml/main}styleSheet"
    assert b'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles"' in scored["xl/_rels/workbook.xml.rels"]
    assert run("verify", scored_name(foreign)).exit_code == 0


# --------------------------------------------------------------------------- whole numbers with formula noise

CATALOG = load_catalog("2023-01")
OPENNESS_DIRECTION = CATALOG.direction("openness")
PLACES = {place.spec.key: place for plan in layout.sheet_plans(OPENNESS_DIRECTION, "cgo") for place in plan.lists}


def list_cell(key: str, row_index: int, field: str) -> tuple[str, str]:
    """(sheet, A1) of a cell of an openness list (CGO), `row_index` counting its rows from 0."""
    place = PLACES[f"openness.{key}"]
    return place.sheet, f"{place.columns[field]}{place.header_row + 1 + row_index}"


def openness_report(blanks: dict[str, Path], tmp_path: Path, **cells: Any) -> Path:
    """The hand-computed CGO report filled into a real template, then cells set as a clerk's Excel would."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    target = tmp_path / "openness.xlsx"
    assert fill(blanks["cgo"], copy.deepcopy(CGO_REPORT), target) == []
    wb = openpyxl.load_workbook(target)
    for (sheet, coord), value in cells.values():
        wb[sheet][coord].value = 1 if isinstance(value, float) else value
    wb.save(target)
    for at, value in cells.values():
        if isinstance(value, float):
            put_number(target, at, value)
    return target


def put_number(path: Path, at: tuple[str, str], value: float) -> Path:
    """Store a float exactly as Excel would (its shortest repr): openpyxl writes 16 digits, so
    119.99999999999999 would arrive as 120. The cell must hold a number already."""
    parts = read_parts(path)
    with zipfile.ZipFile(path) as package:
        name = sheet_part(package, at[0])
    cell = re.compile(rb'(<c r="%s"[^>]*>)<v>[^<]*</v>' % at[1].encode())
    parts[name], count = cell.subn(lambda m: m.group(1) + b"<v>%s</v>" % repr(value).encode(), parts[name])
    assert count == 1, f"no number in {at}"
    return write_parts(path, parts)


def flat(path: Path) -> set[tuple[str | None, str | None, str]]:
    return {(p.where.sheet if p.where else None, p.where.cell if p.where else None, p.code)
            for p in check_file(path).problems}


@pytest.mark.parametrize(("value", "expected", "code"), [
    (400.000000000001, 400, None),
    (399.99999999999994, 400, None),
    (400.00000000000006, 400, None),  # =0,1*4000 style noise, one ulp above
    (-1e-13, 0, None),  # =A1-A2 of two equal sums
    (400.5, None, "input.not_integer"),
    (400.001, None, "input.not_integer"),
    (-1.0000000000001, None, "input.negative"),
])
def test_scalar_count_with_formula_noise_is_the_whole_number(filled_template, value, expected, code):
    key = SYMBOL_KEYS["a"]  # «…удовлетворено судом»: a 0 of GOOD, any whole number up to p is fine
    path = put_number(filled_template(a=7), (SHEET, CELLS[key]), value)
    before = sha(path)
    checked = check_file(path)
    assert flat(path) == ({(SHEET, CELLS[key], code)} if code else set())
    if code is None:
        assert checked.inputs.values[key] == expected and type(checked.inputs.values[key]) is int
        assert run("score", path, "--json").exit_code == 0
    else:
        assert run("validate", path).exit_code == 1
    assert sha(path) == before


@pytest.mark.parametrize(("value", "expected", "code"), [
    (120.00000000000003, 120, None),
    (119.99999999999999, 120, None),
    (120.5, None, "list.not_number"),
])
def test_list_count_with_formula_noise_is_the_whole_number(openness_blanks, tmp_path, value, expected, code):
    at = list_cell("dialogue.conferences", 0, "participants")
    path = openness_report(openness_blanks, tmp_path, participants=(at, value))
    checked = check_file(path)
    assert flat(path) == ({(*at, code)} if code else set())
    if code is None:
        row = checked.inputs.lists["openness.dialogue.conferences"].rows[0]
        assert row.values["participants"] == expected and type(row.values["participants"]) is int


# --------------------------------------------------------------------------- dates pasted as text

PLACED_RU = list_cell("open_data.publications", 1, "placed_ru")  # 15.03.2022 in the hand-computed report


def _text_cell(value: str) -> tuple[tuple[str, str], str]:
    return PLACED_RU, value


@pytest.mark.parametrize(("text", "code", "day"), [
    ("15.03.2022", "list.date_as_text", date(2022, 3, 15)),
    ("15.03.2022 ", "list.date_as_text", date(2022, 3, 15)),
    ("\u00a015.3.2022", "list.date_as_text", date(2022, 3, 15)),
    ("2022-03-15", "list.date_as_text", date(2022, 3, 15)),
    ("31.02.2022", "list.no_such_date", None),
    ("вчера", "list.not_date", None),
    ("15.03.22", "list.not_date", None),
    ("15 марта 2022", "list.not_date", None),
])
def test_date_typed_as_text(openness_blanks, tmp_path, text, code, day):
    path = openness_report(openness_blanks, tmp_path, placed_ru=_text_cell(text))
    before = sha(path)
    checked = check_file(path)
    # an unread date also leaves its «Да» (correct_ru) without a date: that warning follows, rightly
    assert {t for t in flat(path) if t[2] != "list.requires"} == {(*PLACED_RU, code)}
    message = checked.problems[0].message
    assert message.startswith(f"{PLACED_RU[0]}!{PLACED_RU[1]}")
    if day is not None:  # read as the date, scored as the original report
        assert message == problem(code, CellRef(*PLACED_RU), "openness.open_data.publications",
                                  title=PLACES["openness.open_data.publications"].spec.title,
                                  column="Дата размещения (рус.)", value=text.strip(), date="15.03.2022").message
        assert checked.inputs.lists["openness.open_data.publications"].rows[1].values["placed_ru"] == day
        result = run("score", path, "--json")
        assert result.exit_code == 0
        original = openness_report(openness_blanks, tmp_path / "original")
        assert _directions(json.loads(result.stdout)) == _directions(json.loads(run("score", original, "--json").stdout))
    else:
        assert run("validate", path).exit_code == 1
        assert "— не дата. Введите" not in message  # the old self-contradiction
    if code == "list.not_date":
        assert f"текст «{text}»" in message
    assert sha(path) == before


# --------------------------------------------------------------------------- other formats in a folder

OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
FOREIGN_FILES: dict[str, tuple[Callable[[], bytes], str]] = {  # name: (bytes, a word its reason must hold)
    "старый.xls": (lambda: OLE_BYTES, ".xls"),
    "выгрузка.csv": (lambda: "m;p;f\n1000;950;3\n".encode("cp1251"), "CSV"),
    "из-calc.ods": (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}), ".ods"),
    "двоичная.xlsb": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"}), ".xlsb"),
    "мак.numbers": (lambda: _zip({"Index/Document.iwa": b"\x00"}), "Numbers"),
}
IGNORED = ("~$good.xlsx", "~$старый.xls", "good.scored.xlsx", "good.xlsx.bak", "заметки.txt")


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


def foreign_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "отчеты"
    folder.mkdir()
    shutil.copy(COMPLAINTS_SAMPLE, folder / "good.xlsx")
    for name, (make, _) in FOREIGN_FILES.items():
        (folder / name).write_bytes(make())
    for name in IGNORED:
        (folder / name).write_bytes(b"~")
    return folder


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: sha(p) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", ["validate", "score"])
def test_folder_reports_every_spreadsheet_of_another_format(tmp_path, command):
    folder = foreign_folder(tmp_path)
    before = hashes(folder)
    result = run(command, folder, "--json")
    assert result.exit_code == 2
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"good.xlsx", *FOREIGN_FILES}
    errors = [p["code"] for p in files["good.xlsx"]["problems"] if p["severity"] == "error"]
    # the stale «good.scored.xlsx» there is not a scored copy of ours: it is never replaced
    assert errors == (["file.output_exists"] if command == "score" else [])
    for name, (_, hint) in FOREIGN_FILES.items():
        (found,) = files[name]["problems"]
        assert (found["sheet"], found["cell"], found["code"]) == (None, None, "file.unreadable")
        assert hint in found["message"] and "Сохраните отчет в формате «Книга Excel (*.xlsx)»" in found["message"]
    assert hashes(folder) == before
    plain = run(command, folder)  # the human table names every file
    for name in FOREIGN_FILES:
        assert name in plain.output
    if command == "validate":
        assert "Проверено файлов: 6" in plain.output


def test_folder_of_only_other_formats_says_so_and_lists_them(tmp_path):
    folder = tmp_path / "отчеты"
    folder.mkdir()
    (folder / "старый.xls").write_bytes(OLE_BYTES)
    result = run("validate", folder, "--json")
    assert result.exit_code == 2
    codes = [(Path(f["path"]).name, p["code"]) for f in json.loads(result.stdout)["files"] for p in f["problems"]]
    assert codes == [("отчеты", "file.no_workbooks"), ("старый.xls", "file.unreadable")]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("пусто.csv", b"", "файл пуст"),
    ("выгрузка.csv", b"a;b\n", FOREIGN_FORMATS[".csv"]),
    ("старый.xls", OLE_BYTES, FOREIGN_FORMATS[".xls"]),
])
def test_other_format_given_directly_reads_well(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("validate", path, "--json")
    assert result.exit_code == 2
    (found,) = json.loads(result.stdout)["files"][0]["problems"]
    assert found["message"] == problem("file.unreadable", reason=reason).message


@needs_libreoffice
def test_real_files_saved_by_libreoffice_are_reported_in_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(COMPLAINTS_SAMPLE, folder / "good.xlsx")
    for fmt in ("ods", "xls", "csv"):
        (converted,) = convert_with_libreoffice([COMPLAINTS_SAMPLE], tmp_path / fmt, fmt)
        shutil.copy(converted, folder / f"copy.{fmt}")
    result = run("validate", folder, "--json")
    assert result.exit_code == 2
    codes = {Path(f["path"]).name: [p["code"] for p in f["problems"] if p["severity"] == "error"]
             for f in json.loads(result.stdout)["files"]}
    assert codes == {"good.xlsx": [], "copy.ods": ["file.unreadable"], "copy.xls": ["file.unreadable"],
                     "copy.csv": ["file.unreadable"]}


def test_a_number_in_a_date_column_is_named_as_a_number(openness_blanks, tmp_path):
    """44635 in a cell whose format is not a date: the message says «число 44635», and how to fix it."""
    path = openness_report(openness_blanks, tmp_path, placed_ru=_text_cell("x"))
    wb = openpyxl.load_workbook(path)
    cell = wb[PLACED_RU[0]][PLACED_RU[1]]
    cell.value, cell.number_format = 44635, "General"
    wb.save(path)
    (found,) = [p for p in check_file(path).problems if p.code != "list.requires"]
    assert (found.where.sheet, found.where.cell, found.code) == (*PLACED_RU, "list.not_date")
    assert "число 44635" in found.message and "формат «Дата»" in found.message
