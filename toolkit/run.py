"""`score` as a library call: check, score, write back; nothing is written while errors remain."""

from __future__ import annotations

import os
from collections import Counter
from contextlib import nullcontext
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.block.group import (ALONE, Context, Head, Member, block_for, contexts, key_of, read_head, read_identity,
                                 what_block_for_reads)
from toolkit.catalog import load_catalog
from toolkit.check import FileCheck, Report, check_file, exit_code
from toolkit.files import clashes, expand_relative, output_problem, output_targets, scored_name, sha256
from toolkit.gcpause import gc_paused
from toolkit.engine.inputs import Body, Inputs, Meta
from toolkit.integrity.locking import LockTimeout, file_lock
from toolkit.parallel.workers import HELD, Inline, Workers
from toolkit.engine.peers import Contribution, Group, averages, contribution, group_of, waits_for_peers
from toolkit.problems import Problem, problem
from toolkit.engine.scoring import DirectionScore, Peers, ScoreResult, score
from toolkit.sheets.conclusion import conclusion_sheet
from toolkit.sheets.journal import journal_entry
from toolkit.sheets.model import SheetSpec
from toolkit.sheets.scores import scores_sheet
from toolkit.workbook.history import NotOurs, existing_history, other_report
from toolkit.workbook.opc import PackageError
from toolkit.workbook.package import same_file
from toolkit.workbook.record import LegacyCopy, RecordError
from toolkit.workbook.layout import ASSESSOR_KIND
from toolkit.workbook.writer import write_scored
from toolkit.year.appeals import apply_appeals

if TYPE_CHECKING:  # the assessor modules are imported only when a run has assessor workbooks
    from toolkit.assessor.book import AssessorBook

LOCK_TIMEOUT = 120  # seconds another scoring of the same file may hold it


@dataclass(frozen=True, slots=True)
class FileScore:
    """One file scored: its problems, where the scored copy went and the result."""

    path: str
    problems: tuple[Problem, ...]
    output: str | None = None
    result: ScoreResult | None = None
    exit_code: int = 0
    pdf: str | None = None  # the conclusion printed as PDF (`score --pdf`)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "output": self.output,
                               "problems": [p.to_dict() for p in self.problems]}
        if self.result is not None:
            out.update(self.result.to_dict())
        if self.pdf is not None:
            out["pdf"] = self.pdf
        return out


ScoreReport = Report[FileScore]


@dataclass(frozen=True, slots=True)
class Assessor:
    """The assessor workbooks a run was given: the valid books, and (edition, direction, period) → the
    path of a book with errors, whose reports are then refused rather than scored without it."""

    books: tuple[AssessorBook, ...] = ()
    invalid: dict[tuple[str, str, int], str] = field(default_factory=dict)


def score_file(path: str | Path, output: str | Path | None = None, in_place: bool = False,
               peers: dict[Group, Peers] | None = None, assessor: Assessor = Assessor()) -> FileScore:
    """Check, score and write back one workbook. Its output is `output`, NAME.scored.xlsx beside it, or
    the file itself (in place, or when the file is a scored copy, or `output` names it): then under the
    file's lock from reading to renaming, and with a backup. An existing output must be a scored copy of
    ours; its history is carried into the new one. `peers` are the batch's averages (rule 1.5);
    `assessor` the assessor workbooks of the period (CONTRACTS «Workbooks»).
    """
    path = Path(path)
    target = path if in_place else Path(output) if output else scored_name(path)
    with gc_paused():
        if same_file(path, target):
            return _locked(path, target, lambda: _write(_prepare(path, check_file(path, alone=False), peers, assessor), target,
                                                        in_place=True))
        prepared = _prepare(path, check_file(path, alone=False), peers, assessor)
        if isinstance(prepared, FileScore):
            return prepared
        return _locked(path, target, lambda: _write(prepared, target, in_place=False))


def _locked(path: Path, target: Path, work: Callable[[], FileScore]) -> FileScore:
    """Run `work` holding TARGET.lock, so two runs writing one file serialise and neither loses the other's row."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(str(target) + ".lock", timeout=LOCK_TIMEOUT):
            return work()
    except LockTimeout:
        return FileScore(str(path), (problem("file.locked", path=target),), exit_code=2)
    except OSError as exc:  # the output folder cannot be made
        return FileScore(str(path), (problem("file.write_failed", path=target, reason=exc.strerror or str(exc)),),
                         exit_code=2)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A checked file scored, with the sheets to write, waiting for its output's lock."""

    path: Path
    checked: FileCheck
    result: ScoreResult
    sheets: list[SheetSpec]


