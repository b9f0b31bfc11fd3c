"""«Журнал»: one row per scoring, so a result can always be traced to the exact file it came from.

The full record of each run (result, package record) is a part of the package (`workbook.record`);
the sheet shows what a person needs: the time in Kazakhstan (Asia/Almaty, UTC+5 since 2024-03-01)
beside UTC, the result, the block score or why there is none yet; and, in our last column (hidden, off
the printed page), where that run's record is and its SHA-256.
"""

from __future__ import annotations

import getpass
import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from toolkit import __version__
from toolkit.numbers import score_text
from toolkit.engine.provisional import reason
from toolkit.engine.scoring import ScoreResult
from toolkit.sheets.model import JOURNAL_COLUMNS, JOURNAL_WIDTHS, SheetSpec
from toolkit.workbook.history import Journal
from toolkit.workbook.style_specs import estimate_height
from toolkit.workbook.record import Run
from toolkit.year.appeals import outcome_text


def journal_entry(result: ScoreResult, source_sha256: str, now: datetime | None = None,
                  user: str | None = None) -> Run:
    """The new run, before the writer adds what it did to the package."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    summary = "; ".join(f"{d.title}: {score_text(d.score)} ({d.grade.label})"
                        + (f", предварительный результат: {reason(d)}" if d.provisional else "")
                        for d in result.directions.values())
    appealed = outcome_text(result)
    if appealed:
        summary += ". " + appealed
    block = round(result.block.score, 6) if result.block else None
    return Run(now.strftime("%Y-%m-%d %H:%M:%S"), user or _user(), __version__, result.meta.edition, source_sha256,
               summary, block, result.to_dict())


NO_BLOCK = "рассчитывается, когда оценены все три направления"


def kazakhstan() -> tzinfo:
    """Asia/Almaty from the time zone database (the system's, or the `tzdata` package on Windows);
    without one, UTC+5, Kazakhstan's single time since 2024-03-01."""
    try:
        return ZoneInfo("Asia/Almaty")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=5), "UTC+5")


_UTC = re.compile(r"(\d{4})-(\d\d?)-(\d\d?) (\d\d?):(\d\d?):(\d\d?)", re.ASCII)  # what strptime's format took


def local_time(utc: str) -> str:
    """«2026-11-29 11:52:16» (UTC, as the record keeps it) → «29.11.2026 16:52:16» in Kazakhstan."""
    found = _UTC.fullmatch(utc)  # not strptime: its first call imports _strptime, locale, calendar (~3 ms)
    try:
        moment = datetime(*map(int, found.groups()), tzinfo=timezone.utc) if found else None
    except ValueError:
        moment = None
    if moment is None:  # a record from elsewhere with another format: shown as it is, in the UTC column
        return ""
    return moment.astimezone(kazakhstan()).strftime("%d.%m.%Y %H:%M:%S")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "неизвестно"


def journal_sheet(name: str, record_part: str, journal: Journal) -> SheetSpec:
    """One row per run from the record, an assessor's cells right of ours kept on their run's row, and
    rows that belong to no run kept below, as they were."""
    ours = len(JOURNAL_COLUMNS)
    sheet = SheetSpec(name, JOURNAL_WIDTHS, landscape=True, freeze_rows=1, hidden_cols=(ours,))
    for col, title in enumerate((*JOURNAL_COLUMNS, *journal.header), start=1):
        if title is not None:
            sheet.put(1, col, title, "header")
    sheet.heights[1] = max(estimate_height(t, w, 11) for t, w in zip(JOURNAL_COLUMNS[:-1], JOURNAL_WIDTHS))
    for n, run in enumerate(journal.runs, start=1):
        reference = f"{record_part}, запуск {n}; SHA-256 {run.digest}"
        block = run.block if run.block is not None else NO_BLOCK
        values = (local_time(run.time), f"{run.time}", run.user, run.summary, block, run.version, run.edition,
                  run.source_sha256, reference)
        sheet.put(n + 1, 1, n, "cell_center")
        for col, value in enumerate(values, start=2):
            sheet.put(n + 1, col, value, "number" if isinstance(value, float) else "cell")
        shown = [(v, JOURNAL_WIDTHS[c - 1]) for c, v in enumerate(values[:-1], start=2) if isinstance(v, str)]
        sheet.heights[n + 1] = max([15.0, *(estimate_height(v, w, 11) for v, w in shown)])
        for col, value in enumerate(journal.notes.get(run.digest, ()), start=ours + 1):
            if value is not None:
                sheet.put(n + 1, col, value, "cell")
    for row, values in enumerate(journal.loose, start=len(journal.runs) + 2):
        for col, value in enumerate(values, start=1):
            if value is not None:
                sheet.put(row, col, value, "cell")
    sheet.row = len(journal.runs) + len(journal.loose) + 1
    return sheet
