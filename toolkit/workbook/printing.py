"""How our sheets print: A4, margins, the scale a sheet's columns need, the footer with page numbers.

One place decides it for both writers (openpyxl templates in `styles.print_ready`, result sheets in
`sheetxml`) and for the tests that check every sheet we write is print-ready: fit to one page wide
only while that keeps the text at 80 % or more; a sheet wider than that prints at 80 % over pages
that run across, each repeating the header rows (print titles).
"""

from __future__ import annotations

from toolkit.workbook.fontmetrics import DIGIT_PX, PADDING_PX

MARGIN_IN = 0.5  # left and right; top and bottom leave room for the footer
MARGINS = {"left": MARGIN_IN, "right": MARGIN_IN, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}
A4_IN = (8.27, 11.69)
MIN_SCALE = 80  # per cent: below it text of 11 pt prints under 9 pt
FOOTER_LIMIT = 200  # Excel refuses header and footer texts over 255 characters (codes included)
PAGE_NUMBERS = "Стр. &P из &N"


def printable_px(landscape: bool) -> float:
    """Width of the printable area of an A4 page at 96 dpi."""
    width = A4_IN[1] if landscape else A4_IN[0]
    return (width - 2 * MARGIN_IN) * 96


def printable_height_pt(landscape: bool) -> float:
    """Height of the printable area of an A4 page in points (the footer sits in the bottom margin)."""
    height = A4_IN[0] if landscape else A4_IN[1]
    return (height - MARGINS["top"] - MARGINS["bottom"]) * 72


def columns_px(widths: list[float] | tuple[float, ...]) -> float:
    """Printed width of columns `widths` characters wide (Excel's unit) at 100 %."""
    return sum(w * DIGIT_PX + PADDING_PX for w in widths)


def fit_scale(widths: list[float] | tuple[float, ...], landscape: bool) -> int:
    """The scale (per cent) at which the columns fit one page wide; 100 when they fit as they are."""
    total = columns_px(widths)
    return 100 if total <= 0 else min(100, int(printable_px(landscape) * 100 // total))


def fits_width(widths: list[float] | tuple[float, ...], landscape: bool) -> bool:
    """True if fitting the sheet to one page wide keeps it at MIN_SCALE or more."""
    return fit_scale(widths, landscape) >= MIN_SCALE


def footer(left: str) -> str:
    """The odd-page footer in Excel's header/footer codes: `left` (body, period) on the left, page numbers
    on the right. '&' in a body's name is doubled (a lone '&' starts a code); XML escaping is the writer's."""
    text = " ".join(left.split())
    if len(text) > FOOTER_LIMIT:
        text = text[:FOOTER_LIMIT - 1] + "…"
    text = text.replace("&", "&&")
    return (f"&L{text}" if text else "") + f"&R{PAGE_NUMBERS}"
