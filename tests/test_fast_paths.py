"""The fast paths of reading and validating (issue 15) give what the general paths give.

Each fast path answers only the usual case and leaves the rest to the general code; these properties
generate cells, rows and validations, usual and unusual, and require both to agree wherever the fast
path answers: list cells (validation._quick against _cell), a row's cells (Xlsx._row against column_of
and decode on every cell), and which validation covers a cell (structure.Coverage against
Validation.covers).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, note, settings, strategies as st

from toolkit.catalog import load_catalog
from toolkit.engine.inputs import ListData, ListRow
from toolkit.engine.validation import _SLOW, _cell, _quick
from toolkit.workbook.conformance import STRICT, TRANSITIONAL
from toolkit.workbook.reader import open_workbook
from toolkit.workbook.structure import CellInfo, Coverage, Validation, _SheetReader
from toolkit.workbook.xlsx import ExcelError, column_at, column_of, coordinate

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PERIOD = 2022
DIRECTION = load_catalog("2023-01").direction("openness")
COLUMNS = {c.type: c for spec in DIRECTION.lists for c in spec.columns}  # one column of each kind
SPEC = DIRECTION.lists[0]

texts = st.sampled_from(["", " ", "\u00a0", "Да", " да ", "НЕТ", "нет\n", "Yes", "https://a.kz/x", " http://egov.kz ",
                         "https://", "http://x y.kz", "ftp://host.kz/", "01.02.2022", "2022-02-01", "#N/A", "12"])
values = st.one_of(
    st.none(), texts, st.text(max_size=12), st.booleans(), st.integers(-5, 50_000),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(date(2020, 1, 1), date(2024, 12, 31)),
    st.datetimes(datetime(2020, 1, 1), datetime(2024, 12, 31)), texts.map(ExcelError))


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(sorted(COLUMNS)), value=values)
def test_quick_list_cells_are_typed_as_cell_types_them(kind, value):
    column = COLUMNS[kind]
    quick = _quick(column, DIRECTION, PERIOD)(value)
    data = ListData(SPEC.key, "Лист", "A6:D8", {column.field: "B"}, ())
    typed, problems = _cell(SPEC, column, ListRow(7, {column.field: value}), data, DIRECTION, PERIOD, "central")
    if quick is not _SLOW:
        assert (quick, type(quick)) == (typed, type(typed)) and problems == []


NAMESPACES = ("", "{%s}" % TRANSITIONAL.main, "{%s}" % STRICT.main, "{urn:other}")


@st.composite
def rows(draw):
    """A `<row>` of cells as different writers write them: with and without `r`, empty (a format only),
    inline strings of one or several runs, numbers, shared strings, booleans, errors, formulas."""
    ns = draw(st.sampled_from(NAMESPACES))
    row = ET.Element(f"{ns}row", r="7")
    col = 0
    for _ in range(draw(st.integers(0, 8))):
        col += draw(st.integers(1, 3))
        cell = ET.SubElement(row, f"{ns}c")
        if draw(st.booleans()):
            cell.set("r", draw(st.sampled_from([coordinate(7, col), coordinate(9, col), "", "7", "a1", "AAAA7"])))
        kind = draw(st.sampled_from(["empty", "inline", "runs", "number", "shared", "bool", "error", "formula"]))
        if kind == "inline" or kind == "runs":
            cell.set("t", "inlineStr")
            inline = ET.SubElement(cell, f"{ns}is")
            for _ in range(1 if kind == "inline" else draw(st.integers(0, 3))):
                ET.SubElement(inline, draw(st.sampled_from([f"{ns}t", f"{ns}r", "t"]))).text = draw(st.text(max_size=5))
        elif kind != "empty":
            cell.set("t", {"number": "n", "shared": "s", "bool": "b", "error": "e", "formula": "str"}[kind])
            if kind == "formula":
                ET.SubElement(cell, f"{ns}f").text = "1+1"
                if draw(st.booleans()):  # a shared formula's master or a cell sharing it
                    f = cell[-1]
                    f.set("t", "shared")
                    f.set("si", "0")
                    f.text = draw(st.sampled_from(["A7+1", "", None]))
            if kind != "formula" or draw(st.booleans()):
                ET.SubElement(cell, f"{ns}v").text = draw(st.sampled_from(["0", "1", "2.5", "-3", "1E3", "x", "", None]))
            if kind == "number" and draw(st.booleans()):
                del cell.attrib["t"]  # a number as Excel writes it: no `t`
            if draw(st.booleans()):
                cell.set("s", draw(st.sampled_from(["0", "1", "2", "x"])))
    return row


def _reference(wb, row, cols):
    """The row read the general way: every cell's column counted by column_of, every value decoded."""
    out, col = {}, 0
    for cell in row:
        col = column_of(cell.get("r") or "", col)
        if cols is None or col in cols:
            value = wb.decode(cell)
            if value is not None:
                out[7, col] = value
    return out


