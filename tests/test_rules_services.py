"""Services direction (METHODOLOGY §4, §7; п.27–56, Прил. 2, 6) against hand-computed values.

Covers:
- п.31, Прил. 6: P1 = Σ Un / n, every band edge and just below it, CGO (15/12/9/6/3) and MIO (20/16/12/8/4);
  no monitored service → rule 1.5 (peer average in a batch, else provisional).
- п.33: P2 = max(0, k − i/b1 × 10 000), k = 10 (MIO 20); b1 = 0 → k with a note.
- п.41–44: T1 (a/b), T2 (a₂/b1), T3 (c/b1), T4 (e/b1) per 10 000, k 12/14/12/12 (MIO 14/18/14/14).
- п.47–55: K3 = min(25, max(0, T + V + C − P + D + S)); D, S ignored at 25 and never lifting K3 above 25;
  T (n = 0 → 10), V (z = 0, c₂ = 0 → share counts 1), C (c + d = 0 → 5), P (cap 5), D (cap 3), S (cap 2).
- п.56: U = K1 + K2 + K3, T = M1 + M2; grades by п.108.
- METHODOLOGY §7: partial_automation_weight 0.5; V forms difference and product, as catalog parameters.

Every expected value is a literal with its arithmetic in a comment.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services_inputs import BASE, CATALOG, catalog_with, services_inputs
from toolkit.engine.peers import peer_averages
from toolkit.engine.scoring import score


def direction(body_type="cgo", catalog=CATALOG, satisfactions=(4.85, 4.65, 4.45), peers=None, **symbols):
    return score(services_inputs(body_type, satisfactions, **symbols), catalog, peers).directions["services"]


def indicator(result, iid):
    return next(i for c in result.criteria for i in c.indicators if i.id == iid)


def criterion(result, cid):
    return next(c for c in result.criteria if c.id == cid)


# --- P1, Прил. 6 -----------------------------------------------------------------------------------

P1_BANDS = [
    # satisfaction, CGO points, MIO points
    (5.0, 15, 20),  # 4,8–5 → 15 (20)
    (4.8, 15, 20),  # edge 4,8 inclusive
    (4.79, 12, 16),  # just below 4,8 → 4,6–4,79
    (4.6, 12, 16),  # edge 4,6
    (4.59, 9, 12),  # just below 4,6
    (4.4, 9, 12),  # edge 4,4
    (4.39, 6, 8),  # just below 4,4
    (4.2, 6, 8),  # edge 4,2
    (4.19, 3, 4),  # just below 4,2
    (4.0, 3, 4),  # edge 4,0
    (3.99, 0, 0),  # just below 4,0 → 0
    (0.0, 0, 0),
]


@pytest.mark.parametrize(("satisfaction", "cgo", "mio"), P1_BANDS)
def test_p1_band_edges(satisfaction, cgo, mio):
    assert indicator(direction("cgo", satisfactions=(satisfaction,)), "K1.P1").points == pytest.approx(cgo, abs=1e-12)
    assert indicator(direction("mio", satisfactions=(satisfaction,)), "M1.P1").points == pytest.approx(mio, abs=1e-12)


def test_p1_is_the_mean_of_un():
    # CGO: (15 + 9 + 0) / 3 = 8; MIO: (20 + 12 + 0) / 3 = 32/3 = 10.666…
    assert indicator(direction("cgo", satisfactions=(4.9, 4.5, 3.5)), "K1.P1").points == pytest.approx(8)
    assert indicator(direction("mio", satisfactions=(4.9, 4.5, 3.5)), "M1.P1").points == pytest.approx(32 / 3)


def test_p1_without_monitoring_is_provisional_alone():
    result = direction("cgo", satisfactions=())
    p1 = indicator(result, "K1.P1")
    assert not p1.applicable and p1.points == 0
    assert result.provisional
    assert any(n.startswith("K1.P1:") and "monitored = 0" in n for n in result.notes)


def test_p1_without_monitoring_takes_the_peer_average_in_a_batch():
    # two peers score P1 12 ((15+12+9)/3) and 6 (one service at 4,2): mean 9; the third has no monitoring
    batch = [score(services_inputs("cgo", s, code=code), CATALOG) for s, code in
             (((4.85, 4.65, 4.45), "А"), ((4.2,), "Б"), ((), "В"))]
    peers = peer_averages(batch)[("2023-01", 2022, "cgo")]
    assert peers["K1.P1"] == (Fraction(9), 2)
    result = direction("cgo", satisfactions=(), peers=peers)
    assert indicator(result, "K1.P1").points == pytest.approx(9)
    assert not result.provisional


# --- P2, T1–T4 per 10 000 ----------------------------------------------------------------------------

RATE_CASES = [
    # indicator, body type, symbols, expected
    ("K1.P2", "cgo", {"i": 0, "b1": 1000}, 10.0),  # no complaints → k = 10
    ("K1.P2", "cgo", {"i": 1, "b1": 10000}, 9.0),  # 10 − 1/10000×10000 = 9
    ("K1.P2", "cgo", {"i": 5, "b1": 100000}, 9.5),  # 10 − 0.5
    ("K1.P2", "cgo", {"i": 10, "b1": 10000}, 0.0),  # 10 − 10 = 0 exactly
    ("K1.P2", "cgo", {"i": 11, "b1": 10000}, 0.0),  # 10 − 11 → floored at 0
    ("M1.P2", "mio", {"i": 1, "b1": 10000}, 19.0),  # k = 20: 20 − 1
    ("M1.P2", "mio", {"i": 7, "b1": 20000}, 16.5),  # 20 − 7/20000×10000 = 20 − 3.5
    ("K2.T1", "cgo", {"a": 3, "b": 10000}, 9.0),  # 12 − 3
    ("M2.T1", "mio", {"a": 3, "b": 10000}, 11.0),  # 14 − 3
    ("K2.T1", "cgo", {"a": 13, "b": 10000}, 0.0),  # 12 − 13 → 0
    ("K2.T2", "cgo", {"a2": 1, "b1": 20000}, 13.5),  # 14 − 0.5
    ("M2.T2", "mio", {"a2": 1, "b1": 20000}, 17.5),  # 18 − 0.5
    ("K2.T3", "cgo", {"c": 2, "b1": 10000}, 10.0),  # 12 − 2
    ("M2.T3", "mio", {"c": 2, "b1": 10000}, 12.0),  # 14 − 2
    ("K2.T4", "cgo", {"e": 25, "b1": 100000}, 9.5),  # 12 − 2.5
    ("M2.T4", "mio", {"e": 25, "b1": 100000}, 11.5),  # 14 − 2.5
]


@pytest.mark.parametrize(("iid", "body_type", "symbols", "expected"), RATE_CASES)
def test_rates_per_10000(iid, body_type, symbols, expected):
    zeros = {"i": 0, "a": 0, "a2": 0, "c": 0, "e": 0}
    assert indicator(direction(body_type, **{**zeros, **symbols}), iid).points == pytest.approx(expected, abs=1e-9)


ZERO_DENOMINATORS = [
    # indicator, symbols, expected, what the note names
    ("K1.P2", {"b1": 0, "b": 0, "i": 0, "a": 0, "a2": 0, "c": 0, "e": 0}, 10.0, "b1 = 0"),
    ("K2.T1", {"b1": 0, "b": 0, "i": 0, "a": 0, "a2": 0, "c": 0, "e": 0}, 12.0, "b = 0"),
    ("K2.T2", {"b1": 0, "b": 0, "i": 0, "a": 0, "a2": 0, "c": 0, "e": 0}, 14.0, "b1 = 0"),
    ("K2.T3", {"b1": 0, "b": 0, "i": 0, "a": 0, "a2": 0, "c": 0, "e": 0}, 12.0, "b1 = 0"),
    ("K2.T4", {"b1": 0, "b": 0, "i": 0, "a": 0, "a2": 0, "c": 0, "e": 0}, 12.0, "b1 = 0"),
    ("K3.T", {"n": 0, "ck": 0, "dk": 0, "w": 0}, 10.0, "n = 0"),  # n = 0 → T = 10 (§4)
    ("K3.C", {"ck": 0, "dk": 0, "w": 0}, 5.0, "ck + dk = 0"),  # c + d = 0 → C = 5
    # z = 0 (so e = 0): e/z counts 1; 1 − 20/80 = 0.75; (1 + 0.75)/2 × 10 = 8.75
    ("K3.V", {"ev": 0, "z": 0, "c2": 0, "bv": 0}, 10.0, "z = 0"),  # both: (1 + 1)/2 × 10 = 10
    ("K3.V", {"ev": 0, "z": 0}, 8.75, "z = 0"),
    # c₂ = 0 (so b = 0): 1 − b/c₂ counts 1; e/z = 0.6; (0.6 + 1)/2 × 10 = 8
    ("K3.V", {"bv": 0, "c2": 0}, 8.0, "c2 = 0"),
]


@pytest.mark.parametrize(("iid", "symbols", "expected", "named"), ZERO_DENOMINATORS)
def test_zero_denominators_give_the_rule_with_a_note(iid, symbols, expected, named):
    result = direction("cgo", **symbols)
    ind = indicator(result, iid)
    assert ind.points == pytest.approx(expected)
    assert ind.note is not None and named in ind.note
    assert any(n.startswith(iid + ":") for n in result.notes)


# --- K3 parts ----------------------------------------------------------------------------------------

K3_PARTS = [
    ("K3.T", {"n": 688, "ck": 300, "dk": 322}, 6220 / 688),  # (300 + 322)/688 × 10 = 9.0406976…
    ("K3.T", {"n": 4, "ck": 3, "dk": 0}, 7.5),  # «3 из 4»: 3/4 × 10
    ("K3.V", {"ev": 60, "z": 100, "bv": 20, "c2": 80}, 6.75),  # (0.6 + (1 − 0.25))/2 × 10
    ("K3.V", {"ev": 100, "z": 100, "bv": 0, "c2": 80}, 10.0),  # (1 + 1)/2 × 10
    ("K3.C", {"w": 311, "ck": 300, "dk": 322}, 2.5),  # 311/622 × 5
    ("K3.C", {"w": 80, "ck": 30, "dk": 50}, 5.0),  # 80/80 × 5
    ("K3.P", {"t": 0}, 0.0),
    ("K3.P", {"t": 2.5}, 0.5),  # 0.2 × 2.5
    ("K3.P", {"t": 10}, 2.0),  # 0.2 × 10
    ("K3.P", {"t": 25}, 5.0),  # 0.2 × 25 = 5, the cap exactly
    ("K3.P", {"t": 537}, 5.0),  # 0.2 × 537 = 107.4 → capped at 5
    ("K3.D", {"q": 0}, 0.0),
    ("K3.D", {"q": 2}, 2.0),  # 1 × 2
    ("K3.D", {"q": 4}, 3.0),  # 4 → capped at 3
    ("K3.S", {"l": 1}, 1.0),
    ("K3.S", {"l": 5}, 2.0),  # 5 → capped at 2
]


@pytest.mark.parametrize(("iid", "symbols", "expected"), K3_PARTS)
def test_k3_parts(iid, symbols, expected):
    assert indicator(direction("cgo", **symbols), iid).points == pytest.approx(expected, abs=1e-9)


# Full automation: T = 10 (4/4), V = 10 (e = z, b = 0); C and P vary; D, S the bonuses.
FULL = {"n": 4, "ck": 0, "dk": 4, "ev": 100, "z": 100, "bv": 0, "c2": 50}
K3_BONUS = [
    # symbols, K3, bonus counted («… из …» in the note) or None when no note
    ({"w": 0, "t": 0, "q": 2, "l": 1}, 23.0, None),  # 10 + 10 + 0 − 0 + 2 + 1 = 23, below 25: both count
    ({"w": 2, "t": 0, "q": 3, "l": 2}, 25.0, "2,5 балла из 5"),  # 22.5 + 3 + 2 = 27.5 → 25: only 2.5 of the 5 count
    ({"w": 4, "t": 0, "q": 3, "l": 2}, 25.0, "0 баллов из 5"),  # 10 + 10 + 5 = 25 already: bonuses ignored
    ({"w": 4, "t": 15, "q": 3, "l": 0}, 25.0, None),  # 25 − 3 + 3 = 25 exactly: D lifts to, not past, 25
    ({"w": 4, "t": 25, "q": 0, "l": 0}, 20.0, None),  # 25 − 5 = 20
]


@pytest.mark.parametrize(("symbols", "k3", "counted"), K3_BONUS)
def test_k3_bonus_rule(symbols, k3, counted):
    k = criterion(direction("cgo", **FULL, **symbols), "K3")
    assert k.points == pytest.approx(k3)
    if counted is None:
        assert k.note is None
    else:
        assert counted in k.note


def test_k3_floored_at_zero_before_the_bonus_lifts_it():
    # T = 1/1000 × 10 = 0.01; V = (0 + (1 − 50/50))/2 × 10 = 0; C = 0/1 × 5 = 0; P = 5; D = 1:
    # 0.01 + 0 + 0 − 5 + 1 = −3.99 → K3 = 0
    k = criterion(direction("cgo", n=1000, ck=0, dk=1, w=0, ev=0, z=100, bv=50, c2=50, t=25, q=1, l=0), "K3")
    assert k.points == 0


# --- U and T (п.56) ---------------------------------------------------------------------------------

def test_whole_cgo_by_hand():
    # K1: P1 = (15 + 12 + 9)/3 = 12; P2 = 10 − 20/100000×10000 = 8 → 20
    # K2: T1 = 12 − 24/120000×10000 = 10; T2 = 14 − 0.5 = 13.5; T3 = 12 − 1 = 11; T4 = 12 − 3 = 9 → 43.5
    # K3: T = 80/100×10 = 8; V = 6.75; C = 40/80×5 = 2.5; P = 2; D = 1; S = 1 → 17.25
    # U = 20 + 43.5 + 17.25 = 80.75 → medium
    result = direction("cgo")
    assert {c.id: c.points for c in result.criteria} == pytest.approx({"K1": 20, "K2": 43.5, "K3": 17.25})
    assert {c.id: c.max for c in result.criteria} == {"K1": 25, "K2": 50, "K3": 25}
    assert result.score == pytest.approx(80.75)
    assert result.grade.id == "medium"
    assert set(result.to_dict()["indicators"]) == {"K1.P1", "K1.P2", "K2.T1", "K2.T2", "K2.T3", "K2.T4",
                                                   "K3.T", "K3.V", "K3.C", "K3.P", "K3.D", "K3.S"}


def test_whole_mio_by_hand():
    # M1: P1 = (20 + 16 + 12)/3 = 16; P2 = 20 − 2 = 18 → 34
    # M2: T1 = 14 − 2 = 12; T2 = 18 − 0.5 = 17.5; T3 = 14 − 1 = 13; T4 = 14 − 3 = 11 → 53.5
    # T = 34 + 53.5 = 87.5 → medium
    result = direction("mio")
    assert {c.id: c.points for c in result.criteria} == pytest.approx({"M1": 34, "M2": 53.5})
    assert result.score == pytest.approx(87.5)
    assert set(result.to_dict()["indicators"]) == {"M1.P1", "M1.P2", "M2.T1", "M2.T2", "M2.T3", "M2.T4"}


def test_perfect_cgo_is_100():
    # P1 15 + P2 10 + 50 + K3 (10 + 10 + 5 − 0, bonuses ignored) = 100
    result = direction("cgo", satisfactions=(5.0,), i=0, a=0, a2=0, c=0, e=0, **FULL, w=4, t=0, q=3, l=2)
    assert result.score == pytest.approx(100)
    assert result.grade.id == "high"


# --- METHODOLOGY §7 alternatives as catalog parameters ---------------------------------------------

def test_partial_automation_weight_half():
    # (0.5 × 300 + 322)/688 × 10 = 472/688 × 10 = 6.8604651…
    catalog = catalog_with(partial_automation_weight=0.5)
    assert indicator(direction("cgo", catalog, n=688, ck=300, dk=322), "K3.T").points == pytest.approx(4720 / 688)
    assert indicator(direction("cgo", n=688, ck=300, dk=322), "K3.T").points == pytest.approx(6220 / 688)


@pytest.mark.parametrize(("form", "symbols", "expected"), [
    ("mean", {}, 6.75),  # (0.6 + 0.75)/2 × 10
    ("difference", {}, 3.5),  # (0.6 − 0.25) × 10
    ("difference", {"ev": 10, "bv": 40}, 0.0),  # (0.1 − 0.5) × 10 < 0 → 0
    ("product", {}, 4.5),  # 0.6 × 0.75 × 10
    ("product", {"ev": 0, "z": 0}, 7.5),  # z = 0: 1 × 0.75 × 10
])
def test_volume_forms(form, symbols, expected):
    catalog = catalog_with(automation_volume_form=form)
    assert indicator(direction("cgo", catalog, **symbols), "K3.V").points == pytest.approx(expected, abs=1e-9)


def test_unknown_form_fails_at_load():
    from toolkit.rules import CatalogError
    with pytest.raises(CatalogError, match=r"directions\.services\.parameters\.automation_volume_form\.value"):
        catalog_with(automation_volume_form="median")


# --- properties ----------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**6)


@st.composite
def report(draw):
    b1 = draw(counts)
    b = b1 + draw(counts)
    n = draw(st.integers(0, 1000))
    ck = draw(st.integers(0, n))
    dk = draw(st.integers(0, n - ck))
    z = draw(counts)
    c2 = draw(st.integers(0, z))
    return {"b1": b1, "b": b, "i": draw(counts), "a": draw(st.integers(0, b)), "a2": draw(st.integers(0, b1)),
            "c": draw(st.integers(0, b1)), "e": draw(st.integers(0, b1)), "n": n, "ck": ck, "dk": dk,
            "ev": draw(st.integers(0, z)), "z": z, "bv": draw(st.integers(0, c2)), "c2": c2,
            "w": draw(st.integers(0, ck + dk)), "t": draw(st.floats(0, 1000)), "q": draw(st.integers(0, 10)),
            "l": draw(st.integers(0, 10))}


satisfactions = st.lists(st.floats(0, 5).map(lambda x: round(x, 2)), max_size=8).map(tuple)


@settings(max_examples=60, deadline=None)
@given(report(), satisfactions, st.sampled_from(["cgo", "mio"]))
def test_every_criterion_within_its_maximum(values, sat, body_type):
    result = direction(body_type, satisfactions=sat, **values)
    for c in result.criteria:
        assert 0 <= c.points <= c.max
        for i in c.indicators:
            assert 0 <= i.points <= i.max
    assert 0 <= result.score <= 100


@settings(max_examples=60, deadline=None)
@given(report(), st.sampled_from(["i", "a", "a2", "c", "e", "t"]), st.integers(1, 1000), st.sampled_from(["cgo", "mio"]))
def test_more_breaches_never_raise_the_score(values, breach, extra, body_type):
    worse = dict(values)
    worse[breach] = values[breach] + extra
    if breach == "a":
        worse["b"] = max(values["b"], worse["a"])
    if breach in ("a2", "c", "e"):
        worse["b1"] = max(values["b1"], worse[breach])
        worse["b"] = max(values["b"], worse["b1"])
        values = {**values, "b1": worse["b1"], "b": worse["b"]}  # same volumes, fewer breaches
    if breach == "a":
        values = {**values, "b": worse["b"]}
    before, after = direction(body_type, **values), direction(body_type, **worse)
    for c_before, c_after in zip(before.criteria, after.criteria):
        assert c_after.points <= c_before.points + 1e-12
    assert after.score <= before.score + 1e-12


@pytest.mark.parametrize(("form", "words"), [("mean", "V = (e/z + (1 − b/c₂)) / 2 × 10"),
                                             ("difference", "V = max(0; e/z − b/c₂) × 10"),
                                             ("product", "V = e/z × (1 − b/c₂) × 10")])
def test_the_rule_text_follows_the_chosen_form(form, words):
    catalog = CATALOG if form == "mean" else catalog_with(automation_volume_form=form)
    assert indicator(direction("cgo", catalog), "K3.V").rule.startswith(words)


def test_the_rule_text_shows_the_partial_weight():
    assert indicator(direction("cgo", catalog_with(partial_automation_weight=0.5)), "K3.T").rule.startswith(
        "T = (0,5 × c + d) / n × 10")
