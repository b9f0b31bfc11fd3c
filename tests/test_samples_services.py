"""The services samples of the demo (toolkit/data/sample_bodies.yaml): realistic figures, scores pinned by hand.

Covers METHODOLOGY §4 on whole reports: each sample is filled into its issued template, validates
without errors, gives back what was filled, and scores to the figures worked out below (U = K1 + K2 + K3
for CGO, T = M1 + M2 for MIO, less the Акт сверки, п.17–21); `demo` prints the services table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.demo import services_samples

# Worked out by hand, as in sample_bodies.yaml «Expected results» (4 decimals, then rounded to 2):
#   МЮ: P1 = (12+9+9+12+6+15+9+0)/8 = 9; P2 = 10 − 38/14 250 000×10⁴ = 9.9733; K1 = 18.9733
#       T1 = 12 − 310/14 600 000×10⁴ = 11.7877; T2 = 14 − 45/14.25 M×10⁴ = 13.9684; T3 = 12 − 120/14.25 M×10⁴ = 11.9158;
#       T4 = 12 − 560/14.25 M×10⁴ = 11.6070; K2 = 49.2789
#       T = 101/112×10 = 9.0179; V = (12.9/14.6 + 1 − 0.38/13.28)/2×10 = 9.2747; C = 78/101×5 = 3.8614; P = 0.2×18.5 = 3.7;
#       D = 2; S = 1; K3 = 21.4540 → U = 89.7062 → 89.71
#   МО: P1 = (9+6+9+3)/4 = 6.75; P2 = 10 − 9/285 000×10⁴ = 9.6842; K2 = 10.6254 + 13.7895 + 11.5789 + 10.7719 = 46.7658;
#       K3 = 18/24×10 + (150/291 + 1 − 40/190)/2×10 + 6/18×5 − 0.2×6 = 7.5 + 6.5247 + 1.6667 − 1.2 = 14.4914;
#       U = 77.6913 − 0.2 (one unreliable fact) = 77.4913 → 77.49
#   НБ: P1 = (15+12+15)/3 = 14; P2 = 10; K2 = 12 + 14 + 12 + (12 − 2/48 500×10⁴ = 11.5876) = 49.5876;
#       K3: 10 + (46/48.9 + 1 − 0.3/46.3)/2×10 + 8/9×5 − 0.15 = 10 + 9.6711 + 4.4444 − 0.15 = 23.9655, + D 1 + S 1 → 25;
#       U = 98.5876 → 98.59
#   ПАВО: P1 = (16+12+16+12+16+20)/6 = 15.3333; P2 = 20 − 21/3.05 M×10⁴ = 19.9311; M2 = 13.6955 + 17.9541 + 13.8689 + 13.4754
#       = 58.9939; T = 94.2584 → 94.26
#   АЛМАТЫ: P1 = (12+16+16+12+16+12+20)/7 = 14.8571; P2 = 19.9319; M2 = 59.1497; T = 93.9388 → 93.94
#   АКТО: P1 = (12+8+16+4+12+0)/6 = 8.6667; P2 = 19.9138; M2 = 12.8483 + 17.8506 + 13.5115 + 12.0172 = 56.2276;
#       T = 84.8081 − 2 (one incomplete fact) = 82.8081 → 82.81
EXPECTED = {"МЮ": 89.71, "МО": 77.49, "НБ": 98.59, "ПАВО": 94.26, "АЛМАТЫ": 93.94, "АКТО": 82.81}
CRITERIA = {"МЮ": {"K1": 18.97, "K2": 49.28, "K3": 21.45}, "НБ": {"K1": 24.0, "K2": 49.59, "K3": 25.0},
            "АКТО": {"M1": 28.58, "M2": 56.23}}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from toolkit.check import check_file
    from toolkit.demo import write_samples
    from toolkit.jsonio import extract
    from toolkit.run import score_paths

    written = write_samples(tmp_path_factory.mktemp("services-samples") / "samples")
    files = [p for p in written if p.name.startswith("services-")]
    return {"files": files, "checks": {p: check_file(p) for p in files}, "extracted": {p: extract(p) for p in files},
            "scores": {fs.result.body.code: fs.result.directions["services"]
                       for fs in score_paths(files).files if fs.result is not None}}


def test_figures_are_of_the_published_order():
    """Seed 000: satisfaction 4.5–4.6 on average; the samples stay near it (one low body each side)."""
    for sample in services_samples():
        levels = [row["satisfaction"] for row in sample.data["services"]["monitoring"]]
        assert 4.2 <= sum(levels) / len(levels) <= 4.9, sample.code


def test_every_sample_validates_and_round_trips(batch):
    assert len(batch["files"]) == len(EXPECTED)
    by_code = {s.code: s for s in services_samples()}
    for path, checked in batch["checks"].items():
        assert checked.valid, (path.name, [p.message for p in checked.problems if p.is_error])
        data, problems = batch["extracted"][path]
        assert not problems
        assert data["services"] == by_code[path.stem.split("-", 1)[1]].data["services"]


def test_scores_are_the_documented_ones(batch):
    assert {code: round(d.score, 2) for code, d in batch["scores"].items()} == EXPECTED
    for code, criteria in CRITERIA.items():
        assert {c.id: round(c.points, 2) for c in batch["scores"][code].criteria} == criteria
    assert not any(d.provisional for d in batch["scores"].values())


def test_nb_bonuses_are_capped_at_25(batch):
    k3 = next(c for c in batch["scores"]["НБ"].criteria if c.id == "K3")
    assert k3.points == 25 and "стимулирующий" in k3.note


def test_demo_prints_the_services_table(tmp_path: Path):
    from rich.console import Console

    from toolkit.demo import run_demo

    console = Console(width=160, record=True)
    console.print(run_demo(tmp_path / "demo"))
    text = console.export_text()
    assert "Качество оказания государственных услуг" in text
    assert "89,71" in text and "82,81" in text
    assert len(list((tmp_path / "demo").glob("services-*.scored.xlsx"))) == len(EXPECTED)
