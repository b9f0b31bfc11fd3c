"""The remote engine without Excel: the payload Excel would send, and an applier of the actions it gets back.

`payload` builds what xlwings' Office.js client sends (`xlwings.ts` getBookData: every sheet's values
from A1 to its used range's last cell, dates as ISO strings, errors as their text, "" for empty;
names that point at ranges; tables), here from a saved workbook read with openpyxl, so the payload
does not come from our own reader. `apply` plays the returned actions onto an openpyxl copy the way
Excel would: a text written with a leading apostrophe is text, «=…» is a formula, anything else
that Excel would parse (a bare text) is refused, since it would not stay text in Excel.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

import xlwings as xw  # noqa: E402
from xlwings.server import custom_scripts_call, script  # noqa: E402

# Lite's main.py imports `script` from xlwings, which is the server's only when XLWINGS_ON_SERVER was set
# before xlwings was first imported in this process (else a no-op stand-in that would get the user as `book`)
assert xw.script is script, "xlwings was imported before tests/excel_remote.py set XLWINGS_ON_SERVER=true"

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / "excel" / "lite" / "main.py"


def payload(path: Path, selection: tuple[str, str] | None = None) -> dict[str, Any]:
    """What Excel sends for the book at `path`; `selection` is (sheet, address) when not the active sheet's A1."""
    wb = openpyxl.load_workbook(path, data_only=True)
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []
    for name, defined in wb.defined_names.items():
        place = _range_name(defined, index)
        if place is not None:
            names.append({"name": name, "sheet_index": place[0], "address": place[1], "scope_sheet_name": None,
                          "scope_sheet_index": None, "book_scope": True})
    sheets = [{"name": ws.title, "visibility": _visibility(ws.sheet_state), "values": _values(ws),
               "pictures": [], "tables": [_table(t.name, t.ref) for t in ws.tables.values()]}
              for ws in wb.worksheets]
    active = index[selection[0]] if selection else wb.worksheets.index(wb.active)
    data = {"client": "Office.js", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": active, "selection": selection[1] if selection else "A1"},
            "names": names, "sheets": sheets}
    return json.loads(json.dumps(data))  # as it travels


def _visibility(state: str) -> str:
    return {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}[state]


def _range_name(defined: Any, index: dict[str, int]) -> tuple[int, str] | None:
    """Office.js sends only names of the `range` type: one area on an existing sheet."""
    try:
        places = list(defined.destinations)
    except Exception:
        return None
    if len(places) != 1 or places[0][0] not in index:
        return None
    return index[places[0][0]], places[0][1].replace("$", "")


def _values(ws: Any) -> list[list[Any]]:
    rows = []
    for row in ws.iter_rows(min_row=1, min_col=1, max_row=max(ws.max_row, 1), max_col=max(ws.max_column, 1), values_only=True):
        rows.append([_value(v) for v in row])
    return rows


def _value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}Z"
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(v, dt.time):
        return dt.datetime.combine(dt.date(1899, 12, 30), v).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return v


def _table(name: str, ref: str) -> dict[str, Any]:
    c1, r1, c2, r2 = range_boundaries(ref)
    head = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r1}"
    body = f"{get_column_letter(c1)}{r1 + 1}:{get_column_letter(c2)}{max(r2, r1 + 1)}"
    return {"name": name, "range_address": ref, "header_row_range_address": head, "data_body_range_address": body,
            "total_row_range_address": None, "show_headers": True, "show_totals": False,
            "table_style": "TableStyleMedium2", "show_autofilter": True}


def lite_module() -> Any:
    """excel/lite/main.py imported as xlwings Lite imports it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("xlscore_lite_main", LITE)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def run_script(name: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Run one @script of the Lite main.py on a payload, as xlwings Lite and Server do; its actions."""
    book = xw.Book(json=json.loads(json.dumps(data)))  # the book works on the payload itself: keep ours intact
    try:
        done = asyncio.run(custom_scripts_call(lite_module(), name, typehint_to_value={xw.Book: book}))
        return json.loads(json.dumps(done.json()["actions"]))
    finally:
        book.close()


class Applied:
    """The workbook after the actions, and what Excel would show besides cells: the selection."""

    def __init__(self, wb: Any):
        self.wb = wb
        self.active: int = wb.worksheets.index(wb.active)
        self.selection: tuple[str, str] | None = None


def apply(path: Path, actions: list[dict[str, Any]]) -> Applied:
    out = Applied(openpyxl.load_workbook(path))
    for action in actions:
        _APPLY[action["func"]](out, action)
    return out


def _target(out: Applied, a: dict[str, Any]) -> tuple[Any, int, int]:
    ws = out.wb.worksheets[a["sheet_position"]]
    return ws, a["start_row"] + 1, a["start_column"] + 1


def _typed(value: Any) -> Any:
    """A value as Excel stores what was typed: an apostrophe makes text, «=» a formula."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        if value.startswith("=") or value == "":
            return value or None
        raise AssertionError(f"text without an apostrophe would be parsed by Excel: {value!r}")
    return value


def _set(out: Applied, a: dict[str, Any]) -> None:
    ws, row, col = _target(out, a)
    for r, values in enumerate(a["values"]):
        for c, value in enumerate(values):
            cell = ws.cell(row + r, col + c)
            cell.value = _typed(value)
            if isinstance(cell.value, str) and not value.startswith("="):
                cell.data_type = "s"  # openpyxl would read a leading «=» as a formula


def _add_sheet(out: Applied, a: dict[str, Any]) -> None:
    index, name = a["args"]
    out.wb.create_sheet(name, index)
    out.active = index


def _delete(out: Applied, a: dict[str, Any]) -> None:
    out.wb.remove(out.wb.worksheets[a["sheet_position"]])


def _activate(out: Applied, a: dict[str, Any]) -> None:
    out.active = a["args"][0]


def _select(out: Applied, a: dict[str, Any]) -> None:
    ws, row, col = _target(out, a)
    out.active = a["sheet_position"]
    out.selection = (ws.title, f"{get_column_letter(col)}{row}")


def _merge(out: Applied, a: dict[str, Any]) -> None:
    ws, row, col = _target(out, a)
    ws.merge_cells(start_row=row, start_column=col, end_row=row + a["row_count"] - 1,
                   end_column=col + a["column_count"] - 1)


def _width(out: Applied, a: dict[str, Any]) -> None:
    ws, _, col = _target(out, a)
    ws.column_dimensions[get_column_letter(col)].width = a["args"][0] / 0.75 / 7  # points → about characters


def _ignore(out: Applied, a: dict[str, Any]) -> None:
    """Formats that do not change a value or formula (heights, wraps, bold, number formats)."""


_APPLY = {"setValues": _set, "setFormula": _set, "addSheet": _add_sheet, "sheetDelete": _delete,
          "activateSheet": _activate, "rangeSelect": _select, "rangeMerge": _merge, "setColumnWidth": _width,
          "setRowHeight": _ignore, "setWrapText": _ignore, "setFontProperty": _ignore, "setNumberFormat": _ignore}


def cells(ws: Any) -> dict[tuple[int, int], Any]:
    """Every non-empty cell's value or formula (openpyxl shows a formula as «=…»)."""
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}
