"""Recalculating our workbooks with a second engine: LibreOffice headless.

openpyxl writes formulas without cached results. LibreOffice computes cells that have no cached
value when it loads an .xlsx, but by default ("Recalculation on file load: never") it trusts any
cached value it finds, so a stale value would pass unnoticed. Every call therefore runs with a
private, throw-away user profile whose registrymodifications.xcu sets
/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode (and ODFRecalcMode) to 0 = "always
recalculate"; the private profile also keeps parallel runs (pytest -n, CI jobs) from fighting over
one profile lock. The converted copy is written as .xlsx with the results cached, which openpyxl
(data_only=True) or `formula_results` below read back.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from typing import Any
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import pytest

TIMEOUT = 180  # seconds for one soffice run (a cold start with a fresh profile takes 2–5 s)

_LOAD = '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
_RECALC_ALWAYS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{_LOAD}<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
{_LOAD}<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")


def recalc_profile(folder: Path) -> Path:
    """Make `folder` a LibreOffice user profile that always recalculates on load; pass its URI as
    -env:UserInstallation (the benchmark shares this with the tests)."""
    (folder / "user").mkdir(parents=True, exist_ok=True)
    (folder / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    return folder


def recalc_with_libreoffice(path: str | Path, outdir: str | Path) -> Path:
    """`path` opened, fully recalculated and saved as outdir/<same name>.xlsx; returns that path."""
    return convert_with_libreoffice([path], outdir, "xlsx")[0]


def convert_with_libreoffice(paths: Iterable[str | Path], outdir: str | Path, fmt: str = "xlsx") -> list[Path]:
    """Convert many files in one soffice start (each start costs seconds); `fmt` is xlsx, ods, pdf, …

    The outputs keep the input stems, so the inputs' names must be distinct. Raises with soffice's own
    output when it fails, times out or leaves a file out.
    """
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    sources = [Path(p).resolve() for p in paths]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    targets = [outdir / f"{p.stem}.{fmt.split(':')[0]}" for p in sources]
    for target in targets:
        target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlscore-lo-") as profile:
        recalc_profile(Path(profile))
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", fmt, "--outdir", str(outdir.resolve()), *map(str, sources)]
        output = run_soffice(cmd)
    missing = [t.name for t in targets if not t.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {', '.join(missing)}:\n{output}")
    return targets


def run_soffice(cmd: list[str], timeout: float = TIMEOUT) -> str:
    """Run soffice in its own process group so a hung conversion is ended with all its children."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise RuntimeError(f"LibreOffice timed out after {timeout} s: {' '.join(cmd)}\n{out}") from None
    if proc.returncode != 0:
        raise RuntimeError(f"LibreOffice failed ({proc.returncode}): {' '.join(cmd)}\n{out}")
    return out


def formula_results(path: str | Path, sheet: str) -> dict[str, object]:
    """Cached results of the formula cells of one sheet, read from the package XML.

    openpyxl (data_only=True) turns an empty-string result into None, the same as a cell never
    computed; here a computed "" stays "", a missing result is None, numbers are floats, errors
    are their text ("#DIV/0!"), booleans are bools.
    """
    with zipfile.ZipFile(path) as package:
        part = sheet_part(package, sheet)
        root = ElementTree.fromstring(package.read(part))
        shared = _shared_strings(package)
    out: dict[str, object] = {}
    for cell in root.iter(f"{{{_NS['m']}}}c"):
        if cell.find("m:f", _NS) is None:
            continue
        value = cell.find("m:v", _NS)
        text = None if value is None else (value.text or "")
        kind = cell.get("t", "n")
        if text is None:
            out[cell.get("r")] = None
        elif kind == "n":
            out[cell.get("r")] = float(text) if text else None
        elif kind == "b":
            out[cell.get("r")] = text == "1"
        elif kind == "s":
            out[cell.get("r")] = shared[int(text)]
        else:  # str, e, inlineStr
            out[cell.get("r")] = text
    return out


def sheet_part(package: zipfile.ZipFile, sheet: str) -> str:
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{_NS['rel']}}}Relationship")}
    for node in workbook.iter(f"{{{_NS['m']}}}sheet"):
        if node.get("name") == sheet:
            target = targets[node.get(f"{{{_NS['r']}}}id")]
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    raise KeyError(f"no sheet {sheet!r} in {package.filename}")


def _shared_strings(package: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    root = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in root.iter(f"{{{_NS['m']}}}si")]


def pdf_pages(path: str | Path) -> int:
    """Page count of a PDF: pdfinfo when installed, else a count of /Type /Page objects."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    data = Path(path).read_bytes()
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages") + \
        data.count(b"/Type/Page") - data.count(b"/Type/Pages")


def pdf_page_texts(path: str | Path) -> list[str] | None:
    """Text of each page (pdftotext from poppler-utils), or None when pdftotext is not installed."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    out = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_page_sizes(path: str | Path) -> list[tuple[float, float]] | None:
    """(width, height) in points of each page (pdfinfo), or None when pdfinfo is not installed."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    out = subprocess.run([pdfinfo, "-f", "1", "-l", "100000", str(path)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, flags=re.M)
    return [(float(w), float(h)) for w, h in sizes]


def formulas_values(path: Path, sheet: str) -> dict[str, Any]:
    """Results of every formula and value cell of `sheet`, computed by the `formulas` package."""
    import formulas  # dev extra; imported here so the module still collects without it

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, value in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+[0-9]+)", str(key))
        if match and match.group(1) == sheet.upper():
            result = value.value[0][0] if hasattr(value, "value") else value
            out[match.group(2)] = result.item() if hasattr(result, "item") else result
    return out


def second_engine(request: pytest.FixtureRequest, files: dict[str, Path], converted_fixture: str):  # type: ignore[no-untyped-def]
    """For a fixture parametrised ["libreoffice", "formulas"]: (sheet, name of file) → {cell: result}.

    LibreOffice's results come from the fixture named `converted_fixture` (name → recalculated copy, all
    files converted in one soffice start); the `formulas` package computes `files[name]` itself.
    """
    if request.param == "libreoffice":
        if soffice_path() is None:
            pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
        converted = request.getfixturevalue(converted_fixture)
        return lambda sheet, name: formula_results(converted[name], sheet)
    pytest.importorskip("formulas", reason="the `formulas` package (dev extra) is not installed")
    return lambda sheet, name: formulas_values(files[name], sheet)
