"""Properties of the complaints scoring over any valid inputs (hypothesis).

Covers METHODOLOGY §1.1 (floors and caps: no criterion below 0 or above its maximum, no direction
above 100), §1.3 / п.20 (penalty within [0, 5], final score floored at 0), §1.6 (zero denominators
never raise or give NaN), п.97 (R1 does not grow with more late complaints) and Прил. 13 (R4 does not
fall with more disciplinary facts; its points are one of the band values). Inputs are generated to
satisfy the §2 validation constraints directly: f ≤ p, a ≤ p, n ≤ m, d + x ≤ f + n.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.catalog import BODY_TYPES, DIRECTIONS, load_catalog
from toolkit.engine.inputs import Body, Inputs, Meta, PenaltyFact
from toolkit.engine.scoring import penalty_points, score

CATALOG = load_catalog("2023-01")
COMPLAINTS = CATALOG.direction("complaints")
KEYS = {spec.symbol: spec.key for spec in COMPLAINTS.inputs}
CRITERIA = {c.id: c for c in COMPLAINTS.criteria}
SETTINGS = settings(max_examples=200, deadline=None)

# Small counts find the edges (zeros, equalities); large ones look like real bodies.
count = st.one_of(st.integers(0, 20), st.integers(0, 2_000_000))


@st.composite
def valid_values(draw) -> dict[str, int]:
    m = draw(count)
    n = draw(st.integers(0, m))
    p = draw(count)  # p > m is allowed (a warning only: carry-over from last year)
    f = draw(st.integers(0, p))
    a = draw(st.integers(0, p))
    d = draw(st.integers(0, f + n))
    x = draw(st.integers(0, f + n - d))
    return {"m": m, "p": p, "f": f, "a": a, "n": n, "d": d, "x": x}


penalty_facts = st.lists(
    st.builds(PenaltyFact, direction=st.sampled_from(DIRECTIONS), kind=st.sampled_from(sorted(CATALOG.penalty_kinds)),
              text=st.just("факт")),
    max_size=40,
).map(tuple)


def make_inputs(values: dict[str, int], body_type: str, penalties: tuple[PenaltyFact, ...] = ()) -> Inputs:
    return Inputs(meta=Meta("2023-01", ("complaints",), body_type, 2022, "test"), body=Body("Орган", body_type),
                  values={KEYS[s]: v for s, v in values.items()}, cells={}, penalties=penalties)


def rule_points(cid: str, values: dict[str, int], body_type: str = "cgo") -> float:
    crit = CRITERIA[cid]
    return crit.rule.evaluate({s: float(v) for s, v in values.items()}, crit.max_for(body_type)).points


@SETTINGS
@given(valid_values(), st.sampled_from(BODY_TYPES))
def test_every_criterion_within_zero_and_its_maximum(values, body_type):
    for crit in COMPLAINTS.criteria:
        pts = rule_points(crit.id, values, body_type)
        assert not math.isnan(pts)
        assert 0 <= pts <= crit.max_for(body_type), (crit.id, values, pts)


@SETTINGS
@given(valid_values(), st.sampled_from(BODY_TYPES), penalty_facts)
def test_direction_totals_within_bounds(values, body_type, facts):
    result = score(make_inputs(values, body_type, facts), CATALOG).directions["complaints"]
    assert all(0 <= c.points <= c.max for c in result.criteria)
    assert 0 <= result.raw <= 100
    assert 0 <= result.penalty <= 5
    assert 0 <= result.score <= 100
    # the engine subtracts exactly; the float re-computation here may differ in the last bit
    assert result.score == pytest.approx(max(0.0, result.raw - result.penalty), rel=1e-12, abs=1e-12)
    assert result.score <= result.raw


@SETTINGS
@given(penalty_facts)
def test_penalty_within_zero_and_cap(facts):
    for direction in DIRECTIONS:
        own = tuple(f for f in facts if f.direction == direction)
        assert 0 <= penalty_points(own, CATALOG) <= 5


@st.composite
def r1_pair(draw) -> tuple[int, int, int]:
    p = draw(count)
    f1 = draw(st.integers(0, p))
    f2 = draw(st.integers(f1, p))
    return p, f1, f2


@SETTINGS
@given(r1_pair())
def test_r1_non_increasing_in_late_considered(pair):
    p, f1, f2 = pair
    assert rule_points("R1", {"f": f1, "p": p}) >= rule_points("R1", {"f": f2, "p": p})


@st.composite
def r4_pair(draw) -> tuple[dict[str, int], int, int]:
    f, n = draw(count), draw(count)
    x = draw(st.integers(0, f + n))
    d1 = draw(st.integers(0, f + n - x))
    d2 = draw(st.integers(d1, f + n - x))
    return {"f": f, "n": n, "x": x}, d1, d2


@SETTINGS
@given(r4_pair())
def test_r4_non_decreasing_in_disciplined(pair):
    base, d1, d2 = pair
    low, high = rule_points("R4", {**base, "d": d1}), rule_points("R4", {**base, "d": d2})
    assert low <= high
    assert {low, high} <= {0, 1, 4, 6, 8, 10}  # Прил. 13 band values only
