"""The methodology as plain, frozen data: what the engine reads, never what it computes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.rules.base import Rule

BODY_TYPES = ("cgo", "mio")
DIRECTIONS = ("services", "openness", "complaints")


@dataclass(frozen=True, slots=True)
class InputSpec:
    """A scalar input the body reports; `key` is also the Excel defined name of its cell."""

    key: str
    symbol: str
    label: str
    note: str


@dataclass(frozen=True, slots=True)
class Check:
    """A cross-input constraint: sum(left) <= sum(right), by symbol."""

    id: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: str


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    title: str
    source: str
    max_by_type: dict[str, float]
    rule: Rule | None = None
    interpretations: tuple[str, ...] = ()
    penalty: bool = False

    def max_for(self, body_type: str) -> float:
        return self.max_by_type[body_type]

    def applies_to(self, body_type: str) -> bool:
        return body_type in self.max_by_type


@dataclass(frozen=True, slots=True)
class Direction:
    id: str
    title: str
    short: str
    source: str
    report_appendix: str
    conclusion_appendix: dict[str, str]
    max: float
    inputs: tuple[InputSpec, ...] = ()
    checks: tuple[Check, ...] = ()
    criteria: tuple[Criterion, ...] = ()

    def criteria_for(self, body_type: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.applies_to(body_type))

    def input_by_symbol(self, symbol: str) -> InputSpec:
        return next(i for i in self.inputs if i.symbol == symbol)

    @property
    def scorable(self) -> bool:
        """True when every criterion has a rule; later editions of the catalog fill the rest in."""
        return bool(self.criteria) and all(c.rule is not None for c in self.criteria)


@dataclass(frozen=True, slots=True)
class GradeBand:
    id: str
    label: str
    min: float


@dataclass(frozen=True, slots=True)
class PenaltyKind:
    id: str
    label: str
    points: float


@dataclass(frozen=True, slots=True)
class Interpretation:
    id: str
    kind: str  # "interpretation" or "reconstructed"
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class Catalog:
    edition: str
    title: str
    block_title: str
    weights: dict[str, dict[str, float]]
    body_types: dict[str, str]
    grades: tuple[GradeBand, ...]
    grade_rounding: int
    penalty_kinds: dict[str, PenaltyKind]
    penalty_cap: float
    interpretations: dict[str, Interpretation]
    directions: dict[str, Direction] = field(default_factory=dict)

    def direction(self, direction_id: str) -> Direction:
        return self.directions[direction_id]

    def direction_id(self, text: object) -> str | None:
        """The direction named by its id or by its title, as the «Акт сверки» drop-down shows it."""
        return next((d.id for d in self.directions.values() if text in (d.id, d.title)), None)

    def penalty_kind_id(self, text: object) -> str | None:
        """The penalty kind named by its id or by its label, as the «Акт сверки» drop-down shows it."""
        return next((k.id for k in self.penalty_kinds.values() if text in (k.id, k.label)), None)
