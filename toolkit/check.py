"""`validate` as a library call: read, then validate, one report per file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from toolkit.catalog import load_catalog
from toolkit.files import expand
from toolkit.gcpause import gc_paused
from toolkit.engine.inputs import Document, Inputs
from toolkit.problems import Category, Problem
from toolkit.engine.provisional import alone_warnings
from toolkit.integrity.tamper import template_changes, template_warnings
from toolkit.engine.validation import validate
from toolkit.workbook.reader import read_document


class FileOutcome(Protocol):
    @property
    def exit_code(self) -> int: ...

    def to_dict(self) -> dict[str, Any]: ...


F = TypeVar("F", bound=FileOutcome)


@dataclass(frozen=True, slots=True)
class FileCheck:
    """One file read and validated: its problems, and the document and inputs when it could be read."""

    path: str
    problems: tuple[Problem, ...]
    document: Document | None = None
    inputs: Inputs | None = None

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def exit_code(self) -> int:
        return exit_code(self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "valid": self.valid, "problems": [p.to_dict() for p in self.problems]}


@dataclass(frozen=True, slots=True)
class Report(Generic[F]):
    """Per-file outcomes of one command; the worst file decides the exit code."""

    files: tuple[F, ...]

    @property
    def exit_code(self) -> int:
        return max((f.exit_code for f in self.files), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"files": [f.to_dict() for f in self.files]}


def exit_code(problems: Iterable[Problem]) -> int:
    """0 clean or warnings only; 1 errors in a workbook of ours; 2 unreadable or not ours."""
    categories = {p.type.category for p in problems if p.is_error}
    if Category.UNREADABLE in categories:
        return 2
    return 1 if categories else 0


def check_file(path: str | Path, alone: bool = True, template: bool = True) -> FileCheck:
    """Read and validate one file. `template` adds what the body changed in the template it was issued
    (the batch's first pass leaves it to the second); `alone` adds the warning that scoring the file by
    itself will be provisional (`score` leaves it out: its result says so, and in a batch it is not true).
    The collector is paused throughout: reading allocates millions of objects that are never cyclic."""
    with gc_paused():
        changed: list[Problem] = []
        doc, problems = read_document(path, (lambda wb, doc: changed.extend(template_changes(wb, doc.meta)))
                                      if template else None)
        return check_document(path, doc, problems, changed, alone)


def check_document(path: str | Path, doc: Document | None, problems: list[Problem], changed: list[Problem],
                   alone: bool = True) -> FileCheck:
    """Validate a document already read (from a file, or from the book open in Excel), with the
    template's `changed` cells the reader found (none where they cannot be seen)."""
    if doc is None:
        return FileCheck(str(path), tuple(problems))
    catalog = load_catalog(doc.meta.edition)
    validation = validate(doc, catalog, problems)
    found = validation.problems + tuple(template_warnings(changed, problems, doc.meta, path))
    if alone and validation.inputs is not None:
        found += tuple(alone_warnings(doc, validation.inputs, catalog))
    return FileCheck(str(path), found, doc, validation.inputs)


CheckReport = Report[FileCheck]


def check_paths(paths: Iterable[str | Path]) -> CheckReport:
    return Report(tuple(_check_any(p) for p in expand(paths)))


def _check_any(path: Path) -> FileCheck:
    """A report, or an assessor workbook among the reports, checked as what it is (rows, codes, values)."""
    checked = check_file(path)
    if any(p.code == "workbook.assessor_book" for p in checked.problems):
        from toolkit.assessor.reader import read_assessor  # only for such a file: not imported at start

        _, problems = read_assessor(path)
        return FileCheck(str(path), tuple(problems))
    return checked
