"""What is timed per workbook: the baselines, the toolkit's two calls and the two other engines.

Each operation is a plain function of the workbook's path, so `timing.measure` can run them all
the same way: one warm-up, then the median of N runs in this process (interpreter start-up and
imports are not the toolkit's cost).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from toolkit.check import check_file
from toolkit.run import score_file

os.environ.setdefault("TQDM_DISABLE", "1")  # `formulas` draws tqdm progress bars on stderr
LIBREOFFICE_TIMEOUT = 300  # seconds for one soffice run

# Copied from tests/recalc.py (which imports pytest): LibreOffice trusts cached values in an .xlsx
# unless OOXMLRecalcMode is 0 = "always recalculate"; a private profile carries that setting and
# keeps this run away from any user's profile lock.
_LOAD = '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
_RECALC_ALWAYS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{_LOAD}<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
{_LOAD}<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


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
        raise RuntimeError(f"{path.name} was not scored: {[p.message for p in result.problems]}")


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
        self.profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir))
        (self.profile / "user").mkdir()
        (self.profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        self.outdir = workdir / "lo-out"

    def recalc(self, path: Path) -> None:
        target = self.outdir / f"{path.stem}.xlsx"
        target.unlink(missing_ok=True)
        cmd = [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "xlsx", "--outdir", str(self.outdir), str(path)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=LIBREOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RuntimeError(f"LibreOffice timed out after {LIBREOFFICE_TIMEOUT} s on {path.name}") from None
        if proc.returncode != 0 or not target.exists():
            raise RuntimeError(f"LibreOffice failed ({proc.returncode}) on {path.name}:\n{out}")
