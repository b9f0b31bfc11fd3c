"""Complaints direction, criterion by criterion and as a whole, against hand-computed values.

Covers (METHODOLOGY §1–2, reconstructed formulas and interpretations):
- п.96–97: R1 = max(0, 40 − f/p × 1000); p = 0 → 40 (§7); floor at 0; exact zero boundary.
- п.98–100: R2 = max(0, 30 − a/p × 10000); a = 0 → 30, also when p = 0 (п.100); floor at 0.
- п.101–102: R3 = max(0, 20 − n/m × 100); m = 0 → 20 (§7); floor at 0.
- п.103–105, Прил. 13: R4 bands on s = d/(f + n − x) × 100, every band edge and just below it;
  f + n − x = 0 → 10.
- Прил. 11: maxima 40/30/20/10, the same for CGO and MIO; H = R1 + R2 + R3 + R4.
- п.17–21, Прил. 1 (п.20 cap): 0.2 per unreliable fact, 2 per incomplete fact, capped at 5 per
  direction, subtracted only from its own direction, the total floored at 0 (§1.3).

Every expected value is a literal with its arithmetic in a comment; nothing is computed by the code
under test.
"""

from __future__ import annotations

import pytest

from toolkit.catalog import load_catalog
from toolkit.engine.inputs import Body, Inputs, Meta, PenaltyFact
from toolkit.engine.scoring import score

CATALOG = load_catalog("2023-01")
COMPLAINTS = CATALOG.direction("complaints")
KEYS = {spec.symbol: spec.key for spec in COMPLAINTS.inputs}


def criterion(cid: str):
    return next(c for c in COMPLAINTS.criteria if c.id == cid)


def points(cid: str, body_type: str = "cgo", **values: int) -> float:
    crit = criterion(cid)
    return crit.rule.evaluate({s: float(v) for s, v in values.items()}, crit.max_for(body_type)).points


# --- maxima (Прил. 11) -------------------------------------------------------------------------


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
@pytest.mark.parametrize(("cid", "maximum"), [("R1", 40), ("R2", 30), ("R3", 20), ("R4", 10)])
def test_maxima_are_the_same_for_cgo_and_mio(cid, maximum, body_type):
    assert criterion(cid).max_for(body_type) == maximum


# --- R1, п.97 ----------------------------------------------------------------------------------

R1_CASES = [
    # f, p, expected
    (0, 100, 40.0),  # 40 − 0/100×1000 = 40
    (1, 1000, 39.0),  # 40 − 1/1000×1000 = 40 − 1 = 39
    (1, 100, 30.0),  # 40 − 1/100×1000 = 40 − 10 = 30
    (3, 950, 36.84210526315789),  # 40 − 3/950×1000 = 40 − 3.157894736842105… = 36.842105263157895…
    (39, 1000, 1.0),  # 40 − 39/1000×1000 = 40 − 39 = 1
    (4, 100, 0.0),  # f/p = 4 %: 40 − 4/100×1000 = 40 − 40 = 0 (exact boundary)
    (40, 1000, 0.0),  # 40 − 40/1000×1000 = 40 − 40 = 0 (exact boundary)
    (41, 1000, 0.0),  # 40 − 41 = −1 → floored at 0
    (5, 100, 0.0),  # 40 − 50 = −10 → 0
    (10, 10, 0.0),  # every one late: 40 − 1000 → 0
    (0, 0, 40.0),  # p = 0: nothing considered → 40 (METHODOLOGY §2, §7)
]


@pytest.mark.parametrize(("f", "p", "expected"), R1_CASES)
def test_r1_deadline_of_consideration(f, p, expected):
    assert points("R1", f=f, p=p) == pytest.approx(expected, abs=1e-9)


# --- R2, п.99–100 ------------------------------------------------------------------------------

R2_CASES = [
    # a, p, expected
    (0, 500, 30.0),  # a = 0 → 30 (п.100)
    (0, 0, 30.0),  # a = 0 → 30 even when p = 0 (п.100)
    (1, 10000, 29.0),  # 30 − 1/10000×10000 = 30 − 1 = 29
    (7, 25000, 27.2),  # 30 − 7/25000×10000 = 30 − 2.8 = 27.2
    (1, 1000, 20.0),  # 30 − 1/1000×10000 = 30 − 10 = 20
    (1, 400, 5.0),  # 30 − 1/400×10000 = 30 − 25 = 5
    (3, 1000, 0.0),  # 30 − 3/1000×10000 = 30 − 30 = 0 (exact boundary)
    (1, 100, 0.0),  # 30 − 1/100×10000 = 30 − 100 → floored at 0
    (50, 50, 0.0),  # 30 − 10000 → 0
]


@pytest.mark.parametrize(("a", "p", "expected"), R2_CASES)
def test_r2_court_satisfied(a, p, expected):
    assert points("R2", a=a, p=p) == pytest.approx(expected, abs=1e-9)


