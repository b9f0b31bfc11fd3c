"""Our named cell styles, appended to a body's style table without touching its existing entries.

A cell's `s` attribute indexes `cellXfs`; the body's cells keep their indices because we only append.
Fonts start from the workbook's own default font, so our sheets look native in whatever font the
body's Excel uses. Elements are written here as openpyxl's style classes wrote them, without importing
openpyxl (see style_specs.py).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from toolkit.workbook.cells import BUILTIN_FORMATS_REVERSE
from toolkit.workbook.conformance import TRANSITIONAL, Conformance
from toolkit.workbook.edits import ATTRS, PartEditor, prefix_of, with_prefix
from toolkit.workbook.opc import local, parse_xml
from toolkit.workbook.xmltext import escape

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


def _number(value: float) -> str:
    return "" if math.isnan(value) or math.isinf(value) else "%.16g" % value


def _attrs(pairs: Sequence[tuple[str, str]]) -> str:
    return "".join(f' {k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in pairs)


# The XML below is what openpyxl's style classes wrote for the same styles (`to_tree`), byte for
# byte; tests/test_stylesheet.py compares the two over many body fonts.

@lru_cache(maxsize=256)
def _fill_xml(rgb: str) -> bytes:
    return f'<fill><patternFill patternType="solid"><fgColor rgb="00{rgb}"/></patternFill></fill>'.encode()


@lru_cache(maxsize=256)
def _border_xml(rgb: str) -> bytes:
    side = '<{0} style="thin"><color rgb="00%s"/></{0}>' % rgb
    return ("<border>" + "".join(side.format(s) for s in ("left", "right", "top", "bottom")) + "</border>").encode()


class BodyFont(NamedTuple):
    """A `<font>` as openpyxl read it: (element name, value) pairs in openpyxl's order; `color` holds
    its attribute pairs. Only what it knows is kept, as openpyxl kept it."""

    items: tuple[tuple[str, Any], ...]


_FONT_ORDER = ("name", "charset", "family", "b", "i", "strike", "outline", "shadow", "condense", "color", "extend",
               "sz", "u", "vertAlign", "scheme")
_FONT_CHOICES = {"u": ("single", "double", "singleAccounting", "doubleAccounting"),
                 "vertAlign": ("superscript", "subscript", "baseline"), "scheme": ("major", "minor")}
_RGB = re.compile("^([A-Fa-f0-9]{8}|[A-Fa-f0-9]{6})$")
CALIBRI_11 = BodyFont((("name", "Calibri"), ("sz", 11.0)))


def _bool(value: str | None) -> bool:
    return value is None or value not in ("false", "f", "0", "")


def _font_value(tag: str, el: ET.Element) -> Any:
    """One child of `<font>` as openpyxl's descriptors convert it; ValueError where openpyxl refuses."""
    val = el.get("val")
    if tag == "color":
        return _color(el)
    if tag in ("b", "i", "strike", "outline", "shadow", "condense", "extend"):
        return _bool(val)
    if val is None:
        return None
    if tag in _FONT_CHOICES:
        if val == "none":
            return None
        if val not in _FONT_CHOICES[tag]:
            raise ValueError(tag)
        return val
    if tag == "charset":
        return int(val)
    if tag in ("family", "sz"):
        number = float(val)
        if tag == "family" and not 0 <= number <= 14:
            raise ValueError(tag)
        return number
    return val  # name


def _color(el: ET.Element) -> tuple[tuple[str, str], ...]:
    """openpyxl's Color: one of indexed, theme, auto, rgb (in that precedence), then a tint not 0."""
    tint = float(el.get("tint", "0"))
    if not -1 <= tint <= 1:
        raise ValueError("tint")
    if el.get("indexed") is not None:
        pair = ("indexed", str(int(el.get("indexed", ""))))
    elif el.get("theme") is not None:
        pair = ("theme", str(int(el.get("theme", ""))))
    elif el.get("auto") is not None:
        pair = ("auto", "1" if _bool(el.get("auto")) else "0")
    else:
        rgb = el.get("rgb", "00000000")
        if not _RGB.match(rgb):
            raise ValueError("rgb")
        pair = ("rgb", rgb if len(rgb) == 8 else "00" + rgb)
    return (pair, ("tint", _number(tint))) if tint != 0 else (pair,)


