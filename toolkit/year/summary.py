"""The summary workbook of a batch (`score … --summary FILE`): one row per body with its directions,
block, grade, provisional flags, problems and, where last year's rating is given, last year's block
score and position; a sheet of the files not scored and why; the hidden «_scores» sheet `rank` reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.styles import fit_row, set_text
from toolkit.year.book import ARROWS, GRADE_LABELS, TYPE_TITLES, data_sheet, finish_sheet, grade_cell, year_footer
from toolkit.year.rating import Entry, Grades, Rating, rank
from toolkit.year.sources import with_blocks

DIRECTIONS = ("services", "openness", "complaints")
DIRECTION_TITLES = {"services": "Услуги", "openness": "Открытость", "complaints": "Жалобы"}


@dataclass(frozen=True, slots=True)
class Scored:
    """What the summary needs of one scored file (plain data, so the CLI's report converts once)."""

    path: str
    code: str
    name: str
    body_type: str
    period: int
    directions: dict[str, tuple[float, bool]]  # direction → (score, provisional)
    block: tuple[float, bool] | None
    problems: tuple[tuple[str, str], ...] = ()  # (code, message) of its warnings


@dataclass(frozen=True, slots=True)
class Failed:
    """A file of the batch that could not be scored, with the problems that say why (for the summary's sheet)."""

    path: str
    problems: tuple[tuple[str, str], ...]  # (code, message)


def summary_entries(files: Sequence[Scored], weights: dict[str, dict[str, float]]) -> list[Entry]:
    """Each body's direction scores (several files of one body joined by code) and its block (п.107)."""
    entries: dict[tuple[str, str, str], Entry] = {}
    for f in files:
        for d, (score, provisional) in f.directions.items():
            entries[(f.body_type, d, f.code)] = Entry(f.code, f.body_type, d, score, f.name, provisional=provisional)
        if f.block is not None:
            entries[(f.body_type, "block", f.code)] = Entry(f.code, f.body_type, "block", f.block[0], f.name,
                                                            provisional=f.block[1])
    return with_blocks(list(entries.values()), weights)


def write_summary(path: Path, files: Sequence[Scored], failed: Sequence[Failed], grades: Grades,
                  weights: dict[str, dict[str, float]], previous: Sequence[Entry] = ()) -> Rating:
    entries = summary_entries(files, weights)
    period = next(iter({f.period for f in files}), None)
    rating = rank(entries, grades, previous, period)
    wb = Workbook()
    _bodies(wb.active, files, rating, period)
    _failed(wb.create_sheet("Замечания"), files, failed)
    positions = {(t.body_type, t.scope, r.code): r.position for t in rating.tables for r in t.rows}
    data_sheet(wb, entries, positions, period)
    year_footer(wb, "Сводка оценки", period)
    atomic_write(path, deterministic_bytes(wb))
    return rating


HEADERS = ["Код", "Орган", "Тип", "Услуги", "Открытость", "Жалобы", "Блок", "Уровень", "Место (блок)",
           "Блок прошлого года", "Место прошлого года", "↕", "Сдвиг уровня", "Предварительно", "Замечаний"]
WIDTHS = dict(zip("ABCDEFGHIJKLMNO", (10, 30, 5, 9, 10, 9, 8, 12, 7, 9, 8, 4, 8, 13, 9)))


def _bodies(ws: Worksheet, files: Sequence[Scored], rating: Rating, period: int | None) -> None:
    ws.title = "Сводка"
    set_text(ws.cell(1, 1), f"Сводка оценки за {period or '—'} год: органов {len({(f.body_type, f.code) for f in files})}", "title")
    ws.merge_cells("A1:O1")
    for col, text in enumerate(HEADERS, start=1):
        set_text(ws.cell(3, col), text, "header")
    ws.row_dimensions[3].height = 44
    rows = {(t.body_type, t.scope, r.code): r for t in rating.tables for r in t.rows}
    moves = {(t.body_type, code): bands for t in rating.tables if t.scope == "block" for code, bands in t.band_moves}
    bodies: dict[tuple[str, str], list[Scored]] = {}
    for f in files:
        bodies.setdefault((f.body_type, f.code), []).append(f)
    row = 3
    for (body_type, code), group in sorted(bodies.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        row += 1
        block = rows.get((body_type, "block", code))
        provisional = sorted({DIRECTION_TITLES.get(d, d) for f in group for d, (_, p) in f.directions.items() if p})
        move = moves.get((body_type, code))
        values = [code, group[0].name, TYPE_TITLES.get(body_type, body_type)]
        values += [_score(rows.get((body_type, d, code))) for d in DIRECTIONS]
        values += [block.score if block else None, None, block.position if block else None,
                   block.previous_score if block else None, block.previous_position if block else None,
                   ARROWS[block.arrow] if block else "",
                   f"{'+' if move > 0 else '−'}{abs(move)}" if move else "",
                   ", ".join(provisional) or "нет", sum(len(f.problems) for f in group)]
        for col, value in enumerate(values, start=1):
            set_text(ws.cell(row, col), value, "number" if 4 <= col <= 7 or col == 10 else "cell_left")
        for col in (4, 5, 6, 7, 10):
            ws.cell(row, col).number_format = "0.00" if col < 7 else "0.0"
        grade_cell(ws, row, 8, block.grade if block else None)
        fit_row(ws, row, [(group[0].name, WIDTHS["B"]), (values[-2], WIDTHS["N"])])
    set_text(ws.cell(row + 2, 1), "Баллы направлений — с двумя знаками после запятой, блок — с одним; «Сдвиг уровня» "
             "показан, когда уровень эффективности изменился больше чем на один уровень. Уровни: "
             + ", ".join(GRADE_LABELS.values()) + ".", "text")
    ws.merge_cells(start_row=row + 2, start_column=1, end_row=row + 2, end_column=15)
    finish_sheet(ws, "3:3", WIDTHS)


def _score(row: object) -> float | None:
    return getattr(row, "score", None)


def _failed(ws: Worksheet, files: Sequence[Scored], failed: Sequence[Failed]) -> None:
    """The files not scored and why (first), then the warnings of the files that were."""
    for col, text in enumerate(("Файл", "Оценен", "Код", "Замечание"), start=1):
        set_text(ws.cell(1, col), text, "header")
    row = 1
    listed = [(f.path, "нет", f.problems or (("", "не оценен"),)) for f in failed]
    listed += [(f.path, "да", f.problems) for f in files if f.problems]
    for path, scored, problems in listed:
        for code, message in problems:
            row += 1
            for col, value in enumerate((path, scored, code, message), start=1):
                set_text(ws.cell(row, col), value, "cell_left")
            fit_row(ws, row, [(message, 80), (path, 36)])
    finish_sheet(ws, "1:1", {"A": 36, "B": 8, "C": 22, "D": 80})
