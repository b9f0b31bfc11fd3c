"""Append-only edits of a part, recorded so that anyone can undo them and get the original back.

The scored workbook must hold the body's parts unchanged. Four shared parts cannot stay byte-equal
(the part list, the workbook's relationships, the sheet list and the style table must mention our
sheets), so those get minimal insertions (and count attributes updated), each recorded as
[position in the new part, length there, original text]. `revert` applies the records backwards, and
`xlscore verify` then compares SHA-256 with what the body sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit.workbook.opc import PackageError

Record = list  # [position: int, length: int, original: str]

# A start tag's attributes: a quoted value may hold «>» (well-formed XML; a hostile or odd writer's file),
# so «[^>]*» would end the tag inside the value.
ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""


@dataclass
class PartEditor:
    """Collects non-overlapping edits in the original's coordinates; `result` applies them at once."""

    original: bytes
    name: str
    _edits: list[tuple[int, int, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        head = self.original[:200].lstrip(b"\xef\xbb\xbf")
        declared = re.search(rb"encoding\s*=\s*[\"']([^\"']+)", head.split(b"?>", 1)[0]) if head.startswith(b"<?xml") else None
        if b"\x00" in self.original[:4] or (declared and declared.group(1).lower().replace(b"-", b"") != b"utf8"):
            raise PackageError(f"часть {self.name} записана не в кодировке UTF-8; дописать в нее листы нельзя", self.name)
        self.text = self.original

    def insert(self, at: int, text: bytes) -> None:
        self._edits.append((at, at, text))

    def replace(self, start: int, end: int, text: bytes) -> None:
        if self.original[start:end] != text:
            self._edits.append((start, end, text))

    def insert_before_close(self, tag: str, text: bytes) -> None:
        """Insert just before </tag> (any namespace prefix); a self-closing <tag/> is opened up."""
        close = re.search(rb"</(?:[\w.-]+:)?" + tag.encode() + rb"\s*>", self.original)
        if close is not None:
            self.insert(close.start(), text)
            return
        empty = re.search(rb"<((?:[\w.-]+:)?" + tag.encode() + rb")\b(" + ATTRS + rb")/>", self.original)
        if empty is None:
            raise PackageError(f"в части {self.name} нет элемента {tag}", self.name)
        self.replace(empty.end() - 2, empty.end(), b">" + text + b"</" + empty.group(1) + b">")

    def set_count(self, tag: str, count: int) -> None:
        """Keep a collection's count attribute true after appending to it."""
        start = re.search(rb"<(?:[\w.-]+:)?" + tag.encode() + rb"\b" + ATTRS + rb">", self.original)
        if start is None:
            return
        attr = re.search(rb"\scount\s*=\s*[\"']([^\"']*)[\"']", start.group(0))
        if attr is not None:
            self.replace(start.start() + attr.start(1), start.start() + attr.end(1), str(count).encode())
        else:
            at = start.start() + 1 + len(re.match(rb"<[\w.:-]+", start.group(0)).group(0)) - 1
            self.insert(at, f' count="{count}"'.encode())

    @property
    def edits(self) -> list[tuple[int, int, bytes]]:
        """The edits so far, in the original's coordinates (to apply again to the same original)."""
        return list(self._edits)

    @property
    def changed(self) -> bool:
        return bool(self._edits)

    def result(self) -> tuple[bytes, list[Record]]:
        edits = sorted(self._edits, key=lambda e: (e[0], e[1]))
        out, records, pos, shift = [], [], 0, 0
        for start, end, text in edits:
            if start < pos:
                raise ValueError(f"overlapping edits in {self.name}")
            out.append(self.original[pos:start])
            records.append([start + shift, len(text), self.original[start:end].decode("utf-8")])
            out.append(text)
            shift += len(text) - (end - start)
            pos = end
        out.append(self.original[pos:])
        return b"".join(out), records


def revert(data: bytes, records: list[Record]) -> bytes:
    """The part as it was before the recorded edits.

    Records are in order of position in the new part and never overlap (two adjacent deletions share
    one position), so one pass restores them all, in the same order undoing them last to first would.
    Records that could not have come from `result` (out of order, overlapping, past the end) raise
    ValueError: a record read back from a file is hostile input.
    """
    out, pos = [], 0
    for position, length, original in records:
        if position < pos or position + length > len(data):
            raise ValueError("edits that do not fit the part")
        out += [data[pos:position], original.encode("utf-8")]
        pos = position + length
    out.append(data[pos:])
    return b"".join(out)


def prefix_of(data: bytes, tag: str) -> str:
    """The namespace prefix a part uses for `tag` ("" for the default namespace), e.g. "x:"."""
    m = re.search(rb"<([\w.-]+:)?" + tag.encode() + rb"[\s>/]", data)
    return m.group(1).decode() if m and m.group(1) else ""


def with_prefix(fragment: bytes, prefix: str) -> bytes:
    """Give every element of an unprefixed fragment the part's prefix."""
    if not prefix:
        return fragment
    return re.sub(rb"<(/?)([A-Za-z])", lambda m: b"<" + m.group(1) + prefix.encode() + m.group(2), fragment)
