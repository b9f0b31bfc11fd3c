"""Our named cell styles, appended to a body's style table without touching its existing entries.

A cell's `s` attribute indexes `cellXfs`; the body's cells keep their indices because we only append.
Fonts start from the workbook's own default font, so our sheets look native in whatever font the
body's Excel uses. Elements are built by openpyxl's style classes (`to_tree`), not by hand.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Any
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from openpyxl.styles import Alignment, Font, Protection
from openpyxl.styles.cell_style import CellStyle
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE

from toolkit.workbook.conformance import TRANSITIONAL, Conformance
from toolkit.workbook.edits import PartEditor, prefix_of, with_prefix
from toolkit.workbook.opc import local, parse_xml

EMPTY_STYLES_BODY = ('<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
                     '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                     '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                     '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                     '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
                     '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>')


def empty_styles(conformance: Conformance = TRANSITIONAL) -> bytes:
    """A minimal style part, for a workbook that has none, in the workbook's namespace."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{conformance.main}">'
            f"{EMPTY_STYLES_BODY}</styleSheet>").encode()


def _xml(element: ET.Element) -> bytes:
    return ET.tostring(element, encoding="utf-8", short_empty_elements=True).replace(b" />", b"/>")


# Style objects are hashable by value, and every scoring serialises the same few: cache them.
@lru_cache(maxsize=256)
def _tree_xml(style: Any) -> bytes:
    return _xml(style.to_tree())


@lru_cache(maxsize=256)
def _font_xml(base: Font, font: Font) -> bytes:
    """The workbook's default font with our emphasis (bold, italic, size, colour) on top."""
    merged = copy.copy(base)
    for attr in ("b", "i", "u", "strike", "color", "sz"):
        value = getattr(font, attr)
        if value not in (None, False):
            setattr(merged, attr, value)
    return _xml(merged.to_tree())


@lru_cache(maxsize=1024)
def _xf_xml(num_fmt: int, font: int, fill: int, border: int, xf_id: int | None, alignment: Alignment | None,
            protection: Protection | None, apply_format: bool) -> bytes:
    xf = CellStyle(numFmtId=num_fmt, fontId=font, fillId=fill, borderId=border, xfId=xf_id,
                   alignment=alignment, protection=protection)
    xf.applyFont = bool(font) or None
    xf.applyFill = bool(fill) or None
    xf.applyBorder = bool(border) or None
    xf.applyNumberFormat = apply_format or None
    return _xml(xf.to_tree())


class StyleAppender:
    """Appends the styles in `styles` (name → {font, fill, border, alignment, number_format, protection})."""

    COLLECTIONS = ("numFmts", "fonts", "fills", "borders", "cellXfs")

    def __init__(self, data: bytes, name: str):
        self.editor = PartEditor(data, name)
        root = parse_xml(data, name)
        self.children = {local(el.tag): el for el in root}
        self.counts = {tag: len(self.children[tag]) if tag in self.children else 0 for tag in self.COLLECTIONS}
        self.prefix = prefix_of(data, "styleSheet")
        fonts = self.children.get("fonts")
        self.base_font = _base_font(fonts[0] if fonts is not None and len(fonts) else None)
        self.custom_formats = {fmt.get("formatCode", ""): int(fmt.get("numFmtId", "0"))
                               for fmt in self.children.get("numFmts", []) if fmt.get("numFmtId", "").isdigit()}
        self.has_cell_style_xf = "cellStyleXfs" in self.children and len(self.children["cellStyleXfs"]) > 0
        self._new: dict[str, list[bytes]] = {tag: [] for tag in self.COLLECTIONS}
        self._index: dict[tuple[str, bytes], int] = {}

    def add(self, styles: Mapping[str, Mapping[str, object]]) -> dict[str, int]:
        """Append one cell format per named style; returns name → index into cellXfs."""
        out = {}
        for name, spec in styles.items():
            font = self._entry("fonts", _font_xml(self.base_font, spec["font"])) if spec.get("font") else 0
            fill = self._entry("fills", _tree_xml(spec["fill"])) if spec.get("fill") else 0
            border = self._entry("borders", _tree_xml(spec["border"])) if spec.get("border") else 0
            alignment, protection = spec.get("alignment"), spec.get("protection")
            xf = _xf_xml(self._format(str(spec.get("number_format", "General"))), font, fill, border,
                         0 if self.has_cell_style_xf else None,
                         alignment if isinstance(alignment, Alignment) else None,
                         protection if isinstance(protection, Protection) else None,
                         "number_format" in spec)
            out[name] = self._entry("cellXfs", xf, dedupe=False)
        return out

    def _format(self, code: str) -> int:
        if code in BUILTIN_FORMATS_REVERSE:
            return BUILTIN_FORMATS_REVERSE[code]
        if code in self.custom_formats:
            return self.custom_formats[code]
        fid = max([163, *self.custom_formats.values()]) + 1
        self.custom_formats[code] = fid
        el = ET.Element("numFmt", numFmtId=str(fid), formatCode=code)
        self._new["numFmts"].append(_xml(el))
        return fid

    def _entry(self, tag: str, xml: bytes, dedupe: bool = True) -> int:
        key = (tag, xml)
        if dedupe and key in self._index:
            return self._index[key]
        index = self.counts[tag] + len(self._new[tag])
        self._new[tag].append(xml)
        self._index[key] = index
        return index

    def result(self) -> PartEditor:
        """The edits: entries appended at the end of each collection, counts updated."""
        for tag in self.COLLECTIONS:
            added = self._new[tag]
            if not added:
                continue
            fragment = with_prefix(b"".join(added), self.prefix)
            if tag == "numFmts" and tag not in self.children:
                head = _open_tag_end(self.editor.original, "styleSheet")
                self.editor.insert(head, with_prefix(b'<numFmts count="%d">' % len(added), self.prefix) + fragment
                                   + with_prefix(b"</numFmts>", self.prefix))
                continue
            self.editor.insert_before_close(tag, fragment)
            self.editor.set_count(tag, self.counts[tag] + len(added))
        return self.editor


def _base_font(font: ET.Element | None) -> Font:
    """The workbook's default font, or Calibri 11 when it is missing or its values make no sense."""
    if font is not None:
        try:
            return Font.from_tree(_plain(font))
        except (TypeError, ValueError):  # e.g. a size that is not a number: openpyxl refuses it
            pass
    return Font(name="Calibri", sz=11)


def _plain(el: ET.Element) -> ET.Element:
    """openpyxl's from_tree expects unqualified tags; strip the namespace from a copy."""
    el = copy.deepcopy(el)
    for node in el.iter():
        node.tag = local(node.tag)
    return el


def _open_tag_end(data: bytes, tag: str) -> int:
    m = re.search(rb"<(?:[\w.-]+:)?" + tag.encode() + rb"\b[^>]*>", data)
    if m is None:
        raise ValueError(tag)
    return m.end()
