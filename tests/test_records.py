"""Nothing lost, nothing forged (issue 10): originals survive every way of scoring, and files keep the
permissions people expect.

Covers CONTRACTS «Commands» (`score --in-place`) and the decisions in docs/developers.md.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import complaints_values, write_named
from toolkit.cli import cli
from toolkit.verify import verify_file

BODIES = {"МЮ": "Министерство юстиции Республики Казахстан", "НБ": "Национальный Банк Республики Казахстан"}


def invoke(*args: Any) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def body(tmp_path, blank_templates):
    """body(path, code="МЮ", f=3, …) → a filled complaints report of that body at `path`."""

    def make(path: Path, code: str = "МЮ", **symbols: Any) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(blank_templates["cgo"], path)
        write_named(path, {**complaints_values(**symbols), "body.code": code, "body.name": BODIES[code]})
        return path

    return make


# --------------------------------------------------------------------------- 1. originals kept


def test_in_place_originals_survive_any_number_of_runs(tmp_path, body):
    path = body(tmp_path / "X.xlsx")
    original = path.read_bytes()
    states = []
    for _ in range(3):
        states.append(path.read_bytes())
        assert invoke("score", path, "--in-place").exit_code == 0
    backups = [tmp_path / "X.xlsx.bak", tmp_path / "X.xlsx.2.bak", tmp_path / "X.xlsx.3.bak"]
    assert [b.read_bytes() for b in backups] == states
    assert backups[0].read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["X.xlsx", *(b.name for b in backups)])
    result = verify_file(path)
    assert (result.intact, result.scorings) == (True, 3)


# --------------------------------------------------------------------------- 7. file modes


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)

    def set_(mask: int) -> None:
        os.umask(mask)

    yield set_
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_outputs_follow_the_umask(tmp_path, body, umask, mask, expected):
    path = body(tmp_path / "X.xlsx")
    umask(mask)
    assert invoke("score", path).exit_code == 0
    assert mode(tmp_path / "X.scored.xlsx") == expected
    assert invoke("score", path, "-o", tmp_path / "Y.xlsx").exit_code == 0
    assert mode(tmp_path / "Y.xlsx") == expected
    template = tmp_path / "blank.xlsx"
    assert invoke("template", "--direction", "complaints", "--body-type", "cgo", "-o", template).exit_code == 0
    assert mode(template) == expected


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_in_place_keeps_the_originals_mode_and_so_do_backups(tmp_path, body, umask):
    path = body(tmp_path / "X.xlsx")
    path.chmod(0o664)
    umask(0o077)
    for _ in range(2):
        assert invoke("score", path, "--in-place").exit_code == 0
        assert mode(path) == 0o664
    assert mode(tmp_path / "X.xlsx.bak") == 0o664 and mode(tmp_path / "X.xlsx.2.bak") == 0o664
    copy = tmp_path / "X.scored.xlsx"
    assert invoke("score", path, "-o", copy).exit_code == 0
    copy.chmod(0o640)
    assert invoke("score", path, "-o", copy).exit_code == 0
    assert mode(copy) == 0o640  # a copy replaced with its history carried keeps the mode it was given
    assert not [p for p in tmp_path.iterdir() if re.search(r"\.tmp$|\.lock$", p.name)]
