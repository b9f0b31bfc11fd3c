"""A1 addresses, Excel date serials and number formats, without importing openpyxl.

`import openpyxl.utils` runs openpyxl's package `__init__`, which builds its whole object model and
imports numpy when installed: about 0.2 s at every start of `validate` and `score`, for a handful of
small functions. These behave as openpyxl's do (same results, same errors on bad input), so the
reader decodes cells exactly as before; tests compare them with openpyxl's.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import lru_cache

WINDOWS_EPOCH = datetime(1899, 12, 30)  # openpyxl's CALENDAR_WINDOWS_1900
MAC_EPOCH = datetime(1904, 1, 1)  # openpyxl's CALENDAR_MAC_1904

_COORD = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)$")
_RANGE = re.compile(r"^[$]?(?P<min_col>[A-Za-z]{1,3})?[$]?(?P<min_row>\d+)?"
                    r"(:[$]?(?P<max_col>[A-Za-z]{1,3})?[$]?(?P<max_row>\d+)?)?$")
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # not from `string`: its import compiles Template's pattern
_LETTER_VALUE = {letter: pos for pos, letter in enumerate(ascii_uppercase, 1)}


@lru_cache(maxsize=None)
def get_column_letter(col: int) -> str:
    """1 → A, 27 → AA, up to 18 278 (ZZZ)."""
    if not 1 <= col <= 18278:
        raise ValueError(f"Invalid column index {col}")
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = ascii_uppercase[rem] + letters
    return letters


@lru_cache(maxsize=None)
def column_index_from_string(col: str) -> int:
    """A → 1, ZZZ → 18 278; case-insensitive; ValueError for anything else."""
    error = f"'{col}' is not a valid column name. Column names are from A to ZZZ"
    if not 1 <= len(col) <= 3:
        raise ValueError(error)
    idx = 0
    for letter in col.upper():
        if letter not in _LETTER_VALUE:
            raise ValueError(error)
        idx = idx * 26 + _LETTER_VALUE[letter]
    return idx


def coordinate_from_string(coord: str) -> tuple[str, int]:
    """'B12' → ('B', 12); ValueError for a malformed address or row 0."""
    m = _COORD.match(coord)
    if not m or not int(m.group(2)):
        raise ValueError(f"Invalid cell coordinates ({coord})")
    return m.group(1), int(m.group(2))


@lru_cache(maxsize=16384)  # a pure function of the text; a template's ranges recur in every report it issued
def range_boundaries(ref: str) -> tuple[int | None, int | None, int | None, int | None]:
    """'A1:C5' → (1, 1, 3, 5); whole columns or rows leave the other pair None."""
    m = _RANGE.match(ref)
    if not m:
        raise ValueError(f"{ref} is not a valid coordinate or range")
    min_col, min_row, sep, max_col, max_row = m.group("min_col", "min_row", 3, "max_col", "max_row")
    if sep:
        cols, rows = (min_col, max_col), (min_row, max_row)
        if not (all(cols + rows) or (all(cols) and not any(rows)) or (all(rows) and not any(cols))):
            raise ValueError(f"{ref} is not a valid coordinate or range")
    c1 = column_index_from_string(min_col) if min_col is not None else None
    r1 = int(min_row) if min_row is not None else None
    c2 = column_index_from_string(max_col) if max_col is not None else c1
    r2 = int(max_row) if max_row is not None else r1
    return c1, r1, c2, r2


def from_excel(value: float, epoch: datetime = WINDOWS_EPOCH) -> datetime | object:
    """A date serial as a datetime (a time of day below 1), with Excel's phantom 29.02.1900 skipped."""
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        seconds = diff.seconds
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
BUILTIN_FORMATS_REVERSE = {code: fid for fid, code in BUILTIN_FORMATS.items()}

# quoted literals and bracketed locale/colour parts, except elapsed [h] [m] [s]
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(fmt: str | None) -> bool:
    """Whether a number format shows a date or time (its first section has an unescaped d m h y s)."""
    if fmt is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", fmt.split(";")[0])) is not None