@settings(max_examples=300, deadline=None)
@given(row=rows(), cols=st.one_of(st.none(), st.sets(st.integers(1, 12))))
def test_a_row_is_read_as_every_cell_decoded(row, cols):
    wb, _ = open_workbook(SAMPLES / "complaints-МЮ.xlsx")  # its shared strings and date formats
    try:
        try:
            expected = _reference(wb, row, cols)
        except Exception as exc:  # a shared string that does not exist: both must refuse it
            expected = type(exc)
        try:
            found = {}
            wb._row(row, 7, cols, found)
        except Exception as exc:
            found = type(exc)
        assert found == expected
    finally:
        wb.package.close()


ranges = st.lists(st.tuples(st.integers(1, 70), st.integers(1, 40), st.integers(1, 70), st.integers(1, 40)),
                  max_size=6)


@settings(max_examples=300, deadline=None)
@given(found=st.lists(ranges, max_size=5), cells=st.lists(st.tuples(st.integers(1, 42), st.integers(1, 72)), max_size=20))
def test_coverage_finds_the_first_validation_covering_a_cell(found, cells):
    validations = tuple(Validation("list", "", f"\"{i}\"", "", "stop", True, tuple(r)) for i, r in enumerate(found))
    coverage = Coverage(validations)
    for row, col in cells + [(r1, c1) for v in found for c1, r1, _, _ in v]:
        assert coverage.first(row, col) is next((v for v in validations if v.covers(row, col)), None)


@pytest.fixture(params=["in memory", "from the file"])
def read_whole(request, monkeypatch):
    """Both ways `Package` reads members: from the file read whole (up to IN_MEMORY), or from the file."""
    if request.param == "from the file":
        monkeypatch.setattr("toolkit.workbook.opc.IN_MEMORY", -1)
    return request.param


def test_sound_members_are_inflated_as_zipfile_reads_them(read_whole):
    from toolkit.workbook.opc import Package

    for path in sorted(SAMPLES.glob("*.xlsx")):
        package = Package(path)
        try:
            for info in package.infos:
                assert package._inflated(info) == package._zip.read(info), (path.name, info.filename)
        finally:
            package.close()


