"""Two more engines recompute every point: the «Баллы» formulas and the template's own formulas.

Covers METHODOLOGY §2 / the Методика: R1 п.96–97 (f / p, p = 0 → 40, floor at 0), R2 п.98–100
(a = 0 → 30, floor), R3 п.101–102 (m = 0 → 20, floor), R4 п.103–105 and Прил. 13 (every band edge,
just below each edge, f + n − x = 0 → 10); Прил. 1 and п.17–21 (0,2 / 2 points per fact in «Акт
сверки»); Прил. 11 self-checks (the catalog's checks, live in column E) and the COUNT of filled cells.

For each input set a real template is filled the way `filled_template` fills it, scored with
`toolkit.run.score_file`, then recalculated (a) by LibreOffice headless (tests/recalc.py: a private
profile set to "always recalculate on load") and (b) by the `formulas` package; column E of «Баллы»
must equal the Python points in column D to 1e-9. All files of one engine are recalculated in one
run, since an soffice start costs seconds.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import CATALOG, COMPLAINTS, GOOD, SYMBOL_KEYS, complaints_values, write_named
from recalc import convert_with_libreoffice, formula_results, needs_libreoffice, sheet_part, soffice_path

from services_reports import CGO_REPORT as SERVICES_CGO, MIO_REPORT as SERVICES_MIO
from toolkit.demo import openness_samples, samples, services_samples, write_samples
from toolkit.jsonio import fill
from toolkit.run import score_file
from toolkit.workbook import layout

TOLERANCE = 1e-9
SCORES = layout.SCORES_SHEET
REPORT = layout.DIRECTION_SHEETS["complaints"]
ACT = layout.PENALTIES_SHEET
INPUT_CELLS = layout.input_cells(COMPLAINTS)
SYMBOL_CELL = {spec.symbol: INPUT_CELLS[spec.key] for spec in COMPLAINTS.inputs}
COUNT_CELL = f"{layout.INPUT_VALUE_COLUMN}{layout.inputs_header_row(COMPLAINTS) + len(COMPLAINTS.inputs) + 1}"
CHECK_CELLS = sorted({f"{layout.INPUT_CHECK_COLUMN}{SYMBOL_CELL[c.left[0]][1:]}" for c in COMPLAINTS.checks})


@dataclass(frozen=True)
class Case:
    id: str
    symbols: dict[str, int] = field(default_factory=dict)
    expect: dict[str, float] = field(default_factory=dict)  # criterion points by hand, to prove the branch is hit
    body_type: str = "cgo"


def _edge(d: int, den: int, points: float, tag: str) -> Case:
    # f = den, n = x = 0 so that f + n − x = den; p, m large enough for f ≤ p
    return Case(f"R4-{tag}-{d}of{den}", {"m": 1000, "p": 1000, "f": den, "n": 0, "x": 0, "d": d, "a": 0},
                {"R4": points})


CASES = [
    Case("normal", {}, {"R1": 40 - 3 / 950 * 1000, "R2": 30, "R3": 19.9, "R4": 10}),
    Case("p=0", {"p": 0, "f": 0, "a": 0, "d": 1}, {"R1": 40, "R2": 30, "R4": 10}),
    Case("m=0", {"m": 0, "p": 0, "f": 0, "a": 0, "n": 0, "d": 0}, {"R1": 40, "R2": 30, "R3": 20, "R4": 10}),
    Case("a=0", {"a": 0, "p": 800}, {"R2": 30}),
    Case("a=1", {"a": 1}, {"R2": 30 - 1 / 950 * 10000}),
    Case("R2-floor-exact", {"m": 1000, "p": 1000, "a": 3}, {"R1": 37, "R2": 0}),
    Case("R2-floor-deep", {"a": 950}, {"R2": 0}),
    Case("R1-floor-exact", {"f": 38}, {"R1": 0}),
    Case("R1-floor-deep", {"f": 950}, {"R1": 0, "R4": 0}),
    Case("R3-floor-exact", {"n": 200}, {"R3": 0}),
    Case("R3-floor-deep", {"n": 1000}, {"R3": 0}),
    Case("f+n-x=0-all-zero", {"f": 0, "n": 0, "d": 0, "x": 0}, {"R1": 40, "R3": 20, "R4": 10}),
    Case("f+n-x=0-by-x", {"f": 2, "n": 1, "d": 0, "x": 3}, {"R4": 10}),
    Case("R4-x-in-denominator", {"f": 12, "n": 0, "x": 2, "d": 9}, {"R4": 10}),
    Case("R4-d=0", {"d": 0}, {"R4": 0}),
    *[_edge(d, 10, pts, "edge") for d, pts in ((10, 10), (9, 10), (8, 8), (7, 6), (6, 4), (5, 1), (4, 0), (0, 0))],
    *[_edge(d, 1000, pts, "below") for d, pts in ((900, 10), (899, 8), (799, 6), (699, 4), (599, 1), (499, 0))],
    _edge(57, 100, 1, "float"),  # 57 / 100 × 100 = 56.99999999999999 in binary floating point
    Case("p>m-warning", {"m": 1000, "p": 1100}, {"R1": 40 - 3 / 1100 * 1000}),
    Case("large", {"m": 10_000_000, "p": 9_999_999, "f": 12_345, "a": 7, "n": 4_321, "d": 15_000, "x": 1_000},
         {"R4": 10}),
    Case("mio-normal", {}, {"R1": 40 - 3 / 950 * 1000, "R4": 10}, "mio"),
    Case("mio-R4-70", {"f": 10, "n": 0, "d": 7}, {"R4": 6}, "mio"),
]
SAMPLE_IDS = ([f"complaints-{s.code.replace(' ', '_')}" for s in samples()]  # toolkit/data/sample_bodies.yaml
              + [f"openness-{s.code.replace(' ', '_')}" for s in openness_samples()]
              + [f"services-{s.code.replace(' ', '_')}" for s in services_samples()])


def _services(base: dict[str, Any], monitoring: list[float] | None = None, **changes: Any) -> dict[str, Any]:
    data = {**base, "services": {**base["services"], **changes}}
    if monitoring is not None:
        data["services"]["monitoring"] = [{"service": f"Услуга {i}", "satisfaction": s} for i, s in enumerate(monitoring)]
    return data


# Services (METHODOLOGY §4): Прил. 6 band edges through the SUMPRODUCT of the list, every zero denominator,
# the bonus cap of K3 and its floor; figures by hand in the comments.
SERVICES_CASES = {
    "services-cgo": SERVICES_CGO,  # U = 77.75 (tests/services_reports.py)
    "services-mio": SERVICES_MIO,  # T = 83.5
    # P1 = (15 + 15 + 12 + 12 + 9 + 9 + 6 + 6 + 3 + 3 + 0)/11 = 90/11: each edge and just below it
    "services-bands": _services(SERVICES_CGO, [5, 4.8, 4.79, 4.6, 4.59, 4.4, 4.39, 4.2, 4.19, 4.0, 3.99]),
    "services-bands-mio": _services(SERVICES_MIO, [4.8, 4.79, 4.6, 4.59, 4.4, 4.39, 4.2, 4.19, 4.0, 3.99]),
    # b1 = b = 0 (and every breach 0): P2, T1–T4 at their maxima
    "services-b1=0": _services(SERVICES_CGO, rendered_total=0, rendered_incl_electronic=0, justified_complaints=0,
                               late=0, unjustified_refusals=0, incomplete_package=0, extra_documents=0),
    # n = 0, c + d = 0, w = 0: T = 10, C = 5; z = 0, c₂ = 0: V = 10
    "services-automation-zeros": _services(SERVICES_CGO, kinds_total=0, kinds_partial=0, kinds_full=0, kinds_mobile=0,
                                           volume_electronic=0, volume_total=0, automated_paper=0, automated_total=0),
    # T = 10, V = 10, C = 5 → 25 already: D and S ignored; P = 0
    "services-K3-capped": _services(SERVICES_CGO, kinds_total=4, kinds_partial=0, kinds_full=4, kinds_mobile=4,
                                    volume_electronic=100, volume_total=100, automated_paper=0, automated_total=50,
                                    downtime_hours=0, kinds_proactive=3, digital_documents=2),
    # T = 0.01, V = 0, C = 0, P = 5, D = 1: −3.99 → K3 = 0
    "services-K3-floor": _services(SERVICES_CGO, kinds_total=1000, kinds_partial=0, kinds_full=1, kinds_mobile=0,
                                   volume_electronic=0, volume_total=100, automated_paper=50, automated_total=50,
                                   downtime_hours=25, kinds_proactive=1, digital_documents=0),
    # breaches above the maxima: every T and P2 floored at 0
    "services-floors": _services(SERVICES_MIO, rendered_total=1000, rendered_incl_electronic=1000, justified_complaints=30,
                                 late=900, unjustified_refusals=500, incomplete_package=500, extra_documents=500),
}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, blank_templates: dict[str, Path],
           services_blanks: dict[str, Path]) -> dict[str, Any]:
    """Case id → FileScore of the scored copy; sample ids → the committed sample bodies, scored."""
    folder = tmp_path_factory.mktemp("crosscheck")
    out = {}
    for i, case in enumerate(CASES):
        path = folder / f"case{i:02d}.xlsx"
        shutil.copy(blank_templates[case.body_type], path)
        write_named(path, complaints_values(**case.symbols))
        out[case.id] = score_file(path)
    for name, data in SERVICES_CASES.items():
        path = folder / f"{name}.xlsx"
        assert fill(services_blanks[data["body"]["type"]], data, path) == []
        out[name] = score_file(path)
    for path in write_samples(folder / "samples"):  # complaints, openness and services samples, keyed by file stem
        out[path.stem.replace(" ", "_")] = score_file(path, folder / f"sample-{len(out):02d}.scored.xlsx")
    return out


@pytest.fixture(scope="module")
def lo_scored(scored: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Case id → the scored workbook as LibreOffice recalculated and saved it."""
    ids = [k for k, v in scored.items() if v.output]
    outputs = convert_with_libreoffice([scored[k].output for k in ids], tmp_path_factory.mktemp("lo-scored"))
    return dict(zip(ids, outputs))


