"""Openness in «Баллы», «Заключение» and `explain`, from hand-built inputs (no workbook reader needed).

Covers METHODOLOGY §3 (O = P1 + … + P6 − P7, п.91; halves per language, Прил. 10 tables 1–11; P1
bonus cap, Прил. 10 табл. 1 стр. 6; P6 = (A + B) × C + D, п.80–85; P7 a deduction up to 9 for CGO and
0 for MIO, Прил. 10 табл. 8 прим. *; max_if / zero_if; rule 1.5 peer averages), rule 1.3 (акт сверки)
and the Прил. 8 conclusion form (appendix.md §3): the criteria table with the two language columns,
the totals, the analysis naming the list items that lost points, recommendations and signatures.

Every half of «Баллы» carries an Excel formula over the body's cells and the «Показатели, рассчитанные
по спискам» block; the `formulas` package and LibreOffice recompute each of them (and the criterion
and direction totals) and must agree with the Python points to 1e-9.

Points by hand for the CGO body below (period 2022):
  P1: kk 2.5·2/4 + 0 + 3·2/4 + 2·1/2 + 0.5·2/3 + 1·2/4 = 4.58333; ru 2.5·3/4 + 1 + 3·2/4 + 2 + 0.5 + 0.5
      = 7.375 → 11.958333 (set A is due Sat 9.04 and placed Mon 11.04: on time, п.62).
  P2: 13.6   P3: 14.966667   P4: kk 0 (dislikes 1·10 > 5, п.74) + 0 + 0.5 + 0.75 + 0.5 + 0.375 + 0.5
      + 0.25; ru 2.5 + 1.5 + 1.5 + 1.5 + 0.5 + 0.375 + 0.5 + 0.25 → 11.5   P5: 17.25
  P6: A = 2.5·6/12 + 2.5·12/12 = 3.75, B = 2·(3 − 1)/4 = 1, C = 0.8, D = 2·1 → (3.75 + 1)·0.8 + 2 = 5.8
  P7: 1.5·1/2 + 1·1/2 = 1.25 → O = 75.075 − 1.25 = 73.825; акт сверки 0.2 → 73.625 (средняя).
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter
from recalc import convert_with_libreoffice, formula_results, needs_libreoffice

from toolkit.analysis import ANALYSIS, RECOMMENDATIONS
from toolkit.analysis.openness import paragraphs, rows_text
from toolkit.catalog import load_catalog
from toolkit.explain import explain_result
from toolkit.engine.inputs import Body, Inputs, ListData, ListRow, Meta, PenaltyFact
from toolkit.problems import CellRef
from toolkit.engine.scoring import score
from toolkit.sheets.conclusion import conclusion_sheet
from toolkit.sheets.journal import journal_entry
from toolkit.sheets.model import SheetSpec
from toolkit.sheets.scores import FORMULA_COLUMN, POINTS_COLUMN, scores_sheet
from toolkit.workbook.layout import CONCLUSION_SHEET, SCORES_SHEET
from toolkit.workbook.writer import write_scored

CATALOG = load_catalog("2023-01")
OPEN = CATALOG.direction("openness")
TOLERANCE = 1e-9
Y, N = True, False


# ---- building inputs by hand: scalars on their sheets from C6 down, lists at fixed rows


def _sheet(sheet_id: str, body_type: str) -> str:
    return next(s.name[body_type] for s in OPEN.sheets if s.id == sheet_id)


def _list(key: str, body_type: str, first: int, rows: list[dict[str, Any]]) -> ListData:
    spec = OPEN.list_by_key(key)
    columns = {c.field: get_column_letter(i) for i, c in enumerate(spec.columns, 1)}
    data = tuple(ListRow(first + i, {c.field: r.get(c.field) for c in spec.columns}) for i, r in enumerate(rows))
    return ListData(key, _sheet(spec.sheet, body_type), f"A{first - 1}:{get_column_letter(len(columns))}{first + 30}",
                    columns, data)


def _docs(body_type: str) -> list[dict[str, Any]]:
    rows = []
    if body_type == "cgo":
        for kind, title in (("balance", "Баланс"), ("results", "Отчет о результатах"), ("cash", "Отчет о движении денег"),
                            ("equity", "Отчет об изменениях капитала"), ("notes", "Пояснительная записка")):
            rows.append(dict(kind=kind, title=title, deadline=date(2022, 4, 30), placed_kk=date(2022, 4, 20),
                             placed_ru=date(2022, 4, 20), correct_kk=Y, correct_ru=Y))
        rows[2].update(placed_kk=None, correct_kk=None)  # the cash-flow statement is missing in Kazakh
        rows.append(dict(kind="strategic", title="Отчет о стратегическом плане", formed=date(2022, 3, 1),
                         placed_kk=date(2022, 3, 10), placed_ru=date(2022, 3, 10), correct_kk=Y, correct_ru=Y))
    rows.append(dict(kind="audit", title="Аудит Счетного комитета", formed=date(2022, 5, 4), placed_kk=date(2022, 6, 20),
                     placed_ru=date(2022, 5, 10), correct_kk=Y, correct_ru=Y))
    rows.append(dict(kind="citizens", title="Гражданский бюджет", deadline=date(2022, 12, 1), placed_kk=date(2022, 11, 1),
                     placed_ru=date(2022, 11, 1), correct_kk=Y, correct_ru=Y))
    return rows


PUBLICATIONS = [
    dict(dataset="Набор A", data_period="I кв. 2022", deadline=date(2022, 4, 9), placed_ru=date(2022, 4, 11), correct_ru=Y, api=N),
    dict(dataset="Набор B", data_period="2022", deadline=date(2022, 6, 30), placed_kk=date(2022, 6, 30),
         placed_ru=date(2022, 7, 15), correct_kk=Y, correct_ru=Y, api=Y),
    dict(dataset="Набор C", data_period="2022", deadline=date(2022, 9, 30), placed_kk=date(2022, 9, 1),
         placed_ru=date(2022, 9, 1), correct_kk=N, correct_ru=Y, api=Y),
    dict(dataset="Набор D", data_period="2022", deadline=date(2022, 10, 3), api=N),
]
PROGRAM = dict(report_kk=date(2022, 3, 20), report_ru=date(2022, 3, 20), report_correct_kk=Y, report_correct_ru=Y,
               draft_deadline=date(2022, 5, 1), draft_kk=date(2022, 4, 25), draft_ru=date(2022, 4, 25),
               draft_correct_kk=Y, draft_correct_ru=Y, announced_kk=Y, announced_ru=Y)
ORG = dict(no_info_kk=N, no_info_ru=N, no_sets_kk=N, no_sets_ru=N, late_sets_kk=N, late_sets_ru=N, wrong_sets_kk=N,
           wrong_sets_ru=N, no_blog_kk=N, no_blog_ru=N, answered_kk=100, answered_ru=100)


def lists(body_type: str, publications: list[dict[str, Any]] = PUBLICATIONS) -> dict[str, ListData]:
    drafts = [dict(title="Проект закона о доступе", kind="law", amends=Y, placed_kk=date(2022, 4, 1), placed_ru=date(2022, 4, 1),
                   explanatory=Y, comparative=Y, form_kk=Y, form_ru=Y, announced_kk=Y, announced_ru=Y),
              dict(title="Концепция законопроекта", kind="concept", amends=N, placed_kk=date(2022, 5, 1),
                   placed_ru=date(2022, 5, 1), explanatory=Y, form_kk=Y, form_ru=Y, announced_kk=N, announced_ru=Y),
              dict(title="Приказ о правилах", kind="act", amends=Y, placed_ru=date(2022, 6, 1), explanatory=Y,
                   comparative=N, form_ru=N, announced_kk=Y, announced_ru=Y)]
    if body_type == "mio":
        drafts = [dict(d, kind="act") for d in drafts]
    spec = {
        "openness.open_data.publications": (40, publications),
        "openness.open_data.requests": (80, [dict(received=date(2022, 3, 1), content="Реестр лицензий", channel="portal",
                                                   decision="опубликовано", published_kk=N, published_ru=Y)]),
        "openness.open_data.events": (120, [
            dict(kind=1, date=date(2022, 2, 1), description="Опрос 1", link_kk="https://a/1", link_ru="https://a/1r"),
            dict(kind=1, date=date(2022, 9, 1), description="Опрос 2", link_ru="https://a/2r"),
            dict(kind=2, date=date(2022, 3, 1), description="Хакатон", link_kk="https://a/3", link_ru="https://a/3r"),
            dict(kind=2, date=date(2022, 10, 1), description="Data-лаб", link_kk="https://a/4", link_ru="https://a/4r"),
            dict(kind=3, date=date(2022, 11, 1), description="Запись в блоге", link_kk="https://a/5", link_ru="https://a/5r")]),
        "openness.budget.documents": (200, _docs(body_type)),
        "openness.budget.programs": (250, [dict(PROGRAM, code="001", name="Программа управления"),
                                           dict(PROGRAM, code="002", name="Программа развития", draft_ru=date(2022, 5, 20),
                                                draft_correct_ru=N, announced_kk=N)]),
        "openness.budget.comments": (300, [dict(received=date(2022, 5, 1), document="Проект 001", answered=Y),
                                           dict(received=date(2022, 5, 2), document="Проект 002", answered=N)]),
        "openness.npa.drafts": (350, drafts),
        "openness.npa.comments": (420, [dict(received=date(2022, 4, 5), document="Проект закона о доступе", answered=Y)]),
        "openness.dialogue.conferences": (500, [dict(date=date(2022, 6, 1), kind="survey", topic="Опрос о сервисах",
                                                     lang_kk=N, lang_ru=Y, participants=40)]),
        "openness.media.requests": (550, [
            dict(number="15-01", outlet="Газета", received=date(2022, 2, 1), deadline=date(2022, 2, 8), answered=date(2022, 2, 7)),
            dict(number="15-02", outlet="Сайт", received=date(2022, 3, 1), deadline=date(2022, 3, 9), answered=date(2022, 3, 15)),
            dict(number="15-03", outlet="ТВ", received=date(2022, 4, 1), deadline=date(2022, 4, 8)),
            dict(number="15-04", outlet="Радио", received=date(2022, 5, 3), deadline=date(2022, 5, 10), answered=date(2022, 5, 5))]),
    }
    if body_type == "cgo":
        spec["openness.npa.events"] = (460, [
            dict(date=date(2022, 4, 10), draft="Проект закона о доступе", event="Брифинг", category="1", lang_kk=Y, lang_ru=Y),
            dict(date=date(2022, 4, 20), draft="Проект закона о доступе", event="Круглый стол", category="0.6", lang_kk=N, lang_ru=Y)])
        spec["openness.subordinate.organisations"] = (600, [dict(ORG, name="РГП «Центр»", no_info_kk=Y, answered_ru=80),
                                                            dict(ORG, name="АО «Институт»")])
    return {key: _list(key, body_type, first, rows) for key, (first, rows) in spec.items()}


SCALARS = {
    "dialogue.questions_received_kk": 10, "dialogue.questions_answered_kk": 9, "dialogue.questions_late_kk": 1,
    "dialogue.questions_rated_kk": 5, "dialogue.questions_disliked_kk": 1, "dialogue.questions_received_ru": 20,
    "dialogue.questions_answered_ru": 20, "dialogue.blog_posts_kk": 12, "dialogue.blog_posts_ru": 60,
    "dialogue.open_meetings_held": 4, "dialogue.open_meetings_streamed_kk": 2, "dialogue.open_meetings_streamed_ru": 4,
    "dialogue.population_scheduled": 4, "dialogue.population_held": 4, "dialogue.population_with_plan": 3,
    "dialogue.population_with_reception": 4, "dialogue.population_with_ngo": 2,
    "media.events_total": 10, "media.events_public_kk": 6, "media.events_public_ru": 12,
    "site.contacts_kk": 0.5, "media.survey_media": 80.0, "media.survey_population": 70.0,
}
DEFAULTS = {"yesno": False, "count": 0, "fraction": 1.0, "percent": 100.0}


def make_inputs(body_type: str = "cgo", exceptions: tuple[str, ...] = (), facts: tuple[PenaltyFact, ...] = (),
                publications: list[dict[str, Any]] = PUBLICATIONS, **over: Any) -> Inputs:
    """`over`: values by key without the «openness.» prefix (yes/no as bool)."""
    values, cells, next_row = {}, {}, {}
    for spec in OPEN.inputs_for(body_type):
        if spec.optional:
            continue
        sheet = _sheet(spec.sheet, body_type)
        next_row[sheet] = next_row.get(sheet, 5) + 1
        cells[spec.key] = CellRef(sheet, f"C{next_row[sheet]}")
        short = spec.key.removeprefix("openness.")
        values[spec.key] = over.get(short, SCALARS.get(short, DEFAULTS[spec.type]))
    name = "Министерство тестов" if body_type == "cgo" else "Акимат тестовой области"
    return Inputs(Meta("2023-01", ("openness",), body_type, 2022, "test"), Body(name, body_type), values, cells,
                  facts, lists(body_type, publications), exceptions)


FACT = PenaltyFact("openness", "unreliable", "Недостоверные сведения о наборе B")


@pytest.fixture(scope="module")
def cgo() -> tuple[Inputs, Any]:
    inputs = make_inputs("cgo", facts=(FACT,))
    return inputs, score(inputs, CATALOG)


@pytest.fixture(scope="module")
def mio() -> tuple[Inputs, Any]:
    inputs = make_inputs("mio")
    return inputs, score(inputs, CATALOG)


def rows_by_code(sheet: SheetSpec) -> dict[str, int]:
    """First column value → its row (the first occurrence: a criterion's header row before its total)."""
    out: dict[str, int] = {}
    for (row, col), cell in sorted(sheet.cells.items()):
        if col == 1 and isinstance(cell.value, str) and cell.value:
            out.setdefault(cell.value, row)
    return out


def row_of(sheet: SheetSpec, col: int, text: str) -> int:
    return next(r for (r, c), cell in sorted(sheet.cells.items()) if c == col and cell.value == text)


def measure_row(sheet: SheetSpec, result: Any, symbol: str) -> int:
    """The row of a counted number in «Показатели, рассчитанные по спискам», numbered 1, 2, … in the result's order."""
    head = row_of(sheet, 1, "Показатели, рассчитанные по спискам")
    number = list(result.directions["openness"].measures).index(symbol) + 1
    return next(r for (r, c), cell in sorted(sheet.cells.items()) if r > head and c == 1 and cell.value == number)


def value(sheet: SheetSpec, row: int, col: int) -> Any:
    cell = sheet.cells.get((row, col))
    return None if cell is None else cell.formula if cell.formula else cell.value


# ---- the engine on these inputs (the figures every later assertion rests on)


def test_engine_scores_the_hand_built_cgo_body(cgo):
    _, result = cgo
    d = result.directions["openness"]
    points = {c.id: c.points for c in d.criteria}
    expected = {"P1": 11 + 23 / 24, "P2": 13.6, "P3": 14 + 29 / 30, "P4": 11.5, "P5": 17.25, "P6": 5.8, "P7": 1.25}
    assert points == pytest.approx(expected, abs=TOLERANCE)
    assert (d.raw, d.penalty, d.score, d.grade.id) == (pytest.approx(73.825), pytest.approx(0.2), pytest.approx(73.625), "medium")
    assert not d.provisional


def test_engine_scores_the_hand_built_mio_body(mio):
    _, result = mio
    d = result.directions["openness"]
    points = {c.id: c.points for c in d.criteria}
    assert points == pytest.approx({"P1": 11 + 23 / 24, "P2": 11.75, "P3": 15.0, "P4": 12.0, "P5": 17.25, "P6": 5.8,
                                    "P7": 0.0}, abs=TOLERANCE)
    assert [c.max for c in d.criteria][-1] == 0 and not d.criteria[-1].indicators


# ---- «Баллы»


def test_rows_text_joins_runs_and_abbreviates():
    assert rows_text([12, 8, 9, 10]) == "8–10, 12"
    assert rows_text([8, 9]) == "8, 9"
    assert rows_text(range(1, 60, 2), limit=3) == "1, 3, 5 … (всего 30)"


def test_each_language_half_has_its_own_row(cgo):
    inputs, result = cgo
    sheet = scores_sheet(result, CATALOG.title, CATALOG)
    codes = rows_by_code(sheet)
    halves = [i for c in result.directions["openness"].criteria for i in c.indicators]
    assert len(halves) == 101 and all(i.id in codes for i in halves)
    row = codes["P1.1:kk"]
    assert [value(sheet, row, c) for c in (3, 6, 4)] == ["каз.", 2.5, 1.25]
    assert value(sheet, codes["P1.1:ru"], 3) == "рус." and value(sheet, codes["P1.1:ru"], POINTS_COLUMN) == 1.875
    assert value(sheet, codes["P6.C"], 3) == "—"
    # the catalog's program symbols (pub_placed_kk, pub_required) read as letters of the row, said beside their values
    assert value(sheet, row, 7) == "2,5 × (a) / (b), доля от 0 до 1; при знаменателе 0 — максимум"
    assert value(sheet, row, 8) == ("a = 2 — публикаций размещено на государственном языке (лист «1. Открытые "
                                    "данные», строки 41, 42); b = 4 — обязательных публикаций (лист «1. Открытые "
                                    "данные», строки 40–43)")
    posts = inputs.cells["openness.dialogue.blog_posts_kk"]
    label = next(i.label for i in CATALOG.direction("openness").inputs if i.key == "openness.dialogue.blog_posts_kk")
    assert value(sheet, codes["P4.3:kk"], 8) == f"a = 12 — {label} ({posts.sheet}!{posts.cell})"
    no_sets = inputs.cells["openness.open_data.no_sets_in_systems"]
    p16 = value(sheet, codes["P1.6:kk"], 8)
    assert f" = «Нет» — " in p16 and f"({no_sets})" in p16
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", " ".join(str(value(sheet, r, c)) for r in codes.values() for c in (7, 8)))
    # the note in the labels of the numbers, never the catalog's symbols (issue 11)
    assert value(sheet, codes["P4.1:kk"], 9) == ("(«из оцененных — неудовлетворительно («дизлайк») на государственном языке» "
                                                 "× 10) > «ответов, оцененных пользователями, на государственном языке»: 0 баллов")


def test_half_formulas_read_the_measure_block_and_the_body_cells(cgo):
    inputs, result = cgo
    sheet = scores_sheet(result, CATALOG.title, CATALOG)
    codes = rows_by_code(sheet)
    required, placed = measure_row(sheet, result, "pub_required"), measure_row(sheet, result, "pub_placed_kk")
    assert value(sheet, codes["P1.1:kk"], FORMULA_COLUMN) == \
        f"=IF((D{required})<=0,2.5,2.5*MAX(0,MIN(1,(D{placed})/(D{required}))))"
    no_sets = inputs.cells["openness.open_data.no_sets_in_systems"]
    api = measure_row(sheet, result, "pub_api")
    assert value(sheet, codes["P1.6:kk"], FORMULA_COLUMN) == (
        f"=IF(('{no_sets.sheet}'!{no_sets.cell}=\"Да\"),1,IF((D{required})<=0,0,1*MAX(0,MIN(1,(D{api})/(D{required})))))")
    q = {k: inputs.cells[f"openness.dialogue.questions_{k}_kk"] for k in ("disliked", "rated")}
    formula = value(sheet, codes["P4.1:kk"], FORMULA_COLUMN)
    assert formula.startswith(f"=IF((('{q['disliked'].sheet}'!{q['disliked'].cell}*10)>'{q['rated'].sheet}'!{q['rated'].cell}),0,")
    cached = sheet.cells[codes["P1.3:ru"], FORMULA_COLUMN]
    assert cached.cached == 1.5 and cached.style == "number"


def test_criterion_totals_cap_combine_and_deduct(cgo):
    _, result = cgo
    sheet = scores_sheet(result, CATALOG.title, CATALOG)
    codes = rows_by_code(sheet)
    p1 = row_of(sheet, 2, "Итого P1")
    assert value(sheet, p1, POINTS_COLUMN) == pytest.approx(11 + 23 / 24)
    assert value(sheet, p1, FORMULA_COLUMN) == f"=MIN(18,MAX(0,SUM(E{codes['P1.1:kk']}:E{codes['P1.6:ru']})))"
    p6 = row_of(sheet, 2, "Итого P6 = ((A + B) × C) + D")
    a, b, c, d = (codes[f"P6.{x}:kk"] if x != "C" else codes["P6.C"] for x in "ABCD")
    assert value(sheet, p6, FORMULA_COLUMN) == \
        f"=MIN(10,MAX(0,(((SUM(E{a}:E{a + 1})+SUM(E{b}:E{b + 1}))*SUM(E{c}:E{c}))+SUM(E{d}:E{d + 1}))))"
    assert value(sheet, p6, POINTS_COLUMN) == pytest.approx(5.8)
    p7 = row_of(sheet, 2, "Итого штрафных баллов P7 (вычитаются)")
    assert value(sheet, p7, POINTS_COLUMN) == pytest.approx(1.25)
    expected = {"Сумма критериев P1–P6": 75.075, "Вычет P7 «Открытость подведомственных организаций (штрафные баллы)»": -1.25,
                "O = P1 + P2 + P3 + P4 + P5 + P6 − P7 (до вычета штрафных баллов акта сверки)": 73.825,
                "Вычет штрафных баллов (акт сверки, п.17–21)": -0.2, "Итоговая оценка с учетом вычета": 73.625}
    got = {label: value(sheet, row_of(sheet, 2, label), POINTS_COLUMN) for label in expected}
    assert got == pytest.approx(expected)
    final = row_of(sheet, 2, "Итоговая оценка с учетом вычета")
    assert value(sheet, final, 9) == "Оценка эффективности: средняя"
    assert value(sheet, final, FORMULA_COLUMN) == f"=MAX(0,E{final - 2}+E{final - 1})"


def test_measure_block_lists_every_count_with_its_rows(cgo):
    _, result = cgo
    sheet = scores_sheet(result, CATALOG.title, CATALOG)
    measures = result.directions["openness"].measures
    head = row_of(sheet, 1, "Показатели, рассчитанные по спискам")
    listed = [value(sheet, r, 1) for r in range(head + 2, sheet.row + 1)]
    assert listed == list(range(1, len(measures) + 1))
    row = measure_row(sheet, result, "pub_placed_kk")
    assert [value(sheet, row, c) for c in (2, 3, POINTS_COLUMN, 8, 9)] == \
        ["публикаций размещено на государственном языке", "каз.", 2.0, "41, 42", "40, 43"]
    assert "(лист «1. Открытые данные»)" in value(sheet, row, 7)
    needs = measure_row(sheet, result, "needs_met_kk")
    assert value(sheet, needs, POINTS_COLUMN) == 2.0 and value(sheet, needs, FORMULA_COLUMN).startswith("=((AND(")
    assert value(sheet, measure_row(sheet, result, "org_no_info_kk"), 8) == "600"


def test_not_applicable_half_is_a_constant_with_its_note():
    """Rule 1.5: the National Bank on P2.2 gets the batch's mean; without one P2.3 stays provisional."""
    inputs = make_inputs("cgo", exceptions=("national_bank",))
    result = score(inputs, CATALOG, {"P2.2:kk": (Fraction(2, 5), 3), "P2.2:ru": (Fraction(1, 2), 3)})
    sheet = scores_sheet(result, CATALOG.title, CATALOG)
    codes = rows_by_code(sheet)
    cell = sheet.cells[codes["P2.2:kk"], FORMULA_COLUMN]
    assert (cell.formula, cell.value) == (None, 0.4)
    assert value(sheet, codes["P2.2:kk"], 9) == "не применяется к органу (Национальный Банк); средний балл 3 органов пакета (правило 1.5)"
    assert value(sheet, codes["P2.3:kk"], FORMULA_COLUMN) == 0.0
    conclusion = conclusion_sheet(result, inputs, CATALOG)
    texts = [c.value for c in conclusion.cells.values() if isinstance(c.value, str)]
    line = next(t for t in texts if t.startswith("Результат предварительный"))
    # pending: P2.3–P2.5, P2.8–P2.11 in both languages (P2.2 has the batch's mean), named by indicator
    assert line.startswith("Результат предварительный: P2.3, P2.4, P2.5, P2.8, P2.9, P2.10, P2.11 — не применяется к органу "
                           "(Национальный Банк);") and ":kk" not in line
    assert "– «Размещение гражданского бюджета» (на государственном языке и на русском языке): по 0,00 из 0,5 балла — " \
           "показатель не оценивается: не применяется к органу (Национальный Банк); средний балл органов не известен " \
           "— результат предварительный." in texts
    assert any(t.startswith("– «Размещение отчета о реализации стратегического плана в течение 15 рабочих дней со дня "
                            "формирования» (на государственном языке): 0,40 из 0,5 балла — показатель не оценивается: не применяется "
                            "к органу (Национальный Банк); средний балл 3 органов пакета") for t in texts)


def test_complaints_only_keeps_its_eight_columns():
    """The complaints layout itself is compared cell by cell in test_end_to_end."""
    complaints = CATALOG.direction("complaints")
    assert not complaints.languages
    inputs = Inputs(Meta("2023-01", ("complaints",), "cgo", 2022, "t"), Body("X", "cgo"),
                    {s.key: 1 for s in complaints.inputs}, {})
    result = score(inputs, CATALOG)
    sheet = scores_sheet(result, CATALOG.title)
    assert len(sheet.widths) == 8 and value(sheet, 6, 3) == "Макс. балл"  # row 3 holds the warnings, empty here
    assert conclusion_sheet(result, inputs, CATALOG).widths == (6, 58, 12, 12)


# ---- both engines recompute every formula of «Баллы» in a real workbook


VARIANTS = {
    "cgo": dict(facts=(FACT,)),
    "mio": dict(body_type="mio"),
    "cgo-flags": dict(**{"open_data.no_sets_in_systems": True, "budget.no_audit": True, "npa.nothing_planned": True,
                         "dialogue.questions_received_kk": 0, "dialogue.questions_answered_kk": 0,
                         "dialogue.questions_late_kk": 0, "dialogue.questions_rated_kk": 0,
                         "dialogue.questions_disliked_kk": 0, "media.survey_population": 35.0, "media.events_total": 30}),
    "cgo-empty-lists": dict(publications=[]),
}


def body_workbook(inputs: Inputs, path: Path) -> None:
    """The body's scalar cells where `inputs.cells` says, «Да»/«Нет» for yes/no, as a clerk leaves them."""
    wb = openpyxl.Workbook()
    wb.active.title = "Инструкция"
    types = {s.key: s.type for s in OPEN.inputs}
    for key, ref in inputs.cells.items():
        ws = wb[ref.sheet] if ref.sheet in wb.sheetnames else wb.create_sheet(ref.sheet)
        v = inputs.values[key]
        ws[ref.cell] = ("Да" if v else "Нет") if types[key] == "yesno" else v
    wb.save(path)


@pytest.fixture(scope="module")
def scored_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Inputs]]:
    folder = tmp_path_factory.mktemp("openness-sheets")
    out = {}
    for name, kwargs in VARIANTS.items():
        inputs = make_inputs(**kwargs)
        result = score(inputs, CATALOG)
        source, target = folder / f"{name}.xlsx", folder / f"{name}.scored.xlsx"
        body_workbook(inputs, source)
        sheets = [scores_sheet(result, CATALOG.title, CATALOG), conclusion_sheet(result, inputs, CATALOG)]
        write_scored(source, target, sheets, journal_entry(result, "0" * 64))
        out[name] = (target, inputs)
    return out


