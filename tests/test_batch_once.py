"""A batch reads and checks each file once (issue 15): files that wait for the peer averages (rule 1.5)
keep their checked inputs instead of being read and validated again by the scoring pass."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from collections import Counter
from pathlib import Path

import pytest

import toolkit.check
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.engine.peers import peer_averages
from toolkit.run import score_file, score_paths
from toolkit.engine.scoring import score

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _count_calls(monkeypatch, log: Path) -> None:
    """Count reads, validations and scorings of each file in `log`, one line a call: lines appended
    with O_APPEND from the forked workers too (they inherit these patches)."""
    import toolkit.run

    def counted(kind, real, name_of):
        def wrapper(*args, **kwargs):
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{kind} {name_of(*args)}\n")
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(toolkit.check, "read_document",
                        counted("read", toolkit.check.read_document, lambda path, *a: Path(path).name))
    monkeypatch.setattr(toolkit.check, "validate", counted("validate", toolkit.check.validate,
                                                           lambda doc, *a: doc.meta.period and doc.body.name))
    # every scoring: the unpeered one of a file with peer-averaged directions (run), and those as written
    # (appeals.apply_appeals, which takes the first score from its caller when it has it)
    import toolkit.year.appeals

    for module in (toolkit.run, toolkit.year.appeals):
        monkeypatch.setattr(module, "score", counted("score", module.score, lambda inputs, *a: inputs.body.name))


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_file_is_read_validated_and_scored_once(tmp_path, monkeypatch, jobs):
    """Each file is read and validated once, and scored once, whichever worker finishes it; a file whose
    result the peer averages can change (rule 1.5: a peer-averaged half not applicable to the body) is
    scored twice: on its own inputs for the averages, then with them. Of the samples only two have such
    halves: openness-МО (P4.4, P4.5.1–4: the Ministry of Defence holds no meetings with the population)
    and openness-НБ (P2.2–P2.5, P2.8–P2.11). Every sample body but ПАВО has several files, so nearly all
    of them wait for the block; nothing is scored again for that."""
    if jobs > 1 and multiprocessing.get_start_method() != "fork":
        pytest.skip("the counting patches reach the workers only when they are forked")
    folder = tmp_path / "in"
    folder.mkdir()
    reports = [p for p in SAMPLES.glob("*.xlsx") if not p.name.startswith("assessor")]
    for p in reports:
        shutil.copy(p, folder / p.name)
    log = tmp_path / "calls.log"
    _count_calls(monkeypatch, log)
    report = score_paths([folder], tmp_path / "out", jobs=jobs)
    assert {Path(f.path).name for f in report.files} == {p.name for p in reports}
    assert all(f.exit_code == 0 for f in report.files), [f.problems for f in report.files]
    calls = Counter(tuple(line.split(" ", 1)) for line in log.read_text(encoding="utf-8").splitlines())
    assert {name: n for (kind, name), n in calls.items() if kind == "read"} == {p.name: 1 for p in reports}
    files_of = Counter(f.result.body.name for f in report.files)  # bodies by name: one validation a file
    assert {name: n for (kind, name), n in calls.items() if kind == "validate"} == dict(files_of)
    twice = {"Министерство обороны Республики Казахстан", "Национальный Банк Республики Казахстан"}
    assert twice <= set(files_of)
    assert {name: n for (kind, name), n in calls.items() if kind == "score"} == \
        {name: n + (name in twice) for name, n in files_of.items()}


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
    """A file alone of its body in the run is held for the second pass only when the batch's averages can
    change its result: a half that may take the average (rule 1.5) is not applicable to the body
    (openness-МО and openness-НБ of the samples; see above). The other openness reports, and a
    complaints report, alone of their body are written in the first pass, scored once. (Files of one
    body wait for each other for the block: tests/test_block_files.py.)"""
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
    assert sorted(finished) == ["openness-МО.xlsx", "openness-НБ.xlsx"]
    # the complaints report of ПАВО, alone in the run and with no peer-averaged indicator: scored once
    pavo = next(name for name in scored if "Павлодар" in name)
    assert scored[pavo] == 1


def test_what_siblings_send_for_the_block_loses_nothing_the_conclusion_reads(tmp_path, monkeypatch):
    """A held file's directions reach its body's other files trimmed (`run._for_block`: the pending
    halves and one fact kept). Every scored copy's sheets are the same as when the whole directions are
    sent: the block's conclusion (criteria, provisional reasons, deductions) reads nothing that was cut.
    The samples' bodies have several files each, provisional openness results and acts with facts."""
    import zipfile

    import toolkit.run

    folder = tmp_path / "in"
    folder.mkdir()
    for p in SAMPLES.glob("*.xlsx"):
        if not p.name.startswith("assessor"):
            shutil.copy(p, folder / p.name)
    trimmed = score_paths([folder], tmp_path / "trimmed", jobs=1)
    monkeypatch.setattr(toolkit.run, "_for_block", lambda result: dict(result.directions))
    whole = score_paths([folder], tmp_path / "whole", jobs=1)
    assert [f.exit_code for f in trimmed.files] == [f.exit_code for f in whole.files]
    assert any(f.result.block is not None and f.result.block.provisional for f in trimmed.files)
    sheets = 0
    for f in trimmed.files:
        with zipfile.ZipFile(f.output) as a, zipfile.ZipFile(tmp_path / "whole" / Path(f.output).name) as b:
            record = json.loads(a.read("xlscore/journal.json"))
            for role in ("scores", "conclusion"):  # «Журнал» holds the time of the run
                part = record["sheets"][role]["part"]
                assert a.read(part) == b.read(part), (f.path, role)
                sheets += 1
    assert sheets == 2 * len(trimmed.files)
