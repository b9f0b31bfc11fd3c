"""toolkit.workbook.cells behaves as the openpyxl helpers it replaces (same results, errors on the same input)."""

from __future__ import annotations

import pytest
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from toolkit.workbook import cells


@pytest.mark.parametrize("col", [1, 2, 25, 26, 27, 52, 53, 702, 703, 16384, 18278])
def test_column_letters(col):
    assert cells.get_column_letter(col) == get_column_letter(col)
    assert cells.column_index_from_string(get_column_letter(col)) == col
    assert cells.column_index_from_string(get_column_letter(col).lower()) == col


@pytest.mark.parametrize("bad", ["", "AAAA", "A1", "Ж", "ZZZZ"])
def test_bad_column_names(bad):
    with pytest.raises(ValueError):
        column_index_from_string(bad)
    with pytest.raises(ValueError):
        cells.column_index_from_string(bad)


@pytest.mark.parametrize("ref", ["A1", "$B$12", "c7", "XFD1048576", "A1:C5", "$A$1:$D$9", "A:C", "3:7", "B2:B2"])
def test_ranges_and_coordinates(ref):
    assert cells.range_boundaries(ref) == range_boundaries(ref)
    if ":" not in ref:
        assert cells.coordinate_from_string(ref) == coordinate_from_string(ref)


@pytest.mark.parametrize("bad", ["A0", "1A", "A1:", "A1:3", "A:3", "", "Лист!A1"])
def test_bad_coordinates(bad):
    for ours, theirs in ((cells.range_boundaries, range_boundaries), (cells.coordinate_from_string, coordinate_from_string)):
        try:
            expected = theirs(bad)
        except Exception:
            with pytest.raises(ValueError):
                ours(bad)
        else:
            assert ours(bad) == expected


@pytest.mark.parametrize("serial", [0, 0.25, 0.999999, 1, 59, 60, 61, 44635, 44635.5, 2957000.75])
def test_date_serials(serial):
    assert cells.from_excel(serial) == from_excel(serial, CALENDAR_WINDOWS_1900)
    assert cells.from_excel(serial, cells.MAC_EPOCH) == from_excel(serial, CALENDAR_MAC_1904)


def test_number_formats():
    assert cells.BUILTIN_FORMATS == BUILTIN_FORMATS
    codes = [*BUILTIN_FORMATS.values(), "DD.MM.YYYY", '"d"0', "[Red]0.00", "[h]:mm", r"0\d", "_d0", "[$-419]mmmm", "0;dd"]
    assert [cells.is_date_format(c) for c in codes] == [is_date_format(c) for c in codes]