def formulas_values(path: Path, sheet: str) -> dict[str, Any]:
    """Results of every formula and value cell of `sheet`, computed by the `formulas` package."""
    import formulas  # dev extra; imported here so the module still collects without it

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, value in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+[0-9]+)", str(key))
        if match and match.group(1) == sheet.upper():
            result = value.value[0][0] if hasattr(value, "value") else value
            out[match.group(2)] = result.item() if hasattr(result, "item") else result
    return out


def python_points(path: Path) -> dict[str, tuple[float, str]]:
    """Row → (column D value, column E formula) of «Баллы» for every row whose E holds a formula."""
    ws = openpyxl.load_workbook(path)[SCORES]
    out = {}
    for row in ws.iter_rows(min_col=4, max_col=5):
        d, e = row
        if isinstance(e.value, str) and e.value.startswith("="):
            out[e.coordinate] = (d.value, e.value)
    return out


def _scored_ok(scored: dict[str, Any], case_id: str) -> Any:
    result = scored[case_id]
    assert result.output, f"{case_id}: not scored: {[p.message for p in result.problems]}"
    return result


def _assert_close(python: dict[str, tuple[float, str]], engine: dict[str, Any], engine_name: str) -> None:
    assert len(python) >= 4, f"«{SCORES}» should hold a formula for each of R1–R4, found {sorted(python)}"
    for coord, (expected, formula) in python.items():
        got = engine.get(coord)
        assert isinstance(got, (int, float)) and not isinstance(got, bool), \
            f"{SCORES}!{coord} {formula}: {engine_name} gave {got!r}, Python {expected!r}"
        assert abs(got - expected) <= TOLERANCE, \
            f"{SCORES}!{coord} {formula}: {engine_name} {got!r} ≠ Python {expected!r}"


