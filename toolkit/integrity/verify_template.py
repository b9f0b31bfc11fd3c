"""`verify --template`: a returned report (or its scored copy) against the template it was issued as.

With the file the assessor issued, the report is compared with that file (metadata included, so an
edited metadata sheet shows too); without one, with the template regenerated from the report's
metadata. Every change is listed (`validate` shows only the first ones). A scored copy is also checked
against its journal as plain `verify` does, so the chain scored copy → body's file → issued template
is proven in one run. Any change from the template fails the check (exit 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.check import Report, exit_code
from toolkit.files import expand
from toolkit.engine.inputs import Meta
from toolkit.problems import Problem, problem
from toolkit.integrity.tamper import CHANGE_CODES, changes, version_note
from toolkit.integrity.verify import verify_file
from toolkit.workbook.issued import Expected, expected_for, expected_from
from toolkit.workbook.layout import JOURNAL_SHEET
from toolkit.workbook.opc import PackageError
from toolkit.workbook.reader import open_workbook, read_meta
from toolkit.workbook.xlsx import Xlsx


@dataclass(frozen=True, slots=True)
class FileTemplateVerify:
    """One report compared with the template it was issued as."""

    path: str
    problems: tuple[Problem, ...]
    template: str | None  # the issued file compared with; None: regenerated from the report's metadata
    scorings: int = 0  # journal rows checked (a scored copy)
    parts: int = 0

    @property
    def changes(self) -> int:
        return sum(1 for p in self.problems if p.code in CHANGE_CODES)

    @property
    def exit_code(self) -> int:
        return max(exit_code(self.problems), 1 if self.changes else 0)

    @property
    def intact(self) -> bool:
        return self.exit_code == 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "intact": self.intact, "template": self.template, "changes": self.changes,
                "scorings": self.scorings, "parts": self.parts, "problems": [p.to_dict() for p in self.problems]}


@dataclass(frozen=True, slots=True)
class Issued:
    """The template file the assessor issued, read once for every report compared with it."""

    path: Path
    meta: Meta | None
    expected: Expected | None
    problem: Problem | None = None


def read_issued(path: Path) -> Issued:
    wb, problems = open_workbook(path)
    if wb is None:
        return Issued(path, None, None, _other(path, problems[0].message))
    try:
        meta, problems = read_meta(wb)
        if meta is None:
            return Issued(path, None, None, _other(path, problems[0].message))
        return Issued(path, meta, expected_from(wb, with_metadata=True))
    except PackageError as exc:
        return Issued(path, None, None, _other(path, exc.reason))
    finally:
        wb.package.close()


def verify_against_template(path: Path, issued: Issued | None) -> FileTemplateVerify:
    template = str(issued.path) if issued else None
    if issued is not None and issued.problem is not None:
        return FileTemplateVerify(str(path), (issued.problem,), template)
    wb, problems = open_workbook(path)
    if wb is None:
        return FileTemplateVerify(str(path), tuple(problems), template)
    try:
        found, scored = _compare(wb, issued)
    except PackageError as exc:
        found, scored = [problem("file.unreadable", reason=exc.reason)], False
    finally:
        wb.package.close()
    if not scored or exit_code(found) == 2:
        return FileTemplateVerify(str(path), tuple(found), template)
    journal = verify_file(path)
    return FileTemplateVerify(str(path), (*journal.problems, *found), template, journal.scorings, journal.parts)


def _compare(wb: Xlsx, issued: Issued | None) -> tuple[list[Problem], bool]:
    """The changes from the template, and whether the workbook is a scored copy with a journal."""
    meta, problems = read_meta(wb)
    if meta is None:
        return problems, False
    if issued is None:
        return changes(expected_for(meta), wb) + version_note(meta), wb.sheet(JOURNAL_SHEET) is not None
    assert issued.meta is not None and issued.expected is not None
    differences = _differences(meta, issued.meta)
    if differences:
        return [_other(issued.path, "; ".join(differences))], False
    return changes(issued.expected, wb), wb.sheet(JOURNAL_SHEET) is not None


def _differences(report: Meta, template: Meta) -> list[str]:
    """What differs between a report's metadata and an issued template's, in words."""
    fields = (("редакция методики", report.edition, template.edition),
              ("направления", ",".join(report.directions), ",".join(template.directions)),
              ("тип органа", report.body_type, template.body_type), ("период", report.period, template.period),
              ("орган", report.body_code or "не указан", template.body_code or "не указан"))
    return [f"{label} в шаблоне — «{b}», в отчете — «{a}»" for label, a, b in fields if a != b]


def _other(path: Path, detail: str) -> Problem:
    return problem("template.other", template=path.name, detail=detail.rstrip("."))


TemplateReport = Report[FileTemplateVerify]


def verify_template_paths(paths: Iterable[str | Path], template: str | Path | None) -> TemplateReport:
    """Each report (or scored copy) against the issued template file, or against its regenerated template."""
    issued = read_issued(Path(template)) if template is not None else None
    return Report(tuple(verify_against_template(p, issued) for p in expand(paths, scored=True)))
