"""The openness report template (Прил. 9 tables 1–6, the assessor's Прил. 10 data), part by part.

Every sheet of `layout.sheet_plans` in order; scalar inputs named on the plan's cells, validated by
type, noted and unlocked (the assessor's locked); every list an Excel table with the catalog's labels,
header notes and a validation per column (date windows for the period, «Да»/«Нет», URL, choices);
protection; the cgo/mio differences of the appendix (table 2 vs 3, table 6 for cgo only); LibreOffice
opens it and the reader finds direction openness in its metadata.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import CATALOG
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import to_excel
from recalc import convert_with_libreoffice, needs_libreoffice

from toolkit import __version__
from toolkit.workbook import layout
from toolkit.workbook.reader import open_workbook, read_meta
from toolkit.workbook.template import available_directions, write_template

OPENNESS = CATALOG.direction("openness")
PERIOD = 2024
BODY_TYPES = ["cgo", "mio"]
YES_NO = '"Да,Нет"'
FINANCIAL = {"balance", "results", "cash", "equity", "notes"}  # consolidated statements: cgo only (табл. 2)


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("openness")
    out = {bt: folder / f"openness-{bt}.xlsx" for bt in BODY_TYPES}
    for bt, path in out.items():
        write_template(path, CATALOG, ("openness",), bt, PERIOD)
    return out


@pytest.fixture(scope="module", params=BODY_TYPES)
def template(request, paths):
    return request.param, openpyxl.load_workbook(paths[request.param]), layout.sheet_plans(OPENNESS, request.param)


def rules_at(ws, coordinate: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


def only_rule(ws, first: str, last: str):
    """The one validation of a column's data rows, covering the whole range."""
    found = rules_at(ws, first)
    assert len(found) == 1, f"{ws.title}!{first}: {len(found)} validations"
    assert last in found[0].sqref, f"{ws.title}!{last} not covered"
    return found[0]