def python_points(path: Path) -> dict[str, float]:
    """F cell → the Python value beside it in E, for every formula of «Баллы»."""
    ws = openpyxl.load_workbook(path)[SCORES_SHEET]
    return {f.coordinate: e.value for e, f in ws.iter_rows(min_col=POINTS_COLUMN, max_col=FORMULA_COLUMN)
            if isinstance(f.value, str) and f.value.startswith("=")}


def assert_agree(path: Path, engine: dict[str, Any], name: str) -> None:
    python = python_points(path)
    assert len(python) > 60
    for coord, expected in python.items():
        got = engine.get(coord)
        assert isinstance(got, (int, float)) and not isinstance(got, bool), f"{coord}: {name} gave {got!r}"
        assert abs(got - expected) <= TOLERANCE, f"{SCORES_SHEET}!{coord}: {name} {got!r} ≠ Python {expected!r}"


def test_flag_variant_hits_max_if_and_zero_denominators(scored_files):
    inputs = scored_files["cgo-flags"][1]
    d = score(inputs, CATALOG).directions["openness"]
    halves = {i.id: i.points for c in d.criteria for i in c.indicators}
    assert (halves["P1.6:kk"], halves["P2.4:kk"], halves["P3.1:ru"]) == (1.0, 0.5, 1.0)
    assert halves["P3.1:kk"] == 0.0  # the concept without a Kazakh announcement: max_if needs none unannounced
    assert halves["P4.1:kk"] == 2.5 and halves["P6.D:kk"] == 0.0
    assert halves["P6.A:ru"] == pytest.approx(1.0)  # 2.5 × 12 / max(30, 12)


