"""`score --jobs 2` gives what `--jobs 1` gives, byte for byte (issue 15): the printed table, the JSON, the
exit code and every scored workbook, on a folder that exercises each path of the batch: bodies whose
three directions are three files (their blocks), openness files that wait for the peer averages, a
direction given twice by one body, a file that is not a workbook, an assessor workbook among them.
The clock is fixed so the «Журнал» rows agree; the forked workers inherit it."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.sheets.journal as journal
from toolkit.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class _FixedClock(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(journal, "datetime", _FixedClock)
    monkeypatch.setattr(journal, "_user", lambda: "проверка")
    reports = tmp_path / "reports"
    reports.mkdir()
    for f in SAMPLES.glob("*.xlsx"):
        shutil.copy(f, reports / f.name)
    shutil.copy(SAMPLES / "complaints-МЮ.xlsx", reports / "complaints-МЮ-второй.xlsx")  # МЮ: complaints twice
    (reports / "сломанный.xlsx").write_bytes(b"PK\x03\x04 not a zip at all")
    return reports


def _run(folder: Path, out: Path, jobs: int, *extra: str) -> tuple[int, str, dict[str, bytes]]:
    """One CLI run into `out`; its exit code, what it printed, and the bytes of every file it wrote
    (then moved away, so the next run writes to the same paths and prints the same ones)."""
    result = CliRunner().invoke(cli, ["score", "--jobs", str(jobs), "-o", str(out), *extra, str(folder)])
    written = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    shutil.rmtree(out)
    return result.exit_code, result.output, written


@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["table", "json"])
def test_jobs_two_prints_and_writes_what_jobs_one_does(folder: Path, tmp_path: Path, extra: tuple[str, ...]) -> None:
    out = tmp_path / "out"
    code1, printed1, written1 = _run(folder, out, 1, *extra)
    code2, printed2, written2 = _run(folder, out, 2, *extra)
    assert code1 == 2  # the broken file is unreadable (CONTRACTS: 2)
    assert code2 == code1
    assert printed2 == printed1
    # the 17 reports and the second complaints of МЮ are scored; the broken file and the assessor book are not
    assert sorted(written1) == sorted(f.stem + ".scored.xlsx" for f in folder.glob("*.xlsx")
                                      if f.name not in ("сломанный.xlsx", "assessor-openness-2022.xlsx"))
    assert written2.keys() == written1.keys()
    for name, data in written1.items():
        assert written2[name] == data, name
    if extra:  # the twice-given direction reached the blocks of МЮ's files
        assert "дано в нескольких файлах" in printed1
