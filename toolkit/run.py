"""`score` as a library call: check, score, write back; nothing is written while errors remain."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolkit.catalog import load_catalog
from toolkit.check import FileCheck, Report, check_file
from toolkit.files import expand, scored_name, sha256
from filelock import FileLock, Timeout

from toolkit.peers import Group, group_of, peer_averages
from toolkit.problems import Problem, problem
from toolkit.scoring import Peers, ScoreResult, score
from toolkit.sheets.conclusion import conclusion_sheet
from toolkit.sheets.journal import journal_entry
from toolkit.sheets.scores import scores_sheet
from toolkit.workbook.opc import PackageError
from toolkit.workbook.reader import open_workbook, read_meta
from toolkit.workbook.writer import write_scored

LOCK_TIMEOUT = 120  # seconds another scoring of the same file may hold it


@dataclass(frozen=True, slots=True)
class FileScore:
    path: str
    problems: tuple[Problem, ...]
    output: str | None = None
    result: ScoreResult | None = None
    exit_code: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "output": self.output,
                               "problems": [p.to_dict() for p in self.problems]}
        if self.result is not None:
            out.update(self.result.to_dict())
        return out


ScoreReport = Report[FileScore]


def score_file(path: str | Path, output: str | Path | None = None, in_place: bool = False,
               peers: dict[Group, Peers] | None = None) -> FileScore:
    """Check, score and write back one workbook; in place, under the file's lock from reading to renaming.

    `peers` are the batch's averages for indicators not applicable to a body (rule 1.5).
    """
    path = Path(path)
    if not in_place:
        return _score(path, Path(output) if output else scored_name(path), peers)
    lock = Path(str(path) + ".lock")
    try:
        with FileLock(str(lock), timeout=LOCK_TIMEOUT):
            return _score(path, path, peers)
    except Timeout:
        return FileScore(str(path), (problem("file.locked", path=path),), exit_code=2)
    finally:
        lock.unlink(missing_ok=True)


def _score(path: Path, target: Path, peers: dict[Group, Peers] | None = None) -> FileScore:
    checked: FileCheck = check_file(path, alone=False)
    if checked.inputs is None:
        return FileScore(str(path), checked.problems, exit_code=checked.exit_code or 1)
    catalog = load_catalog(checked.inputs.meta.edition)
    result = score(checked.inputs, catalog, (peers or {}).get(group_of(checked.inputs.meta)))
    sheets = [scores_sheet(result, catalog.title), conclusion_sheet(result, checked.inputs, catalog)]
    try:
        write_scored(path, target, sheets, journal_entry(result, sha256(path)))
    except PackageError as exc:  # a part validation never needed turned out damaged
        return FileScore(str(path), (*checked.problems, problem("file.unreadable", reason=exc.reason)), exit_code=2)
    except OSError as exc:  # full disk, no permission: the original is untouched, say so
        return FileScore(str(path), (*checked.problems, problem("file.write_failed", path=target,
                                                                reason=exc.strerror or str(exc))), exit_code=2)
    return FileScore(str(path), checked.problems, str(target), result, 0)


def score_paths(paths: Iterable[str | Path], output: str | Path | None = None, in_place: bool = False,
                jobs: int = 1) -> ScoreReport:
    files = expand(paths)
    if output is not None and (len(files) > 1 or Path(output).is_dir()):
        out_dir = Path(output)
        out_dir.mkdir(parents=True, exist_ok=True)
        targets: list[Path | None] = [out_dir / scored_name(f).name for f in files]
    else:
        targets = [Path(output) if output else None for _ in files]
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(files) > 1 else None
    try:
        mapper = pool.map if pool else map
        peers = batch_peers(files, mapper) if len(files) > 1 else None
        results = list(mapper(score_file, files, targets, [in_place] * len(files), [peers] * len(files)))
    finally:
        if pool:
            pool.shutdown()
    return Report(tuple(results))


def batch_peers(files: list[Path], mapper: Any = map) -> dict[Group, Peers]:
    """Rule 1.5 over a batch: score every valid workbook once without peers and average the applicable halves."""
    return peer_averages(r for r in mapper(_unpeered, files) if r is not None)


def _unpeered(path: Path) -> ScoreResult | None:
    if not _needs_peers(path):  # a complaints-only file is read and checked once, in the scoring pass
        return None
    checked = check_file(path, alone=False, template=False)
    if checked.inputs is None:
        return None
    return _slim(score(checked.inputs, load_catalog(checked.inputs.meta.edition)))


def _needs_peers(path: Path) -> bool:
    """Whether the workbook claims a direction with peer-averaged indicators; reads only its metadata."""
    wb, _ = open_workbook(path)
    if wb is None:
        return False
    try:
        meta, _ = read_meta(wb)
    except PackageError:
        return False
    finally:
        wb.package.close()
    return meta is not None and any(load_catalog(meta.edition).direction(d).has_peer_averages for d in meta.directions)


def _slim(result: ScoreResult) -> ScoreResult:
    """What `peer_averages` reads, cheap to send between processes (no measures)."""
    return replace(result, directions={d: replace(s, measures={}) for d, s in result.directions.items()})
