"""`score --pdf`: each conclusion printed as an A4 PDF through LibreOffice headless (issue 11, item 6).

LibreOffice is really run; the PDF's text is read back with poppler's pdftotext. Where either is
missing the test is skipped with the reason; the «not installed» path is tested everywhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.files import sha256

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
needs_tools = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext"),
    reason="LibreOffice (soffice) and pdftotext are needed: apt-get install libreoffice-calc-nogui poppler-utils")


def _text(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return pages, subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_tools
@pytest.mark.parametrize(("files", "appendix", "body", "pages"), [
    (("complaints-МЮ.xlsx",), "Приложение 12", "Министерство юстиции", (1, 2)),
    # 9 pages since issue 11 item 4 (items named with their period or code, advice per indicator)
    (("openness-АКТО.xlsx", "assessor-openness-2022.xlsx"), "Приложение 8", "Акимат Актюбинской области", (2, 10)),
])
def test_the_conclusion_alone_is_printed(tmp_path: Path, files: tuple[str, ...], appendix: str, body: str,
                                         pages: tuple[int, int]):
    paths = [shutil.copy(SAMPLES / name, tmp_path / name) for name in files]
    before = sha256(Path(paths[0]))
    result = CliRunner().invoke(cli, ["score", *map(str, paths), "--pdf", "--json"])
    assert result.exit_code == 0, result.output
    entry = next(f for f in json.loads(result.stdout)["files"] if f.get("output"))
    pdf = Path(entry["pdf"])
    assert pdf.name == Path(paths[0]).name.replace(".xlsx", ".заключение.pdf") and pdf.exists()
    count, text = _text(pdf)
    assert pages[0] <= count <= pages[1]
    assert appendix in text and body in text and "Заключение" in text
    assert "Как заполнить отчет" not in text and "Журнал" not in text  # no other sheet of the workbook
    assert sha256(Path(paths[0])) == before


def test_without_libreoffice_the_score_is_written_and_the_pdf_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("toolkit.pdf.soffice_path", lambda: None)
    path = Path(shutil.copy(SAMPLES / "complaints-МЮ.xlsx", tmp_path / "r.xlsx"))
    result = CliRunner().invoke(cli, ["score", str(path), "--pdf", "--json"])
    assert result.exit_code == 2
    (entry,) = json.loads(result.stdout)["files"]
    assert [p["code"] for p in entry["problems"]] == ["pdf.unavailable"]
    assert "LibreOffice" in entry["problems"][0]["message"] and Path(entry["output"]).exists()
    assert "pdf" not in entry