ALL_IDS = [c.id for c in CASES] + list(SERVICES_CASES) + SAMPLE_IDS


@pytest.mark.parametrize(("case_id", "criteria"), [
    ("services-bands", {"K1": 90 / 11 + 8}),  # P1 = 90/11; P2 = 8
    ("services-bands-mio", {"M1": 100 / 10 + 18}),  # P1 = (20+16+16+12+12+8+8+4+4+0)/10 = 10; P2 = 18
    ("services-b1=0", {"K1": 9 + 10, "K2": 50}),  # P1 = (15+12+9+0)/4 = 9; P2 = 10; T1–T4 = 12 + 14 + 12 + 12
    ("services-automation-zeros", {"K3": 25}),  # T 10 + V 10 + C 5 − P 2 = 23, + D 1 + S 1 = 25
    ("services-K3-capped", {"K3": 25}),
    ("services-K3-floor", {"K3": 0}),
    ("services-floors", {"M2": 0}),  # 900/1000×10⁴ ≫ 14 etc.
])
def test_services_case_hits_the_branch_it_names(scored, case_id, criteria):
    got = _scored_ok(scored, case_id).result.directions["services"].to_dict()["criteria"]
    for cid, points in criteria.items():
        assert got[cid] == pytest.approx(points, abs=TOLERANCE), (case_id, cid)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case_hits_the_branch_it_names(scored, case):
    result = _scored_ok(scored, case.id)
    criteria = result.result.directions["complaints"].to_dict()["criteria"]
    for criterion, points in case.expect.items():
        assert criteria[criterion] == pytest.approx(points, abs=TOLERANCE), (case.id, criterion)


