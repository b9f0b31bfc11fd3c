"""`verify` as a library call: prove a scored workbook still holds exactly what the body sent.

Each run in our record (`workbook.record`) holds the submitted parts' SHA-256 and the edits that
scoring made to shared parts. Starting from the file as it is, the newest run's edits are undone and
the hashes compared; the result is the file as submitted to that run, which is then checked against
the run before, as long as that run wrote what the next one scored (`chained`), back to the body's own
file. Runs before that were carried from an earlier scored copy this file replaced: they are reported
as history, which this package cannot prove.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.check import Report
from toolkit.files import expand
from toolkit.problems import CellRef, Problem, problem
from toolkit.workbook.history import History, read_history
from toolkit.workbook.manifest import compare
from toolkit.workbook.opc import PackageError
from toolkit.workbook.reader import open_workbook
from toolkit.workbook.record import RECORD_PART, LegacyCopy, RecordError
from toolkit.workbook.xlsx import Xlsx


@dataclass(frozen=True, slots=True)
class FileVerify:
    """One file verified against its record: problems, and how many runs and parts were checked."""

    path: str
    problems: tuple[Problem, ...]
    scorings: int = 0  # runs checked
    parts: int = 0  # parts of the body's file proven unchanged
    history: int = 0  # earlier runs carried from a scored copy this one replaced, not provable here

    @property
    def exit_code(self) -> int:
        from toolkit.check import exit_code

        return exit_code(self.problems)

    @property
    def intact(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "intact": self.intact, "scorings": self.scorings, "parts": self.parts,
                "history": self.history, "problems": [p.to_dict() for p in self.problems]}


def verify_file(path: str | Path) -> FileVerify:
    wb, problems = open_workbook(Path(path))
    if wb is None:
        return FileVerify(str(path), tuple(problems))
    try:
        return _verify(str(path), wb)
    except LegacyCopy:
        return FileVerify(str(path), (problem("record.legacy"),))
    except RecordError as exc:
        return FileVerify(str(path), (problem("record.damaged", part=exc.part, reason=exc.reason),))
    except PackageError as exc:
        return FileVerify(str(path), (problem("file.unreadable", reason=exc.reason),))
    finally:
        wb.package.close()


def _verify(path: str, wb: Xlsx) -> FileVerify:
    history = read_history(wb)
    if history.record is None:
        return FileVerify(path, (problem("verify.not_scored", part=RECORD_PART),))
    runs = history.record.runs
    current = {info.filename: wb.package.read(info.filename) for info in wb.package.infos if not info.is_dir()}
    checked, parts = 0, 0
    for n in range(len(runs), 0, -1):
        run = runs[n - 1]
        assert run.package is not None
        if "journal" in history.sheets and run.digest not in history.journal.named:
            return FileVerify(path, (problem("verify.record_changed", _row(history, n), row=n, time=run.time),), checked, parts)
        findings, current = compare(current, run.package)
        if findings:
            where = _row(history, n)
            found = tuple(problem(f"verify.{f.kind}", where, part=f.part, row=n, time=run.time) for f in findings)
            return FileVerify(path, found, checked, parts)
        checked, parts = checked + 1, len(current)
        if not run.chained:
            break
    return FileVerify(path, (), checked, parts, len(runs) - checked)


def _row(history: History, n: int) -> CellRef | None:
    """The run's reference on our «Журнал» (run n is on row n + 1)."""
    sheet = history.sheets.get("journal")
    return CellRef(sheet.name, f"I{n + 1}") if sheet else None


VerifyReport = Report[FileVerify]


def verify_paths(paths: Iterable[str | Path]) -> VerifyReport:
    return Report(tuple(verify_file(p) for p in expand(paths, scored=True)))
