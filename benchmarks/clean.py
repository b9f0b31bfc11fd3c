"""A clean install of this checkout, as a user gets it: its own venv, `pip install <checkout>`, no extras.

The start-up figures a user feels depend on what is installed beside xlscore: the dev venv has
pandas and numpy (which openpyxl imports when present), an editable-install finder in site-packages,
and the checkout's modules found through PYTHONPATH. A user's `pip install xlscore` has none of that.
So the whole-process targets are measured with a venv holding only xlscore and its dependencies.

The venv is kept under build/ and rebuilt only when pyproject.toml or a file under toolkit/ changes
(a hash stamp), so a bench run pays the install (tens of seconds, pip's cache makes it quicker) only
after the code changed. It needs PyPI for the dependencies; when pip fails the bench says so and
falls back to the checkout's figures, marked as such.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

STAMP = ".bench-stamp"


@dataclass(frozen=True, slots=True)
class CleanInstall:
    """Where the clean venv is, or why there is none (`python` is None then)."""

    python: Path | None
    script: Path | None
    reason: str | None = None
    rebuilt: bool = False


def source_hash(repo: Path) -> str:
    """sha256 over pyproject.toml, README.md and every file under toolkit/ (bytecode left out): what the
    installed package is made of."""
    digest = hashlib.sha256()
    files = [repo / "pyproject.toml", repo / "README.md",
             *sorted(p for p in (repo / "toolkit").rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")]
    for path in files:
        digest.update(str(path.relative_to(repo)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def ensure(repo: Path, venv: Path, log: Path, base: str | None = None) -> CleanInstall:
    """The clean venv for this checkout, built (or rebuilt) when its stamp does not match the sources.
    `base`: the interpreter that makes the venv (default: the one the running venv was made from)."""
    python, script = venv / "bin" / "python", venv / "bin" / "xlscore"
    wanted = source_hash(repo)
    stamp = venv / STAMP
    if stamp.exists() and stamp.read_text().strip() == wanted and python.exists() and script.exists():
        return CleanInstall(python, script)
    shutil.rmtree(venv, ignore_errors=True)
    log.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no build/ yet
    base = base or getattr(sys, "_base_executable", sys.executable)  # the interpreter the dev venv was made from
    with tempfile.TemporaryDirectory(prefix="xlscore-src-") as tmp, log.open("w") as out:
        # a copy, so pip's in-tree build leaves no build/ or egg-info in the checkout
        src = Path(tmp) / "xlscore"
        shutil.copytree(repo / "toolkit", src / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(repo / name, src / name)
        steps = ([base, "-m", "venv", str(venv)],
                 [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(src)])
        for cmd in steps:
            done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                shutil.rmtree(venv, ignore_errors=True)
                return CleanInstall(None, None, f"`{' '.join(cmd[-4:])}` exited {done.returncode} (see {log})")
    stamp.write_text(wanted + "\n")
    return CleanInstall(python, script, rebuilt=True)