def test_formulas_package_recomputes_every_formula(scored_files):
    pytest.importorskip("formulas", reason="the `formulas` package (dev extra) is not installed")
    from test_formulas_crosscheck import formulas_values

    for name, (path, _) in scored_files.items():
        assert_agree(path, formulas_values(path, SCORES_SHEET), f"formulas ({name})")


def test_formula_follows_the_body_cells(scored_files, tmp_path):
    """Not the cached value: with the dislikes cleared, P4.1:kk becomes 2.5 × (9 − 1) / 10 = 2."""
    pytest.importorskip("formulas", reason="the `formulas` package (dev extra) is not installed")
    from test_formulas_crosscheck import formulas_values

    path, inputs = scored_files["cgo"]
    changed = tmp_path / "changed.xlsx"
    shutil.copy(path, changed)
    wb = openpyxl.load_workbook(changed)
    ref = inputs.cells["openness.dialogue.questions_disliked_kk"]
    wb[ref.sheet][ref.cell] = 0
    wb.save(changed)
    row = next(r for r in range(1, wb[SCORES_SHEET].max_row + 1) if wb[SCORES_SHEET].cell(r, 1).value == "P4.1:kk")
    assert formulas_values(changed, SCORES_SHEET)[f"{get_column_letter(FORMULA_COLUMN)}{row}"] == pytest.approx(2.0)


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_recomputes_every_formula(scored_files, tmp_path):
    names = list(scored_files)
    outputs = convert_with_libreoffice([scored_files[n][0] for n in names], tmp_path)
    for name, output in zip(names, outputs):
        assert_agree(scored_files[name][0], formula_results(output, SCORES_SHEET), f"LibreOffice ({name})")


