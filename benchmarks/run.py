"""`make bench`: how fast `xlscore validate` and `xlscore score` are, against baselines measured in the same run.

Whole processes first (process.py): `xlscore --help`, `validate FILE`, `score FILE` against `python -c pass`,
from a clean install of this checkout (clean.py, a venv without the dev extras: the targets) and from the
checkout itself (beside them), with LibreOffice's whole `soffice --convert-to` process in the same rounds.
Per workbook kind (benchmarks/kinds.py), in this process, median of N runs after a warm-up:
openpyxl load + save and a python-calamine read of the same file (the baselines), `check_file`
(validate), `score_file` (score with write-back), and the `formulas` package and LibreOffice headless
recalculating the scored copy (LibreOffice beside the whole `xlscore score FILE` process). Then list
sizes (sizes.py), and a batch of generated workbooks through the CLI: one instrumented run counting the
reads, then pairs of `--jobs 2` and `--jobs 1` runs (batch.py) with the machine's load around each.
Every target of issue 15 is printed with its value and met / NOT met, and written to build/bench.json;
`--compare OLD.json` adds the table before → after. Ratios, not milliseconds, are what carries
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
import statistics
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # measure this checkout's toolkit, whatever the venv has installed

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

import clean  # noqa: E402
import compare  # noqa: E402
import engines  # noqa: E402
import process  # noqa: E402
from batch import Pair, ReadCount, batch_mix, count_reads, generate, median_ratio, run_pairs  # noqa: E402
from kinds import KINDS, PENDING, Kind, prepare_blanks  # noqa: E402
from sizes import HUGE, SIZES, SizeResult, bench_sizes  # noqa: E402
from targets import Target, limit_text, met_text, ratio, value_text  # noqa: E402
from timing import Timing, measure  # noqa: E402

OPENPYXL, CALAMINE = "openpyxl load + save", "calamine read"
VALIDATE, SCORE = "xlscore validate", "xlscore score"
FORMULAS, LIBREOFFICE = "formulas recalc", "LibreOffice recalc"
SCORE_PROCESS = "xlscore score FILE, whole process"  # beside LibreOffice, which is a whole process too
VALIDATE_LIMIT = 4.0  # × calamine read (issue 15)
SCORE_LIMIT = 0.4  # × openpyxl load + save (issue 15)
LINEAR_LIMIT = 2.0  # validate's and score's cost per list row at the largest size ÷ at 1 000 rows
PROCESS_LIMITS = {process.HELP: 3.0, process.VALIDATE: 4.0, process.SCORE: 6.0}  # × python -c pass (issue 15)
MEMORY_LIMIT = 1.5  # peak memory of score ÷ validate's, same file (issue 15)
JOBS_LIMIT = 0.6  # batch wall time with --jobs 2 ÷ with --jobs 1 (issue 15)
SAMPLE = REPO / "samples" / "complaints-МО.xlsx"  # the whole-process figures' file
BATCH_SECONDS = 60.0
BATCH_MIB = 1024.0
CLEAN_VENV = REPO / "build" / "bench-clean"  # the clean install (clean.py), rebuilt when the sources change
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


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    libreoffice_reason = "--no-libreoffice" if args.no_libreoffice else \
        None if engines.soffice_path() else "soffice is not installed (apt-get install libreoffice-calc-nogui)"
    formulas_reason = None if importlib.util.find_spec("formulas") else "the `formulas` package is not installed"
    load_before = process.load_average()
    phases: list[tuple[str, float]] = []

    def phase(name: str, text: str) -> None:
        phases.append((name, time.perf_counter()))
        log.print(text)

    if args.no_clean_install:
        installed = clean.CleanInstall(None, None, "--no-clean-install")
    else:
        phase("clean install", f"the clean install: a venv with xlscore and its dependencies only, {CLEAN_VENV.relative_to(REPO)} …")
        installed = clean.ensure(REPO, CLEAN_VENV, REPO / "build" / "bench-clean.log")
    checkout = process.checkout_launch(REPO)
    launches = [process.clean_launch(installed), checkout] if installed.python else [checkout]
    user = launches[0]  # what the targets are judged on: the clean install, or the checkout where it failed
    with tempfile.TemporaryDirectory(prefix="xlscore-bench-") as tmp:
        work = Path(tmp)
        libreoffice = None if libreoffice_reason else engines.LibreOffice(work)
        sample_lo = None
        if libreoffice is not None:
            sample_lo = work / "process" / f"{SAMPLE.stem}.scored.xlsx"
            sample_lo.parent.mkdir(parents=True, exist_ok=True)
            engines.score(SAMPLE, sample_lo)  # the copy LibreOffice recalculates
        process.compile_bytecode(REPO)
        phase("whole processes", f"whole processes: {args.process_reps} rounds of python -c pass, --help, validate, score "
                  f"({', '.join(l.name for l in launches)}){', soffice' if libreoffice else ''} …")
        processes = process.whole_process(launches, SAMPLE, args.process_reps, work / "process",
                                          (lambda: libreoffice.command(sample_lo)) if libreoffice else None)
        blanks = work / "blanks"
        prepare_blanks(blanks)
        mix = batch_mix(args.batch)
        phase("generating the batch", f"generating the batch: {args.batch} workbooks {mix} …")
        generate(work / "batch", mix, blanks, jobs=JOBS)  # before anything starts threads, since it forks
        phases.append(("kinds", time.perf_counter()))
        results = []
        for kind in KINDS:
            reps = args.reps or (args.large_reps if kind.large else args.small_reps)
            results.append(_bench_kind(kind, work, reps, libreoffice, libreoffice_reason, formulas_reason, user))
        phase("list sizes", f"list sizes {', '.join(map(str, args.sizes))} rows: {args.size_reps} rounds each …")
        sizes = bench_sizes(work, args.sizes, args.size_reps, SEED, (OPENPYXL, CALAMINE, VALIDATE, SCORE))
        largest = work / "sizes" / f"list-{max(args.sizes)}.xlsx"
        phase("peak memory", f"peak memory of validate and score, {largest.name} …")
        memory = process.peak_memory(user, largest, work / "process")
        phase("counting reads", f"counting reads: xlscore score --jobs {JOBS} of the batch, instrumented, untimed "
                  "(it also fills the cache folder with the batch's templates) …")
        reads = count_reads(user, work / "batch", work / "batch-counted", JOBS, work / "batch-counted.log")
        phase("batch pairs", f"scoring the batch: {args.pairs} pair(s) of xlscore score --jobs {JOBS} and --jobs 1, "
                  "order alternating …")
        pairs = run_pairs(user, work / "batch", work, JOBS, args.pairs)
        for i, pair in enumerate(pairs):
            for b in (pair.parallel, pair.serial):
                if not b.ok:
                    log.print((work / f"batch-{i}-{b.jobs}.log").read_text()[-3000:])
        profiles = _profiles(results, work) if args.profile else {}
        phases.append(("end", time.perf_counter()))
    durations = {name: round(nxt - at, 1) for (name, at), (_, nxt) in zip(phases, phases[1:])}
    load = {"before": load_before, "after": process.load_average()}
    targets = (_process_targets(processes, user.name, memory, largest.name, pairs, reads)
               + _targets(results, pairs) + _size_targets(sizes))
    _print_processes(processes, launches, installed, memory, load)
    _print(results, pairs, reads, mix, profiles)
    _print_sizes(sizes)
    _print_targets(targets)
    _write_json(args.json, results, pairs, reads, mix, targets, args, libreoffice_reason, sizes)
    _add_json(args.json, processes, installed, memory, load, durations)
    out.print("Phases: " + ", ".join(f"{name} {s:,.0f} s" for name, s in durations.items())
              + f"; {sum(durations.values()) / 60:.1f} min in all.")
    out.print(f"Figures written to {args.json}")
    if args.compare:
        out.print(f"\n[bold]before → after[/] ({args.compare} → {args.json}), Markdown for a note:")
        out.print(compare.markdown(compare.rows(compare.load_targets(args.compare), [t.to_dict() for t in targets])),
                  markup=False, highlight=False)
    return 0 if all(b.ok for p in pairs for b in (p.parallel, p.serial)) else 1


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
    parser.add_argument("--compare", type=Path, metavar="OLD.json",
                        help="also print every target row before (from OLD.json, an earlier --json) → after")
    parser.add_argument("--pairs", type=int, help="pairs of batch runs, --jobs 2 and --jobs 1 (default 3, --quick 1)")
    parser.add_argument("--no-clean-install", action="store_true",
                        help="time start-up with the checkout only, not a clean venv (no PyPI needed)")
    args = parser.parse_args(argv)
    args.batch = args.batch or (50 if args.quick else 500)
    args.small_reps, args.large_reps = (3, 1) if args.quick else (7, 3)
    args.sizes = args.sizes or (SIZES[:-1] if args.quick else SIZES)
    if args.huge and HUGE not in args.sizes:
        args.sizes = (*args.sizes, HUGE)
    args.size_reps = args.reps or args.large_reps
    args.process_reps = args.reps or (5 if args.quick else 7)  # python -c pass is ~12 ms: 3 rounds were too few
    args.pairs = args.pairs or (1 if args.quick else 3)
    if args.batch < 1 or args.pairs < 1 or (args.reps is not None and args.reps < 1):
        parser.error("--batch, --pairs and --reps must be at least 1")
    if args.compare and not args.compare.exists():
        parser.error(f"--compare: {args.compare} does not exist")
    return args


def _bench_kind(kind: Kind, work: Path, reps: int, libreoffice: engines.LibreOffice | None,
                libreoffice_reason: str | None, formulas_reason: str | None, user: process.Launch) -> KindResult:
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
           SCORE_PROCESS: lambda: engines.score_process(user.prefix, user.env, source, next(outputs)),
           LIBREOFFICE: lambda: libreoffice.recalc(scored)}
    result = KindResult(kind, source.stat().st_size, reps)
    for name, reason in ((FORMULAS, formulas_reason), (LIBREOFFICE, libreoffice_reason)):
        if reason:
            result.skipped[name] = reason
            del ops[name]
    if libreoffice_reason:
        del ops[SCORE_PROCESS]  # it is there to set beside LibreOffice's whole process
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


def _targets(results: list[KindResult], pairs: list[Pair]) -> list[Target]:
    rows = []
    for r in results:
        rows.append(Target(f"{r.kind.name}: validate ÷ calamine read", r.ratio(VALIDATE, CALAMINE), VALIDATE_LIMIT))
        rows.append(Target(f"{r.kind.name}: score ÷ openpyxl load + save", r.ratio(SCORE, OPENPYXL), SCORE_LIMIT))
    for r in results:
        rows.append(Target(f"{r.kind.name}: score ÷ formulas recalc", r.ratio(SCORE, FORMULAS), None))
        rows.append(Target(f"{r.kind.name}: xlscore score process ÷ LibreOffice process", r.ratio(SCORE_PROCESS, LIBREOFFICE),
                           None, note=r.skipped.get(LIBREOFFICE, "")))
        rows.append(Target(f"{r.kind.name}: score in process ÷ LibreOffice process", r.ratio(SCORE, LIBREOFFICE), None,
                           note=r.skipped.get(LIBREOFFICE, "")))
    runs = [p.parallel for p in pairs]  # the --jobs 2 runs: their median time, their largest memory
    batch, note = runs[0], f"of {len(runs)} run(s)"
    rows.append(Target(f"batch of {batch.files}, --jobs {batch.jobs}: wall time",
                       statistics.median(b.seconds for b in runs) if all(b.ok for b in runs) else None,
                       BATCH_SECONDS, "s", f"median {note}"))
    rows.append(Target("batch: peak memory, whole tree (sum of RSS)", max(b.peak_tree_rss_mib for b in runs), BATCH_MIB,
                       "MiB", f"largest {note}"))
    rows.append(Target("batch: peak memory, whole tree (sum of PSS)", max(b.peak_tree_pss_mib for b in runs), None,
                       "MiB", f"largest {note}"))
    rows.append(Target("batch: largest single process (wait4 ru_maxrss)", max(b.max_single_rss_mib for b in runs), None,
                       "MiB", f"largest {note}"))
    return rows


def _process_targets(times: dict[str, dict[str, Timing]], user: str, memory: dict[str, float], memory_file: str,
                     pairs: list[Pair], reads: ReadCount) -> list[Target]:
    """The issue's whole-process targets, judged on `user` (the clean install, else the checkout); the
    checkout's ratios beside them without a target when both were timed."""
    rows = []
    for setup in (user, *(s for s in times if s not in (user, process.LIBREOFFICE))):
        base = times[setup][process.PASS].median_ms
        prefix = "whole process" if setup == user else f"whole process ({setup})"
        rows += [Target(f"{prefix}: {name} ÷ python -c pass", times[setup][name].median_ms / base,
                        limit if setup == user else None, note=setup)
                 for name, limit in PROCESS_LIMITS.items()]
    lo = times.get(process.LIBREOFFICE, {}).get(process.LIBREOFFICE)
    rows.append(Target(f"whole process: xlscore score FILE ÷ soffice --convert-to xlsx ({SAMPLE.name})",
                       ratio(times[user][process.SCORE].median_ms, lo.median_ms if lo else None), None,
                       note=user if lo else "LibreOffice not run"))
    rows.append(Target(f"peak memory: score ÷ validate ({memory_file})", memory[process.SCORE] / memory[process.VALIDATE],
                       MEMORY_LIMIT))
    files = pairs[0].parallel.files
    rows.append(Target(f"batch of {files}: --jobs {JOBS} ÷ --jobs 1, wall time", median_ratio(pairs), JOBS_LIMIT,
                       note=f"median of {len(pairs)} pair(s): " + ", ".join(value_text(p.ratio, "×") for p in pairs)))
    # no target: what the second process costs in CPU (1.0 = nothing), which a busy machine does not blur
    # the way it blurs the wall-time ratio above
    cpu = [p.cpu_ratio for p in pairs]
    rows.append(Target(f"batch of {files}: --jobs {JOBS} ÷ --jobs 1, CPU time of the tree",
                       None if None in cpu else statistics.median(cpu), None))  # type: ignore[type-var]
    rows.append(Target(f"batch of {files}, --jobs {JOBS}: most reads or validations of one file",
                       reads.most if reads.complete else None, 1, "reads",
                       _reads_note(reads)))
    return rows


