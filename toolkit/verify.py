"""`verify` as a library call: prove a scored workbook still holds exactly what the body sent.

Each «Журнал» row records the submitted parts' SHA-256 and the edits that scoring made to shared
parts. Starting from the file as it is, the newest row's edits are undone and the hashes compared;
the result is the file as submitted to that scoring, which is then checked against the row before,
and so on back to the body's own file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.check import Report
from toolkit.files import expand
from toolkit.problems import CellRef, Problem, problem
from toolkit.workbook.layout import JOURNAL_SHEET
from toolkit.workbook.manifest import Manifest, compare
from toolkit.workbook.opc import PackageError
from toolkit.workbook.reader import open_workbook
from toolkit.workbook.xlsx import Xlsx

JSON_COLUMN = 9
TIME_COLUMN = 2


@dataclass(frozen=True, slots=True)
class FileVerify:
    path: str
    problems: tuple[Problem, ...]
    scorings: int = 0  # journal rows checked
    parts: int = 0  # parts of the body's file proven unchanged

    @property
    def exit_code(self) -> int:
        from toolkit.check import exit_code

        return exit_code(self.problems)

    @property
    def intact(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "intact": self.intact, "scorings": self.scorings, "parts": self.parts,
                "problems": [p.to_dict() for p in self.problems]}


def verify_file(path: str | Path) -> FileVerify:
    wb, problems = open_workbook(Path(path))
    if wb is None:
        return FileVerify(str(path), tuple(problems))
    try:
        return _verify(str(path), wb)
    except PackageError as exc:
        return FileVerify(str(path), (problem("file.unreadable", reason=exc.reason),))
    finally:
        wb.package.close()


def _verify(path: str, wb: Xlsx) -> FileVerify:
    if wb.sheet(JOURNAL_SHEET) is None:
        return FileVerify(path, (problem("verify.not_scored", sheet=JOURNAL_SHEET),))
    values = wb.cells(JOURNAL_SHEET, cols=(TIME_COLUMN, JSON_COLUMN)).values
    rows = sorted(r for r, c in values if r > 1 and c == JSON_COLUMN)
    current = {info.filename: wb.package.read(info.filename) for info in wb.package.infos if not info.is_dir()}
    checked, parts = 0, 0
    for row in reversed(rows):
        where = CellRef(JOURNAL_SHEET, f"I{row}")
        manifest, digest = _manifest(values.get((row, JSON_COLUMN)))
        if manifest is None:
            return FileVerify(path, (problem("verify.no_record", where, row=row - 1),), checked, parts)
        findings, current = compare(current, manifest, digest)
        if findings:
            found = tuple(problem(f"verify.{f.kind}", where, part=f.part, row=row - 1,
                                  time=values.get((row, TIME_COLUMN)) or "?") for f in findings)
            return FileVerify(path, found, checked, parts)
        checked += 1
        parts = len(current)
    if not rows:
        return FileVerify(path, (problem("verify.not_scored", sheet=JOURNAL_SHEET),))
    return FileVerify(path, (), checked, parts)


def _manifest(text: Any) -> tuple[Manifest | None, str | None]:
    try:
        package = json.loads(text).get("package") if isinstance(text, str) else None
    except (ValueError, AttributeError):
        return None, None
    manifest = Manifest.from_dict(package)
    return manifest, (package or {}).get("digest") if manifest else None


VerifyReport = Report[FileVerify]


def verify_paths(paths: Iterable[str | Path]) -> VerifyReport:
    return Report(tuple(verify_file(p) for p in expand(paths, scored=True)))
