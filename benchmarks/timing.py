"""Median-of-N wall-clock timing in this process, after a warm-up that pays imports and caches."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Timing:
    runs_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    def to_dict(self) -> dict[str, object]:
        return {"median_ms": round(self.median_ms, 3), "min_ms": round(min(self.runs_ms), 3),
                "max_ms": round(max(self.runs_ms), 3), "runs_ms": [round(r, 3) for r in self.runs_ms]}


def measure(ops: dict[str, Callable[[], object]], reps: int, warmup: int = 1) -> dict[str, Timing]:
    """Time every operation `reps` times, taking them in turn (a round of all, then the next round).

    In turn rather than one operation's runs back to back: on a shared machine a busy spell then
    slows one run of each operation instead of every run of one, so the ratios between operations,
    which are what the targets are about, stay fair. Median rather than mean for the same reason.
    A collection before each run keeps one run's garbage from being billed to the next; the
    collector stays on during the run, since its work is part of the cost being measured.
    """
    for _ in range(warmup):
        for fn in ops.values():
            fn()
    runs: dict[str, list[float]] = {name: [] for name in ops}
    for _ in range(reps):
        for name, fn in ops.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            runs[name].append((time.perf_counter() - start) * 1000)
    return {name: Timing(tuple(r)) for name, r in runs.items()}
