"""«Журнал»: one row per scoring, so a result can always be traced to the exact file it came from.

The full record of each run (result, package record) is a part of the package (`workbook.record`);
the sheet shows what a person needs and, in column I, where that run's record is and its SHA-256.
"""

from __future__ import annotations

import getpass
from datetime import datetime, timezone

from toolkit import __version__
from toolkit.numbers import score_text
from toolkit.provisional import reason
from toolkit.scoring import ScoreResult
from toolkit.sheets.model import JOURNAL_COLUMNS, JOURNAL_WIDTHS, SheetSpec
from toolkit.workbook.history import Journal
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


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "неизвестно"


def journal_sheet(name: str, record_part: str, journal: Journal) -> SheetSpec:
    """One row per run from the record, an assessor's cells right of ours kept on their run's row, and
    rows that belong to no run kept below, as they were."""
    sheet = SheetSpec(name, JOURNAL_WIDTHS, landscape=True, freeze_rows=1)
    ours = len(JOURNAL_COLUMNS)
    for col, title in enumerate((*JOURNAL_COLUMNS, *journal.header), start=1):
        if title is not None:
            sheet.put(1, col, title, "header")
    for n, run in enumerate(journal.runs, start=1):
        reference = f"{record_part}, запуск {n}; SHA-256 {run.digest}"
        values = (run.time, run.user, run.version, run.edition, run.source_sha256, run.summary, run.block, reference)
        sheet.put(n + 1, 1, n, "cell_center")
        for col, value in enumerate(values, start=2):
            sheet.put(n + 1, col, value, "cell")
        for col, value in enumerate(journal.notes.get(run.digest, ()), start=ours + 1):
            if value is not None:
                sheet.put(n + 1, col, value, "cell")
    for row, values in enumerate(journal.loose, start=len(journal.runs) + 2):
        for col, value in enumerate(values, start=1):
            if value is not None:
                sheet.put(row, col, value, "cell")
    sheet.row = len(journal.runs) + len(journal.loose) + 1
    return sheet
