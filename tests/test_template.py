"""The generated reporting templates, part by part (CONTRACTS «Workbooks»; Прил. 11 and Прил. 1 forms).

Sheets and their order, defined names on the layout's cells, protection, data validations and
notes taken from the catalog, the «Акт сверки» table, the hidden metadata, print setup, byte-for-byte
determinism, and the committed blanks and samples against the generator. The print test renders
the cgo blank to PDF with LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import CATALOG, COMPLAINTS
from openpyxl.workbook.workbook import Workbook
from recalc import convert_with_libreoffice, needs_libreoffice, pdf_page_sizes, pdf_page_texts, pdf_pages

from toolkit import __version__
from toolkit.demo import write_samples
from toolkit.workbook import layout
from toolkit.workbook.blanks import write_blanks
from toolkit.workbook.template import write_template

ROOT = Path(__file__).resolve().parent.parent
REPORT = layout.DIRECTION_SHEETS["complaints"]
SHEETS = [layout.INSTRUCTIONS_SHEET, REPORT, layout.PENALTIES_SHEET, layout.APPEALS_SHEET, layout.META_SHEET]
PROTECTED = {layout.INSTRUCTIONS_SHEET, REPORT, layout.META_SHEET}
INPUT_CELLS = layout.input_cells(COMPLAINTS)
UNLOCKED = {  # the only cells a body may type into
    layout.INSTRUCTIONS_SHEET: {layout.BODY_CELLS["body.name"], layout.BODY_CELLS["body.code"]},
    REPORT: set(INPUT_CELLS.values()),
}
A4 = 9
BODY_TYPES = ["cgo", "mio"]


@pytest.fixture(scope="module", params=BODY_TYPES)
def template(request, blank_templates) -> tuple[str, Workbook]:
    return request.param, openpyxl.load_workbook(blank_templates[request.param])


def test_sheets_and_their_order(template):
    _, wb = template
    assert wb.sheetnames == SHEETS
    assert {ws.title: ws.sheet_state for ws in wb} == {
        **{name: "visible" for name in SHEETS[:-1]}, layout.META_SHEET: "veryHidden"}
    assert wb.active.title == layout.INSTRUCTIONS_SHEET


def test_every_input_key_is_a_defined_name_on_its_layout_cell(template):
    _, wb = template
    expected = {key: (REPORT, cell) for key, cell in INPUT_CELLS.items()}
    expected |= {key: (layout.INSTRUCTIONS_SHEET, cell) for key, cell in layout.BODY_CELLS.items()}
    assert {spec.key for spec in COMPLAINTS.inputs} <= set(wb.defined_names)
    for key, (sheet, cell) in expected.items():
        destinations = [(s, c.replace("$", "")) for s, c in wb.defined_names[key].destinations]
        assert destinations == [(sheet, cell)], key
    assert set(wb.defined_names) == set(expected), "unexpected defined names"


def test_only_input_cells_are_unlocked_and_form_sheets_are_protected(template):
    _, wb = template
    assert {ws.title for ws in wb if ws.protection.sheet} == PROTECTED
    for ws in wb:
        if ws.title not in PROTECTED:
            continue
        unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
        assert unlocked == UNLOCKED.get(ws.title, set()), ws.title


def test_act_sheet_is_left_open_for_the_assessor_with_unlocked_rows(template):
    """«Акт сверки» is the assessor's sheet and is not protected; its fill-in columns are unlocked anyway."""
    _, wb = template
    ws = wb[layout.PENALTIES_SHEET]
    assert not ws.protection.sheet
    first, last = layout.PENALTIES_HEADER_ROW + 1, layout.PENALTIES_HEADER_ROW + layout.PENALTIES_ROWS
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    assert unlocked == {f"{col}{r}" for col in "BCD" for r in range(first, last + 1)}


@pytest.mark.parametrize("spec", COMPLAINTS.inputs, ids=lambda s: s.key)
def test_input_cell_has_validation_and_the_catalog_note(template, spec):
    _, wb = template
    ws = wb[REPORT]
    cell = ws[INPUT_CELLS[spec.key]]
    rules = [dv for dv in ws.data_validations.dataValidation if cell.coordinate in dv.sqref]
    assert len(rules) == 1, f"{cell.coordinate}: {len(rules)} validations"
    dv = rules[0]
    assert (dv.type, dv.operator, dv.formula1, dv.allow_blank, dv.showErrorMessage) == \
        ("whole", "greaterThanOrEqual", "0", True, True)
    assert dv.error
    assert cell.comment is not None and cell.comment.text.strip()
    assert cell.comment.text == spec.note
    assert cell.value is None
    row = cell.row
    assert (ws[f"B{row}"].value, ws[f"C{row}"].value) == (spec.label, spec.symbol)


