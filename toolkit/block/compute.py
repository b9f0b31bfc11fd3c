"""The block score: the weighted sum of the body's three directions, each after its penalties (п.107).

The weights are catalog data (`block.weights` of the edition, per body type); this module only adds.
A block exists only when every weighted direction is there and scored; any provisional direction
makes the block provisional (METHODOLOGY §5). The sum is exact (Fractions), graded by rule 1.4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from toolkit.catalog.model import Catalog, GradeBand
from toolkit.numbers import round_half_up
from toolkit.rules.base import exact

if TYPE_CHECKING:
    from toolkit.engine.scoring import DirectionScore


@dataclass(frozen=True, slots=True)
class BlockPart:
    """One direction as the block took it: its score after penalties, its weight, and the file it came from."""

    direction: str
    title: str
    score: float
    weight: float
    provisional: bool
    source: str = ""  # the file the direction was scored from ("" when it is the same workbook)
    scored: DirectionScore | None = field(default=None, repr=False, compare=False)  # for the conclusion's analysis


@dataclass(frozen=True, slots=True)
class BlockScore:
    """The block of one body: the weighted sum of its three directions, its grade, and the parts it came from."""

    score: float
    grade: GradeBand
    provisional: bool = False
    parts: tuple[BlockPart, ...] = ()
    exact: Fraction = field(default=Fraction(0), repr=False, compare=False)
    score_before: float | None = None  # before the accepted appeals (Прил. 14), when they changed a direction

    @property
    def directions(self) -> dict[str, float]:
        return {p.direction: p.score for p in self.parts}

    @property
    def sources(self) -> dict[str, str]:
        return {p.direction: p.source for p in self.parts if p.source}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"score": self.score, "grade": self.grade.id, "provisional": self.provisional,
                               "directions": self.directions}
        if self.sources:
            out["sources"] = self.sources
        if self.score_before is not None:
            out["appeal"] = {"score_before": self.score_before}
        return out


def grade_for(value: float | Fraction, catalog: Catalog) -> GradeBand:
    """Rule 1.4: the band of the value rounded half up to the catalog's places (89.995 → 90.00 → high)."""
    rounded = round_half_up(value, catalog.grade_rounding)
    return next(b for b in catalog.grades if rounded >= b.min)


def missing(catalog: Catalog, body_type: str, present: set[str] | frozenset[str]) -> list[str]:
    """The weighted directions of the body type that are not among `present`, in catalog order."""
    return [d for d in catalog.weights[body_type] if d not in present]


def weighted_sum(scores: Mapping[str, Fraction], weights: Mapping[str, float]) -> Fraction | None:
    """п.107: Σ weight × direction score, exact; None when a weighted direction is missing. One sum for the
    block of scored workbooks and for the block `rank` forms from a score table's directions."""
    if not set(weights) <= set(scores):
        return None
    return sum((exact(w) * scores[d] for d, w in weights.items()), Fraction(0))


def block_score(directions: Mapping[str, DirectionScore], body_type: str, catalog: Catalog,
                sources: Mapping[str, str] | None = None) -> BlockScore | None:
    """The block from the body's scored directions, or None when a weighted direction is missing."""
    weights = catalog.weights[body_type]
    total = weighted_sum({d: s.exact for d, s in directions.items()}, weights)
    if total is None:
        return None
    parts = tuple(BlockPart(d, directions[d].title, directions[d].score, w, directions[d].provisional,
                            (sources or {}).get(d, ""), directions[d]) for d, w in weights.items())
    return BlockScore(float(total), grade_for(total, catalog), any(p.provisional for p in parts), parts, total)
