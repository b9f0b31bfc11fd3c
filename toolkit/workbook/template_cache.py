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
from pathlib import Path

from toolkit import __version__
from toolkit.catalog.names import EDITIONS
from toolkit.compiled import cache_root, digest_of, keep

_HERE = Path(__file__).parent  # not importlib.resources: ~6 ms to import
_SOURCES = ("template.py", "list_sheets.py", "input_block.py", "live_checks.py", "layout.py", "styles.py",
            "package.py", "appeals_sheet.py")


def cache_folder() -> Path:
    return cache_root() / "templates"


def template_bytes(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> bytes:
    path = cache_folder() / f"{template_key(edition, directions, body_type, period)}.xlsx"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = _build(edition, directions, body_type, period)
    keep(path, data)
    return data


def _build(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> bytes:
    from toolkit.catalog import load_catalog
    from toolkit.workbook.package import deterministic_bytes
    from toolkit.workbook.template import build_template

    return deterministic_bytes(build_template(load_catalog(edition), directions, body_type, period))


def template_key(edition: str, directions: tuple[str, ...], body_type: str, period: int) -> str:
    """What the template's bytes depend on, hashed: the arguments, the edition and the template writer."""
    digest = digest_of(f"{__version__}|{edition}|{','.join(directions)}|{body_type}|{period}".encode())
    digest.update((EDITIONS / f"{edition}.yaml").read_bytes())
    for name in _SOURCES:
        digest.update((_HERE / name).read_bytes())
    return digest.hexdigest()[:32]