def list_labels(wb, formula: str) -> list[str]:
    """Labels of a list validation: inline, or a range on the metadata sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, ref = formula.rsplit("!", 1)
    assert sheet == layout.quote_sheet(layout.META_SHEET)
    c1, r1, c2, r2 = range_boundaries(ref.replace("$", ""))
    assert c1 == c2 and c1 > 2, "helper lists stay out of the metadata columns A:B"
    return [wb[layout.META_SHEET].cell(r, c1).value for r in range(r1, r2 + 1)]


def test_every_direction_is_available():
    assert available_directions() == ("complaints", "openness", "services")


def test_sheets_in_plan_order(template):
    body_type, wb, plans = template
    assert wb.sheetnames == [layout.INSTRUCTIONS_SHEET, *(p.name for p in plans), layout.PENALTIES_SHEET,
                             layout.APPEALS_SHEET, layout.META_SHEET]
    assert wb[layout.META_SHEET].sheet_state == "veryHidden"
    budget = {"cgo": "2. Открытый бюджет", "mio": "3. Открытый бюджет"}[body_type]
    n = budget[0]
    expected = ["1. Открытые данные", "1.2 Запросы данных", "1.3 Потребности в данных",
                budget, f"{n}.2 Бюджетные программы", f"{n}.3 Комментарии к бюджету",
                "4. Открытые НПА", "4.2 Комментарии к НПА", *(["4.3 Сопровождение законов"] if body_type == "cgo" else []),
                "5. Открытый диалог", "5-1. СМИ", *(["6. Подведомственные"] if body_type == "cgo" else [])]
    assert [p.name for p in plans] == expected


def test_each_list_is_alone_at_the_foot_of_its_sheet(template):
    """Excel grows a table into the rows under it: nothing of ours may stand below or beside a list."""
    _, wb, plans = template
    for plan in plans:
        assert len(plan.lists) <= 1
        ws = wb[plan.name]
        for place in plan.lists:
            assert ws.max_row == place.last_row
            assert ws.max_column == len(place.spec.columns) or ws.max_column <= 5
            assert plan.blocks_end < place.title_row


def test_heading_rows(template):
    _, wb, plans = template
    for plan in plans:
        ws = wb[plan.name]
        assert plan.source in ws["A1"].value, plan.name
        assert ws["A1"].value.startswith("Приложение 9 к Методике") == (plan.owner == "body"), plan.name
        assert ws["A2"].value == plan.title
        assert ws["A2"].font.bold
        assert ws["A3"].value == "='Инструкция'!C4&\"\""


def test_metadata_names_direction_openness(template):
    body_type, wb, _ = template
    rows = {r[0]: r[1] for r in wb[layout.META_SHEET].iter_rows(max_col=2, values_only=True) if r[0]}
    assert rows == {"edition": CATALOG.edition, "directions": "openness", "body_type": body_type, "period": PERIOD,
                    "toolkit_version": __version__, "kind": "report"}


def test_every_scalar_input_is_named_on_its_plan_cell(template):
    body_type, wb, plans = template
    expected = {spec.key: (plan.name, f"D{row}") for plan in plans for spec, row in plan.scalars}
    assert set(expected) == {spec.key for spec in OPENNESS.inputs_for(body_type) if spec.owner == "body"}
    expected |= {key: (layout.INSTRUCTIONS_SHEET, cell) for key, cell in layout.BODY_CELLS.items()}
    for key, (sheet, cell) in expected.items():
        assert [(s, c.replace("$", "")) for s, c in wb.defined_names[key].destinations] == [(sheet, cell)], key
    assert set(wb.defined_names) == set(expected)


@pytest.mark.parametrize(("kind", "shape"), [
    ("count", ("whole", "greaterThanOrEqual", "0", None)),
    ("yesno", ("list", None, YES_NO, None)),
])
def test_scalar_inputs_validated_by_type_with_note_and_symbol(template, kind, shape):
    _, wb, plans = template
    placed = [(plan, spec, row) for plan in plans for spec, row in plan.scalars if spec.type == kind]
    assert placed, f"no {kind} input in the catalog"
    for plan, spec, row in placed:
        ws = wb[plan.name]
        (dv,) = rules_at(ws, f"D{row}")
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == shape, spec.key
        assert dv.allow_blank and dv.showErrorMessage and dv.error
        assert ws[f"D{row}"].comment.text == spec.note
        # openness has no symbols of the methodology's own: the clerk sees the label, not a program name
        assert (ws[f"B{row}"].value, ws[f"C{row}"].value) == (spec.label, None)
        assert ws.cell(plan.scalar_header_row, 4).value == "Значение"


def test_input_cells_unlocked_assessor_cells_locked_and_nothing_else(template):
    _, wb, plans = template
    for plan in plans:
        ws = wb[plan.name]
        assert ws.protection.sheet == (not plan.lists), plan.name  # locks still mark the cells not to type in
        body = {f"D{row}" for spec, row in plan.scalars if spec.owner == "body"}
        data = {f"{col}{row}" for place in plan.lists for col in place.columns.values()
                for row in range(place.header_row + 1, place.last_row + 1)}
        unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
        assert unlocked == body | data, plan.name
    # the assessor's inputs are in the assessor workbook, out of the body's reach (CONTRACTS «Workbooks»)
    assert all(p.owner == "body" and all(spec.owner == "body" for spec, _ in p.scalars) for p in plans)
    assert "Оценщик" not in wb.sheetnames


def test_form_sheets_protected_and_act_and_list_sheets_left_open(template):
    """Excel neither grows, inserts into nor sorts a table on a protected sheet: list sheets stay open."""
    _, wb, plans = template
    with_lists = {plan.name for plan in plans if plan.lists}
    assert {ws.title for ws in wb if not ws.protection.sheet} == {layout.PENALTIES_SHEET, layout.APPEALS_SHEET} | with_lists


def test_every_list_is_a_table_with_the_catalog_labels_and_notes(template):
    body_type, wb, plans = template
    places = [place for plan in plans for place in plan.lists]
    assert {p.spec.key for p in places} == {lst.key for lst in OPENNESS.lists_for(body_type)}
    for place in places:
        ws = wb[place.sheet]
        table = ws.tables[place.spec.table_name]
        assert (table.displayName, table.ref) == (place.spec.table_name, place.ref)
        assert table.tableStyleInfo.name.startswith("TableStyleLight")
        headers = [ws[f"{col}{place.header_row}"] for col in place.columns.values()]
        assert [h.value for h in headers] == [c.label for c in place.spec.columns]
        assert [h.comment.text for h in headers] == [c.note for c in place.spec.columns]
        assert ws[f"A{place.title_row}"].value == place.spec.title
        assert place.spec.source[body_type] in ws[f"A{place.title_row + 1}"].value
        first, last = place.header_row + 1, place.last_row
        assert last - first + 1 == place.spec.rows
        listed = len(place.spec.required_for(body_type))  # the required documents, listed in advance
        assert all(ws.cell(r, c).value is None for r in range(first + listed, last + 1)
                   for c in range(1, len(headers) + 1))
        assert ws.print_title_rows == f"${place.header_row}:${place.header_row}"


def columns_of(plans, kind: str):
    for plan in plans:
        for place in plan.lists:
            for column in place.spec.columns:
                if column.type == kind:
                    col = place.columns[column.field]
                    yield place, column, f"{col}{place.header_row + 1}", f"{col}{place.last_row}"


def test_date_columns_accept_only_their_window_of_the_period(template):
    _, wb, plans = template
    found = list(columns_of(plans, "date"))
    assert {column.window for _, column, _, _ in found} == {"period", "period_and_q1", "previous_and_period"}
    for place, column, first, last in found:
        ws = wb[place.sheet]
        dv = only_rule(ws, first, last)
        window = OPENNESS.date_windows[column.window]
        start = date(PERIOD + window.start[0], *window.start[1:])
        end = date(PERIOD + window.end[0], *window.end[1:])
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == \
            ("date", "between", str(int(to_excel(start))), str(int(to_excel(end)))), (place.sheet, first)
        assert window.label in dv.error and f"{end:%d.%m.%Y}" in dv.error
        assert ws[first].number_format == ws[last].number_format == "DD.MM.YYYY"


def test_known_window_bounds_for_2024():
    window = OPENNESS.date_windows["period_and_q1"]
    assert (window.start, window.end) == ((0, 1, 1), (1, 3, 31))
    assert (int(to_excel(date(2024, 1, 1))), int(to_excel(date(2025, 3, 31)))) == (45292, 45747)


def test_yesno_columns_offer_da_net(template):
    _, wb, plans = template
    found = list(columns_of(plans, "yesno"))
    assert len(found) > 20
    for place, _, first, last in found:
        dv = only_rule(wb[place.sheet], first, last)
        assert (dv.type, dv.formula1, dv.showErrorMessage) == ("list", YES_NO, True)


def test_url_columns_accept_empty_or_http_links(template):
    _, wb, plans = template
    for place, _, first, last in columns_of(plans, "url"):
        dv = only_rule(wb[place.sheet], first, last)
        assert dv.type == "custom"
        assert dv.formula1 == f'OR({first}="",LEFT(LOWER({first}),7)="http://",LEFT(LOWER({first}),8)="https://")'
        assert "https://" in dv.error


def test_count_percent_and_text_columns(template):
    _, wb, plans = template
    for kind, shape in (("count", ("whole", "greaterThanOrEqual", "0", None)),
                        ("percent", ("decimal", "between", "0", "100"))):
        for place, _, first, last in columns_of(plans, kind):
            dv = only_rule(wb[place.sheet], first, last)
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == shape
    for place, _, first, _ in columns_of(plans, "text"):
        assert rules_at(wb[place.sheet], first) == []


def test_choice_columns_list_the_body_types_labels(template):
    body_type, wb, plans = template
    found = list(columns_of(plans, "choice"))
    assert found
    for place, column, first, last in found:
        dv = only_rule(wb[place.sheet], first, last)
        assert dv.type == "list"
        assert len(dv.formula1) <= 257
        assert list_labels(wb, dv.formula1) == [c.label for c in column.choices_for(body_type)], column.field


def test_labels_with_commas_use_the_hidden_helper_range(template):
    _, wb, plans = template
    place, _, first, last = next(f for f in columns_of(plans, "choice")
                                 if f[0].spec.key == "openness.open_data.events" and f[1].field == "kind")
    dv = only_rule(wb[place.sheet], first, last)
    assert dv.formula1.startswith("'_xlscore'!$")
    assert list_labels(wb, dv.formula1)[1] == "2 — встреча с IT-компаниями, Data-лаб (хакатон)"


def test_cgo_and_mio_differ_as_the_appendix_does(paths):
    cgo, mio = (openpyxl.load_workbook(paths[bt]) for bt in BODY_TYPES)
    assert "6. Подведомственные" in cgo.sheetnames and "6. Подведомственные" not in mio.sheetnames
    assert "openness_subordinate_organisations" in cgo["6. Подведомственные"].tables
    assert "3. Открытый бюджет" in mio.sheetnames and "2. Открытый бюджет" not in mio.sheetnames
    assert mio["3. Открытый бюджет"]["A2"].value.startswith("Таблица 3.")
    kinds = OPENNESS.list_by_key("openness.budget.documents").column("kind").choices
    financial = {c.label for c in kinds if c.code in FINANCIAL}
    assert len(financial) == 5
    for wb, sheet, expect in ((cgo, "2. Открытый бюджет", True), (mio, "3. Открытый бюджет", False)):
        ws = wb[sheet]
        shown = set(list_labels(wb, rules_at(ws, "A15")[0].formula1))
        assert (financial <= shown) is expect and bool(financial & shown) is expect
        assert "Гражданский бюджет" in shown
    assert "openness.dialogue.population_with_ngo" in cgo.defined_names
    assert "openness.dialogue.population_with_ngo" not in mio.defined_names


def test_live_checks_and_counter_on_the_dialogue_sheet(template):
    body_type, wb, plans = template
    plan = next(p for p in plans if p.id == "dialogue")
    rows = {spec.symbol: row for spec, row in plan.scalars}
    ws = wb[plan.name]
    check = ws[f"E{rows['q_answered_kk']}"].value
    labels = {spec.symbol: spec.label for spec, _ in plan.scalars}
    # its own cell first, then the relation, in the fields' labels (values: tests/test_live_checks.py)
    assert check.startswith(f"=IF(ISERROR(D{rows['q_answered_kk']})") and f"D{rows['q_received_kk']}" in check
    assert f"Ошибка: «{labels['q_answered_kk']}» больше, чем «{labels['q_received_kk']}»" in check
    assert "q_answered_kk" not in check
    assert ("pm_ngo" in rows) is (body_type == "cgo")
    ngo_check = ws[f"E{rows['pm_ngo']}"].value if "pm_ngo" in rows else None
    assert (ngo_check is not None) is (body_type == "cgo")
    last = max(rows.values())
    counter = ws[f"D{last + 1}"].value
    assert counter.endswith(f'&" из {len(rows)}"') and all(f"ISNUMBER(D{row})" in counter for row in rows.values())
    npa = next(p for p in plans if p.id == "npa")
    (_, row), = npa.scalars
    assert wb[npa.name][f"D{row + 1}"].value.endswith('&" из 1"')


def test_instructions_for_lists(template):
    _, wb, _ = template
    ws = wb[layout.INSTRUCTIONS_SHEET]
    text = "\n".join(str(ws.cell(r, 2).value) for r in range(11, 25) if ws.cell(r, 2).value)
    for part in ("ДД.ММ.ГГГГ", "https://", "неиспользуемые строки", "«Акт сверки»", "«Да»"):
        assert part in text, part
    assert {ws[c].protection.locked for c in ("C4", "C5")} == {False}


def test_print_setup_landscape_a4(template):
    _, wb, plans = template
    for plan in plans:
        ws = wb[plan.name]
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), plan.name
        if ws.sheet_properties.pageSetUpPr.fitToPage:  # one page wide where that keeps 80 % (test_print_ready)
            assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), plan.name
        else:  # else 80 %, pages running across, column A and the header row repeated
            assert int(setup.scale) == 80 and ws.print_title_cols == "$A:$A", plan.name


def test_generation_is_deterministic(tmp_path, paths):
    again = tmp_path / "again.xlsx"
    write_template(again, CATALOG, ("openness",), "cgo", PERIOD)
    assert again.read_bytes() == paths["cgo"].read_bytes()


def test_both_directions_in_one_workbook(tmp_path):
    path = tmp_path / "all.xlsx"
    write_template(path, CATALOG, ("complaints", "openness"), "mio", PERIOD)
    wb = openpyxl.load_workbook(path)
    plans = layout.sheet_plans(OPENNESS, "mio")
    assert wb.sheetnames == [layout.INSTRUCTIONS_SHEET, layout.DIRECTION_SHEETS["complaints"],
                             *(p.name for p in plans), layout.PENALTIES_SHEET, layout.APPEALS_SHEET, layout.META_SHEET]


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_opens_it_and_the_reader_finds_openness(paths, tmp_path):
    converted = convert_with_libreoffice([paths[bt] for bt in BODY_TYPES], tmp_path, "xlsx")
    for body_type, path in zip(BODY_TYPES, converted):
        wb, problems = open_workbook(path)
        assert problems == [] and wb is not None
        try:
            meta, problems = read_meta(wb)
        finally:
            wb.package.close()
        assert problems == []
        assert (meta.directions, meta.body_type, meta.period) == (("openness",), body_type, PERIOD)
        names = [p.name for p in layout.sheet_plans(OPENNESS, body_type)]
        assert [s for s in openpyxl.load_workbook(path).sheetnames if s in names] == names
