"""Fuzzing the promise of test_hostile.py: a valid filled workbook, mutated at random, never crashes xlscore.

Three levels of mutation, one test each:

* zip level — bytes flipped, deleted, inserted or overwritten at random offsets (biased towards the zip
  headers and the central directory), the file truncated;
* part level — the package re-zipped with valid CRCs after a part is dropped, replaced by random bytes,
  truncated, or its XML mutated: attribute values changed, elements deleted or duplicated, cell types
  swapped (t="s"/"n"/"e"/"inlineStr"/…), r= references changed, cell texts replaced, entities injected;
* cell level — through openpyxl, values of random types (numbers, text, dates, booleans, error values,
  formula-looking text) in the input cells, the body's identity, the «Акт сверки» table and the
  metadata sheet, plus structural edits (rows inserted or deleted, ranges merged, names deleted,
  sheets renamed or hidden).

For every mutant: check_file and score_file return (any exception, or running past
XLSCORE_FUZZ_TIMEOUT seconds, is a failure); every problem has a non-empty Russian message, never
«None», and a real sheet and A1 cell when it names a place; exit codes are in {0, 1, 2} and agree
between check and score; the input bytes are unchanged; a refused file leaves nothing behind; a scored
copy opens with openpyxl and holds every sheet of the input.

XLSCORE_FUZZ_EXAMPLES sets the examples per test (default 500: the file runs in about two minutes on
two cores). Shrinking is off: one example costs up to a second, and each failure is reported with the
mutations that produced it (hypothesis `note`). atheris is not used: it is not installed here.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, Phase, assume, given, note, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.packages import assert_only_ours_and_recorded_edits
from conftest import CATALOG, COMPLAINTS, complaints_values, write_named
from toolkit.check import check_file
from toolkit.files import scored_name
from toolkit.run import score_file
from toolkit.workbook import layout
from toolkit.workbook.template import write_template

EXAMPLES = int(os.environ.get("XLSCORE_FUZZ_EXAMPLES", "500"))
TIMEOUT = int(os.environ.get("XLSCORE_FUZZ_TIMEOUT", "20"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
                print_blob=True)

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")
SHEET = layout.DIRECTION_SHEETS["complaints"]
PEN = layout.PENALTIES_SHEET
FIRST_PENALTY_ROW = layout.PENALTIES_HEADER_ROW + 1


# --------------------------------------------------------------------------- the valid workbook every mutant starts from


@lru_cache(maxsize=1)
def base() -> bytes:
    """A real template, filled: every input, the body's name and code, three rows of «Акт сверки»."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.xlsx"
        write_template(path, CATALOG, ("complaints",), "cgo", 2022)
        write_named(path, {**complaints_values(), "body.name": "Министерство юстиции", "body.code": "МЮ"})
        wb = openpyxl.load_workbook(path)
        ws = wb[PEN]
        for i, row in enumerate([("complaints", "unreliable", "Занижено число жалоб"),
                                 (COMPLAINTS.title, "неполная информация", "Нет таблицы 2"),
                                 ("openness", "unreliable", "Факт другого направления")]):
            for col, value in zip("BCD", row):
                ws[f"{col}{FIRST_PENALTY_ROW + i}"] = value
        wb.save(path)
        data = path.read_bytes()
    assert check_file_bytes_ok(data), "the base workbook must be valid, or the fuzz proves nothing"
    return data


def check_file_bytes_ok(data: bytes) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.xlsx"
        path.write_bytes(data)
        return check_file(path).exit_code == 0


@lru_cache(maxsize=1)
def base_parts() -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(io.BytesIO(base())) as archive:
        return tuple((i.filename, archive.read(i.filename)) for i in archive.infolist())


