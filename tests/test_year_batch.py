"""A batch of a period (issue 14): every valid workbook scored though one is broken, `--jobs 2` gives
the figures of `--jobs 1`, the progress is reported per file, and the summary workbook lists every body
and the file that could not be scored; `rank` reads the summary back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.run import score_paths
from toolkit.year.batch import write_batch_summary
from toolkit.year.rank import rank_paths

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def period(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("period")
    for f in SAMPLES.glob("*.xlsx"):
        shutil.copy(f, folder / f.name)
    (folder / "сломанный.xlsx").write_bytes(b"PK\x03\x04 not a zip at all")
    return folder


def _figures(report: object) -> list[dict]:
    """What a run computed, without where it was written."""
    return sorted((({k: v for k, v in f.items() if k not in ("output",)}) for f in report.to_dict()["files"]),
                  key=lambda f: f["path"])


def test_broken_file_reported_others_scored_and_jobs_agree(period: Path, tmp_path: Path) -> None:
    ticks: list[int] = []

    def progress(total: int):
        ticks.append(total)
        return lambda: ticks.append(-1)

    one = score_paths([period], tmp_path / "one", jobs=1, progress=progress)
    two = score_paths([period], tmp_path / "two", jobs=2)
    files = {Path(f.path).name: f for f in one.files}
    reports = [p for p in SAMPLES.glob("*.xlsx") if not p.name.startswith("assessor")]
    assert files["сломанный.xlsx"].result is None and files["сломанный.xlsx"].problems[0].code == "file.unreadable"
    assert all(files[p.name].result is not None for p in reports)  # every valid workbook scored
    assert one.exit_code == 2 and _figures(one) == _figures(two)
    # progress: told the number of report files once (the broken one included), then one tick per file
    assert ticks[0] == len(reports) + 1 and ticks[1:] == [-1] * (len(reports) + 1)


def test_summary_and_rank_from_it(period: Path, tmp_path: Path) -> None:
    report = score_paths([period], tmp_path / "out", jobs=1)
    summary = tmp_path / "Сводка.xlsx"
    assert write_batch_summary(report, summary) == []
    wb = openpyxl.load_workbook(summary)
    assert wb.sheetnames == ["Сводка", "Замечания", "_scores"]
    ws = wb["Сводка"]
    codes = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value in ("ЦГО", "МИО")]
    bodies = {f.result.body.code for f in report.files if f.result}
    assert sorted(codes) == sorted(bodies)
    failed = wb["Замечания"]
    assert [failed.cell(2, c).value for c in (2, 3)] == ["нет", "file.unreadable"]
    assert failed.cell(2, 1).value.endswith("сломанный.xlsx")
    assert ws.print_title_rows == "$3:$3" and ws.oddFooter.right.text == "Стр. &P из &N"
    assert all(sheet.oddFooter.left.text == "Сводка оценки за 2022 год" for sheet in (ws, failed))
    # the summary's direction scores are the batch's, and rank reads them back unchanged
    rating = rank_paths([summary]).rating
    for f in report.files:
        if f.result:
            for d, s in f.result.directions.items():
                table = rating.table(f.result.body.type, d)
                assert next(r.score for r in table.rows if r.code == f.result.body.code) == s.score


def test_cli_summary_json_and_previous(period: Path, tmp_path: Path) -> None:
    before = tmp_path / "2021.csv"
    before.write_text("code,body_type,scope,score\nМЮ,cgo,complaints,50\nНБ,cgo,complaints,99\nНБ,cgo,block,45\n",
                      encoding="utf-8")
    summary = tmp_path / "s.xlsx"
    result = CliRunner().invoke(cli, ["score", str(period), "-o", str(tmp_path / "o"), "--json",
                                      "--summary", str(summary), "--previous", str(before)])
    doc = json.loads(result.stdout)  # nothing but the JSON on stdout: no progress bar
    assert result.exit_code == 2 and doc["summary"] == {"path": str(summary), "problems": []}
    # year over year in the summary: НБ's block last year (45, 1st of one, inefficient) beside this year's
    ws = openpyxl.load_workbook(summary)["Сводка"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "НБ")
    block = next(f for f in doc["files"] if f["body"]["code"] == "НБ" and f.get("block"))["block"]
    assert block["grade"] == "high" and row[6] == pytest.approx(block["score"], abs=1e-9)  # 15 digits in the cell
    assert (row[9], row[10], row[12]) == (45, 1, "+3")  # inefficient → high: three bands up
    table = rank_paths([summary], before).rating.table("cgo", "complaints")
    assert {r.code: r.previous_position for r in table.rows}["НБ"] == 1
    bad = CliRunner().invoke(cli, ["score", str(period), "--previous", str(before)])
    assert bad.exit_code == 2 and "--summary" in bad.output
