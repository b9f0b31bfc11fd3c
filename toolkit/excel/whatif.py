"""What-if numbers for Excel formulas (`@func`): the complaints score for figures typed anywhere.

An assessor asks «what if the body had 5 late answers instead of 3?» without touching the report:
`=XLSCORE_COMPLAINTS(m; p; f; a; n; d; x)` gives the direction's score (no reconciliation-act
deductions), with a criterion id as the last argument that criterion's points. The catalog's own
rules compute it, through the same `score_direction` as `xlscore score`.
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.catalog import load_catalog
from toolkit.engine.inputs import Body, Inputs, Meta
from toolkit.numbers import whole
from toolkit.engine.scoring import score_direction

EDITION = "2023-01"
NOT_COUNTS = "xlscore: {symbol} = {value} — нужно целое неотрицательное число"
NO_CRITERION = "xlscore: нет критерия «{criterion}»; есть {known}"


def complaints(figures: Sequence[object], criterion: str = "", body_type: str = "cgo") -> float | str:
    """The score (or `criterion`'s points) for m, p, f, a, n, d, x in catalog order; a Russian text when
    a figure is not a whole non-negative number or the criterion is unknown (Excel shows it in the cell)."""
    catalog = load_catalog(EDITION)
    direction = catalog.direction("complaints")
    values = {}
    for spec, value in zip(direction.inputs, figures):
        count = whole(value)  # type: ignore[arg-type]  # None for text, booleans, empty cells
        if count is None or count < 0:
            return NOT_COUNTS.format(symbol=spec.symbol, value=value)
        values[spec.key] = count
    inputs = Inputs(Meta(EDITION, ("complaints",), body_type, 2022, ""), Body("", body_type), values, {})
    result = score_direction(direction, inputs, catalog)
    if not criterion:
        return result.score
    points = {c.id: c.points for c in result.criteria}
    if criterion.strip().upper() not in points:
        return NO_CRITERION.format(criterion=criterion, known=", ".join(points))
    return points[criterion.strip().upper()]