def _prepare(path: Path, checked: FileCheck, peers: dict[Group, Peers] | None, assessor: Assessor,
             context: Context = ALONE, scored: tuple[Inputs, ScoreResult] | None = None) -> _Prepared | FileScore:
    """Score a checked file (unless a batch did already: `scored`) and build its sheets; `context` is what
    the other files of its body in the run bring to its block (METHODOLOGY §5), nothing when it is
    scored alone."""
    if scored is None:
        scored = _scored(path, checked, peers, assessor)
        if isinstance(scored, FileScore):
            return scored
    inputs, result = scored
    block, note = block_for(result, context, str(path))
    if block is not None and any(d.appeal and d.appeal.accepted for d in result.directions.values()):
        first = {k: d.appeal.first if d.appeal and d.appeal.accepted and d.appeal.first else d
                 for k, d in result.directions.items()}
        before, _ = block_for(replace(result, directions=first), context, str(path))
        block = replace(block, score_before=before.score if before else None)
    result = replace(result, block=block, block_note=note)
    catalog = load_catalog(inputs.meta.edition)
    return _Prepared(path, checked, result, [scores_sheet(result, catalog.title), conclusion_sheet(result, inputs, catalog)])


def _scored(path: Path, checked: FileCheck, peers: dict[Group, Peers] | None, assessor: Assessor,
            own: ScoreResult | None = None) -> tuple[Inputs, ScoreResult] | FileScore:
    """The file's inputs with the assessor's values, and their scores (the block aside). `own`: the
    score of the file's own inputs without averages, when the caller took it already; it is the first
    score whenever no assessor value changed the inputs and no averages apply."""
    if checked.inputs is None:
        return FileScore(str(path), checked.problems, exit_code=checked.exit_code or 1)
    meta = checked.inputs.meta
    spoiled = next((key for key in assessor.invalid
                    if key[0] == meta.edition and key[1] in meta.directions and key[2] == meta.period), None)
    if spoiled is not None:  # scoring without the assessor's data would publish provisional zeros
        return FileScore(str(path), (*checked.problems, problem("assessor.invalid_book", path=assessor.invalid[spoiled])),
                         exit_code=1)
    inputs = checked.inputs
    if assessor.books:
        from toolkit.assessor.book import apply_assessor

        inputs = apply_assessor(inputs, assessor.books)
    group = (peers or {}).get(group_of(meta))
    first = own if inputs is checked.inputs and group is None else None
    return inputs, apply_appeals(inputs, load_catalog(meta.edition), group, first)


def _write(prepared: _Prepared | FileScore, target: Path, in_place: bool) -> FileScore:
    if isinstance(prepared, FileScore):
        return prepared
    path, problems = prepared.path, prepared.checked.problems

    def refused(code: str, **params: Any) -> FileScore:
        return FileScore(str(path), (*problems, problem(code, **params)), exit_code=2)

    try:
        carried = None if in_place or not os.path.lexists(target) else existing_history(target).journal
        other = other_report(carried, prepared.result.to_dict()) if carried else None
        if other:
            raise NotOurs(f"это оцененная копия другого отчета: {other}")
        write_scored(path, target, prepared.sheets, journal_entry(prepared.result, sha256(path)), carried)
    except NotOurs as exc:
        return refused("file.output_exists", path=target, reason=exc.reason)
    except LegacyCopy:
        return refused("record.legacy")
    except RecordError as exc:  # the workbook's record is damaged: we cannot tell which sheets are ours
        return refused("record.damaged", part=exc.part, reason=exc.reason)
    except PackageError as exc:  # a part validation never needed turned out damaged
        return refused("file.unreadable", reason=exc.reason)
    except OSError as exc:  # full disk, no permission: the original is untouched, say so
        return refused("file.write_failed", path=target, reason=exc.strerror or str(exc))
    return FileScore(str(path), problems, str(target), prepared.result, 0)


def load_assessor(paths: Iterable[str | Path]) -> tuple[Assessor, dict[str, list[Problem]]]:
    """The assessor workbooks of a run, read and checked once: what scoring needs, and each book's problems."""
    given = [Path(p) for p in paths]
    if not given:
        return Assessor(), {}
    from toolkit.assessor.reader import read_books

    books, problems, invalid = read_books(given)
    return Assessor(books, invalid), problems