def _damaged(tmp_path: Path, how: str) -> Path:
    """A copy of a sample whose [Content_Types].xml member is damaged `how` (its bytes or its headers)."""
    import zipfile

    source = (SAMPLES / "complaints-МЮ.xlsx").read_bytes()
    target = tmp_path / f"{how}.xlsx"
    with zipfile.ZipFile(SAMPLES / "complaints-МЮ.xlsx") as z:
        info = z.getinfo("[Content_Types].xml")
    data = bytearray(source)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    if how == "crc":  # a flipped bit in the stored stream
        data[start + info.compress_size // 2] ^= 0x10
    elif how == "name":  # the local header names another part
        data[info.header_offset + 30] ^= 0x01
    elif how == "signature":
        data[info.header_offset] ^= 0x01
    elif how == "size":  # the directory declares one byte fewer than the stream inflates to
        import struct

        at = source.find(b"[Content_Types].xml", source.find(b"PK\x01\x02")) - 46  # its central directory entry
        assert source[at:at + 4] == b"PK\x01\x02"
        data[at + 24:at + 28] = struct.pack("<I", info.file_size - 1)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("how", ["crc", "name", "signature", "size"])
def test_damaged_members_are_left_to_zipfile(tmp_path, how, read_whole):
    """The fast inflate answers only for a sound member; a damaged one goes to zipfile, which reports it."""
    from toolkit.workbook.opc import Package, PackageError

    package = Package(_damaged(tmp_path, how))
    try:
        info = package.info("[Content_Types].xml")
        assert (package._bytes is not None) == (read_whole == "in memory")
        assert package._inflated(info) is None
        with pytest.raises(PackageError):
            package.read("[Content_Types].xml")
        with pytest.raises(PackageError):  # and the whole check refuses the package, reading it or not
            package.check_parts()
    finally:
        package.close()


def _reference_info(reader, el, row_no, wanted_cols):
    """The comparison's reading of one row before its fast paths (issue 15): every cell's column by
    column_of, its <f> searched for, its value decoded; the shared formulas by `_formula` as ever."""
    if wanted_cols is not None and not wanted_cols:
        if not any(f.text and f.get("t") == "shared" for f in el.iter(el.tag[:-3] + "f")):
            return
    col, counted = 0, True
    for cell in el:
        if not len(cell) and wanted_cols is not None:
            counted = False
            continue
        col = column_of(cell.get("r") or "", col) if counted else column_of(cell.get("r") or "", -1)
        if col == 0:
            col = column_at(el, cell)
        counted = True
        wanted = wanted_cols is None or col in wanted_cols
        f = cell.find(cell.tag[:-1] + "f") if cell.tag.endswith("c") else None
        if f is None and not wanted:
            continue
        formula = reader._formula(f, coordinate(row_no, col)) if f is not None else None
        if wanted:
            style = cell.get("s") or "0"
            reader.cells[row_no, col] = CellInfo(reader.wb.decode(cell), formula, int(style) if style.isdigit() else 0)


@settings(max_examples=300, deadline=None)
@given(row=rows(), cols=st.one_of(st.none(), st.sets(st.integers(1, 12))))
def test_the_comparison_reads_a_row_as_every_cell_searched_and_decoded(row, cols):
    wb, _ = open_workbook(SAMPLES / "complaints-МЮ.xlsx")
    try:
        wanted = None if cols is None else {(7, c) for c in cols}
        outcomes = []
        for read in ("fast", "reference"):
            reader = _SheetReader(wb, wanted)
            try:
                if read == "fast":
                    reader.row(row)
                else:
                    _reference_info(reader, row, 7, cols)
                outcomes.append((reader.cells, reader.shared))
            except Exception as exc:  # a shared string that does not exist: both must refuse it
                outcomes.append(type(exc))
        assert outcomes[0] == outcomes[1]
    finally:
        wb.package.close()


def test_a_body_is_found_in_the_registry_as_a_scan_finds_it():
    """find_body's index gives, for every code and name (in any case, with spaces), the first body of
    the registry a scan would give."""
    from toolkit.bodies import find_body, registry

    def scan(text):
        wanted = text.strip().casefold()
        return next((b for b in registry() if wanted in (b.code.casefold(), b.name.casefold())), None)

    probes = [t for b in registry() for t in (b.code, b.name, f"  {b.name.upper()} ", b.code.lower())]
    for text in probes + ["", " ", "нет такого органа", "000"]:
        assert find_body(text) is scan(text), text


def _reference_list(spec, data, period, body_type):
    """`validation._list` as it was before its cells were typed a column at a time (issue 15): row by
    row, cell by cell. Only the typing loop differs; the row checks and duplicates are as in _list."""
    from toolkit.engine import validation as v

    problems, typed_rows, seen = [], [], {}
    functions = v.row_functions(period)
    checked = [c for c in spec.columns if c.required_when is not None or c.not_before or c.requires]
    plan = [(c.field, _quick(c, DIRECTION, period), c) for c in spec.columns]
    for row in data.rows:
        values = {}
        for field, quick, column in plan:
            value = quick(row.values.get(field))
            if value is _SLOW:
                value, found = _cell(spec, column, row, data, DIRECTION, period, body_type)
                problems += found
            values[field] = value
        if checked:
            problems += v._row_checks(spec, checked, row, values, data, period, functions)
        if spec.unique:
            key = tuple(p.strip().casefold() if isinstance(p, str) else p for p in (values.get(f) for f in spec.unique))
            if key.count(None) + key.count("") < len(key):
                if key in seen:
                    problems.append(("duplicate", row.row, seen[key]))
                else:
                    seen[key] = row.row
        typed_rows.append(ListRow(row.row, values))
    return typed_rows, problems


@settings(max_examples=150, deadline=None)
@given(spec=st.sampled_from(DIRECTION.lists), cells=st.lists(st.lists(values, min_size=4, max_size=8), max_size=6),
       dupes=st.booleans())
def test_list_cells_typed_a_column_at_a_time_as_row_by_row(spec, cells, dupes):
    from toolkit.engine.validation import _list

    if dupes and cells:
        cells = cells + cells[:2]  # the same rows again: duplicates where the list has a key
    columns = {c.field: chr(ord("A") + i) for i, c in enumerate(spec.columns)}
    rows = tuple(ListRow(8 + i, {c.field: value for c, value in zip(spec.columns, row) if value is not None})
                 for i, row in enumerate(cells))
    data = ListData(spec.key, "Лист", f"A7:{chr(ord('A') + len(spec.columns) - 1)}{8 + len(rows)}", columns, rows)
    typed, problems = _list(spec, data, DIRECTION, PERIOD, "cgo")
    want_rows, want_problems = _reference_list(spec, data, PERIOD, "cgo")
    note(f"{len(problems)} problems")
    assert [(r.row, r.values) for r in typed.rows] == [(r.row, r.values) for r in want_rows]
    found = [p for p in problems if p.code not in ("list.duplicate", "list.empty", "list.empty_allowed",
                                                   "list.required_missing")]
    assert found == [p for p in want_problems if not isinstance(p, tuple)]
    assert sum(p.code == "list.duplicate" for p in problems) == sum(isinstance(p, tuple) for p in want_problems)


_MAIN = TRANSITIONAL.main


@st.composite
def sheets(draw):
    """A sheet's XML: rows with and without `r`, cells empty (a format only, as templates pre-format list
    rows), with values, formulas, without `r` or with one that is not a coordinate."""
    rows = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        cells = []
        for col in range(1, draw(st.integers(0, 6)) + 1):
            at = coordinate(number, col)
            cells.append(draw(st.sampled_from([
                f'<c r="{at}" s="1"/>', f'<c r="{at}" s="2" t="n" />', f'<c r="{at}"/>', f'<c r="{at}"><v>{col}</v></c>',
                f'<c r="{at}" t="inlineStr"><is><t>т{col}</t></is></c>', f'<c r="{at}"><f>A1+{col}</f><v>0</v></c>',
                f"<c><v>{col}</v></c>", f'<c r="x{col}"><v>{col}</v></c>', f'<c r="{at}" s="1"></c>'])))
        r = draw(st.sampled_from([f' r="{number}"', f' r="{number}"', ""]))
        rows.append(f"<row{r}>{''.join(cells)}</row>")
    tail = draw(st.sampled_from(["", '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>']))
    return (f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(rows)}</sheetData>{tail}</worksheet>').encode()


def _with_sheet(xml: bytes) -> bytes:
    """The complaints sample with its «Прил. 11» part replaced by `xml`."""
    import io
    import zipfile

    source = SAMPLES / "complaints-МЮ.xlsx"
    wb, _ = open_workbook(source)
    part = wb.sheet("Прил. 11").part
    wb.package.close()
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, xml if info.filename == part else zin.read(info))
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(xml=sheets(), cols=st.one_of(st.none(), st.sets(st.integers(1, 7))))
def test_a_sheet_without_its_empty_cells_reads_as_the_whole(xml, cols):
    """Cells and the comparison's view of a sheet are the same parsed with or without its empty cells
    (`strip_empty`): where a row or cell is numbered by counting, the readers read the whole sheet."""
    import io

    from toolkit.workbook import xlsx
    from toolkit.workbook.opc import Package
    from toolkit.workbook.structure import sheet_info

    data = _with_sheet(xml)
    wanted = None if cols is None else {(r, c) for r in range(1, 7) for c in cols}
    seen = []
    for density in (xlsx.EMPTY_DENSITY, 0):  # 0: never stripped
        original, xlsx.EMPTY_DENSITY = xlsx.EMPTY_DENSITY, density
        try:
            for reader in ("cells", "comparison"):
                wb = xlsx.Xlsx(Package(io.BytesIO(data)))
                if reader == "cells":
                    seen.append(wb.cells("Прил. 11"))
                else:
                    info = sheet_info(wb, "Прил. 11", wanted)
                    seen.append(info if wanted is None else (info.cells, info.validations))
                wb.package.close()
        finally:
            xlsx.EMPTY_DENSITY = original
    assert seen[:2] == seen[2:]


def test_sheets_dense_with_empty_cells_are_stripped():
    """The samples' list sheets are read without their pre-formatted empty cells (else the test above
    compares nothing)."""
    wb, _ = open_workbook(SAMPLES / "openness-МЮ.xlsx")
    try:
        for sheet in wb.sheets:
            wb.tree(sheet.part)
        assert len(wb.stripped) >= 5
    finally:
        wb.package.close()