def test_written_workbook_has_both_sheets(scored_files):
    wb = openpyxl.load_workbook(scored_files["cgo"][0])
    assert {SCORES_SHEET, CONCLUSION_SHEET} <= set(wb.sheetnames)
    assert wb[CONCLUSION_SHEET]["B12"].value == "Открытые данные"


# ---- «Заключение» (Прил. 8)


def test_conclusion_table_by_language(cgo):
    inputs, result = cgo
    sheet = conclusion_sheet(result, inputs, CATALOG)
    assert value(sheet, 1, 1).startswith("Приложение 8 к Методике")
    assert value(sheet, 4, 1) == ("Заключение о результатах операционной оценки эффективности деятельности государственных "
                                  "органов по направлению «Открытость государственного органа»")
    assert [value(sheet, r, 1) for r in (6, 7, 8)] == ["Министерство тестов", "(наименование центрального государственного органа)",
                                                       "2022 год"]
    assert [value(sheet, 11, c) for c in range(1, 7)] == ["№", "Критерии операционной оценки", "на государственном языке",
                                                          "на русском языке", "Балл", "Максимальный балл"]
    # printed in hundredths that add up (issue 11): kk 4 + 7/12 = 4.583 → 4.58, ru 7.375 → 7.38 (half up),
    # 4.58 + 7.38 = 11.96 = 11 + 23/24 = 11.958 rounded; the exact points stay in «Баллы» and the JSON
    assert [value(sheet, 12, c) for c in range(1, 7)] == [1, "Открытые данные", 4.58, 7.38, 11.96, 18]
    assert [value(sheet, 17, c) for c in (2, 3, 4, 5)] == ["Открытость через СМИ", pytest.approx(2.4), pytest.approx(3.4),
                                                           pytest.approx(5.8)]
    # P7 is a deduction: its «Максимальный балл» says how much it may take away, not «-9.00»
    assert [value(sheet, 18, c) for c in (1, 3, 4, 5, 6)] == [7, -0.75, -0.5, -1.25, "вычет до 9"]
    assert [(value(sheet, r, 2), value(sheet, r, 5), value(sheet, r, 6)) for r in (19, 20, 21)] == [
        ("Общая оценка по критериям", pytest.approx(73.825), 100),
        ("Вычет штрафных баллов (акт сверки, п.17–21)", pytest.approx(0.2), "вычет до 5"),
        ("Итоговая оценка с учетом вычета штрафных баллов", pytest.approx(73.625), 100)]
    assert (value(sheet, 22, 2), value(sheet, 22, 5)) == ("Оценка эффективности (п.108)", "средняя")


