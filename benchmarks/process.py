"""Whole processes, as a user feels them: `xlscore validate FILE`, `xlscore score FILE`, `xlscore --help`
timed as real processes next to `python -c pass` started the same way, in turn.

What a user waits for at the command line is mostly what happens before any work: the interpreter,
the imports, the catalog. So these are timed as real processes (start-up included), interleaved in
rounds like the in-process figures (a busy spell costs one run of each, not every run of one), and the
targets are ratios to an empty interpreter measured in the same rounds.

Two set-ups are timed in the same rounds: a clean install (clean.py: a venv with only xlscore and its
dependencies, the `xlscore` script, as a user has it; the targets are judged on it) and this checkout
run as `python -m toolkit` by the dev venv's python (PYTHONPATH, numpy and pandas installed beside it:
what a developer feels). LibreOffice recalculating the scored copy is a whole process too
(`soffice --convert-to xlsx`), so it is timed in the same rounds and compared with `xlscore score FILE`.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from batch import _LAUNCHER, load_average  # noqa: F401  (load_average: re-exported)
from clean import CleanInstall
from timing import Timing

PASS, HELP, VALIDATE, SCORE = "python -c pass", "xlscore --help", "xlscore validate FILE", "xlscore score FILE"
COMMANDS = (PASS, HELP, VALIDATE, SCORE)
LIBREOFFICE = "soffice --convert-to xlsx (recalculates the scored copy)"
CLEAN, CHECKOUT = "clean install", "checkout"


@dataclass(frozen=True, slots=True)
class Launch:
    """How to start xlscore in one set-up: the interpreter, the command prefix, the environment."""

    name: str
    python: str
    prefix: tuple[str, ...]
    env: dict[str, str]


def checkout_launch(repo: Path) -> Launch:
    """This checkout through the dev venv's python: `python -m toolkit` with the checkout on PYTHONPATH."""
    return Launch(CHECKOUT, sys.executable, (sys.executable, "-m", "toolkit"), {**os.environ, "PYTHONPATH": str(repo)})


def clean_launch(clean: CleanInstall) -> Launch:
    """The clean venv's `xlscore` script, nothing on PYTHONPATH."""
    assert clean.python is not None and clean.script is not None
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return Launch(CLEAN, str(clean.python), (str(clean.script),), env)


def compile_bytecode(repo: Path) -> None:
    """Compile the checkout's modules as `pip install` does for a user. Without it, a checkout run with
    PYTHONDONTWRITEBYTECODE set (or from a read-only folder) compiles ~40 modules from source at every
    start, about 55 ms that no installed xlscore pays."""
    import compileall

    compileall.compile_dir(repo / "toolkit", quiet=1)


def _commands(launch: Launch, sample: Path, outputs: Callable[[], Path]) -> dict[str, Callable[[], list[str]]]:
    return {PASS: lambda: [launch.python, "-c", "pass"],
            HELP: lambda: [*launch.prefix, "--help"],
            VALIDATE: lambda: [*launch.prefix, "validate", str(sample)],
            SCORE: lambda: [*launch.prefix, "score", str(sample), "-o", str(outputs())]}


def whole_process(launches: list[Launch], sample: Path, reps: int, work: Path,
                  libreoffice: Callable[[], list[str]] | None = None) -> dict[str, dict[str, Timing]]:
    """Medians of `reps` rounds (after one warm-up round, which fills the OS's file cache and the
    user's cache folder: the templates and the compiled catalog a second run of xlscore reads), every
    command of every set-up once per round. {set-up name: {command: timing}}; LibreOffice, when
    given, under its own name."""
    work.mkdir(parents=True, exist_ok=True)
    counter = iter(range(10**9))
    outputs = lambda: work / f"run-{next(counter)}.scored.xlsx"  # noqa: E731
    cmds: list[tuple[str, str, Callable[[], list[str]], dict[str, str]]] = [
        (launch.name, name, argv, launch.env)
        for launch in launches for name, argv in _commands(launch, sample, outputs).items()]
    if libreoffice is not None:
        cmds.append((LIBREOFFICE, LIBREOFFICE, libreoffice, dict(os.environ)))
    runs: dict[tuple[str, str], list[float]] = {(setup, name): [] for setup, name, _, _ in cmds}
    for round_no in range(reps + 1):
        for setup, name, argv, env in cmds:
            args = argv()
            start = time.perf_counter()
            done = subprocess.run(args, cwd=work, env=env, capture_output=True)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
            if round_no:
                runs[(setup, name)].append(elapsed)
    out: dict[str, dict[str, Timing]] = {}
    for (setup, name), r in runs.items():
        out.setdefault(setup, {})[name] = Timing(tuple(r))
    return out


def peak_memory(launch: Launch, sample: Path, work: Path) -> dict[str, float]:
    """ru_maxrss (MiB) of one `validate` and one `score` process of `sample`, each via the launcher."""
    out = {}
    for name, args in ((VALIDATE, ["validate", str(sample)]),
                       (SCORE, ["score", str(sample), "-o", str(work / "memory.scored.xlsx")])):
        with tempfile.NamedTemporaryFile(suffix=".json", dir=work, delete=False) as fh:
            report = Path(fh.name)
        subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *launch.prefix, *args],
                       cwd=work, env=launch.env, capture_output=True, check=True)
        figures = json.loads(report.read_text())
        if figures["exit_code"] != 0:
            raise RuntimeError(f"{name} of {sample} exited {figures['exit_code']}")
        out[name] = figures["maxrss"] / 1024
    return out
