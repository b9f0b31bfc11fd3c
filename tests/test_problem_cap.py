"""Every problem is collected, with a cap that says when it was reached (STYLE 5)."""

from toolkit.catalog import load_catalog
from toolkit.problems import problem
from toolkit.engine.validation import validate
from toolkit.workbook.reader import read_document


def test_cap_keeps_the_first_problems_and_says_so(blank_templates):
    doc, structural = read_document(blank_templates["cgo"])  # seven empty inputs → seven input.missing
    full = validate(doc, load_catalog(), structural)
    assert [p.code for p in full.problems] == ["input.missing"] * 7

    capped = validate(doc, load_catalog(), structural, limit=3)
    assert [p.code for p in capped.problems] == ["input.missing"] * 3 + ["problems.capped"]
    assert capped.problems[-1].message == problem("problems.capped", limit=3).message
    assert not capped.valid and capped.inputs is None
