"""`fill` and `extract`: the inputs as JSON (CONTRACTS «Input»), to and from a workbook of ours.

`extract` gives values exactly as the cells hold them and `fill` writes them back the same way, so
extract(fill(template, data)) == data for any data that fits the template.
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

from toolkit.assessor.jsonio import extract_assessor, fill_assessor
from toolkit.assessor.reader import is_assessor_workbook
from toolkit.catalog import load_catalog
from toolkit.catalog.model import Catalog, Column
from toolkit.integrity.identity import same_text
from toolkit.engine.inputs import Document
from toolkit.problems import Problem, problem
from toolkit.workbook import layout
from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.reader import open_workbook, read_document, read_meta
from toolkit.workbook.styles import set_text

def extract(path: str | Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    if is_assessor_workbook(Path(path)):
        return extract_assessor(path)
    doc, problems = read_document(path)
    if doc is None:
        return None, problems
    return document_to_json(doc, load_catalog(doc.meta.edition)), problems


def document_to_json(doc: Document, catalog: Catalog) -> dict[str, Any]:
    out: dict[str, Any] = {"edition": doc.meta.edition, "period": doc.meta.period, "body": doc.body.to_dict()}
    for did in doc.meta.directions:
        direction = catalog.direction(did)
        section: dict[str, Any] = out.setdefault(did, {})
        for spec in direction.inputs_for(doc.meta.body_type):
            if spec.key in doc.cells and doc.cells[spec.key].value is not None:
                _put(section, spec.key, _plain(doc.cells[spec.key].value))
        for lst in direction.lists_for(doc.meta.body_type):
            data = doc.lists.get(lst.key)
            if data is not None:
                _put(section, lst.key, [{f: _list_value(lst.column(f), v) for f, v in row.values.items()} for row in data.rows])
    out["penalties"] = [_penalty(row, catalog) for row in doc.penalties]
    if doc.appeals:
        out["appeals"] = [_appeal(row.values, catalog) for row in doc.appeals]
    return out


def _path(key: str) -> list[str]:
    """«openness.open_data.publications» → ["open_data", "publications"] inside the direction's section."""
    return key.split(".")[1:]


