"""Recorded edits undo exactly: whatever non-overlapping insertions, replacements and deletions a
scoring makes to a shared part, `revert` gives back the submitted bytes (verify depends on it)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.workbook.edits import PartEditor, prefix_of, revert, with_prefix
from toolkit.workbook.opc import PackageError

TEXT = st.text(alphabet=st.sampled_from("ab<>/=\" жЖ1"), max_size=40)


@st.composite
def edits(draw):
    text = draw(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))  # at characters, as our edits cut
    byte = [len(text[:i].encode()) for i in range(len(text) + 1)]
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        spans.append((byte[start], byte[end], draw(TEXT).encode()))  # start == end: insertion; b"": deletion
    return text.encode(), spans


@given(edits())
@settings(max_examples=500)
def test_revert_undoes_any_edits(case):
    original, spans = case
    editor = PartEditor(b"<?xml version='1.0' encoding='UTF-8'?>" + original, "part.xml")
    offset = len(b"<?xml version='1.0' encoding='UTF-8'?>")
    for start, end, text in spans:
        editor.replace(start + offset, end + offset, text) if start != end else editor.insert(start + offset, text)
    new, records = editor.result()
    records = json.loads(json.dumps(records))  # as stored in «Журнал»
    assert revert(new, records) == editor.original


@pytest.mark.parametrize(("data", "expected"), [
    (b'<styleSheet xmlns="m"><fonts count="1"><font/></fonts>', b'<styleSheet xmlns="m"><fonts count="2"><font/><font/></fonts>'),
    (b'<x:styleSheet xmlns:x="m"><x:fonts><x:font/></x:fonts>', b'<x:styleSheet xmlns:x="m"><x:fonts count="2"><x:font/><x:font/></x:fonts>'),
    (b'<styleSheet xmlns="m"><fonts count="0"/>', b'<styleSheet xmlns="m"><fonts count="1"><font/></fonts>'),
])
def test_appending_to_a_collection_keeps_prefix_and_count(data, expected):
    editor = PartEditor(data, "xl/styles.xml")
    prefix = prefix_of(data, "styleSheet")
    editor.insert_before_close("fonts", with_prefix(b"<font/>", prefix))
    editor.set_count("fonts", data.count(b"font/>") + 1 if b"count=\"0\"" not in data else 1)
    new, records = editor.result()
    assert new == expected
    assert revert(new, records) == data


def test_parts_not_in_utf8_are_refused_by_name():
    with pytest.raises(PackageError, match="xl/workbook.xml"):
        PartEditor('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"), "xl/workbook.xml")
