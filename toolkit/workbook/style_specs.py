"""The few cell styles our sheets use, as plain data, named so sheet builders say what a cell is.

Two consumers read them: `styles.py` makes openpyxl objects for the templates it builds, and
`stylesheet.py` writes them into a body's style part when scoring, by hand, so `score` and
`validate` never import openpyxl (about 0.2 s at every start). Field names are SpreadsheetML's
(`b`, `sz`, `wrapText` as `wrap_text`); colours are RGB hex.
"""

from __future__ import annotations

LINE_HEIGHT = 15.0  # points per line of 11 pt text

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
    "total": {"font": {"b": True}, "border": BORDER_COLOR, "alignment": {"wrap_text": True, **_TOP}},
    "total_number": {"font": {"b": True}, "border": BORDER_COLOR, "number_format": "0.00"},
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
    "text": {"alignment": {"wrap_text": True, **_TOP}},
    "bold": {"font": {"b": True}, "alignment": {"wrap_text": True, **_TOP}},
    "plain": {},
}


def estimate_height(text: str, width: float, size: float = 11) -> float:
    """Row height (points) that shows wrapped `text` in a column `width` characters wide.

    LibreOffice never auto-fits rows of generated files, and Excel never auto-fits merged cells, so
    sheets meant for printing set heights themselves; the estimate errs on the generous side.
    """
    per_line = max(1.0, width * 11 / size * 0.95)
    lines = sum(max(1, -(-len(part) // int(per_line))) for part in str(text).split("\n"))
    return lines * LINE_HEIGHT * size / 11 + 2
