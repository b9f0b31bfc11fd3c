"""A sheet as plain data, so the writer (openpyxl today, package parts later) is swappable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.workbook.style_specs import estimate_height


@dataclass(frozen=True, slots=True)
class CellSpec:
    row: int
    col: int
    value: Any = None
    style: str = "plain"
    formula: str | None = None
    cached: Any = None  # a formula's value as computed in Python, shown until Excel recalculates


@dataclass(slots=True)
class SheetSpec:
    name: str
    widths: tuple[float, ...]
    cells: dict[tuple[int, int], CellSpec] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    landscape: bool = False
    freeze_rows: int = 0
    hidden_cols: tuple[int, ...] = ()  # columns kept out of sight and off the printed page
    row: int = 0  # the last row written; builders append below it
    page_breaks: list[int] = field(default_factory=list)  # a new printed page starts below each of these rows
    footer: str = "Стр. &P из &N"  # Excel's footer codes: page number and count, centred

    def new_page(self) -> None:
        """The next row starts a printed page (the forms of a conclusion each begin on their own page)."""
        if self.row:
            self.page_breaks.append(self.row)

    def add(self, *values: Any, style: str = "cell", col: int = 1, span: int = 1, skip: int = 1) -> int:
        """Write values left to right on a new row (after `skip` rows); `span` merges the last value over that many columns."""
        self.row += skip
        for i, value in enumerate(values):
            self.put(self.row, col + i, value, style)
        if span > 1:
            start = col + len(values) - 1
            self.merges.append((self.row, start, self.row, start + span - 1))
        self._fit(self.row, values, col, span, style)
        return self.row

    def _fit(self, row: int, values: tuple[Any, ...], col: int, span: int, style: str) -> None:
        """Make the row tall enough for its wrapped texts (nothing auto-fits merged or generated rows)."""
        size = 13 if style == "title" else 9 if style in ("caption", "subtitle") else 11
        last = len(values) - 1
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value:
                continue
            first = col + i - 1
            width = sum(self.widths[first:first + (span if i == last else 1)])
            height = estimate_height(value, width, size)
            if height > self.heights.get(row, 0) and height > 17:
                self.heights[row] = height

    def put(self, row: int, col: int, value: Any, style: str = "cell") -> None:
        """Set one cell; a later put on the same cell replaces the earlier one."""
        if isinstance(value, Formula):
            self.cells[row, col] = CellSpec(row, col, None, style, value.text, value.cached)
        else:
            self.cells[row, col] = CellSpec(row, col, value, style)


@dataclass(frozen=True, slots=True)
class Formula:
    """Marks a value as our own Excel formula; any other text is written as text, never as a formula."""

    text: str
    cached: Any = None


# The record's reference stays the last of our columns (history finds a run's row by it), hidden, so
# the printed page holds what a person reads; the input's SHA-256 wraps in a narrow column.
JOURNAL_COLUMNS = ("№", "Время (Казахстан)", "Время (UTC)", "Пользователь", "Результат", "Балл по блоку",
                   "Версия xlscore", "Редакция методики", "SHA-256 входного файла", "Запись xlscore")
JOURNAL_WIDTHS = (5, 19, 19, 14, 56, 20, 10, 11, 25, 40)
