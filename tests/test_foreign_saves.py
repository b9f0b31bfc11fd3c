"""Reports re-saved by the programs bodies really use score exactly as the originals.

LibreOffice (xlsx → xlsx, and xlsx → ods → xlsx) keeps Excel tables as database ranges and writes them
back; Gnumeric's `ssconvert` keeps the cells but drops the tables, so the lists are read by their header
rows with a warning. Each program is really run; where it is missing the test is skipped with the reason.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from recalc import convert_with_libreoffice, needs_libreoffice
from tests.openness_reports import CGO_REPORT, MIO_REPORT
from toolkit.check import check_file
from toolkit.jsonio import extract, fill
from toolkit.run import score_file

needs_gnumeric = pytest.mark.skipif(shutil.which("ssconvert") is None,
                                    reason="Gnumeric (ssconvert) is not installed: apt-get install gnumeric")


def _scores(path: Path) -> dict[str, Any]:
    outcome = score_file(path, output=path.with_name(path.stem + ".out.xlsx"))
    assert outcome.exit_code == 0, [p.message for p in outcome.problems]
    return {d: (v["score"], v["indicators"]) for d, v in outcome.result.to_dict()["directions"].items()}


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory, openness_blanks, blank_templates) -> list[Path]:
    """A filled CGO and MIO openness report (grown past the template's rows) and a complaints report."""
    folder = tmp_path_factory.mktemp("originals")
    out = []
    for name, report, blank in (("open_cgo", CGO_REPORT, openness_blanks["cgo"]),
                                ("open_mio", MIO_REPORT, openness_blanks["mio"])):
        data = copy.deepcopy(report)
        data["openness"]["npa"]["comments"] = [
            {"received": date(2022, 6, 1), "document": f"Проект № {i}", "link": None, "answered": i % 3 != 0}
            for i in range(120)]
        assert fill(blank, data, folder / f"{name}.xlsx") == []
        out.append(folder / f"{name}.xlsx")
    complaints = {"complaints": {"received_total": 1000, "considered_total": 950, "considered_late": 3,
                                 "court_satisfied": 0, "redirected_late": 1, "disciplined": 4, "liability_impossible": 0},
                  "body": {"name": "Министерство юстиции Республики Казахстан", "code": "МЮ"}}
    assert fill(blank_templates["cgo"], complaints, folder / "complaints.xlsx") == []
    out.append(folder / "complaints.xlsx")
    return out


def _same_as_originals(originals: list[Path], resaved: list[Path], warnings: set[str]) -> None:
    for original, copy_ in zip(originals, resaved, strict=True):
        problems = check_file(copy_).problems
        assert [p.message for p in problems if p.is_error] == [], copy_.name
        assert {p.code for p in problems} <= warnings, copy_.name
        assert _scores(copy_) == _scores(original), copy_.name
        assert extract(copy_)[0] == extract(original)[0], copy_.name


@needs_libreoffice
def test_libreoffice_resave_scores_the_same(originals, tmp_path: Path):
    resaved = convert_with_libreoffice(originals, tmp_path / "xlsx", "xlsx")
    _same_as_originals(originals, resaved, set())


@needs_libreoffice
def test_libreoffice_through_ods_and_back_scores_the_same(originals, tmp_path: Path):
    ods = convert_with_libreoffice(originals, tmp_path / "ods", "ods")
    back = convert_with_libreoffice(ods, tmp_path / "back", "xlsx")
    _same_as_originals(originals, back, set())


@needs_gnumeric
def test_gnumeric_resave_scores_the_same(originals, tmp_path: Path):
    resaved = []
    for path in originals:
        target = tmp_path / path.name
        subprocess.run(["ssconvert", str(path), str(target)], check=True, capture_output=True, timeout=120)
        resaved.append(target)
    _same_as_originals(originals, resaved, {"workbook.table_lost", "template.sheet_changed"})
    lost = [p for p in check_file(resaved[0]).problems if p.code == "workbook.table_lost"]
    assert lost, "Gnumeric dropped no table: the header-row reading is not exercised"
    for path in resaved:  # Gnumeric shows the very hidden metadata sheet; nothing else of the template changes
        changed = [p for p in check_file(path).problems if p.code == "template.sheet_changed"]
        assert [(p.params["sheet"], p.params["what"].split(" (")[0]) for p in changed] == [("_xlscore", "стал видимым")]
