"""The methodology as plain, frozen data: what the engine reads, never what it computes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from toolkit.rules.base import Rule
    from toolkit.rules.expr import Expr

from toolkit.catalog.names import BODY_TYPES, DIRECTIONS, LANGUAGES  # noqa: F401 - re-exported


@dataclass(frozen=True, slots=True)
class InputSpec:
    """A scalar input; `key` is also the Excel defined name of its cell.

    `type` is what the cell holds (count: a whole number ≥ 0; yesno: «Да»/«Нет»; fraction: 0–1;
    percent: 0–100); `owner` says who fills it (the body, or the assessor on a sheet locked for the
    body); `optional` inputs may stay empty (manual peer averages).
    """

    key: str
    symbol: str
    label: str
    note: str
    type: str = "count"
    sheet: str = ""
    owner: str = "body"
    optional: bool = False
    source: str = ""
    body_types: tuple[str, ...] = ("cgo", "mio")
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a drop-down: `code` is what rules compare, `label` what the clerk picks."""

    code: str
    label: str
    value: float | None = None
    body_types: tuple[str, ...] = ("cgo", "mio")


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a reported list: text, date, yesno, url, choice, count or percent."""

    field: str
    label: str
    type: str
    note: str
    required: bool = False
    window: str | None = None
    not_before: str | None = None
    requires: str | None = None
    choices: tuple[Choice, ...] = ()
    required_when: Expr | None = None  # a row condition under which the column must be filled
    width: float | None = None  # characters, where the type's default would not fit (a list of two columns)

    def choices_for(self, body_type: str) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if body_type in c.body_types)


@dataclass(frozen=True, slots=True)
class ListSpec:
    """A list the body reports (Прил. 9): one Excel table, one row per item.

    Each list is the last thing on its sheet so that it grows like any Excel table: the first list of
    an appendix table shares the table's sheet (below its scalar inputs); any further list has a sheet
    of its own, `own_sheet` (names per body type). `empty` says what an empty list is: "error" (a
    required section), "warning" (allowed, but worth a look) or "" (allowed). `required_rows` are items
    every report must list, whatever the body chooses (values of the `required_field` choice column):
    the template lists them in advance and leaving one out is an error, so omitting never raises a
    score. `rows` is only how many empty rows the template formats in advance.
    """

    key: str
    sheet: str
    title: str
    source: dict[str, str]
    note: str
    columns: tuple[Column, ...]
    empty: str = ""
    rows: int = 30
    unique: tuple[str, ...] = ()
    body_types: tuple[str, ...] = ("cgo", "mio")
    own_sheet: dict[str, str] | None = None
    required_field: str = ""
    required_rows: tuple[str, ...] = ()
    empty_why: str = ""  # the warning's words: when an empty list is legitimate
    required_except: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item -> registry exceptions
    named_by: tuple[str, ...] = ()  # the text fields that name an item in a conclusion, the first quoted (default: first text column)

    def required_for(self, body_type: str, exceptions: tuple[str, ...] = ()) -> tuple[Choice, ...]:
        """The required items of a body, as choices of the required field, in catalog order; an item is
        not required of a body whose registry exceptions make its indicators not applicable."""
        if not self.required_field:
            return ()
        allowed = {c.code: c for c in self.column(self.required_field).choices_for(body_type)}
        return tuple(allowed[code] for code in self.required_rows
                     if code in allowed and not set(self.required_except.get(code, ())) & set(exceptions))

    @property
    def table_name(self) -> str:
        return self.key.replace(".", "_")

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


@dataclass(frozen=True, slots=True)
class ReportSheet:
    """A sheet of the report in the order of the appendix; `owner` assessor means locked for the body."""

    id: str
    name: dict[str, str]
    title: dict[str, str]
    source: dict[str, str]
    owner: str = "body"
    body_types: tuple[str, ...] = ("cgo", "mio")
    filled_by: str = ""  # who fills a body-side sheet when it is not the body itself (the Ministry, п.24)


@dataclass(frozen=True, slots=True)
class DateWindow:
    """A named span of dates a list column must fall in (the period, a quarter), from the catalog."""

    id: str
    start: tuple[int, int, int]  # (year offset from the period, month, day)
    end: tuple[int, int, int]
    label: str

    def dates(self, period: int) -> tuple[date, date]:
        """First and last allowed day for a report of `period`."""
        (ys, ms, ds), (ye, me, de) = self.start, self.end
        return date(period + ys, ms, ds), date(period + ye, me, de)


@dataclass(frozen=True, slots=True)
class Measure:
    """A number the rules read, counted from a list (`count`, `mean`) or computed from others (`value`)."""

    symbol: str
    label: str
    kind: str  # count | mean | value
    list_key: str | None = None
    where: Expr | None = None
    field: str | None = None  # mean: the choice column whose values are averaged
    expr: Expr | None = None
    lang: str = ""
    missing: str = ""  # what a row it does not count lacks, as the conclusion names such rows
    bands: tuple[tuple[float, float], ...] = ()  # mean of a number column through (lower bound, value) steps



@dataclass(frozen=True, slots=True)
class Check:
    """A cross-input constraint: sum(left) <= sum(right), by symbol."""

    id: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: str


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """When an indicator is not assessed for a body (rule 1.5): registry exceptions or a flag."""

    exceptions: tuple[str, ...] = ()
    when: Expr | None = None


@dataclass(frozen=True, slots=True)
class Half:
    """One language half of an indicator («P1.1:kk»), or the whole of a language-free one (lang "")."""

    lang: str
    rule: Rule
    zero_if: Expr | None = None
    max_if: Expr | None = None
    not_applicable: NotApplicable | None = None
    notes: tuple[tuple[Expr, str], ...] = ()  # (condition, text): a special case the rule handles silently

    def symbols(self) -> tuple[str, ...]:
        names = list(self.rule.symbols())
        for extra in (self.zero_if, self.max_if, self.not_applicable.when if self.not_applicable else None,
                      *(when for when, _ in self.notes)):
            if extra is not None:
                names += extra.names
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class Indicator:
    """A scored indicator of a criterion: its maximum per body type and its language halves."""

    id: str
    title: str
    max_by_type: dict[str, float]  # per half
    halves: tuple[Half, ...]
    source: str = ""
    interpretations: tuple[str, ...] = ()
    bonus: bool = False
    factor: bool = False  # a multiplier in the criterion's `combine` (P6 C), not points
    advice: str = ""  # the conclusion's recommendation when this indicator lost points (one clause, lower case)
    text: str = ""  # the rule as the methodology writes it, where the generated wording would hide it (K3)

    def describe(self, half: Half, maximum: float) -> str:
        return self.text or half.rule.describe(maximum)

    def max_for(self, body_type: str) -> float:
        return self.max_by_type[body_type]

    def applies_to(self, body_type: str) -> bool:
        return body_type in self.max_by_type

    def half_id(self, half: Half) -> str:
        return f"{self.id}:{half.lang}" if half.lang else self.id


@dataclass(frozen=True, slots=True)
class Criterion:
    """A criterion of a direction: its indicators, how they combine, and whether it deducts."""

    id: str
    title: str
    source: str
    max_by_type: dict[str, float]
    indicators: tuple[Indicator, ...] = ()
    interpretations: tuple[str, ...] = ()
    penalty: bool = False
    combine: Expr | None = None  # how indicators make the criterion when not a plain sum (P6)

    def max_for(self, body_type: str) -> float:
        return self.max_by_type[body_type]

    def applies_to(self, body_type: str) -> bool:
        return body_type in self.max_by_type

    def indicators_for(self, body_type: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.applies_to(body_type))

    @property
    def rule(self) -> Rule | None:
        """The rule of a criterion that is one indicator with no language halves (complaints R1–R4)."""
        if len(self.indicators) == 1 and len(self.indicators[0].halves) == 1:
            return self.indicators[0].halves[0].rule
        return None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A reconstructed formula's alternative (METHODOLOGY §7): a number, or one of named `forms`."""

    id: str
    value: float | str
    source: str
    text: str
    forms: dict[str, str] = field(default_factory=dict)
    form_texts: dict[str, str] = field(default_factory=dict)  # the forms as the rule's Russian text shows them

    @property
    def expression(self) -> str:
        """What «{id}» stands for in the direction's rules."""
        if self.forms:
            return f"({self.forms[str(self.value)]})"
        return repr(float(self.value))

    @property
    def display(self) -> str:
        """What «{id}» stands for in an indicator's `text`: the form in words, or the number with a comma."""
        if self.forms:
            return self.form_texts.get(str(self.value), self.forms[str(self.value)])
        return f"{float(self.value):g}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class Direction:
    """One direction of the block (services, openness, complaints): inputs, lists, criteria."""

    id: str
    title: str
    short: str
    source: str
    report_appendix: str
    conclusion_appendix: dict[str, str]
    max: float
    inputs: tuple[InputSpec, ...] = ()
    checks: tuple[Check, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    languages: dict[str, str] = field(default_factory=dict)
    sheets: tuple[ReportSheet, ...] = ()
    lists: tuple[ListSpec, ...] = ()
    measures: tuple[Measure, ...] = ()
    date_windows: dict[str, DateWindow] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    # the inputs' symbols are the methodology's own (m, p, f…), shown to the clerk; otherwise they are
    # program names that stay out of sight (the clerk sees labels only)
    symbols_shown: bool = False

    def criteria_for(self, body_type: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.applies_to(body_type))

    def inputs_for(self, body_type: str) -> tuple[InputSpec, ...]:
        return tuple(i for i in self.inputs if body_type in i.body_types)

    def lists_for(self, body_type: str) -> tuple[ListSpec, ...]:
        return tuple(lst for lst in self.lists if body_type in lst.body_types)

    def sheets_for(self, body_type: str) -> tuple[ReportSheet, ...]:
        return tuple(s for s in self.sheets if body_type in s.body_types)

    def input_by_symbol(self, symbol: str) -> InputSpec:
        return next(i for i in self.inputs if i.symbol == symbol)

    def list_by_key(self, key: str) -> ListSpec:
        return next(lst for lst in self.lists if lst.key == key)

    @property
    def has_peer_averages(self) -> bool:
        """True when some indicator may be not applicable, so batches need their peer pass (rule 1.5)."""
        return any(h.not_applicable is not None for c in self.criteria for i in c.indicators for h in i.halves)

    @property
    def scorable(self) -> bool:
        """True when every criterion has its rules; later editions of the catalog fill the rest in."""
        return bool(self.criteria) and all(c.indicators for c in self.criteria)


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade and the lowest score that earns it."""

    id: str
    label: str
    min: float


@dataclass(frozen=True, slots=True)
class PenaltyKind:
    """A kind of fact from «Акт сверки» and the points it deducts."""

    id: str
    label: str
    points: float


@dataclass(frozen=True, slots=True)
class Interpretation:
    """A reading of the methodology the catalog fixed where the text is silent or ambiguous."""

    id: str
    kind: str  # "interpretation" or "reconstructed"
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class Catalog:
    """One edition of the methodology as data: directions, weights, grades, penalties."""

    edition: str
    title: str
    block_title: str
    weights: dict[str, dict[str, float]]
    body_types: dict[str, str]
    grades: tuple[GradeBand, ...]
    grade_rounding: int
    penalty_kinds: dict[str, PenaltyKind]
    penalty_cap: float
    interpretations: dict[str, Interpretation]
    directions: Mapping[str, Direction] = field(default_factory=dict)  # from the compiled copy: compiled.Deferred
    titles: dict[str, str] = field(default_factory=dict)  # each direction's title, without loading the direction

    def direction(self, direction_id: str) -> Direction:
        return self.directions[direction_id]

    def title_of(self, direction_id: str) -> str:
        """A direction's title: a note about the directions a body lacks need not load them (issue 15)."""
        return self.titles.get(direction_id) or self.directions[direction_id].title

    def direction_id(self, text: object) -> str | None:
        """The direction named by its id or by its title, as the «Акт сверки» drop-down shows it."""
        return next((d.id for d in self.directions.values() if text in (d.id, d.title)), None)

    def penalty_kind_id(self, text: object) -> str | None:
        """The penalty kind named by its id or by its label, as the «Акт сверки» drop-down shows it."""
        return next((k.id for k in self.penalty_kinds.values() if text in (k.id, k.label)), None)
