"""The batch: N generated workbooks scored by the real CLI, `python -m toolkit score --jobs 2 -o OUT DIR`.

It runs as a subprocess, so its time includes the interpreter's start-up, the imports and the
process pool — what a user waits for. The CPU time of the CLI and its workers (from wait4) beside
the wall time shows how much of the second core the batch actually got. Memory is reported two
ways, because neither alone is the whole truth:

* `wait4`'s ru_maxrss: the peak RSS of the single largest process of the tree (the CLI or one
  worker), exact but blind to the workers running side by side. A small launcher process starts the
  CLI and calls wait4: an exec'd child's ru_maxrss also counts the memory of the process it was
  spawned from (Linux records the pre-exec peak), so started straight from this benchmark, which by
  then holds `formulas` and the large workbooks, it would report this process's peak instead;
* the peak of the summed memory of the whole tree below the launcher, sampled from /proc every 50 ms:
  RSS (an upper bound — pages the forked workers share with their parent are counted in each) and
  PSS (shared pages divided between their users, the fairer sum); a peak shorter than the interval
  can be missed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import statistics
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kinds import KINDS, Kind

if TYPE_CHECKING:
    from process import Launch

SAMPLE_INTERVAL = 0.05  # seconds
LARGE_SHARE = 0.01  # of the batch, per large kind


def batch_mix(n: int) -> dict[str, int]:
    """Mostly typical reports of every direction in equal parts, about 1 % of each large kind."""
    large = [k for k in KINDS if k.large]
    each = max(1, round(n * LARGE_SHARE)) if n >= 10 * len(large) else 0
    mix = {k.name: each for k in large}
    typical = [k.name for k in KINDS if not k.large]
    rest = n - each * len(large)
    for i, name in enumerate(typical):
        mix[name] = rest // len(typical) + (1 if i < rest % len(typical) else 0)
    return mix


def generate(folder: Path, mix: dict[str, int], blanks: Path, jobs: int) -> list[Path]:
    """Write the batch's inputs, each with its own seed so the figures vary from file to file."""
    folder.mkdir(parents=True, exist_ok=True)
    by_name: dict[str, Kind] = {k.name: k for k in KINDS}
    tasks = [(by_name[name].make, folder / f"{name}-{i:04d}.xlsx", 1000 + i)
             for name, count in mix.items() for i in range(count)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_make, tasks, [blanks] * len(tasks), chunksize=8))
    return [path for _, path, _ in tasks]


def _make(task: tuple, blanks: Path) -> None:
    make, path, seed = task
    make(path, seed, blanks)


@dataclass(frozen=True, slots=True)
class BatchResult:
    files: int
    scored: int
    jobs: int
    exit_code: int
    seconds: float
    cpu_seconds: float
    max_single_rss_mib: float
    peak_tree_rss_mib: float
    peak_tree_pss_mib: float
    peak_processes: int
    samples: int
    load_before: tuple[float, float, float] | None = None  # the machine's load averages around this run
    load_after: tuple[float, float, float] | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.scored == self.files

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Pair:
    """One `--jobs N` run and one `--jobs 1` run of the same batch, back to back (order alternating)."""

    parallel: BatchResult
    serial: BatchResult
    parallel_first: bool

    @property
    def ratio(self) -> float | None:
        return self.parallel.seconds / self.serial.seconds if self.parallel.ok and self.serial.ok else None

    @property
    def cpu_ratio(self) -> float | None:
        ok = self.parallel.ok and self.serial.ok and self.serial.cpu_seconds
        return self.parallel.cpu_seconds / self.serial.cpu_seconds if ok else None

    def to_dict(self) -> dict[str, object]:
        return {"parallel": self.parallel.to_dict(), "serial": self.serial.to_dict(),
                "parallel_first": self.parallel_first, "ratio": self.ratio, "cpu_ratio": self.cpu_ratio}


def median_ratio(pairs: list[Pair]) -> float | None:
    """The median of the pairs' wall-time ratios: each pair ran close together, so a busy spell shifts
    one pair, and the median of ratios is steadier than a ratio of medians."""
    ratios = [p.ratio for p in pairs]
    return None if not ratios or None in ratios else statistics.median(ratios)  # type: ignore[type-var]


def run_pairs(launch: Launch, inputs: Path, work: Path, jobs: int, pairs: int) -> list[Pair]:
    """`pairs` pairs of runs, `--jobs N` first in the even pairs and `--jobs 1` first in the odd ones, so
    neither always runs on the machine the other left behind (warm file cache, a neighbour's busy spell)."""
    out = []
    for i in range(pairs):
        order = (jobs, 1) if i % 2 == 0 else (1, jobs)
        got = {}
        for j in order:
            outdir = work / f"batch-out-{i}-{j}"
            got[j] = run_batch(launch, inputs, outdir, j, work / f"batch-{i}-{j}.log")
            shutil.rmtree(outdir, ignore_errors=True)
        out.append(Pair(got[jobs], got[1], i % 2 == 0))
    return out


