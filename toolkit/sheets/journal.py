"""«Журнал»: one row per scoring, so a result can always be traced to the exact file it came from."""

from __future__ import annotations

import getpass
from datetime import datetime, timezone

from toolkit import __version__
from toolkit.numbers import score_text
from toolkit.provisional import reason
from toolkit.scoring import ScoreResult
from toolkit.sheets.model import JournalEntry


def journal_entry(result: ScoreResult, source_sha256: str, now: datetime | None = None,
                  user: str | None = None) -> JournalEntry:
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    summary = "; ".join(f"{d.title}: {score_text(d.score)} ({d.grade.label})"
                        + (f", предварительный результат: {reason(d)}" if d.provisional else "")
                        for d in result.directions.values())
    block = round(result.block.score, 6) if result.block else None
    return JournalEntry((None, now.strftime("%Y-%m-%d %H:%M:%S"), user or _user(), __version__, result.meta.edition,
                         source_sha256, summary, block), result.to_dict())


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "неизвестно"