# --- R3, п.102 ---------------------------------------------------------------------------------

R3_CASES = [
    # n, m, expected
    (0, 50, 20.0),  # 20 − 0 = 20
    (0, 0, 20.0),  # m = 0 → 20 (METHODOLOGY §2, §7)
    (1, 1000, 19.9),  # 20 − 1/1000×100 = 20 − 0.1 = 19.9
    (19, 100, 1.0),  # 20 − 19/100×100 = 20 − 19 = 1
    (1, 10, 10.0),  # 20 − 1/10×100 = 20 − 10 = 10
    (1, 5, 0.0),  # 20 − 1/5×100 = 20 − 20 = 0 (exact boundary)
    (3, 10, 0.0),  # 20 − 30 = −10 → floored at 0
    (7, 7, 0.0),  # 20 − 100 → 0
]


@pytest.mark.parametrize(("n", "m", "expected"), R3_CASES)
def test_r3_deadline_of_redirection(n, m, expected):
    assert points("R3", n=n, m=m) == pytest.approx(expected, abs=1e-9)


# --- R4, п.104–105, Прил. 13 -------------------------------------------------------------------

R4_CASES = [
    # d, f, n, x, expected      s = d/(f + n − x)×100
    (100, 100, 0, 0, 10),  # s = 100 → 10
    (9, 10, 0, 0, 10),  # s = 9/10 = 90 (edge) → 10
    (9, 6, 4, 0, 10),  # s = 9/(6+4) = 90 (edge, f and n added) → 10
    (9, 10, 2, 2, 10),  # s = 9/(10+2−2) = 90 (x subtracted; 9/12 = 75 would give 6) → 10
    (899, 1000, 0, 0, 8),  # s = 89.9 (just below 90) → 8
    (8, 10, 0, 0, 8),  # s = 80 (edge) → 8
    (799, 1000, 0, 0, 6),  # s = 79.9 → 6
    (7, 10, 0, 0, 6),  # s = 70 (edge) → 6
    (699, 1000, 0, 0, 4),  # s = 69.9 → 4
    (6, 10, 0, 0, 4),  # s = 60 (edge) → 4
    (599, 1000, 0, 0, 1),  # s = 59.9 → 1
    (5, 10, 0, 0, 1),  # s = 50 (edge) → 1
    (499, 1000, 0, 0, 0),  # s = 49.9 → 0
    (0, 10, 0, 0, 0),  # s = 0 → 0
    (0, 0, 0, 0, 10),  # f + n − x = 0: no late complaints → 10
    (0, 2, 1, 3, 10),  # f + n − x = 2 + 1 − 3 = 0: all excused → 10
]


@pytest.mark.parametrize(("d", "f", "n", "x", "expected"), R4_CASES)
def test_r4_internal_control_bands(d, f, n, x, expected):
    assert points("R4", d=d, f=f, n=n, x=x) == expected


@pytest.mark.parametrize(("cid", "values", "symbol"), [
    ("R1", {"f": 0, "p": 0}, "p"),
    ("R3", {"n": 0, "m": 0}, "m"),
    ("R4", {"d": 0, "f": 0, "n": 0, "x": 0}, "f + n − x"),
])
def test_zero_denominator_carries_a_note(cid, values, symbol):
    # METHODOLOGY §7: a zero denominator the text does not cover gives the maximum «and the result
    # carries a note saying so».
    crit = criterion(cid)
    outcome = crit.rule.evaluate({s: float(v) for s, v in values.items()}, crit.max_for("cgo"))
    assert outcome.note is not None and symbol in outcome.note


# --- the whole direction through `score` ---------------------------------------------------------

# m=1000 p=1000 f=10 a=1 n=20 d=24 x=0:
#   R1 = 40 − 10/1000×1000 = 30; R2 = 30 − 1/1000×10000 = 20; R3 = 20 − 20/1000×100 = 18;
#   R4: s = 24/(10+20−0) = 80 % → 8;  H = 30 + 20 + 18 + 8 = 76.
BASE = {"m": 1000, "p": 1000, "f": 10, "a": 1, "n": 20, "d": 24, "x": 0}


def inputs(body_type: str = "cgo", penalties: tuple[PenaltyFact, ...] = (), **symbols: int) -> Inputs:
    values = {KEYS[s]: v for s, v in {**BASE, **symbols}.items()}
    return Inputs(
        meta=Meta(edition="2023-01", directions=("complaints",), body_type=body_type, period=2022,
                  toolkit_version="test"),
        body=Body(name="Тестовый орган", type=body_type),
        values=values,
        cells={},
        penalties=penalties,
    )


