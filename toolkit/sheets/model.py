"""A sheet as plain data, so the writer (openpyxl today, package parts later) is swappable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.workbook.style_specs import BOLD_STYLES, STYLE_SIZES, WRAPPED_STYLES, estimate_height


@dataclass(frozen=True, slots=True)
class CellSpec:
    """One cell of a sheet we write: value or formula with its cached value, and its style."""

    row: int
    col: int
    value: Any = None
    style: str = "plain"
    formula: str | None = None
    cached: Any = None  # a formula's value as computed in Python, shown until Excel recalculates


@dataclass(slots=True)
class SheetSpec:
    """A sheet we write, as plain data: cells, widths, merges and print settings."""

    name: str
    widths: tuple[float, ...]
    cells: dict[tuple[int, int], CellSpec] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    landscape: bool = False
    freeze_rows: int = 0
    hidden_cols: tuple[int, ...] = ()  # columns kept out of sight and off the printed page
    row: int = 0  # the last row written; builders append below it
    title_rows: tuple[int, int] | None = None  # rows repeated at the top of every printed page
    footer: str = ""  # who and which period, printed on every page beside «Стр. N из M»
    together: list[tuple[int, int]] = field(default_factory=list)  # row ranges a page break must not split
    page_breaks: list[int] = field(default_factory=list)  # a new printed page starts below each of these rows

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
        return self.row

    def fitted_heights(self) -> dict[int, float]:
        """Row heights tall enough for every wrapped text, at its column's (or merged range's) width, computed
        from the finished sheet: a cell put without `add` (a header, a journal row) counts, and a range merged
        after `add` counts at its full width; `heights` holds a builder's own minimums (none today)."""
        heights = dict(self.heights)
        spans = {(r1, c1): sum(self.widths[c1 - 1:c2]) for r1, c1, _, c2 in self.merges}
        for (row, col), cell in self.cells.items():
            if not isinstance(cell.value, str) or not cell.value or cell.style not in WRAPPED_STYLES:
                continue
            width = spans.get((row, col), self.widths[col - 1] if col <= len(self.widths) else 8.43)
            height = estimate_height(cell.value, width, STYLE_SIZES.get(cell.style, 11), bold=cell.style in BOLD_STYLES)
            if height > max(heights.get(row, 0), 17):
                heights[row] = height
        return heights

    def new_page(self) -> None:
        """The next row starts a printed page (the forms of a conclusion each begin on their own page)."""
        if self.row:
            self.page_breaks.append(self.row)

    def keep(self, first: int, last: int) -> None:
        """Print rows first..last on one page (a heading with its first line, the signature block)."""
        self.together.append((first, last))

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
