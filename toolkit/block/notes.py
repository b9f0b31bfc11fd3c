"""Why a file has no block score, in one Russian sentence for `score --json` («block_note»), the CLI and
the conclusion: which direction is missing (or given twice) and how to get the block."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toolkit.block.compute import missing
from toolkit.catalog.model import Catalog

HOW = ("блок рассчитывается, когда все три направления органа оценены вместе: в одной книге (шаблон --direction all) "
       "или в одном запуске score книгами по направлениям с одинаковыми кодом органа, типом органа, отчетным "
       "периодом и редакцией методики")


def missing_note(catalog: Catalog, body_type: str, present: Iterable[str], unscored: Mapping[str, str] | None = None,
                 near: Iterable[str] = ()) -> str:
    """The weighted directions absent from `present`; `unscored` maps a direction to the file of the body
    that held it but was not scored (errors), `near` are sentences about files of the same body that
    were not grouped with it (another period, type or edition)."""
    absent = missing(catalog, body_type, set(present))
    if not absent:
        return ""
    unscored = unscored or {}
    names = ", ".join(f"«{catalog.title_of(d)}»" + (f" (файл {unscored[d]} не оценен: в нем ошибки)"
                                                           if d in unscored else "") for d in absent)
    words = "оцененного направления" if len(absent) == 1 else "оцененных направлений"
    return "; ".join([f"Балл по блоку не рассчитан: нет {words} {names}", *near, HOW]) + "."


def twice_note(catalog: Catalog, direction: str, paths: Iterable[str]) -> str:
    return (f"Балл по блоку не рассчитан: направление «{catalog.title_of(direction)}» органа дано в нескольких "
            f"файлах ({', '.join(paths)}), и неясно, какой из них брать; оцените вместе по одному отчету на направление.")


def no_code_note(catalog: Catalog, body_type: str, present: Iterable[str]) -> str:
    base = missing_note(catalog, body_type, present)
    return base[:-1] + ("; отчеты по направлениям объединяются по коду органа, а в этом отчете код не указан "
                        "(выдайте шаблон органу: template --body КОД).")


def not_grouped(title: str, path: str, differs: str) -> str:
    return f"отчет органа по направлению «{title}» ({path}) не объединен с этим: {differs}"
