"""A target row of `make bench`: what is measured, its value, its limit, met or not, and how rows print.

Kept apart from run.py (which imports the toolkit and the engines) so the formatting and the
before → after table (compare.py) can be tested and used without running anything.
"""

from __future__ import annotations

from dataclasses import dataclass

AT_MOST = ("×", "reads")  # units whose limit reads «≤ limit»; the others (s, MiB) read «< limit»


@dataclass(frozen=True, slots=True)
class Target:
    what: str
    value: float | None
    limit: float | None  # None: reported, no target
    unit: str = "×"
    note: str = ""  # why a value is missing, or what it stands on (the set-up, the pairs)

    @property
    def met(self) -> bool | None:
        """None when there is nothing to judge: no limit, or no value."""
        if self.value is None or self.limit is None:
            return None
        return self.value <= self.limit if self.unit in AT_MOST else self.value < self.limit

    def to_dict(self) -> dict[str, object]:
        return {"what": self.what, "value": None if self.value is None else round(self.value, 4),
                "limit": self.limit, "unit": self.unit, "met": self.met, "note": self.note}


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "×":
        return f"{value:.2f} ×"
    if unit == "reads":
        return f"{value:g} per file"
    return f"{value:,.1f} {unit}"


def limit_text(limit: float | None, unit: str) -> str:
    if limit is None:
        return ""
    if unit == "reads":
        return f"≤ {limit:g} per file"
    return f"≤ {limit:g} {unit}" if unit in AT_MOST else f"< {limit:g} {unit}"


def met_text(met: bool | None) -> str:
    return "" if met is None else "met" if met else "NOT met"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator ÷ denominator, None when either is missing or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator
