"""`fill` and `extract`: the inputs as JSON (CONTRACTS «Input»), to and from a workbook of ours.

`extract` gives values exactly as the cells hold them and `fill` writes them back the same way, so
extract(fill(template, data)) == data for any data that fits the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from toolkit.catalog import load_catalog
from toolkit.catalog.model import Catalog
from toolkit.inputs import Document
from toolkit.problems import Problem, problem
from toolkit.workbook import layout
from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.reader import open_workbook, read_document, read_meta
from toolkit.workbook.styles import set_text

def extract(path: str | Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    doc, problems = read_document(path)
    if doc is None:
        return None, problems
    return document_to_json(doc, load_catalog(doc.meta.edition)), problems


def document_to_json(doc: Document, catalog: Catalog) -> dict[str, Any]:
    out: dict[str, Any] = {"edition": doc.meta.edition, "period": doc.meta.period, "body": doc.body.to_dict()}
    for did in doc.meta.directions:
        section: dict[str, Any] = out.setdefault(did, {})
        for spec in catalog.direction(did).inputs:
            if spec.key in doc.cells:
                section[spec.key.split(".", 1)[1]] = _plain(doc.cells[spec.key].value)
    out["penalties"] = [_penalty(row, catalog) for row in doc.penalties]
    return out


def fill(template: str | Path, data: dict[str, Any], output: str | Path) -> list[Problem]:
    found, problems = open_workbook(Path(template))
    if found is None:
        return problems
    try:
        meta, problems = read_meta(found)
        if meta is None:
            return problems
        catalog = load_catalog(meta.edition)
        problems = _check_shape(data, meta, catalog)
        values = {f"{did}.{name}": value for did in meta.directions for name, value in (data.get(did) or {}).items()}
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
            set_text(wb[ref.sheet][ref.cell], value)  # a body's text is data, never a formula
    ws = wb[layout.PENALTIES_SHEET]
    for i, row in enumerate(data.get("penalties") or []):
        r = layout.PENALTIES_HEADER_ROW + 1 + i
        direction = catalog.directions.get(row.get("direction"))
        kind = catalog.penalty_kinds.get(row.get("kind"))
        set_text(ws[f"B{r}"], direction.title if direction else row.get("direction"))
        set_text(ws[f"C{r}"], kind.label if kind else row.get("kind"))
        set_text(ws[f"D{r}"], row.get("text"))
    atomic_write(Path(output), deterministic_bytes(wb))
    return []


def _check_shape(data: dict[str, Any], meta: Any, catalog: Catalog) -> list[Problem]:
    problems = []
    known = {"edition", "period", "body", "penalties", *meta.directions}
    for key in data:
        if key not in known:
            problems.append(problem("data.unknown_key", name=key, directions=", ".join(meta.directions)))
    for did in meta.directions:
        allowed = {spec.key.split(".", 1)[1] for spec in catalog.direction(did).inputs}
        for name in data.get(did) or {}:
            if name not in allowed:
                problems.append(problem("data.unknown_key", name=f"{did}.{name}", directions=", ".join(meta.directions)))
    for field, expected in (("edition", meta.edition), ("period", meta.period)):
        if field in data and data[field] != expected:
            problems.append(problem("data.mismatch", field=field, given=data[field], expected=expected))
    body_type = (data.get("body") or {}).get("type")
    if body_type not in (None, meta.body_type):
        problems.append(problem("data.mismatch", field="body.type", given=body_type, expected=meta.body_type))
    if len(data.get("penalties") or []) > layout.PENALTIES_ROWS:
        problems.append(problem("data.too_many_rows", table=layout.PENALTIES_SHEET,
                                given=len(data["penalties"]), limit=layout.PENALTIES_ROWS))
    return problems


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if value is None or isinstance(value, (int, float, bool)) else str(value)


def _penalty(row: Any, catalog: Catalog) -> dict[str, Any]:
    return {"direction": catalog.direction_id(row.direction) or _plain(row.direction),
            "kind": catalog.penalty_kind_id(row.kind) or _plain(row.kind), "text": _plain(row.text)}