def _reads_note(reads: ReadCount) -> str:
    exited = f" (the instrumented run exited {reads.exit_code})" if reads.exit_code else ""
    if not reads.complete:
        return (f"the instrumentation saw {len(reads.reads)} of {reads.files} files{exited}: is "
                "toolkit.check.read_document / check_document still what check_file calls?")
    return f"{sum(reads.reads.values())} reads, {sum(reads.validations.values())} validations of {reads.files} files{exited}"


def _print_processes(times: dict[str, dict[str, Timing]], launches: list[process.Launch],
                     installed: clean.CleanInstall, memory: dict[str, float], load: dict[str, object]) -> None:
    names = [l.name for l in launches]
    user = names[0]
    columns = [h for name in names for h in (f"{name} ms", f"{name} min–max", f"{name} × pass")]
    table = Table("Command", *columns, "target",
                  title=f"[bold]whole processes[/] on {SAMPLE.name}, start-up included, medians of "
                        f"{len(times[user][process.PASS].runs_ms)} interleaved rounds; targets on the {user}",
                  title_justify="left")
    for command in process.COMMANDS:
        cells = []
        for name in names:
            t = times[name][command]
            cells += [f"{t.median_ms:,.0f}", f"{min(t.runs_ms):,.0f}–{max(t.runs_ms):,.0f}",
                      f"{t.median_ms / times[name][process.PASS].median_ms:.2f}"]
        limit = PROCESS_LIMITS.get(command)
        value = times[user][command].median_ms / times[user][process.PASS].median_ms
        table.add_row(command, *cells, "" if limit is None else f"{_mark(value <= limit)} (≤ {limit:g} ×)")
    lo = times.get(process.LIBREOFFICE, {}).get(process.LIBREOFFICE)
    if lo is not None:
        table.add_row(process.LIBREOFFICE, f"{lo.median_ms:,.0f}", f"{min(lo.runs_ms):,.0f}–{max(lo.runs_ms):,.0f}",
                      *([""] * (len(columns) - 2)), "")
    out.print(table)
    if installed.python is None:
        out.print(f"[yellow]No clean install ({installed.reason}): the targets are judged on the checkout's "
                  "figures (dev venv: numpy, pandas beside it), marked «checkout».[/]")
    else:
        out.print(f"[dim]clean install: {installed.python.parent.parent} (pip install of this checkout, no extras"
                  f"{', rebuilt for this run' if installed.rebuilt else ', stamp matches the sources'}); checkout: "
                  f"python -m toolkit with the dev venv's python and PYTHONPATH.[/]")
    out.print(f"Peak memory (ru_maxrss, {user}): validate {memory[process.VALIDATE]:,.0f} MiB, "
              f"score {memory[process.SCORE]:,.0f} MiB. Load average (1, 5, 15 min) before: "
              f"{_load(load['before'])}, after: {_load(load['after'])} on {_cpus()} CPUs.")


