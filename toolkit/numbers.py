"""Numbers as a Russian reader expects them, and rounding the one way the methodology means."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from toolkit.rules.base import number_text

__all__ = ["number_text", "round_half_up", "score_text"]


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
