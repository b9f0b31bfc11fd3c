"""The few cell styles our sheets use, as plain data, named so sheet builders say what a cell is.

Two consumers read them: `styles.py` makes openpyxl objects for the templates it builds, and
`stylesheet.py` writes them into a body's style part when scoring, by hand, so `score` and
`validate` never import openpyxl (about 0.2 s at every start). Field names are SpreadsheetML's
(`b`, `sz`, `wrapText` as `wrap_text`); colours are RGB hex.
"""

from __future__ import annotations

from toolkit.workbook.fontmetrics import LINE_HEIGHT, estimate_height  # noqa: F401 - re-exported

FONT_NAME = "Calibri"  # every font we write is named: a nameless font prints in whatever the reader substitutes
FONT_SIZE = 11

BORDER_COLOR = "808080"  # the thin box around data cells
INPUT_FILL = "FFF2CC"
HEADER_FILL = "D9E1F2"
ASSESSOR_FILL = "DDEBF7"

_TOP = {"vertical": "top"}
_UNLOCKED = {"locked": False}

STYLES: dict[str, dict[str, object]] = {
    "title": {"font": {"b": True, "sz": 13}, "alignment": {"wrap_text": True, "horizontal": "center", "vertical": "center"}},
    "subtitle": {"font": {"i": True, "sz": 9}, "alignment": {"horizontal": "right", "wrap_text": True}},
    "caption": {"font": {"i": True, "sz": 9}, "alignment": {"horizontal": "center", "wrap_text": True}},
    "header": {"font": {"b": True}, "fill": HEADER_FILL, "border": BORDER_COLOR,
               "alignment": {"wrap_text": True, "horizontal": "center", "vertical": "center"}},
    "cell": {"border": BORDER_COLOR, "alignment": {"wrap_text": True, **_TOP}},
    "cell_left": {"border": BORDER_COLOR, "alignment": {"horizontal": "left", **_TOP, "wrap_text": True}},
    "cell_center": {"border": BORDER_COLOR, "alignment": {"horizontal": "center", **_TOP, "wrap_text": True}},
    "number": {"border": BORDER_COLOR, "number_format": "0.00", "alignment": {"horizontal": "right", **_TOP}},
    "integer": {"border": BORDER_COLOR, "number_format": "0", "alignment": {"horizontal": "right", **_TOP}},
    "total": {"font": {"b": True}, "border": BORDER_COLOR, "alignment": {"wrap_text": True, **_TOP}},
    "total_number": {"font": {"b": True}, "border": BORDER_COLOR, "number_format": "0.00", "alignment": {"horizontal": "right", **_TOP}},
    "total_score1": {"font": {"b": True}, "border": BORDER_COLOR, "number_format": "0.0"},  # the block: 1 decimal (rule 1.2)
    "input": {"fill": INPUT_FILL, "border": BORDER_COLOR, "protection": _UNLOCKED,
              "alignment": {"horizontal": "right", **_TOP}},
    "input_text": {"fill": INPUT_FILL, "border": BORDER_COLOR, "protection": _UNLOCKED,
                   "alignment": {"wrap_text": True, **_TOP}},
    "input_center": {"fill": INPUT_FILL, "border": BORDER_COLOR, "protection": _UNLOCKED,
                     "alignment": {"horizontal": "center", **_TOP}},
    "input_date": {"fill": INPUT_FILL, "border": BORDER_COLOR, "protection": _UNLOCKED,
                   "number_format": "DD.MM.YYYY", "alignment": {"horizontal": "center", **_TOP}},
    # the assessor's own cells, in the assessor workbook (blue, so they are never mistaken for a body's yellow ones)
    "assessor_input": {"fill": ASSESSOR_FILL, "border": BORDER_COLOR, "protection": _UNLOCKED,
                       "alignment": {"horizontal": "right", **_TOP}},
    "check": {"font": {"b": True, "color": "C00000"}, "alignment": {"wrap_text": True, **_TOP}},
    "center": {"alignment": {"horizontal": "center", "wrap_text": True}},
    "text": {"alignment": {"wrap_text": True, **_TOP}},
    "bold": {"font": {"b": True}, "alignment": {"wrap_text": True, **_TOP}},
    "plain": {},
}

BOLD_STYLES = frozenset(name for name, spec in STYLES.items() if spec.get("font", {}).get("b"))  # type: ignore[union-attr]
WRAPPED_STYLES = frozenset(name for name, spec in STYLES.items() if spec.get("alignment", {}).get("wrap_text"))  # type: ignore[union-attr]
STYLE_SIZES = {name: float(spec["font"]["sz"]) for name, spec in STYLES.items() if spec.get("font", {}).get("sz")}  # type: ignore[index,union-attr]
