"""Rating tables for the terminal (rich), as the report prints them."""

from __future__ import annotations

from typing import Any

from toolkit.numbers import round_half_up
from toolkit.year.book import ARROWS, GRADE_LABELS, SCOPE_TITLES, TYPE_TITLES
from toolkit.year.rating import Rating


def one(value: float | None) -> str:
    """A score to one decimal with a comma, as the published report shows it; «-» without one."""
    return "-" if value is None else f"{round_half_up(value, 1):.1f}".replace(".", ",")


def rating_tables(rating: Rating) -> list[Any]:
    from rich.table import Table

    now, before = (str(rating.period), str(rating.period - 1)) if rating.period else ("балл", "прошлый")
    tables = []
    for t in rating.tables:
        table = Table("Орган", f"Балл {now}", f"Балл {before}", f"Место {now}", f"Место {before}", "↕", "Уровень",
                      title=f"{TYPE_TITLES.get(t.body_type, t.body_type)}: {SCOPE_TITLES[t.scope]}")
        for r in t.rows:
            table.add_row(r.code, one(r.score), one(r.previous_score), str(r.position),
                          str(r.previous_position or "-"), ARROWS[r.arrow], GRADE_LABELS[r.grade])
        table.add_row("Среднее", one(t.average), one(t.previous_average), "", "", "", "")
        tables.append(table)
    return tables