def rezip(parts: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, (2023, 1, 31, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


class Mutant:
    """A mutated workbook; its repr is the list of mutations, so a failure report stays readable."""

    def __init__(self, data: bytes, done: list[str]) -> None:
        self.data, self.done = data, done

    def __repr__(self) -> str:
        return f"Mutant({len(self.data)} bytes: {'; '.join(self.done)})"


# --------------------------------------------------------------------------- the promise


class TimedOut(BaseException):
    """Not an Exception: the toolkit's own `except Exception` must not swallow our time limit."""


@contextmanager
def time_limit(seconds: int, what: str):
    def fire(signum: int, frame: Any) -> None:
        raise TimedOut(f"{what} ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_problems_clean(problems: Any) -> None:
    for p in problems:
        assert p.message and p.message.strip(), p
        assert CYRILLIC.search(p.message), f"not a Russian message: {p.message!r}"
        assert "«None»" not in p.message, f"«None» shown to the user: {p.message}"
        assert "Traceback" not in p.message
        if p.where is not None:
            assert isinstance(p.where.sheet, str) and p.where.sheet, p
            assert A1.match(p.where.cell), f"not a cell address: {p.where.cell!r} ({p.code}: {p.message})"


def sheet_names(path: Path) -> list[str] | None:
    """The sheets as the toolkit's own reader sees them (openpyxl in normal mode; read-only mode trusts
    <dimension> and fails where normal mode does not)."""
    try:
        wb = openpyxl.load_workbook(path)
    except Exception:
        return None
    names = list(wb.sheetnames)
    wb.close()
    return names


def assert_parts_kept(original: Path, scored: Path) -> None:
    """The package diff holds only our parts and the recorded edits; verify finds nothing."""
    from toolkit.integrity.verify import verify_file

    assert_only_ours_and_recorded_edits(original, scored)
    result = verify_file(scored)
    assert result.intact, [p.message for p in result.problems]


def assert_promise(data: bytes, suffix: str = ".xlsx") -> None:
    digest = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"отчет{suffix}"
        path.write_bytes(data)
        with time_limit(TIMEOUT, "check_file"):
            checked = check_file(path)
        assert checked.exit_code in (0, 1, 2)
        assert_problems_clean(checked.problems)
        assert (checked.exit_code == 0) == checked.valid
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "check changed the input"
        with time_limit(TIMEOUT, "score_file"):
            scored = score_file(path)
        assert scored.exit_code in (0, 1, 2)
        assert scored.exit_code == checked.exit_code, (scored.exit_code, checked.exit_code)
        assert_problems_clean(scored.problems)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, "score changed the input"
        out = scored_name(path)
        if scored.output is None:
            assert checked.exit_code != 0
            assert sorted(p.name for p in Path(folder).iterdir()) == [path.name], "a refused file left files behind"
        else:
            assert Path(scored.output) == out and out.exists()
            assert_parts_kept(path, out)
            original = sheet_names(path)
            if original is None:
                # openpyxl is stricter than Excel about some attributes (a table's id, say) of parts we
                # never read; the promise is then that we made nothing worse: all parts kept, ours sound
                return
            got = sheet_names(out)
            assert got is not None, "the input opens in openpyxl, the scored copy does not"
            assert set(original) <= set(got), f"sheets lost: {original} → {got}"
            for sheet in layout.OUR_OUTPUT_SHEETS:
                assert sheet in got


# --------------------------------------------------------------------------- zip level


ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06")


@lru_cache(maxsize=1)
def header_offsets() -> tuple[int, ...]:
    data = base()
    found = []
    for sig in ZIP_SIGNATURES:
        i = data.find(sig)
        while i >= 0:
            found.append(i)
            i = data.find(sig, i + 1)
    return tuple(sorted(found))


@st.composite
def zip_mutants(draw: Any) -> Mutant:
    data = bytearray(base())
    done = []
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        size = len(data)
        at = draw(st.one_of(
            st.integers(0, size - 1),
            st.builds(lambda o, d: min(max(o + d, 0), size - 1), st.sampled_from(header_offsets()), st.integers(0, 45)),
            st.integers(max(0, size - 200), size - 1),  # the central directory and its end record
        ))
        op = draw(st.sampled_from(["flip", "delete", "insert", "overwrite", "truncate"]))
        if op == "flip":
            mask = draw(st.integers(1, 255))
            data[at] ^= mask
            done.append(f"flip byte {at} ^ {mask}")
        elif op == "delete":
            n = draw(st.integers(1, 64))
            del data[at:at + n]
            done.append(f"delete {n} bytes at {at}")
        elif op == "insert":
            chunk = draw(st.binary(min_size=1, max_size=64))
            data[at:at] = chunk
            done.append(f"insert {chunk!r} at {at}")
        elif op == "overwrite":
            chunk = draw(st.one_of(st.binary(min_size=1, max_size=8),
                                   st.sampled_from([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\xff\x7f"])))
            data[at:at + len(chunk)] = chunk
            done.append(f"overwrite {chunk!r} at {at}")
        else:
            del data[at:]
            done.append(f"truncate to {at} bytes")
    return Mutant(bytes(data), done)


@FUZZ
@given(zip_mutants())
def test_fuzz_zip_level(mutant):
    note(f"zip-level mutations: {mutant.done}")
    assert_promise(mutant.data)


# --------------------------------------------------------------------------- part level


# Never the literal word «None»: a clerk's «None» shown back is right, and the check below could not tell
# it from Python's None leaking into a message.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12).filter(lambda t: t.strip() != "None")
ATTR_VALUES = st.one_of(TEXT, st.sampled_from([
    "", "0", "1", "-1", "2", "4", "99999999999", "1e308", "NaN", "A1", "D15", "D16", "E36", "A6:E36", "A6",
    "E36:A6", "A6:E37", "XFD1048576", "A1048577", "A0", "ZZZZ1", "A1:XFD1048576", "A6:E1048576", "D15:D16",
    "#REF!", "'Прил. 11'!$D$15", "'Акт сверки'!$D$7", "hidden", "veryHidden", "visible", "true", "false",
    "s", "n", "e", "str", "inlineStr", "b", "d", "rId1", "rId4", "rId999", "/xl/worksheets/sheet1.xml",
    "../../../../etc/passwd", "http://example.invalid/x", "Прил. 11", "_xlscore", "Акт сверки", "penalties",
    "complaints.received_total", "body.name",
]))
REFS = st.one_of(st.sampled_from(["A1", "D15", "D21", "B7", "D7", "E36", "A37", "XFD1048576", "A1048576", "AAA1",
                                  "A0", "0", "", "D", "15", "d15", "$D$15", "D15:D16", "-1", "ZZZZ9"]), TEXT)
CELL_TYPES = st.sampled_from(["s", "n", "e", "inlineStr", "b", "str", "d", "", "x"])
CELL_TEXTS = st.one_of(TEXT, st.sampled_from([
    "0", "-1", "2.5", "1e308", "-1e308", "NaN", "INF", "#REF!", "#DIV/0!", "#N/A", "1 234", "99999999999999999999",
    "complaints", "unreliable", "2023-01", "2019-01", "openness", "mio", "xyz", "2022", "=1+1", "&amp;", "]]>",
    "Качество рассмотрения жалоб и заявлений", "недостоверная информация", "1900-01-01T00:00:00",
]))
LAUGHS = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")
ENTITIES = st.sampled_from([
    (LAUGHS, "&i;"),
    ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    ('<!DOCTYPE x [<!ENTITY e "plain">]>', "&e;"),
    ('<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>', ""),
    ("<!DOCTYPE x>", ""),
])

ATTR = re.compile(r'(\s[\w:]+=")([^"]*)(")')
ELEMENT = re.compile(r"<([\w:]+)\b[^<>]*/>|<([\w:]+)\b[^<>]*>[^<>]*</\2>")
CELL = re.compile(r"<c\b[^>]*?(?:/>|>)")
REF = re.compile(r'(\sr=")([^"]*)(")')
VALUE = re.compile(r"(<(?:v|t)(?:\s[^>]*)?>)([^<]*)(</(?:v|t)>)")
XML_OPS = ["attribute", "delete-element", "duplicate-element", "cell-type", "ref", "text", "entity", "truncate"]


def _pick(draw: Any, matches: list[re.Match]) -> re.Match | None:
    return matches[draw(st.integers(0, len(matches) - 1))] if matches else None


def _mutate_xml(draw: Any, text: str) -> tuple[str, str]:
    op = draw(st.sampled_from(XML_OPS))
    if op == "attribute":
        m = _pick(draw, list(ATTR.finditer(text)))
        if m:
            value = draw(ATTR_VALUES).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            return text[:m.start(2)] + value + text[m.end(2):], f"attribute {m.group(1).strip()} {m.group(2)!r} → {value!r}"
    elif op in ("delete-element", "duplicate-element"):
        m = _pick(draw, list(ELEMENT.finditer(text)))
        if m:
            copy = m.group(0) if op == "delete-element" else m.group(0) * 2
            replaced = "" if op == "delete-element" else copy
            return text[:m.start()] + replaced + text[m.end():], f"{op} {m.group(0)[:80]!r}"
    elif op == "cell-type":
        m = _pick(draw, list(CELL.finditer(text)))
        if m:
            kind = draw(CELL_TYPES)
            tag = re.sub(r'\st="[^"]*"', "", m.group(0))
            tag = tag.replace("<c", f'<c t="{kind}"', 1) if kind else tag
            return text[:m.start()] + tag + text[m.end():], f"cell type of {m.group(0)[:40]!r} → {kind!r}"
    elif op == "ref":
        m = _pick(draw, list(REF.finditer(text)))
        if m:
            value = draw(REFS).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            return text[:m.start(2)] + value + text[m.end(2):], f"r={m.group(2)!r} → {value!r}"
    elif op == "text":
        m = _pick(draw, list(VALUE.finditer(text)))
        if m:
            value = draw(CELL_TEXTS)
            escaped = value.replace("&", "&amp;").replace("<", "&lt;") if draw(st.booleans()) else value
            return text[:m.start(2)] + escaped + text[m.end(2):], f"text {m.group(2)[:30]!r} → {escaped!r}"
    elif op == "entity":
        doctype, reference = draw(ENTITIES)
        out = text.replace("?>", "?>" + doctype, 1) if text.startswith("<?xml") else doctype + text
        m = _pick(draw, list(VALUE.finditer(out)))
        if m and reference:
            out = out[:m.start(2)] + reference + out[m.end(2):]
        return out, f"entity {doctype[:40]!r} used as {reference!r}"
    cut = draw(st.integers(0, len(text)))
    return text[:cut], f"truncated XML at {cut}"


INTERESTING_PARTS = ["xl/workbook.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
                     "xl/worksheets/sheet4.xml", "xl/worksheets/sheet1.xml", "xl/tables/table1.xml",
                     "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                     "xl/worksheets/_rels/sheet3.xml.rels"]


@st.composite
def part_mutants(draw: Any) -> Mutant:
    parts = list(base_parts())
    names = [n for n, _ in parts]
    done = []
    for _ in range(draw(st.integers(1, 3))):
        if not parts:
            break
        names = [n for n, _ in parts]
        interesting = [n for n in INTERESTING_PARTS if n in names]
        name = draw(st.one_of(st.sampled_from(interesting), st.sampled_from(names)) if interesting
                    else st.sampled_from(names))
        i = names.index(name)
        op = draw(st.sampled_from(["xml", "xml", "xml", "xml", "xml", "drop", "random-bytes", "rename"]))
        if op == "drop":
            del parts[i]
            done.append(f"drop {name}")
        elif op == "random-bytes":
            parts[i] = (name, draw(st.binary(max_size=200)))
            done.append(f"random bytes in {name}")
        elif op == "rename":
            new = draw(st.sampled_from(["xl/workbook2.xml", "xl/worksheets/sheet9.xml", name.upper(), "/" + name]))
            parts[i] = (new, parts[i][1])
            done.append(f"rename {name} → {new}")
        else:
            try:
                text = parts[i][1].decode("utf-8")
            except UnicodeDecodeError:
                continue
            text, what = _mutate_xml(draw, text)
            parts[i] = (name, text.encode("utf-8", "surrogatepass"))
            done.append(f"{name}: {what}")
    return Mutant(rezip(parts), done)


@FUZZ
@given(part_mutants())
def test_fuzz_part_level(mutant):
    note(f"part-level mutations: {mutant.done}")
    assert_promise(mutant.data)


# --------------------------------------------------------------------------- cell level


INPUT_KEYS = [spec.key for spec in COMPLAINTS.inputs]
ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
CELL_VALUES = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(st.integers(-5, 3000), st.none()),
    st.tuples(st.integers(-(10**20), 10**20), st.none()),
    st.tuples(st.floats(allow_nan=True, allow_infinity=True), st.none()),
    st.tuples(st.floats(-1e6, 1e6).map(lambda v: round(v, 2)), st.none()),
    st.tuples(TEXT, st.none()),
    st.tuples(st.booleans(), st.none()),
    st.tuples(st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)), st.none()),
    st.tuples(st.dates(min_value=date(1900, 3, 1)), st.none()),
    st.tuples(st.times(), st.none()),
    st.tuples(st.sampled_from(ERRORS), st.just("e")),
    st.tuples(st.sampled_from(["12", " 7 ", "1 234", "1\u00a0234", "1,5", "1,5e3", "01.02.2023", "nan", "inf", "",
                               "   ", "complaints", "openness", "unreliable", "incomplete", COMPLAINTS.title,
                               "недостоверная информация", "неполная информация", "[red]x[/red]", "«»"]),
              st.none()),
    st.tuples(st.sampled_from(['=HYPERLINK("http://x","y")', "=1/0", "=D16+1", "=SUM(D15:D21)",
                               "+cmd|' /C calc'!A0", "@SUM(1+1)"]), st.sampled_from([None, "s"])),
)
META_FIELDS = {"edition": "B1", "directions": "B2", "body_type": "B3", "period": "B4"}


@st.composite
def cell_targets(draw: Any) -> tuple[str, str]:
    kind = draw(st.sampled_from(["input", "input", "input", "penalty", "penalty", "body", "meta", "anywhere"]))
    if kind == "input":
        return SHEET, layout.input_cells(COMPLAINTS)[draw(st.sampled_from(INPUT_KEYS))]
    if kind == "penalty":
        row = draw(st.integers(FIRST_PENALTY_ROW, FIRST_PENALTY_ROW + layout.PENALTIES_ROWS))
        return PEN, f"{draw(st.sampled_from('ABCDE'))}{row}"
    if kind == "body":
        return layout.INSTRUCTIONS_SHEET, draw(st.sampled_from(["C4", "C5", "C6", "C7", "C8"]))
    if kind == "meta":
        return layout.META_SHEET, META_FIELDS[draw(st.sampled_from(sorted(META_FIELDS)))]
    sheet = draw(st.sampled_from([SHEET, PEN, layout.INSTRUCTIONS_SHEET]))
    return sheet, f"{draw(st.sampled_from('ABCDEFZ'))}{draw(st.integers(1, 60))}"


STRUCTURE = ["insert-rows", "delete-rows", "merge", "delete-name", "rename-sheet", "hide-sheet", "move-sheet"]


def _structural(draw: Any, wb: Any) -> str:
    op = draw(st.sampled_from(STRUCTURE))
    title = draw(st.sampled_from(wb.sheetnames))
    ws = wb[title]
    if op in ("insert-rows", "delete-rows"):
        row, n = draw(st.integers(1, 40)), draw(st.integers(1, 3))
        (ws.insert_rows if op == "insert-rows" else ws.delete_rows)(row, n)
        return f"{op} {title}!{row} ×{n}"
    if op == "merge":
        r, c = draw(st.integers(1, 40)), draw(st.integers(1, 5))
        ref = f"{'ABCDE'[c - 1]}{r}:{'ABCDE'[min(c + draw(st.integers(0, 2)), 5) - 1]}{r + draw(st.integers(0, 3))}"
        ws.merge_cells(ref)
        return f"merge {title}!{ref}"
    if op == "delete-name":
        key = draw(st.sampled_from(sorted(wb.defined_names)))
        del wb.defined_names[key]
        return f"delete name {key}"
    if op == "rename-sheet":
        new = draw(st.sampled_from(["Лист1", "Прил. 12", "Акт", "x"]))
        assume(new not in wb.sheetnames)
        ws.title = new
        return f"rename {title} → {new}"
    if op == "hide-sheet":
        state = draw(st.sampled_from(["hidden", "veryHidden", "visible"]))
        assume(any(s.sheet_state == "visible" for s in wb.worksheets if s is not ws) or state == "visible")
        ws.sheet_state = state
        return f"{title} {state}"
    offset = draw(st.integers(-3, 3))
    wb.move_sheet(ws, offset)
    return f"move {title} by {offset}"


@st.composite
def cell_mutants(draw: Any) -> Mutant:
    wb = openpyxl.load_workbook(io.BytesIO(base()))
    done = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 9)) == 0:
            done.append(_structural(draw, wb))
            continue
        sheet, coord = draw(cell_targets())
        if sheet not in wb.sheetnames:
            continue
        value, data_type = draw(CELL_VALUES)
        cell = wb[sheet][coord]
        if type(cell).__name__ == "MergedCell":
            continue
        try:
            cell.value = value
        except (IllegalCharacterError, ValueError, TypeError):
            assume(False)  # openpyxl itself refuses the value: no workbook to test
        if data_type:
            cell.data_type = data_type
        done.append(f"{sheet}!{coord} = {value!r}" + (f" (t={data_type})" if data_type else ""))
    out = io.BytesIO()
    try:
        wb.save(out)
    except Exception:  # openpyxl cannot write what we made (e.g. an out-of-range date): not a toolkit case
        assume(False)
    return Mutant(out.getvalue(), done)


@FUZZ
@given(cell_mutants())
def test_fuzz_cell_level(mutant):
    note(f"cell-level mutations: {mutant.done}")
    assert_promise(mutant.data)


def test_base_workbook_is_valid_and_scoreable():
    """The starting point of every mutant keeps the promise itself, and scores."""
    assert_promise(base())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "base.xlsx"
        path.write_bytes(base())
        assert score_file(path).exit_code == 0
