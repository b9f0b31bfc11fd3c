"""The rating tables of the published report (seed 000; METHODOLOGY §5), computed from plain scores.

Pure: entries in, frozen tables out. Per body type and scope (the block, each direction) bodies are
ordered by their unrounded score, highest first; exactly equal scores share a position (1, 2, 2, 4);
last year's score and position are matched by body code; the arrow compares positions, never scores
(seed 000 prints ↘ for МСХ, 21st → 17th: a misprint the rule corrects to ↗).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from toolkit.catalog.model import GradeBand
from toolkit.numbers import round_half_up

SCOPES = ("block", "services", "openness", "complaints")
BODY_TYPES = ("cgo", "mio")


@dataclass(frozen=True, slots=True)
class Entry:
    """One body's score in one scope; `position` only where a rating already gave it (last year's)."""

    code: str
    body_type: str
    scope: str
    score: float
    name: str = ""
    position: int | None = None
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One body's line of a rating table: this year's and last year's score and position, and the arrow between them."""

    code: str
    name: str
    score: float
    position: int
    grade: str
    previous_score: float | None = None
    previous_position: int | None = None
    previous_grade: str | None = None
    provisional: bool = False

    @property
    def arrow(self) -> str | None:
        """up: a smaller position number than last year; down: larger; same; None without one."""
        if self.previous_position is None:
            return None
        if self.position < self.previous_position:
            return "up"
        return "down" if self.position > self.previous_position else "same"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "score": self.score, "previous_score": self.previous_score,
                "position": self.position, "previous_position": self.previous_position, "arrow": self.arrow,
                "grade": self.grade, "previous_grade": self.previous_grade, "provisional": self.provisional}


@dataclass(frozen=True, slots=True)
class Table:
    """One rating table of seed 000: a body type and a scope, its rows in order, and the type's averages."""

    body_type: str
    scope: str
    rows: tuple[Row, ...]
    average: float | None
    previous_average: float | None = None
    band_moves: tuple[tuple[str, int], ...] = ()  # (code, bands risen (+) or fallen (−)) beyond one band

    def to_dict(self) -> dict[str, Any]:
        return {"body_type": self.body_type, "scope": self.scope, "rows": [r.to_dict() for r in self.rows],
                "average": self.average, "previous_average": self.previous_average,
                "band_moves": [{"code": c, "bands": b} for c, b in self.band_moves]}


@dataclass(frozen=True, slots=True)
class Rating:
    """Every rating table of one period (per body type and scope)."""

    period: int | None
    tables: tuple[Table, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "tables": [t.to_dict() for t in self.tables]}

    def table(self, body_type: str, scope: str) -> Table | None:
        return next((t for t in self.tables if (t.body_type, t.scope) == (body_type, scope)), None)


@dataclass(frozen=True, slots=True)
class Grades:
    """The grade bands (п.108) and their rounding, as the catalog gives them."""

    bands: tuple[GradeBand, ...]
    rounding: int = 2

    def of(self, score: float) -> GradeBand:
        rounded = round_half_up(score, self.rounding)
        return next(b for b in self.bands if rounded >= b.min)

    def index(self, band_id: str) -> int:
        return next(i for i, b in enumerate(self.bands) if b.id == band_id)


def positions(scores: Sequence[float]) -> list[int]:
    """Each score's position: one more than the number of strictly higher scores (1, 2, 2, 4)."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def mean(values: Sequence[float]) -> float | None:
    """The mean computed exactly (Fractions of the floats), so the order of bodies cannot change it."""
    if not values:
        return None
    return float(sum((Fraction(v) for v in values), Fraction(0)) / len(values))


def rank(entries: Iterable[Entry], grades: Grades, previous: Iterable[Entry] = (), period: int | None = None,
         band_limit: int = 1) -> Rating:
    """The rating tables of every (body type, scope) with entries, in the report's order (block first).
    `previous` is last year's rating: its positions where given, else ranked here by the same rule.
    A body is listed under `band_moves` when its grade moved by more than `band_limit` bands."""
    current = _grouped(entries)
    before = _grouped(previous)
    tables = []
    for key in sorted(current, key=_order):
        prev_rows = _ranked(before.get(key, []))
        prev = {e.code: (e, p) for e, p in prev_rows}
        rows = []
        for entry, position in _ranked(current[key]):
            old, old_position = prev.get(entry.code, (None, None))
            rows.append(Row(entry.code, entry.name, entry.score, position, grades.of(entry.score).id,
                            old.score if old else None, old_position,
                            grades.of(old.score).id if old else None, entry.provisional))
        moves = tuple((r.code, grades.index(r.previous_grade) - grades.index(r.grade)) for r in rows
                      if r.previous_grade and abs(grades.index(r.previous_grade) - grades.index(r.grade)) > band_limit)
        tables.append(Table(key[0], key[1], tuple(rows), mean([e.score for e in current[key]]),
                            mean([e.score for e in before.get(key, [])]), moves))
    return Rating(period, tuple(tables))


def _grouped(entries: Iterable[Entry]) -> dict[tuple[str, str], list[Entry]]:
    groups: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        groups.setdefault((e.body_type, e.scope), []).append(e)
    return groups


def _ranked(entries: list[Entry]) -> list[tuple[Entry, int]]:
    """Entries highest first (ties by code, so the listing is stable) with their positions: as given when
    every entry has one (a published rating), else by `positions`."""
    ordered = sorted(entries, key=lambda e: (-e.score, e.code))
    if ordered and all(e.position is not None for e in ordered):
        return sorted(((e, e.position) for e in ordered), key=lambda pair: (pair[1], pair[0].code))  # type: ignore[arg-type, return-value]
    return list(zip(ordered, positions([e.score for e in ordered])))


def _order(key: tuple[str, str]) -> tuple[int, int]:
    body_type, scope = key
    return (BODY_TYPES.index(body_type) if body_type in BODY_TYPES else 9, SCOPES.index(scope) if scope in SCOPES else 9)
