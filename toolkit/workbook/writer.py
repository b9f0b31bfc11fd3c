"""Writes our sheets into a copy of the body's workbook (or the workbook itself, atomically).

The interface is one function over plain `SheetSpec`s, so the implementation can move from openpyxl
to package-part surgery without touching callers. Replacing our own sheets is allowed; every other
sheet, name, validation and style of the body's workbook is left as it was.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from filelock import FileLock
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from toolkit.sheets.model import JOURNAL_COLUMNS, JOURNAL_WIDTHS, JournalEntry, SheetSpec
from toolkit.workbook.layout import JOURNAL_SHEET
from toolkit.workbook.package import atomic_write
from toolkit.workbook.styles import print_ready, set_formula, set_text


def write_scored(source: Path, target: Path, sheets: Sequence[SheetSpec], entry: JournalEntry) -> None:
    """Write into `target`; when it is `source` itself, keep the original as NAME.xlsx.bak and lock."""
    source, target = Path(source), Path(target)
    in_place = source.resolve() == target.resolve()
    lock = Path(str(target) + ".lock")
    try:
        with FileLock(str(lock), timeout=60):
            data = render(source.read_bytes(), sheets, entry, keep_vba=source.suffix.lower() == ".xlsm")
            if in_place:
                shutil.copy2(source, source.with_name(source.name + ".bak"))
            atomic_write(target, data)
    finally:
        lock.unlink(missing_ok=True)


def render(package: bytes, sheets: Sequence[SheetSpec], entry: JournalEntry, keep_vba: bool = False) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(package), keep_vba=keep_vba, keep_links=True)
    for spec in sheets:
        _replace(wb, spec)
    _append_journal(wb, entry)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace(wb: Workbook, spec: SheetSpec) -> None:
    if spec.name in wb.sheetnames:
        index = wb.sheetnames.index(spec.name)
        wb.remove(wb[spec.name])
        ws = wb.create_sheet(spec.name, index)
    else:
        ws = wb.create_sheet(spec.name)
    for cell in spec.cells.values():
        target = ws.cell(cell.row, cell.col)
        if cell.formula:
            set_formula(target, cell.formula, cell.style)
        else:
            set_text(target, cell.value, cell.style)
    for r1, c1, r2, c2 in spec.merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for i, width in enumerate(spec.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row, height in spec.heights.items():
        ws.row_dimensions[row].height = height
    print_ready(ws, landscape=spec.landscape)


def _append_journal(wb: Workbook, entry: JournalEntry) -> None:
    if JOURNAL_SHEET not in wb.sheetnames:
        ws = wb.create_sheet(JOURNAL_SHEET)
        for col, (title, width) in enumerate(zip(JOURNAL_COLUMNS, JOURNAL_WIDTHS), start=1):
            set_text(ws.cell(1, col), title, "header")
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        print_ready(ws, landscape=True, title_rows="1:1")
    ws = wb[JOURNAL_SHEET]
    row = ws.max_row + 1
    set_text(ws.cell(row, 1), row - 1, "cell_center")
    for col, value in enumerate(entry.values[1:], start=2):
        set_text(ws.cell(row, col), value, "cell")
