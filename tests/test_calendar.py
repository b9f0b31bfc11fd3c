"""Kazakhstan working days for deadlines: п.62 (a deadline on a weekend or public holiday moves to the
next working day) and «within 15 working days of receipt».

Every expected date is a literal checked by hand against the weekday (Python's `strftime("%a")`),
the `holidays` package's own KZ data (holidays 0.109: `country_holidays("KZ", years=Y, language="kk")`,
its `weekend_workdays`, and `KazakhstanStaticHolidays.special_public_holidays`) and, where named, the
government decree on transferring days off that the package cites for that year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.calendar import (
    add_working_days,
    is_working_day,
    moved_deadline,
    next_working_day,
    why_moved,
)

SETTINGS = settings(max_examples=300, deadline=None)

# Leave room after the start for 60 working days (about three months) inside the supported 2100.
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 9, 30))


@pytest.mark.parametrize(
    ("day", "expected", "how_checked"),
    [
        # Plain weekend: no KZ holiday in February.
        (date(2024, 2, 10), date(2024, 2, 12), "Sat → Mon"),
        (date(2024, 2, 11), date(2024, 2, 12), "Sun → Mon"),
        (date(2024, 2, 12), date(2024, 2, 12), "an ordinary Monday stays"),
        # Nauryz 21–23 March 2022 was Mon–Wed: the package lists all three days, Thu 24 is free.
        (date(2022, 3, 21), date(2022, 3, 24), "Nauryz Mon → Thu"),
        (date(2022, 3, 23), date(2022, 3, 24), "last Nauryz day → Thu"),
        (date(2022, 3, 19), date(2022, 3, 24), "Sat before Nauryz → past the weekend and Nauryz"),
        # Holiday on a weekend with an observed day off on Monday: Astana Day Sun 6 July 2025, the
        # package adds Mon 7 July «(қайта белгіленген демалыс)».
        (date(2025, 7, 6), date(2025, 7, 8), "Sun holiday + observed Mon → Tue"),
        (date(2025, 7, 7), date(2025, 7, 8), "observed Mon → Tue"),
        # Nauryz 2025 was Fri 21 – Sun 23: the package adds observed Mon 24 and Tue 25.
        (date(2025, 3, 22), date(2025, 3, 26), "Nauryz on a weekend, two observed days → Wed"),
        # Religious holidays get no observed day: Құрбан айт Sun 16 June 2024, Mon 17 is working.
        (date(2024, 6, 16), date(2024, 6, 17), "Құрбан айт on Sunday → Mon, no replacement day"),
        # Substituted working days: a weekend day declared a working day is NOT moved.
        # 2024 decree (G24G0000109): day off moved from Sat 4 May to Wed 8 May.
        (date(2024, 5, 4), date(2024, 5, 4), "working Saturday 4 May 2024 stays"),
        # 2022 decree (P2200000796): Sat 5 March → Mon 7 March.
        (date(2022, 3, 5), date(2022, 3, 5), "working Saturday 5 March 2022 stays"),
        # 2025 decree (G24G0000436): Sun 5 January → Fri 3 January; a working Sunday.
        (date(2025, 1, 5), date(2025, 1, 5), "working Sunday 5 January 2025 stays"),
        # Cross-year transfer (package entry 2014: JAN 3 from DEC 28 2013).
        (date(2013, 12, 28), date(2013, 12, 28), "working Saturday 28 Dec 2013 stays"),
        # A day off moved onto a weekday is moved.
        (date(2024, 5, 8), date(2024, 5, 10), "Wed 8 May 2024 off, Thu 9 Victory Day → Fri 10"),
        (date(2022, 3, 7), date(2022, 3, 9), "Mon 7 Mar 2022 off, Tue 8 Women's Day → Wed 9"),
        (date(2025, 1, 3), date(2025, 1, 5), "Fri 3 Jan 2025 off, Sat 4 off → working Sun 5"),
        (date(2025, 1, 1), date(2025, 1, 5), "New Year 1–2 Jan, 3 off, Sat 4 → working Sun 5"),
        (date(2014, 1, 3), date(2014, 1, 6), "Fri 3 Jan 2014 off (from 28.12.2013) → Mon 6"),
        # The observed day itself transferred away (2020 decree P1900000820: day off moved from
        # Mon 11 May, the observed Victory Day, to Fri 8 May): Mon 11 May is a working day.
        (date(2020, 5, 8), date(2020, 5, 11), "Fri 8 May off, Sat 9 Victory Day, Sun 10 → Mon 11"),
        (date(2020, 5, 11), date(2020, 5, 11), "Mon 11 May 2020 is working"),
        # Edges of the supported range: Fri 31 Dec 2100 is an ordinary working day.
        (date(2100, 12, 31), date(2100, 12, 31), "last supported day"),
        # New Year 1–2 Jan 2000 was Sat–Sun; the package adds observed days only from 2002
        # (observed_since=2002), so Mon 3 Jan 2000 is a working day.
        (date(2000, 1, 1), date(2000, 1, 3), "first supported year: no observed day before 2002"),
    ],
)
def test_next_working_day(day, expected, how_checked):
    assert next_working_day(day) == expected, how_checked
    assert moved_deadline(day) == expected, how_checked
    assert is_working_day(day) == (day == expected), how_checked


@pytest.mark.parametrize(
    ("start", "n", "expected", "how_checked"),
    [
        # Feb–Mar 2024 has no holiday: three full weeks Mon 12 Feb – Fri 1 Mar.
        (date(2024, 2, 9), 15, date(2024, 3, 1), "no holiday: 3 weeks"),
        # Counted by hand over the 2022 package data: 2 Mar(1) 3(2) 4(3) Sat 5 working(4),
        # Mon 7 off, Tue 8 holiday, 9–11(5–7), 14–18(8–12), Nauryz 21–23, 24(13) 25(14) 28(15).
        (date(2022, 3, 1), 15, date(2022, 3, 28), "working Saturday, day off and Nauryz"),
        # 11–13 Dec 2024 (1–3), Mon 16 Independence Day, 17–20 (4–7), 23–27 (8–12), 30 (13),
        # 31 (14), 1–2 Jan New Year, Fri 3 Jan off, Sat 4, working Sun 5 Jan 2025 (15).
        (date(2024, 12, 10), 15, date(2025, 1, 5), "across a holiday and the year end"),
        (date(2024, 5, 1), 1, date(2024, 5, 2), "start on a holiday: Thu 2 May is the 1st"),
        (date(2024, 5, 3), 1, date(2024, 5, 4), "the next working day is a working Saturday"),
        (date(2024, 5, 3), 0, date(2024, 5, 3), "n = 0 adds nothing"),
        (date(2024, 5, 8), 0, date(2024, 5, 8), "n = 0 adds nothing, even on a day off"),
    ],
)
def test_add_working_days(start, n, expected, how_checked):
    assert add_working_days(start, n) == expected, how_checked


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 10), "суббота"),
        (date(2024, 2, 11), "воскресенье"),
        (date(2022, 3, 21), "Наурыз мейрамы"),
        # A holiday on a Saturday is named by the holiday, not the weekday.
        (date(2025, 3, 22), "Наурыз мейрамы"),
        (date(2025, 7, 7), "День Столицы (перенесённый выходной)"),
        (date(2025, 1, 1), "Новый год"),
        (date(2024, 6, 16), "Курбан айт"),
        (date(2024, 5, 8), "выходной день, перенесённый с 04.05.2024"),
        (date(2014, 1, 3), "выходной день, перенесённый с 28.12.2013"),
        (date(2024, 5, 4), None),  # working Saturday
        (date(2024, 2, 12), None),  # ordinary Monday
    ],
)
def test_why_moved(day, expected):
    assert why_moved(day) == expected


def test_every_day_of_2000_to_2100_works_and_every_holiday_name_is_russian():
    """No error over the whole supported span, and the translation table covers every name the
    package produces (a new holiday in a package upgrade shows up here, not as Kazakh text)."""
    kazakh_letters = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
    day = date(2000, 1, 1)
    while day <= date(2100, 12, 31):
        reason = why_moved(day)
        assert (reason is None) == is_working_day(day), day
        assert reason is None or not kazakh_letters.search(reason), (day, reason)
        day += timedelta(days=1)


@pytest.mark.parametrize("day", [date(1990, 12, 31), date(2101, 1, 1)])
def test_years_outside_the_package_calendar_are_refused(day):
    # The package returns no holidays at all there; refusing beats calling every weekday working.
    with pytest.raises(ValueError, match="outside"):
        is_working_day(day)


def test_datetime_and_negative_n_are_refused():
    with pytest.raises(TypeError):
        next_working_day(datetime(2024, 5, 4, 12, 0))
    with pytest.raises(TypeError):
        is_working_day("2024-05-04")
    with pytest.raises(ValueError):
        add_working_days(date(2024, 5, 4), -1)


@SETTINGS
@given(dates)
def test_next_working_day_is_the_first_working_day_from_day(day):
    moved = next_working_day(day)
    assert moved >= day
    assert is_working_day(moved)
    assert next_working_day(moved) == moved
    # Nothing before it qualified: every day in [day, moved) is a day off.
    assert all(not is_working_day(day + timedelta(days=k)) for k in range((moved - day).days))
    assert (why_moved(day) is None) == (moved == day)


@SETTINGS
@given(dates, st.integers(0, 30), st.integers(0, 30))
def test_add_working_days_is_strictly_increasing_and_additive(start, a, b):
    assert add_working_days(start, a) < add_working_days(start, a + 1)
    assert is_working_day(add_working_days(start, a + 1))
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


_PACKAGE_SPAN = holidays.country_holidays("KZ", years=range(2000, 2101))


@SETTINGS
@given(dates, st.integers(1, 60))
def test_add_working_days_agrees_with_the_package_own_counter(start, n):
    # The package's multi-year object (weekend_workdays of all years) as an independent check of
    # the per-year cache across year boundaries.
    assert add_working_days(start, n) == _PACKAGE_SPAN.get_nth_working_day(start, n)
