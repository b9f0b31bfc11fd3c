"""Efficiency grades and rounding.

Covers п.108 (high 90–100, medium 70–89.99, low 50–69.99, inefficient below 50), the
[interpretation] `grade-rounding` (METHODOLOGY §1.4: bands apply to the score rounded half up to
2 decimals, so 89.995 is high) and §1.2 (scores shown to 2 decimals, the block to 1, half up),
also for scores the engine computed from complaints inputs (п.97, п.99–102, Прил. 13, п.20).
Expected values are literals.
"""

from __future__ import annotations

import pytest

from toolkit.catalog import load_catalog
from toolkit.engine.inputs import Body, Inputs, Meta, PenaltyFact
from toolkit.numbers import round_half_up, score_text
from toolkit.engine.scoring import grade_for, score

CATALOG = load_catalog("2023-01")
KEYS = {spec.symbol: spec.key for spec in CATALOG.direction("complaints").inputs}

GRADE_CASES = [
    (100, "high"),
    (90, "high"),  # lower bound of high
    (89.995, "high"),  # rounds half up to 90.00 (interpretation grade-rounding)
    (89.99, "medium"),
    (89.994999, "medium"),  # rounds to 89.99
    (70, "medium"),
    (69.995, "medium"),  # → 70.00
    (69.99, "low"),
    (69.994999, "low"),
    (50, "low"),
    (49.995, "low"),  # → 50.00
    (49.99, "inefficient"),
    (0.004, "inefficient"),
    (0, "inefficient"),
]


@pytest.mark.parametrize(("value", "grade"), GRADE_CASES)
def test_grade_bands(value, grade):
    assert grade_for(value, CATALOG).id == grade


def test_grade_labels_are_the_methodologys():
    assert [(b.id, b.label, b.min) for b in CATALOG.grades] == [
        ("high", "высокая", 90), ("medium", "средняя", 70), ("low", "низкая", 50), ("inefficient", "неэффективная", 0)]
    assert CATALOG.grade_rounding == 2
    assert "grade-rounding" in CATALOG.interpretations


ROUND_CASES = [
    # value, places, expected     (Python's round differs on the first four)
    (2.675, 2, 2.68),  # round(2.675, 2) == 2.67 (binary 2.67499…); half up on the decimal reading
    (0.125, 2, 0.13),  # round() is half-even: 0.12
    (2.5, 0, 3.0),  # round() is half-even: 2
    (1.005, 2, 1.01),  # round(1.005, 2) == 1.0
    (89.995, 2, 90.0),
    (89.994999, 2, 89.99),
    (69.995, 2, 70.0),
    (71.65, 1, 71.7),  # block score to 1 decimal
    (69.95, 1, 70.0),
    (69.94, 1, 69.9),
    (0.0, 2, 0.0),
    (100.0, 2, 100.0),
    (36.842105263157895, 2, 36.84),
]


@pytest.mark.parametrize(("value", "places", "expected"), ROUND_CASES)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_round_half_up_differs_from_builtin_round():
    assert round(2.675, 2) == 2.67  # what Python does
    assert round_half_up(2.675, 2) == 2.68  # what the methodology means


@pytest.mark.parametrize(("value", "text"), [(89.995, "90,00"), (75.4, "75,40"), (0, "0,00"), (2.675, "2,68")])
def test_score_text_rounds_half_up_with_decimal_comma(value, text):
    assert score_text(value) == text


def test_score_text_block_precision():
    assert score_text(71.65, 1) == "71,7"


# --- grades of scores the engine computed (п.108 with the grade-rounding interpretation) --------

def complaints_score(values: dict[str, int], facts: tuple[PenaltyFact, ...] = ()):
    inputs = Inputs(meta=Meta("2023-01", ("complaints",), "cgo", 2022, "test"), body=Body("Орган", "cgo"),
                    values={KEYS[s]: v for s, v in values.items()}, cells={}, penalties=facts)
    return score(inputs, CATALOG).directions["complaints"]


def test_exact_89_995_after_a_penalty_is_high():
    # m=20000 p=1000 f=9 a=0 n=161 d=170 x=0, one unreliable fact:
    #   R1 = 40 − 9/1000×1000 = 31; R2 = 30 (a = 0); R3 = 20 − 161/20000×100 = 20 − 0.805 = 19.195;
    #   R4: 170/(9+161) = 100 % → 10; raw = 31 + 30 + 19.195 + 10 = 90.195; penalty 0.2;
    #   score = 90.195 − 0.2 = 89.995 → 90.00 half up → high.
    result = complaints_score({"m": 20000, "p": 1000, "f": 9, "a": 0, "n": 161, "d": 170, "x": 0},
                              (PenaltyFact("complaints", "unreliable", "факт"),))
    assert result.grade.id == "high", result.score


def test_exact_89_995_without_penalties_is_high():
    # m=1000000 p=1000000 f=7 a=0 n=99980 d=99987 x=0:
    #   R1 = 40 − 7/1000000×1000 = 40 − 0.007 = 39.993; R2 = 30; R3 = 20 − 99980/1000000×100 = 20 − 9.998
    #   = 10.002; R4: 99987/(7+99980) = 100 % → 10; H = 39.993 + 30 + 10.002 + 10 = 89.995 → high.
    result = complaints_score({"m": 1_000_000, "p": 1_000_000, "f": 7, "a": 0, "n": 99980, "d": 99987, "x": 0})
    assert result.grade.id == "high", result.score


def test_exact_89_995_that_floats_represent_well_is_high():
    # m=2500 p=8000 f=1 a=0 n=247 d=248 x=0:
    #   R1 = 40 − 1/8000×1000 = 39.875; R2 = 30; R3 = 20 − 247/2500×100 = 20 − 9.88 = 10.12;
    #   R4: 248/248 = 100 % → 10; H = 39.875 + 30 + 10.12 + 10 = 89.995 → high.
    result = complaints_score({"m": 2500, "p": 8000, "f": 1, "a": 0, "n": 247, "d": 248, "x": 0})
    assert result.score == pytest.approx(89.995)
    assert result.grade.id == "high"
