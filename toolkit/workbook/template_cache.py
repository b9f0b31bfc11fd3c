"""Regenerated templates kept on disk, so comparing a report with its template costs no openpyxl.

The tamper comparison needs the template a report was issued as. Building it takes openpyxl (about
0.3 s to import and 0.45 s to build an openness template), which `validate` otherwise never needs
(issue 15). The bytes are deterministic for the same toolkit and catalog, so they are kept in the
user's cache folder under a key made of the arguments, the catalog's text and the source of the
modules that write templates: any change there is a new key. The cached file is read back with the
hostile-input package reader like any report, so a tampered cache can at worst make warnings wrong,
never run code. Where the folder cannot be written, the template is simply built each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

from toolkit import __version__

_SOURCES = ("template.py", "list_sheets.py", "input_block.py", "layout.py", "styles.py", "package.py", "appeals_sheet.py")


def cache_folder() -> Path:
    base = os.environ.get("XLSCORE_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xlscore" / "templates"


def template_bytes(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> bytes:
    path = cache_folder() / f"{_key(edition, directions, body_type, period)}.xlsx"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = _build(edition, directions, body_type, period)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            fh.write(data)
        os.replace(fh.name, path)
    return data


def _build(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> bytes:
    from toolkit.catalog import load_catalog
    from toolkit.workbook.package import deterministic_bytes
    from toolkit.workbook.template import build_template

    return deterministic_bytes(build_template(load_catalog(edition), directions, body_type, period))


def _key(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> str:
    digest = hashlib.sha256(f"{__version__}|{edition}|{','.join(directions)}|{body_type}|{period}".encode())
    digest.update((resources.files("toolkit.catalog") / "editions" / f"{edition}.yaml").read_bytes())
    for name in _SOURCES:
        digest.update((resources.files("toolkit.workbook") / name).read_bytes())
    return digest.hexdigest()[:32]
