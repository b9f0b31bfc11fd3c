"""Docs generated from the code stay current, and every problem is documented and tested (STYLE 1, 10)."""

from pathlib import Path

import pytest

from toolkit.docgen import PAGES
from toolkit.problems import PROBLEMS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_page_is_current(name):
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == PAGES[name](), f"docs/{name} is stale: run `make docs`"


def test_every_problem_code_has_a_template_a_docs_row_and_a_test():
    page = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
                      if p.name != "test_docs.py")
    for code, ptype in PROBLEMS.items():
        assert ptype.template.strip(), code
        assert f"`{code}`" in page, f"{code} has no row in docs/problems.md"
        assert f'"{code}"' in tests, f"{code} is not exercised by any test"


def test_interpretations_of_the_catalog_are_all_listed():
    from toolkit.catalog import load_catalog

    page = (ROOT / "docs" / "interpretations.md").read_text(encoding="utf-8")
    for item in load_catalog().interpretations.values():
        assert f"`{item.id}`" in page
