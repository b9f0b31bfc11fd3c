"""The methodology catalog: what edition 2023-01 holds, and broken catalogs failing loudly.

Covers Прил. 11 (complaints R1–R4, 40/30/20/10, inputs m p f a n d x and the §2 checks), Прил. 7
and п.91 (openness P1–P6 = 100, P7 a penalty up to 9, CGO only), Прил. 2–5 (services K1–K3 for CGO,
25 + 50 + 25; M1–M2 for MIO, 40 + 60), п.107 (block weights), п.108 (grade bands), п.17–21 and
Прил. 1 (penalty prices and cap), every [interpretation]/[reconstructed] reference resolving, and
STYLE 4: a bad entry fails at load with a `CatalogError` whose message starts with its path.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import toolkit.catalog
from toolkit.catalog import BODY_TYPES, known_editions, load_catalog, parse_catalog
from toolkit.rules import RULE_KINDS, CatalogError

EDITION_FILE = Path(toolkit.catalog.__file__).parent / "editions" / "2023-01.yaml"
RAW = yaml.safe_load(EDITION_FILE.read_text(encoding="utf-8"))
CATALOG = load_catalog("2023-01")


def ids(direction: str, body_type: str) -> list[str]:
    return [c.id for c in CATALOG.direction(direction).criteria_for(body_type)]


def maxima(direction: str, body_type: str) -> dict[str, float]:
    return {c.id: c.max_for(body_type) for c in CATALOG.direction(direction).criteria_for(body_type)}


# --- the edition as shipped --------------------------------------------------------------------


def test_edition_loads_and_is_known():
    assert "2023-01" in known_editions()
    assert CATALOG.edition == "2023-01"
    assert set(CATALOG.directions) == {"services", "openness", "complaints"}


def test_unknown_edition_fails_naming_it():
    with pytest.raises(CatalogError, match="1999-01"):
        load_catalog("1999-01")


@pytest.mark.parametrize("body_type", BODY_TYPES)
def test_complaints_criteria_and_maxima(body_type):
    assert maxima("complaints", body_type) == {"R1": 40, "R2": 30, "R3": 20, "R4": 10}
    assert sum(maxima("complaints", body_type).values()) == 100
    assert CATALOG.direction("complaints").scorable
    assert all(c.rule is not None for c in CATALOG.direction("complaints").criteria)


def test_complaints_inputs_and_checks():
    direction = CATALOG.direction("complaints")
    assert {i.symbol: i.key for i in direction.inputs} == {
        "m": "complaints.received_total", "p": "complaints.considered_total", "f": "complaints.considered_late",
        "a": "complaints.court_satisfied", "n": "complaints.redirected_late", "d": "complaints.disciplined",
        "x": "complaints.liability_impossible"}
    checks = {(c.left, c.right, c.severity) for c in direction.checks}
    assert checks == {(("f",), ("p",), "error"), (("a",), ("p",), "error"), (("n",), ("m",), "error"),
                      (("d", "x"), ("f", "n"), "error"), (("p",), ("m",), "warning")}


@pytest.mark.parametrize("body_type", BODY_TYPES)
def test_openness_p1_to_p6_make_100_and_p7_is_a_penalty(body_type):
    crit = {c.id: c for c in CATALOG.direction("openness").criteria_for(body_type)}
    assert list(crit) == ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]
    assert [crit[p].max_for(body_type) for p in ("P1", "P2", "P3", "P4", "P5", "P6")] == [18, 18, 18, 18, 18, 10]
    assert sum(c.max_for(body_type) for c in crit.values() if not c.penalty) == 100
    assert [c.id for c in crit.values() if c.penalty] == ["P7"]


def test_p7_is_up_to_9_for_cgo_and_0_for_mio():
    p7 = next(c for c in CATALOG.direction("openness").criteria if c.id == "P7")
    assert p7.max_by_type == {"cgo": 9, "mio": 0}


@pytest.mark.parametrize(("body_type", "expected"), [
    ("cgo", {"K1": 25, "K2": 50, "K3": 25}),
    ("mio", {"M1": 40, "M2": 60}),
])
def test_services_criteria_by_body_type(body_type, expected):
    assert maxima("services", body_type) == expected
    assert sum(expected.values()) == 100


def test_directions_have_max_100():
    assert {d.id: d.max for d in CATALOG.directions.values()} == {"services": 100, "openness": 100, "complaints": 100}


def test_block_weights_grades_and_penalties():
    assert CATALOG.weights == {bt: {"services": 0.5, "openness": 0.2, "complaints": 0.3} for bt in BODY_TYPES}
    assert [b.min for b in CATALOG.grades] == [90, 70, 50, 0]
    assert {k: v.points for k, v in CATALOG.penalty_kinds.items()} == {"unreliable": 0.2, "incomplete": 2}
    assert CATALOG.penalty_cap == 5


def test_every_referenced_interpretation_exists():
    referenced = {r for d in CATALOG.directions.values() for c in d.criteria for r in c.interpretations}
    assert referenced, "the complaints criteria reference their interpretations"
    assert referenced <= set(CATALOG.interpretations)
    assert {"complaints-R1", "complaints-R2", "complaints-R3", "complaints-R4-bands"} <= referenced
    for interp in CATALOG.interpretations.values():
        assert interp.kind in ("interpretation", "reconstructed"), interp.id
        assert interp.text.strip(), interp.id


# --- Excel formulas each rule writes -----------------------------------------------------------

REFS = {s: f"'Прил. 11'!C{row}" for row, s in enumerate("mpfandx", start=5)}


@pytest.mark.parametrize("cid", ["R1", "R2", "R3", "R4"])
@pytest.mark.parametrize("body_type", BODY_TYPES)
def test_excel_formula_mentions_every_ref(cid, body_type):
    crit = next(c for c in CATALOG.direction("complaints").criteria if c.id == cid)
    formula = crit.rule.excel(crit.max_for(body_type), REFS)
    assert formula.startswith("=")
    for symbol in crit.rule.symbols():
        assert REFS[symbol] in formula, (cid, symbol, formula)
    unquoted = re.sub(r"'[^']*'", "", formula)
    assert unquoted.count("(") == unquoted.count(")")


# --- broken catalogs ---------------------------------------------------------------------------


def broken(mutate: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    doc = copy.deepcopy(RAW)
    mutate(doc)
    return doc


def complaints(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["directions"]["complaints"]


def rule(doc: dict[str, Any], index: int) -> dict[str, Any]:
    return complaints(doc)["criteria"][index]["rule"]


def test_the_unbroken_copy_parses():
    assert parse_catalog(copy.deepcopy(RAW)) == CATALOG


BROKEN_CASES = [
    pytest.param(lambda d: rule(d, 0).update(kind="rate_bonus"),
                 "directions.complaints.criteria[0].rule.kind", id="unknown-rule-kind"),
    pytest.param(lambda d: rule(d, 2).update(numerator="z"),
                 "directions.complaints.criteria[2].rule", id="unknown-symbol-rate"),
    pytest.param(lambda d: rule(d, 3)["denominator"]["subtract"].append("q"),
                 "directions.complaints.criteria[3].rule", id="unknown-symbol-bands"),
    pytest.param(lambda d: rule(d, 3)["bands"][2].update(min=85),
                 "directions.complaints.criteria[3].rule.bands[2]", id="bands-increase"),
    pytest.param(lambda d: rule(d, 3)["bands"][2].update(min=80),
                 "directions.complaints.criteria[3].rule.bands[2]", id="bands-equal"),
    pytest.param(lambda d: rule(d, 3)["bands"][5].update(min=10),
                 "directions.complaints.criteria[3].rule.bands[5]", id="last-band-not-0"),
    pytest.param(lambda d: rule(d, 3)["bands"].pop(),
                 "directions.complaints.criteria[3].rule.bands[4]", id="last-band-removed"),
    pytest.param(lambda d: rule(d, 3)["bands"][1].pop("points"),
                 "directions.complaints.criteria[3].rule.bands[1].points", id="band-without-points"),
    pytest.param(lambda d: complaints(d)["checks"][0].update(left=["q"]),
                 "directions.complaints.checks[0].left", id="check-unknown-symbol-left"),
    pytest.param(lambda d: complaints(d)["checks"][3].update(right=["f", "w"]),
                 "directions.complaints.checks[3].right", id="check-unknown-symbol-right"),
    pytest.param(lambda d: complaints(d)["checks"][4].update(severity="fatal"),
                 "directions.complaints.checks[4].severity", id="check-bad-severity"),
    pytest.param(lambda d: complaints(d)["criteria"][1].update(interpretations=["complaints-R9"]),
                 "directions.complaints.criteria[1].interpretations", id="unknown-interpretation"),
    pytest.param(lambda d: complaints(d)["criteria"][0].update(max=-40),
                 "directions.complaints.criteria[0].max", id="negative-max"),
    pytest.param(lambda d: d["directions"]["openness"]["criteria"][6].update(max={"cgo": -9, "mio": 0}),
                 "directions.openness.criteria[6].max", id="negative-max-by-type"),
    pytest.param(lambda d: complaints(d)["criteria"][0].update(max="сорок"),
                 "directions.complaints.criteria[0].max", id="max-not-a-number"),
    pytest.param(lambda d: rule(d, 0).pop("per"),
                 "directions.complaints.criteria[0].rule.per", id="missing-per"),
    pytest.param(lambda d: rule(d, 1).update(per=0),
                 "directions.complaints.criteria[1].rule.per", id="zero-per"),
    pytest.param(lambda d: rule(d, 1).update(zero_numerator="half"),
                 "directions.complaints.criteria[1].rule.zero_numerator", id="bad-zero-numerator"),
    pytest.param(lambda d: rule(d, 0).update(pre=1000),
                 "directions.complaints.criteria[0].rule", id="unknown-rule-parameter"),
    pytest.param(lambda d: complaints(d)["inputs"][1].update(symbol="m"),
                 "directions.complaints.inputs", id="duplicate-input-symbol"),
    pytest.param(lambda d: complaints(d)["inputs"][0].pop("label"),
                 "directions.complaints.inputs[0].label", id="input-without-label"),
    pytest.param(lambda d: d["grades"]["bands"][1].update(min=95),
                 "grades.bands", id="grades-not-decreasing"),
]


@pytest.mark.parametrize(("mutate", "path"), BROKEN_CASES)
def test_broken_catalog_fails_naming_the_entry(mutate, path):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(broken(mutate))
    message = str(caught.value)
    assert message.startswith(path), message
    assert message[len(path)] in ":.", message  # the path ends there, not a longer sibling's


def test_registry_names_every_kind_in_the_unknown_kind_message():
    with pytest.raises(CatalogError) as caught:
        parse_catalog(broken(lambda d: rule(d, 0).update(kind="rate_bonus")))
    assert all(kind in str(caught.value) for kind in RULE_KINDS)


# Entries that must fail loudly naming themselves (STYLE 4) rather than with a bare KeyError.
GAP_CASES = [
    pytest.param(lambda d: complaints(d)["criteria"][0].pop("id"),
                 "directions.complaints.criteria[0]", id="criterion-without-id"),
    pytest.param(lambda d: complaints(d)["criteria"][1].update(id="R1"),
                 "directions.complaints.criteria[1]", id="duplicate-criterion-id"),
    pytest.param(lambda d: d["interpretations"][0].pop("text"),
                 "interpretations[0]", id="interpretation-without-text"),
    pytest.param(lambda d: d["penalties"]["kinds"]["incomplete"].pop("points"),
                 "penalties.kinds.incomplete", id="penalty-kind-without-points"),
]


@pytest.mark.parametrize(("mutate", "path"), GAP_CASES)
def test_malformed_entries_also_fail_naming_themselves(mutate, path):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(broken(mutate))
    assert str(caught.value).startswith(path), str(caught.value)
