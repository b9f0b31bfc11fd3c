"""`fill` and `extract` of an assessor workbook (CONTRACTS «Workbooks»):

    {"assessor": {"direction": "openness", "period": 2022, "edition": "2023-01",
                  "bodies": [{"code": "МЮ", "values": {"<input key>": …}}]}}

A body's row is found by its code among the rows the template lists; a body the template lacks gets a
row under the table, which grows as Excel grows it. Values are written as given, like a report's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import get_column_letter, range_boundaries

from toolkit.assessor.book import FIXED_COLUMNS, HEADER_ROW, SHEET, TYPES, assessor_inputs, table_name
from toolkit.assessor.reader import read_assessor
from toolkit.bodies import find_body
from toolkit.catalog import load_catalog
from toolkit.problems import Problem, problem
from toolkit.workbook.package import atomic_write, deterministic_bytes
from toolkit.workbook.reader import metadata, open_workbook
from toolkit.workbook.styles import set_text


def extract_assessor(path: str | Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    book, problems = read_assessor(path)
    if book is None:
        return None, problems
    bodies = [{"code": row.code, "values": {k: _plain(v) for k, v in row.values.items()}}
              for row in sorted(book.rows.values(), key=lambda r: r.row)]
    return {"assessor": {"direction": book.direction, "period": book.period, "edition": book.edition,
                         "bodies": bodies}}, problems


def fill_assessor(template: str | Path, data: dict[str, Any], output: str | Path) -> list[Problem]:
    found, problems = open_workbook(Path(template))
    if found is None:
        return problems
    try:
        meta = metadata(found)
    finally:
        found.package.close()
    section = data.get("assessor")
    if not isinstance(section, dict):
        return [problem("data.mismatch", field="assessor", given=type(section).__name__, expected="раздел книги оценщика")]
    problems = [problem("data.unknown_key", name=key, directions="assessor") for key in data if key != "assessor"]
    for field, expected in (("direction", meta.get("directions")), ("period", meta.get("period")),
                            ("edition", meta.get("edition"))):
        if field in section and section[field] != expected:
            problems.append(problem("data.mismatch", field=f"assessor.{field}", given=section[field], expected=expected))
    catalog = load_catalog(str(meta["edition"]))
    specs = assessor_inputs(catalog.direction(str(meta["directions"])))
    # key → column per body type: an indicator id both types have (P2.4) is one key but two columns
    columns = {(spec.key, body_type): len(FIXED_COLUMNS) + 1 + i for i, spec in enumerate(specs)
               for body_type in spec.body_types}
    keys = {key for key, _ in columns}
    bodies = section.get("bodies") or []
    for i, entry in enumerate(bodies):
        code = str((entry or {}).get("code") or "")
        body = find_body(code)
        if body is None:
            problems.append(problem("data.unknown_body", body=code))
        for key in (entry or {}).get("values") or {}:
            if key not in keys or (body is not None and (key, body.type) not in columns):
                problems.append(problem("data.unknown_key", name=f"assessor.bodies[{i}].values.{key}", directions="assessor"))
    if problems:
        return problems
    wb = openpyxl.load_workbook(Path(template))
    ws = wb[SHEET]
    table = ws.tables[table_name(str(meta["directions"]))]
    last = range_boundaries(table.ref)[3]
    rows = {str(ws.cell(r, 1).value or "").strip().casefold(): r for r in range(HEADER_ROW + 1, last + 1)}
    for entry in bodies:
        body = find_body(str(entry["code"]))
        row = rows.get(body.code.casefold())
        if row is None:
            last += 1
            row = rows[body.code.casefold()] = last
            for col, text in enumerate((body.code, body.name, TYPES.get(body.type, body.type)), start=1):
                set_text(ws.cell(row, col), text, "input_text")
        for key, value in (entry.get("values") or {}).items():
            ws.cell(row, columns[key, body.type]).value = value
    table.ref = f"A{HEADER_ROW}:{get_column_letter(len(FIXED_COLUMNS) + len(specs))}{last}"
    atomic_write(Path(output), deterministic_bytes(wb))
    return []


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
