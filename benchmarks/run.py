"""`make bench`: how fast `xlscore validate` and `xlscore score` are, against baselines measured in the same run.

Per workbook kind (benchmarks/kinds.py), in this process, median of N runs after a warm-up:
openpyxl load + save and a python-calamine read of the same file (the baselines), `check_file`
(validate), `score_file` (score with write-back), and the `formulas` package and LibreOffice headless
recalculating the scored copy. Then a batch of generated workbooks through the CLI with `--jobs 2`,
timed with its start-up, with its peak memory. Figures are printed as tables and written to
build/bench.json; targets are marked met or not. Ratios, not milliseconds, are what carries
between machines.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import itertools
import json
import os
import platform
import pstats
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # measure this checkout's toolkit, whatever the venv has installed

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

import engines  # noqa: E402
import process  # noqa: E402
from batch import BatchResult, batch_mix, generate, run_batch  # noqa: E402
from kinds import KINDS, PENDING, Kind, prepare_blanks  # noqa: E402
from sizes import HUGE, SIZES, SizeResult, bench_sizes  # noqa: E402
from timing import Timing, measure  # noqa: E402

OPENPYXL, CALAMINE = "openpyxl load + save", "calamine read"
VALIDATE, SCORE = "xlscore validate", "xlscore score"
FORMULAS, LIBREOFFICE = "formulas recalc", "LibreOffice recalc"
VALIDATE_LIMIT = 4.0  # × calamine read (issue 15)
SCORE_LIMIT = 0.4  # × openpyxl load + save (issue 15)
LINEAR_LIMIT = 2.0  # validate's and score's cost per list row at the largest size ÷ at 1 000 rows
PROCESS_LIMITS = {process.HELP: 3.0, process.VALIDATE: 4.0, process.SCORE: 6.0}  # × python -c pass (issue 15)
MEMORY_LIMIT = 1.5  # peak memory of score ÷ validate's, same file (issue 15)
JOBS_LIMIT = 0.6  # batch wall time with --jobs 2 ÷ with --jobs 1 (issue 15)
SAMPLE = REPO / "samples" / "complaints-МО.xlsx"  # the whole-process figures' file
BATCH_SECONDS = 60.0
BATCH_MIB = 1024.0
JOBS = 2
SEED = 7
# The figures for a 2 100-row report on another machine, printed for comparison only.
REFERENCE_MS = {OPENPYXL: 450, CALAMINE: 30, FORMULAS: 2400, LIBREOFFICE: 1000}

out = Console(width=None if sys.stdout.isatty() else 150)
log = Console(stderr=True)


@dataclass
class KindResult:
    kind: Kind
    size: int
    reps: int
    times: dict[str, Timing] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def ratio(self, op: str, base: str) -> float | None:
        if op not in self.times or base not in self.times:
            return None
        return self.times[op].median_ms / self.times[base].median_ms


@dataclass(frozen=True, slots=True)
class Target:
    what: str
    value: float | None
    limit: float | None  # None: reported, no target
    unit: str = "×"

    @property
    def met(self) -> bool | None:
        return None if self.value is None or self.limit is None else self.value <= self.limit


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    libreoffice_reason = "--no-libreoffice" if args.no_libreoffice else \
        None if engines.soffice_path() else "soffice is not installed (apt-get install libreoffice-calc-nogui)"
    formulas_reason = None if importlib.util.find_spec("formulas") else "the `formulas` package is not installed"
    load_before = process.load_average()
    with tempfile.TemporaryDirectory(prefix="xlscore-bench-") as tmp:
        work = Path(tmp)
        log.print(f"whole processes: {args.process_reps} rounds of python -c pass, --help, validate, score …")
        processes = process.whole_process(REPO, SAMPLE, args.process_reps, work / "process")
        blanks = work / "blanks"
        prepare_blanks(blanks)
        mix = batch_mix(args.batch)
        log.print(f"generating the batch: {args.batch} workbooks {mix} …")
        generate(work / "batch", mix, blanks, jobs=JOBS)  # before anything starts threads, since it forks
        libreoffice = None if libreoffice_reason else engines.LibreOffice(work)
        results = []
        for kind in KINDS:
            reps = args.reps or (args.large_reps if kind.large else args.small_reps)
            results.append(_bench_kind(kind, work, reps, libreoffice, libreoffice_reason, formulas_reason))
        log.print(f"list sizes {', '.join(map(str, args.sizes))} rows: {args.size_reps} rounds each …")
        sizes = bench_sizes(work, args.sizes, args.size_reps, SEED, (OPENPYXL, CALAMINE, VALIDATE, SCORE))
        largest = work / "sizes" / f"list-{max(args.sizes)}.xlsx"
        log.print(f"peak memory of validate and score, {largest.name} …")
        memory = process.peak_memory(REPO, largest, work / "process")
        log.print("warming the cache folder for the batch: python -m toolkit validate DIR (untimed) …")
        process.warm_cache(REPO, work / "batch", work / "batch-warm.log")
        log.print(f"scoring the batch: python -m toolkit score --jobs {JOBS} -o OUT DIR, then --jobs 1 …")
        batch = run_batch(REPO, work / "batch", work / "batch-out", JOBS, work / "batch.log")
        serial = run_batch(REPO, work / "batch", work / "batch-out-1", 1, work / "batch-1.log")
        if batch.exit_code != 0 or batch.scored != batch.files:
            log.print((work / "batch.log").read_text()[-3000:])
        profiles = _profiles(results, work) if args.profile else {}
    load = {"before": load_before, "after": process.load_average()}
    extra = _process_targets(processes, memory, largest.name, batch, serial)
    targets = extra + _targets(results, batch) + _size_targets(sizes)
    _print_processes(processes, memory, load)
    _print(results, batch, mix, targets, profiles)
    _print_sizes(sizes)
    _write_json(args.json, results, batch, mix, targets, args, libreoffice_reason, sizes)
    _add_json(args.json, processes, memory, serial, load)
    out.print(f"Figures written to {args.json}")
    return 0 if batch.exit_code == 0 and batch.scored == batch.files else 1


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="batch of 50, 3 runs typical / 1 run large")
    parser.add_argument("--batch", type=int, help="workbooks in the batch (default 500, --quick 50)")
    parser.add_argument("--reps", type=int, help="timed runs per operation for every kind (default 7 typical, 3 large)")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip LibreOffice headless recalculation")
    parser.add_argument("--profile", action="store_true",
                        help="also print cProfile's top 15 cumulative entries of validate and score, large kinds")
    parser.add_argument("--sizes", type=lambda text: tuple(int(n) for n in text.split(",")),
                        help=f"list sizes in rows, comma-separated (default {','.join(map(str, SIZES))}; --quick drops the largest)")
    parser.add_argument("--huge", action="store_true",
                        help=f"also a list of {HUGE:,} rows (generating it and openpyxl's baseline take minutes)")
    parser.add_argument("--json", type=Path, default=REPO / "build" / "bench.json", help="where to write the figures")
    args = parser.parse_args(argv)
    args.batch = args.batch or (50 if args.quick else 500)
    args.small_reps, args.large_reps = (3, 1) if args.quick else (7, 3)
    args.sizes = args.sizes or (SIZES[:-1] if args.quick else SIZES)
    if args.huge and HUGE not in args.sizes:
        args.sizes = (*args.sizes, HUGE)
    args.size_reps = args.reps or args.large_reps
    args.process_reps = args.reps or (3 if args.quick else 7)
    if args.batch < 1 or (args.reps is not None and args.reps < 1):
        parser.error("--batch and --reps must be at least 1")
    return args


def _bench_kind(kind: Kind, work: Path, reps: int, libreoffice: engines.LibreOffice | None,
                libreoffice_reason: str | None, formulas_reason: str | None) -> KindResult:
    source = work / "kinds" / f"{kind.name}.xlsx"
    source.parent.mkdir(exist_ok=True)
    kind.make(source, SEED, work / "blanks")
    scored = source.with_name(f"{kind.name}.scored.xlsx")
    engines.score(source, scored)  # the copy the other engines recalculate
    outputs = (work / "out" / f"{kind.name}-{i}.scored.xlsx" for i in itertools.count())
    (work / "out").mkdir(exist_ok=True)
    ops = {OPENPYXL: lambda: engines.openpyxl_roundtrip(source),
           CALAMINE: lambda: engines.calamine_read(source),
           VALIDATE: lambda: engines.validate(source),
           SCORE: lambda: engines.score(source, next(outputs)),  # a fresh output each run
           FORMULAS: lambda: engines.formulas_recalc(scored),
           LIBREOFFICE: lambda: libreoffice.recalc(scored)}
    result = KindResult(kind, source.stat().st_size, reps)
    for name, reason in ((FORMULAS, formulas_reason), (LIBREOFFICE, libreoffice_reason)):
        if reason:
            result.skipped[name] = reason
            del ops[name]
    log.print(f"{kind.name}: 1 warm-up + {reps} rounds of {', '.join(ops)} …")
    result.times = measure(ops, reps)
    return result


def _profiles(results: list[KindResult], work: Path) -> dict[str, str]:
    """cProfile's top 15 cumulative entries of validate and score, for each large kind (after the runs above).

    The profiler's overhead inflates code with many small calls, so read the shares, not the seconds.
    """
    prefixes = sorted({f"{REPO}/", *(f"{p}/" for p in sysconfig.get_paths().values())}, key=len, reverse=True)
    texts = {}
    for r in (r for r in results if r.kind.large):
        source = work / "kinds" / f"{r.kind.name}.xlsx"
        for name, fn in ((VALIDATE, lambda: engines.validate(source)),
                         (SCORE, lambda: engines.score(source, work / "out" / f"{r.kind.name}-profile.scored.xlsx"))):
            profiler = cProfile.Profile()
            profiler.runcall(fn)
            buffer = io.StringIO()
            pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(15)
            text = buffer.getvalue().strip()
            for prefix in prefixes:  # toolkit/run.py, openpyxl/…, not whole paths
                text = text.replace(prefix, "")
            texts[f"{r.kind.name}: {name}"] = text
    return texts


def _targets(results: list[KindResult], batch: BatchResult) -> list[Target]:
    rows = []
    for r in results:
        rows.append(Target(f"{r.kind.name}: validate ÷ calamine read", r.ratio(VALIDATE, CALAMINE), VALIDATE_LIMIT))
        rows.append(Target(f"{r.kind.name}: score ÷ openpyxl load + save", r.ratio(SCORE, OPENPYXL), SCORE_LIMIT))
    for r in results:
        rows.append(Target(f"{r.kind.name}: score ÷ formulas recalc", r.ratio(SCORE, FORMULAS), None))
        rows.append(Target(f"{r.kind.name}: score ÷ LibreOffice recalc", r.ratio(SCORE, LIBREOFFICE), None))
    ok = batch.exit_code == 0 and batch.scored == batch.files
    rows.append(Target(f"batch of {batch.files}, --jobs {batch.jobs}: wall time", batch.seconds if ok else None,
                       BATCH_SECONDS, "s"))
    rows.append(Target("batch: peak memory, whole tree (sum of RSS)", batch.peak_tree_rss_mib, BATCH_MIB, "MiB"))
    rows.append(Target("batch: peak memory, whole tree (sum of PSS)", batch.peak_tree_pss_mib, None, "MiB"))
    rows.append(Target("batch: largest single process (wait4 ru_maxrss)", batch.max_single_rss_mib, None, "MiB"))
    return rows


def _process_targets(times: dict[str, Timing], memory: dict[str, float], memory_file: str, batch: BatchResult,
                     serial: BatchResult) -> list[Target]:
    base = times[process.PASS].median_ms
    rows = [Target(f"whole process: {name} ÷ python -c pass", times[name].median_ms / base, limit)
            for name, limit in PROCESS_LIMITS.items()]
    rows.append(Target(f"peak memory: score ÷ validate ({memory_file})", memory[process.SCORE] / memory[process.VALIDATE],
                       MEMORY_LIMIT))
    ok = all(b.exit_code == 0 and b.scored == b.files for b in (batch, serial))
    rows.append(Target(f"batch of {batch.files}: --jobs {batch.jobs} ÷ --jobs 1, wall time",
                       batch.seconds / serial.seconds if ok else None, JOBS_LIMIT))
    # no target: what the second process costs in CPU (1.0 = nothing), which a busy machine does not blur
    # the way it blurs the wall-time ratio above
    rows.append(Target(f"batch of {batch.files}: --jobs {batch.jobs} ÷ --jobs 1, CPU time of the tree",
                       batch.cpu_seconds / serial.cpu_seconds if ok and serial.cpu_seconds else None, None))
    return rows


def _print_processes(times: dict[str, Timing], memory: dict[str, float], load: dict[str, object]) -> None:
    base = times[process.PASS].median_ms
    table = Table("Command", "median ms", "min–max ms", "× python -c pass", "target",
                  title=f"[bold]whole processes[/]: python -m toolkit … on {SAMPLE.name}, start-up included, "
                        f"medians of {len(times[process.PASS].runs_ms)} interleaved rounds", title_justify="left")
    for name, t in times.items():
        limit = PROCESS_LIMITS.get(name)
        ratio = t.median_ms / base
        table.add_row(name, f"{t.median_ms:,.0f}", f"{min(t.runs_ms):,.0f}–{max(t.runs_ms):,.0f}", f"{ratio:.2f}",
                      "" if limit is None else f"{_mark(ratio <= limit)} (≤ {limit:g} ×)")
    out.print(table)
    out.print(f"Peak memory (ru_maxrss): validate {memory[process.VALIDATE]:,.0f} MiB, "
              f"score {memory[process.SCORE]:,.0f} MiB. Load average (1, 5, 15 min) before: "
              f"{_load(load['before'])}, after: {_load(load['after'])} on {_cpus()} CPUs.")


def _load(figures: object) -> str:
    return "n/a" if not figures else ", ".join(f"{x:.2f}" for x in figures)  # type: ignore[union-attr]


def _add_json(path: Path, times: dict[str, Timing], memory: dict[str, float], serial: BatchResult,
              load: dict[str, object]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    base = times[process.PASS].median_ms
    doc["processes"] = {"sample": SAMPLE.name, "times": {name: {**t.to_dict(), "x_pass": round(t.median_ms / base, 4)}
                                                         for name, t in times.items()}}
    doc["peak_memory_mib"] = {name: round(v, 1) for name, v in memory.items()}
    doc["batch_jobs_1"] = serial.to_dict()
    doc["load_average"] = load
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _size_targets(sizes: list[SizeResult]) -> list[Target]:
    rows = []
    for r in sizes:
        rows.append(Target(f"list of {r.rows:,} rows: validate ÷ calamine read", r.ratio(VALIDATE, CALAMINE), VALIDATE_LIMIT))
        rows.append(Target(f"list of {r.rows:,} rows: score ÷ openpyxl load + save", r.ratio(SCORE, OPENPYXL), SCORE_LIMIT))
    base = next((r for r in sizes if r.rows == 1_000), None)
    largest = max(sizes, key=lambda r: r.rows, default=None)
    if base is not None and largest is not None and largest is not base:
        for op in (VALIDATE, SCORE):
            per_row = (largest.times[op].median_ms / largest.rows) / (base.times[op].median_ms / base.rows)
            rows.append(Target(f"{op}: cost per row at {largest.rows:,} ÷ at 1,000 rows", per_row, LINEAR_LIMIT))
    return rows


def _print_sizes(sizes: list[SizeResult]) -> None:
    table = Table("rows", "KiB", f"{OPENPYXL} ms", f"{CALAMINE} ms", f"{VALIDATE} ms", "× calamine",
                  f"{SCORE} ms", "× openpyxl", "validate µs/row", "score µs/row",
                  title="[bold]list size[/]: one openness report, comments on draft acts grown to N rows; "
                        "medians in-process, baselines on the same file in the same run", title_justify="left")
    for r in sizes:
        ms = {op: r.times[op].median_ms for op in r.times}
        table.add_row(f"{r.rows:,}", f"{r.size / 1024:,.0f}", f"{ms[OPENPYXL]:,.1f}", f"{ms[CALAMINE]:,.1f}",
                      f"{ms[VALIDATE]:,.1f}", f"{r.ratio(VALIDATE, CALAMINE):.2f}", f"{ms[SCORE]:,.1f}",
                      f"{r.ratio(SCORE, OPENPYXL):.2f}", f"{ms[VALIDATE] * 1000 / r.rows:,.1f}",
                      f"{ms[SCORE] * 1000 / r.rows:,.1f}")
    out.print(table)


def _print(results: list[KindResult], batch: BatchResult, mix: dict[str, int], targets: list[Target],
           profiles: dict[str, str]) -> None:
    for r in results:
        table = Table("Operation", "median ms", "min–max ms", f"× {OPENPYXL}", f"× {CALAMINE}", "target",
                      title=f"[bold]{r.kind.name}[/]: {r.kind.summary}; {r.size / 1024:.0f} KiB, "
                            f"median of {r.reps} rounds after 1 warm-up, in-process", title_justify="left")
        for name, t in r.times.items():
            target = {VALIDATE: (CALAMINE, VALIDATE_LIMIT), SCORE: (OPENPYXL, SCORE_LIMIT)}.get(name)
            mark = _mark(r.ratio(name, target[0]) <= target[1]) + f" (≤ {target[1]} ×)" if target else ""
            runs = t.runs_ms
            table.add_row(name + (" (of the scored copy)" if name in (FORMULAS, LIBREOFFICE) else ""),
                          f"{t.median_ms:,.1f}", f"{min(runs):,.1f}–{max(runs):,.1f}",
                          f"{r.ratio(name, OPENPYXL):.2f}", f"{r.ratio(name, CALAMINE):.1f}", mark)
        for name, reason in r.skipped.items():
            table.add_row(name, "skipped", reason, "", "", "")
        out.print(table)

    mix_text = ", ".join(f"{n} {name}" for name, n in mix.items())
    table = Table("Batch", "", title=f"[bold]batch[/]: python -m toolkit score --jobs {batch.jobs} -o OUT DIR "
                  "(a subprocess: start-up included)", title_justify="left")
    table.add_row("workbooks", f"{batch.files} ({mix_text}; inputs varied per file, large = ~1 % each)")
    table.add_row("scored / exit code", f"{batch.scored} / {batch.exit_code}")
    per_file = batch.seconds / max(batch.files, 1) * 1000
    table.add_row("wall time", f"{batch.seconds:.1f} s ({per_file:.0f} ms per workbook)")
    table.add_row("peak memory, whole tree, sum of RSS", f"{batch.peak_tree_rss_mib:.0f} MiB "
                  "(upper bound: pages shared by the forked workers counted in each)")
    table.add_row("peak memory, whole tree, sum of PSS", f"{batch.peak_tree_pss_mib:.0f} MiB (shared pages divided)")
    table.add_row("largest single process (wait4 ru_maxrss)", f"{batch.max_single_rss_mib:.0f} MiB")
    table.add_row("CPU time of the tree (wait4)", f"{batch.cpu_seconds:.1f} s = "
                  f"{batch.cpu_seconds / batch.seconds:.2f} CPUs busy on average ({batch.jobs} jobs, {_cpus()} CPUs)")
    table.add_row("sampling", f"{batch.samples} samples of /proc every 50 ms, up to {batch.peak_processes} processes")
    out.print(table)

    table = Table("Measure", "value", "target", "result", title="[bold]targets and ratios[/]", title_justify="left")
    for t in targets:
        value = "n/a" if t.value is None else f"{t.value:.2f} ×" if t.unit == "×" else f"{t.value:,.1f} {t.unit}"
        limit = "" if t.limit is None else f"≤ {t.limit:g} {t.unit}" if t.unit == "×" else f"< {t.limit:g} {t.unit}"
        table.add_row(t.what, value, limit, "" if t.met is None else _mark(t.met))
    out.print(table)

    reference = ", ".join(f"{name} ≈ {ms:,} ms" for name, ms in REFERENCE_MS.items())
    out.print(f"[dim]Measured elsewhere on a 2 100-row report (for comparison, not a target): {reference}.[/]")
    for direction, reason in PENDING.items():
        out.print(f"[yellow]Not yet included: {direction} workbooks — {reason}.[/]")
    for title, text in profiles.items():
        out.rule(f"cProfile, top 15 cumulative: {title}")
        out.print(text, markup=False, highlight=False)


def _mark(met: bool) -> str:
    return "[green]met[/]" if met else "[red]NOT met[/]"


def _write_json(path: Path, results: list[KindResult], batch: BatchResult, mix: dict[str, int],
                targets: list[Target], args: argparse.Namespace, libreoffice_reason: str | None,
                sizes: list[SizeResult]) -> None:
    doc = {
        "environment": _environment(libreoffice_reason),
        "settings": {"batch": args.batch, "jobs": JOBS, "quick": args.quick, "seed": SEED,
                     "reps": {r.kind.name: r.reps for r in results}, "warmup": 1},
        "kinds": {r.kind.name: {
            "direction": r.kind.direction, "summary": r.kind.summary, "large": r.kind.large, "bytes": r.size,
            "times": {name: {**t.to_dict(), "x_openpyxl": round(r.ratio(name, OPENPYXL), 4),
                             "x_calamine": round(r.ratio(name, CALAMINE), 4)} for name, t in r.times.items()},
            "skipped": r.skipped} for r in results},
        "batch": {**batch.to_dict(), "mix": mix},
        "sizes": [{"rows": r.rows, "bytes": r.size, "reps": r.reps,
                   "times": {name: t.to_dict() for name, t in r.times.items()},
                   "validate_x_calamine": round(r.ratio(VALIDATE, CALAMINE), 4),
                   "score_x_openpyxl": round(r.ratio(SCORE, OPENPYXL), 4)} for r in sizes],
        "targets": [{"what": t.what, "value": None if t.value is None else round(t.value, 4), "limit": t.limit,
                     "unit": t.unit, "met": t.met} for t in targets],
        "reference_ms_elsewhere": REFERENCE_MS,
        "not_yet_included": PENDING,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _environment(libreoffice_reason: str | None) -> dict[str, object]:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True).stdout.strip()

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": _cpus(),
            "commit": git("rev-parse", "HEAD"), "toolkit_dirty": bool(git("status", "--porcelain", "--", "toolkit")),
            "packages": {p: version(p) for p in ("openpyxl", "python-calamine", "formulas")},
            "libreoffice": {"path": engines.soffice_path(), "skipped": libreoffice_reason}}


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
