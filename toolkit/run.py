"""`score` as a library call: check, score, write back; nothing is written while errors remain."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.catalog import load_catalog
from toolkit.check import FileCheck, Report, check_file
from toolkit.files import expand, scored_name, sha256
from toolkit.problems import Problem
from toolkit.scoring import ScoreResult, score
from toolkit.sheets.conclusion import conclusion_sheet
from toolkit.sheets.journal import journal_entry
from toolkit.sheets.scores import scores_sheet
from toolkit.workbook.writer import write_scored


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


def score_file(path: str | Path, output: str | Path | None = None, in_place: bool = False) -> FileScore:
    path = Path(path)
    checked: FileCheck = check_file(path)
    if checked.inputs is None:
        return FileScore(str(path), checked.problems, exit_code=checked.exit_code or 1)
    catalog = load_catalog(checked.inputs.meta.edition)
    result = score(checked.inputs, catalog)
    target = path if in_place else Path(output) if output else scored_name(path)
    sheets = [scores_sheet(result, catalog.title), conclusion_sheet(result, checked.inputs, catalog)]
    write_scored(path, target, sheets, journal_entry(result, sha256(path)))
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
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(score_file, files, targets, [in_place] * len(files)))
    else:
        results = [score_file(f, t, in_place) for f, t in zip(files, targets)]
    return Report(tuple(results))