def test_scores_sheet_has_the_formula_column(scored):
    ws = openpyxl.load_workbook(_scored_ok(scored, "normal").output)[SCORES]
    headers = [c for row in ws.iter_rows() for c in row if c.value == "Проверка формулой Excel"]
    assert [c.column_letter for c in headers] == ["E"]


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize("case_id", ALL_IDS)
def test_libreoffice_recomputes_every_point(scored, lo_scored, case_id):
    result = _scored_ok(scored, case_id)
    _assert_close(python_points(Path(result.output)), formula_results(lo_scored[case_id], SCORES), "LibreOffice")


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_recalculates_stale_cached_values(lo_scored, tmp_path):
    """The helper must not trust cached results: LibreOffice's default for .xlsx is «never recalculate»."""
    source = lo_scored["normal"]  # saved by LibreOffice, so every formula carries a cached result
    f_cell = SYMBOL_CELL["f"]
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as dst:
        part = sheet_part(src, REPORT)
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data, count = re.subn(rf'(<c r="{f_cell}"[^>]*><v>)3(</v>)'.encode(), rb"\g<1>500\g<2>", data)
                assert count == 1, f"{REPORT}!{f_cell} not found as a plain value"
            dst.writestr(info, data)
    assert formula_results(stale, SCORES)["E6"] == pytest.approx(40 - 3 / 950 * 1000)  # the stale cache
    recalculated = convert_with_libreoffice([stale], tmp_path / "out")[0]
    assert formula_results(recalculated, SCORES)["E6"] == 0  # 40 − 500 / 950 × 1000 < 0


@pytest.mark.parametrize("case_id", ALL_IDS)
def test_formulas_package_recomputes_every_point(scored, case_id):
    pytest.importorskip("formulas", reason="the `formulas` package (dev extra) is not installed")
    result = _scored_ok(scored, case_id)
    _assert_close(python_points(Path(result.output)), formulas_values(Path(result.output), SCORES), "formulas")


# ---- (c) the template's own formulas: self-checks, COUNT of filled cells, points of «Акт сверки»


def _violating(check) -> dict[str, int]:
    """GOOD with the first left-hand input raised just past the check's right-hand side."""
    values = dict(GOOD)
    rest = sum(values[s] for s in check.left[1:])
    values[check.left[0]] = sum(values[s] for s in check.right) - rest + 1
    return values


TEMPLATE_CASES: dict[str, dict[str, Any]] = {
    "clean": dict(GOOD),
    "blank": {},
    "partial": {"m": 1000, "p": 950},
    **{f"violates-{c.id}": _violating(c) for c in COMPLAINTS.checks},
}
KIND_LABELS = {k.id: k.label for k in CATALOG.penalty_kinds.values()}
BODY_NAME = "Министерство юстиции Республики Казахстан"
ACT_ROWS = {7: KIND_LABELS["unreliable"], 8: KIND_LABELS["incomplete"], 9: "что-то другое", 10: None}


