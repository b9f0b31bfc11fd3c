"""Hand-built openness inputs for the rule tests: a perfect CGO and MIO, and row factories.

`build(body_type, **changes)` starts from a report that earns every point (O = 100 − 0) and lets a
test state only what it varies:

- a scalar by its catalog symbol: ``build("cgo", q_received_kk=10, posts_ru=26)``;
- a whole list by its key without the «openness.» prefix, dots as underscores:
  ``build("cgo", open_data_publications=[pub(), pub(placed_kk=None)])``;
- any input by its full key in ``extra`` (the assessor's manual peer averages);
- ``exceptions=("defence",)`` and ``penalties=(PenaltyFact(...),)`` as the `Inputs` fields.

Rows are plain dicts; every column the catalog defines and the row does not give is None (an
empty cell). Nothing here scores anything: the expected points live, hand-computed, in the tests.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from toolkit.catalog import load_catalog
from toolkit.engine.inputs import Body, Inputs, ListData, ListRow, Meta, PenaltyFact
from toolkit.engine.scoring import DirectionScore, IndicatorScore, score

CATALOG = load_catalog("2023-01")
OPENNESS = CATALOG.direction("openness")
PERIOD = 2022
FIRST_ROW = 5  # sheet row of a list's first data row (any number will do)

# --- row factories: each gives a row that earns its points, overridden by keyword ---------------


def pub(**over: Any) -> dict[str, Any]:
    """A publication of the Единый перечень placed on time, correct, by API, in both languages."""
    row = {"dataset": "Набор", "data_period": "январь 2022", "deadline": date(2022, 2, 10),  # Thursday
           "link": "https://data.egov.kz/x", "placed_kk": date(2022, 2, 9), "placed_ru": date(2022, 2, 9),
           "correct_kk": True, "correct_ru": True, "api": True}
    return {**row, **over}


def request(**over: Any) -> dict[str, Any]:
    row = {"received": date(2022, 5, 4), "content": "Данные", "channel": "portal", "decision": "Опубликовано",
           "published_kk": True, "published_ru": True}
    return {**row, **over}


def need(kind: int, day: date, **over: Any) -> dict[str, Any]:
    row = {"kind": kind, "date": day, "description": "Мероприятие", "link_kk": "https://kk", "link_ru": "https://ru"}
    return {**row, **over}


def all_needs(**over: Any) -> list[dict[str, Any]]:
    """The three requirements of P1.5 met: kinds 1 and 2 in each half-year, one kind-3 post."""
    return [need(1, date(2022, 3, 10), **over), need(1, date(2022, 9, 10), **over),
            need(2, date(2022, 4, 12), **over), need(2, date(2022, 10, 12), **over),
            need(3, date(2022, 11, 1), **over)]


def doc(kind: str, **over: Any) -> dict[str, Any]:
    """A budget document placed on time and correct in both languages.

    Audit results and the strategic-plan report count 15 working days from `formed`: formed on
    Wednesday 1 June 2022, placed Friday 10 June (the 7th working day). The others have a deadline.
    """
    row = {"kind": kind, "title": f"Документ {kind}", "formed": None, "deadline": date(2022, 4, 20),  # Wednesday
           "link": "https://budget", "placed_kk": date(2022, 4, 18), "placed_ru": date(2022, 4, 18),
           "correct_kk": True, "correct_ru": True}
    if kind in ("audit", "strategic"):
        row.update(formed=date(2022, 6, 1), deadline=None, placed_kk=date(2022, 6, 10), placed_ru=date(2022, 6, 10))
    return {**row, **over}


STATEMENTS = ("balance", "results", "cash", "equity", "notes")


def cgo_documents() -> list[dict[str, Any]]:
    return [doc(k) for k in STATEMENTS] + [doc("strategic"), doc("audit"), doc("citizens")]


def program(code: str = "001", **over: Any) -> dict[str, Any]:
    """A budget program: report before 1 April of the next year, draft on time, both correct and announced."""
    row = {"code": code, "name": f"Программа {code}", "council": None,
           "report_kk": date(2022, 3, 1), "report_ru": date(2022, 3, 1),
           "report_correct_kk": True, "report_correct_ru": True,
           "draft_deadline": date(2022, 5, 13),  # Friday
           "draft_kk": date(2022, 5, 12), "draft_ru": date(2022, 5, 12),
           "draft_correct_kk": True, "draft_correct_ru": True, "announced_kk": True, "announced_ru": True}
    return {**row, **over}


def comment(answered: bool = True, **over: Any) -> dict[str, Any]:
    row = {"received": date(2022, 6, 1), "document": "Проект", "link": None, "answered": answered}
    return {**row, **over}


def draft(kind: str = "act", **over: Any) -> dict[str, Any]:
    """A draft placed with its explanatory note (and comparative table), correct forms, announced."""
    row = {"title": f"Проект {kind}", "kind": kind, "amends": False, "link": "https://legalacts",
           "placed_kk": date(2022, 7, 1), "placed_ru": date(2022, 7, 1), "explanatory": True, "comparative": None,
           "form_kk": True, "form_ru": True, "announced_kk": True, "announced_ru": True}
    return {**row, **over}


def support(category: str = "1", kk: bool = True, ru: bool = True, **over: Any) -> dict[str, Any]:
    row = {"date": date(2022, 8, 1), "draft": "Проект закона", "event": "Брифинг", "category": category,
           "lang_kk": kk, "lang_ru": ru, "link": None}
    return {**row, **over}


def conference(kk: bool = True, ru: bool = True, **over: Any) -> dict[str, Any]:
    row = {"date": date(2022, 9, 1), "kind": "conference", "topic": "Тема", "lang_kk": kk, "lang_ru": ru,
           "participants": 100, "link": None}
    return {**row, **over}


def media_request(**over: Any) -> dict[str, Any]:
    row = {"number": "1", "outlet": "СМИ", "received": date(2022, 9, 1), "deadline": date(2022, 9, 8),  # Thursday
           "answered": date(2022, 9, 7)}
    return {**row, **over}


def org(**over: Any) -> dict[str, Any]:
    """A subordinate organisation with no violation."""
    row = {"name": "Организация", "site": None, "answered_kk": 100, "answered_ru": 100}
    for field in ("no_info", "no_sets", "late_sets", "wrong_sets", "no_blog"):
        row[f"{field}_kk"] = row[f"{field}_ru"] = False
    return {**row, **over}


# --- the perfect reports ------------------------------------------------------------------------

PERFECT_SCALARS: dict[str, Any] = {
    "no_sets": False, "budget_secret": False, "no_audit": False, "nothing_planned": False,
    "q_received_kk": 10, "q_received_ru": 10, "q_answered_kk": 10, "q_answered_ru": 10,
    "q_late_kk": 0, "q_late_ru": 0, "q_rated_kk": 10, "q_rated_ru": 10, "q_disliked_kk": 0, "q_disliked_ru": 0,
    "posts_kk": 60, "posts_ru": 60,
    "meetings_open": 4, "meetings_streamed_kk": 4, "meetings_streamed_ru": 4,
    "pm_scheduled": 4, "pm_held": 4, "pm_plan": 4, "pm_reception": 4, "pm_ngo": 4,
    "events_total": 12, "events_public_kk": 12, "events_public_ru": 12,
    **{f"site_{s}_{lang}": 1 for s in ("contacts", "budget", "inspections", "rulemaking", "statistics", "questions")
       for lang in ("kk", "ru")},
    "survey_media": 100, "survey_population": 85,
}


def perfect_lists(body_type: str) -> dict[str, list[dict[str, Any]]]:
    cgo = body_type == "cgo"
    lists = {
        "open_data_publications": [pub(dataset="A"), pub(dataset="B")],
        "open_data_requests": [request()],
        "open_data_events": all_needs(),
        "budget_documents": cgo_documents() if cgo else [doc("audit"), doc("citizens")],
        "budget_programs": [program("001")],
        "budget_comments": [comment()],
        "npa_drafts": [draft("concept"), draft("law", amends=True, comparative=True)] if cgo else [draft("act")],
        "npa_comments": [comment()],
        "dialogue_conferences": [conference()],
        "media_requests": [media_request()],
    }
    if cgo:
        lists["npa_events"] = [support("1")]
        lists["subordinate_organisations"] = [org()]
    return lists


def short_name(list_key: str) -> str:
    return list_key.removeprefix("openness.").replace(".", "_")


def build(body_type: str = "cgo", *, exceptions: tuple[str, ...] = (), penalties: tuple[PenaltyFact, ...] = (),
          extra: dict[str, Any] | None = None, code: str = "X", period: int = PERIOD, **changes: Any) -> Inputs:
    """The perfect report of `body_type` with `changes` (symbols or short list names) applied."""
    lists = perfect_lists(body_type)
    scalars = dict(PERFECT_SCALARS)
    for name, value in changes.items():
        if name in lists or name in ("npa_events", "subordinate_organisations"):
            lists[name] = value
        else:
            OPENNESS.input_by_symbol(name)  # a typo fails here, not as a silently ignored value
            scalars[name] = value
    keys = {spec.symbol: spec.key for spec in OPENNESS.inputs_for(body_type)}
    values = {keys[s]: v for s, v in scalars.items() if s in keys and v is not None}
    values.update(extra or {})
    data = {spec.key: _list_data(spec.key, lists.get(short_name(spec.key), []))
            for spec in OPENNESS.lists_for(body_type)}
    return Inputs(meta=Meta("2023-01", ("openness",), body_type, period, "t"), body=Body("X", body_type, code),
                  values=values, cells={}, penalties=penalties, lists=data, exceptions=exceptions)


def _list_data(key: str, rows: list[dict[str, Any]]) -> ListData:
    spec = OPENNESS.list_by_key(key)
    fields = [c.field for c in spec.columns]
    typed = []
    for n, row in enumerate(rows):
        unknown = set(row) - set(fields)
        if unknown:
            raise KeyError(f"{key}: unknown field(s) {sorted(unknown)}")
        typed.append(ListRow(FIRST_ROW + n, {f: row.get(f) for f in fields}))
    return ListData(key, spec.sheet, "A1:Z2", columns={}, rows=tuple(typed))


# --- reading results ----------------------------------------------------------------------------


def direction(inputs: Inputs, peers: Any = None) -> DirectionScore:
    return score(inputs, CATALOG, peers).directions["openness"]


def halves(result: DirectionScore) -> dict[str, IndicatorScore]:
    return {i.id: i for c in result.criteria for i in c.indicators}


def criteria(result: DirectionScore) -> dict[str, Any]:
    """Criterion id -> exact points (Fraction)."""
    return {c.id: c.exact for c in result.criteria}