# Runs the command given; writes its wall time, exit code, wait4's ru_maxrss (KiB) and CPU seconds as JSON.
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
pid = subprocess.Popen(sys.argv[2:]).pid
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": seconds, "exit_code": os.waitstatus_to_exitcode(status), "maxrss": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime}, fh)
"""

# `xlscore ARGS…` with every full read (reader) and every validation of a file appended to a log, one line
# each, from the CLI and its forked workers alike (O_APPEND). It wraps the names `check_file` looks up in
# toolkit.check at call time, so it sees every file the batch reads through the reader.
_COUNTER = r"""
import os, sys
from pathlib import Path
import toolkit.check as check
log = sys.argv[1]
def counted(what, real):
    def wrapper(path, *args, **kwargs):
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.write(fd, f"{what}\t{Path(path).name}\n".encode())
        os.close(fd)
        return real(path, *args, **kwargs)
    return wrapper
check.read_document = counted("read", check.read_document)
check.check_document = counted("validate", check.check_document)
from toolkit.cli import main
sys.argv = ["xlscore", *sys.argv[2:]]
main()
"""


@dataclass(frozen=True, slots=True)
class ReadCount:
    """How often each file of the batch was read and validated in one instrumented `score --jobs N` run."""

    files: int
    reads: dict[str, int]
    validations: dict[str, int]
    exit_code: int

    @property
    def most(self) -> int:
        """The largest number of reads or validations of one file (1: nothing done twice)."""
        return max([*self.reads.values(), *self.validations.values()], default=0)

    @property
    def complete(self) -> bool:
        """Every file was seen by the instrumentation (else the count proves nothing)."""
        return len(self.reads) == self.files and len(self.validations) == self.files

    def to_dict(self) -> dict[str, object]:
        twice = sorted({n for counts in (self.reads, self.validations) for n, c in counts.items() if c > 1})
        return {"files": self.files, "reads": sum(self.reads.values()), "validations": sum(self.validations.values()),
                "most": self.most, "complete": self.complete, "exit_code": self.exit_code, "twice": twice[:20]}


def count_reads(launch: Launch, inputs: Path, outdir: Path, jobs: int, log: Path) -> ReadCount:
    """Score the batch once, untimed, with every read and validation counted. It also warms the cache
    folder: the templates of every period, body type and direction in the batch (openpyxl, ≈ 0.5 s each)
    and their compiled views, as any earlier run would have; without it the first timed run paid all of
    that and the others none."""
    counts = log.with_suffix(".reads")
    counts.unlink(missing_ok=True)
    with log.open("w") as out:
        done = subprocess.run([launch.python, "-c", _COUNTER, str(counts), "score", "--jobs", str(jobs),
                               "-o", str(outdir), str(inputs)], cwd=inputs.parent, env=launch.env,
                              stdout=out, stderr=subprocess.STDOUT)
    shutil.rmtree(outdir, ignore_errors=True)
    reads: Counter[str] = Counter()
    validations: Counter[str] = Counter()
    for line in (counts.read_text(encoding="utf-8").splitlines() if counts.exists() else []):
        what, _, name = line.partition("\t")
        (reads if what == "read" else validations)[name] += 1
    return ReadCount(sum(1 for _ in inputs.glob("*.xlsx")), dict(reads), dict(validations), done.returncode)


def run_batch(launch: Launch, inputs: Path, outdir: Path, jobs: int, log: Path) -> BatchResult:
    """Score every workbook in `inputs` with xlscore as `launch` starts it and measure time and memory."""
    outdir.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".json")
    cmd = [sys.executable, "-c", _LAUNCHER, str(report),
           *launch.prefix, "score", "--jobs", str(jobs), "-o", str(outdir), str(inputs)]
    load_before = load_average()
    with log.open("w") as out:
        launcher = subprocess.Popen(cmd, cwd=inputs.parent, env=launch.env, stdout=out, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(launcher.pid)
        sampler.start()
        launcher.wait()
        sampler.stop.set()
        sampler.join()
    if launcher.returncode != 0 or not report.exists():
        raise RuntimeError(f"the batch launcher failed ({launcher.returncode}):\n{log.read_text()[-3000:]}")
    figures = json.loads(report.read_text())
    files = sum(1 for _ in inputs.glob("*.xlsx"))
    scored = sum(1 for _ in outdir.glob("*.scored.xlsx"))
    return BatchResult(files, scored, jobs, figures["exit_code"], figures["seconds"], figures["cpu"],
                       figures["maxrss"] / 1024, sampler.peak_rss / 1024, sampler.peak_pss / 1024,
                       sampler.peak_processes, sampler.samples, load_before, load_average())


def load_average() -> tuple[float, float, float] | None:
    """The machine's 1, 5 and 15 minute load averages (what else was running), where the OS says."""
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return None


class _TreeSampler(threading.Thread):
    """Polls /proc for the summed RSS and PSS (KiB) of the launcher's descendants."""

    def __init__(self, launcher: int) -> None:
        super().__init__(daemon=True)
        self.launcher = launcher
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = 0
        self.peak_processes = self.samples = 0

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.launcher)[1:]  # the launcher itself is not the toolkit's cost
            rss = pss = 0
            for pid in pids:
                r, p = _memory(pid)
                rss, pss = rss + r, pss + p
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.samples += 1
            self.stop.wait(SAMPLE_INTERVAL)


def _tree(root: int) -> list[int]:
    """The root and its descendants, from each process's parent id in /proc/PID/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue  # the process ended meanwhile
            ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the command name may hold spaces and ')'
            parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB from smaps_rollup; (0, 0) for a process that is gone or a zombie."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = {}
    for line in text.splitlines()[1:]:
        key, _, rest = line.partition(":")
        fields[key] = int(rest.split()[0]) if rest.strip() else 0
    return fields.get("Rss", 0), fields.get("Pss", 0)
