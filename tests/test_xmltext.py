"""workbook/xmltext.py writes what xml.sax.saxutils writes, byte for byte (issue 15: saxutils imports
urllib.request, ~17 ms of every `score` start)."""

from __future__ import annotations

from xml.sax import saxutils

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.workbook.xmltext import escape, quoteattr

TRICKY = st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\tЖ ;#")) | st.characters(), max_size=40)


@settings(max_examples=400, deadline=None)
@given(TRICKY)
def test_the_same_as_saxutils(text):
    assert escape(text) == saxutils.escape(text)
    assert escape(text, {'"': "&quot;"}) == saxutils.escape(text, {'"': "&quot;"})
    assert quoteattr(text) == saxutils.quoteattr(text)


@pytest.mark.parametrize("text, attr", [
    ('Лист "1"', "'Лист \"1\"'"),            # a double quote only: single quotes around it
    ("it's \"x\"", '"it\'s &quot;x&quot;"'),  # both: double quotes, the double ones escaped
    ("a\tb\nc", '"a&#9;b&#10;c"'),           # tabs and line ends kept as references
    ("<&>", '"&lt;&amp;&gt;"'),
])
def test_attribute_quoting_by_hand(text, attr):
    assert quoteattr(text) == attr
