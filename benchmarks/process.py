"""Whole processes, as a user feels them: `xlscore validate FILE`, `xlscore score FILE`, `xlscore --help`
each started as `python -m toolkit …`, next to `python -c pass` started the same way, in turn.

What a user waits for at the command line is mostly what happens before any work: the interpreter,
the imports, the catalog. So these are timed as real processes (start-up included), interleaved in
rounds like the in-process figures (a busy spell costs one run of each, not every run of one), and the
targets are ratios to an empty interpreter measured in the same rounds. `python -m toolkit` with this
checkout on PYTHONPATH runs the same `main()` as the `xlscore` script.

Peak memory (`wait4`'s ru_maxrss of the process, through a small launcher, see batch.py) of `score`
against `validate` of the same file is measured the same way: score reads, scores and writes, and
should not hold much more than validate does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from batch import _LAUNCHER
from timing import Timing

PASS, HELP, VALIDATE, SCORE = "python -c pass", "xlscore --help", "xlscore validate FILE", "xlscore score FILE"


def _env(repo: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(repo)}


def compile_bytecode(repo: Path) -> None:
    """Compile the checkout's modules as `pip install` does for a user. Without it, a checkout run with
    PYTHONDONTWRITEBYTECODE set (or from a read-only folder) compiles ~40 modules from source at every
    start, about 55 ms that no installed xlscore pays."""
    import compileall

    compileall.compile_dir(repo / "toolkit", quiet=1)


def whole_process(repo: Path, sample: Path, reps: int, work: Path) -> dict[str, Timing]:
    """Medians of `reps` rounds (after one warm-up round, which fills the OS's file cache and the
    user's cache folder: the templates and the compiled catalog a second run of xlscore reads)."""
    work.mkdir(parents=True, exist_ok=True)
    compile_bytecode(repo)
    outputs = iter(work / f"run-{i}.scored.xlsx" for i in range(reps + 2))
    cmds = {PASS: lambda: [sys.executable, "-c", "pass"],
            HELP: lambda: [sys.executable, "-m", "toolkit", "--help"],
            VALIDATE: lambda: [sys.executable, "-m", "toolkit", "validate", str(sample)],
            SCORE: lambda: [sys.executable, "-m", "toolkit", "score", str(sample), "-o", str(next(outputs))]}
    runs: dict[str, list[float]] = {name: [] for name in cmds}
    for round_no in range(reps + 1):
        for name, cmd in cmds.items():
            args = cmd()
            start = time.perf_counter()
            done = subprocess.run(args, cwd=work, env=_env(repo), capture_output=True)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
            if round_no:
                runs[name].append(elapsed)
    return {name: Timing(tuple(r)) for name, r in runs.items()}


def peak_memory(repo: Path, sample: Path, work: Path) -> dict[str, float]:
    """ru_maxrss (MiB) of one `validate` and one `score` process of `sample`, each via the launcher."""
    out = {}
    for name, args in ((VALIDATE, ["validate", str(sample)]),
                       (SCORE, ["score", str(sample), "-o", str(work / "memory.scored.xlsx")])):
        with tempfile.NamedTemporaryFile(suffix=".json", dir=work, delete=False) as fh:
            report = Path(fh.name)
        subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), sys.executable, "-m", "toolkit", *args],
                       cwd=work, env=_env(repo), capture_output=True, check=True)
        figures = json.loads(report.read_text())
        if figures["exit_code"] != 0:
            raise RuntimeError(f"{name} of {sample} exited {figures['exit_code']}")
        out[name] = figures["maxrss"] / 1024
    return out


def warm_cache(repo: Path, folder: Path, log: Path) -> None:
    """Validate every file of the batch once, untimed: it builds the templates of the batch's periods,
    body types and directions (openpyxl, ≈ 0.5 s each) and their compiled views in the user's cache
    folder, as any earlier run would have. Without it the first timed run (`--jobs 2`) paid all of that,
    in both workers at once, and the second (`--jobs 1`) none of it."""
    with log.open("w") as out:
        subprocess.run([sys.executable, "-m", "toolkit", "validate", "--json", str(folder)], cwd=repo,
                       env=_env(repo), stdout=out, stderr=subprocess.STDOUT)


def load_average() -> tuple[float, float, float] | None:
    """The machine's 1, 5 and 15 minute load averages (what else was running), where the OS says."""
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return None
