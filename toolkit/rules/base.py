"""The rule-kind registry: the catalog names a kind, the kind turns inputs into points.

A rule kind is a frozen dataclass that knows four things about one formula: how to read its
parameters from the catalog (failing loudly, naming the entry), how to compute points, how to say
the rule in Russian for the «Баллы» sheet, and how to write the same rule as an Excel formula so a
second engine can check the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from importlib import import_module
from typing import Any, ClassVar, Protocol


class CatalogError(ValueError):
    """A catalog entry is malformed; the message starts with the entry's path."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """Points of one rule with what it measured (both exact); `note` explains a special case (e.g. p = 0)."""

    points: Fraction
    measure: Fraction | None = None
    note: str | None = None


class Rule(Protocol):
    kind: ClassVar[str]

    def symbols(self) -> tuple[str, ...]: ...

    def evaluate(self, values: Mapping[str, float], maximum: float) -> Outcome: ...

    def describe(self, maximum: float) -> str: ...

    def excel(self, maximum: float, refs: Mapping[str, str]) -> str: ...


RULE_KINDS: dict[str, type] = {}
KIND_MODULES = ("bands", "rate", "shares")  # each registers its kinds when imported


def register(cls: type) -> type:
    RULE_KINDS[cls.kind] = cls
    return cls


def build_rule(spec: Any, where: str, known_symbols: set[str]) -> Rule:
    if not isinstance(spec, dict) or "kind" not in spec:
        raise CatalogError(f"{where}: a rule needs a mapping with 'kind'")
    kind = spec["kind"]
    for module in KIND_MODULES:
        import_module(f"toolkit.rules.{module}")
    if kind not in RULE_KINDS:
        raise CatalogError(f"{where}.kind: unknown rule kind {kind!r} (known: {', '.join(sorted(RULE_KINDS))})")
    params = {k: v for k, v in spec.items() if k != "kind"}
    rule = RULE_KINDS[kind].from_spec(params, where)
    unknown = [s for s in rule.symbols() if s not in known_symbols]
    if unknown:
        raise CatalogError(f"{where}: unknown input symbol(s) {', '.join(unknown)}")
    return rule


@dataclass(frozen=True, slots=True)
class Terms:
    """A sum of inputs by symbol: add[0] + add[1] … − subtract[0] − …"""

    add: tuple[str, ...]
    subtract: tuple[str, ...] = ()

    @classmethod
    def parse(cls, spec: Any, where: str) -> Terms:
        if isinstance(spec, str):
            return cls((spec,))
        if isinstance(spec, list) and spec and all(isinstance(s, str) for s in spec):
            return cls(tuple(spec))
        if isinstance(spec, dict) and set(spec) <= {"add", "subtract"} and spec.get("add"):
            return cls(tuple(spec["add"]), tuple(spec.get("subtract", ())))
        raise CatalogError(f"{where}: expected a symbol, a list of symbols or {{add, subtract}}, got {spec!r}")

    def symbols(self) -> tuple[str, ...]:
        return self.add + self.subtract

    def value(self, values: Mapping[str, float]) -> Fraction:
        return sum((exact(values[s]) for s in self.add), Fraction(0)) - sum((exact(values[s]) for s in self.subtract), Fraction(0))

    def text(self) -> str:
        out = " + ".join(self.add)
        for s in self.subtract:
            out += f" − {s}"
        return out

    def excel(self, refs: Mapping[str, str]) -> str:
        out = "+".join(refs[s] for s in self.add)
        for s in self.subtract:
            out += f"-{refs[s]}"
        return f"({out})" if len(self.symbols()) > 1 else out


def require(params: dict[str, Any], name: str, kind: type, where: str) -> Any:
    if name not in params:
        raise CatalogError(f"{where}.{name}: missing")
    value = params[name]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise CatalogError(f"{where}.{name}: expected {kind.__name__}, got {value!r}")
    return value


def number_text(value: float) -> str:
    """A number as Russian text shows it: no trailing .0, a decimal comma, thin grouping."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",").rstrip("0").rstrip(",")

def plural(n: float, one: str, few: str, many: str) -> str:
    """The Russian word form agreeing with a number: 1 балл, 2 балла, 5 баллов, 21 балл, 11 баллов; a
    fraction takes the genitive singular (0,5 балла, 1,25 балла), as it does in speech («ноль целых пять
    десятых балла»)."""
    if isinstance(n, float) and not n.is_integer():
        return few
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def points_text(value: float, places: int | None = None) -> str:
    """«1 балл», «2 балла», «0,5 балла», «1,05 балла»: `places` fixes the decimals shown (score_text),
    otherwise the number is shown as short as it is (number_text). The word agrees with the number as
    shown: any decimal part, even «1,00», reads «балла» («одна целая ноль сотых балла»)."""
    shown = _fixed(value, places) if places is not None else number_text(value)
    whole_part = int(shown.split(",")[0].replace("\u00a0", "").lstrip("-"))
    word = "балла" if "," in shown else plural(whole_part, "балл", "балла", "баллов")
    return f"{shown} {word}"


def _fixed(value: float, places: int) -> str:
    from toolkit.numbers import score_text  # numbers imports this module; rounding half up lives there

    return score_text(value, places)



def excel_number(value: float) -> str:
    """A number as an Excel formula literal: 40, not 40.0."""
    return repr(int(value)) if float(value).is_integer() else repr(value)


def exact(value: float | int | Fraction) -> Fraction:
    """The number as written, exactly: 0.2 is 1/5, not the nearest double.

    Scores are computed in exact rationals so that a band edge (89.995 → high) never depends on
    binary rounding noise; they become floats only when shown or serialised.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)