def test_mio_conclusion_has_no_subordinate_penalty(mio):
    inputs, result = mio
    sheet = conclusion_sheet(result, inputs, CATALOG)
    assert value(sheet, 7, 1) == "(наименование местного исполнительного органа)"
    assert [value(sheet, 18, c) for c in (3, 4, 5, 6)] == [0, 0, 0, "не применяется"]
    texts = [c.value for c in sheet.cells.values() if isinstance(c.value, str)]
    assert "7) По критерию «Открытость подведомственных организаций (штрафные баллы)»: подведомственные организации " \
           "местных исполнительных органов не оцениваются (Прил. 10 табл. 8, прим. *)." in texts


def conclusion_texts(inputs: Inputs, result: Any) -> list[str]:
    sheet = conclusion_sheet(result, inputs, CATALOG)
    return [value(sheet, r, 1) for r in range(1, sheet.row + 1) if isinstance(value(sheet, r, 1), str)]


def test_analysis_names_the_missing_items_and_languages(cgo):
    inputs, result = cgo
    texts = conclusion_texts(inputs, result)
    assert "1) По критерию «Открытые данные»: 11,96 из 18 баллов (на государственном языке — 4,58, на русском языке — 7,38)." in texts
    kk = next(t for t in texts if t.startswith("– «Количество публикаций наборов") and "(на государственном языке)" in t)
    # each item by its named_by fields: the data set, then its period (fixture rows 40 and 43)
    assert kk.endswith("не размещены на государственном языке: «Набор A» (I кв. 2022, строка 40), «Набор D» (2022, строка 43).")
    ru = next(t for t in texts if t.startswith("– «Количество публикаций наборов") and "(на русском языке)" in t)
    assert ru.endswith("не размещены на русском языке: «Набор D» (2022, строка 43).")
    late = next(t for t in texts if t.startswith("– «Соблюдение сроков") and "(на русском языке)" in t)
    assert "не размещены в срок на русском языке: «Набор B» (2022, строка 41), «Набор D» (2022, строка 43)" in late
    assert any("заполнены некорректно или неполно на государственном языке: «Набор C» (2022, строка 42)" in t for t in texts)
    # a media request by its outlet, then its registration number
    assert any("нет ответа или ответ дан с нарушением срока: «Сайт» (15-02, строка 551), «ТВ» (15-03, строка 552)" in t
               for t in texts)
    assert any("организаций без информации по ст. 16 на государственном языке: «РГП «Центр»» (строка 600)" in t for t in texts)
    assert any("нет оповещения о публичном обсуждении на государственном языке: «Концепция законопроекта» (строка 351)" in t
               for t in texts)
    assert any(t.startswith("– «Доля вопросов, получивших ответы на блог-платформе") and t.endswith(
        "показатель обнулен, так как («из оцененных — неудовлетворительно («дизлайк») на государственном языке» × 10) > "
        "«ответов, оцененных пользователями, на государственном языке».") for t in texts)
    assert not any("q_disliked" in t or "_kk" in t for t in texts)  # no catalog symbol on paper
    assert not any("«Размещение гражданского бюджета»" in t for t in texts)  # full points: nothing to say


