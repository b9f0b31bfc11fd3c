"""The methodology catalog: one data file per edition, checked at load.

Names are imported on first use (PEP 562), so `from toolkit.catalog import BODY_TYPES` does not build
the catalog's classes and rules: the command line's `--help` needs only names.py (issue 15).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.catalog.loader import load_catalog, parse_catalog
    from toolkit.catalog.model import Catalog, Criterion, Direction, InputSpec
    from toolkit.catalog.names import BODY_TYPES, DIRECTIONS, known_editions

__all__ = ["BODY_TYPES", "DIRECTIONS", "Catalog", "Criterion", "Direction", "InputSpec",
           "known_editions", "load_catalog", "parse_catalog"]

_MODULE = {"BODY_TYPES": "names", "DIRECTIONS": "names", "known_editions": "names", "load_catalog": "loader",
           "parse_catalog": "loader", "Catalog": "model", "Criterion": "model", "Direction": "model",
           "InputSpec": "model"}


def __getattr__(name: str) -> Any:
    if name not in _MODULE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"toolkit.catalog.{_MODULE[name]}"), name)
