"""Working days of Kazakhstan, for deadlines in the methodology.

Two rules need them: «deadlines that fall on a weekend or a public holiday of Kazakhstan move to
the next working day» (п.62) and «within 15 working days of receipt». Every date here comes from
the `holidays` package (country "KZ"); this module keeps no list of holidays of its own.

What the package provides and what this module relies on (checked against holidays 0.109):

* Public holidays, and the days off that replace a holiday falling on a Saturday or Sunday
  (the package's "observed" days, rule SAT_SUN_TO_NEXT_WORKDAY since 2002). Religious holidays
  (Құрбан айт, Orthodox Christmas) get no replacement day, as in the Labour Code.
* Days off transferred by government decree, in `KazakhstanStaticHolidays.special_public_holidays`
  as (to_month, to_day, from_month, from_day[, from_year]). When a year is built,
  `HolidayBase._add_special_holidays` adds the weekday that became a day off as a holiday named
  «Демалыс күні (<dd.mm.yyyy> бастап ауыстырылды)», and puts the weekend day it was taken from into
  `HolidayBase.weekend_workdays` (a Saturday or, e.g. 5 Jan 2020 and 5 Jan 2025, a Sunday that
  became a working day). If the day off is taken from a weekday (2020: Monday 11 May, the observed
  Victory Day, moved to Friday 8 May) that weekday is removed from the holidays. Cross-year
  transfers (2014: 3 Jan off, from Saturday 28 Dec 2013) are put into `weekend_workdays` when the
  object is created, whatever year it is built for.
* `HolidayBase.is_working_day(d)`: a weekend day is a working day only if it is in
  `weekend_workdays`; a weekday is a working day unless it is a holiday. We use exactly that, so
  both sides of a transfer are modelled: the working Saturday is not moved, the new day off is.

The package only knows the decrees in its data (up to 2025 in 0.109); a decree it does not have
yet is not reflected here, and Құрбан айт after 2025 is the package's estimate. Years are limited
to the package's own range for Kazakhstan (1991–2100); outside it the package would silently
return no holidays at all, so we refuse instead.

Names for `why_moved`: the package has no Russian translation for KZ (its languages are kk, en_US
and uk), so holidays are built in Kazakh (the package's source names, independent of the process
locale) and translated with the small table below, keyed by the package's own names and labels.
A name the table does not know is shown as the package gives it rather than dropped.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from holidays.holiday_base import HolidayBase

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "add_working_days",
    "is_working_day",
    "moved_deadline",
    "next_working_day",
    "why_moved",
]


def __getattr__(name: str) -> Any:
    """FIRST_YEAR and LAST_YEAR, the package's range for Kazakhstan, read when first asked for.

    `holidays` takes about 0.1 s to import, and only lists with dates need it, so it is imported
    on first use (a complaints report never pays for it).
    """
    if name in ("FIRST_YEAR", "LAST_YEAR"):
        import holidays

        return holidays.Kazakhstan.start_year if name == "FIRST_YEAR" else holidays.Kazakhstan.end_year
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_ONE_DAY = timedelta(days=1)

# Russian names (Закон РК «О праздниках в Республике Казахстан») for the package's Kazakh names.
_RU_NAMES = {
    "Жаңа жыл": "Новый год",
    "Православиелік Рождество": "Православное Рождество",
    "Халықаралық әйелдер күні": "Международный женский день",
    "Наурыз мейрамы": "Наурыз мейрамы",
    "Қазақстан халқының бірлігі мерекесі": "Праздник единства народа Казахстана",
    "Отан Қорғаушы күні": "День защитника Отечества",
    "Жеңіс күні": "День Победы",
    "Астана күні": "День Столицы",
    "Қазақстан Республикасының Конституциясы күні": "День Конституции Республики Казахстан",
    "Республика күні": "День Республики",
    "Қазақстан Республикасы күні": "День Республики Казахстан",
    "Қазақстан Республикасының Тұңғыш Президенті күні": (
        "День Первого Президента Республики Казахстан"
    ),
    "Тәуелсіздік күні": "День Независимости",
    "Құрбан айт": "Курбан айт",
}

# Russian forms of the package's labels, by the label's attribute name on the holidays object.
# The substituted label wraps a date (dd.mm.yyyy), the others wrap a holiday name.
_RU_LABELS = (
    ("observed_estimated_label", "{} (перенесённый выходной, дата предположительная)"),
    ("observed_label", "{} (перенесённый выходной)"),
    ("estimated_label", "{} (дата предположительная)"),
    ("substituted_label", "выходной день, перенесённый с {}"),
)

_RU_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


@functools.cache
def _year_calendar(year: int) -> HolidayBase:
    """The package's KZ holidays for one year, built once.

    Language is fixed to "kk": without it the package picks a translation from the process
    locale (LANG=C.UTF-8 gives English), and `why_moved` matches the Kazakh names. `expand=False`
    keeps the cached object from growing other years; callers only ask about dates of `year`.
    """
    import holidays

    first, last = holidays.Kazakhstan.start_year, holidays.Kazakhstan.end_year
    if not first <= year <= last:
        raise ValueError(
            f"year {year} is outside the Kazakhstan calendar of the holidays package ({first}–{last})"
        )
    return holidays.country_holidays("KZ", years=year, language="kk", expand=False)


def _check_date(day: object) -> None:
    # A datetime is refused rather than truncated: its calendar date depends on the time zone
    # (20:00 UTC is already the next day in Astana), which only the caller knows.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day in Kazakhstan.

    Not a working day: Saturday and Sunday, public holidays, the days off that replace a holiday
    falling on a weekend, and weekdays made days off by decree. A Saturday or Sunday declared a
    working day by decree (the other side of such a transfer) is a working day.
    """
    _check_date(day)
    return _year_calendar(day.year).is_working_day(day)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it.

    This is the п.62 move of a deadline that falls on a weekend or a public holiday.
    """
    _check_date(day)
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def moved_deadline(day: date) -> date:
    """The deadline as п.62 reads it: moved off a weekend or holiday to the next working day.

    Same as `next_working_day`; the name says why a caller moves the date.
    """
    return next_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`, not counting `start` itself.

    For «within 15 working days of receipt»: `add_working_days(received, 15)` is the last day of
    the term. The result is always a working day when n ≥ 1, so it needs no п.62 move. n = 0
    returns `start` unchanged (no days added), so that adding a then b working days is the same
    as adding a + b.
    """
    _check_date(start)
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    day = start
    for _ in range(n):
        day += _ONE_DAY
        while not is_working_day(day):
            day += _ONE_DAY
    return day