def score_paths(paths: Iterable[str | Path], output: str | Path | None = None, in_place: bool = False,
                jobs: int = 1, assessor_paths: Iterable[str | Path] = (),
                progress: Callable[[int], Callable[[], None]] | None = None) -> ScoreReport:
    """Score every file with the assessor workbooks among them (or given apart); nothing at all is
    written when two files would be written to one output. `progress(total)` is called once the files
    are known and returns what to call as each one is done (the CLI's progress bar)."""
    paths = list(paths)
    given = [Path(p) for p in assessor_paths]
    found = [(path, rel) for path, rel in expand_relative(paths) if path not in given]
    workers: Inline | Workers = Inline()
    if jobs > 1 and len(found) > 1:
        _warm_worker()  # in the parent: forked workers share it
        workers = Workers(min(jobs, len(found)), initializer=_warm_worker)
    try:
        return _score_found(paths, found, given, output, in_place, workers, progress)
    finally:
        workers.close()


def _score_found(paths: list[str | Path], found: list[tuple[Path, Path]], given: list[Path], output: str | Path | None,
                 in_place: bool, workers: Inline | Workers,
                 progress: Callable[[int], Callable[[], None]] | None) -> ScoreReport:
    # one look at each file's metadata (in the workers: a few ms a file): assessor workbooks by kind,
    # and (in a batch) reports by body
    identity = len(found) > 1
    heads = {found[i][0]: head for i, head in workers.run(_read_head, [(("head", i), (path, identity))
                                                                        for i, (path, _) in enumerate(found)])}
    books = {path for path, head in heads.items() if head.kind == ASSESSOR_KIND}
    pairs = [(path, rel) for path, rel in found if path not in books]
    assessor, book_problems = load_assessor(given + sorted(books))
    book_reports = [FileScore(path, tuple(problems), exit_code=exit_code(problems))
                    for path, problems in book_problems.items() if problems]
    files = [path for path, _ in pairs]
    folders = any(Path(p).is_dir() for p in paths)
    refused = output_problem(Path(output), len(pairs) > 1 or folders) if output is not None and not in_place else None
    if refused is not None and files:
        code, params = refused
        return Report((*book_reports, *(FileScore(str(f), (problem(code, count=len(files), **params),), exit_code=2)
                                        for f in files)))
    targets = output_targets(pairs, Path(output) if output is not None else None, in_place, folders)
    clash = clashes(files, targets)
    if clash:
        return Report((*book_reports, *(FileScore(str(f), (problem("file.output_clash", first=f, second=other, output=target),),
                                                  exit_code=2) for f, other, target in clash.values())))
    step = progress(len(files)) if progress else None
    if len(files) > 1:
        results = score_batch(files, targets, in_place, assessor, workers, step, [heads[f].identity for f in files])
    else:
        results = [score_file(f, t, in_place, None, assessor) for f, t in zip(files, targets)]
    return Report(tuple(book_reports + results))


def _read_head(key: object, path: Path, identity: bool) -> Head:
    return read_head(path, identity=identity)


@dataclass(frozen=True, slots=True)
class _Held:
    """A checked file that waits for the batch (peer averages of rule 1.5, its body's other directions
    for the block) before it is written. It stays in the worker that read it (`workers.HELD`)."""

    path: Path
    target: Path
    checked: FileCheck  # without its Document: the inputs are all scoring needs
    seen: tuple[int, int, int] | None  # the input's (inode, size, mtime) when read, for an in-place run
    scored: tuple[Inputs, ScoreResult] | None = None  # as it will be written; None while it waits for the averages


@dataclass(frozen=True, slots=True)
class _Waiting:
    """What the batch learns of a held file: its scores for its body's other files (slim: no measures),
    or None while it waits for the averages."""

    meta: Meta
    body: Body
    directions: dict[str, DirectionScore] | None = None


@dataclass(frozen=True, slots=True)
class _Failed:
    """A file not scored (errors), with whose report it was when that could be read: its body's block
    then says which direction is missing because of it."""

    score: FileScore
    meta: Meta | None = None
    body: Body | None = None


