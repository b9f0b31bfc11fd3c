"""Openness direction, indicator by indicator and language by language, against hand-computed points.

Covers (METHODOLOGY §1, §3; Прил. 7, 9, 10; п.57–91):
- Прил. 10 табл. 1, п.60–63: P1.1–P1.6 — shares, «required = 0 → max», P1.2 «no requests → max if all
  three needs events are met» (п.62), P1.5 half-years, the P1.6 bonus (ignored at 18, never above 18,
  `no_sets` → max, Прил. 10 табл. 1 прим. **), п.62 deadline move: Saturday, Nauryz 2022, the
  substituted working Saturday 5 March 2022 and the 7–8 March 2022 days off.
- Прил. 10 табл. 2 (CGO 1.1–11) and табл. 3 (MIO 1–7), п.64–67: shares, «program without an
  announcement → not placed / late» (п.67), 15 working days across a holiday, `no_audit` → max,
  «не позднее 1 апреля» falling on Saturday 1 April 2023, the National Bank (табл. 2 прим. **),
  a secret / ДСП budget (п.67) with batch peers, a manual peer value and neither (rule 1.5).
- Прил. 10 табл. 4 (CGO 1–6) and табл. 5 (MIO 1–4), п.68–71: «no items → max», «no announcement →
  0», the information-support average, `nothing_planned` (п.71) with and without an unannounced draft.
- Прил. 10 табл. 6, п.72–76: P4.1 with dislikes at exactly 10 % and above (п.74), P4.2 flag, P4.3
  blog tiers at 10/11, 25/26, 50/51, P4.4 streaming, P4.5.1–4 meetings (CGO 0.5 / MIO 1 for 5.3, no
  5.4 for MIO), Ministries of Defence (табл. 6 прим. *, **) and Foreign Affairs (прим. **).
- Прил. 10 табл. 7 (P5), табл. 7-1 and п.80–85 (P6 = (A + B) × C + D, A with max(b, 12), B from the
  media requests, C the media survey, D bands at every lower bound and just below).
- Прил. 10 табл. 8–11, п.86–90 (P7 shares of organisations, ≤ 9, CGO only), п.91 (O = P1 + … + P6 −
  P7 floored at 0), п.17–21 (0.2 per unreliable fact, capped at 5).
- Properties (hypothesis): each half within [0, its maximum], O within [0, 100], P1.1 monotone in
  placed rows.

Every expected value is a literal with its arithmetic in a comment; nothing is computed by the code
under test. Language-neutral rows (P1.6, P2.10, P3.4, P4.5.x, P6.B, P6.D) score both halves alike by
the catalog's design; every other indicator has a case where kk and ru differ.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness_inputs import (
    CATALOG, OPENNESS, all_needs, build, cgo_documents, comment, conference, criteria, direction, doc, draft, halves,
    media_request, need, org, program, pub, request, support,
)
from toolkit.engine.inputs import PenaltyFact
from toolkit.engine.peers import peer_averages
from toolkit.engine.scoring import score


def check(body_type: str, changes: dict[str, Any], expected: dict[str, F | str | int], **kwargs: Any) -> None:
    """Score the perfect report with `changes` and compare the named halves exactly."""
    result = direction(build(body_type, **changes, **kwargs))
    got = halves(result)
    wrong = {hid: (float(got[hid].exact), float(F(value))) for hid, value in expected.items() if got[hid].exact != F(value)}
    assert not wrong, f"(got, expected): {wrong}"
    for hid, value in expected.items():
        assert got[hid].points == pytest.approx(float(F(value)), abs=1e-12)


def unplaced(**over: Any) -> dict[str, Any]:
    return {"placed_kk": None, "correct_kk": None, "placed_ru": None, "correct_ru": None, **over}


# --- the baselines ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_perfect_report_scores_100_minus_0(body_type):
    result = direction(build(body_type))
    assert criteria(result) == {"P1": 18, "P2": 18, "P3": 18, "P4": 18, "P5": 18, "P6": 10, "P7": 0}
    assert (result.raw, result.penalty, result.score) == (100, 0, 100)
    assert not result.provisional and result.notes == ()
    assert all(h.applicable for h in halves(result).values())
    for hid, half in halves(result).items():  # every earning half at its maximum, every penalty at 0
        assert half.exact == (0 if hid.startswith("P7.") else F(str(half.max))), hid


def test_the_halves_of_each_body_type():
    cgo, mio = halves(direction(build("cgo"))), halves(direction(build("mio")))
    assert {"P2.1.1:kk", "P2.11:ru", "P3.6:kk", "P4.5.4:ru", "P7.6:ru", "P6.C"} <= set(cgo)
    assert not {"P2.1.1:kk", "P2.8:kk", "P3.5:kk", "P3.6:kk", "P4.5.4:kk", "P7.1:kk"} & set(mio)
    assert cgo["P4.5.3:kk"].max == 0.5 and mio["P4.5.3:kk"].max == 1  # Прил. 10 табл. 6 стр. 5.3
    assert mio["P2.1:kk"].max == 2 and cgo["P2.10:ru"].max == 1.5 and mio["P3.3:ru"].max == 4


def test_to_dict_carries_every_half():
    d = direction(build("cgo", posts_kk=11)).to_dict()
    assert d["indicators"]["P4.3:kk"] == 0.5 and d["indicators"]["P4.3:ru"] == 1.5
    assert d["criteria"]["P4"] == 17.0  # 18 − 1.5 + 0.5


# --- P1 open data (Прил. 10 табл. 1) ----------------------------------------------------------------

FOUR_PUBS_KK3_RU1 = [pub(dataset="A"), pub(dataset="B", placed_ru=None, correct_ru=None),
                     pub(dataset="C", placed_ru=None, correct_ru=None), pub(dataset="D", **unplaced())]

P1_CASES = [
    # P1.1, max 2.5: placed / required; required = 0 → max
    pytest.param({"open_data_publications": FOUR_PUBS_KK3_RU1},
                 {"P1.1:kk": F("1.875"), "P1.1:ru": F("0.625")}, id="P1.1-kk3of4-ru1of4"),  # 2.5×3/4; 2.5×1/4
    pytest.param({"open_data_publications": []}, {"P1.1:kk": F("2.5"), "P1.1:ru": F("2.5")}, id="P1.1-none-required-max"),
    pytest.param({"open_data_publications": [pub(placed_kk=None, correct_kk=None)]},
                 {"P1.1:kk": 0, "P1.1:ru": F("2.5")}, id="P1.1-none-placed-kk"),  # 0/1; 1/1
    # P1.2, max 1: published on request / requests; none → max iff all three needs requirements met
    pytest.param({"open_data_requests": [request(content="1"), request(content="2", published_ru=False),
                                         request(content="3", published_ru=False),
                                         request(content="4", published_kk=False, published_ru=False)]},
                 {"P1.2:kk": F("0.75"), "P1.2:ru": F("0.25")}, id="P1.2-kk3of4-ru1of4"),  # 1×3/4; 1×1/4
    pytest.param({"open_data_requests": []}, {"P1.2:kk": 1, "P1.2:ru": 1}, id="P1.2-no-requests-needs-met-max"),
    pytest.param({"open_data_requests": [], "open_data_events": all_needs()[:4] + [need(3, date(2022, 11, 1), link_ru=None)]},
                 {"P1.2:kk": 1, "P1.2:ru": 0}, id="P1.2-no-requests-needs-met-kk-only"),  # ru: 2 of 3 met → 0
    pytest.param({"open_data_requests": [], "open_data_events": []},
                 {"P1.2:kk": 0, "P1.2:ru": 0}, id="P1.2-no-requests-no-events-zero"),
    # P1.3, max 3: placed by the (moved) deadline / required; required = 0 → max
    pytest.param({"open_data_publications": [pub(dataset="A"), pub(dataset="B"),
                                             pub(dataset="C", placed_ru=date(2022, 2, 11)),   # Fri after Thu deadline
                                             pub(dataset="D", placed_ru=date(2022, 2, 14))]},
                 {"P1.3:kk": 3, "P1.3:ru": F("1.5")}, id="P1.3-ru-2of4-late"),  # 3×4/4; 3×2/4
    pytest.param({"open_data_publications": [pub(deadline=date(2022, 4, 16),  # Saturday → Monday 18 April
                                                 placed_kk=date(2022, 4, 18), placed_ru=date(2022, 4, 19))]},
                 {"P1.3:kk": 3, "P1.3:ru": 0}, id="P1.3-saturday-monday-on-time-tuesday-late"),
    pytest.param({"open_data_publications": [pub(deadline=date(2022, 3, 21),  # Nauryz 21–23 March → Thu 24 March
                                                 placed_kk=date(2022, 3, 24), placed_ru=date(2022, 3, 25))]},
                 {"P1.3:kk": 3, "P1.3:ru": 0}, id="P1.3-nauryz-24-march-on-time"),
    pytest.param({"open_data_publications": [pub(deadline=date(2022, 3, 5),  # working Saturday: not moved
                                                 placed_kk=date(2022, 3, 5), placed_ru=date(2022, 3, 7))]},
                 {"P1.3:kk": 3, "P1.3:ru": 0}, id="P1.3-substituted-working-saturday-not-moved"),
    pytest.param({"open_data_publications": [pub(deadline=date(2022, 3, 6),  # Sun; 7 Mar day off, 8 Mar holiday → Wed 9
                                                 placed_kk=date(2022, 3, 9), placed_ru=date(2022, 3, 10))]},
                 {"P1.3:kk": 3, "P1.3:ru": 0}, id="P1.3-sunday-before-7-8-march-moves-to-9"),
    pytest.param({"open_data_publications": [pub(deadline=date(2022, 3, 7),  # the day off moved from 5 March → Wed 9
                                                 placed_kk=date(2022, 3, 9), placed_ru=date(2022, 3, 10))]},
                 {"P1.3:kk": 3, "P1.3:ru": 0}, id="P1.3-substituted-day-off-7-march-moves-to-9"),
    pytest.param({"open_data_publications": [pub(deadline=date(2022, 12, 31),  # Sat; 1–2 Jan 2023 New Year, 3 Jan
                                                 placed_kk=date(2023, 1, 4), placed_ru=date(2023, 1, 5))]},  # day off → Wed 4
                 {"P1.3:kk": 3, "P1.3:ru": 0}, id="P1.3-31-december-moves-into-next-year"),
    pytest.param({"open_data_publications": [pub(dataset="A"), pub(dataset="B", placed_kk=None, correct_kk=None)]},
                 {"P1.3:kk": F("1.5"), "P1.3:ru": 3}, id="P1.3-unplaced-counts-late"),  # 3×1/2
    pytest.param({"open_data_publications": []}, {"P1.3:kk": 3, "P1.3:ru": 3}, id="P1.3-none-required-max"),
    # P1.4, max 2: correct / placed; placed = 0 → 0 unless required = 0 → max
    pytest.param({"open_data_publications": [pub(dataset="A"), pub(dataset="B", correct_kk=False, correct_ru=False),
                                             pub(dataset="C", placed_ru=None, correct_ru=None),
                                             pub(dataset="D", placed_ru=None, correct_ru=None)]},
                 {"P1.4:kk": F("1.5"), "P1.4:ru": 1}, id="P1.4-kk3of4-ru1of2"),  # 2×3/4; 2×1/2
    pytest.param({"open_data_publications": [pub(placed_ru=None, correct_ru=None)]},
                 {"P1.4:kk": 2, "P1.4:ru": 0}, id="P1.4-ru-none-placed-zero"),
    pytest.param({"open_data_publications": [pub(dataset="A"), pub(dataset="B", placed_ru=None, correct_ru=True)]},
                 {"P1.4:kk": 2, "P1.4:ru": 2}, id="P1.4-correct-flag-of-unplaced-row-ignored"),  # ru 1/1
    pytest.param({"open_data_publications": []}, {"P1.4:kk": 2, "P1.4:ru": 2}, id="P1.4-none-required-max"),
    # P1.5, max 0.5: requirements met / 3
    pytest.param({"open_data_events": [need(1, date(2022, 3, 10)), need(1, date(2022, 9, 10), link_ru=None),
                                       need(2, date(2022, 4, 12)), need(2, date(2022, 10, 12)), need(3, date(2022, 11, 1))]},
                 {"P1.5:kk": F("0.5"), "P1.5:ru": F(1, 3)}, id="P1.5-ru-kind1-missing-second-half"),  # 0.5×2/3
    pytest.param({"open_data_events": [need(1, date(2022, 6, 30)), need(1, date(2022, 7, 1), link_ru=None),
                                       need(1, date(2022, 6, 29), link_kk=None),
                                       need(2, date(2022, 1, 3)), need(2, date(2022, 12, 30)), need(3, date(2022, 11, 1))]},
                 {"P1.5:kk": F("0.5"), "P1.5:ru": F(1, 3)}, id="P1.5-half-year-boundary-30-june-1-july"),
    pytest.param({"open_data_events": [need(3, date(2022, 5, 5), link_ru=None)]},
                 {"P1.5:kk": F(1, 6), "P1.5:ru": 0}, id="P1.5-only-blog-post-kk"),  # 0.5×1/3
    pytest.param({"open_data_events": []}, {"P1.5:kk": 0, "P1.5:ru": 0}, id="P1.5-no-events-zero"),
    # P1.6 bonus, max 1: via API / required (language-neutral column); no_sets → max; required = 0 → 0
    pytest.param({"open_data_publications": [pub(dataset="A"), pub(dataset="B", api=False), pub(dataset="C", api=False),
                                             pub(dataset="D", api=False)]},
                 {"P1.6:kk": F("0.25"), "P1.6:ru": F("0.25")}, id="P1.6-api-1of4"),  # 1×1/4
    pytest.param({"open_data_publications": [pub(api=False)], "no_sets": True},
                 {"P1.6:kk": 1, "P1.6:ru": 1}, id="P1.6-no-sets-max"),
    pytest.param({"open_data_publications": []}, {"P1.6:kk": 0, "P1.6:ru": 0}, id="P1.6-none-required-zero"),
]


@pytest.mark.parametrize(("changes", "expected"), P1_CASES)
@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_p1_open_data(body_type, changes, expected):
    check(body_type, changes, expected)


# Deficit without the bonus: row D unplaced in kk → P1.1:kk 2.5×3/4 = 1.875 (−0.625), P1.3:kk 3×3/4 = 2.25
# (−0.75), P1.4:kk 3/3 → 2 (0): 18 − 1.375 = 16.625.
BONUS_CASES = [
    pytest.param([pub(dataset=x) for x in "ABCD"], F(18), id="at-18-bonus-ignored"),  # 18 + 2 → 18
    pytest.param([pub(dataset=x) for x in "ABC"] + [pub(dataset="D", placed_kk=None, correct_kk=None)],
                 F(18), id="bonus-capped-at-18"),  # 16.625 + 1 + 1 = 18.625 → 18
    pytest.param([pub(dataset="A")] + [pub(dataset=x, api=False) for x in "BC"]
                 + [pub(dataset="D", placed_kk=None, correct_kk=None, api=False)],
                 F("17.125"), id="bonus-added-below-18"),  # 16.625 + 0.25 + 0.25
    pytest.param([pub(dataset=x, api=False) for x in "ABC"] + [pub(dataset="D", placed_kk=None, correct_kk=None, api=False)],
                 F("16.625"), id="no-bonus"),
]


@pytest.mark.parametrize(("rows", "p1"), BONUS_CASES)
def test_p1_bonus_is_ignored_at_18_and_never_lifts_p1_above_18(rows, p1):
    result = direction(build("cgo", open_data_publications=rows))
    assert criteria(result)["P1"] == p1


def test_p1_bonus_cap_note_in_words():
    # bonus-capped-at-18: 16.625 without the bonus, 2 of bonus, 1.375 of it counted → «1,38 балла из 2»
    result = direction(build("cgo", open_data_publications=BONUS_CASES[1].values[0]))
    p1 = next(c for c in result.criteria if c.id == "P1")
    assert p1.note == "стимулирующий показатель учтен в пределах максимума критерия: 1,38 балла из 2"


# --- P2 open budget, CGO (Прил. 10 табл. 2) -------------------------------------------------------


def docs_with(kind: str, **over: Any) -> list[dict[str, Any]]:
    """The perfect CGO documents with the row of `kind` changed (or dropped when over is {'drop': True})."""
    out = [d for d in cgo_documents() if d["kind"] != kind]
    return out if over.get("drop") else out + [doc(kind, **over)]


FOUR_PROGRAMS = [program("001"), program("002", report_ru=None, report_correct_ru=None),
                 program("003", report_ru=None, report_correct_ru=None), program("004", announced_kk=False)]
AUDIT_MARCH_4 = {"formed": date(2022, 3, 4)}  # Fri; the 15th working day is Thu 31 March 2022:
# Sat 5 (working) 1, [Mon 7 day off, Tue 8 holiday], 9–11 → 4, 14–18 → 9, [21–23 Nauryz], 24, 25 → 11, 28–31 → 15
AUDIT_MARCH_15 = {"formed": date(2022, 3, 15)}  # Tue; 16–18 → 3, [21–23 Nauryz], 24, 25 → 5, 28 Mar–1 Apr → 10,
# 4–8 Apr → 15: the term ends Fri 8 April 2022

P2_CGO_CASES = [
    *[pytest.param({"budget_documents": docs_with(kind, placed_ru=None, correct_ru=None)},
                   {f"P2.1.{n}:kk": F("0.3"), f"P2.1.{n}:ru": 0}, id=f"P2.1.{n}-{kind}-kk-only")
      for n, kind in enumerate(("balance", "results", "cash", "equity", "notes"), start=1)],
    *[pytest.param({"budget_documents": docs_with(kind, drop=True)},
                   {f"P2.1.{n}:kk": 0, f"P2.1.{n}:ru": 0}, id=f"P2.1.{n}-{kind}-missing")
      for n, kind in enumerate(("balance", "results", "cash", "equity", "notes"), start=1)],
    pytest.param({"budget_documents": cgo_documents() + [doc("balance", title="второй")]},
                 {"P2.1.1:kk": F("0.3"), "P2.1.1:ru": F("0.3")}, id="P2.1.1-two-rows-clamped"),  # min(1, 2/1)
    # P2.2 strategic plan report, 0.5: placed (its 15 working days are P2.7's business)
    pytest.param({"budget_documents": docs_with("strategic", placed_kk=None, correct_kk=None)},
                 {"P2.2:kk": 0, "P2.2:ru": F("0.5")}, id="P2.2-ru-only"),
    pytest.param({"budget_documents": docs_with("strategic", placed_kk=date(2022, 12, 1))},
                 {"P2.2:kk": F("0.5"), "P2.2:ru": F("0.5"), "P2.7:kk": F(4, 9), "P2.7:ru": F("0.5")},
                 id="P2.2-late-still-placed-but-P2.7-late"),  # P2.7:kk 0.5×8/9
    # P2.3 budget-program reports, 0.5: placed with an announcement / programs; none → max
    pytest.param({"budget_programs": FOUR_PROGRAMS},
                 {"P2.3:kk": F("0.375"), "P2.3:ru": F("0.25")}, id="P2.3-kk3of4-unannounced-ru2of4"),  # 0.5×3/4; 0.5×2/4
    pytest.param({"budget_programs": []}, {"P2.3:kk": F("0.5"), "P2.3:ru": F("0.5")}, id="P2.3-no-programs-max"),
    # P2.4 audit results, 0.5: within 15 working days / audits; no_audit → max; none and not no_audit → 0
    pytest.param({"budget_documents": docs_with("audit", **AUDIT_MARCH_4, placed_kk=date(2022, 3, 31),
                                                placed_ru=date(2022, 4, 1))},
                 {"P2.4:kk": F("0.5"), "P2.4:ru": 0}, id="P2.4-15-working-days-across-8-march-and-nauryz"),
    pytest.param({"budget_documents": docs_with("audit", **AUDIT_MARCH_15, placed_kk=date(2022, 4, 8),
                                                placed_ru=date(2022, 4, 11))},
                 {"P2.4:kk": F("0.5"), "P2.4:ru": 0}, id="P2.4-15-working-days-across-nauryz"),
    pytest.param({"budget_documents": docs_with("audit", formed=date(2022, 3, 21),  # received on Nauryz: the count starts
                                                placed_kk=date(2022, 4, 13), placed_ru=date(2022, 4, 14))},  # Thu 24 → 13 Apr
                 {"P2.4:kk": F("0.5"), "P2.4:ru": 0}, id="P2.4-received-on-a-holiday"),
    # 24, 25 → 2; 28 Mar–1 Apr → 7; 4–8 Apr → 12; 11, 12, 13 Apr → 15
    pytest.param({"budget_documents": cgo_documents() + [doc("audit", title="второй", placed_ru=date(2022, 7, 1))]},
                 {"P2.4:kk": F("0.5"), "P2.4:ru": F("0.25")}, id="P2.4-ru-1of2-late"),  # 15th wd after 1 Jun is 22 Jun
    pytest.param({"budget_documents": docs_with("audit", placed_kk=date(2022, 7, 1), placed_ru=None, correct_ru=None),
                  "no_audit": True},
                 {"P2.4:kk": F("0.5"), "P2.4:ru": F("0.5")}, id="P2.4-no-audit-flag-max"),
    pytest.param({"budget_documents": docs_with("audit", drop=True), "no_audit": True},
                 {"P2.4:kk": F("0.5"), "P2.4:ru": F("0.5")}, id="P2.4-no-audit-no-rows-max"),
    pytest.param({"budget_documents": docs_with("audit", drop=True)},
                 {"P2.4:kk": 0, "P2.4:ru": 0}, id="P2.4-no-rows-without-flag-zero"),
    # P2.5 citizens' budget, 0.5
    pytest.param({"budget_documents": docs_with("citizens", placed_ru=None, correct_ru=None)},
                 {"P2.5:kk": F("0.5"), "P2.5:ru": 0}, id="P2.5-kk-only"),
    pytest.param({"budget_documents": docs_with("citizens", drop=True)}, {"P2.5:kk": 0, "P2.5:ru": 0}, id="P2.5-missing"),
    # P2.6 correctness of 1–5, 0.5: (correct docs + correct reports) / (placed docs + placed reports)
    pytest.param({"budget_programs": [program(report_correct_kk=False)],
                  "budget_documents": [doc(k, correct_ru=k not in ("balance", "cash", "citizens"))
                                       for k in ("balance", "results", "cash", "equity", "notes", "strategic", "audit",
                                                 "citizens")]},
                 {"P2.6:kk": F(4, 9), "P2.6:ru": F(1, 3)}, id="P2.6-kk8of9-ru6of9"),  # 0.5×8/9; 0.5×6/9
    pytest.param({"budget_documents": docs_with("balance", placed_ru=None, correct_ru=None)},
                 {"P2.6:kk": F("0.5"), "P2.6:ru": F("0.5")}, id="P2.6-unplaced-not-in-denominator"),  # ru 8/8
    pytest.param({"budget_documents": [], "budget_programs": []}, {"P2.6:kk": 0, "P2.6:ru": 0}, id="P2.6-nothing-placed-zero"),
    # P2.7 timeliness of 1–5, 0.5: on time / (documents + programs) = x / 9
    pytest.param({"budget_programs": [program(council=date(2022, 2, 28), report_ru=date(2022, 2, 25))]},
                 {"P2.7:kk": F(4, 9), "P2.7:ru": F("0.5")}, id="P2.7-kk-report-after-council"),  # 0.5×8/9; 9/9
    pytest.param({"budget_documents": [d for d in cgo_documents() if d["kind"] not in ("citizens", "audit")]
                  + [doc("citizens", placed_ru=date(2022, 4, 21)), doc("audit", placed_ru=date(2022, 6, 23))]},
                 {"P2.7:kk": F("0.5"), "P2.7:ru": F(7, 18)}, id="P2.7-ru-citizens-and-audit-late"),  # 0.5×7/9
    pytest.param({"budget_documents": docs_with("cash", placed_kk=None, correct_kk=None)},
                 {"P2.7:kk": F(4, 9), "P2.7:ru": F("0.5")}, id="P2.7-unplaced-counts-late"),
    pytest.param({"budget_documents": [], "budget_programs": []}, {"P2.7:kk": 0, "P2.7:ru": 0}, id="P2.7-nothing-required-zero"),
    # P2.8 correctness of drafts, 0.5: correct / placed drafts; placed = 0 → max only if no programs
    pytest.param({"budget_programs": [program("001"), program("002", draft_correct_kk=False)]},
                 {"P2.8:kk": F("0.25"), "P2.8:ru": F("0.5")}, id="P2.8-kk1of2"),
    pytest.param({"budget_programs": [program(draft_ru=None, draft_correct_ru=None)]},
                 {"P2.8:kk": F("0.5"), "P2.8:ru": 0}, id="P2.8-ru-none-placed-zero"),
    pytest.param({"budget_programs": []}, {"P2.8:kk": F("0.5"), "P2.8:ru": F("0.5")}, id="P2.8-no-programs-max"),
    # P2.9 timeliness of drafts, 0.5: on time with an announcement / programs; none → max
    pytest.param({"budget_programs": [program("001"), program("002", draft_kk=date(2022, 5, 16))]},
                 {"P2.9:kk": F("0.25"), "P2.9:ru": F("0.5")}, id="P2.9-kk-1of2-late"),
    pytest.param({"budget_programs": [program("001"), program("002", announced_ru=False)]},
                 {"P2.9:kk": F("0.5"), "P2.9:ru": F("0.25")}, id="P2.9-unannounced-counts-late"),
    pytest.param({"budget_programs": [program(draft_deadline=date(2022, 5, 14),  # Sat → Mon 16 May
                                              draft_kk=date(2022, 5, 16), draft_ru=date(2022, 5, 17))]},
                 {"P2.9:kk": F("0.5"), "P2.9:ru": 0}, id="P2.9-saturday-deadline"),
    pytest.param({"budget_programs": []}, {"P2.9:kk": F("0.5"), "P2.9:ru": F("0.5")}, id="P2.9-no-programs-max"),
    # P2.10 comments, 1.5 (language-neutral): answered / received; none → max
    pytest.param({"budget_comments": [comment(True), comment(True), comment(True), comment(False)]},
                 {"P2.10:kk": F("1.125"), "P2.10:ru": F("1.125")}, id="P2.10-3of4"),  # 1.5×3/4
    pytest.param({"budget_comments": []}, {"P2.10:kk": F("1.5"), "P2.10:ru": F("1.5")}, id="P2.10-none-max"),
    # P2.11 announcements, 2: announced / programs; none → max
    pytest.param({"budget_programs": [program("001"), program("002", announced_ru=False), program("003", announced_ru=False),
                                      program("004", announced_kk=False, announced_ru=False)]},
                 {"P2.11:kk": F("1.5"), "P2.11:ru": F("0.5")}, id="P2.11-kk3of4-ru1of4"),  # 2×3/4; 2×1/4
    pytest.param({"budget_programs": []}, {"P2.11:kk": 2, "P2.11:ru": 2}, id="P2.11-no-programs-max"),
]


@pytest.mark.parametrize(("changes", "expected"), P2_CGO_CASES)
def test_p2_open_budget_cgo(changes, expected):
    check("cgo", changes, expected)


# --- P2 open budget, MIO (Прил. 10 табл. 3) -------------------------------------------------------

MIO_REPORTS = [
    program("001"),
    program("002", council=date(2022, 2, 28), report_kk=date(2022, 3, 1), report_ru=date(2022, 2, 25)),  # kk after council
    program("003", report_kk=date(2022, 4, 1), report_ru=date(2022, 4, 4)),  # period 2022: by Fri 1 April 2022; ru late
    program("004", announced_kk=False),
]

P2_MIO_CASES = [
    # P2.1, 2: reports in time (before the council, not later than 1 April) with an announcement / programs
    pytest.param({"budget_programs": MIO_REPORTS}, {"P2.1:kk": 1, "P2.1:ru": F("1.5")}, id="P2.1-kk2of4-ru3of4"),  # 2×2/4; 2×3/4
    pytest.param({"budget_programs": [program(report_ru=None, report_correct_ru=None)]},
                 {"P2.1:kk": 2, "P2.1:ru": 0}, id="P2.1-ru-not-placed"),
    pytest.param({"period": 2023, "budget_programs": [program(report_kk=date(2023, 4, 3), report_ru=date(2023, 4, 4))]},
                 {"P2.1:kk": 2, "P2.1:ru": 0}, id="P2.1-period-2023-1-april-saturday-moves-to-monday"),
    pytest.param({"budget_programs": []}, {"P2.1:kk": 2, "P2.1:ru": 2}, id="P2.1-no-programs-max"),
    # P2.2 audit, 2
    pytest.param({"budget_documents": [doc("audit", **AUDIT_MARCH_4, placed_kk=date(2022, 3, 31), placed_ru=date(2022, 4, 1)),
                                       doc("citizens")]},
                 {"P2.2:kk": 2, "P2.2:ru": 0}, id="P2.2-15-working-days"),
    pytest.param({"budget_documents": [doc("audit"), doc("audit", title="2", placed_kk=date(2022, 6, 23)), doc("citizens")]},
                 {"P2.2:kk": 1, "P2.2:ru": 2}, id="P2.2-kk-1of2-late"),  # 2×1/2
    pytest.param({"budget_documents": [doc("audit", placed_ru=date(2022, 7, 1)), doc("citizens")], "no_audit": True},
                 {"P2.2:kk": 2, "P2.2:ru": 2}, id="P2.2-no-audit-max"),
    pytest.param({"budget_documents": [doc("citizens")]}, {"P2.2:kk": 0, "P2.2:ru": 0}, id="P2.2-no-rows-without-flag-zero"),
    # P2.3 citizens' budget, 0.5
    pytest.param({"budget_documents": [doc("audit"), doc("citizens", placed_kk=None, correct_kk=None)]},
                 {"P2.3:kk": 0, "P2.3:ru": F("0.5")}, id="P2.3-ru-only"),
    pytest.param({"budget_documents": [doc("audit")]}, {"P2.3:kk": 0, "P2.3:ru": 0}, id="P2.3-missing"),
    # P2.4 correctness of drafts, 0.5
    pytest.param({"budget_programs": [program("001"), program("002", draft_correct_ru=False)]},
                 {"P2.4:kk": F("0.5"), "P2.4:ru": F("0.25")}, id="P2.4-ru1of2"),
    pytest.param({"budget_programs": [program(draft_kk=None, draft_correct_kk=None)]},
                 {"P2.4:kk": 0, "P2.4:ru": F("0.5")}, id="P2.4-kk-none-placed-zero"),
    pytest.param({"budget_programs": []}, {"P2.4:kk": F("0.5"), "P2.4:ru": F("0.5")}, id="P2.4-no-programs-max"),
    # P2.5 timeliness of drafts, 0.5
    pytest.param({"budget_programs": [program("001"), program("002", draft_ru=date(2022, 5, 16)),
                                      program("003", announced_kk=False), program("004")]},
                 {"P2.5:kk": F("0.375"), "P2.5:ru": F("0.375")}, id="P2.5-kk-unannounced-ru-late"),  # 0.5×3/4 each
    pytest.param({"budget_programs": [program(draft_deadline=date(2022, 5, 14), draft_kk=date(2022, 5, 17),
                                              draft_ru=date(2022, 5, 16))]},
                 {"P2.5:kk": 0, "P2.5:ru": F("0.5")}, id="P2.5-saturday-deadline"),
    pytest.param({"budget_programs": []}, {"P2.5:kk": F("0.5"), "P2.5:ru": F("0.5")}, id="P2.5-no-programs-max"),
    # P2.6 comments, 1.5 (language-neutral)
    pytest.param({"budget_comments": [comment(True), comment(False)]},
                 {"P2.6:kk": F("0.75"), "P2.6:ru": F("0.75")}, id="P2.6-1of2"),
    pytest.param({"budget_comments": []}, {"P2.6:kk": F("1.5"), "P2.6:ru": F("1.5")}, id="P2.6-none-max"),
    # P2.7 announcements, 2
    pytest.param({"budget_programs": [program("001", announced_kk=False), program("002")]},
                 {"P2.7:kk": 1, "P2.7:ru": 2}, id="P2.7-kk1of2"),
    pytest.param({"budget_programs": []}, {"P2.7:kk": 2, "P2.7:ru": 2}, id="P2.7-no-programs-max"),
]


@pytest.mark.parametrize(("changes", "expected"), P2_MIO_CASES)
def test_p2_open_budget_mio(changes, expected):
    check("mio", changes, expected)


# --- P3 open legal acts (Прил. 10 табл. 4, 5; п.68–71) -------------------------------------------

NOTHING_PLANNED_UNANNOUNCED_RU = {"nothing_planned": True, "npa_events": [], "npa_comments": [],
                                  "npa_drafts": [draft("concept", announced_ru=False, form_kk=False, form_ru=False)]}
NOTHING_PLANNED_UNANNOUNCED_KK_MIO = {"nothing_planned": True, "npa_comments": [],
                                      "npa_drafts": [draft(announced_kk=False, form_kk=False)]}

P3_CGO_CASES = [
    # P3.1 concepts, 1: placed with an announcement / concepts; none → max
    pytest.param({"npa_drafts": [draft("concept", title="1"), draft("concept", title="2", announced_ru=False), draft("law")]},
                 {"P3.1:kk": 1, "P3.1:ru": F("0.5")}, id="P3.1-ru-unannounced-counts-0"),
    pytest.param({"npa_drafts": [draft("concept", title="1", placed_kk=None, form_kk=None), draft("concept", title="2")]},
                 {"P3.1:kk": F("0.5"), "P3.1:ru": 1}, id="P3.1-kk-unplaced"),
    pytest.param({"npa_drafts": [draft("law")]}, {"P3.1:kk": 1, "P3.1:ru": 1}, id="P3.1-no-concepts-max"),
    # P3.2 acts, 1: placed with the note, the comparative table when amending, and an announcement / acts
    pytest.param({"npa_drafts": [draft("act", title="1"), draft("law", title="2", amends=True, comparative=True),
                                 draft("act", title="3", amends=True, comparative=False),
                                 draft("act", title="4", placed_ru=None, form_ru=None), draft("concept")]},
                 {"P3.2:kk": F("0.75"), "P3.2:ru": F("0.5")}, id="P3.2-kk3of4-ru2of4"),
    pytest.param({"npa_drafts": [draft("act", title="1", explanatory=False), draft("act", title="2", announced_kk=False)]},
                 {"P3.2:kk": 0, "P3.2:ru": F("0.5")}, id="P3.2-no-note-and-unannounced"),
    pytest.param({"npa_drafts": [draft("concept")]}, {"P3.2:kk": 1, "P3.2:ru": 1}, id="P3.2-no-acts-max"),
    # P3.3 forms, 1: correct forms / placed drafts; none placed → max
    pytest.param({"npa_drafts": [draft(title="1"), draft(title="2"), draft(title="3", form_kk=False, placed_ru=None, form_ru=None),
                                 draft(title="4", placed_ru=None, form_ru=None)]},
                 {"P3.3:kk": F("0.75"), "P3.3:ru": 1}, id="P3.3-kk3of4-ru2of2"),
    pytest.param({"npa_drafts": [draft(placed_kk=None, form_kk=None, form_ru=False)]},
                 {"P3.3:kk": 1, "P3.3:ru": 0}, id="P3.3-none-placed-kk-max"),
    # P3.4 comments, 3.5 (language-neutral)
    pytest.param({"npa_comments": [comment(True), comment(False), comment(False), comment(False)]},
                 {"P3.4:kk": F("0.875"), "P3.4:ru": F("0.875")}, id="P3.4-1of4"),  # 3.5×1/4
    pytest.param({"npa_comments": []}, {"P3.4:kk": F("3.5"), "P3.4:ru": F("3.5")}, id="P3.4-none-max"),
    # P3.5 announcements, 1.5: announced / drafts; none → max
    pytest.param({"npa_drafts": [draft("concept", title="1"), draft("law", title="2", announced_ru=False),
                                 draft("act", title="3", announced_kk=False, announced_ru=False)]},
                 {"P3.5:kk": 1, "P3.5:ru": F("0.5")}, id="P3.5-kk2of3-ru1of3"),  # 1.5×2/3; 1.5×1/3
    pytest.param({"npa_drafts": []}, {"P3.5:kk": F("1.5"), "P3.5:ru": F("1.5")}, id="P3.5-no-drafts-max"),
    # P3.6 information support, 1: mean category per language; no events → max iff no concept or law
    pytest.param({"npa_events": [support("1"), support("0.6", ru=False), support("0.4", kk=False)]},
                 {"P3.6:kk": F("0.8"), "P3.6:ru": F("0.7")}, id="P3.6-average"),  # (1+0.6)/2; (1+0.4)/2
    pytest.param({"npa_events": [support("0.8", ru=False)]},
                 {"P3.6:kk": F("0.8"), "P3.6:ru": 0}, id="P3.6-no-ru-events-with-laws-zero"),
    pytest.param({"npa_events": []}, {"P3.6:kk": 0, "P3.6:ru": 0}, id="P3.6-no-events-with-laws-zero"),
    pytest.param({"npa_events": [], "npa_drafts": [draft("act")]}, {"P3.6:kk": 1, "P3.6:ru": 1}, id="P3.6-no-events-no-laws-max"),
    pytest.param({"npa_events": [], "npa_drafts": [draft("concept")]}, {"P3.6:kk": 0, "P3.6:ru": 0}, id="P3.6-concept-counts-as-law"),
    # nothing_planned (п.71): every P3 indicator gets its maximum …
    pytest.param({"nothing_planned": True, "npa_drafts": [], "npa_events": [],
                  "npa_comments": [comment(False), comment(False)]},
                 {"P3.4:kk": F("3.5"), "P3.4:ru": F("3.5"), "P3.6:kk": 1, "P3.6:ru": 1}, id="nothing-planned-max"),
    pytest.param({"nothing_planned": False, "npa_drafts": [], "npa_events": [],
                  "npa_comments": [comment(False), comment(False)]},
                 {"P3.4:kk": 0, "P3.4:ru": 0}, id="nothing-planned-unset-comments-count"),
    # … but «no announcement → 0» still applies to a draft that exists (kk announced: all max; ru not)
    pytest.param(NOTHING_PLANNED_UNANNOUNCED_RU,
                 {"P3.1:kk": 1, "P3.2:kk": 1, "P3.3:kk": 1, "P3.4:kk": F("3.5"), "P3.5:kk": F("1.5"), "P3.6:kk": 1,
                  "P3.1:ru": 0, "P3.2:ru": 1, "P3.4:ru": F("3.5")},
                 id="nothing-planned-with-unannounced-draft-ru"),
    # ru: the unannounced concept counts 0 (0/1); no acts → max; no comments → max
]


@pytest.mark.parametrize(("changes", "expected"), P3_CGO_CASES)
def test_p3_open_legal_acts_cgo(changes, expected):
    check("cgo", changes, expected)


P3_MIO_CASES = [
    pytest.param({"npa_drafts": [draft(title="1"), draft(title="2", announced_ru=False)]},
                 {"P3.1:kk": 2, "P3.1:ru": 1}, id="P3.1-ru-unannounced"),  # 2×2/2; 2×1/2
    pytest.param({"npa_drafts": [draft(title="1", amends=True), draft(title="2", amends=True, comparative=True),
                                 draft(title="3"), draft(title="4", placed_kk=None, form_kk=None)]},
                 {"P3.1:kk": 1, "P3.1:ru": F("1.5")}, id="P3.1-no-comparative-table"),  # 2×2/4; 2×3/4
    pytest.param({"npa_drafts": []}, {"P3.1:kk": 2, "P3.1:ru": 2}, id="P3.1-none-max"),
    pytest.param({"npa_drafts": [draft(title="1"), draft(title="2", form_kk=False)]},
                 {"P3.2:kk": F("0.75"), "P3.2:ru": F("1.5")}, id="P3.2-kk1of2"),  # 1.5×1/2
    pytest.param({"npa_drafts": [draft(placed_ru=None, form_ru=None)]}, {"P3.2:kk": F("1.5"), "P3.2:ru": F("1.5")},
                 id="P3.2-none-placed-ru-max"),
    pytest.param({"npa_comments": [comment(True), comment(False), comment(False), comment(False)]},
                 {"P3.3:kk": 1, "P3.3:ru": 1}, id="P3.3-1of4"),  # 4×1/4
    pytest.param({"npa_comments": []}, {"P3.3:kk": 4, "P3.3:ru": 4}, id="P3.3-none-max"),
    pytest.param({"npa_drafts": [draft(title="1"), draft(title="2", announced_ru=False)]},
                 {"P3.4:kk": F("1.5"), "P3.4:ru": F("0.75")}, id="P3.4-ru1of2"),
    pytest.param({"npa_drafts": []}, {"P3.4:kk": F("1.5"), "P3.4:ru": F("1.5")}, id="P3.4-none-max"),
    pytest.param({"nothing_planned": True, "npa_drafts": [], "npa_comments": [comment(False)]},
                 {"P3.3:kk": 4, "P3.3:ru": 4}, id="nothing-planned-max"),
    pytest.param(NOTHING_PLANNED_UNANNOUNCED_KK_MIO,
                 {"P3.1:kk": 0, "P3.3:kk": 4,  # the unannounced act counts 0 (0/1); no comments → max
                  "P3.1:ru": 2, "P3.2:ru": F("1.5"), "P3.3:ru": 4, "P3.4:ru": F("1.5")},
                 id="nothing-planned-with-unannounced-draft-kk"),
]


@pytest.mark.parametrize(("changes", "expected"), P3_MIO_CASES)
def test_p3_open_legal_acts_mio(changes, expected):
    check("mio", changes, expected)


# METHODOLOGY §3 P3 and п.71: with nothing planned every P3 indicator keeps its maximum; only «no
# announcement → 0» applies to drafts that exist, in indicators 1–2 of табл. 4 and 1 of табл. 5.
@pytest.mark.parametrize(("body_type", "changes", "expected"), [
    pytest.param("cgo", NOTHING_PLANNED_UNANNOUNCED_RU, {"P3.3:ru": 1, "P3.6:ru": 1}, id="cgo-forms-and-support"),  # got 0, 0
    pytest.param("mio", NOTHING_PLANNED_UNANNOUNCED_KK_MIO, {"P3.2:kk": F("1.5")}, id="mio-forms"),  # got 0
])
def test_nothing_planned_keeps_the_maximum_on_indicators_without_the_announcement_rule(body_type, changes, expected):
    check(body_type, changes, expected)


# --- P4 open dialogue (Прил. 10 табл. 6; п.72–76) ------------------------------------------------

P4_CASES = [
    # P4.1, 2.5: (answered − late) / received; none received → max; zeroed when dislikes > 10 % of rated
    pytest.param({"q_received_kk": 10, "q_answered_kk": 9, "q_late_kk": 1, "q_received_ru": 4, "q_answered_ru": 4,
                  "q_rated_ru": 4}, {"P4.1:kk": 2, "P4.1:ru": F("2.5")}, id="P4.1-kk8of10"),  # 2.5×(9−1)/10
    pytest.param({"q_received_kk": 0, "q_answered_kk": 0, "q_rated_kk": 0, "q_received_ru": 8, "q_answered_ru": 6},
                 {"P4.1:kk": F("2.5"), "P4.1:ru": F("1.875")}, id="P4.1-kk-none-received-max"),  # 2.5×6/8
    pytest.param({"q_rated_kk": 10, "q_disliked_kk": 1, "q_rated_ru": 10, "q_disliked_ru": 2},
                 {"P4.1:kk": F("2.5"), "P4.1:ru": 0}, id="P4.1-dislikes-10pct-kept-20pct-zeroed"),
    pytest.param({"q_received_kk": 1000, "q_answered_kk": 1000, "q_rated_kk": 1000, "q_disliked_kk": 100,
                  "q_received_ru": 1000, "q_answered_ru": 1000, "q_rated_ru": 1000, "q_disliked_ru": 101},
                 {"P4.1:kk": F("2.5"), "P4.1:ru": 0}, id="P4.1-dislikes-exactly-10pct-vs-10.1pct"),
    pytest.param({"q_received_kk": 10, "q_answered_kk": 5, "q_rated_kk": 0, "q_disliked_kk": 0},
                 {"P4.1:kk": F("1.25"), "P4.1:ru": F("2.5")}, id="P4.1-nothing-rated-not-zeroed"),
    # P4.2, 1.5: at least one conference or survey in that language
    pytest.param({"dialogue_conferences": [conference(kk=True, ru=False)]}, {"P4.2:kk": F("1.5"), "P4.2:ru": 0}, id="P4.2-kk-only"),
    pytest.param({"dialogue_conferences": [conference(kk=False, ru=True)]}, {"P4.2:kk": 0, "P4.2:ru": F("1.5")}, id="P4.2-ru-only"),
    pytest.param({"dialogue_conferences": []}, {"P4.2:kk": 0, "P4.2:ru": 0}, id="P4.2-none"),
    # P4.3 blog tiers: > 50 → 1.5; > 25 → 1; > 10 → 0.5; otherwise 0.3
    pytest.param({"posts_kk": 10, "posts_ru": 11}, {"P4.3:kk": F("0.3"), "P4.3:ru": F("0.5")}, id="P4.3-10-11"),
    pytest.param({"posts_kk": 25, "posts_ru": 26}, {"P4.3:kk": F("0.5"), "P4.3:ru": 1}, id="P4.3-25-26"),
    pytest.param({"posts_kk": 50, "posts_ru": 51}, {"P4.3:kk": 1, "P4.3:ru": F("1.5")}, id="P4.3-50-51"),
    pytest.param({"posts_kk": 0, "posts_ru": 1}, {"P4.3:kk": F("0.3"), "P4.3:ru": F("0.3")}, id="P4.3-0-1"),
    # P4.4, 1.5: streamed with an announcement / open meetings held; none held → 0
    pytest.param({"meetings_open": 4, "meetings_streamed_kk": 3, "meetings_streamed_ru": 1},
                 {"P4.4:kk": F("1.125"), "P4.4:ru": F("0.375")}, id="P4.4-kk3of4-ru1of4"),  # 1.5×3/4; 1.5×1/4
    pytest.param({"meetings_open": 0, "meetings_streamed_kk": 0, "meetings_streamed_ru": 0},
                 {"P4.4:kk": 0, "P4.4:ru": 0}, id="P4.4-none-held-zero"),
]


@pytest.mark.parametrize(("changes", "expected"), P4_CASES)
@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_p4_open_dialogue(body_type, changes, expected):
    check(body_type, changes, expected)


MEETINGS = {"pm_scheduled": 5, "pm_held": 4, "pm_plan": 3, "pm_reception": 1, "pm_ngo": 2}


@pytest.mark.parametrize(("body_type", "changes", "expected"), [
    pytest.param("cgo", MEETINGS, {"P4.5.1": F("0.4"),  # 0.5×4/5
                                   "P4.5.2": F("0.375"),  # 0.5×3/4
                                   "P4.5.3": F("0.125"),  # 0.5×1/4
                                   "P4.5.4": F("0.25")}, id="cgo"),  # 0.5×2/4
    pytest.param("mio", MEETINGS, {"P4.5.1": F("0.4"), "P4.5.2": F("0.375"),
                                   "P4.5.3": F("0.25")}, id="mio-reception-worth-1"),  # 1×1/4
    pytest.param("cgo", {"pm_scheduled": 0, "pm_held": 0, "pm_plan": 0, "pm_reception": 0, "pm_ngo": 0},
                 {"P4.5.1": 0, "P4.5.2": 0, "P4.5.3": 0, "P4.5.4": 0}, id="cgo-none-scheduled-zero"),
    pytest.param("mio", {"pm_scheduled": 4, "pm_held": 0, "pm_plan": 0, "pm_reception": 0},
                 {"P4.5.1": 0, "P4.5.2": 0, "P4.5.3": 0}, id="mio-none-held-zero"),
])
def test_p4_meetings_score_both_halves_alike(body_type, changes, expected):
    check(body_type, changes, {f"{i}:{lang}": v for i, v in expected.items() for lang in ("kk", "ru")})


def test_p4_ngo_row_does_not_exist_for_mio():
    assert not any(h.startswith("P4.5.4") for h in halves(direction(build("mio"))))


# --- P5 official internet resource (Прил. 10 табл. 7) --------------------------------------------

SITE = ("contacts", "budget", "inspections", "rulemaking", "statistics", "questions")


@pytest.mark.parametrize("body_type", ["cgo", "mio"])
@pytest.mark.parametrize(("n", "name"), list(enumerate(SITE, start=1)))
def test_p5_is_1_5_times_the_assessors_value(body_type, n, name):
    check(body_type, {f"site_{name}_kk": 0.5, f"site_{name}_ru": 0.2},
          {f"P5.{n}:kk": F("0.75"), f"P5.{n}:ru": F("0.3")})  # 1.5×0.5; 1.5×0.2
    check(body_type, {f"site_{name}_kk": 0, f"site_{name}_ru": 1}, {f"P5.{n}:kk": 0, f"P5.{n}:ru": F("1.5")})


def test_p5_missing_assessor_value_is_provisional_not_an_error():
    result = direction(build("cgo", site_questions_ru=None))
    assert result.provisional
    assert any(n.startswith("P5.6:ru") for n in result.notes)
    assert halves(result)["P5.6:ru"].exact == 0


# --- P6 media (Прил. 10 табл. 7-1; п.80–85) ------------------------------------------------------

P6_CASES = [
    # A, 2.5 per language: a_lang / max(b, 12)
    pytest.param({"events_total": 20, "events_public_kk": 10, "events_public_ru": 5},
                 {"P6.A:kk": F("1.25"), "P6.A:ru": F("0.625")}, id="A-20-events"),  # 2.5×10/20; 2.5×5/20
    pytest.param({"events_total": 8, "events_public_kk": 6, "events_public_ru": 8},
                 {"P6.A:kk": F("1.25"), "P6.A:ru": F(5, 3)}, id="A-fewer-than-12-events"),  # 2.5×6/12; 2.5×8/12
    pytest.param({"events_total": 12, "events_public_kk": 11, "events_public_ru": 12},
                 {"P6.A:kk": F(55, 24), "P6.A:ru": F("2.5")}, id="A-12-events"),  # 2.5×11/12
    pytest.param({"events_total": 0, "events_public_kk": 0, "events_public_ru": 0},
                 {"P6.A:kk": 0, "P6.A:ru": 0}, id="A-no-events-zero"),  # 0/max(0, 12)
    # B, 1 per language (language-neutral): (answered − late) / requests; none → max
    pytest.param({"media_requests": [media_request(number="1"), media_request(number="2"),
                                     media_request(number="3", answered=date(2022, 9, 9)),  # Fri after Thu deadline
                                     media_request(number="4", answered=None)]},
                 {"P6.B:kk": F("0.5"), "P6.B:ru": F("0.5")}, id="B-2of4"),  # (3 − 1)/4
    pytest.param({"media_requests": [media_request(number="1", deadline=date(2022, 9, 10), answered=date(2022, 9, 12)),
                                     media_request(number="2", deadline=date(2022, 9, 10), answered=date(2022, 9, 13))]},
                 {"P6.B:kk": F("0.5"), "P6.B:ru": F("0.5")}, id="B-saturday-deadline-monday-ok-tuesday-late"),
    pytest.param({"media_requests": []}, {"P6.B:kk": 1, "P6.B:ru": 1}, id="B-no-requests-max"),
    # C: survey / 100, one language-free value
    pytest.param({"survey_media": 80}, {"P6.C": F("0.8")}, id="C-80pct"),
    pytest.param({"survey_media": 0}, {"P6.C": 0}, id="C-0pct"),
]


@pytest.mark.parametrize(("changes", "expected"), P6_CASES)
@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_p6_indicators(body_type, changes, expected):
    check(body_type, changes, expected)


D_BANDS = [  # survey %, points per half (D = kk + ru = 2 × this)
    (100, F("1.5")), (80, F("1.5")), (F("79.99"), 1), (69, 1), (F("68.99"), F("0.8")), (58, F("0.8")),
    (F("57.99"), F("0.6")), (47, F("0.6")), (F("46.99"), F("0.4")), (36, F("0.4")), (F("35.99"), 0), (0, 0),
]


@pytest.mark.parametrize(("survey", "half"), D_BANDS, ids=[str(float(s)) for s, _ in D_BANDS])
def test_p6_d_bands_at_each_lower_bound_and_just_below(survey, half):
    value = float(survey)  # the workbook gives a float: 79.99 must stay below 80
    result = direction(build("cgo", survey_population=value))
    got = halves(result)
    assert (got["P6.D:kk"].exact, got["P6.D:ru"].exact) == (half, half)
    assert criteria(result)["P6"] == 7 + 2 * half  # (A 5 + B 2) × C 1 + D


P6_COMBINE = [
    # (A + B) × C + D, A and B and D summed over the halves
    pytest.param({"events_total": 20, "events_public_kk": 10, "events_public_ru": 5,
                  "media_requests": [media_request(number="1"), media_request(number="2"),
                                     media_request(number="3", answered=date(2022, 9, 9)),
                                     media_request(number="4", answered=None)],
                  "survey_media": 80, "survey_population": 69},
                 F("4.3"), id="mixed"),  # A 1.25 + 0.625 = 1.875; B 0.5 + 0.5 = 1; C 0.8; D 1 + 1 = 2 → 2.875×0.8 + 2
    pytest.param({"survey_media": 0}, F(3), id="C-zero-leaves-D"),  # (5 + 2)×0 + 1.5×2
    pytest.param({"survey_media": 50}, F("6.5"), id="C-half"),  # (5 + 2)×0.5 + 3
    pytest.param({"survey_media": 50, "survey_population": F("35.99")}, F("3.5"), id="C-half-D-zero"),  # 7×0.5 + 0
    pytest.param({}, F(10), id="perfect"),  # (5 + 2)×1 + 3
]


@pytest.mark.parametrize(("changes", "p6"), P6_COMBINE)
@pytest.mark.parametrize("body_type", ["cgo", "mio"])
def test_p6_combines_a_b_c_d(body_type, changes, p6):
    if "survey_population" in changes:
        changes = {**changes, "survey_population": float(changes["survey_population"])}
    result = direction(build(body_type, **changes))
    assert criteria(result)["P6"] == p6
    assert result.exact == 90 + p6  # P1–P5 at 18, P7 0


# --- P7 subordinate organisations, O (Прил. 10 табл. 8–11; п.86–91) -------------------------------

P7_ROWS = [  # indicator, the violation in kk only, points per organisation
    ("P7.1", {"no_info_kk": True}, F("1.5")),
    ("P7.2", {"no_sets_kk": True}, F("0.5")),
    ("P7.3", {"late_sets_kk": True}, F("0.5")),
    ("P7.4", {"wrong_sets_kk": True}, F("0.5")),
    ("P7.5", {"no_blog_kk": True}, F("0.5")),
    ("P7.6", {"answered_kk": 89.99}, F(1)),
]


@pytest.mark.parametrize(("iid", "violation", "top"), P7_ROWS, ids=[r[0] for r in P7_ROWS])
def test_p7_one_organisation_of_ten_costs_a_tenth(iid, violation, top):
    orgs = [org(name="0", **violation)] + [org(name=str(n)) for n in range(1, 10)]
    result = direction(build("cgo", subordinate_organisations=orgs))
    got = halves(result)
    assert (got[f"{iid}:kk"].exact, got[f"{iid}:ru"].exact) == (top / 10, 0)  # max × 1/10; ru none
    assert criteria(result)["P7"] == top / 10
    assert result.exact == 100 - top / 10  # e.g. P7.5: 100 − 0.05 = 99.95


def test_p7_blog_answers_at_exactly_90_percent_are_no_violation():
    orgs = [org(name="A", answered_kk=90, answered_ru=F("89.99")), org(name="B")]
    got = halves(direction(build("cgo", subordinate_organisations=orgs)))
    assert (got["P7.6:kk"].exact, got["P7.6:ru"].exact) == (0, F("0.5"))  # ru: 1 × 1/2


def test_p7_every_violation_everywhere_is_9():
    bad = {f"{f}_{lang}": True for f in ("no_info", "no_sets", "late_sets", "wrong_sets", "no_blog") for lang in ("kk", "ru")}
    orgs = [org(name="A", answered_kk=0, answered_ru=50, **bad), org(name="B", answered_kk=10, answered_ru=0, **bad)]
    result = direction(build("cgo", subordinate_organisations=orgs))
    assert criteria(result)["P7"] == 9  # (1.5 + 0.5×4 + 1) × 2 languages
    assert result.exact == 91


def test_p7_no_organisations_is_zero():
    result = direction(build("cgo", subordinate_organisations=[]))
    assert criteria(result)["P7"] == 0 and result.exact == 100


def test_p7_does_not_apply_to_mio():
    result = direction(build("mio"))
    p7 = next(c for c in result.criteria if c.id == "P7")
    assert p7.exact == 0 and p7.indicators == () and p7.max == 0


def test_o_is_the_sum_minus_p7():
    orgs = [org(name="A", no_info_kk=True, no_info_ru=True), org(name="B", no_info_kk=True, no_info_ru=True),
            org(name="C"), org(name="D")]
    result = direction(build("cgo", posts_kk=0, posts_ru=0, subordinate_organisations=orgs))
    assert criteria(result)["P4"] == F("15.6")  # 18 − 2 × (1.5 − 0.3)
    assert criteria(result)["P7"] == F("1.5")  # 1.5 × 2/4 × 2 languages
    assert result.exact == F("96.1")  # 18×3 + 15.6 + 18 + 10 − 1.5
    assert result.score == pytest.approx(96.1)


def worst_cgo(**over: Any):
    bad = {f"{f}_{lang}": True for f in ("no_info", "no_sets", "late_sets", "wrong_sets", "no_blog") for lang in ("kk", "ru")}
    changes = {
        "open_data_publications": [pub(**unplaced(), api=False)], "open_data_requests": [request(published_kk=False, published_ru=False)],
        "open_data_events": [], "budget_documents": [], "budget_comments": [comment(False)],
        "budget_programs": [program(report_kk=None, report_ru=None, report_correct_kk=None, report_correct_ru=None,
                                    draft_kk=None, draft_ru=None, draft_correct_kk=None, draft_correct_ru=None,
                                    announced_kk=False, announced_ru=False)],
        "npa_drafts": [draft("concept", announced_kk=False, announced_ru=False, form_kk=False, form_ru=False),
                       draft("law", announced_kk=False, announced_ru=False, form_kk=False, form_ru=False)],
        "npa_comments": [comment(False)], "npa_events": [], "dialogue_conferences": [],
        "q_received_kk": 1, "q_received_ru": 1, "q_answered_kk": 0, "q_answered_ru": 0, "q_rated_kk": 0, "q_rated_ru": 0,
        "posts_kk": 0, "posts_ru": 0, "meetings_open": 0, "meetings_streamed_kk": 0, "meetings_streamed_ru": 0,
        "pm_scheduled": 0, "pm_held": 0, "pm_plan": 0, "pm_reception": 0, "pm_ngo": 0,
        "events_total": 0, "events_public_kk": 0, "events_public_ru": 0, "media_requests": [media_request(answered=None)],
        **{f"site_{s}_{lang}": 0 for s in SITE for lang in ("kk", "ru")}, "survey_media": 0, "survey_population": 0,
        "subordinate_organisations": [org(answered_kk=0, answered_ru=0, **bad)],
    }
    return build("cgo", **{**changes, **over})


def test_o_is_floored_at_0():
    result = direction(worst_cgo())
    assert criteria(result) == {"P1": 0, "P2": 0, "P3": 0, "P4": F("0.6"), "P5": 0, "P6": 0, "P7": 9}  # P4.3: 0.3 × 2
    assert result.raw == 0 and result.score == 0  # max(0, 0.6 − 9)


@pytest.mark.parametrize(("unreliable", "incomplete", "deducted"), [
    pytest.param(1, 0, F("0.2"), id="1-unreliable"),
    pytest.param(3, 0, F("0.6"), id="3-unreliable"),  # 3 × 0.2
    pytest.param(25, 0, F(5), id="25-unreliable-reach-cap"),  # 25 × 0.2 = 5
    pytest.param(30, 0, F(5), id="30-unreliable-capped"),  # 6 → 5
    pytest.param(2, 2, F("4.4"), id="2-and-2"),  # 2 × 0.2 + 2 × 2
    pytest.param(1, 3, F(5), id="incomplete-capped"),  # 0.2 + 6 → 5
])
def test_reconciliation_act_penalties_are_0_2_each_capped_at_5(unreliable, incomplete, deducted):
    penalties = tuple(PenaltyFact(direction="openness", kind="unreliable", text=f"Факт {n}") for n in range(unreliable))
    penalties += tuple(PenaltyFact(direction="openness", kind="incomplete", text=f"Раздел {n}") for n in range(incomplete))
    result = direction(build("cgo", penalties=penalties))
    assert result.raw == 100
    assert result.penalty == pytest.approx(float(deducted))
    assert result.exact == 100 - deducted


def test_penalties_of_other_directions_are_not_deducted_and_the_total_is_floored():
    other = (PenaltyFact(direction="complaints", kind="incomplete", text="x"),)
    assert direction(build("cgo", penalties=other)).exact == 100
    own = tuple(PenaltyFact(direction="openness", kind="unreliable", text=str(n)) for n in range(5))
    result = direction(worst_cgo(subordinate_organisations=[], penalties=own))
    assert result.raw == pytest.approx(0.6) and result.penalty == pytest.approx(1.0)  # 5 × 0.2
    assert result.score == 0  # max(0, 0.6 − 1)


# --- not applicable: peer averages (rule 1.5) ----------------------------------------------------

NB_HALVES = ("P2.2", "P2.3", "P2.4", "P2.5", "P2.8", "P2.9", "P2.10", "P2.11")
DEFENCE_HALVES = ("P4.4", "P4.5.1", "P4.5.2", "P4.5.3", "P4.5.4")
MFA_HALVES = ("P4.5.1", "P4.5.2", "P4.5.3", "P4.5.4")
SECRET_CGO = ("P2.3", "P2.8", "P2.9", "P2.10", "P2.11")
SECRET_MIO = ("P2.1", "P2.4", "P2.5", "P2.6", "P2.7")


def not_applicable_ids(result) -> set[str]:
    return {hid.split(":")[0] for hid, h in halves(result).items() if not h.applicable}


@pytest.mark.parametrize(("body_type", "changes", "exceptions", "expected", "lost"), [
    # lost = the maxima of the not-applicable halves, which score 0 while provisional
    pytest.param("cgo", {}, ("national_bank",), NB_HALVES, {"P2": F(13)}, id="national-bank"),  # (0.5×6 + 1.5 + 2) × 2
    pytest.param("cgo", {}, ("defence",), DEFENCE_HALVES, {"P4": F(7)}, id="defence"),  # (1.5 + 0.5×4) × 2
    pytest.param("cgo", {}, ("foreign_affairs",), MFA_HALVES, {"P4": F(4)}, id="foreign-affairs"),  # 0.5×4 × 2
    pytest.param("cgo", {"budget_secret": True}, (), SECRET_CGO, {"P2": F(10)}, id="secret-cgo"),  # (0.5×3 + 1.5 + 2) × 2
    pytest.param("mio", {"budget_secret": True}, (), SECRET_MIO, {"P2": F(13)}, id="secret-mio"),  # (2 + 0.5×2 + 1.5 + 2) × 2
])
def test_not_applicable_without_peers_is_provisional_with_reason_and_0(body_type, changes, exceptions, expected, lost):
    result = direction(build(body_type, exceptions=exceptions, **changes))
    assert not_applicable_ids(result) == set(expected)
    assert result.provisional == bool(expected)
    for iid in expected:
        for lang in ("kk", "ru"):
            half = halves(result)[f"{iid}:{lang}"]
            assert half.exact == 0 and "предварительный" in half.note
            assert any(n.startswith(f"{iid}:{lang}: не применяется") for n in result.notes), (iid, lang)
    for cid, minus in lost.items():
        assert criteria(result)[cid] == 18 - minus


@pytest.mark.parametrize(("body_type", "changes", "exceptions", "ids", "p2_or_p4"), [
    pytest.param("cgo", {}, ("national_bank",), NB_HALVES, ("P2", F(5)), id="national-bank"),  # 18 − 13 = 5 applicable
    pytest.param("cgo", {}, ("defence",), DEFENCE_HALVES, ("P4", F(11)), id="defence"),  # 18 − 7
    pytest.param("cgo", {}, ("foreign_affairs",), MFA_HALVES, ("P4", F(14)), id="foreign-affairs"),  # 18 − 4
    pytest.param("cgo", {"budget_secret": True}, (), SECRET_CGO, ("P2", F(8)), id="secret-cgo"),  # 18 − 10
    pytest.param("mio", {"budget_secret": True}, (), SECRET_MIO, ("P2", F(5)), id="secret-mio"),  # 18 − 13
])
def test_not_applicable_takes_batch_peers_then_manual_values(body_type, changes, exceptions, ids, p2_or_p4):
    cid, applicable = p2_or_p4
    # batch peers: 1/4 on every kk half and 1/8 on every ru half, from 7 bodies
    peers = {f"{i}:{lang}": (v, 7) for i in ids for lang, v in (("kk", F(1, 4)), ("ru", F(1, 8)))}
    result = direction(build(body_type, exceptions=exceptions, **changes), peers)
    assert not result.provisional
    for i in ids:
        kk, ru = halves(result)[f"{i}:kk"], halves(result)[f"{i}:ru"]
        assert (kk.exact, ru.exact) == (F(1, 4), F(1, 8))
        assert not kk.applicable and "7 органов" in kk.note
    assert criteria(result)[cid] == applicable + len(ids) * F(3, 8)  # each indicator 1/4 + 1/8
    # manual values on the assessor's sheet: 0.3 on kk, 0.1 on ru
    extra = {f"openness.peer.{i}.{lang}": v for i in ids for lang, v in (("kk", 0.3), ("ru", 0.1))}
    result = direction(build(body_type, exceptions=exceptions, extra=extra, **changes))
    assert not result.provisional
    assert all((halves(result)[f"{i}:kk"].exact, halves(result)[f"{i}:ru"].exact) == (F("0.3"), F("0.1")) for i in ids)
    assert all("оценщиком" in halves(result)[f"{i}:kk"].note for i in ids)
    assert criteria(result)[cid] == applicable + len(ids) * F("0.4")


def test_batch_peers_win_over_a_manual_value_and_a_peer_above_the_maximum_is_capped():
    peers = {f"{i}:{lang}": (F(1, 2) if i != "P4.4" else F(9), 3) for i in DEFENCE_HALVES for lang in ("kk", "ru")}
    extra = {f"openness.peer.{i}.{lang}": 0.1 for i in DEFENCE_HALVES for lang in ("kk", "ru")}
    got = halves(direction(build("cgo", exceptions=("defence",), extra=extra), peers))
    assert got["P4.5.1:kk"].exact == F(1, 2) and got["P4.5.4:ru"].exact == F(1, 2)
    assert got["P4.4:kk"].exact == F("1.5")  # min(1.5, 9)


def test_peers_for_an_applicable_half_are_ignored():
    peers = {f"P4.5.1:{lang}": (F(0), 5) for lang in ("kk", "ru")}
    result = direction(build("cgo"), peers)
    assert halves(result)["P4.5.1:kk"].exact == F("0.5") and halves(result)["P4.5.1:kk"].applicable
    assert result.exact == 100


def test_peer_averages_of_a_batch_are_per_type_and_over_applicable_bodies_only():
    batch = [
        build("cgo", code="A", pm_scheduled=4, pm_held=4),  # P4.5.1 = 0.5×4/4 = 0.5
        build("cgo", code="B", pm_scheduled=4, pm_held=2, pm_plan=2, pm_reception=2, pm_ngo=2),  # 0.5×2/4 = 0.25
        build("cgo", code="C", pm_scheduled=4, pm_held=1, pm_plan=1, pm_reception=1, pm_ngo=1),  # 0.5×1/4 = 0.125
        build("mio", code="M", pm_scheduled=4, pm_held=0, pm_plan=0, pm_reception=0),  # 0, another group
        build("cgo", code="D", exceptions=("defence",)),
    ]
    groups = peer_averages([score(i, CATALOG) for i in batch])
    cgo = groups[("2023-01", 2022, "cgo")]
    assert cgo["P4.5.1:kk"] == (F(7, 24), 3)  # (0.5 + 0.25 + 0.125) / 3 = 0.875/3
    assert cgo["P4.4:ru"] == (F("1.5"), 3)
    assert groups[("2023-01", 2022, "mio")]["P4.5.1:kk"] == (0, 1)
    defence = direction(batch[-1], cgo)
    assert not defence.provisional
    assert halves(defence)["P4.5.1:ru"].exact == F(7, 24)
    assert "3 органов" in halves(defence)["P4.5.1:ru"].note


# --- properties (hypothesis) ---------------------------------------------------------------------

DAYS = st.dates(date(2021, 12, 1), date(2023, 4, 30))


def column_value(column, body_type: str):
    optional = not column.required
    kinds = {
        "date": DAYS, "yesno": st.booleans(), "count": st.integers(0, 200), "percent": st.integers(0, 100),
        "text": st.just("x"), "url": st.just("https://x"),
        "choice": st.sampled_from([c.code for c in column.choices_for(body_type)] or [None]),
    }
    strategy = kinds[column.type]
    return st.one_of(st.none(), strategy) if optional else strategy


@st.composite
def openness_inputs(draw):
    body_type = draw(st.sampled_from(["cgo", "mio"]))
    changes: dict[str, Any] = {}
    for spec in OPENNESS.lists_for(body_type):
        row = st.fixed_dictionaries({c.field: column_value(c, body_type) for c in spec.columns})
        changes[spec.key.removeprefix("openness.").replace(".", "_")] = draw(st.lists(row, max_size=6))
    for spec in OPENNESS.inputs_for(body_type):
        if spec.key.startswith("openness.peer."):
            continue
        if spec.type == "yesno":
            changes[spec.symbol] = draw(st.booleans())
        elif spec.type == "fraction":
            changes[spec.symbol] = draw(st.sampled_from([0, 0.25, 0.5, 1]))
        elif spec.type == "percent":
            changes[spec.symbol] = draw(st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False)))
        else:
            changes[spec.symbol] = draw(st.integers(0, 120))
    exceptions = tuple(draw(st.lists(st.sampled_from(["national_bank", "defence", "foreign_affairs"]), max_size=2, unique=True)))
    penalties = tuple(PenaltyFact("openness", draw(st.sampled_from(["unreliable", "incomplete"])), "x")
                      for _ in range(draw(st.integers(0, 4))))
    return build(body_type, exceptions=exceptions, penalties=penalties, **changes)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(openness_inputs())
def test_every_half_and_criterion_within_its_maximum_and_o_within_0_100(inputs):
    result = direction(inputs)
    for hid, half in halves(result).items():
        assert 0 <= half.exact <= F(str(half.max)), hid
    for crit in result.criteria:
        assert 0 <= crit.exact <= F(str(crit.max)), crit.id
    assert 0 <= result.raw <= 100 and 0 <= result.score <= result.raw
    assert 0 <= result.penalty <= 5


@PROPERTY
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=8), st.data())
def test_p1_1_is_monotone_in_placed_rows(flags, data):
    """Placing one more publication (in either language) never lowers P1.1 of that language."""
    rows = [pub(dataset=str(n), placed_kk=date(2022, 2, 9) if kk else None, placed_ru=date(2022, 2, 9) if ru else None)
            for n, (kk, ru) in enumerate(flags)]
    lang = data.draw(st.sampled_from(["kk", "ru"]))
    empty = [n for n, row in enumerate(rows) if row[f"placed_{lang}"] is None]
    before = halves(direction(build("cgo", open_data_publications=rows)))[f"P1.1:{lang}"].exact
    if not empty:
        assert before == F("2.5")
        return
    n = data.draw(st.sampled_from(empty))
    more = [dict(r) for r in rows]
    more[n][f"placed_{lang}"] = date(2022, 3, 1)
    after = halves(direction(build("cgo", open_data_publications=more)))[f"P1.1:{lang}"].exact
    assert after > before
    assert after - before == F(5, 2) / len(rows)  # 2.5 × 1/required