def why_moved(day: date) -> str | None:
    """Why a deadline on `day` would be moved, in Russian; None if `day` is a working day.

    A holiday or day off gives its name («Наурыз мейрамы», «Новый год (перенесённый выходной)»,
    «выходной день, перенесённый с 04.05.2024»), also when it falls on a weekend, since the name
    says more than the weekday. An ordinary weekend day gives «суббота» or «воскресенье».
    """
    if is_working_day(day):
        return None
    calendar = _year_calendar(day.year)
    names = calendar.get_list(day)
    if names:
        return "; ".join(_russian_name(calendar, name) for name in names)
    return _RU_WEEKDAYS[day.weekday()]


def _russian_name(calendar: HolidayBase, name: str) -> str:
    """Russian for one holiday name as the package gives it in Kazakh; unknown names unchanged."""
    if name in _RU_NAMES:
        return _RU_NAMES[name]
    for attribute, russian in _RU_LABELS:
        label = getattr(calendar, attribute, None)
        if not label or "%s" not in label:
            continue
        # The same translation function the package used to build the name.
        prefix, _, suffix = calendar.tr(label).partition("%s")
        if len(name) > len(prefix) + len(suffix) and name.startswith(prefix) and name.endswith(suffix):
            inner = name[len(prefix) : len(name) - len(suffix)]
            if attribute != "substituted_label":
                inner = _russian_name(calendar, inner)
            return russian.format(inner)
    return name
