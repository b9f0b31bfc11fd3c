"""Shared test helpers: real templates, filled the way a clerk or `fill` would fill them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from toolkit.catalog import load_catalog
from toolkit.workbook.template import write_template

CATALOG = load_catalog("2023-01")

# xlwings' remote engine for the Excel tests (PolyForm Noncommercial: a government institution's use), set
# before any test module imports xlwings: it decides at import whether `xlwings.script` is the server's.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")


@pytest.fixture(scope="session", autouse=True)
def _template_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Regenerated templates (the tamper comparison's) go to a folder of the run, not the user's cache;
    subprocesses inherit it."""
    os.environ["XLSCORE_CACHE"] = str(tmp_path_factory.mktemp("xlscore-cache"))
COMPLAINTS = CATALOG.direction("complaints")
SYMBOL_KEYS = {spec.symbol: spec.key for spec in COMPLAINTS.inputs}

# A plausible, valid body: m, p, f, a, n, d, x
GOOD = {"m": 1000, "p": 950, "f": 3, "a": 0, "n": 1, "d": 4, "x": 0}


def complaints_values(**symbols: Any) -> dict[str, Any]:
    """Input values by key, starting from GOOD and overriding by symbol (f=5, p=None, …)."""
    values = {**GOOD, **symbols}
    return {SYMBOL_KEYS[s]: v for s, v in values.items()}


def write_named(path: Path, values: dict[str, Any]) -> None:
    """Write values straight into the named cells with openpyxl, as a clerk's Excel would."""
    wb = openpyxl.load_workbook(path)
    for key, value in values.items():
        sheet, coord = next(iter(wb.defined_names[key].destinations))
        wb[sheet][coord.replace("$", "")].value = value
    wb.save(path)


def _blanks(factory: pytest.TempPathFactory, direction: str) -> dict[str, Path]:
    folder = factory.mktemp(f"blanks-{direction}")
    out = {}
    for body_type in ("cgo", "mio"):
        out[body_type] = folder / f"{direction}-{body_type}.xlsx"
        write_template(out[body_type], CATALOG, (direction,), body_type, 2022)
    return out


@pytest.fixture(scope="session")
def blank_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _blanks(tmp_path_factory, "complaints")


@pytest.fixture(scope="session")
def openness_blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Blank openness templates (period 2022) by body type."""
    return _blanks(tmp_path_factory, "openness")


@pytest.fixture
def filled_template(tmp_path: Path, blank_templates: dict[str, Path]) -> Callable[..., Path]:
    """filled_template(body_type="cgo", name="x.xlsx", f=5, …) → a real workbook with those inputs."""

    def make(body_type: str = "cgo", name: str = "report.xlsx", **symbols: Any) -> Path:
        path = tmp_path / name
        shutil.copy(blank_templates[body_type], path)
        write_named(path, complaints_values(**symbols))
        return path

    return make


@pytest.fixture(scope="session")
def services_blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Blank services templates (period 2022) by body type."""
    return _blanks(tmp_path_factory, "services")