@pytest.fixture(scope="module")
def template_files(tmp_path_factory: pytest.TempPathFactory, blank_templates: dict[str, Path]) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("selfcheck")
    out = {}
    for i, (name, symbols) in enumerate(TEMPLATE_CASES.items()):
        path = folder / f"tpl{i:02d}.xlsx"
        shutil.copy(blank_templates["cgo"], path)
        if symbols:
            write_named(path, {SYMBOL_KEYS[s]: v for s, v in symbols.items()})
        wb = openpyxl.load_workbook(path)
        if name == "clean":
            wb[layout.INSTRUCTIONS_SHEET][layout.BODY_CELLS["body.name"]] = BODY_NAME
        for row, kind in ACT_ROWS.items():
            wb[ACT][f"B{row}"] = COMPLAINTS.title if kind else None
            wb[ACT][f"C{row}"] = kind
        wb.save(path)
        out[name] = path
    return out


@pytest.fixture(scope="module")
def lo_templates(template_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outputs = convert_with_libreoffice(template_files.values(), tmp_path_factory.mktemp("lo-templates"))
    return dict(zip(template_files, outputs))


@pytest.fixture(params=["libreoffice", "formulas"])
def engine(request, template_files, tmp_path_factory):
    """(sheet, name of template case) → {cell: result}, by the engine named."""
    if request.param == "libreoffice":
        if soffice_path() is None:
            pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
        converted = request.getfixturevalue("lo_templates")
        return lambda sheet, name: formula_results(converted[name], sheet)
    pytest.importorskip("formulas", reason="the `formulas` package (dev extra) is not installed")
    return lambda sheet, name: formulas_values(template_files[name], sheet)


def test_clean_report_shows_no_check_messages(engine):
    values = engine(REPORT, "clean")
    assert {c: values.get(c) for c in CHECK_CELLS} == {c: "" for c in CHECK_CELLS}
    assert values[COUNT_CELL] == f"{len(COMPLAINTS.inputs)} из {len(COMPLAINTS.inputs)}"


def test_blank_report_shows_no_check_messages_and_counts_zero(engine):
    values = engine(REPORT, "blank")
    assert {c: values.get(c) for c in CHECK_CELLS} == {c: "" for c in CHECK_CELLS}
    assert values[COUNT_CELL] == f"0 из {len(COMPLAINTS.inputs)}"


def test_partly_filled_report_counts_filled_cells(engine):
    values = engine(REPORT, "partial")
    assert {c: values.get(c) for c in CHECK_CELLS} == {c: "" for c in CHECK_CELLS}
    assert values[COUNT_CELL] == f"2 из {len(COMPLAINTS.inputs)}"


@pytest.mark.parametrize("check", COMPLAINTS.checks, ids=lambda c: c.id)
def test_violated_check_shows_its_message_in_its_row(engine, check):
    values = engine(REPORT, f"violates-{check.id}")
    cell = f"{layout.INPUT_CHECK_COLUMN}{SYMBOL_CELL[check.left[0]][1:]}"
    prefix = "Ошибка" if check.severity == "error" else "Проверьте"
    assert isinstance(values[cell], str) and values[cell].startswith(prefix), (cell, values[cell])
    assert " + ".join(check.left) in values[cell]
    others = {c: values.get(c) for c in CHECK_CELLS if c != cell}
    assert others == {c: "" for c in others}


def test_report_heading_repeats_the_body_name(engine):
    assert engine(REPORT, "clean")["A4"] == BODY_NAME
    assert engine(REPORT, "blank")["A4"] == ""


def test_late_above_considered_is_an_error_in_the_f_row(engine):
    """The brief's own case: f > p shows «Ошибка…» beside f."""
    values = engine(REPORT, "violates-late-le-considered")
    assert values[f"{layout.INPUT_CHECK_COLUMN}{SYMBOL_CELL['f'][1:]}"].startswith("Ошибка")


def test_act_points_formula_prices_each_kind(engine):
    values = engine(ACT, "clean")
    points = {k.label: k.points for k in CATALOG.penalty_kinds.values()}
    assert values["E7"] == pytest.approx(points[KIND_LABELS["unreliable"]]) == pytest.approx(0.2)
    assert values["E8"] == pytest.approx(points[KIND_LABELS["incomplete"]]) == pytest.approx(2)
    assert values["E9"] == ""
    assert values["E10"] == ""
