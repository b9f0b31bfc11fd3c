"""The plain data that passes between reading, validating, scoring and writing back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.problems import CellRef


@dataclass(frozen=True, slots=True)
class Body:
    """The body a report belongs to: name, type and registry code."""

    name: str
    type: str
    code: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "code": self.code}


@dataclass(frozen=True, slots=True)
class Meta:
    """What the template recorded about itself: which form it is and for whom."""

    edition: str
    directions: tuple[str, ...]
    body_type: str
    period: int
    toolkit_version: str
    body_code: str = ""  # the body the template was issued to (`template --body`); empty for a blank
    body_name: str = ""


@dataclass(frozen=True, slots=True)
class RawCell:
    """A value exactly as the workbook holds it, before any checking."""

    value: Any
    where: CellRef


@dataclass(frozen=True, slots=True)
class PenaltyRow:
    """One row of «Акт сверки» as typed; `where` is the row's first data cell."""

    direction: Any
    kind: Any
    text: Any
    row: int
    sheet: str


@dataclass(frozen=True, slots=True)
class AppealRow:
    """One row of «Обжалование» (Прил. 14) as typed: values by field (layout.APPEALS_FIELDS)."""

    values: dict[str, Any]
    row: int
    sheet: str


@dataclass(frozen=True, slots=True)
class Appeal:
    """A checked row of the table of disagreements: `item` an indicator half id («P1.3:kk», «R2») or an
    input key; `value` the corrected points or input, for an accepted row."""

    direction: str
    item: str
    objection: str
    decision: str  # accepted | rejected
    value: float | None = None
    note: str = ""
    conclusion: str = ""
    where: CellRef | None = None  # the corrected value's cell (a row from `fill` is in the workbook too)
    kind: str = "indicator"  # indicator (value = its points) | input (value = the corrected input)

    @property
    def accepted(self) -> bool:
        return self.decision == "accepted"

    def to_dict(self) -> dict[str, Any]:
        out = {"direction": self.direction, "item": self.item, "objection": self.objection,
               "decision": self.decision, "value": self.value, "note": self.note}
        if self.conclusion:
            out["conclusion"] = self.conclusion
        return out


@dataclass(frozen=True, slots=True)
class ListRow:
    """One filled row of a reported list: values by field (raw from the reader, typed after validation)."""

    row: int
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ListData:
    """A list input (an Excel table): where it sits and its non-empty rows."""

    key: str
    sheet: str
    ref: str  # the table's range, header row included
    columns: dict[str, str]  # field -> column letter
    rows: tuple[ListRow, ...] = ()

    def cell(self, row: int, field_name: str) -> CellRef:
        return CellRef(self.sheet, f"{self.columns[field_name]}{row}")


@dataclass(frozen=True, slots=True)
class Document:
    """What the reader found in a workbook of ours; nothing here has been checked yet."""

    path: str
    meta: Meta
    body: Body
    cells: dict[str, RawCell]
    penalties: tuple[PenaltyRow, ...] = ()
    sheets: tuple[str, ...] = ()
    names: dict[str, CellRef | None] = field(default_factory=dict)
    lists: dict[str, ListData] = field(default_factory=dict)
    stated: dict[str, RawCell] = field(default_factory=dict)  # «Инструкция» as typed: body.name, body.code
    appeals: tuple[AppealRow, ...] = ()  # «Обжалование» as typed (Прил. 14)


@dataclass(frozen=True, slots=True)
class PenaltyFact:
    """A row of «Акт сверки»: a fact that deducts points from a direction, with its cell."""

    direction: str
    kind: str
    text: str
    where: CellRef | None = None

    def to_dict(self) -> dict[str, str]:
        return {"direction": self.direction, "kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Inputs:
    """Checked inputs: numbers by key, the cell each came from, and the reconciliation-act facts."""

    meta: Meta
    body: Body
    values: dict[str, Any]
    cells: dict[str, CellRef]
    penalties: tuple[PenaltyFact, ...] = ()
    lists: dict[str, ListData] = field(default_factory=dict)
    exceptions: tuple[str, ...] = ()  # the body's special cases from the registry (national_bank, defence…)
    sources: dict[str, str] = field(default_factory=dict)  # key → where a value without a cell came from
    appeals: tuple[Appeal, ...] = ()  # the checked rows of «Обжалование» (Прил. 14)
