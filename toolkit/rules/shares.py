"""Openness rule kinds (METHODOLOGY §3): share, penalty, flag, average, tiers.

Their parameters are expressions over symbols (inputs and measures counted from lists), so the
catalog can say «q_answered_kk - q_late_kk» or «max(events_total, 12)» without new code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from toolkit.rules.base import CatalogError, Outcome, exact, excel_number, number_text, points_text, register
from toolkit.rules.expr import Expr, parse

_CONSTANTS = ("max", "zero")


def _params(params: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = set(params) - allowed
    if extra:
        raise CatalogError(f"{where}: unknown parameter(s) {', '.join(sorted(extra))}")


def _on_empty(spec: Any, where: str) -> str | Expr:
    """«max», «zero», or a condition: the maximum when it holds, else 0."""
    if spec in _CONSTANTS:
        return spec
    return parse(spec, where)


def _empty_points(choice: str | Expr, values: Mapping[str, Any], top: Fraction) -> Fraction:
    if choice == "max":
        return top
    if choice == "zero":
        return Fraction(0)
    return top if choice.holds(values) else Fraction(0)  # type: ignore[union-attr]


def _empty_text(choice: str | Expr) -> str:
    if choice == "max":
        return "максимум"
    if choice == "zero":
        return "0"
    return f"максимум, если {choice.russian()}, иначе 0"  # type: ignore[union-attr]


def _empty_excel(choice: str | Expr, maximum: float, refs: Mapping[str, str]) -> str:
    if choice == "max":
        return excel_number(maximum)
    if choice == "zero":
        return "0"
    return f"IF({choice.excel(refs)},{excel_number(maximum)},0)"  # type: ignore[union-attr]


def _empty_names(choice: str | Expr) -> tuple[str, ...]:
    return () if isinstance(choice, str) else choice.names


@register
@dataclass(frozen=True, slots=True)
class Share:
    """points = max × numerator / denominator, clamped to [0, 1]; the rule says what a zero denominator gives."""

    kind: ClassVar[str] = "share"
    numerator: Expr
    denominator: Expr
    zero_denominator: str | Expr = "max"

    @classmethod
    def from_spec(cls, params: dict[str, Any], where: str) -> Share:
        _params(params, {"numerator", "denominator", "zero_denominator"}, where)
        if "numerator" not in params or "denominator" not in params:
            raise CatalogError(f"{where}: a share needs numerator and denominator")
        default = "zero" if cls.kind == "penalty" else "max"
        return cls(parse(params["numerator"], f"{where}.numerator"),
                   parse(params["denominator"], f"{where}.denominator"),
                   _on_empty(params.get("zero_denominator", default), f"{where}.zero_denominator"))

    def symbols(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.numerator.names + self.denominator.names + _empty_names(self.zero_denominator)))

    def evaluate(self, values: Mapping[str, Any], maximum: float) -> Outcome:
        top = exact(maximum)
        den = self.denominator.value(values)
        if den <= 0:
            points = _empty_points(self.zero_denominator, values, top)
            return Outcome(points, None, f"{self.denominator.russian()} = 0: {points_text(points)}")
        share = self.numerator.value(values) / den
        return Outcome(top * min(Fraction(1), max(Fraction(0), share)), share)

    def describe(self, maximum: float) -> str:
        return (f"{number_text(maximum)} × ({self.numerator.russian()}) / ({self.denominator.russian()}), "
                f"доля от 0 до 1; при знаменателе 0 — {_empty_text(self.zero_denominator)}")

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str:
        num, den = self.numerator.excel(refs), self.denominator.excel(refs)
        return (f"=IF(({den})<=0,{_empty_excel(self.zero_denominator, maximum, refs)},"
                f"{excel_number(maximum)}*MAX(0,MIN(1,({num})/({den}))))")


@register
@dataclass(frozen=True, slots=True)
class Penalty(Share):
    """P7: points to subtract = max × violators / all; no organisations → 0."""

    kind: ClassVar[str] = "penalty"

    def describe(self, maximum: float) -> str:
        return (f"вычет {number_text(maximum)} × ({self.numerator.russian()}) / ({self.denominator.russian()}); "
                f"при знаменателе 0 — {_empty_text(self.zero_denominator)}")


@register
@dataclass(frozen=True, slots=True)
class Flag:
    """Full points when a condition holds, else 0."""

    kind: ClassVar[str] = "flag"
    condition: Expr

    @classmethod
    def from_spec(cls, params: dict[str, Any], where: str) -> Flag:
        _params(params, {"condition"}, where)
        if "condition" not in params:
            raise CatalogError(f"{where}.condition: missing")
        return cls(parse(params["condition"], f"{where}.condition"))

    def symbols(self) -> tuple[str, ...]:
        return self.condition.names

    def evaluate(self, values: Mapping[str, Any], maximum: float) -> Outcome:
        holds = self.condition.holds(values)
        return Outcome(exact(maximum) if holds else Fraction(0), Fraction(int(holds)))

    def describe(self, maximum: float) -> str:
        return f"{number_text(maximum)}, если {self.condition.russian()}, иначе 0"

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str:
        return f"=IF({self.condition.excel(refs)},{excel_number(maximum)},0)"


@register
@dataclass(frozen=True, slots=True)
class Average:
    """points = max × the mean of per-item values (a `mean` measure); no items → the rule's `empty`."""

    kind: ClassVar[str] = "average"
    mean: Expr
    count: Expr
    empty: str | Expr = "zero"

    @classmethod
    def from_spec(cls, params: dict[str, Any], where: str) -> Average:
        _params(params, {"mean", "count", "empty"}, where)
        if "mean" not in params or "count" not in params:
            raise CatalogError(f"{where}: an average needs mean and count")
        return cls(parse(params["mean"], f"{where}.mean"), parse(params["count"], f"{where}.count"),
                   _on_empty(params.get("empty", "zero"), f"{where}.empty"))

    def symbols(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.mean.names + self.count.names + _empty_names(self.empty)))

    def evaluate(self, values: Mapping[str, Any], maximum: float) -> Outcome:
        top = exact(maximum)
        if self.count.value(values) <= 0:
            points = _empty_points(self.empty, values, top)
            return Outcome(points, None, f"{self.count.russian()} = 0: {points_text(points)}")
        mean = self.mean.value(values)
        return Outcome(top * min(Fraction(1), max(Fraction(0), mean)), mean)

    def describe(self, maximum: float) -> str:
        return (f"{number_text(maximum)} × среднее значение ({self.mean.russian()}); "
                f"если {self.count.russian()} = 0 — {_empty_text(self.empty)}")

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str:
        return (f"=IF(({self.count.excel(refs)})<=0,{_empty_excel(self.empty, maximum, refs)},"
                f"{excel_number(maximum)}*MAX(0,MIN(1,{self.mean.excel(refs)})))")


