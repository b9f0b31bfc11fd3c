"""List size → time: one openness report with one list grown from a hundred rows to tens of thousands.

Real lists are that long (2020: 47 100 comments on draft acts, seed 000), so the promise that validate
and score stay close to linear is measured here, each size against the same baselines in the same run:
openpyxl load + save and a python-calamine read of the very file. The list is the comments on draft
acts (four columns, a date and a yes/no among them), filled by `fill` like any report.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import engines
from kinds import fill_openness, openness_data
from timing import Timing, measure

SIZES = (100, 1_000, 10_000, 50_000)
# With --huge only: generating it (through `fill`, i.e. openpyxl) and openpyxl's load + save baseline take
# minutes and about 2 GiB between them, too long for every run; the per-row targets are checked at 50 000.
HUGE = 300_000
# Above the default sizes the warm-up round is skipped: everything it would warm (imports, the catalog,
# the template cache) the smaller sizes warmed already, and at 300 000 rows openpyxl's round alone is ≈ 50 s.
LIST = ("npa", "comments")


@dataclass
class SizeResult:
    rows: int
    size: int
    reps: int
    times: dict[str, Timing] = field(default_factory=dict)
    generate_s: float = 0.0  # writing the file (fill)
    measure_s: float = 0.0  # the warm-up and the timed rounds of all four operations: what this size costs a run

    def ratio(self, op: str, base: str) -> float:
        return self.times[op].median_ms / self.times[base].median_ms


def make_sized(target: Path, rows: int, seed: int, blanks: Path) -> None:
    data: dict[str, Any] = copy.deepcopy(openness_data(seed))
    group, name = LIST
    start = date(data["period"], 1, 10)
    data["openness"][group][name] = [
        {"received": start + timedelta(days=i % 340), "document": f"Проект приказа № {i + 1}",
         "link": f"https://legalacts.egov.kz/npa/view?id={100000 + i}", "answered": i % 17 != 0}
        for i in range(rows)]
    fill_openness(blanks, data, target)


def bench_sizes(work: Path, sizes: tuple[int, ...], reps: int, seed: int, ops_names: tuple[str, str, str, str]
                ) -> list[SizeResult]:
    """Each size: the four operations in turn, `reps` rounds after a warm-up (see timing.measure)."""
    openpyxl_op, calamine_op, validate_op, score_op = ops_names
    results = []
    folder = work / "sizes"
    folder.mkdir(exist_ok=True)
    for rows in sizes:
        source = folder / f"list-{rows}.xlsx"
        start = time.perf_counter()
        make_sized(source, rows, seed, work / "blanks")
        generated = time.perf_counter()
        outputs = iter(folder / f"list-{rows}-{i}.scored.xlsx" for i in range(reps + 2))
        ops = {openpyxl_op: lambda: engines.openpyxl_roundtrip(source),
               calamine_op: lambda: engines.calamine_read(source),
               validate_op: lambda: engines.validate(source),
               score_op: lambda: engines.score(source, next(outputs))}
        result = SizeResult(rows, source.stat().st_size, reps)
        result.times = measure(ops, reps, warmup=1 if rows <= SIZES[-1] else 0)
        result.generate_s, result.measure_s = generated - start, time.perf_counter() - generated
        for path in folder.glob(f"list-{rows}-*.scored.xlsx"):
            path.unlink()
        results.append(result)
    return results