def _put(section: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = _path(key)
    for name in parents:
        section = section.setdefault(name, {})
    section[last] = value


def _get(section: Any, key: str) -> tuple[bool, Any]:
    for name in _path(key):
        if not isinstance(section, dict) or name not in section:
            return False, None
        section = section[name]
    return True, section


def _list_value(column: Column, value: Any) -> Any:
    """A list cell as JSON: dates as ISO text, a drop-down label as its code (the shape `fill` takes)."""
    if isinstance(value, datetime):
        return value.date().isoformat() if column.type == "date" else _plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if column.type == "choice" and isinstance(value, str):
        match = next((c.code for c in column.choices if c.label == value.strip()), None)
        return match if match is not None else value
    return _plain(value)


def _cell_value(column: Column | None, spec_type: str, value: Any, body_type: str) -> Any:
    """A JSON value as the cell should hold it: dates as dates, booleans and codes as the drop-down's text."""
    kind = column.type if column is not None else spec_type
    if kind == "yesno" and isinstance(value, bool):
        return "Да" if value else "Нет"
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if kind == "choice" and column is not None:
        match = next((c.label for c in column.choices_for(body_type) if c.code == value or str(c.code) == str(value)), None)
        return match if match is not None else value
    return value


def fill(template: str | Path, data: dict[str, Any], output: str | Path) -> list[Problem]:
    if is_assessor_workbook(Path(template)):
        return fill_assessor(template, data, output)
    found, problems = open_workbook(Path(template))
    if found is None:
        return problems
    try:
        meta, problems = read_meta(found)
        if meta is None:
            return problems
        catalog = load_catalog(meta.edition)
        problems = _check_shape(data, meta, catalog)
        values: dict[str, Any] = {}
        tables: list[tuple[layout.ListPlace, list[dict[str, Any]]]] = []
        for did in meta.directions:
            direction = catalog.direction(did)
            for spec in direction.inputs_for(meta.body_type):
                present, value = _get(data.get(did) or {}, spec.key)
                if present and spec.owner == "assessor":  # never silently dropped: it belongs elsewhere
                    problems.append(problem("data.assessor_key", name=spec.key))
                elif present:
                    values[spec.key] = _cell_value(None, spec.type, value, meta.body_type)
            for plan in layout.sheet_plans(direction, meta.body_type) if direction.sheets else ():
                for place in plan.lists:
                    present, rows = _get(data.get(did) or {}, place.spec.key)
                    if present:
                        problems += _check_rows(place, rows)
                        tables.append((place, rows))
        values.update({f"body.{f}": v for f, v in (data.get("body") or {}).items() if f in ("name", "code")})
        targets = {key: found.name_target(key) for key in values}
    finally:
        found.package.close()
    if problems:
        return problems
    wb = openpyxl.load_workbook(Path(template))
    for key, value in values.items():
        ref = targets[key]
        if ref is not None:
            _write(wb[ref.sheet][ref.cell], value)
    for place, rows in tables:
        _fill_table(wb[place.sheet], place, rows, meta.body_type)
    ws = wb[layout.PENALTIES_SHEET]
    for i, row in enumerate(data.get("penalties") or []):
        r = layout.PENALTIES_HEADER_ROW + 1 + i
        direction = catalog.directions.get(row.get("direction"))
        kind = catalog.penalty_kinds.get(row.get("kind"))
        set_text(ws[f"B{r}"], direction.title if direction else row.get("direction"))
        set_text(ws[f"C{r}"], kind.label if kind else row.get("kind"))
        set_text(ws[f"D{r}"], row.get("text"))
    _fill_appeals(wb, data.get("appeals") or [], catalog)
    atomic_write(Path(output), deterministic_bytes(wb))
    return []


def _fill_table(ws: Any, place: layout.ListPlace, rows: list[dict[str, Any]], body_type: str) -> None:
    """The list as given, replacing whatever the table held (the template's listed items included);
    the table grows to any length, new rows styled like the template's."""
    table = ws.tables[place.spec.table_name]
    columns = place.columns
    first = place.header_row + 1
    old_last = range_boundaries(table.ref)[3]
    for row in ws.iter_rows(min_row=first, max_row=old_last, max_col=len(columns)):
        for cell in row:
            cell.value = None
    styles = {field: ws[f"{col}{first}"]._style for field, col in columns.items()}
    for i, row in enumerate(rows):
        r = first + i
        for name, value in row.items():
            column = place.spec.column(name)
            _write(ws[f"{columns[name]}{r}"], _cell_value(column, column.type, value, body_type))
        if r > old_last:
            for field, col in columns.items():
                ws[f"{col}{r}"]._style = copy(styles[field])
    table.ref = place.ref_to(max(old_last, first + len(rows) - 1))


def _write(cell: Any, value: Any) -> None:
    """Numbers and dates as themselves; any text stays text (a body's text is data, never a formula)."""
    if isinstance(value, (date, datetime)) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        cell.value = value
    else:
        set_text(cell, value)


def _check_rows(place: layout.ListPlace, rows: Any) -> list[Problem]:
    fields = {c.field for c in place.spec.columns}
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return [problem("data.mismatch", field=place.spec.key, given=type(rows).__name__, expected="список строк")]
    problems = [problem("data.unknown_key", name=f"{place.spec.key}[{i}].{name}", directions=place.spec.title)
                for i, row in enumerate(rows) for name in row if name not in fields]
    return problems


def _allowed(direction: Any, body_type: str) -> set[str]:
    """Top-level names a direction's JSON section may hold (the first part of each key)."""
    keys = [s.key for s in direction.inputs_for(body_type)] + [lst.key for lst in direction.lists_for(body_type)]
    return {k.split(".")[1] for k in keys}


def _check_shape(data: dict[str, Any], meta: Any, catalog: Catalog) -> list[Problem]:
    problems = []
    known = {"edition", "period", "body", "penalties", "appeals", *meta.directions}
    for key in data:
        if key not in known:
            problems.append(problem("data.unknown_key", name=key, directions=", ".join(meta.directions)))
    for did in meta.directions:
        allowed = _allowed(catalog.direction(did), meta.body_type)
        for name in data.get(did) or {}:
            if name not in allowed:
                problems.append(problem("data.unknown_key", name=f"{did}.{name}", directions=", ".join(meta.directions)))
    for field, expected in (("edition", meta.edition), ("period", meta.period)):
        if field in data and data[field] != expected:
            problems.append(problem("data.mismatch", field=field, given=data[field], expected=expected))
    body = data.get("body") or {}
    if body.get("type") not in (None, meta.body_type):
        problems.append(problem("data.mismatch", field="body.type", given=body["type"], expected=meta.body_type))
    for field, expected in (("code", meta.body_code), ("name", meta.body_name)):  # a template issued to a body
        given = body.get(field)
        if expected and given not in (None, "") and not same_text(str(given), expected):
            problems.append(problem("data.mismatch", field=f"body.{field}", given=given, expected=expected))
    appeals = data.get("appeals") or []
    if not isinstance(appeals, list) or not all(isinstance(a, dict) for a in appeals):
        problems.append(problem("data.mismatch", field="appeals", given=type(appeals).__name__, expected="список строк"))
    else:
        problems += [problem("data.unknown_key", name=f"appeals[{i}].{name}", directions="appeals")
                     for i, row in enumerate(appeals) for name in row if name not in layout.APPEALS_FIELDS]
        if len(appeals) > layout.APPEALS_ROWS:
            problems.append(problem("data.too_many_rows", table=layout.APPEALS_SHEET, given=len(appeals),
                                    limit=layout.APPEALS_ROWS))
    if len(data.get("penalties") or []) > layout.PENALTIES_ROWS:
        problems.append(problem("data.too_many_rows", table=layout.PENALTIES_SHEET,
                                given=len(data["penalties"]), limit=layout.PENALTIES_ROWS))
    return problems


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if value is None or isinstance(value, (int, float, bool)) else str(value)


def _appeal(values: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """A row of «Обжалование» in the JSON of CONTRACTS: direction and decision as ids when recognised."""
    decisions = {label: key for key, label in layout.APPEAL_DECISIONS.items()}
    out = {f: _plain(values.get(f)) for f in layout.APPEALS_FIELDS}
    out["direction"] = catalog.direction_id(values.get("direction")) or out["direction"]
    out["decision"] = decisions.get(str(values.get("decision") or "").strip().lower(), out["decision"])
    return out


def _fill_appeals(wb: Any, rows: list[dict[str, Any]], catalog: Catalog) -> None:
    """The table of disagreements as given (Russian labels for direction and decision, as the drop-downs say);
    a template made before «Обжалование» existed cannot take them and is refused by the shape check."""
    if not rows:
        return
    ws = wb[layout.APPEALS_SHEET]
    columns = dict(zip(layout.APPEALS_FIELDS, "BCDEFGH"))
    for i, row in enumerate(rows):
        r = layout.APPEALS_HEADER_ROW + 1 + i
        for name, value in row.items():
            if name == "direction" and value in catalog.directions:
                value = catalog.direction(value).title
            elif name == "decision":
                value = layout.APPEAL_DECISIONS.get(value, value)
            _write(ws[f"{columns[name]}{r}"], value)


def _penalty(row: Any, catalog: Catalog) -> dict[str, Any]:
    return {"direction": catalog.direction_id(row.direction) or _plain(row.direction),
            "kind": catalog.penalty_kind_id(row.kind) or _plain(row.kind), "text": _plain(row.text)}