def facts(direction: str = "complaints", unreliable: int = 0, incomplete: int = 0) -> tuple[PenaltyFact, ...]:
    return (tuple(PenaltyFact(direction, "unreliable", f"недостоверно {i}") for i in range(unreliable))
            + tuple(PenaltyFact(direction, "incomplete", f"неполно {i}") for i in range(incomplete)))


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_whole_direction_by_hand(body_type):
    result = score(inputs(body_type), CATALOG).directions["complaints"]
    assert {c.id: c.points for c in result.criteria} == pytest.approx({"R1": 30, "R2": 20, "R3": 18, "R4": 8})
    assert {c.id: c.max for c in result.criteria} == {"R1": 40, "R2": 30, "R3": 20, "R4": 10}
    assert result.raw == pytest.approx(76)  # 30 + 20 + 18 + 8
    assert result.penalty == 0
    assert result.score == pytest.approx(76)
    assert result.grade.id == "medium"  # 70 ≤ 76 < 90 (п.108)


PENALTY_CASES = [
    # penalty facts, expected penalty, expected score (raw 76)
    (facts(), 0.0, 76.0),
    (facts(unreliable=1), 0.2, 75.8),  # 1 × 0.2
    (facts(unreliable=3), 0.6, 75.4),  # 3 × 0.2 = 0.6; 76 − 0.6
    (facts(incomplete=1), 2.0, 74.0),  # 1 × 2
    (facts(unreliable=1, incomplete=2), 4.2, 71.8),  # 0.2 + 2×2 = 4.2; 76 − 4.2
    (facts(unreliable=5, incomplete=2), 5.0, 71.0),  # 5×0.2 + 2×2 = 1 + 4 = 5 (exactly the cap)
    (facts(unreliable=6, incomplete=2), 5.0, 71.0),  # 1.2 + 4 = 5.2 → capped at 5
    (facts(incomplete=3), 5.0, 71.0),  # 3×2 = 6 → capped at 5 (п.20)
    (facts(unreliable=30), 5.0, 71.0),  # 30×0.2 = 6 → capped at 5
    (facts("openness", incomplete=3), 0.0, 76.0),  # another direction's facts: nothing here
    (facts(incomplete=1) + facts("openness", incomplete=3) + facts("services", unreliable=4),
     2.0, 74.0),  # only the one complaints fact counts: 2
]


@pytest.mark.parametrize(("penalties", "penalty", "expected"), PENALTY_CASES)
def test_penalties_capped_and_per_direction(penalties, penalty, expected):
    result = score(inputs(penalties=penalties), CATALOG).directions["complaints"]
    assert result.raw == pytest.approx(76)
    assert result.penalty == pytest.approx(penalty)
    assert result.score == pytest.approx(expected)
    assert all(f.direction == "complaints" for f in result.facts)
    assert len(result.facts) == sum(f.direction == "complaints" for f in penalties)


# m=100 p=10 f=10 a=10 n=17 d=0 x=0:
#   R1 = 40 − 10/10×1000 → 0; R2 = 30 − 10/10×10000 → 0; R3 = 20 − 17/100×100 = 3;
#   R4: s = 0/(10+17) = 0 → 0;  H = 3.
LOW = {"m": 100, "p": 10, "f": 10, "a": 10, "n": 17, "d": 0, "x": 0}


@pytest.mark.parametrize(("penalties", "expected"), [
    (facts(incomplete=1), 1.0),  # 3 − 2 = 1
    (facts(incomplete=2), 0.0),  # 3 − 4 = −1 → floored at 0
    (facts(incomplete=3), 0.0),  # 3 − 5 (capped) = −2 → 0
])
def test_final_score_is_floored_at_zero(penalties, expected):
    result = score(inputs(penalties=penalties, **LOW), CATALOG).directions["complaints"]
    assert result.raw == pytest.approx(3)
    assert result.score == pytest.approx(expected, abs=1e-9)
    assert result.score >= 0
    assert result.grade.id == "inefficient"


def test_cgo_and_mio_score_the_same():
    cgo = score(inputs("cgo", facts(unreliable=2)), CATALOG).directions["complaints"]
    mio = score(inputs("mio", facts(unreliable=2)), CATALOG).directions["complaints"]
    assert cgo.to_dict() == mio.to_dict()
    assert cgo.score == pytest.approx(75.6)  # 76 − 2×0.2


def test_zero_denominators_reach_the_direction_notes():
    # p = 0, m = 0 and nothing late: R1 = 40 (p = 0), R2 = 30 (a = 0), R3 = 20 (m = 0), R4 = 10 (f + n − x = 0)
    result = score(inputs(m=0, p=0, f=0, a=0, n=0, d=0, x=0), CATALOG).directions["complaints"]
    assert result.score == pytest.approx(100)  # 40 + 30 + 20 + 10
    assert result.grade.id == "high"
    assert {note.split(":")[0] for note in result.notes} == {"R1", "R2", "R3", "R4"}
