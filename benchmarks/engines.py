"""What is timed per workbook: the baselines, the toolkit's two calls and the two other engines.

Each operation is a plain function of the workbook's path, so `timing.measure` can run them all
the same way: one warm-up, then the median of N runs in this process (interpreter start-up and
imports are not the toolkit's cost).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from tests.recalc import recalc_profile, run_soffice  # LibreOffice trusts cached values unless told to recalculate
from toolkit.check import check_file
from toolkit.run import score_file

os.environ.setdefault("TQDM_DISABLE", "1")  # `formulas` draws tqdm progress bars on stderr
LIBREOFFICE_TIMEOUT = 300  # seconds for one soffice run

def openpyxl_roundtrip(path: Path) -> None:
    """Baseline: what any openpyxl-based tool pays to open and rewrite this file."""
    openpyxl.load_workbook(path).save(io.BytesIO())


def calamine_read(path: Path) -> None:
    """The floor for reading: every cell of every sheet through Rust."""
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def validate(path: Path) -> None:
    """`xlscore validate` for one file, in-process."""
    check_file(path)


def score(path: Path, output: Path) -> None:
    """`xlscore score` for one file, in-process, including the write-back of the scored copy."""
    result = score_file(path, output)
    if result.output is None:
        raise RuntimeError(f"{path.name} was not scored ({len(result.problems)} problems): "
                           f"{[p.message for p in result.problems[:3]]}")


def score_process(prefix: tuple[str, ...], env: dict[str, str], path: Path, output: Path) -> None:
    """`xlscore score FILE -o OUT` as a whole process (start-up included), as LibreOffice is one."""
    done = subprocess.run([*prefix, "score", str(path), "-o", str(output)], env=env, cwd=output.parent,
                          capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"xlscore score {path.name} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")


def formulas_recalc(path: Path) -> None:
    """The `formulas` package loading the scored workbook and computing every formula in it."""
    import formulas  # optional (dev extra); imported on first use, i.e. during the warm-up

    formulas.ExcelModel().loads(str(path)).finish().calculate()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOffice:
    """One soffice process per call, all calls sharing one private profile set to "always recalculate".

    The profile is created once (the warm-up initialises it), so the timed runs are what a repeated
    `soffice --convert-to xlsx` costs on a machine that has run it before.
    """

    def __init__(self, workdir: Path) -> None:
        binary = soffice_path()
        if binary is None:
            raise RuntimeError("LibreOffice (soffice) is not installed")
        self.binary = binary
        self.profile = recalc_profile(Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir)))
        self.outdir = workdir / "lo-out"

    def command(self, path: Path) -> list[str]:
        """The whole soffice process that recalculates `path` and writes it to `outdir` as xlsx."""
        return [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "xlsx", "--outdir", str(self.outdir), str(path)]

    def recalc(self, path: Path) -> None:
        target = self.outdir / f"{path.stem}.xlsx"
        target.unlink(missing_ok=True)
        out = run_soffice(self.command(path), LIBREOFFICE_TIMEOUT)
        if not target.exists():
            raise RuntimeError(f"LibreOffice did not write {target.name}:\n{out}")