def score_batch(files: list[Path], targets: list[Path], in_place: bool, assessor: Assessor,
                workers: Inline | Workers | None = None, step: Callable[[], None] | None = None,
                identities: list[tuple[Meta, Body] | None] | None = None) -> list[FileScore]:
    """Score a batch reading and checking each file once, and scoring it once (twice when it waits for
    the peer averages: without them, for the averages, then with them) (issue 15). The files' metadata
    say which of them are one body (METHODOLOGY §5). The first pass checks and scores every file, and
    writes at once a file that waits for nothing: no other file of its body in the run, no
    peer-averaged indicators. The others are held in the worker that read them: the averages are
    taken and the files that need them scored with them (written then if alone of their body), then
    each held file learns what its body's other files bring to its block and is written, in its
    worker. `step` is called as each file is done (written or failed), for the progress bar.
    `identities` are the files' as `score_paths` already read them (read here when not given)."""
    workers = workers or Inline()
    tick = step or (lambda: None)
    early = _alone(files, identities if identities is not None else [read_identity(f) for f in files])
    alone = [early.get(str(f)) for f in files]
    outcomes: list[FileScore | _Failed | _Waiting | None] = [None] * len(files)
    order = _largest_first(files)

    contributions: list[Contribution] = []

    def run(fn: Callable[..., Any], calls: list[tuple[int, tuple[Any, ...]]], pinned: bool) -> None:
        for position, outcome in workers.run(fn, calls, pinned):
            if fn is _first_pass:
                outcome, contributed = outcome
                if contributed is not None:
                    contributions.append(contributed)
            outcomes[calls[position][0]] = outcome
            if not isinstance(outcome, _Waiting):
                tick()

    try:
        # in a pool's parent the results piling up would be walked again at every collection; in one
        # process the collector runs between files as usual (gc_paused around each)
        with gc_paused() if isinstance(workers, Workers) else nullcontext():
            run(_first_pass, [(i, (files[i], targets[i], assessor, alone[i])) for i in order], False)
            peers = averages(contributions)
            waiting = [i for i in order if isinstance(o := outcomes[i], _Waiting) and o.directions is None]
            run(_peer_pass, [(i, (peers, assessor, alone[i])) for i in waiting], True)
            found = contexts(m for m in map(_member, files, outcomes) if m is not None)
            held = [i for i in order if isinstance(outcomes[i], _Waiting)]
            run(_last_pass, [(i, (peers, assessor, what_block_for_reads(found.get(str(files[i]), ALONE)))) for i in held],
                True)
    finally:
        if isinstance(workers, Inline):
            HELD.clear()
    return [o.score if isinstance(o, _Failed) else o for o in outcomes]  # type: ignore[misc]


def _largest_first(files: list[Path]) -> list[int]:
    """The files' positions, largest file first: the pass then ends on small files, both cores busy to the end."""
    def size(i: int) -> int:
        try:
            return os.path.getsize(files[i])
        except OSError:
            return 0
    return sorted(range(len(files)), key=lambda i: -size(i))


def _warm_worker() -> None:
    """Each worker loads the catalogs and the registry once, when it starts (from the compiled copies),
    rather than inside its first file; forked workers find them already loaded by the parent."""
    from toolkit.bodies import registry
    from toolkit.catalog import known_editions

    for edition in known_editions():
        load_catalog(edition)
    registry()


def _alone(files: list[Path], identities: list[tuple[Meta, Body] | None]) -> dict[str, Context]:
    """The files no other file of the run can share a body with, by their metadata alone (body code
    issued, or typed on a blank template's «Инструкция»; type, period, edition): they can be written in the
    first pass, each with what its block note says about the run's files of the same code not grouped
    with it (another period, …). A file with no code at all is alone (it groups with nothing)."""
    members = []
    for path, identity in zip(files, identities):
        if identity is not None:
            members.append(Member(str(path), *identity, {}))
    counts = Counter(key_of(m.meta, m.body) for m in members)
    found = contexts(members)
    return {m.path: found.get(m.path, ALONE) for m in members
            if (key := key_of(m.meta, m.body)) is None or counts[key] == 1}


def _member(path: Path, f: FileScore | _Waiting | _Failed | None) -> Member | None:
    """A file of the batch as grouping sees it (files written in the first pass are only ever «near»)."""
    if isinstance(f, _Waiting):
        return Member(str(path), f.meta, f.body, f.directions)
    if isinstance(f, _Failed):
        return Member(f.score.path, f.meta, f.body, None) if f.meta is not None and f.body is not None else None
    return Member(f.path, f.result.meta, f.result.body, f.result.directions) if f is not None and f.result is not None else None


