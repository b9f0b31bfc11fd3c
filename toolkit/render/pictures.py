"""`make docs-pictures`: PNG pictures of each template's first pages and of each sample's conclusion.

The docs show what a body receives and what a commission signs, so the pictures are the printed pages
themselves: every template (complaints and openness for central and local bodies, the assessor's
workbook) printed to PDF by LibreOffice headless, every sample scored (with the assessor's workbook, so
openness has its monitoring data) and its conclusion printed as `score --pdf` prints it; then poppler's
pdftoppm turns the first pages into PNG under docs/pictures/. The fonts are Carlito and Caladea where
installed (fonts-crosextra-carlito), metric twins of Calibri and Cambria, so pages break as in Excel.

    python -m toolkit.render.pictures docs/pictures
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.assessor.template import write_assessor_template
from toolkit.catalog import load_catalog
from toolkit.pdf import conclusion_pdf, soffice_path, to_pdf
from toolkit.run import score_paths

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates" / "xlsx"
SAMPLES = ROOT / "samples"
DPI = 60  # a page of A4 is about 500 × 700 pixels: readable on screen, small in the repository
TEMPLATE_PAGES = 2
CONCLUSION_PAGES = 1


@dataclass(frozen=True, slots=True)
class Picture:
    """A rendered document: its PDF and the PNG pictures of its first pages."""

    pdf: Path
    pngs: tuple[Path, ...]


def render_pages(pdf: Path, target: Path, stem: str, pages: int, dpi: int = DPI) -> tuple[Path, ...]:
    """The first `pages` pages of `pdf` as target/STEM-N.png (N from 1)."""
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", str(pages), str(pdf), str(target / stem)],
                   check=True, capture_output=True, timeout=120)
    made = sorted(target.glob(f"{stem}-*.png"))
    out = []
    for i, png in enumerate(made, start=1):  # pdftoppm pads page numbers to the PDF's page count
        final = target / f"{stem}-{i}.png"
        png.rename(final)
        out.append(final)
    return tuple(out)


def template_pictures(work: Path, target: Path, pages: int = TEMPLATE_PAGES) -> list[Picture]:
    """Each blank template (and the assessor's workbook) printed whole; its first pages as PNG."""
    soffice = _soffice()
    work.mkdir(parents=True, exist_ok=True)
    books = sorted(TEMPLATES.glob("*.xlsx"))
    assessor = work / "assessor-openness.xlsx"
    write_assessor_template(assessor, load_catalog("2023-01"), "openness", 2022)
    out = []
    for book in [*books, assessor]:
        folder = work / book.stem
        folder.mkdir()
        pdf = to_pdf(soffice, book, folder)
        if pdf is None:
            raise RuntimeError(f"LibreOffice made no PDF of {book.name}")
        out.append(Picture(pdf, render_pages(pdf, target, book.stem, pages)))
    return out


def conclusion_pictures(work: Path, target: Path, pages: int = CONCLUSION_PAGES,
                        samples: tuple[str, ...] | None = None) -> list[Picture]:
    """Each sample scored together with the assessor's workbook; its conclusion printed as `score --pdf` does."""
    work.mkdir(parents=True, exist_ok=True)
    names = samples or tuple(p.name for p in sorted(SAMPLES.glob("*.xlsx")))
    copies = [Path(shutil.copy(SAMPLES / name, work / name)) for name in names]
    report = score_paths(copies)
    out = []
    for scored in report.files:
        if scored.output is None:
            continue  # the assessor's workbook: read, not scored
        pdf, failed = conclusion_pdf(Path(scored.output))
        if pdf is None:
            raise RuntimeError(f"{scored.path}: {failed}")
        stem = "conclusion-" + Path(scored.path).stem
        out.append(Picture(pdf, render_pages(pdf, target, stem, pages)))
    return out


def _soffice() -> str:
    soffice = soffice_path()
    if soffice is None or shutil.which("pdftoppm") is None:
        raise RuntimeError("LibreOffice (soffice) and poppler (pdftoppm) are needed: "
                           "apt-get install libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito")
    return soffice


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs/pictures")
    _soffice()
    with tempfile.TemporaryDirectory(prefix="xlscore-pictures-") as tmp:
        work = Path(tmp)
        made = template_pictures(work / "templates", target / "templates")
        made += conclusion_pictures(work / "samples", target / "conclusions")
    for picture in made:
        for png in picture.pngs:
            print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