@dataclass(frozen=True, slots=True)
class Tier:
    bound: float
    strict: bool  # «более 50 записей» is strict; «от 80 %» is not
    points: float

    def holds(self, value: Fraction) -> bool:
        bound = exact(self.bound)
        return value > bound if self.strict else value >= bound


@register
@dataclass(frozen=True, slots=True)
class Tiers:
    """Points from a table of lower bounds on a value (blog posts, population survey); first match wins."""

    kind: ClassVar[str] = "tiers"
    value: Expr
    tiers: tuple[Tier, ...]

    @classmethod
    def from_spec(cls, params: dict[str, Any], where: str) -> Tiers:
        _params(params, {"value", "tiers"}, where)
        raw = params.get("tiers")
        if not isinstance(raw, list) or not raw:
            raise CatalogError(f"{where}.tiers: expected a non-empty list")
        tiers = []
        for i, spec in enumerate(raw):
            at = f"{where}.tiers[{i}]"
            if not isinstance(spec, dict) or len(set(spec) & {"above", "min"}) != 1 or "points" not in spec:
                raise CatalogError(f"{at}: expected {{above: N, points: P}} or {{min: N, points: P}}, got {spec!r}")
            strict = "above" in spec
            bound, points = spec["above" if strict else "min"], spec["points"]
            if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (bound, points)):
                raise CatalogError(f"{at}: bound and points must be numbers")
            tiers.append(Tier(float(bound), strict, float(points)))
        for i in range(1, len(tiers)):
            if tiers[i].bound > tiers[i - 1].bound or (tiers[i].bound == tiers[i - 1].bound and not tiers[i - 1].strict):
                raise CatalogError(f"{where}.tiers[{i}]: bounds must decrease")
        if tiers[-1].strict or tiers[-1].bound > 0:
            raise CatalogError(f"{where}.tiers[{len(tiers) - 1}]: the last tier must be {{min: 0}} so no value is left out")
        if "value" not in params:
            raise CatalogError(f"{where}.value: missing")
        return cls(parse(params["value"], f"{where}.value"), tuple(tiers))

    def symbols(self) -> tuple[str, ...]:
        return self.value.names

    def evaluate(self, values: Mapping[str, Any], maximum: float) -> Outcome:
        value = self.value.value(values)
        points = next((exact(t.points) for t in self.tiers if t.holds(value)), Fraction(0))
        return Outcome(min(points, exact(maximum)), value)

    def describe(self, maximum: float) -> str:
        steps = "; ".join(f"{'>' if t.strict else '≥'} {number_text(t.bound)} → {number_text(t.points)}" for t in self.tiers)
        return f"по значению {self.value.russian()}: {steps}"

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str:
        value = self.value.excel(refs)
        nested = excel_number(self.tiers[-1].points)
        for tier in reversed(self.tiers[:-1]):
            op = ">" if tier.strict else ">="
            nested = f"IF({value}{op}{excel_number(tier.bound)},{excel_number(tier.points)},{nested})"
        return f"=MIN({excel_number(maximum)},{nested})"
