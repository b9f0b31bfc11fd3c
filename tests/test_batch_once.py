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
    """A file is held for the second pass only when a half is not applicable to its body (rule 1.5):
    among the samples, the Ministry of Defence and the National Bank (exceptions in the registry,
    toolkit/data/bodies.yaml). Every other file is written in the first pass, scored once."""
    import toolkit.run

    folder = tmp_path / "in"
    folder.mkdir()
    for p in SAMPLES.glob("*.xlsx"):
        if not p.name.startswith("assessor"):
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
    report = score_paths([folder], tmp_path / "out", jobs=1)
    assert all(f.exit_code == 0 and f.output for f in report.files)
    assert sorted(finished) == ["openness-МО.xlsx", "openness-НБ.xlsx"]
    # every report is scored once (openness: unpeered, reused as the final score, as there is no assessor
    # workbook), and the two held files once more with the averages: 6 complaints + 5 openness + 6
    # services + 2 = 19
    reports = [p for p in folder.iterdir()]
    assert len(reports) == 17
    assert sum(scored.values()) == len(reports) + 2
