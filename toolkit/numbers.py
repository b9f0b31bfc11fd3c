"""Numbers as a Russian reader expects them, and rounding the one way the methodology means."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from toolkit.rules.base import number_text, plural, points_text

__all__ = ["number_text", "plural", "points_text", "round_half_up", "score_text", "whole"]

WHOLE_TOLERANCE = 1e-9  # relative; formula noise is ~1e-15 relative, a typed fraction (400,5) far above


def whole(value: float) -> int | None:
    """The whole number a finite cell value stands for, or None when it is not one.

    A count computed by a formula can carry binary noise (=0,1*4000 gives 400.00000000000006; sums of
    fractions give 399.99999999999994); Excel shows it as 400, and so it is 400 here. The tolerance is
    1e-9 × max(1, |x|): far above such noise, far below any fraction a clerk could type.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    if isinstance(value, int):
        return value
    nearest = round(value)
    return int(nearest) if abs(value - nearest) <= WHOLE_TOLERANCE * max(1.0, abs(value)) else None


def round_half_up(value: float | Fraction, places: int) -> float:
    """Round as people do (89.995 → 90.00). Exact values round exactly; a float goes through its
    shortest repr, so binary noise in a typed-in number does not flip it."""
    if isinstance(value, Fraction):
        scale = 10**places
        return float(Fraction(math.floor(value * scale + Fraction(1, 2)), scale))
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def score_text(value: float, places: int = 2) -> str:
    return f"{round_half_up(value, places):.{places}f}".replace(".", ",")



def shown_parts(parts: list[float], total: float, places: int = 2) -> list[float] | None:
    """The parts rounded to `places` so that, as printed, they add up to the total as printed
    (largest remainder: each part rounded down, the missing hundredths given to the parts closest to
    the next one). None when no such rounding exists (the total was capped, e.g. at 0 or 100): the
    caller then prints plain rounding and says the total comes from unrounded scores."""
    scale = 10**places
    target = round(Fraction(str(round_half_up(total, places))) * scale)
    exact = [Fraction(p) * scale for p in parts]
    floors = [math.floor(x) for x in exact]
    missing = target - sum(floors)
    if not 0 <= missing <= len(parts):
        return None
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    up = set(order[:missing])
    cents = [f + (1 if i in up else 0) for i, f in enumerate(floors)]
    if any(abs(c - x) >= 1 for c, x in zip(cents, exact)):
        return None
    return [c / scale for c in cents]