def _first_pass(key: int, path: Path, target: Path, assessor: Assessor,
                alone: Context | None) -> tuple[FileScore | _Failed | _Waiting, Contribution | None]:
    """Check the file and score it as it will be written, without the averages; written at once when it
    waits for nothing, else held in this process under `key`. A file with peer-averaged directions
    also gives its points to the averages (scored on its own inputs, as rule 1.5 takes them), and waits
    for them only when the averages can change its result: some half is not applicable to the body."""
    own = same_file(path, target)
    with gc_paused():
        seen = _signature(path) if own else None
        checked = check_file(path, alone=False)
        contributed = None
        if checked.inputs is not None and _needs_peers(checked.inputs.meta):
            inputs = checked.inputs
            unpeered = score(inputs, load_catalog(inputs.meta.edition))
            contributed = contribution(unpeered)
            scored = _scored(path, checked, None, assessor, own=unpeered)
            if not isinstance(scored, FileScore) and waits_for_peers(scored[1]):
                HELD[key] = _Held(path, target, replace(checked, document=None), seen)
                return _Waiting(unpeered.meta, unpeered.body), contributed
        else:
            scored = None
        if alone is not None and not isinstance(scored, FileScore):  # nothing to wait for: written now
            return _score_checked(path, target, checked, seen, None, assessor, alone, scored), contributed
        if scored is None:
            scored = _scored(path, checked, None, assessor)
        if isinstance(scored, FileScore):
            if alone is not None:
                return scored, contributed
            doc = checked.document
            return (_Failed(scored, doc.meta, doc.body) if doc is not None else _Failed(scored)), contributed
        HELD[key] = _Held(path, target, replace(checked, document=None), seen, scored)
        return _Waiting(scored[1].meta, scored[1].body, _for_block(scored[1])), contributed


def _peer_pass(key: int, peers: dict[Group, Peers], assessor: Assessor, alone: Context | None) -> FileScore | _Failed | _Waiting:
    """The held file scored with the batch's averages, as it will be written: written now when it is
    alone of its body, else held again, its scores told for its body's block."""
    held = HELD.pop(key)
    with gc_paused():
        scored = _scored(held.path, held.checked, peers, assessor)
    if isinstance(scored, FileScore):
        inputs = held.checked.inputs
        return _Failed(scored, inputs.meta, inputs.body) if inputs is not None else _Failed(scored)
    held = replace(held, scored=scored)
    if alone is not None:
        return _finish_held(held, peers, assessor, alone)
    HELD[key] = held
    return _Waiting(scored[1].meta, scored[1].body, _for_block(scored[1]))


def _last_pass(key: int, peers: dict[Group, Peers], assessor: Assessor, context: Context) -> FileScore:
    return _finish_held(HELD.pop(key), peers, assessor, context)


def _finish_held(held: _Held, peers: dict[Group, Peers], assessor: Assessor, context: Context) -> FileScore:
    """Build the held file's sheets from its scores, with its body's block, and write it."""
    with gc_paused():
        return _score_checked(held.path, held.target, held.checked, held.seen, peers, assessor, context, held.scored)


def _score_checked(path: Path, target: Path, checked: FileCheck, seen: tuple[int, int, int] | None,
                   peers: dict[Group, Peers] | None, assessor: Assessor, context: Context = ALONE,
                   scored: tuple[Inputs, ScoreResult] | None = None) -> FileScore:
    """Score (unless `scored` already) and write a file already checked. Writing onto the input itself
    happens under its lock, as in `score_file`; the file is checked and scored again there only if it
    changed since it was read (another run wrote it meanwhile), so that run's row is never lost."""
    if seen is not None:
        def work() -> FileScore:
            again, reused = (checked, scored) if _signature(path) == seen else (check_file(path, alone=False), None)
            return _write(_prepare(path, again, peers, assessor, context, reused), target, in_place=True)
        return _locked(path, target, work)
    prepared = _prepare(path, checked, peers, assessor, context, scored)
    if isinstance(prepared, FileScore):
        return prepared
    return _locked(path, target, lambda: _write(prepared, target, in_place=False))


def _signature(path: Path) -> tuple[int, int, int] | None:
    """Which file is at `path` now: our writes replace a file by renaming, so a new inode, size or time."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def _needs_peers(meta: Meta) -> bool:
    """Whether the workbook claims a direction with peer-averaged indicators."""
    return any(load_catalog(meta.edition).direction(d).has_peer_averages for d in meta.directions)


def _for_block(result: ScoreResult) -> dict[str, DirectionScore]:
    """The file's directions as its body's other files read them: the block's score (block.compute) and
    its conclusion (block.conclusion, provisional.reason) take a direction's score, grade, criteria
    with their points, the halves still pending, and whether facts were deducted. Only those halves and
    one fact are kept: an openness direction is ~70 KB pickled whole, and a held file's directions go to
    the parent and on to each other file of its body (issue 15)."""
    out = {}
    for d, s in result.directions.items():
        pending = {h for h, _ in s.pending}
        criteria = tuple(replace(c, indicators=tuple(i for i in c.indicators if i.id in pending)) for c in s.criteria)
        out[d] = replace(s, criteria=criteria, facts=s.facts[:1], notes=(), measures={})
    return out
