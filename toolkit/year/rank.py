"""`xlscore rank` as a library call: read scores, check them, rank, write the rating workbook.
Nothing is written while an error remains (CONTRACTS: exit 1 invalid inputs, 2 unreadable)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.check import exit_code
from toolkit.problems import Problem, problem
from toolkit.year.rating import Entry, Grades, Rating, rank
from toolkit.year.sources import Scores, read_paths, with_blocks

EDITION = "2023-01"  # grade bands and block weights; every edition so far shares them


@dataclass(frozen=True, slots=True)
class RankReport:
    """What `rank` did: the rating (None when inputs were invalid), the entries read, problems per path, the file written."""

    rating: Rating | None
    entries: tuple[Entry, ...]
    problems: tuple[tuple[str, Problem], ...]
    output: str | None = None

    @property
    def exit_code(self) -> int:
        return exit_code(p for _, p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        doc = self.rating.to_dict() if self.rating else {"period": None, "tables": []}
        doc["output"] = self.output
        doc["problems"] = [{"path": path, **p.to_dict()} for path, p in self.problems]
        return doc


def grades_of(edition: str = EDITION) -> Grades:
    from toolkit.catalog import load_catalog

    catalog = load_catalog(edition)
    return Grades(catalog.grades, catalog.grade_rounding)


def rank_paths(paths: Iterable[str | Path], previous: str | Path | None = None,
               output: str | Path | None = None) -> RankReport:
    from toolkit.catalog import load_catalog

    paths = list(paths)
    catalog = load_catalog(EDITION)
    now = read_paths(paths)
    problems = list(now.problems)
    entries = _named(with_blocks(unique(now, problems), catalog.weights))
    before, old = read_previous(previous, catalog.weights, problems)
    if len(now.periods) > 1:
        problems.append(("", problem("rank.periods", periods=", ".join(map(str, sorted(now.periods))))))
    if not entries and not any(p.is_error for _, p in problems):
        problems.append(("", problem("rank.no_scores", paths=", ".join(map(str, paths)))))
    if any(p.is_error for _, p in problems):
        return RankReport(None, tuple(entries), tuple(problems))
    period = now.period if now.period is not None else (before.period + 1 if before.period else None)
    rating = rank(entries, Grades(catalog.grades, catalog.grade_rounding), old, period)
    if output is not None:
        from toolkit.year.rating_book import write_rating_book

        try:
            write_rating_book(rating, entries, Path(output))
        except OSError as exc:
            problems.append((str(output), problem("file.write_failed", path=output, reason=exc.strerror or str(exc))))
            return RankReport(rating, tuple(entries), tuple(problems))
    return RankReport(rating, tuple(entries), tuple(problems), str(output) if output is not None else None)


def read_previous(previous: str | Path | None, weights: dict[str, dict[str, float]],
                  problems: list[tuple[str, Problem]]) -> tuple[Scores, list[Entry]]:
    """Last year's rating or score table (blocks formed as for this year's); its problems join `problems`."""
    before = read_paths([previous]) if previous is not None else Scores()
    problems += before.problems
    return before, with_blocks(unique(before, problems), weights)


def unique(scores: Scores, problems: list[tuple[str, Problem]]) -> list[Entry]:
    """One entry per (body type, scope, body): the same score twice (a scored copy and the summary made
    from it) counts once; two different scores are an error naming both files."""
    seen: dict[tuple[str, str, str], tuple[Entry, str]] = {}
    for entry, path in zip(scores.entries, scores.origin):
        key = (entry.body_type, entry.scope, entry.code)
        if key not in seen:
            seen[key] = (entry, path)
        elif seen[key][0].score != entry.score:
            first, first_path = seen[key]
            problems.append((path, problem("rank.duplicate", body=entry.code, scope=entry.scope,
                                           body_type=entry.body_type, first=first.score, first_path=first_path,
                                           second=entry.score, second_path=path)))
    return [entry for entry, _ in seen.values()]


def _named(entries: list[Entry]) -> list[Entry]:
    """A table without names gets the registry's full name of each code it knows."""
    from dataclasses import replace

    from toolkit.bodies import find_body

    out = []
    for e in entries:
        known = None if e.name else find_body(e.code)
        out.append(replace(e, name=known.name) if known else e)
    return out
