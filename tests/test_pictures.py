"""`make docs-pictures` (issue 11, item 7): templates and conclusions really printed by LibreOffice.

The PDFs are read back with poppler: page counts within bounds (a layout that shrinks or explodes
shows here first), the appendix's title and the footer's page numbers in the text, the signature
block on the conclusion's last page. The docs' pictures must exist where the guides point.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.render import pictures

ROOT = Path(__file__).resolve().parents[1]
needs_tools = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext")
    or not shutil.which("pdftoppm"),
    reason="LibreOffice (soffice) and poppler are needed: apt-get install libreoffice-calc-nogui poppler-utils")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.libreoffice
@needs_tools
def test_templates_print_with_their_appendix_titles_and_page_numbers(tmp_path: Path):
    made = {p.pdf.stem: p for p in pictures.template_pictures(tmp_path / "work", tmp_path / "png")}
    # page bounds: complaints is Инструкция, Прил. 11, Акт сверки (3–6 pages); openness one sheet or two
    # per Прил. 9 table (20–45); services Инструкция, Прил. 2, the monitoring list and for CGO the Ministry's
    # sheet (4–14); the assessor's table of ~60 bodies, pages running across (4–30)
    # every template also has «Обжалование» (Прил. 14, 1–2 pages); `all` is every direction's sheets (30–70)
    bounds = {"complaints-cgo": (3, 8, "Приложение 11"), "complaints-mio": (3, 8, "Приложение 11"),
              "all-cgo": (30, 70, "Приложение 9"), "all-mio": (30, 70, "Приложение 9"),
              "openness-cgo": (20, 45, "Приложение 9"), "openness-mio": (18, 45, "Приложение 9"),
              "services-cgo": (5, 16, "Приложение 2"), "services-mio": (4, 14, "Приложение 2"),
              "assessor-openness": (4, 30, "Данные уполномоченного органа")}
    assert set(made) == set(bounds)
    for stem, (low, high, title) in bounds.items():
        count = _pages(made[stem].pdf)
        assert low <= count <= high, (stem, count)
        text = _text(made[stem].pdf)
        assert title in text, stem
        assert f"Стр. 1 из {count}" in text and f"Стр. {count} из {count}" in text, stem
        assert len(made[stem].pngs) == pictures.TEMPLATE_PAGES and all(p.stat().st_size > 5000 for p in made[stem].pngs)


@pytest.mark.libreoffice
@needs_tools
@pytest.mark.parametrize(("samples", "appendix", "pages"), [
    (("complaints-МЮ.xlsx",), "Приложение 12", (1, 3)),
    (("openness-МО.xlsx", "assessor-openness-2022.xlsx"), "Приложение 8", (4, 12)),
])
def test_conclusions_print_whole_with_the_signature_block(tmp_path: Path, samples, appendix, pages):
    (work := tmp_path / "work").mkdir()
    (picture,) = pictures.conclusion_pictures(work, tmp_path / "png", samples=samples)
    count = _pages(picture.pdf)
    assert pages[0] <= count <= pages[1]
    first = _text(picture.pdf, 1, 1)
    assert appendix in first and "Заключение о результатах" in first
    # numbers in the locale a Russian reader has, whatever the machine's: «84,73», never «84.73»
    assert re.search(r"Общая оценка по критериям\s+\d+,\d\d\b", first), first
    assert not re.search(r"\b\d+\.\d\d\b", first)
    last = _text(picture.pdf, count, count)
    # the signature block is never split from its head, nor left without a line of the text above it
    assert "Руководитель Уполномоченного органа" in last and "(подпись)" in last and "(расшифровка подписи)" in last
    assert f"Стр. {count} из {count}" in last
    assert picture.pngs[0].name.startswith("conclusion-") and picture.pngs[0].stat().st_size > 5000


def test_the_guides_show_pictures_that_exist():
    """Every picture the guides show is in docs/pictures (run `make docs-pictures` after changing layouts)."""
    shown = []
    for guide in ("body-guide.md", "assessor-guide.md"):
        text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
        shown += re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", text)
    assert len(shown) >= 4
    for link in shown:
        assert (ROOT / "docs" / link).is_file(), link
