"""Which files a command works on, and how a file is fingerprinted."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheets of other formats a clerk may drop in the same folder: listed so that each is reported
# («save it as .xlsx») instead of silently skipped; the reader tells them apart by content.
FOREIGN_SUFFIXES = (".xls", ".xlsb", ".ods", ".fods", ".csv", ".numbers")


def expand(paths: Iterable[str | Path], scored: bool = False) -> list[Path]:
    """Files as given; folders become every workbook inside and every spreadsheet of another format
    (so it is reported, not skipped), except Excel's lock files and (unless `scored`) our scored copies.
    A folder without any workbook stays too, so the reader says so. A file named twice counts once."""
    return [path for path, _ in expand_relative(paths, scored)]


def expand_relative(paths: Iterable[str | Path], scored: bool = False) -> list[tuple[Path, Path]]:
    """`expand`, each file with its path relative to the folder it was found in (a file given by
    itself: its name), which is where its result goes under an output folder."""
    out: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _wanted(p, WORKBOOK_SUFFIXES, scored))
            foreign = sorted(p for p in path.rglob("*") if _wanted(p, FOREIGN_SUFFIXES, scored)
                             and not any(parent.suffix.lower() == ".numbers" for parent in p.parents))
            pairs = [(p, p.relative_to(path)) for p in sorted(found + foreign)] if found else \
                [(path, Path(path.name)), *((p, p.relative_to(path)) for p in foreign)]
        else:
            pairs = [(path, Path(path.name))]
        for file, relative in pairs:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                out.append((file, relative))
    return out


def _wanted(path: Path, suffixes: tuple[str, ...], scored: bool) -> bool:
    """A spreadsheet to look at: not a lock file (~$), a backup (.bak) or, unless `scored`, our output.
    A .numbers document may be a folder (a macOS package): then the folder itself is the file."""
    if path.suffix.lower() not in suffixes or path.name.startswith("~$"):
        return False
    return (path.is_file() or path.suffix.lower() == ".numbers") and (scored or ".scored." not in path.name)


def sha256(path: Path) -> str:
    import hashlib  # only where a file's digest is recorded: it loads OpenSSL, 3–5 ms of every start

    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scored_name(path: Path) -> Path:
    """NAME.scored.xlsx beside NAME.xlsx; a scored copy is its own (scoring it again appends to it)."""
    if Path(path).stem.endswith(".scored"):
        return Path(path)
    return path.with_name(f"{path.stem}.scored{path.suffix}")


def output_targets(pairs: list[tuple[Path, Path]], output: Path | None, in_place: bool, folders: bool) -> list[Path]:
    """Where each file's scored copy goes: the file itself (in place, or a scored copy), beside it, the
    file `output`, or, when `output` is a folder (several files, a folder given, or an existing folder),
    the file's path relative to its folder under `output`, so a.xlsx in two subfolders stays two results."""
    if in_place:
        return [path for path, _ in pairs]
    if output is None:
        return [scored_name(path) for path, _ in pairs]
    if len(pairs) > 1 or folders or output.is_dir():
        return [output / scored_name(relative) for _, relative in pairs]
    return [output for _ in pairs]


def output_problem(output: Path, several: bool) -> tuple[str, dict[str, Any]] | None:
    """Why `-o output` cannot take the results, before anything is read: (problem code, parameters).

    A workbook name (or an existing file) cannot hold several results: rather than turn «итог.xlsx»
    into a folder the user did not ask for, the run is refused. The folder a result goes into must
    exist; a folder named by -o is made, but only inside an existing one (a typo in the path is not
    silently turned into a tree of new folders).
    """
    if output.is_dir():
        return None
    if several and (output.exists() or output.suffix.lower() in WORKBOOK_SUFFIXES):
        return "file.output_not_folder", {"path": output}
    parent = output.parent
    if not parent.is_dir():
        return "file.no_folder", {"path": parent}
    return None


def clashes(files: list[Path], targets: list[Path]) -> dict[int, tuple[Path, Path, Path]]:
    """Files that would be written to one output: index → (the file, another file, the output).
    Names are compared case-insensitively, as Windows and macOS file systems compare them."""
    by_target: dict[str, list[int]] = {}
    for i, target in enumerate(targets):
        by_target.setdefault(str(target.resolve()).casefold(), []).append(i)
    out = {}
    for group in by_target.values():
        for i in group if len(group) > 1 else ():
            other = next(j for j in group if j != i)
            out[i] = (files[i], files[other], targets[i])
    return out
