"""Two small but whole openness reports (a CGO and a MIO), as JSON for `fill`, with O computed by hand.

Each report is written whole below, the assessor's monitoring and surveys included; `CGO_REPORT` and
`MIO_REPORT` are what the body sends (those values taken out), `ASSESSOR` what the assessor workbook
of the period holds for the bodies here, and `assessor_book(folder)` writes that workbook.

Every figure below was worked out on paper from METHODOLOGY §3; the comments show the arithmetic,
so a test that compares with them checks the engine, the reader and the calendar together.
Dates are chosen to hit the edge cases: a deadline on a Saturday, on Nauryz, 15 working days across
Nauryz, a Sunday deadline moved to Monday.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path
from typing import Any

from toolkit.assessor.book import assessor_document, split_assessor_values
from toolkit.assessor.template import write_assessor_template
from toolkit.catalog import load_catalog
from toolkit.jsonio import fill

CATALOG = load_catalog("2023-01")
OPENNESS = CATALOG.direction("openness")

Y, N = "Да", "Нет"


def _pub(dataset, period, deadline, kk, ru, ok_kk, ok_ru, api):  # type: ignore[no-untyped-def]
    row = {"dataset": dataset, "data_period": period, "deadline": deadline, "link": "https://data.egov.kz/datasets/view?index=" + dataset[:6],
           "placed_kk": kk, "placed_ru": ru, "correct_kk": ok_kk, "correct_ru": ok_ru, "api": api}
    return {k: v for k, v in row.items() if v is not None}


# --- CGO: «Министерство юстиции» (no registry exception) -------------------------------------------
_CGO_WHOLE: dict[str, Any] = {
    "edition": "2023-01", "period": 2022,
    "body": {"name": "Министерство юстиции Республики Казахстан", "type": "cgo", "code": "МЮ"},
    "openness": {
        "open_data": {
            "no_sets_in_systems": N,
            # required 4; placed kk 3 (rows 1–3), ru 4
            # on time kk: row 1 (15.02 ≤ 15.02), row 3 (Sat 16.04 moves to Mon 18.04) → 2; ru: rows 1, 2, 4 → 3
            # correct among placed: kk rows 1, 3 → 2 of 3; ru 4 of 4; API rows 1, 2 → 2 of 4
            "publications": [
                _pub("Реестр нотариусов", "январь 2022", "2022-02-15", "2022-02-15", "2022-02-14", Y, Y, Y),
                _pub("Реестр нотариусов", "февраль 2022", "2022-03-15", "2022-03-17", "2022-03-15", N, Y, Y),
                _pub("Реестр адвокатов", "I квартал 2022", "2022-04-16", "2022-04-18", "2022-04-19", Y, Y, N),
                _pub("Реестр адвокатов", "II квартал 2022", "2022-07-15", None, "2022-07-10", None, Y, N),
            ],
            # published kk 1 of 2, ru 2 of 2
            "requests": [
                {"received": "2022-03-01", "content": "Перечень частных судебных исполнителей", "channel": "portal",
                 "decision": "Опубликован набор", "published_kk": Y, "published_ru": Y},
                {"received": "2022-06-10", "content": "Статистика регистрации юридических лиц", "channel": "appeal",
                 "decision": "Опубликован на русском языке", "published_kk": N, "published_ru": Y},
            ],
            # kk: kind 1 only in H1 (not met), kind 2 both halves (met), kind 3 with a kk link (met) → 2 of 3
            # ru: kind 1 both halves (met), kind 2 (met), kind 3 without a ru link → 2 of 3
            "events": [
                {"kind": 1, "date": "2022-03-10", "description": "Опрос о востребованных наборах",
                 "link_kk": "https://dialog.egov.kz/kk/1", "link_ru": "https://dialog.egov.kz/ru/1"},
                {"kind": 1, "date": "2022-09-20", "description": "Интернет-конференция", "link_ru": "https://dialog.egov.kz/ru/2"},
                {"kind": 2, "date": "2022-05-12", "description": "Встреча с IT-компаниями",
                 "link_kk": "https://adilet.gov.kz/kk/3", "link_ru": "https://adilet.gov.kz/ru/3"},
                {"kind": 2, "date": "2022-11-03", "description": "Data-лаб",
                 "link_kk": "https://adilet.gov.kz/kk/4", "link_ru": "https://adilet.gov.kz/ru/4"},
                {"kind": 3, "date": "2022-12-01", "description": "Запись в блоге министра", "link_kk": "https://blogs.egov.kz/kk/5"},
            ],
        },
        "budget": {
            "secret": N, "no_audit": N,
            "documents": [
                {"kind": "balance", "title": "Консолидированный бухгалтерский баланс за 2021 год", "deadline": "2022-04-15",
                 "link": "https://budget.egov.kz/1", "placed_kk": "2022-04-14", "placed_ru": "2022-04-14", "correct_kk": Y, "correct_ru": Y},
                {"kind": "results", "title": "Отчет о результатах финансовой деятельности за 2021 год", "deadline": "2022-04-15",
                 "link": "https://budget.egov.kz/2", "placed_kk": "2022-04-20", "placed_ru": "2022-04-14", "correct_kk": Y, "correct_ru": Y},
                {"kind": "cash", "title": "Отчет о движении денег за 2021 год", "deadline": "2022-04-15",
                 "link": "https://budget.egov.kz/3", "placed_kk": "2022-04-14", "placed_ru": "2022-04-14", "correct_kk": N, "correct_ru": Y},
                {"kind": "equity", "title": "Отчет об изменениях чистых активов за 2021 год", "deadline": "2022-04-15",
                 "link": "https://budget.egov.kz/4", "placed_ru": "2022-04-14", "correct_ru": Y},
                {"kind": "notes", "title": "Пояснительная записка к консолидированной финансовой отчетности", "deadline": "2022-04-15",
                 "link": "https://budget.egov.kz/5", "placed_kk": "2022-04-14", "placed_ru": "2022-04-14", "correct_kk": Y, "correct_ru": Y},
                # formed 01.03; 15 working days (working Sat 05.03, day off 07.03, 08.03, Nauryz 21–23.03) → 28.03
                {"kind": "strategic", "title": "Отчет о реализации стратегического плана за 2021 год", "formed": "2022-03-01",
                 "link": "https://budget.egov.kz/6", "placed_kk": "2022-03-15", "placed_ru": "2022-03-30", "correct_kk": Y, "correct_ru": Y},
                # received 01.06; 15 working days → 22.06
                {"kind": "audit", "title": "Результаты аудита Высшей аудиторской палаты", "formed": "2022-06-01",
                 "link": "https://budget.egov.kz/7", "placed_kk": "2022-06-10", "placed_ru": "2022-06-10", "correct_kk": Y, "correct_ru": Y},
                {"kind": "citizens", "title": "Гражданский бюджет на 2022 год", "deadline": "2022-03-31",
                 "link": "https://budget.egov.kz/8", "placed_kk": "2022-03-31", "placed_ru": "2022-03-25", "correct_kk": Y, "correct_ru": Y},
            ],
            "programs": [
                # report deadline min(council 25.03, 01.04) = 25.03; draft deadline Sun 15.05 → Mon 16.05
                {"code": "001", "name": "Услуги по формированию и реализации государственной политики в сфере юстиции",
                 "council": "2022-03-25", "report_kk": "2022-03-20", "report_ru": "2022-03-20", "report_correct_kk": Y,
                 "report_correct_ru": Y, "draft_deadline": "2022-05-15", "draft_kk": "2022-05-16", "draft_ru": "2022-05-13",
                 "draft_correct_kk": Y, "draft_correct_ru": Y, "announced_kk": Y, "announced_ru": Y},
                {"code": "002", "name": "Обеспечение деятельности органов юстиции", "report_kk": "2022-04-05",
                 "report_ru": "2022-03-31", "report_correct_kk": Y, "report_correct_ru": N, "draft_deadline": "2022-05-16",
                 "draft_ru": "2022-05-20", "draft_correct_ru": N, "announced_kk": N, "announced_ru": Y},
            ],
            "comments": [
                {"received": "2022-02-02", "document": "Проект программы 001", "answered": Y},
                {"received": "2022-02-03", "document": "Проект программы 002", "answered": Y},
                {"received": "2022-05-20", "document": "Отчет по программе 001", "answered": N},
            ],
        },
        "npa": {
            "nothing_planned": N,
            "drafts": [
                {"title": "Концепция проекта Закона «О нотариате»", "kind": "concept", "amends": N, "link": "https://legalacts.egov.kz/1",
                 "placed_kk": "2022-02-10", "placed_ru": "2022-02-10", "explanatory": Y, "comparative": N, "form_kk": Y, "form_ru": Y,
                 "announced_kk": Y, "announced_ru": Y},
                {"title": "Проект закона «О внесении изменений по вопросам адвокатуры»", "kind": "law", "amends": Y,
                 "link": "https://legalacts.egov.kz/2", "placed_kk": "2022-05-05", "placed_ru": "2022-05-05", "explanatory": Y,
                 "comparative": Y, "form_kk": N, "form_ru": Y, "announced_kk": Y, "announced_ru": Y},
                {"title": "Проект приказа «Об утверждении правил регистрации»", "kind": "act", "amends": Y,
                 "link": "https://legalacts.egov.kz/3", "placed_ru": "2022-08-01", "explanatory": Y, "comparative": N,
                 "form_ru": Y, "announced_kk": N, "announced_ru": Y},
            ],
            "comments": [{"received": f"2022-0{m}-11", "document": "Проект закона об адвокатуре", "answered": a}
                         for m, a in ((2, Y), (3, Y), (4, Y), (5, N))],
            "events": [
                {"date": "2022-06-01", "draft": "Проект закона об адвокатуре", "event": "Брифинг в СЦК", "category": "1",
                 "lang_kk": Y, "lang_ru": Y, "link": "https://ortcom.kz/1"},
                {"date": "2022-06-15", "draft": "Проект закона об адвокатуре", "event": "Круглый стол", "category": "0.6",
                 "lang_kk": N, "lang_ru": Y, "link": "https://ortcom.kz/2"},
            ],
        },
        "dialogue": {
            "questions_received_kk": 20, "questions_answered_kk": 18, "questions_late_kk": 2,
            "questions_rated_kk": 10, "questions_disliked_kk": 1,          # exactly 10 %: not zeroed
            "questions_received_ru": 50, "questions_answered_ru": 50, "questions_late_ru": 0,
            "questions_rated_ru": 30, "questions_disliked_ru": 4,          # 4 × 10 > 30: zeroed
            "blog_posts_kk": 26, "blog_posts_ru": 51,
            "open_meetings_held": 4, "open_meetings_streamed_kk": 2, "open_meetings_streamed_ru": 3,
            "population_scheduled": 4, "population_held": 3, "population_with_plan": 3,
            "population_with_reception": 2, "population_with_ngo": 1,
            "conferences": [
                {"date": "2022-04-01", "kind": "conference", "topic": "Доступность нотариальных услуг", "lang_kk": Y, "lang_ru": Y,
                 "participants": 120, "link": "https://dialog.egov.kz/c/1"},
                {"date": "2022-10-05", "kind": "survey", "topic": "Качество юридической помощи", "lang_kk": N, "lang_ru": Y,
                 "participants": 800, "link": "https://dialog.egov.kz/c/2"},
            ],
        },
        "media": {
            "events_total": 10, "events_public_kk": 3, "events_public_ru": 6,
            "survey_media": 80, "survey_population": 70,
            "requests": [
                {"number": "СМИ-1", "outlet": "Казинформ", "received": "2022-02-01", "deadline": "2022-02-08", "answered": "2022-02-07"},
                # deadline Mon 21.03 is Nauryz: moves to 24.03
                {"number": "СМИ-2", "outlet": "Хабар", "received": "2022-03-18", "deadline": "2022-03-21", "answered": "2022-03-24"},
                {"number": "СМИ-3", "outlet": "Tengrinews", "received": "2022-06-01", "deadline": "2022-06-08", "answered": "2022-06-10"},
                {"number": "СМИ-4", "outlet": "Егемен Қазақстан", "received": "2022-10-03", "deadline": "2022-10-10"},
            ],
        },
        "site": {"contacts_kk": 1, "budget_kk": 0.8, "inspections_kk": 0.5, "rulemaking_kk": 1, "statistics_kk": 0.6, "questions_kk": 0.9,
                 "contacts_ru": 1, "budget_ru": 1, "inspections_ru": 0.5, "rulemaking_ru": 1, "statistics_ru": 0.8, "questions_ru": 0.9},
        "subordinate": {"organisations": [
            {"name": "РГП «Институт законодательства и правовой информации»", "site": "https://zqai.kz",
             "no_info_kk": Y, "no_info_ru": N, "no_sets_kk": N, "no_sets_ru": N, "late_sets_kk": N, "late_sets_ru": N,
             "wrong_sets_kk": N, "wrong_sets_ru": N, "no_blog_kk": N, "no_blog_ru": N, "answered_kk": 95, "answered_ru": 85},
            {"name": "РГП «Центр судебной экспертизы»", "site": "https://sudexpert.kz",
             "no_info_kk": N, "no_info_ru": N, "no_sets_kk": N, "no_sets_ru": N, "late_sets_kk": N, "late_sets_ru": N,
             "wrong_sets_kk": N, "wrong_sets_ru": N, "no_blog_kk": N, "no_blog_ru": N, "answered_kk": 100, "answered_ru": 100},
        ]},
    },
    "penalties": [{"direction": "openness", "kind": "unreliable", "text": "Дата размещения набора в строке 3 не подтверждена"}],
}

# P1: kk 2.5·3/4 + 1·1/2 + 3·2/4 + 2·2/3 + 0.5·2/3 = 1.875 + 0.5 + 1.5 + 4/3 + 1/3
#     ru 2.5 + 1 + 3·3/4 + 2 + 0.5·2/3 = 7.75 + 1/3; bonus 1·2/4 per half = 1 → 13.625 + 1 = 14.625 (< 18)
# P2: statements kk 0.3·4 = 1.2, ru 1.5; strategic, audit, citizens 0.5 each per half;
#     reports kk 0.5·1/2 (002 has no kk announcement), ru 0.5; correctness kk 0.5·8/9, ru 0.5·9/10;
#     timeliness kk 0.5·7/10, ru 0.5·9/10; drafts correct kk 0.5·1/1, ru 0.5·1/2; drafts in time kk 0.5·1/2, ru 0.5·1/2;
#     comments 1.5·2/3 per half; announcements kk 2·1/2, ru 2 → kk 6.05 + 4/9, ru 7.9 → 13.95 + 4/9
# P3: concepts 1 + 1; acts 0.5 + 0.5; forms 0.5 + 1; comments 3.5·3/4 ×2 = 5.25; announcements 1.5·2/3 + 1.5;
#     support kk mean(1) = 1, ru mean(1, 0.6) = 0.8 → 14.05
# P4: answered kk 2.5·16/20 = 2, ru zeroed; conferences 1.5 + 1.5; blog kk 26 → 1, ru 51 → 1.5;
#     streamed kk 1.5·2/4, ru 1.5·3/4; meetings per half 0.5·3/4 + 0.5·3/3 + 0.5·2/3 + 0.5·1/3 = 1.375 → 12.125
# P5: 1.5 · (4.8 + 5.2) = 15
# P6: A = 2.5·3/12 + 2.5·6/12 = 1.875; B = 2 · (3 answered − 1 late) / 4 = 1; C = 0.8; D = 1 + 1 → (2.875)·0.8 + 2 = 4.3
# P7: 1.5·1/2 (no kk info) + 1·1/2 (ru answers below 90 %) = 1.25
# O = 14.625 + 13.95 + 4/9 + 14.05 + 12.125 + 15 + 4.3 − 1.25 = 72.8 + 4/9; «Акт сверки» −0.2 → 72.6 + 4/9
CGO_RAW = Fraction("72.8") + Fraction(4, 9)
CGO_O = CGO_RAW - Fraction("0.2")
CGO_CRITERIA = {"P1": Fraction("14.625"), "P2": Fraction("13.95") + Fraction(4, 9), "P3": Fraction("14.05"),
                "P4": Fraction("12.125"), "P5": Fraction(15), "P6": Fraction("4.3"), "P7": Fraction("1.25")}


# --- MIO: «Акимат Актюбинской области» -----------------------------------------------------------
_MIO_WHOLE: dict[str, Any] = {
    "edition": "2023-01", "period": 2022,
    "body": {"name": "Акимат Актюбинской области", "type": "mio", "code": "АКТО"},
    "openness": {
        "open_data": {
            "no_sets_in_systems": N,
            "publications": [
                _pub("Перечень школ области", "2022", "2022-06-30", "2022-06-29", "2022-06-29", Y, Y, N),
                _pub("Реестр земельных участков", "I полугодие 2022", "2022-07-15", "2022-07-15", "2022-07-14", Y, Y, N),
            ],
            "requests": [], "events": [],
        },
        "budget": {
            "secret": N, "no_audit": N,
            "documents": [
                # received Mon 14.03; 15 working days across Nauryz 21–23.03 → 07.04: kk 08.04 late, ru 30.03 in time
                {"kind": "audit", "title": "Результаты аудита ревизионной комиссии", "formed": "2022-03-14",
                 "link": "https://aktobe.gov.kz/a", "placed_kk": "2022-04-08", "placed_ru": "2022-03-30", "correct_kk": Y, "correct_ru": Y},
                {"kind": "citizens", "title": "Гражданский бюджет Актюбинской области", "deadline": "2022-02-01",
                 "link": "https://aktobe.gov.kz/b", "placed_kk": "2022-02-01", "placed_ru": "2022-02-01", "correct_kk": Y, "correct_ru": Y},
            ],
            "programs": [
                {"code": "001", "name": "Услуги по обеспечению деятельности акима области", "report_kk": "2022-03-31",
                 "report_ru": "2022-04-04", "report_correct_kk": Y, "report_correct_ru": Y, "draft_deadline": "2022-06-01",
                 "draft_kk": "2022-05-30", "draft_ru": "2022-05-30", "draft_correct_kk": Y, "draft_correct_ru": N,
                 "announced_kk": Y, "announced_ru": Y},
            ],
            "comments": [],
        },
        "npa": {"nothing_planned": Y, "drafts": [], "comments": []},
        "dialogue": {
            "questions_received_kk": 0, "questions_answered_kk": 0, "questions_late_kk": 0, "questions_rated_kk": 0,
            "questions_disliked_kk": 0, "questions_received_ru": 0, "questions_answered_ru": 0, "questions_late_ru": 0,
            "questions_rated_ru": 0, "questions_disliked_ru": 0,
            "blog_posts_kk": 5, "blog_posts_ru": 12,
            "open_meetings_held": 0, "open_meetings_streamed_kk": 0, "open_meetings_streamed_ru": 0,
            "population_scheduled": 12, "population_held": 12, "population_with_plan": 6, "population_with_reception": 12,
            "conferences": [],
        },
        "media": {"events_total": 24, "events_public_kk": 6, "events_public_ru": 12, "survey_media": 50,
                  "survey_population": 36, "requests": []},
        "site": {f"{name}_{lang}": 1 for name in ("contacts", "budget", "inspections", "rulemaking", "statistics", "questions")
                 for lang in ("kk", "ru")},
    },
    "penalties": [],
}

# P1: placed, on time, correct everywhere: (2.5 + 3 + 2)·2 = 15; no requests and no needs events → P1.2 0, P1.5 0; no API → 0
# P2: reports in time kk 2 (31.03 ≤ 01.04), ru 0 (04.04); audit kk 0, ru 2; citizens 0.5 + 0.5; drafts correct kk 0.5, ru 0;
#     drafts in time 0.5 + 0.5; no comments → 1.5 + 1.5; announcements 2 + 2 → 13.5
# P3: nothing planned and no drafts → every indicator its maximum: 18
# P4: no questions → 2.5 + 2.5; no conferences 0; blog kk 5 → 0.3, ru 12 → 0.5; nothing streamed of 0 held → 0;
#     meetings per half 0.5·12/12 + 0.5·6/12 + 1·12/12 = 1.75 → 5 + 0.8 + 3.5 = 9.3
# P5: 18; P6: A = 2.5·6/24 + 2.5·12/24 = 1.875; B = 2 (no requests); C = 0.5; D = 0.4 + 0.4 → 3.875·0.5 + 0.8 = 2.7375
# O = 15 + 13.5 + 18 + 9.3 + 18 + 2.7375 = 76.5375
MIO_O = Fraction("76.5375")
MIO_CRITERIA = {"P1": Fraction(15), "P2": Fraction("13.5"), "P3": Fraction(18), "P4": Fraction("9.3"), "P5": Fraction(18),
                "P6": Fraction("2.7375"), "P7": Fraction(0)}


CGO_REPORT, _CGO_ASSESSOR = split_assessor_values(_CGO_WHOLE, OPENNESS)
MIO_REPORT, _MIO_ASSESSOR = split_assessor_values(_MIO_WHOLE, OPENNESS)
# Code → the assessor's values: the CGO's monitoring stands for every CGO of the tests (МЮ, МО, МЗ, НБ …)
ASSESSOR = {**{code: _CGO_ASSESSOR for code in ("МЮ", "МО", "МЗ", "НБ", "МИД")}, "АКТО": _MIO_ASSESSOR,
            "АЛМАТЫ": _MIO_ASSESSOR}


def assessor_book(folder: Path, codes: tuple[str, ...] = tuple(ASSESSOR), period: int = 2022) -> Path:
    """The assessor workbook of the period with the rows of `codes`, written through `fill`."""
    target = folder / f"assessor-openness-{period}.xlsx"
    write_assessor_template(target, CATALOG, "openness", period)
    problems = fill(target, assessor_document("openness", period, "2023-01", {c: ASSESSOR[c] for c in codes}), target)
    assert problems == [], [p.message for p in problems]
    return target


def defence_report() -> dict[str, Any]:
    """The CGO report as the Ministry of Defence would send it: its meetings rows are not applicable."""
    data = copy.deepcopy(CGO_REPORT)
    data["body"] = {"name": "Министерство обороны Республики Казахстан", "type": "cgo", "code": "МО"}
    data["penalties"] = []
    return data


def other_cgo_report() -> dict[str, Any]:
    """A second CGO with different meetings figures, so the batch average differs from either body."""
    data = copy.deepcopy(CGO_REPORT)
    data["body"] = {"name": "Министерство здравоохранения Республики Казахстан", "type": "cgo", "code": "МЗ"}
    dialogue = data["openness"]["dialogue"]
    dialogue.update({"open_meetings_held": 2, "open_meetings_streamed_kk": 2, "open_meetings_streamed_ru": 2,
                     "population_scheduled": 2, "population_held": 2, "population_with_plan": 1,
                     "population_with_reception": 2, "population_with_ngo": 2})
    data["penalties"] = []
    return data

# Batch МЮ + МЗ + МО: МО's halves of P4.4 and P4.5.x are the mean of МЮ and МЗ:
#   P4.4 kk (0.75 + 1.5) / 2 = 1.125, ru (1.125 + 1.5) / 2 = 1.3125
#   P4.5.1 (0.375 + 0.5) / 2 = 0.4375; P4.5.2 (0.5 + 0.25) / 2 = 0.375; P4.5.3 (1/3 + 0.5) / 2 = 5/12;
#   P4.5.4 (1/6 + 0.5) / 2 = 1/3 — the same for kk and ru.
DEFENCE_PEERS = {"P4.4:kk": Fraction("1.125"), "P4.4:ru": Fraction("1.3125"),
                 **{f"P4.5.{n}:{lang}": v for n, v in ((1, Fraction("0.4375")), (2, Fraction("0.375")), (3, Fraction(5, 12)),
                                                        (4, Fraction(1, 3))) for lang in ("kk", "ru")}}
