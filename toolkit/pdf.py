"""Printable conclusions: the «Заключение» of a scored copy as an A4 PDF, through LibreOffice headless.

A commission signs the conclusion on paper, so `score --pdf` writes it beside the scored copy as
NAME.заключение.pdf. LibreOffice prints every visible sheet, so the PDF is made from a temporary copy in
which every other sheet is hidden (the scored copy itself is never touched); the conclusion's own page
setup (A4, print titles, page numbers) decides the pages. Each conversion runs with a private,
throw-away LibreOffice profile, so parallel runs do not fight over one profile lock.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from toolkit.check import Report
from toolkit.problems import Problem, problem
from toolkit.run import ScoreReport
from toolkit.workbook.opc import Package, PackageError
from toolkit.workbook.record import RecordError, read_record
from toolkit.workbook.xlsx import Xlsx

TIMEOUT = 180  # seconds for one conversion (a cold start with a fresh profile takes 2–5 s)
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?/>")
_NAME = re.compile(rb'\bname="([^"]*)"')
_STATE = re.compile(rb'\s+state="[^"]*"')


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_name(scored: Path) -> Path:
    """X.scored.xlsx → X.заключение.pdf (beside it)."""
    stem = scored.name.removesuffix(scored.suffix).removesuffix(".scored")
    return scored.with_name(f"{stem}.заключение.pdf")


def conclusion_pdf(scored: Path, target: Path | None = None) -> tuple[Path | None, Problem | None]:
    """Write the conclusion of `scored` as a PDF; (its path, None) or (None, the reason in Russian)."""
    target = target or pdf_name(scored)
    soffice = soffice_path()
    if soffice is None:
        return None, problem("pdf.unavailable", path=target, reason="не установлен LibreOffice (soffice); "
                             "установите его (например, apt-get install libreoffice-calc-nogui) или откройте "
                             "лист «Заключение» в Excel и напечатайте его")
    try:
        sheet = _conclusion_sheet(scored)
    except (PackageError, RecordError, KeyError) as exc:
        return None, problem("pdf.unavailable", path=target, reason=f"в книге не найден лист заключения ({exc})")
    with tempfile.TemporaryDirectory(prefix="xlscore-pdf-") as tmp:
        folder = Path(tmp)
        copy = folder / f"{target.stem}.xlsx"
        _only_sheet(scored, copy, sheet)
        try:
            made = to_pdf(soffice, copy, folder)
        except (OSError, subprocess.SubprocessError) as exc:
            return None, problem("pdf.unavailable", path=target, reason=f"LibreOffice не смог напечатать лист ({exc})")
        if made is None:
            return None, problem("pdf.unavailable", path=target, reason="LibreOffice не создал файл")
        shutil.copyfile(made, target)
    return target, None


# The profile's locale: numbers print as a Russian reader (and Excel in Kazakhstan) shows them, «84,73»
# not «84.73», whatever the machine's locale (setting LANG instead breaks Cyrillic file names where the
# locale is not installed).
_RUSSIAN_LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>ru-RU</value>\
</prop></item>
</oor:items>
"""


def to_pdf(soffice: str, workbook: Path, folder: Path) -> Path | None:
    """Print every visible sheet of `workbook` to folder/STEM.pdf with LibreOffice headless and a private,
    throw-away profile in `folder`; the PDF's path, or None when LibreOffice made none. Raises OSError or
    subprocess.SubprocessError when LibreOffice cannot run or fails."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RUSSIAN_LOCALE, encoding="utf-8")
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", "pdf", "--outdir", str(folder), str(workbook)]
    subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=True, start_new_session=True)
    made = folder / f"{workbook.stem}.pdf"
    return made if made.exists() else None


def _conclusion_sheet(scored: Path) -> str:
    package = Package(scored)
    try:
        record = read_record(package)
        if record is None:
            raise KeyError("нет записи xlscore об оценке")
        return record.sheets["conclusion"].name
    finally:
        package.close()


def _only_sheet(source: Path, target: Path, keep: str) -> None:
    """A copy of `source` in which every sheet but `keep` is hidden (a workbook.xml edit, nothing else)."""
    package = Package(source)
    try:
        workbook = Xlsx(package).part
    finally:
        package.close()

    def name(element: bytes) -> str | None:
        found = _NAME.search(element)
        return html.unescape(found.group(1).decode("utf-8")) if found else None

    def hide(match: re.Match[bytes]) -> bytes:
        element = _STATE.sub(b"", match.group(0))
        return element if name(element) == keep else element[:-2].rstrip() + b' state="hidden"/>'

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == workbook:
                names = [name(m.group(0)) for m in _SHEET.finditer(data)]
                data = _SHEET.sub(hide, data)
                # LibreOffice prints the active sheet even when hidden: make the kept one active and first
                tab = str(names.index(keep) if keep in names else 0).encode()
                data = re.sub(rb'\s+(?:activeTab|firstSheet)="\d+"', b"", data)
                data = re.sub(rb"<((?:\w+:)?workbookView)\b", rb'<\1 activeTab="' + tab + rb'" firstSheet="' + tab + rb'"',
                              data, count=1)
            elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                data = re.sub(rb'\s+tabSelected="(?:1|true)"', b"", data, count=1)  # one selected tab: the kept one
            dst.writestr(info, data)


def with_conclusion_pdfs(report: ScoreReport) -> ScoreReport:
    """Every scored file's conclusion as PDF; a file whose PDF could not be made says why (exit 2)."""
    files = []
    for f in report.files:
        if f.output is None:
            files.append(f)
            continue
        made, failed = conclusion_pdf(Path(f.output))
        files.append(replace(f, pdf=str(made)) if made else
                     replace(f, problems=(*f.problems, failed), exit_code=max(f.exit_code, 2)))
    return Report(tuple(files))
