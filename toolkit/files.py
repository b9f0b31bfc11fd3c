"""Which files a command works on, and how a file is fingerprinted."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheets of other formats a clerk may drop in the same folder: listed so that each is reported
# («save it as .xlsx») instead of silently skipped; the reader tells them apart by content.
FOREIGN_SUFFIXES = (".xls", ".xlsb", ".ods", ".fods", ".csv", ".numbers")


def expand(paths: Iterable[str | Path], scored: bool = False) -> list[Path]:
    """Files as given; folders become every workbook inside and every spreadsheet of another format
    (so it is reported, not skipped), except Excel's lock files and (unless `scored`) our scored copies.
    A folder without any workbook stays too, so the reader says so."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _wanted(p, WORKBOOK_SUFFIXES, scored))
            foreign = sorted(p for p in path.rglob("*") if _wanted(p, FOREIGN_SUFFIXES, scored)
                             and not any(parent.suffix.lower() == ".numbers" for parent in p.parents))
            out += sorted(found + foreign) if found else [path, *foreign]
        else:
            out.append(path)
    return out


def _wanted(path: Path, suffixes: tuple[str, ...], scored: bool) -> bool:
    """A spreadsheet to look at: not a lock file (~$), a backup (.bak) or, unless `scored`, our output.
    A .numbers document may be a folder (a macOS package): then the folder itself is the file."""
    if path.suffix.lower() not in suffixes or path.name.startswith("~$"):
        return False
    return (path.is_file() or path.suffix.lower() == ".numbers") and (scored or ".scored." not in path.name)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scored_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.scored{path.suffix}")
