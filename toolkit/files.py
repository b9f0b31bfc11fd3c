"""Which files a command works on, and how a file is fingerprinted."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def expand(paths: Iterable[str | Path], scored: bool = False) -> list[Path]:
    """Files as given; folders become every workbook inside, except Excel's lock files and (unless
    `scored`) our scored copies."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
                           and not p.name.startswith("~$") and (scored or ".scored." not in p.name))
            out += found or [path]  # an empty folder stays, so the reader reports it
        else:
            out.append(path)
    return out


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scored_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.scored{path.suffix}")
