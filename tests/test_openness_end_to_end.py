"""Whole openness reports, from a blank template through `fill`, `validate` and `score`, to O by hand.

The expected figures and their arithmetic are in `tests/openness_reports.py`.
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.openness_reports import (CGO_CRITERIA, CGO_O, CGO_RAW, CGO_REPORT, DEFENCE_PEERS, MIO_CRITERIA, MIO_O,
                                    MIO_REPORT, ASSESSOR, assessor_book, defence_report, other_cgo_report)
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.cli import cli
from toolkit.explain import explain
from toolkit.files import sha256
from toolkit.assessor.book import assessor_document, assessor_inputs
from toolkit.assessor.template import write_assessor_template
from toolkit.jsonio import extract, fill
from toolkit.run import load_assessor, score_file, score_paths

CATALOG = load_catalog("2023-01")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The assessor workbook of 2022 with the monitoring and surveys of every body here."""
    return assessor_book(tmp_path_factory.mktemp("assessor"))


def scored(book: Path, path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
    """`toolkit.run.score_file` with the assessor workbook of the period, as an assessor scores."""
    assessor, problems = load_assessor([book])
    assert not any(problems.values()), problems
    return score_file(path, *args, assessor=assessor, **kwargs)


@pytest.fixture()
def blanks(openness_blanks: dict[str, Path]) -> dict[str, Path]:
    return openness_blanks


def filled(blanks: dict[str, Path], data: dict, target: Path) -> Path:
    problems = fill(blanks[data["body"]["type"]], data, target)
    assert problems == [], [p.message for p in problems]
    return target


@pytest.fixture()
def cgo(blanks: dict[str, Path], tmp_path: Path) -> Path:
    return filled(blanks, CGO_REPORT, tmp_path / "МЮ.xlsx")


@pytest.fixture()
def mio(blanks: dict[str, Path], tmp_path: Path) -> Path:
    return filled(blanks, MIO_REPORT, tmp_path / "АКТО.xlsx")


@pytest.mark.parametrize(("which", "criteria", "expected"), [("cgo", CGO_CRITERIA, CGO_O), ("mio", MIO_CRITERIA, MIO_O)])
def test_whole_report_scores_as_computed_by_hand(book: Path, request: pytest.FixtureRequest, which: str, criteria: dict, expected: Fraction):
    path: Path = request.getfixturevalue(which)
    checked = check_file(path)
    assert [p.message for p in checked.problems if p.is_error] == []
    before = sha256(path)
    outcome = scored(book, path)
    assert outcome.exit_code == 0, [p.message for p in outcome.problems]
    openness = outcome.result.directions["openness"]
    assert {c.id: c.exact for c in openness.criteria} == criteria
    assert openness.exact == expected
    assert openness.provisional is False
    assert sha256(path) == before  # the body's file is never changed
    assert Path(outcome.output).exists()


def test_cgo_raw_score_and_reconciliation_penalty(book: Path, cgo: Path):
    openness = scored(book, cgo).result.directions["openness"]
    assert Fraction(openness.raw).limit_denominator(1000) == CGO_RAW
    assert openness.penalty == pytest.approx(0.2)
    assert openness.grade.id == "medium"


def test_language_halves_are_kept_apart(book: Path, cgo: Path):
    indicators = scored(book, cgo).result.to_dict()["directions"]["openness"]["indicators"]
    assert indicators["P1.1:kk"] == pytest.approx(1.875) and indicators["P1.1:ru"] == pytest.approx(2.5)
    assert indicators["P4.1:kk"] == pytest.approx(2.0) and indicators["P4.1:ru"] == 0  # dislikes 4 of 30 > 10 %
    assert indicators["P1.3:kk"] == pytest.approx(1.5)  # Saturday deadline moved to Monday counts as on time
    assert indicators["P6.C"] == pytest.approx(0.8)


def test_batch_gives_the_ministry_of_defence_the_peer_average(book: Path, blanks: dict[str, Path], tmp_path: Path):
    files = [filled(blanks, CGO_REPORT, tmp_path / "МЮ.xlsx"), filled(blanks, other_cgo_report(), tmp_path / "МЗ.xlsx"),
             filled(blanks, defence_report(), tmp_path / "МО.xlsx")]
    report = score_paths([*files, book])
    assert report.exit_code == 0
    defence = next(f.result for f in report.files if f.result.body.code == "МО").directions["openness"]
    halves = {i.id: i for c in defence.criteria for i in c.indicators}
    for hid, expected in DEFENCE_PEERS.items():
        assert halves[hid].applicable is False
        assert halves[hid].exact == expected, hid
        assert "2 органов пакета" in halves[hid].note
    assert defence.provisional is False
    others = [f.result.directions["openness"] for f in report.files if f.result.body.code != "МО"]
    assert all(i.applicable for d in others for c in d.criteria for i in c.indicators)


def test_defence_alone_is_provisional_with_the_reason(book: Path, blanks: dict[str, Path], tmp_path: Path):
    alone = scored(book, filled(blanks, defence_report(), tmp_path / "МО.xlsx")).result.directions["openness"]
    assert alone.provisional is True
    assert any("P4.5.1:kk" in n and "книге оценщика" in n for n in alone.notes)


def test_defence_alone_uses_the_assessors_manual_average(blanks: dict[str, Path], tmp_path: Path):
    """The assessor types the peer averages in МО's row of the assessor workbook (rule 1.5, a file alone)."""
    target = filled(blanks, defence_report(), tmp_path / "МО.xlsx")
    peers = {spec.key: 0.25 for spec in assessor_inputs(CATALOG.direction("openness"))
             if spec.key.startswith("openness.peer.") and "cgo" in spec.body_types}
    book = tmp_path / "assessor.xlsx"
    write_assessor_template(book, CATALOG, "openness", 2022)
    values = {**ASSESSOR["МО"], **peers}
    assert fill(book, assessor_document("openness", 2022, "2023-01", {"МО": values}), book) == []
    alone = scored(book, target).result.directions["openness"]
    assert alone.provisional is False
    halves = {i.id: i for c in alone.criteria for i in c.indicators}
    assert halves["P4.5.1:ru"].exact == Fraction(1, 4) and "оценщиком" in halves["P4.5.1:ru"].note


def test_a_body_without_its_row_in_the_assessor_workbook_is_provisional(blanks: dict[str, Path], tmp_path: Path):
    target = filled(blanks, CGO_REPORT, tmp_path / "МЮ.xlsx")
    book = assessor_book(tmp_path, codes=("АКТО",))
    result = scored(book, target).result.directions["openness"]
    assert result.provisional is True
    assert {c.id: c.points for c in result.criteria}["P5"] == 0
    assert any("P5.1:kk" in n and "в книге оценщика нет строки органа" in n for n in result.notes)


def test_extract_gives_back_what_fill_took(cgo: Path):
    data, problems = extract(cgo)
    assert problems == []
    assert data["openness"]["open_data"]["publications"][2] == CGO_REPORT["openness"]["open_data"]["publications"][2]
    assert data["openness"]["budget"]["documents"] == CGO_REPORT["openness"]["budget"]["documents"]
    assert data["openness"]["dialogue"]["blog_posts_ru"] == 51
    assert data["openness"]["npa"]["events"][1]["category"] == "0.6"


def test_explain_traces_an_indicator_to_its_rows(cgo: Path):
    lines, problems = explain(cgo, "P1.3")
    assert problems == []
    text = "\n".join(lines)
    assert "P1.3:kk" in text and "P1.3:ru" in text
    assert "1. Открытые данные" in text
    publications_first = 14  # header row 13 in the layout, so the table's rows are 14, 15, 16, 17
    assert f"{publications_first}" in text and f"{publications_first + 2}" in text


def test_score_json_has_per_language_indicators(cgo: Path):
    result = CliRunner().invoke(cli, ["score", str(cgo), "--json", "-o", str(cgo.with_suffix(".out.xlsx"))])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    openness = out["files"][0]["directions"]["openness"]
    assert openness["criteria"]["P7"] == pytest.approx(1.25)
    assert {"P2.1.1:kk", "P2.1.1:ru", "P6.A:kk", "P6.C"} <= set(openness["indicators"])


def test_a_bodys_text_never_becomes_a_formula_in_our_sheets(book: Path, blanks: dict[str, Path], tmp_path: Path):
    """A dataset named like a formula is named in the analysis as text, never written as a formula."""
    data = copy.deepcopy(CGO_REPORT)
    evil = '=HYPERLINK("http://evil.example","x")'
    data["openness"]["open_data"]["publications"][3]["dataset"] = evil  # row 4: not placed in Kazakh
    outcome = scored(book, filled(blanks, data, tmp_path / "evil.xlsx"))
    assert outcome.exit_code == 0
    wb = openpyxl.load_workbook(outcome.output)
    texts = [c.value for row in wb["Заключение"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(evil in t and not t.startswith("=") for t in texts)
    with zipfile.ZipFile(outcome.output) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert "evil.example" not in "".join(re.findall(r"<f>(.*?)</f>", package.read(name).decode("utf-8")))


def test_batch_with_two_worker_processes_gives_the_same_scores(book: Path, blanks: dict[str, Path], tmp_path: Path):
    files = [filled(blanks, CGO_REPORT, tmp_path / "МЮ.xlsx"), filled(blanks, other_cgo_report(), tmp_path / "МЗ.xlsx"),
             filled(blanks, defence_report(), tmp_path / "МО.xlsx"), filled(blanks, MIO_REPORT, tmp_path / "АКТО.xlsx")]
    report = score_paths(files, tmp_path / "out", jobs=2, assessor_paths=[book])
    assert report.exit_code == 0, [p.message for f in report.files for p in f.problems]
    scores = {f.result.body.code: f.result.directions["openness"].exact for f in report.files}
    assert scores["МЮ"] == CGO_O and scores["АКТО"] == MIO_O
    defence = next(f.result for f in report.files if f.result.body.code == "МО").directions["openness"]
    halves = {i.id: i.exact for c in defence.criteria for i in c.indicators}
    assert all(halves[hid] == expected for hid, expected in DEFENCE_PEERS.items())
