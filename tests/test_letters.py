"""Letters for program symbols in the rules an assessor reads («Баллы», `explain`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.analysis.letters import is_letter, lettered, letters, symbol_labels
from toolkit.catalog import load_catalog
from toolkit.check import check_file
from toolkit.engine.scoring import IndicatorScore, UsedInput, score

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
LABELS = {"pub_placed_kk": "размещено", "pub_required": "требуется", "f": "нарушены сроки", "p": "рассмотрено",
          "a": "обоснованных", "long_one": "длинное", "events_total": "мероприятий", "pub_kk": "публикаций",
          **{f"s_{k}": k for k in range(10)}}


def indicator(rule: str, *symbols: str) -> IndicatorScore:
    used = tuple(UsedInput(f"x.{s}", s, LABELS[s], 1.0, None) for s in symbols)
    return IndicatorScore("X1", "показатель", 1.0, 1.0, rule, None, None, None, used)


@pytest.mark.parametrize(("rule", "symbols", "expected"), [
    # the methodology's own letters stay as they are
    ("40 − (f) / (p) × 1 000, не меньше 0", ("f", "p"), {}),
    # program symbols get a, b in the order the rule names them (not the inputs' order)
    ("2,5 × (pub_placed_kk) / (pub_required)", ("pub_required", "pub_placed_kk"),
     {"pub_placed_kk": "a", "pub_required": "b"}),
    # a letter the rule already uses is not given again: «a» is taken, so long_one is «b»
    ("(a) + (long_one)", ("a", "long_one"), {"long_one": "b"}),
    # «max» is a word of the rule, not a symbol of the direction
    ("2,5 × (pub_kk) / (max(events_total; 12))", ("pub_kk", "events_total"), {"pub_kk": "a", "events_total": "b"}),
    # an input the rule does not name comes after the ones it does
    ("1 × (pub_kk)", ("events_total", "pub_kk"), {"pub_kk": "a", "events_total": "b"}),
    # i, j, l, o and x are never given (read as 1, 0 or ×): the ninth symbol is «k»
    (" + ".join(f"s_{k}" for k in range(9)), tuple(f"s_{k}" for k in range(9)),
     dict(zip((f"s_{k}" for k in range(9)), "abcdefghk"))),
])
def test_letters_by_rule_order(rule, symbols, expected):
    assert letters(indicator(rule, *symbols), LABELS) == expected


def test_a_symbol_of_the_rule_without_a_value_still_gets_its_letter():
    """An assessor's number not given: the rule still names it, so it is lettered (and said by its label)."""
    assert letters(indicator("1,5 × (pub_kk) / (1)"), LABELS) == {"pub_kk": "a"}


@pytest.mark.parametrize(("text", "expected"), [
    ("pub_kk + pub_kk_total", "a + pub_kk_total"),  # whole symbols only
    ("(pub_kk × 10) > events_total: 0 баллов", "(a × 10) > b: 0 баллов"),
    ("нет символов", "нет символов"),
])
def test_lettered_replaces_whole_symbols(text, expected):
    assert lettered(text, {"pub_kk": "a", "events_total": "b"}) == expected


@pytest.mark.parametrize(("symbol", "letter"), [("f", True), ("b1", True), ("ck", True), ("c2", True),
                                                ("acts", False), ("pub_required", False), ("abc", False)])
def test_methodology_letters(symbol, letter):
    assert is_letter(symbol) is letter


@pytest.mark.parametrize("direction", ["complaints", "openness", "services"])
def test_every_rule_of_a_sample_reads_without_program_symbols(direction):
    """Over every indicator of a real sample: no symbol of the direction with «_» or longer than two letters
    and a digit is left in a rule, and no letter stands for two symbols in one row."""
    checked = check_file(SAMPLES / f"{direction}-МЮ.xlsx")
    assert checked.inputs is not None, checked.problems
    catalog = load_catalog(checked.inputs.meta.edition)
    labels = symbol_labels(catalog.direction(direction))
    rows = [i for c in score(checked.inputs, catalog).directions[direction].criteria for i in c.indicators]
    assert rows
    for ind in rows:
        names = letters(ind, labels)
        assert len(set(names.values())) == len(names), ind.id
        left = [w for w in re.findall(r"\b\w+\b", lettered(ind.rule, names)) if w in labels and not is_letter(w)]
        assert not left, (ind.id, left)
