"""The catalog's fixed vocabularies and its list of editions, without loading any edition.

Kept apart from model.py and loader.py so that the command line can offer its choices (`--body-type`,
`--edition`) and print `--help` without building the catalog's classes and rules (issue 15).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LANGUAGES = ("kk", "ru")
BODY_TYPES = ("cgo", "mio")
DIRECTIONS = ("services", "openness", "complaints")

EDITIONS = Path(__file__).with_name("editions")  # a plain folder of the package (not importlib.resources: 5 ms)


def known_editions() -> list[str]:
    """The editions the package holds, listed once per process (`validate` asks for every file)."""
    return list(_editions())


@cache
def _editions() -> tuple[str, ...]:
    return tuple(sorted(p.name.removesuffix(".yaml") for p in EDITIONS.iterdir() if p.name.endswith(".yaml")))
