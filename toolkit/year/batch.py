"""The batch's summary from a `score` report: each scored file as plain data, each file not scored with
its problems, and the summary workbook written from them (`score … --summary FILE`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.problems import Problem, problem
from toolkit.year.summary import Failed, Scored, write_summary

if TYPE_CHECKING:
    from toolkit.run import ScoreReport


def split(report: ScoreReport) -> tuple[list[Scored], list[Failed]]:
    scored, failed = [], []
    for f in report.files:
        if f.result is None:
            failed.append(Failed(f.path, tuple((p.code, p.message) for p in f.problems if p.is_error)))
            continue
        r = f.result
        scored.append(Scored(f.path, r.body.code or r.body.name, r.body.name, r.body.type, r.meta.period,
                             {d: (s.score, s.provisional) for d, s in r.directions.items()},
                             (r.block.score, any(s.provisional for s in r.directions.values())) if r.block else None,
                             tuple((p.code, p.message) for p in f.problems)))
    return scored, failed


def write_batch_summary(report: ScoreReport, path: Path, previous: Path | None = None) -> list[tuple[str, Problem]]:
    """Write the summary; the problems of last year's rating (then nothing is written) or of the write."""
    from toolkit.catalog import load_catalog
    from toolkit.year.rank import EDITION, read_previous
    from toolkit.year.rating import Grades

    catalog = load_catalog(EDITION)
    problems: list[tuple[str, Problem]] = []
    _, old = read_previous(previous, catalog.weights, problems)
    if any(p.is_error for _, p in problems):
        return problems
    scored, failed = split(report)
    try:
        write_summary(path, scored, failed, Grades(catalog.grades, catalog.grade_rounding), catalog.weights, old)
    except OSError as exc:
        problems.append((str(path), problem("file.write_failed", path=path, reason=exc.strerror or str(exc))))
    return problems
