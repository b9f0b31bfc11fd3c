"""`=XLSCORE_COMPLAINTS(m; p; f; a; n; d; x; [criterion])` (issue 13, optional @func): values by hand.

Methodology п.96–105, Прил. 13: R1 = 40 − f/p×1000, R2 = 30 − a/p×10000 (a = 0 → 30), R3 = 20 − n/m×100,
each floored at 0 and at the maximum when the denominator is 0; R4 by bands of d/(f+n−x)×100 %.
"""

from __future__ import annotations

import pytest

from excel_remote import lite_module
from toolkit.excel.whatif import NO_CRITERION, NOT_COUNTS, complaints

CASES = [
    # m, p, f, a, n, d, x, criterion, expected
    ((1000, 950, 3, 0, 1, 4, 0), "", 40 - 3 / 950 * 1000 + 30 + (20 - 1 / 1000 * 100) + 10),  # 96.742…; R4 4/4 = 100 %
    ((1000, 950, 3, 0, 1, 4, 0), "R1", 40 - 3 / 950 * 1000),
    ((200, 100, 10, 1, 10, 12, 2), "", 0 + 0 + (20 - 10 / 200 * 100) + 4),  # R1, R2 floored at 0; R4 12/18 = 66.7 % → 4
    ((0, 0, 0, 0, 0, 0, 0), "", 40 + 30 + 20 + 10),  # every denominator 0: maxima
    ((1000, 1000, 5, 0, 5, 9, 0), "r4", 10),  # exactly 90 %: the band's lower edge counts
    ((1000, 1000, 5, 0, 5, 8, 0), "R4", 8),  # 8/10 = 80 % → 8
    ((1000.0, 950.0, 3.0, 0.0, 1.0, 4.0, 0.0), "R3", 20 - 1 / 1000 * 100),  # numbers as Excel hands them: floats
]


@pytest.mark.parametrize("figures,criterion,expected", CASES)
def test_complaints_what_if(figures: tuple, criterion: str, expected: float) -> None:
    assert complaints(figures, criterion) == pytest.approx(expected, abs=1e-9)
    assert lite_module().xlscore_complaints(*figures, criterion) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("figures,criterion,message", [
    ((1000, 950, -1, 0, 1, 4, 0), "", NOT_COUNTS.format(symbol="f", value=-1)),
    ((1000, 950, 2.5, 0, 1, 4, 0), "", NOT_COUNTS.format(symbol="f", value=2.5)),
    ((1000, None, 3, 0, 1, 4, 0), "", NOT_COUNTS.format(symbol="p", value=None)),  # an empty cell
    ((1000, 950, 3, 0, 1, 4, 0), "R9", NO_CRITERION.format(criterion="R9", known="R1, R2, R3, R4")),
])
def test_complaints_what_if_says_what_is_wrong(figures: tuple, criterion: str, message: str) -> None:
    assert complaints(figures, criterion) == message
