"""A whole period in one command (issue 14): 24 CGO and 17 akimats of the registry, each with all three
directions, plus the assessor workbook and one broken file: every valid report scored, every body's block
formed, the summary workbook and the ratings built from it. Slow (≈ 1–2 min): the period is written once."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.year_period import write_period
from toolkit.cli import cli
from toolkit.year.rank import rank_paths


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("period")
    write_period(folder)
    (folder / "сломанный.xlsx").write_bytes(b"not a workbook")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["score", str(folder), "-o", str(out), "--jobs", "2", "--json",
                                      "--summary", str(out / "Сводка-2022.xlsx")])
    assert result.exit_code == 2, result.output  # the broken file; everything else scored
    return out, json.loads(result.stdout)


def test_every_body_scored_with_its_block(scored: tuple[Path, dict]) -> None:
    _, doc = scored
    files = [f for f in doc["files"] if f.get("directions")]
    assert Counter(f["body"]["type"] for f in files) == {"cgo": 24, "mio": 17}
    assert all(set(f["directions"]) == {"complaints", "openness", "services"} for f in files)
    assert all(f["block"] is not None and not f["block"]["provisional"] for f in files)
    broken = [f for f in doc["files"] if f["path"].endswith("сломанный.xlsx")]
    assert [p["code"] for p in broken[0]["problems"]] == ["file.unreadable"]
    assert doc["summary"]["problems"] == []


def test_summary_and_ratings(scored: tuple[Path, dict]) -> None:
    out, doc = scored
    summary = out / "Сводка-2022.xlsx"
    ws = openpyxl.load_workbook(summary)["Сводка"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[2] in ("ЦГО", "МИО")]
    assert len(rows) == 41 and all(r[6] is not None for r in rows)  # a block for every body
    from_summary = rank_paths([summary], None, out / "Рейтинг.xlsx").rating
    from_copies = rank_paths([out]).rating  # the scored copies themselves
    assert from_summary.to_dict() == from_copies.to_dict()
    assert [(t.body_type, t.scope, len(t.rows)) for t in from_summary.tables] == [
        ("cgo", s, 24) for s in ("block", "services", "openness", "complaints")] + [
        ("mio", s, 17) for s in ("block", "services", "openness", "complaints")]
    for table in from_summary.tables:
        blocks = [f["block"]["score"] if table.scope == "block" else f["directions"][table.scope]["score"]
                  for f in doc["files"] if f.get("directions") and f["body"]["type"] == table.body_type]
        assert table.average == float(sum(map(Fraction, blocks)) / len(blocks))  # the mean of the body type
        scores = [r.score for r in table.rows]
        assert scores == sorted(scores, reverse=True)
        assert [r.position for r in table.rows] == [1 + sum(o > s for o in scores) for s in scores]