def test_analysis_shortens_long_item_lists():
    many = [dict(dataset=f"Набор {i}", data_period="2022", deadline=date(2022, 6, 30)) for i in range(1, 9)]
    inputs = make_inputs("cgo", publications=many)
    d = score(inputs, CATALOG).directions["openness"]
    p1 = paragraphs(d, inputs)[0]
    assert any(t.endswith("не размещены на государственном языке: «Набор 1» (2022, строка 40), «Набор 2» (2022, строка 41), "
                          "«Набор 3» (2022, строка 42), «Набор 4» (2022, строка 43), «Набор 5» (2022, строка 44) и ещё 3.")
               for t in p1)


def test_recommendations_and_act_facts(cgo):
    inputs, result = cgo
    texts = conclusion_texts(inputs, result)
    start = texts.index("Выводы и рекомендации:")
    assert texts[start + 1].startswith("1) По критерию «Открытые данные» (потеряно 6,04 балла; потери на государственном "
                                       "языке и на русском языке): размещать все публикации наборов")
    # only P5.1:kk lost points (0,75 of its 1,5): the advice of that indicator alone, from the catalog
    assert texts[start + 5] == ("5) По критерию «Официальный интернет-ресурс» (потеряно 0,75 балла; потери на "
                                "государственном языке): актуализировать контактные данные, сведения о руководстве и "
                                "график приема на интернет-ресурсе.")
    assert texts[start + 7].startswith("7) По критерию «Открытость подведомственных организаций (штрафные баллы)» "
                                       "(снято 1,25 балла;")
    assert texts[start + 8:start + 11] == ["По итогам перепроверки (акт сверки, п.17–21) выявлены факты:",
                                           "   1) недостоверная информация: Недостоверные сведения о наборе B (−0,2 балла)",
                                           "Итоговый вычет: 0,20 балла (не более 5 баллов)."]
    assert "Руководитель Уполномоченного органа" in texts[start + 11:]


