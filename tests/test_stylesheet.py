"""The style part entries `score` writes by hand are the bytes openpyxl's style classes wrote before
(issue 15: `score` no longer imports openpyxl), for our styles on many kinds of body default font."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import CellStyle

from toolkit.workbook import stylesheet
from toolkit.workbook.style_specs import STYLES
from toolkit.workbook.styles import STYLES as OPENPYXL_STYLES

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xml(element):
    return ET.tostring(element, encoding="utf-8", short_empty_elements=True).replace(b" />", b"/>")


def _reference_base(font):
    """The code this replaced: openpyxl reads the body's font, or Calibri 11 when it refuses it."""
    if font is not None:
        plain = copy.deepcopy(font)
        for node in plain.iter():
            node.tag = node.tag.rpartition("}")[2]
        try:
            font = Font.from_tree(plain)
        except (TypeError, ValueError):
            pass
        else:  # and names a nameless font Calibri, sizes a sizeless one 11 (issue 11: every font named)
            font.name = font.name or "Calibri"
            font.sz = font.sz if font.sz is not None else 11
            return font
    return Font(name="Calibri", sz=11)


def _reference_font(base, font):
    merged = copy.copy(base)
    for attr in ("b", "i", "u", "strike", "color", "sz"):
        value = getattr(font, attr)
        if value not in (None, False):
            setattr(merged, attr, value)
    return _xml(merged.to_tree())


FONTS = [
    "",
    '<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>',
    '<name val="Times New Roman"/><charset val="204"/><family val="1"/><sz val="12"/>',
    '<b/><i val="0"/><strike val="false"/><u/><sz val="10.5"/><color rgb="FF1F497D"/><name val="Arial"/>',
    '<sz val="abc"/><name val="Arial"/>',
    '<sz val="14"/><color indexed="8"/><vertAlign val="superscript"/><outline val="1"/><shadow/>',
    '<color theme="1" tint="0.499984740745262"/><condense val="0"/><extend val="1"/><name val="A &amp; &quot;B&quot;"/>',
    '<color auto="1"/><family val="20"/>',
    '<color rgb="XYZ"/>',
    '<u val="none"/><scheme val="other"/>',
    '<u val="double"/><b val=""/><sz/><name/>',
    '<charset val="1.5"/>',
    '<color/><sz val="9"/><sz val="8"/>',
]


@pytest.mark.parametrize("children", FONTS)
def test_fonts_as_openpyxl_wrote_them(children):
    font = ET.fromstring(f'<font xmlns="{NS}">{children}</font>')
    ours, theirs = stylesheet._base_font(font), _reference_base(font)
    for name, spec in STYLES.items():
        if spec.get("font"):
            assert stylesheet._font_xml(ours, stylesheet._items(spec["font"])) == \
                _reference_font(theirs, Font(**spec["font"])), (name, children)  # the spec's own emphasis


def test_missing_font_is_calibri():
    assert stylesheet._font_xml(stylesheet._base_font(None), ()) == _xml(Font(name="Calibri", sz=11).to_tree())


@pytest.mark.parametrize("xf_id", [0, None])
def test_fills_borders_and_formats(xf_id):
    for name, spec in STYLES.items():
        theirs = OPENPYXL_STYLES[name]
        if spec.get("fill"):
            assert stylesheet._fill_xml(spec["fill"]) == _xml(theirs["fill"].to_tree())
        if spec.get("border"):
            assert stylesheet._border_xml(spec["border"]) == _xml(theirs["border"].to_tree())
        alignment, protection = theirs.get("alignment"), theirs.get("protection")
        reference = CellStyle(numFmtId=7, fontId=3, fillId=2, borderId=1, xfId=xf_id, alignment=alignment,
                              protection=protection)
        assert stylesheet._xf_xml(7, 3, 2, 1, xf_id, stylesheet._items(spec.get("alignment")),
                                  stylesheet._items(spec.get("protection"))) == _xml(reference.to_tree()), name


def test_template_styles_are_the_specs():
    """The openpyxl objects templates use are built from the same specs (one definition of each style)."""
    assert OPENPYXL_STYLES["input"]["fill"] == PatternFill("solid", fgColor="FFF2CC")
    assert OPENPYXL_STYLES["check"]["font"] == Font(name="Calibri", sz=11, bold=True, color="C00000")
    assert OPENPYXL_STYLES["input"]["protection"] == Protection(locked=False)
    assert OPENPYXL_STYLES["title"]["alignment"] == Alignment(wrap_text=True, horizontal="center", vertical="center")
    thin = Side(style="thin", color="808080")
    assert OPENPYXL_STYLES["cell"]["border"] == Border(left=thin, right=thin, top=thin, bottom=thin)


def test_a_quoted_gt_in_an_attribute_does_not_end_the_tag():
    """A start tag whose attribute value holds «>» (well-formed XML, found by the part-level fuzzer in
    `<numFmts count="…>…"/>`): our custom number format (the block's 0.0) still goes into that element."""
    from toolkit.workbook.stylesheet import StyleAppender

    data = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<numFmts count="x&gt;y>z"/><fonts count="1"><font><sz val="11"/></font></fonts>'
            b'<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>')
    appender = StyleAppender(data, "xl/styles.xml")
    index = appender.add({"block": {"number_format": "0.0"}})["block"]
    out, _ = appender.result().result()
    assert b'<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>' in out
    assert index == 1 and b'<cellXfs count="2">' in out
