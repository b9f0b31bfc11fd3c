"""Every sheet we write is print-ready (issue 11, item 1): header rows on every page, page numbers and the
body in the footer, landscape where a portrait page would shrink the text, never below 80 %, every
font named, counts as integers, and no header label wider than its column.

Opened here: the four report templates (complaints and openness for central and local bodies), the
blank assessor workbook, one issued template (a body name with '&' in the footer), and the result
sheets of scored samples (complaints, and openness with the assessor's workbook). Widths are
estimated from Carlito's metrics (`fontmetrics`), as row heights are; the printed scale from the
columns' widths and the A4 page (`printing`), as Excel and LibreOffice compute fit-to-width.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.cell import get_column_letter, range_boundaries

from toolkit.assessor.template import write_assessor_template
from toolkit.catalog import load_catalog
from toolkit.cli import cli
from toolkit.engine.inputs import Body
from toolkit.workbook import fontmetrics, printing
from toolkit.workbook.layout import CONCLUSION_SHEET, INSTRUCTIONS_SHEET, JOURNAL_SHEET, META_SHEET, SCORES_SHEET
from toolkit.workbook.style_specs import ASSESSOR_FILL, HEADER_FILL, INPUT_FILL
from toolkit.workbook.template import write_template

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CATALOG = load_catalog("2023-01")
DEFAULT_WIDTH = 8.43  # Excel's width of a column with no width of its own
# Forms that print as the appendix's page (one or two pages), not as a table running over many pages.
FORMS = {INSTRUCTIONS_SHEET, CONCLUSION_SHEET, "Прил. 11", "Прил. 2 Услуги", "Автоматизация (МЦРИАП)"}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("print")
    out: dict[str, Path] = {}
    for direction in ("complaints", "openness", "services"):
        for body_type in ("cgo", "mio"):
            out[f"{direction}-{body_type}"] = path = folder / f"{direction}-{body_type}.xlsx"
            write_template(path, CATALOG, (direction,), body_type, 2022)
    out["assessor"] = folder / "assessor.xlsx"
    write_assessor_template(out["assessor"], CATALOG, "openness", 2022)
    out["issued"] = folder / "issued.xlsx"
    write_template(out["issued"], CATALOG, ("complaints",), "cgo", 2022, Body("Р&Д «Тест» <и> компания", "cgo", "ТОО"))
    names = ("complaints-МЮ.xlsx", "openness-АКТО.xlsx", "services-МЮ.xlsx", "assessor-openness-2022.xlsx")
    copies = [shutil.copy(SAMPLES / name, folder / name) for name in names]
    result = CliRunner().invoke(cli, ["score", *map(str, copies), "--json"])
    assert result.exit_code == 0, result.output
    out["scored-complaints"] = folder / "complaints-МЮ.scored.xlsx"
    out["scored-openness"] = folder / "openness-АКТО.scored.xlsx"
    out["scored-services"] = folder / "services-МЮ.scored.xlsx"
    return out


def _sheets(books: dict[str, Path], kind: str):
    wb = openpyxl.load_workbook(books[kind])
    return [ws for ws in wb.worksheets if ws.title != META_SHEET and ws.sheet_state == "visible"]


ALL = ["complaints-cgo", "complaints-mio", "openness-cgo", "openness-mio", "services-cgo", "services-mio",
       "assessor", "issued", "scored-complaints", "scored-openness", "scored-services"]


def _widths(ws) -> list[float]:
    last = max(ws.max_column, 1)
    return [ws.column_dimensions[get_column_letter(i)].width or DEFAULT_WIDTH for i in range(1, last + 1)]


def _header_rows(ws) -> list[int]:
    return sorted({c.row for row in ws.iter_rows() for c in row
                   if c.fill is not None and c.fill.fgColor is not None and str(c.fill.fgColor.rgb).endswith(HEADER_FILL)
                   and c.value not in (None, "")})


@pytest.mark.parametrize("kind", ALL)
def test_footer_has_page_numbers_and_scale_is_readable(books, kind):
    for ws in _sheets(books, kind):
        footer = ws.oddFooter
        right = footer.right.text or ""
        assert "&P" in right and "&N" in right, (kind, ws.title, right)
        assert ws.page_setup.paperSize in (9, "9"), (kind, ws.title)
        landscape = ws.page_setup.orientation == "landscape"
        widths = _widths(ws)
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            assert str(ws.page_setup.fitToWidth) == "1", (kind, ws.title)
            scale = printing.fit_scale(widths, landscape)
        else:
            scale = int(ws.page_setup.scale or 100)
        assert scale >= printing.MIN_SCALE, (kind, ws.title, scale)
        if printing.fit_scale(widths, False) < printing.MIN_SCALE:  # too wide for portrait at 80 %: landscape
            assert landscape, (kind, ws.title)


@pytest.mark.parametrize("kind", ["openness-cgo", "scored-openness", "issued"])
def test_footer_names_body_and_period(books, kind):
    for ws in _sheets(books, kind):
        left = ws.oddFooter.left.text or ""
        assert "2022" in left, (ws.title, left)
    if kind == "issued":
        left = _sheets(books, kind)[0].oddFooter.left.text
        assert "Р&&Д «Тест» <и> компания" in left  # '&' doubled: a lone one would start a code
    if kind == "scored-openness":
        assert "Акимат Актюбинской области" in _sheets(books, kind)[-1].oddFooter.left.text


@pytest.mark.parametrize("kind", ALL)
def test_tables_repeat_their_header_rows(books, kind):
    """A sheet holding a table (a list, «Акт сверки», «Баллы», «Журнал», the assessor's table) repeats the
    table's header row on every printed page; forms (the appendix's one-page layouts) need not."""
    for ws in _sheets(books, kind):
        if ws.title in FORMS:
            continue
        headers = _header_rows(ws)
        if not headers:
            continue
        assert ws.print_title_rows, (kind, ws.title)
        first, last = (int(part.replace("$", "")) for part in ws.print_title_rows.split(":"))
        expected = min(row for t in ws.tables.values() for row in (range_boundaries(t.ref)[1],)) if ws.tables \
            else headers[0]
        assert first == last == expected, (kind, ws.title, ws.print_title_rows, expected)


@pytest.mark.parametrize("kind", ALL)
def test_every_font_is_named(books, kind):
    for ws in _sheets(books, kind):
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style:
                    assert cell.font.name, (kind, ws.title, cell.coordinate)
                    assert cell.font.sz, (kind, ws.title, cell.coordinate)


def _typed_by_a_person(cell) -> bool:
    """A body's or an assessor's cell: Excel fits its row as the person types (its rows carry no height of ours)."""
    return cell.fill is not None and str(cell.fill.fgColor.rgb)[-6:] in (INPUT_FILL, ASSESSOR_FILL)


def _tall_enough(height: float, text: str, width: float, size: float, bold: bool) -> bool:
    """One line fits any row of the default height; more lines need the estimated height."""
    if fontmetrics.wrapped_lines(text, width, size, bold) == 1 and size <= 11:
        return True
    return height >= fontmetrics.estimate_height(text, width, size, bold) - 0.5


def _span_width(ws, cell, widths: list[float]) -> float:
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            return sum(widths[c - 1] for c in range(merged.min_col, merged.max_col + 1))
    return widths[cell.column - 1]


@pytest.mark.parametrize("kind", ALL)
def test_no_header_label_is_wider_than_its_column(books, kind):
    """Every word of a header label fits its column's width (a wrapped word is never split), and the row
    is tall enough for the label's wrapped lines, both estimated from the font's metrics."""
    for ws in _sheets(books, kind):
        widths = _widths(ws) + [DEFAULT_WIDTH] * 50
        for row in _header_rows(ws):
            height = ws.row_dimensions[row].height or fontmetrics.LINE_HEIGHT
            for cell in ws[row]:
                if not isinstance(cell.value, str) or not cell.value:
                    continue
                width = _span_width(ws, cell, widths)
                size, bold = float(cell.font.sz or 11), bool(cell.font.b)
                assert fontmetrics.widest_word_px(cell.value, size, bold) <= fontmetrics.column_px(width), \
                    (kind, ws.title, cell.coordinate, cell.value, width)
                assert _tall_enough(height, cell.value, width, size, bold), (kind, ws.title, cell.coordinate, cell.value, height)


@pytest.mark.parametrize("kind", ALL)
def test_wrapped_texts_are_not_cut(books, kind):
    """Every wrapped text of ours (titles, notes, labels, the conclusion's paragraphs) has the row height
    its lines need; a text on one line (wrap off) is left to spill into empty neighbours."""
    for ws in _sheets(books, kind):
        widths = _widths(ws) + [DEFAULT_WIDTH] * 50
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or not cell.value or cell.value.startswith("=") \
                        or not cell.alignment.wrap_text or _typed_by_a_person(cell):
                    continue
                width = _span_width(ws, cell, widths)
                size, bold = float(cell.font.sz or 11), bool(cell.font.b)
                height = ws.row_dimensions[cell.row].height or fontmetrics.LINE_HEIGHT
                assert _tall_enough(height, cell.value, width, size, bold), (kind, ws.title, cell.coordinate, cell.value[:60], height)


def test_counts_are_integers_in_scores(books):
    """Counted numbers (rows of a list) show as «3», not «3,00»; points keep two decimals."""
    ws = openpyxl.load_workbook(books["scored-openness"])[SCORES_SHEET]
    start = next(c.row for row in ws.iter_rows() for c in row if c.value == "Показатели, рассчитанные по спискам")
    counts = [ws.cell(r, 4) for r in range(start + 2, ws.max_row + 1) if isinstance(ws.cell(r, 4).value, (int, float))]
    whole = [c for c in counts if float(c.value).is_integer()]
    assert whole and all(c.number_format == "0" for c in whole)
    points = [ws.cell(r, 4) for r in range(7, start) if isinstance(ws.cell(r, 4).value, float)]
    assert points and all(c.number_format == "0.00" for c in points)


def test_journal_and_scores_titles_survive_a_rescore(books, tmp_path):
    """Re-scoring a scored copy rewrites our sheets; their print titles (written once, with the sheets)
    still name each sheet's header row."""
    copy = Path(shutil.copy(books["scored-complaints"], tmp_path / "again.xlsx"))
    result = CliRunner().invoke(cli, ["score", str(copy), "--in-place", "--json"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(copy)
    assert wb[SCORES_SHEET].print_title_rows == "$6:$6" or wb[SCORES_SHEET].print_title_rows == "6:6"
    assert wb[JOURNAL_SHEET].print_title_rows in ("$1:$1", "1:1")
    assert _header_rows(wb[SCORES_SHEET])[0] == 6
    assert len([n for n in wb[SCORES_SHEET].defined_names]) <= 1


# ---- the arithmetic behind the checks, by hand

def test_widths_and_wrapping_by_hand():
    # a digit of Carlito is 1038/2048 em, kept as 1024 (to 1/64 em): 1024/2048 × 11 pt × 96/72 = 7.333 px;
    # a column 10 characters wide holds 10 × 7 + 5 − 2 = 73 px of text
    assert fontmetrics.text_px("0") == pytest.approx(7.3333, abs=1e-3)
    assert fontmetrics.column_px(10) == 73
    assert fontmetrics.wrapped_lines("0" * 9, 10) == 1  # 66.0 px
    assert fontmetrics.wrapped_lines("0" * 10, 10) == 2  # 73.3 px: one word wider than the column is split
    # two words of 5 digits and a space (463 → 448 units = 3.208 px): 36.67 + 3.21 + 36.67 = 76.5 px > 73
    assert fontmetrics.wrapped_lines("00000 00000", 10) == 2
    assert fontmetrics.wrapped_lines("00000 0000", 10) == 1  # 36.67 + 3.21 + 29.33 = 69.2 px
    assert fontmetrics.estimate_height("00000 00000", 10) == 2 * 15 + 2
    assert fontmetrics.wrapped_lines("00\n00", 10) == 2  # a line break always starts a line


def test_scale_and_footer_by_hand():
    # landscape A4 less two half-inch margins: (11.69 − 1) × 96 = 1026.24 px
    assert printing.fit_scale([100], landscape=True) == 100  # 705 px
    assert printing.fit_scale([200], landscape=True) == 73  # 1026.24 / 1405 = 0.7304
    assert printing.fit_scale([180], landscape=True) == 81  # 1026.24 / 1265 = 0.8113
    assert not printing.fits_width([200], True) and printing.fits_width([180], True)
    assert printing.footer("Р&Д, 2022 год") == "&LР&&Д, 2022 год&RСтр. &P из &N"
    assert printing.footer("") == "&RСтр. &P из &N"
    assert len(printing.footer("я" * 300)) == len("&L") + printing.FOOTER_LIMIT + len("&RСтр. &P из &N")


def test_a_kept_range_starts_a_new_page_instead_of_splitting():
    from toolkit.sheets.model import SheetSpec
    from toolkit.workbook.sheetxml import page_breaks

    sheet = SheetSpec("s", (50,))  # 355 px: fits portrait at 100 %
    for _ in range(60):
        sheet.add("x")
    # a portrait page holds (11.69 − 0.6 − 0.7) × 72 = 748.08 pt, filled to 97 %: 725.64 pt, 48 rows of 15 pt (720)
    sheet.keep(45, 52)  # rows 45–52: 660 pt used above, 660 + 120 > 725.64 → a break after row 44
    assert page_breaks(sheet, {}, 60, True) == [44]  # rows 45–60 (240 pt) fit the second page
    sheet.together = [(30, 35)]  # fits where it is: the page ends where it is full, after row 48, written as a break
    assert page_breaks(sheet, {}, 60, True) == [48]
    sheet.together = [(45, 110)]  # taller than a page: breaks where the pages are full, 48 rows each
    assert page_breaks(sheet, {}, 120, True) == [48, 96]
    sheet.title_rows = (1, 1)  # a title row repeated on every page: 15 + 47 × 15 = 720, so rows 49–95, then 96–120
    assert page_breaks(sheet, {}, 120, True) == [48, 95]
    sheet.together = []  # nothing kept together: the applications' own breaks, none written
    assert page_breaks(sheet, {}, 120, True) == []


@pytest.mark.parametrize(("kind", "direction", "body_type"), [
    ("openness-cgo", "openness", "cgo"), ("openness-mio", "openness", "mio"),
    ("services-cgo", "services", "cgo"), ("services-mio", "services", "mio")])
def test_every_live_check_row_holds_its_longest_message(books, kind, direction, body_type):
    """A live check is a formula, so no application sizes its row: every input row is tall enough for the
    longest message its check can show, wrapped at the width the «Проверка» column really has (the rows
    were once sized for 34 characters whatever the column). A sheet of inputs only gives that column what
    a landscape page holds at 100 % beyond the other columns, and still prints one page wide at 100 %."""
    from toolkit.workbook import layout
    from toolkit.workbook.live_checks import block_checks

    wb = openpyxl.load_workbook(books[kind])
    spec = CATALOG.direction(direction)
    checked = 0
    for plan in layout.sheet_plans(spec, body_type):
        if not plan.scalars:
            continue
        ws = wb[plan.name]
        width = ws.column_dimensions[layout.INPUT_CHECK_COLUMN].width
        longest = block_checks(spec, list(plan.scalars), layout.INPUT_VALUE_COLUMN).longest
        for _, row in plan.scalars:
            height = ws.row_dimensions[row].height or fontmetrics.LINE_HEIGHT
            assert _tall_enough(height, longest[row], width, 11, True), (ws.title, row, width, height)
            checked += 1
        if not plan.lists:
            # (11.69 − 2 × 0.5) in × 96 = 1026 px, less 1 %: 1015.8; five columns of 5 px padding: 990.8 px
            # → 141 characters; the others take 5 + 52 + 11 + 14 = 82, so the checks 59
            assert width == 59, (ws.title, width)
            assert printing.fit_scale(_widths(ws), True) == 100, ws.title
    assert checked >= 7  # services for a local body: the seven Прил. 2 figures
