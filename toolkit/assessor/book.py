"""What an assessor workbook holds, and how one body's row joins that body's checked inputs."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.catalog.model import Direction, InputSpec
from toolkit.engine.inputs import Inputs
from toolkit.workbook import layout

KIND = layout.ASSESSOR_KIND
SHEET = "Данные оценщика"
HEADER_ROW = 6
FIXED_COLUMNS = (("code", "Код органа"), ("name", "Государственный орган"), ("type", "Тип органа"))
TYPES = {"cgo": "ЦГО", "mio": "МИО"}


def table_name(direction: str) -> str:
    return f"assessor_{direction}"


def assessor_inputs(direction: Direction) -> tuple[InputSpec, ...]:
    """The direction's inputs the assessor fills, in catalog order: one column each."""
    return tuple(spec for spec in direction.inputs if spec.owner == "assessor")


@dataclass(frozen=True, slots=True)
class AssessorRow:
    """One body's row of an assessor workbook: its code, the values typed, the sheet row."""

    code: str
    values: dict[str, Any]  # input key → checked value; only the filled cells
    row: int  # the sheet row, for messages


@dataclass(frozen=True, slots=True)
class AssessorBook:
    """An assessor workbook of one edition, direction and period, read and checked: its rows by body."""

    path: str
    edition: str
    direction: str
    period: int
    rows: dict[str, AssessorRow] = field(default_factory=dict)  # by registry code, case-folded

    def row_for(self, code: str) -> AssessorRow | None:
        return self.rows.get(code.strip().casefold())

    def covers(self, inputs: Inputs) -> bool:
        meta = inputs.meta
        return self.direction in meta.directions and (self.edition, self.period) == (meta.edition, meta.period)


def apply_assessor(inputs: Inputs, books: tuple[AssessorBook, ...]) -> Inputs:
    """The body's inputs with its row of every matching assessor workbook added.

    Values keep no cell of the body's workbook (they are not there), so «Баллы» writes them into its
    formulas as numbers and says where they came from. A body without a row stays without them, and
    scoring marks the halves that need them provisional, with the reason.
    """
    values = dict(inputs.values)
    sources = dict(inputs.sources)
    for book in books:
        row = book.row_for(inputs.body.code) if book.covers(inputs) else None
        if row is not None:
            values |= row.values
            sources |= {key: f"книга оценщика «{_name(book.path)}», строка {row.row}" for key in row.values}
    return replace(inputs, values=values, sources=sources)


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def split_assessor_values(data: dict[str, Any], direction: Direction) -> tuple[dict[str, Any], dict[str, Any]]:
    """A report's input document with the assessor's values taken out: (the body's part, key → value).

    For generated samples and tests that describe a body together with its monitoring; what a body
    sends never holds them (`fill` refuses them).
    """
    body = copy.deepcopy(data)
    values = {}
    section = body.get(direction.id) or {}
    for spec in assessor_inputs(direction):
        *parents, name = spec.key.split(".")[1:]
        holder = section
        for part in parents:
            holder = holder.get(part) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and name in holder:
            values[spec.key] = holder.pop(name)
    for group in [k for k, v in section.items() if v == {}]:
        del section[group]
    return body, values


def assessor_document(direction: str, period: int, edition: str, rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The `fill` document of an assessor workbook (CONTRACTS «Workbooks») from code → values."""
    return {"assessor": {"direction": direction, "period": period, "edition": edition,
                         "bodies": [{"code": code, "values": values} for code, values in rows.items()]}}
