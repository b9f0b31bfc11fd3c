"""A large sheet part read as batches of whole rows, each batch parsed in C.

Streaming a sheet through `XMLPullParser` hands every element to Python twice (start and end
events): 1.4 million events for a list of 60 000 rows, more than half of `validate`'s time. Here the
inflated XML is cut after the last `</row>` of each megabyte, and each batch, wrapped in the part's
own `<worksheet>` and `<sheetData>` start tags (so every namespace prefix keeps its meaning), is
parsed whole by the C parser; Python visits only rows and cells. Memory stays one batch of rows.

The cuts are found by a pattern, not by a parser, so they are checked by the parser: a cut that fell
inside a comment, CDATA, a processing instruction or a tag leaves a batch that does not parse. Every
byte of the part is parsed once, in one of three pieces: the head (prolog, root start tag and what
precedes the rows, closed by its root's end tag), the batches of rows (each a well-formed sequence of
elements, so their concatenation is one too), and the tail after `</sheetData>` (under the root's
start tag). Together they are the part's well-formedness, as `Package.check_parts` would check it;
a bare expat parser reading the whole part alongside, as before, cost a second parse (issue 15).
When anything fails the caller gets `None` and streams the part the slow way, which reports the
damage properly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element

from toolkit.workbook.opc import _plain_prolog

BATCH = 1 << 20
_ROOT = re.compile(rb"<((?:[\w.-]+:)?)worksheet\b[^>]*>")
_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_LAST_ROW_END = re.compile(rb".*</(?:[\w.-]+:)?row\s*>", re.S)


class Unsplit(Exception):
    """The part could not be cut into batches safely; read it the slow way."""


def row_batches(fh: IO[bytes], name: str) -> Iterator[Element]:
    """`<sheetData>` elements holding consecutive whole rows, then the `<worksheet>` root of what
    follows the rows (merged cells and the rest), in that order. Raises Unsplit (before or after some
    batches: the caller discards what it read) when the part is not plain UTF-8 SpreadsheetML as Excel
    writes it, or is not well-formed."""
    data = fh.read(BATCH)
    if not _plain_prolog(data, name):  # raises on a DOCTYPE; other encodings go the slow way
        raise Unsplit
    while (start := _SHEET_DATA.search(data)) is None:
        more = fh.read(BATCH)
        if not more:
            raise Unsplit
        data += more
    root = _ROOT.search(data, 0, start.start())
    if root is None or start.group(2):  # no <worksheet> before it, or an empty <sheetData/>
        raise Unsplit
    _parse(data[:start.start()] + b"</" + root.group(1) + b"worksheet>")  # the prolog and what precedes the rows
    opening = data[root.start():root.end()] + data[start.start():start.end()]
    closing = b"</" + start.group(1) + b"sheetData></" + root.group(1) + b"worksheet>"
    pending = data[start.end():]
    while (end := _SHEET_DATA_END.search(pending)) is None:
        cut = _LAST_ROW_END.match(pending)
        if cut is not None:
            yield _parse(opening + pending[:cut.end()] + closing)[0]
            pending = pending[cut.end():]
        more = fh.read(BATCH)
        if not more:
            raise Unsplit
        pending += more
    yield _parse(opening + pending[:end.start()] + closing)[0]
    tail = pending[end.end():]
    while more := fh.read(BATCH):
        tail += more
    yield _parse(data[root.start():root.end()] + tail)


def _parse(xml: bytes) -> Element:
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        raise Unsplit from exc