def _load(figures: object) -> str:
    return "n/a" if not figures else ", ".join(f"{x:.2f}" for x in figures)  # type: ignore[union-attr]


def _add_json(path: Path, times: dict[str, dict[str, Timing]], installed: clean.CleanInstall,
              memory: dict[str, float], load: dict[str, object], durations: dict[str, float]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    setups = {}
    for setup, commands in times.items():
        base = commands.get(process.PASS)
        setups[setup] = {name: {**t.to_dict(), **({"x_pass": round(t.median_ms / base.median_ms, 4)} if base else {})}
                         for name, t in commands.items()}
    doc["processes"] = {"sample": SAMPLE.name, "times": setups,
                        "clean_install": {"python": str(installed.python) if installed.python else None,
                                          "reason": installed.reason, "rebuilt": installed.rebuilt}}
    doc["peak_memory_mib"] = {name: round(v, 1) for name, v in memory.items()}
    doc["load_average"] = load
    doc["phases_s"] = durations
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
    table = Table("rows", "KiB", "generate s", "measure s", f"{OPENPYXL} ms", f"{CALAMINE} ms", f"{VALIDATE} ms", "× calamine",
                  f"{SCORE} ms", "× openpyxl", "validate µs/row", "score µs/row",
                  title="[bold]list size[/]: one openness report, comments on draft acts grown to N rows; "
                        "medians in-process, baselines on the same file in the same run", title_justify="left")
    for r in sizes:
        ms = {op: r.times[op].median_ms for op in r.times}
        table.add_row(f"{r.rows:,}", f"{r.size / 1024:,.0f}", f"{r.generate_s:,.1f}", f"{r.measure_s:,.1f}", f"{ms[OPENPYXL]:,.1f}", f"{ms[CALAMINE]:,.1f}",
                      f"{ms[VALIDATE]:,.1f}", f"{r.ratio(VALIDATE, CALAMINE):.2f}", f"{ms[SCORE]:,.1f}",
                      f"{r.ratio(SCORE, OPENPYXL):.2f}", f"{ms[VALIDATE] * 1000 / r.rows:,.1f}",
                      f"{ms[SCORE] * 1000 / r.rows:,.1f}")
    out.print(table)


def _print(results: list[KindResult], pairs: list[Pair], reads: ReadCount, mix: dict[str, int],
           profiles: dict[str, str]) -> None:
    for r in results:
        table = Table("Operation", "median ms", "min–max ms", f"× {OPENPYXL}", f"× {CALAMINE}", "target",
                      title=f"[bold]{r.kind.name}[/]: {r.kind.summary}; {r.size / 1024:.0f} KiB, "
                            f"median of {r.reps} rounds after 1 warm-up, in-process unless marked", title_justify="left")
        for name, t in r.times.items():
            target = {VALIDATE: (CALAMINE, VALIDATE_LIMIT), SCORE: (OPENPYXL, SCORE_LIMIT)}.get(name)
            mark = _mark(r.ratio(name, target[0]) <= target[1]) + f" (≤ {target[1]} ×)" if target else ""
            runs = t.runs_ms
            label = name + (" (of the scored copy)" if name == FORMULAS else
                            " (whole soffice process, of the scored copy)" if name == LIBREOFFICE else "")
            table.add_row(label, f"{t.median_ms:,.1f}", f"{min(runs):,.1f}–{max(runs):,.1f}",
                          f"{r.ratio(name, OPENPYXL):.2f}", f"{r.ratio(name, CALAMINE):.1f}", mark)
        for name, reason in r.skipped.items():
            table.add_row(name, "skipped", reason, "", "", "")
        out.print(table)

    batch = pairs[0].parallel
    mix_text = ", ".join(f"{n} {name}" for name, n in mix.items())
    table = Table("Batch", *(f"pair {i + 1}: --jobs {j}" for i, p in enumerate(pairs)
                             for j in ((p.parallel.jobs, 1) if p.parallel_first else (1, p.parallel.jobs))),
                  title=f"[bold]batch[/]: xlscore score --jobs N -o OUT DIR, {batch.files} workbooks ({mix_text}; "
                        "inputs varied per file, large = ~1 % each); a subprocess: start-up included; pairs in the "
                        "order run", title_justify="left")
    runs = [b for p in pairs for b in ((p.parallel, p.serial) if p.parallel_first else (p.serial, p.parallel))]
    table.add_row("scored / exit code", *(f"{b.scored} / {b.exit_code}" for b in runs))
    table.add_row("wall time", *(f"{b.seconds:.1f} s ({b.seconds / max(b.files, 1) * 1000:.0f} ms/file)" for b in runs))
    table.add_row("CPU time of the tree (wait4)", *(f"{b.cpu_seconds:.1f} s = {b.cpu_seconds / b.seconds:.2f} CPUs"
                                                    for b in runs))
    table.add_row("peak memory, sum of RSS / PSS", *(f"{b.peak_tree_rss_mib:.0f} / {b.peak_tree_pss_mib:.0f} MiB"
                                                     for b in runs))
    table.add_row("largest single process", *(f"{b.max_single_rss_mib:.0f} MiB" for b in runs))
    table.add_row("load average before → after", *(f"{_load(b.load_before)} → {_load(b.load_after)}" for b in runs))
    table.add_row(f"--jobs {batch.jobs} ÷ --jobs 1 (this pair)",
                  *(x for p in pairs for x in (value_text(p.ratio, "×"), "")))
    out.print(table)
    out.print(f"Batch wall-time ratio, median of {len(pairs)} pair(s): {value_text(median_ratio(pairs), '×')}. "
              f"RSS sums count pages the forked workers share once per worker (an upper bound); PSS divides them. "
              f"Reads, instrumented run (--jobs {batch.jobs}, untimed): {_reads_note(reads)}"
              f"{'; read twice: ' + ', '.join(reads.to_dict()['twice']) if reads.most > 1 else ''}.")  # type: ignore[arg-type]

    reference = ", ".join(f"{name} ≈ {ms:,} ms" for name, ms in REFERENCE_MS.items())
    out.print(f"[dim]Measured elsewhere on a 2 100-row report (for comparison, not a target): {reference}.[/]")
    for direction, reason in PENDING.items():
        out.print(f"[yellow]Not yet included: {direction} workbooks — {reason}.[/]")
    for title, text in profiles.items():
        out.rule(f"cProfile, top 15 cumulative: {title}")
        out.print(text, markup=False, highlight=False)


def _print_targets(targets: list[Target]) -> None:
    table = Table("Measure", "value", "target", "result", "note", title="[bold]targets and ratios[/] (issue 15)",
                  title_justify="left")
    for t in targets:
        met = met_text(t.met)
        table.add_row(t.what, value_text(t.value, t.unit), limit_text(t.limit, t.unit),
                      f"[{'green' if t.met else 'red'}]{met}[/]" if met else "", t.note)
    out.print(table)
    judged = [t for t in targets if t.limit is not None]
    out.print(f"{sum(1 for t in judged if t.met)} of {len(judged)} targets met"
              f"{', ' + str(sum(1 for t in judged if t.met is None)) + ' without a value' if any(t.met is None for t in judged) else ''}.")


def _mark(met: bool) -> str:
    return "[green]met[/]" if met else "[red]NOT met[/]"


def _write_json(path: Path, results: list[KindResult], pairs: list[Pair], reads: ReadCount, mix: dict[str, int],
                targets: list[Target], args: argparse.Namespace, libreoffice_reason: str | None,
                sizes: list[SizeResult]) -> None:
    doc = {
        "environment": _environment(libreoffice_reason),
        "settings": {"batch": args.batch, "jobs": JOBS, "quick": args.quick, "seed": SEED, "pairs": args.pairs,
                     "reps": {r.kind.name: r.reps for r in results}, "warmup": 1},
        "kinds": {r.kind.name: {
            "direction": r.kind.direction, "summary": r.kind.summary, "large": r.kind.large, "bytes": r.size,
            "times": {name: {**t.to_dict(), "x_openpyxl": round(r.ratio(name, OPENPYXL), 4),
                             "x_calamine": round(r.ratio(name, CALAMINE), 4)} for name, t in r.times.items()},
            "skipped": r.skipped} for r in results},
        "batch": {**pairs[0].parallel.to_dict(), "mix": mix},
        "batch_pairs": [p.to_dict() for p in pairs],
        "batch_median_ratio": median_ratio(pairs),
        "batch_reads": reads.to_dict(),
        "sizes": [{"rows": r.rows, "bytes": r.size, "reps": r.reps, "generate_s": round(r.generate_s, 2),
                   "measure_s": round(r.measure_s, 2),
                   "times": {name: t.to_dict() for name, t in r.times.items()},
                   "validate_x_calamine": round(r.ratio(VALIDATE, CALAMINE), 4),
                   "score_x_openpyxl": round(r.ratio(SCORE, OPENPYXL), 4)} for r in sizes],
        "targets": [t.to_dict() for t in targets],
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