def _base_font(font: ET.Element | None) -> BodyFont:
    """The workbook's default font, or Calibri 11 when it is missing or its values make no sense."""
    if font is None:
        return CALIBRI_11
    values: dict[str, Any] = {}
    try:
        for child in font:
            tag = local(child.tag)
            if tag in _FONT_ORDER:
                values[tag] = _font_value(tag, child)
    except (TypeError, ValueError):  # e.g. a size that is not a number: openpyxl refused it too
        return CALIBRI_11
    # a font without a name prints in whatever the reader substitutes (often a serif): ours are named
    values.setdefault("name", None)
    values["name"] = values["name"] or CALIBRI_11.items[0][1]
    if values.get("sz") is None:
        values["sz"] = CALIBRI_11.items[1][1]
    return BodyFont(tuple((tag, values[tag]) for tag in _FONT_ORDER if values.get(tag) is not None))


@lru_cache(maxsize=256)
def _font_xml(base: BodyFont, font: tuple[tuple[str, Any], ...]) -> bytes:
    """The workbook's default font with our emphasis (bold, italic, size, colour) on top."""
    merged = dict(base.items)
    for tag, value in font:
        if value not in (None, False):
            merged[tag] = (("rgb", "00" + value),) if tag == "color" else value
    out = []
    for tag in _FONT_ORDER:
        value = merged.get(tag)
        if value is None or (tag in ("b", "i") and not value):
            continue
        if tag == "color":
            out.append(f"<color{_attrs(value)}/>")
        else:
            text = "1" if value is True else "0" if value is False else _number(value) if isinstance(value, (int, float)) else value
            out.append(f"<{tag}{_attrs([('val', text)])}/>")
    return ("<font>" + "".join(out) + "</font>").encode()


@lru_cache(maxsize=1024)
def _xf_xml(num_fmt: int, font: int, fill: int, border: int, xf_id: int | None,
            alignment: tuple[tuple[str, Any], ...], protection: tuple[tuple[str, Any], ...]) -> bytes:
    attrs = [("numFmtId", str(num_fmt)), ("fontId", str(font)), ("fillId", str(fill)), ("borderId", str(border))]
    if alignment:
        attrs.append(("applyAlignment", "1"))
    if protection:
        attrs.append(("applyProtection", "1"))
    if xf_id is not None:
        attrs.append(("xfId", str(xf_id)))
    inner = ""
    if alignment:
        values = dict(alignment)
        pairs = [(key, values[name]) for name, key in (("horizontal", "horizontal"), ("vertical", "vertical"))
                 if values.get(name)]
        if values.get("wrap_text"):
            pairs.append(("wrapText", "1"))
        inner += f"<alignment{_attrs(pairs)}/>"
    if protection:
        values = dict(protection)
        inner += "<protection%s/>" % _attrs([("locked", "1" if values.get("locked", True) else "0"),
                                              ("hidden", "1" if values.get("hidden", False) else "0")])
    return (f"<xf{_attrs(attrs)}>{inner}</xf>" if inner else f"<xf{_attrs(attrs)}/>").encode()


def _items(spec: object) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(spec.items())) if isinstance(spec, Mapping) else ()


class StyleAppender:
    """Appends the styles in `styles` (style_specs.STYLES: name → {font, fill, border, alignment, number_format,
    protection})."""

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
            font = self._entry("fonts", _font_xml(self.base_font, _items(spec["font"]))) if spec.get("font") else 0
            fill = self._entry("fills", _fill_xml(str(spec["fill"]))) if spec.get("fill") else 0
            border = self._entry("borders", _border_xml(str(spec["border"]))) if spec.get("border") else 0
            xf = _xf_xml(self._format(str(spec.get("number_format", "General"))), font, fill, border,
                         0 if self.has_cell_style_xf else None, _items(spec.get("alignment")),
                         _items(spec.get("protection")))
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


def _open_tag_end(data: bytes, tag: str) -> int:
    m = re.search(rb"<(?:[\w.-]+:)?" + tag.encode() + rb"\b" + ATTRS + rb">", data)
    if m is None:
        raise ValueError(tag)
    return m.end()
