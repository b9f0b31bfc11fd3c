"""`rate_deduction`: k − (numerator / denominator) × per, floored at 0 (п.97, 99, 102; services P2, T1–T4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from toolkit.rules.base import CatalogError, Outcome, Terms, exact, excel_number, number_text, points_text, register, require

_ZERO_CHOICES = ("max", "zero")


@register
@dataclass(frozen=True, slots=True)
class RateDeduction:
    kind: ClassVar[str] = "rate_deduction"
    numerator: Terms
    denominator: Terms
    per: float
    zero_denominator: str = "max"
    zero_numerator: str | None = None

    @classmethod
    def from_spec(cls, params: dict[str, Any], where: str) -> RateDeduction:
        extra = set(params) - {"numerator", "denominator", "per", "zero_denominator", "zero_numerator"}
        if extra:
            raise CatalogError(f"{where}: unknown parameter(s) {', '.join(sorted(extra))}")
        per = require(params, "per", float, where)
        if per <= 0:
            raise CatalogError(f"{where}.per: must be positive, got {per}")
        for name in ("zero_denominator", "zero_numerator"):
            if params.get(name) not in (None, *_ZERO_CHOICES):
                raise CatalogError(f"{where}.{name}: expected one of {_ZERO_CHOICES}, got {params[name]!r}")
        return cls(
            numerator=Terms.parse(params.get("numerator"), f"{where}.numerator"),
            denominator=Terms.parse(params.get("denominator"), f"{where}.denominator"),
            per=per,
            zero_denominator=params.get("zero_denominator", "max"),
            zero_numerator=params.get("zero_numerator"),
        )

    def symbols(self) -> tuple[str, ...]:
        return self.numerator.symbols() + self.denominator.symbols()

    def evaluate(self, values: Mapping[str, float], maximum: float) -> Outcome:
        num = self.numerator.value(values)
        den = self.denominator.value(values)
        top = exact(maximum)
        if num == 0 and self.zero_numerator:
            points = top if self.zero_numerator == "max" else Fraction(0)
            return Outcome(points, Fraction(0), f"{self.numerator.text()} = 0: {points_text(points)}")
        if den == 0:
            points = top if self.zero_denominator == "max" else Fraction(0)
            return Outcome(points, None, f"{self.denominator.text()} = 0: {points_text(points)}")
        rate = num / den * exact(self.per)
        return Outcome(max(Fraction(0), top - rate), rate)

    def describe(self, maximum: float) -> str:
        text = (f"{number_text(maximum)} − ({self.numerator.text()}) / ({self.denominator.text()}) × "
                f"{number_text(self.per)}, не меньше 0")
        if self.zero_numerator:
            text += f"; при {self.numerator.text()} = 0 — {'максимум' if self.zero_numerator == 'max' else '0'}"
        return text + f"; при {self.denominator.text()} = 0 — {'максимум' if self.zero_denominator == 'max' else '0'}"

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str:
        num, den = self.numerator.excel(refs), self.denominator.excel(refs)
        on_zero_den = excel_number(maximum) if self.zero_denominator == "max" else "0"
        body = f"IF({den}=0,{on_zero_den},MAX(0,{excel_number(maximum)}-{num}/{den}*{excel_number(self.per)}))"
        if self.zero_numerator:
            on_zero_num = excel_number(maximum) if self.zero_numerator == "max" else "0"
            body = f"IF({num}=0,{on_zero_num},{body})"
        return "=" + body

