"""The bench's own logic (benchmarks/): how a target is judged and printed, the batch pairs' ratios, the
before → after table, the clean install's stamp, and the instrumented read count. Nothing here is timed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.append(str(REPO / "benchmarks"))  # appended: the bench's bare module names never shadow others

import compare  # noqa: E402
from batch import BatchResult, Pair, ReadCount, count_reads, median_ratio  # noqa: E402
from clean import source_hash  # noqa: E402
from process import checkout_launch  # noqa: E402
from targets import Target, limit_text, met_text, ratio, value_text  # noqa: E402


@pytest.mark.parametrize(("value", "limit", "unit", "met"), [
    (4.0, 4.0, "×", True),  # a ratio limit is «≤»: exactly at the limit is met
    (4.01, 4.0, "×", False),
    (0.39, 0.4, "×", True),
    (60.0, 60.0, "s", False),  # seconds and MiB are «<»: at the limit is not met
    (59.9, 60.0, "s", True),
    (1023.0, 1024.0, "MiB", True),
    (1.0, 1.0, "reads", True),  # one read per file is the target itself
    (2.0, 1.0, "reads", False),
    (None, 4.0, "×", None),  # nothing measured: nothing judged
    (3.0, None, "×", None),  # reported without a target
])
def test_target_met(value, limit, unit, met):
    assert Target("x", value, limit, unit).met is met


@pytest.mark.parametrize(("value", "unit", "text"), [
    (5.634, "×", "5.63 ×"), (None, "×", "n/a"), (1.0, "reads", "1 per file"),
    (162.84, "MiB", "162.8 MiB"), (4.04, "s", "4.0 s"), (1234.5, "MiB", "1,234.5 MiB"),
])
def test_value_text(value, unit, text):
    assert value_text(value, unit) == text


@pytest.mark.parametrize(("limit", "unit", "text"), [
    (4.0, "×", "≤ 4 ×"), (0.4, "×", "≤ 0.4 ×"), (60.0, "s", "< 60 s"), (1, "reads", "≤ 1 per file"), (None, "×", ""),
])
def test_limit_text(limit, unit, text):
    assert limit_text(limit, unit) == text


def test_met_text_and_ratio():
    assert (met_text(True), met_text(False), met_text(None)) == ("met", "NOT met", "")
    assert ratio(3.0, 4.0) == 0.75
    assert ratio(None, 4.0) is None and ratio(3.0, None) is None and ratio(3.0, 0.0) is None


def _batch(seconds: float, jobs: int, cpu: float = 1.0, scored: int = 10) -> BatchResult:
    return BatchResult(10, scored, jobs, 0, seconds, cpu, 50.0, 100.0, 80.0, 3, 20)


def test_pairs_ratio_and_median():
    pairs = [Pair(_batch(2.0, 2), _batch(4.0, 1), True),  # 2 / 4 = 0.5
             Pair(_batch(3.0, 2), _batch(4.0, 1), False),  # 3 / 4 = 0.75
             Pair(_batch(1.0, 2, cpu=3.0), _batch(4.0, 1, cpu=2.0), True)]  # 1 / 4 = 0.25; CPU 3 / 2 = 1.5
    assert [p.ratio for p in pairs] == [0.5, 0.75, 0.25]
    assert median_ratio(pairs) == 0.5  # the middle of 0.25, 0.5, 0.75
    assert pairs[2].cpu_ratio == 1.5
    failed = Pair(_batch(2.0, 2, scored=9), _batch(4.0, 1), True)  # a file not scored: no ratio
    assert failed.ratio is None and median_ratio([*pairs, failed]) is None
    assert median_ratio([]) is None


def test_read_count():
    once = ReadCount(2, {"a.xlsx": 1, "b.xlsx": 1}, {"a.xlsx": 1, "b.xlsx": 1}, 0)
    assert once.most == 1 and once.complete
    twice = ReadCount(2, {"a.xlsx": 1, "b.xlsx": 2}, {"a.xlsx": 1, "b.xlsx": 1}, 0)
    assert twice.most == 2 and twice.to_dict()["twice"] == ["b.xlsx"]
    unseen = ReadCount(2, {}, {}, 0)  # the wrapper saw nothing: the count proves nothing
    assert not unseen.complete and unseen.most == 0


def _row(what, value, limit, unit="×", met=None):
    return {"what": what, "value": value, "limit": limit, "unit": unit, "met": met}


def test_compare_rows():
    before = [_row("validate", 5.63, 4.0, met=False), _row("help", 2.26, 3.0, met=True),
              _row("gone", 1.0, None)]
    after = [_row("help", 4.2, 3.0, met=False), _row("validate", 3.5, 4.0, met=True),
             _row("new | row", 1.0, 1, "reads", True)]
    assert compare.rows(before, after) == [
        ("help", "2.26 ×", "4.20 ×", "≤ 3 ×", "met → NOT met"),
        ("validate", "5.63 ×", "3.50 ×", "≤ 4 ×", "NOT met → met"),
        ("new | row", "—", "1 per file", "≤ 1 per file", "— → met"),
        ("gone", "1.00 ×", "—", "", ""),
    ]
    same = compare.rows([_row("v", 5.0, 4.0, met=False)], [_row("v", 4.5, 4.0, met=False)])
    assert same[0][4] == "NOT met"  # unchanged: said once
    text = compare.markdown(compare.rows(before, after))
    assert text.splitlines()[0] == "| measure | before | after | target | result |"
    assert "| new \\| row |" in text  # a «|» in a name does not break the table


def test_source_hash_follows_the_sources_not_the_bytecode(tmp_path):
    for rel, text in (("pyproject.toml", "[project]\n"), ("README.md", "x\n"), ("toolkit/a.py", "A = 1\n")):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    first = source_hash(tmp_path)
    (tmp_path / "toolkit" / "__pycache__").mkdir()
    (tmp_path / "toolkit" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert source_hash(tmp_path) == first
    (tmp_path / "toolkit" / "a.py").write_text("A = 2\n")
    assert source_hash(tmp_path) != first


def test_the_instrumented_batch_counts_every_read(tmp_path):
    """The counting wrapper still sees what `check_file` reads (if the toolkit renames its steps, the bench's
    read-count row would say n/a; this fails first)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("complaints-МО.xlsx", "openness-МО.xlsx"):
        shutil.copy(REPO / "samples" / name, folder / name)
    launch = checkout_launch(REPO)
    launch.env["XLSCORE_CACHE"] = str(tmp_path / "cache")
    got = count_reads(launch, folder, tmp_path / "out", 1, tmp_path / "count.log")
    assert got.complete, (tmp_path / "count.log").read_text()[-2000:]
    assert got.reads == {"complaints-МО.xlsx": 1, "openness-МО.xlsx": 1}
    assert got.validations == got.reads


def test_a_failed_install_says_why_and_leaves_no_venv(tmp_path):
    """When a step fails (pip without PyPI; here, cheaper, the interpreter that makes the venv), the bench
    gets a reason to print and falls back to the checkout's figures; no half-made venv is left to reuse."""
    from clean import ensure

    repo = tmp_path / "repo"
    (repo / "toolkit").mkdir(parents=True)
    (repo / "toolkit" / "__init__.py").write_text("")
    (repo / "pyproject.toml").write_text("[project]\n")
    (repo / "README.md").write_text("x\n")
    failing = shutil.which("false")
    assert failing is not None
    log = tmp_path / "build" / "install.log"  # a fresh clone has no build/ folder yet
    got = ensure(repo, tmp_path / "venv", log, base=failing)
    assert got.python is None and got.script is None
    assert got.reason is not None and "exited 1" in got.reason and str(log) in got.reason
    assert not (tmp_path / "venv").exists()
