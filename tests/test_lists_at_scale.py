"""Openness lists at their real size: any number of rows, grown, inserted, deleted and sorted as in Excel.

Real reports are far larger than the template's pre-formatted rows (2020: 18 307 draft acts, 47 100
comments on them — seed 000). Each list sits alone at the foot of its sheet, so Excel's own table
growth works; these tests grow every list past the template's rows through `fill`, and one list to
20 000 rows through `fill` and through openpyxl edits made the way Excel makes them, and require the
same scores from every route. Expected points for the 20 000-row list are computed by hand.
"""

from __future__ import annotations

import copy
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.openness_reports import CGO_REPORT, MIO_REPORT
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.files import sha256
from toolkit.jsonio import extract, fill
from toolkit.run import score_file
from toolkit.workbook import layout

CATALOG = load_catalog("2023-01")
OPENNESS = CATALOG.direction("openness")
PLACES = {bt: {place.spec.key: place for plan in layout.sheet_plans(OPENNESS, bt) for place in plan.lists}
          for bt in ("cgo", "mio")}
BIG = 20_000


def _section(data: dict[str, Any], key: str) -> tuple[dict[str, Any], str]:
    _, group, name = key.split(".")
    return data["openness"].setdefault(group, {}), name


def _rows_of(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    section, name = _section(data, key)
    return section.get(name) or []


def _varied(row: dict[str, Any], key: str, i: int) -> dict[str, Any]:
    """A copy of `row` whose unique text fields carry the number `i`, so no two rows are duplicates."""
    spec = OPENNESS.list_by_key(key)
    out = dict(row)
    for field in spec.unique:
        column = spec.column(field)
        if column.type == "text":
            out[field] = f"{row.get(field) or 'Запись'} № {i}"
        elif column.type == "url":
            out[field] = f"https://example.kz/{i}"
    return out


def _grown(report: dict[str, Any], key: str, count: int) -> dict[str, Any]:
    data = copy.deepcopy(report)
    rows = _rows_of(data, key)
    template = rows[-1] if rows else None
    assert template is not None, f"{key}: the report needs a row to copy"
    required = {c.code for c in OPENNESS.list_by_key(key).required_for(data["body"]["type"])}
    kept = [r for r in rows if r.get("kind") in required]
    section, name = _section(data, key)
    section[name] = kept + [_varied(template, key, i) for i in range(count - len(kept))]
    return data


def _scores(path: Path) -> dict[str, float]:
    outcome = score_file(path, output=path.with_name(path.stem + ".out.xlsx"))
    assert outcome.exit_code == 0, [p.message for p in outcome.problems]
    result = outcome.result.to_dict()["directions"]["openness"]
    return dict(result["indicators"]) | {"O": result["score"]}


def _fill(blank: Path, data: dict[str, Any], target: Path) -> Path:
    problems = fill(blank, data, target)
    assert problems == [], [p.message for p in problems]
    return target


LIST_CASES = [(bt, key) for bt in ("cgo", "mio") for key in PLACES[bt]
              if _rows_of(CGO_REPORT if bt == "cgo" else MIO_REPORT, key)]


@pytest.mark.parametrize(("body_type", "key"), LIST_CASES, ids=[f"{bt}-{k.split('.', 1)[1]}" for bt, k in LIST_CASES])
def test_every_list_takes_more_rows_than_the_template_held(openness_blanks: dict[str, Path], tmp_path: Path,
                                                           body_type: str, key: str):
    report = CGO_REPORT if body_type == "cgo" else MIO_REPORT
    count = PLACES[body_type][key].spec.rows + 15
    data = _grown(report, key, count)
    path = _fill(openness_blanks[body_type], data, tmp_path / "big.xlsx")
    checked = check_file(path)
    assert [p.message for p in checked.problems if p.is_error] == []
    extracted, problems = extract(path)
    assert problems == []
    assert len(_rows_of(extracted, key)) == count


@pytest.fixture(scope="module")
def big_comments(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path, Path]:
    """The CGO report with 20 000 comments on draft acts, 1 in 20 not answered in time, filled from JSON."""
    folder = tmp_path_factory.mktemp("big")
    blank = folder / "blank.xlsx"
    from toolkit.workbook.template import write_template
    write_template(blank, CATALOG, ("openness",), "cgo", 2022)
    data = _grown(CGO_REPORT, "openness.npa.comments", BIG)
    for i, row in enumerate(data["openness"]["npa"]["comments"]):
        row["answered"] = i % 20 != 7
    return data, blank, _fill(blank, data, folder / "filled.xlsx")


def test_twenty_thousand_comments_score_as_computed_by_hand(big_comments):
    _, _, path = big_comments
    scores = _scores(path)
    # P3.4 (CGO table 4 row 4): answered on time / received = 19 000 / 20 000 of 3.5 in each language
    assert Fraction(scores["P3.4:kk"]).limit_denominator() == Fraction("3.5") * Fraction(19, 20)
    assert Fraction(scores["P3.4:ru"]).limit_denominator() == Fraction("3.5") * Fraction(19, 20)


def _excel_edit(path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(path)
    place = PLACES["cgo"]["openness.npa.comments"]
    edit(wb[place.sheet], wb[place.sheet].tables[place.spec.table_name], place)
    wb.save(path)
    return path


def _data_rows(ws, place: layout.ListPlace) -> list[list[Any]]:  # type: ignore[no-untyped-def]
    width = len(place.spec.columns)
    return [[c.value for c in row] for row in ws.iter_rows(min_row=place.header_row + 1, max_col=width)
            if any(c.value not in (None, "") for c in row)]


def test_rows_typed_under_the_table_as_excel_grows_it_score_the_same(big_comments, openness_blanks, tmp_path: Path):
    """Excel grows a table when a row is typed right under it: the rows are written below the blank's
    table one by one and the table's range follows, as Excel does."""
    data, _, filled = big_comments
    short = copy.deepcopy(data)
    short["openness"]["npa"]["comments"] = []
    path = _fill(openness_blanks["cgo"], short, tmp_path / "grown.xlsx")
    source = openpyxl.load_workbook(filled)
    place = PLACES["cgo"]["openness.npa.comments"]
    rows = _data_rows(source[place.sheet], place)

    def grow(ws, table, place):  # type: ignore[no-untyped-def]
        for i, values in enumerate(rows):
            for j, value in enumerate(values, start=1):
                ws.cell(place.header_row + 1 + i, j, value)
        table.ref = place.ref_to(max(place.last_row, place.header_row + len(rows)))

    _excel_edit(path, grow)
    assert _scores(path) == _scores(filled)


def test_inserted_deleted_and_sorted_rows_score_the_same(big_comments, tmp_path: Path):
    _, _, filled = big_comments
    expected = _scores(filled)
    path = shutil.copy(filled, tmp_path / "edited.xlsx")

    def insert_delete_sort(ws, table, place):  # type: ignore[no-untyped-def]
        first, last = place.header_row + 1, openpyxl.utils.cell.range_boundaries(table.ref)[3]
        ws.insert_rows(first + 100, 5)  # five blank rows inside the table; Excel stretches the table
        ws.delete_rows(first + 10, 1)  # and one row with its comment gone …
        last += 4
        table.ref = place.ref_to(last)
        rows = _data_rows(ws, place)
        ws.insert_rows(first, 1)  # … typed again at the top (Excel keeps the header, the table stretches)
        for j, value in enumerate(removed, start=1):
            ws.cell(first, j, value)
        table.ref = place.ref_to(last + 1)
        rows = _data_rows(ws, place)
        rows.sort(key=lambda r: (str(r[1]), str(r[0])), reverse=True)  # sort by «Документ», descending
        for i, values in enumerate(rows):
            for j, value in enumerate(values, start=1):
                ws.cell(first + i, j, value)
        for r in range(first + len(rows), last + 2):
            for j in range(1, len(place.spec.columns) + 1):
                ws.cell(r, j).value = None

    source = openpyxl.load_workbook(filled)
    place = PLACES["cgo"]["openness.npa.comments"]
    removed = _data_rows(source[place.sheet], place)[10]
    _excel_edit(path, insert_delete_sort)
    assert _scores(path) == expected
    extracted, _ = extract(path)
    assert len(extracted["openness"]["npa"]["comments"]) == BIG


def test_rows_typed_below_the_table_are_errors_naming_each_row(openness_blanks: dict[str, Path], tmp_path: Path):
    """Five records typed three rows under the media requests table (the last list of «5-1. СМИ»)."""
    path = _fill(openness_blanks["cgo"], CGO_REPORT, tmp_path / "r.xlsx")
    place = PLACES["cgo"]["openness.media.requests"]
    wb = openpyxl.load_workbook(path)
    ws = wb[place.sheet]
    first = place.last_row + 4
    for i in range(5):
        ws.cell(first + i, 2, f"Запрос СМИ {i}")
    ws.cell(2, 14, "заметка справа")  # to the right of the heading
    wb.save(path)
    before = sha256(path)
    result = CliRunner().invoke(cli, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    import json
    problems = json.loads(result.stdout)["files"][0]["problems"]
    found = {(p["sheet"], p["cell"], p["code"]) for p in problems}
    expected = {(place.sheet, f"B{first + i}", "list.outside_table") for i in range(5)} | {
        (place.sheet, "N2", "list.outside_table")}
    assert found == expected
    assert sha256(path) == before


def test_a_required_document_left_out_is_an_error_and_never_raises_the_score(openness_blanks, tmp_path: Path):
    data = copy.deepcopy(CGO_REPORT)
    documents = data["openness"]["budget"]["documents"]
    data["openness"]["budget"]["documents"] = [d for d in documents if d["kind"] not in ("equity", "citizens")]
    path = _fill(openness_blanks["cgo"], data, tmp_path / "r.xlsx")
    result = CliRunner().invoke(cli, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    import json
    problems = json.loads(result.stdout)["files"][0]["problems"]
    place = PLACES["cgo"]["openness.budget.documents"]
    missing = [p for p in problems if p["code"] == "list.required_missing"]
    assert {(p["sheet"], p["cell"]) for p in missing} == {(place.sheet, f"A{place.header_row + 1}")}
    assert sorted("Консолидированный отчет об изменениях" in p["message"] or "Гражданский бюджет" in p["message"]
                  for p in missing) == [True, True]
    result = CliRunner().invoke(cli, ["score", str(path), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1 and not (tmp_path / "out.xlsx").exists()


def test_the_template_lists_the_required_documents_in_advance(openness_blanks: dict[str, Path]):
    for body_type, expected in (("cgo", 7), ("mio", 1)):
        extracted, _ = extract(openness_blanks[body_type])
        kinds = [row["kind"] for row in extracted["openness"]["budget"]["documents"]]
        spec = OPENNESS.list_by_key("openness.budget.documents")
        assert kinds == [c.code for c in spec.required_for(body_type)] and len(kinds) == expected


def test_the_national_bank_need_not_list_what_does_not_apply_to_it(openness_blanks, tmp_path: Path):
    data = copy.deepcopy(CGO_REPORT)
    data["body"] = {"name": "Национальный Банк Республики Казахстан", "type": "cgo", "code": "НБ"}
    documents = data["openness"]["budget"]["documents"]
    data["openness"]["budget"]["documents"] = [d for d in documents if d["kind"] not in ("strategic", "citizens")]
    path = _fill(openness_blanks["cgo"], data, tmp_path / "nb.xlsx")
    assert [p.code for p in check_file(path).problems if p.code == "list.required_missing"] == []


def test_an_empty_publications_list_is_a_warning_and_earns_the_maximum(openness_blanks, tmp_path: Path):
    data = copy.deepcopy(MIO_REPORT)
    data["openness"]["open_data"]["publications"] = []
    path = _fill(openness_blanks["mio"], data, tmp_path / "r.xlsx")
    checked = check_file(path)
    place = PLACES["mio"]["openness.open_data.publications"]
    assert [(p.where.sheet, p.where.cell, p.code) for p in checked.problems] == [
        (place.sheet, f"A{place.header_row + 1}", "list.empty_allowed")]
    scores = _scores(path)
    for half in ("P1.1:kk", "P1.1:ru", "P1.3:kk", "P1.3:ru"):  # required = 0 → max (Прил. 10 табл. 1 стр. 1, 3)
        assert scores[half] == {"P1.1": 2.5, "P1.3": 3.0}[half.split(":")[0]]
