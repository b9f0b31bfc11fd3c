"""A batch reads and checks each file once (issue 15): files that wait for the peer averages (rule 1.5)
keep their checked inputs instead of being read and validated again by the scoring pass."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import toolkit.check
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.peers import peer_averages
from toolkit.run import score_file, score_paths
from toolkit.scoring import score

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_each_file_is_read_once(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    reports = [p for p in SAMPLES.glob("*.xlsx") if not p.name.startswith("assessor")]
    for p in reports:
        shutil.copy(p, folder / p.name)
    reads: Counter[str] = Counter()
    real = toolkit.check.read_document

    def counting(path, *args, **kwargs):
        reads[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(toolkit.check, "read_document", counting)
    report = score_paths([folder], tmp_path / "out", jobs=1)
    assert {Path(f.path).name for f in report.files} == {p.name for p in reports}
    assert all(f.exit_code == 0 for f in report.files), [f.problems for f in report.files]
    assert any(p.name.startswith("openness") for p in reports)  # so some files did wait for the averages
    assert reads == Counter({p.name: 1 for p in reports})


def test_held_files_are_scored_with_the_averages(tmp_path):
    """The same scores as each file scored with the batch's averages: holding changes when, not what."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in SAMPLES.glob("openness-*.xlsx"):
        shutil.copy(p, folder / p.name)
    batch = score_paths([folder], tmp_path / "out", jobs=2)
    files = sorted(folder.iterdir())
    unpeered = []
    for p in files:
        inputs = check_file(p).inputs
        unpeered.append(score(inputs, load_catalog(inputs.meta.edition)))
    peers = peer_averages(unpeered)
    expected = {p.name: score_file(p, tmp_path / "one" / p.name, peers=peers).result for p in files}
    assert {Path(f.path).name: f.result.to_dict() for f in batch.files} == \
        {name: r.to_dict() for name, r in expected.items()}


def test_only_files_the_averages_can_change_wait_for_them(tmp_path, monkeypatch):
    """A file alone of its body in the run is held for the second pass only when its direction has
    indicators that may take the batch's average (rule 1.5: openness); a complaints report alone of its
    body is written in the first pass, scored once. (Files of one body wait for each other for the
    block: tests/test_block_files.py.)"""
    import toolkit.run

    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*SAMPLES.glob("openness-*.xlsx"), SAMPLES / "complaints-ПАВО.xlsx"]:  # one file a body
        shutil.copy(p, folder / p.name)
    finished: list[str] = []
    real = toolkit.run._finish_held

    def counting(held, *args):
        finished.append(held.path.name)
        return real(held, *args)

    scored: Counter[str] = Counter()
    real_score = toolkit.run.score

    def counting_score(inputs, *args):
        scored[inputs.body.name] += 1
        return real_score(inputs, *args)

    monkeypatch.setattr(toolkit.run, "_finish_held", counting)
    monkeypatch.setattr(toolkit.run, "score", counting_score)
    import toolkit.year.appeals

    monkeypatch.setattr(toolkit.year.appeals, "score", counting_score)  # the final score goes through the appeals
    report = score_paths([folder], tmp_path / "out", jobs=1)
    assert all(f.exit_code == 0 and f.output for f in report.files)
    assert sorted(finished) == sorted(p.name for p in folder.glob("openness-*.xlsx"))
    assert len(finished) == 5
    # the complaints report of ПАВО, alone in the run and with no peer-averaged indicator: scored once
    pavo = next(name for name in scored if "Павлодар" in name)
    assert scored[pavo] == 1
