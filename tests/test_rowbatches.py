"""Large sheets are read in batches of whole rows parsed in C (issue 15); the cells must be exactly
those the whole-tree and the streaming readers give, and anything unusual must fall back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from toolkit.workbook import rowbatches
from toolkit.workbook.opc import Package
from toolkit.workbook.reader import open_workbook

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.xlsx"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_batches_read_what_the_tree_reads(path, monkeypatch):
    monkeypatch.setattr(rowbatches, "BATCH", 700)  # many cuts, some inside a row
    wb, _ = open_workbook(path)
    assert wb is not None
    try:
        for sheet in wb.sheets:
            whole = wb._from_tree(wb.package.xml(sheet.part), None, None)
            assert wb._from_batches(sheet.part, None, None) == whole
            assert wb._from_stream(sheet.part, None, None) == whole
    finally:
        wb.package.close()


SHEET = ('<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main"><x:sheetData>{rows}</x:sheetData>{tail}</x:worksheet>')


def _cells(tmp_path: Path, xml: str) -> tuple[object, object]:
    """Cells read from a one-sheet package whose sheet XML is `xml`, and whether batches managed it."""
    from toolkit.workbook.xlsx import Xlsx

    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="Л" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", xml)
    wb = Xlsx(Package(path))
    batches = wb._from_batches("xl/worksheets/sheet1.xml", None, None)
    return wb._from_stream("xl/worksheets/sheet1.xml", None, None), batches


def _row(n: int, text: str = "x") -> str:
    return f'<x:row r="{n}"><x:c r="A{n}" t="inlineStr"><x:is><x:t>{text}</x:t></x:is></x:c><x:c r="B{n}"><x:v>{n}</x:v></x:c></x:row>'


def test_prefixed_rows_and_merges(tmp_path, monkeypatch):
    monkeypatch.setattr(rowbatches, "BATCH", 90)
    rows = "".join(_row(n) for n in range(1, 60))
    slow, fast = _cells(tmp_path, SHEET.format(rows=rows, tail='<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells>'))
    assert fast == slow and fast.merges == ("A1:B1",) and fast.values[59, 2] == 59


@pytest.mark.parametrize("trap", ["<!-- </x:row> -->", "<![CDATA[</x:row>]]>"])
def test_a_cut_inside_a_comment_or_cdata_falls_back(tmp_path, monkeypatch, trap):
    monkeypatch.setattr(rowbatches, "BATCH", 60)
    rows = "".join(_row(n, trap if n == 7 and "CDATA" in trap else "x") + (trap if n == 7 and "--" in trap else "")
                   for n in range(1, 30))
    slow, fast = _cells(tmp_path, SHEET.format(rows=rows, tail=""))
    assert fast is None or fast == slow
    assert slow.values[29, 2] == 29


@pytest.mark.parametrize("damage", [
    ("<x:sheetData>", "<x:sheetPr><x:b></x:sheetPr><x:sheetData>"),  # before the rows: a tag left open
    ("<x:sheetData>", "<!-- <x:sheetData>"),  # a comment never closed, hiding the real start tag
    ("</x:worksheet>", "</x:worksheet><junk/>"),  # after the root
    ('<x:row r="40">', '<x:row r="40"><x:c>'),  # inside the rows
])
def test_damage_anywhere_in_a_large_sheet_is_not_read_in_batches(tmp_path, monkeypatch, damage):
    """Without a second parser alongside, the head, the batches and the tail together must still see
    every byte: a damaged part gives None (the slow path then reports it), never cells."""
    from toolkit.workbook.xlsx import Xlsx

    monkeypatch.setattr(rowbatches, "BATCH", 90)
    rows = "".join(_row(n) for n in range(1, 60))
    xml = SHEET.format(rows=rows, tail="").replace(*damage)
    path = tmp_path / "book.xlsx"
    _cells(tmp_path, SHEET.format(rows=rows, tail=""))  # writes the package; then its sheet is replaced
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    wb = Xlsx(Package(path))
    try:
        assert wb._from_batches("xl/worksheets/sheet1.xml", None, None) is None
    finally:
        wb.package.close()