def test_registry_knows_openness(cgo):
    inputs, result = cgo
    d = result.directions["openness"]
    analysis = ANALYSIS["openness"](d, inputs)
    assert len(analysis) == 7 and "«Набор A» (I кв. 2022, строка 40)" in analysis[0]
    assert len(RECOMMENDATIONS["openness"](d, inputs)) == 7


# ---- explain


def test_explain_indicator_shows_both_halves_down_to_rows(cgo):
    inputs, result = cgo
    lines = explain_result(result, inputs, CATALOG, "P1.1")
    assert [ln.split(" «")[0].strip() for ln in lines if ln.startswith("  P")] == ["P1.1:kk", "P1.1:ru"]
    assert "    правило: 2,5 × (a) / (b), доля от 0 до 1; при знаменателе 0 — максимум" in lines
    assert ("    a = 2 — «публикаций размещено на государственном языке»: список «Публикации наборов открытых "
            "данных согласно Единому перечню открытых данных (с учетом периодичности)» на листе «1. Открытые данные»; "
            "учтены строки 41, 42; не учтены строки 40, 43") in lines
    assert any(ln.endswith("на листе «1. Открытые данные»; учтены строки 40–42; не учтена строка 43") for ln in lines)


def test_explain_one_half_and_scalar_cells(cgo):
    inputs, result = cgo
    lines = explain_result(result, inputs, CATALOG, "P4.1:kk")
    assert [ln for ln in lines if ln.startswith("  P")] == [
        "  P4.1:kk «Доля вопросов, получивших ответы на блог-платформе первых руководителей в соответствии со сроками "
        "и требованиями» (на государственном языке): 0,00 из 2,5"]
    ref = inputs.cells["openness.dialogue.questions_rated_kk"]
    assert "    примечание: (d × 10) > e: 0 баллов" in lines
    assert f"    e = 5 — «Ответов, оцененных пользователями, на государственном языке» ({ref})" in lines
    assert explain_result(result, inputs, CATALOG, "NOPE") == []
    criterion = explain_result(result, inputs, CATALOG, "P7")
    assert " P7 «Открытость подведомственных организаций (штрафные баллы)»: штрафные баллы 1,25 из 9" in criterion


def test_scores_sheet_loads_the_catalog_itself(cgo):
    _, result = cgo
    a, b = scores_sheet(result, CATALOG.title), scores_sheet(result, CATALOG.title, CATALOG)
    assert a.cells == b.cells and isinstance(b.cells[rows_by_code(b)["P1.1:kk"], FORMULA_COLUMN].formula, str)