def test_act_sheet_has_the_penalties_table_and_list_validations(template):
    _, wb = template
    ws = wb[layout.PENALTIES_SHEET]
    assert layout.PENALTIES_TABLE in ws.tables
    assert ws.tables[layout.PENALTIES_TABLE].ref == layout.penalties_range()
    assert [ws.cell(layout.PENALTIES_HEADER_ROW, c).value for c in range(1, 6)] == list(layout.PENALTIES_COLUMNS)
    lists = {str(dv.sqref).split()[0][0]: dv for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert set(lists) == {"B", "C"}
    first, last = layout.PENALTIES_HEADER_ROW + 1, layout.PENALTIES_HEADER_ROW + layout.PENALTIES_ROWS
    for col, labels in (("B", [d.title for d in CATALOG.directions.values()]),
                        ("C", [k.label for k in CATALOG.penalty_kinds.values()])):
        dv = lists[col]
        assert dv.formula1 == '"' + ",".join(labels) + '"'
        assert len(dv.formula1) - 2 <= 255, "Excel ignores list validations longer than 255 characters"
        assert all(f"{col}{r}" in dv.sqref for r in range(first, last + 1))


def test_metadata_rows(template, blank_templates):
    body_type, wb = template
    rows = {k: v for k, v in wb[layout.META_SHEET].iter_rows(values_only=True)}
    assert rows == {"edition": CATALOG.edition, "directions": "complaints", "body_type": body_type, "period": 2022,
                    "toolkit_version": __version__, "kind": "report"}


def test_print_setup_is_a4_one_page_wide(template):
    _, wb = template
    for ws in wb:
        if ws.sheet_state != "visible":
            continue
        setup = ws.page_setup
        assert (int(setup.paperSize), int(setup.fitToWidth), int(setup.fitToHeight)) == (A4, 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert wb[layout.PENALTIES_SHEET].page_setup.orientation == "landscape"
    header = layout.PENALTIES_HEADER_ROW
    assert wb[layout.PENALTIES_SHEET].print_title_rows == f"${header}:${header}"


@pytest.mark.parametrize("body_type", BODY_TYPES)
def test_generation_is_deterministic(tmp_path, body_type):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(first, CATALOG, ("complaints",), body_type, 2022)
    write_template(second, CATALOG, ("complaints",), body_type, 2022)
    assert first.read_bytes() == second.read_bytes()


def test_committed_blanks_match_the_generator(tmp_path):
    written = write_blanks(tmp_path)
    committed = ROOT / "templates" / "xlsx"
    assert sorted(p.name for p in committed.glob("*.xlsx")) == sorted(p.name for p in written), \
        "templates/xlsx differs from the generator's list: run `make templates`"
    stale = [p.name for p in written if p.read_bytes() != (committed / p.name).read_bytes()]
    assert not stale, f"templates/xlsx/{', '.join(stale)} out of date: run `make templates`"


def test_committed_samples_match_the_generator(tmp_path):
    written = write_samples(tmp_path)
    committed = ROOT / "samples"
    fix = "run `.venv/bin/python -m toolkit.demo samples`"
    assert sorted(p.name for p in committed.glob("*.xlsx")) == sorted(p.name for p in written), \
        f"samples/ differs from the generator's list: {fix}"
    stale = [p.name for p in written if p.read_bytes() != (committed / p.name).read_bytes()]
    assert not stale, f"samples/{', '.join(stale)} out of date: {fix}"


@pytest.mark.libreoffice
@needs_libreoffice
def test_cgo_template_prints_on_a4_within_a_few_pages(blank_templates, tmp_path):
    pdf = convert_with_libreoffice([blank_templates["cgo"]], tmp_path, "pdf")[0]
    visible = [ws for ws in openpyxl.load_workbook(blank_templates["cgo"]) if ws.sheet_state == "visible"]
    pages = pdf_pages(pdf)
    assert 1 <= len(visible) <= pages <= 2 * len(visible), f"{pages} pages for {len(visible)} sheets"
    sizes = pdf_page_sizes(pdf)
    if sizes is not None:  # A4 is 595 × 842 pt, either way round
        assert all(sorted(round(x) for x in size) == [595, 842] for size in sizes), sizes
    texts = pdf_page_texts(pdf)
    if texts is not None:
        assert len(texts) == pages
        report_pages = [i for i, t in enumerate(texts) if "Исходные данные" in t or "Заполнено ячеек" in t]
        assert len(report_pages) == 1, "the Прил. 11 form should fit on one page"
        assert "Критерии операционной оценки" in texts[report_pages[0]]
        assert "Как заполнить отчет" in texts[0], "«Инструкция» should print first"
