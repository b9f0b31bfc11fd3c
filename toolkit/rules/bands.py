"""`bands`: points from a table of lower bounds on a share (Прил. 13; later Прил. 6 and P6 D)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from toolkit.rules.base import CatalogError, Outcome, Terms, exact, excel_number, number_text, points_text, register, require


@dataclass(frozen=True, slots=True)
class Band:
    min: float
    points: float


@register
@dataclass(frozen=True, slots=True)
class Bands:
    kind: ClassVar[str] = "bands"
    numerator: Terms
    denominator: Terms
    bands: tuple[Band, ...]
    percent: bool = True
    zero_denominator: str = "max"

    @classmethod
    def from_spec(cls, params: dict[str, Any], where: str) -> Bands:
        extra = set(params) - {"numerator", "denominator", "bands", "percent", "zero_denominator"}
        if extra:
            raise CatalogError(f"{where}: unknown parameter(s) {', '.join(sorted(extra))}")
        raw = params.get("bands")
        if not isinstance(raw, list) or not raw:
            raise CatalogError(f"{where}.bands: expected a non-empty list")
        bands = tuple(Band(require(b, "min", float, f"{where}.bands[{i}]"),
                           require(b, "points", float, f"{where}.bands[{i}]")) if isinstance(b, dict)
                      else _bad(f"{where}.bands[{i}]", b) for i, b in enumerate(raw))
        for i in range(1, len(bands)):
            if bands[i].min >= bands[i - 1].min:
                raise CatalogError(f"{where}.bands[{i}]: lower bounds must strictly decrease")
        if bands[-1].min != 0:
            raise CatalogError(f"{where}.bands[{len(bands) - 1}]: the last band must start at 0 so no share is left out")
        if params.get("zero_denominator", "max") not in ("max", "zero"):
            raise CatalogError(f"{where}.zero_denominator: expected 'max' or 'zero'")
        return cls(
            numerator=Terms.parse(params.get("numerator"), f"{where}.numerator"),
            denominator=Terms.parse(params.get("denominator"), f"{where}.denominator"),
            bands=bands,
            percent=bool(params.get("percent", True)),
            zero_denominator=params.get("zero_denominator", "max"),
        )

    def symbols(self) -> tuple[str, ...]:
        return self.numerator.symbols() + self.denominator.symbols()

    def evaluate(self, values: Mapping[str, float], maximum: float) -> Outcome:
        den = self.denominator.value(values)
        top = exact(maximum)
        if den <= 0:
            points = top if self.zero_denominator == "max" else Fraction(0)
            return Outcome(points, None, f"{self.denominator.text()} = 0: {points_text(points)}")
        share = self.numerator.value(values) / den * (100 if self.percent else 1)
        points = next((exact(b.points) for b in self.bands if share >= exact(b.min)), Fraction(0))
        return Outcome(min(points, top), share)

    def describe(self, maximum: float) -> str:
        unit = " %" if self.percent else ""
        steps = "; ".join(f"≥ {number_text(b.min)}{unit} → {number_text(b.points)}" for b in self.bands)
        return (f"доля ({self.numerator.text()}) / ({self.denominator.text()}): {steps}; "
                f"при {self.denominator.text()} = 0 — {'максимум' if self.zero_denominator == 'max' else '0'}")

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str:
        num, den = self.numerator.excel(refs), self.denominator.excel(refs)
        share = f"{num}/{den}*100" if self.percent else f"{num}/{den}"
        on_zero = excel_number(maximum) if self.zero_denominator == "max" else "0"
        nested = excel_number(self.bands[-1].points)
        for band in reversed(self.bands[:-1]):
            nested = f"IF({share}>={excel_number(band.min)},{excel_number(band.points)},{nested})"
        return f"=IF({den}<=0,{on_zero},MIN({excel_number(maximum)},{nested}))"


def _bad(where: str, value: Any) -> Band:
    raise CatalogError(f"{where}: expected {{min, points}}, got {value!r}")

