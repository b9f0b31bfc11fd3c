"""Conclusions that read right (issue 11, item 4): what a commission signs says things in words.

- no advice for what does not apply to a body (an exempt indicator says the peer average stood in);
- P7 said as deductions («снято 0,15 балла (не более 1,5)»), its «Максимальный балл» as «вычет до 9»;
- printed criteria add up to the printed total (largest remainder), the exact score kept elsewhere;
- items named by what they are (a budget programme by its name, then its code);
- notes in words with Russian number agreement, never catalog symbols;
- «Журнал» in Kazakhstan's time beside UTC, the record column hidden, the block score explained.

Expected values are worked out by hand in the comments; the fixtures are test_sheets_openness's.
"""

from __future__ import annotations

from datetime import datetime, timezone
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_sheets_openness import CATALOG, FACT, conclusion_texts, make_inputs, rows_by_code, score, value

from toolkit.analysis.openness import recommendations
from toolkit.analysis.words import deduction_text, earned_text
from toolkit.numbers import plural, points_text, round_half_up, shown_parts
from toolkit.sheets.conclusion import ROUNDING_NOTE, conclusion_sheet, printed_points
from toolkit.sheets.journal import NO_BLOCK, journal_sheet, local_time
from toolkit.sheets.model import JOURNAL_COLUMNS
from toolkit.sheets.scores import scores_sheet
from toolkit.workbook.history import Journal
from toolkit.workbook.record import Run

# ---- plurals


@pytest.mark.parametrize("n, word", [
    (0, "баллов"), (1, "балл"), (2, "балла"), (4, "балла"), (5, "баллов"), (10, "баллов"), (11, "баллов"),
    (12, "баллов"), (14, "баллов"), (21, "балл"), (22, "балла"), (25, "баллов"), (101, "балл"), (111, "баллов"),
    (112, "баллов"), (1001, "балл"), (1234, "балла"),
])
def test_plural_whole_numbers(n, word):
    assert plural(n, "балл", "балла", "баллов") == word


@pytest.mark.parametrize("value, places, text", [
    (1, None, "1 балл"), (2, None, "2 балла"), (5, None, "5 баллов"), (21, None, "21 балл"), (11, None, "11 баллов"),
    (0.5, None, "0,5 балла"), (1.5, None, "1,5 балла"), (0.2, None, "0,2 балла"),
    # shown with decimals the number is a fraction, whatever its digits: «1,00 балла», «5,00 балла»
    (1.05, 2, "1,05 балла"), (1, 2, "1,00 балла"), (5, 2, "5,00 балла"), (0, 2, "0,00 балла"),
    (0, None, "0 баллов"), (1234, None, "1\u00a0234 балла"),
])
def test_points_text(value, places, text):
    assert points_text(value, places) == text


@pytest.mark.parametrize("points, maximum, text", [
    # genitive after «из»: из 1 балла, из 18 баллов, из 21 балла, из 0,5 балла
    (0.0, 1, "0,00 из 1 балла"), (14.007, 18, "14,01 из 18 баллов"), (3, 21, "3,00 из 21 балла"),
    (0.15, 0.5, "0,15 из 0,5 балла"), (2, 2.5, "2,00 из 2,5 балла"), (40, 40, "40,00 из 40 баллов"),
])
def test_earned_text(points, maximum, text):
    assert earned_text(points, maximum) == text


def test_deduction_text_reads_as_taken_away():
    assert deduction_text(0.15, 1.5) == "снято 0,15 балла (не более 1,5)"
    assert deduction_text(1.05, 9) == "снято 1,05 балла (не более 9)"


# ---- printed totals


@pytest.mark.parametrize("parts, total, shown", [
    # the example: 29,68 + 27,62 + 19,86 + 0 = 77,16 printed against 77,17: one hundredth goes to the
    # part closest to its next hundredth (27.6249 → 27.63)
    ([29.6849, 27.6249, 19.8602, 0.0], 77.17, [29.68, 27.63, 19.86, 0.0]),
    # МО in the batch: 14.0079 + 13.0161 + 14.0990 + 12.1642 + 14.625 + 4.7770 − 1.05 = 71.6392 → 71.64;
    # plain rounding prints 71.65 (14.01 + 13.02 + 14.10 + 12.16 + 14.63 + 4.78 − 1.05), so one part gives a
    # hundredth back: the smallest remainder above .5 … here 14.625 (.5) against 12.1642 (.42): 14.625 → 14.62
    ([14.007903328555502, 13.01608893557423, 14.098989898989899, 12.164174641148325, 14.625, 4.777012987012987, -1.05],
     71.63916979128095, [14.01, 13.02, 14.1, 12.16, 14.62, 4.78, -1.05]),
    ([10.0, 20.0], 30.0, [10.0, 20.0]),                      # nothing to adjust
    ([1 / 3, 1 / 3, 1 / 3], 1.0, [0.34, 0.33, 0.33]),       # 33 + 33 + 33 = 99: the first third gets the hundredth
    ([60.0, 50.0], 100.0, None),                             # capped at 100: no rounding adds up, say so instead
    ([0.0, -1.25], 0.0, None),                               # capped at 0
])
def test_shown_parts(parts, total, shown):
    assert shown_parts(parts, total) == shown


@given(st.lists(st.fractions(min_value=0, max_value=18, max_denominator=997), min_size=1, max_size=8))
def test_shown_parts_add_up_and_stay_within_a_hundredth(parts):
    total = sum(parts, Fraction(0))
    shown = shown_parts([float(p) for p in parts], float(total))
    assert shown is not None
    assert round(sum(shown) * 100) == round(round_half_up(float(total), 2) * 100)
    assert all(abs(s - float(p)) < 0.01 + 1e-9 for s, p in zip(shown, parts))


def test_printed_points_notes_only_when_it_changed_something():
    assert printed_points([10.001, 20.002], 30.003) == ([10.0, 20.0], "")
    # 10.004 + 20.0045 = 30.0085 → 30.01, but 10.00 + 20.00 = 30.00: the larger remainder (.45 against .4)
    # takes the hundredth
    assert printed_points([10.004, 20.0045], 30.0085)[0] == [10.0, 20.01]
    shown, note = printed_points([0.335, 0.335, 0.33], 1.0)  # plain: 0.34 + 0.34 + 0.33 = 1.01
    assert round(sum(shown), 2) == 1.0 and note == ROUNDING_NOTE
    shown, note = printed_points([60.0, 50.0], 100.0)
    assert shown == [60.0, 50.0] and "неокругленным" in note


def test_conclusion_criteria_add_up_to_the_printed_total():
    """Every openness conclusion: the printed criteria (column E, rows 12–18) add up to the printed total."""
    for body_type in ("cgo", "mio"):
        inputs = make_inputs(body_type, facts=(FACT,))
        result = score(inputs, CATALOG)
        sheet = conclusion_sheet(result, inputs, CATALOG)
        criteria = [value(sheet, r, 5) for r in range(12, 19)]
        total = value(sheet, 19, 5)
        assert value(sheet, 19, 2) == "Общая оценка по критериям"
        assert round(sum(criteria) * 100) == round(round_half_up(total, 2) * 100)
        for r in range(12, 19):  # and each row's languages add up to its points where they are a sum
            kk, ru, points = (value(sheet, r, c) for c in (3, 4, 5))
            assert all(round(v * 100) == v * 100 or abs(round(v * 100) - v * 100) < 1e-6 for v in (kk, ru, points))


# ---- P7 deductions


def test_p7_lines_are_deductions():
    # cgo fixture: P7.1 kk 1.5 · 1/2 = 0.75, P7.6 ru 1 · 1/2 = 0.5 → 1.25 of at most 9
    inputs = make_inputs("cgo")
    result = score(inputs, CATALOG)
    texts = conclusion_texts(inputs, result)
    assert ("7) По критерию «Открытость подведомственных организаций (штрафные баллы)»: снято 1,25 балла (не более 9): "
            "на государственном языке — 0,75, на русском языке — 0,50.") in texts
    assert any(t.startswith("– «Отсутствие размещенной информации на интернет-ресурсе организации (ст. 16 Закона «О доступе к "
                            "информации»)» (на государственном языке): снято 0,75 балла (не более 1,5); ") for t in texts)
    assert not any(" из 1,5" in t or " из 9" in t for t in texts if "Открытость подведомственных" in t or "снято" in t)
    sheet = conclusion_sheet(result, inputs, CATALOG)
    assert value(sheet, 18, 6) == "вычет до 9" and value(sheet, 20, 6) == "вычет до 5"


def test_complaints_conclusion_says_the_cap_of_the_act_deduction():
    from toolkit.engine.inputs import Body, Inputs, Meta  # noqa: PLC0415 — the complaints fixture is built here only
    values = {f"complaints.{k}": v for k, v in dict(received_total=100, considered_total=90, considered_late=2,
                                                     court_satisfied=0, redirected_late=1, disciplined=1,
                                                     liability_impossible=0).items()}
    inputs = Inputs(Meta("2023-01", ("complaints",), "cgo", 2022, "test"), Body("Орган", "cgo", "X"), values, {})
    result = score(inputs, CATALOG)
    sheet = conclusion_sheet(result, inputs, CATALOG)
    rows = {value(sheet, r, 2): r for r in range(1, sheet.row + 1)}
    assert value(sheet, rows["Вычет штрафных баллов"], 4) == "вычет до 5"
    texts = [c.value for c in sheet.cells.values() if isinstance(c.value, str)]
    # R1: 2 late of 90 → 22,22 per 1 000 → 40 − 22,22 = 17,78 of 40
    assert any("итог 17,78 из 40 баллов." in t for t in texts)


# ---- exempt indicators


def test_exempt_body_is_never_advised_what_does_not_apply():
    """Defence (МО): P4.4 and P4.5.* are not applicable; with the batch's mean they cost points, but the
    advice must not ask for streamed meetings or population meetings."""
    peers = {f"{h}:{lang}": (Fraction(1, 4), 3) for h in ("P4.4", "P4.5.1", "P4.5.2", "P4.5.3", "P4.5.4")
             for lang in ("kk", "ru")}
    inputs = make_inputs("cgo", exceptions=("defence",))
    result = score(inputs, CATALOG, peers)
    advice = recommendations(result.directions["openness"], inputs)
    p4 = next(t for t in advice if t.startswith("По критерию «Открытый диалог»"))
    for asked in ("трансляци", "встреч", "личный прием", "НКО"):
        assert asked not in p4
    exempt = advice[-1]
    assert exempt.startswith("Показатели «Проведение в режиме онлайн-трансляции открытых заседаний (коллегий)», "
                             "«Встречи с населением: соблюдение годового графика (календаря) встреч»")
    assert exempt.endswith("не применяются к органу (Министерство обороны): вместо них применен средний балл органов "
                           "(правило 1.5); рекомендации по ним не даются.")


def test_exempt_without_peer_average_says_it_is_not_known_yet():
    inputs = make_inputs("cgo", exceptions=("national_bank",))
    result = score(inputs, CATALOG)
    advice = recommendations(result.directions["openness"], inputs)
    assert advice[-1].endswith("не применяются к органу (Национальный Банк): вместо них средний балл органов пока не "
                               "известен (правило 1.5), результат предварительный; рекомендации по ним не даются.")
    asked = [t for t in advice if t.startswith("По критерию")]
    assert not any("гражданский бюджет" in t or "стратегического плана" in t for t in asked)


def test_every_openness_indicator_has_advice_in_the_catalog():
    direction = CATALOG.direction("openness")
    for body_type in ("cgo", "mio"):
        for criterion in direction.criteria_for(body_type):
            for indicator in criterion.indicators_for(body_type):
                assert indicator.advice and indicator.advice[0].islower(), indicator.id


# ---- items by name


def test_budget_programme_named_by_its_name_then_code():
    # fixture programme 002 «Программа развития» (row 251) has a late draft in Russian (20.05 after 01.05)
    inputs = make_inputs("cgo")
    texts = conclusion_texts(inputs, score(inputs, CATALOG))
    line = next(t for t in texts if t.startswith("– «Своевременность размещения проектов бюджетных программ» (на русском"))
    assert line.endswith("на русском языке: «Программа развития» (002, строка 251).")
    assert not any("«002»" in t or "«001»" in t for t in texts)


# ---- notes in words


def test_scores_notes_say_labels_not_symbols():
    # no publications listed: pub_required = 0, so P1.1 gets its maximum, 2,5 points (zero_denominator: max)
    inputs = make_inputs("cgo", publications=[])
    result = score(inputs, CATALOG)
    engine = {i.id: i.note for c in result.directions["openness"].criteria for i in c.indicators}
    assert engine["P1.1:kk"] == "pub_required = 0: 2,5 балла"  # the JSON keeps the symbol
    sheet = scores_sheet(result, CATALOG.title, CATALOG)
    codes = rows_by_code(sheet)
    assert value(sheet, codes["P1.1:kk"], 9) == "обязательных публикаций — 0, поэтому 2,5 балла"
    notes = [value(sheet, codes[h], 9) for h in codes if h.startswith("P")]
    assert not any(isinstance(n, str) and ("_kk" in n or "_ru" in n or "pub_" in n) for n in notes)


# ---- «Журнал»


@pytest.mark.parametrize("utc, local", [
    ("2024-02-29 12:00:00", "29.02.2024 18:00:00"),  # Almaty was UTC+6 until 1 March 2024
    ("2024-03-01 12:00:00", "01.03.2024 17:00:00"),  # one time for Kazakhstan since: UTC+5
    ("2026-12-31 20:30:00", "01.01.2027 01:30:00"),  # the local date is the next day
    ("вчера", ""),                                   # not our format: left to the UTC column
    # what strptime's "%Y-%m-%d %H:%M:%S" took and refused, now read without it (issue 15)
    ("2024-3-1 2:05:09", "01.03.2024 07:05:09"),    # one-digit fields: 2:05 UTC + 5 h
    ("2024-02-30 12:00:00", ""),                     # no such day
    ("2024-03-01T12:00:00", ""),                     # ISO's «T»: another format
    ("2024-03-01 12:00:00 ", ""),                    # trailing text
    ("2024-03-01 24:00:00", ""),                     # no such hour
])
def test_local_time(utc, local):
    assert local_time(utc) == local


def test_journal_shows_local_time_hides_the_record_and_explains_the_block():
    result = {"files": []}
    runs = (Run("2026-11-29 11:52:16", "оценщик", "0.1.0", "2023-01", "ab" * 32, "Открытость: 71,44 (средняя)", None, result),
            Run("2026-11-30 04:00:00", "оценщик", "0.1.0", "2023-01", "ab" * 32, "Блок", 81.256, result))
    sheet = journal_sheet("Журнал", "xlscore/journal.json", Journal(runs))
    header = [value(sheet, 1, c) for c in range(1, len(JOURNAL_COLUMNS) + 1)]
    assert header[:3] == ["№", "Время (Казахстан)", "Время (UTC)"] and header[-1] == "Запись xlscore"
    assert sheet.hidden_cols == (len(JOURNAL_COLUMNS),)
    col = {title: n for n, title in enumerate(header, start=1)}
    assert (value(sheet, 2, col["Время (Казахстан)"]), value(sheet, 2, col["Время (UTC)"])) == \
        ("29.11.2026 16:52:16", "2026-11-29 11:52:16")
    assert value(sheet, 2, col["Балл по блоку"]) == NO_BLOCK
    assert value(sheet, 3, col["Балл по блоку"]) == 81.256 and sheet.cells[3, col["Балл по блоку"]].style == "number"
    assert value(sheet, 3, col["Время (Казахстан)"]) == "30.11.2026 09:00:00"
    assert sheet.heights[2] > 15  # the explanation wraps, so the row is tall enough to show it


def test_kazakhstan_time_zone_is_available():
    from toolkit.sheets.journal import kazakhstan  # noqa: PLC0415

    offset = datetime(2025, 6, 1, tzinfo=timezone.utc).astimezone(kazakhstan()).utcoffset()
    assert offset is not None and offset.total_seconds() == 5 * 3600


@pytest.mark.parametrize("p, f", [(1, 1), (21, 1), (1900, 19)])
def test_complaints_counts_never_need_agreement(p, f):
    """«рассмотрено 1 жалоб» cannot happen: counts follow a colon; points agree («вычет 19,00 балла»)."""
    from toolkit.analysis.complaints import analysis  # noqa: PLC0415
    from toolkit.engine.inputs import Body, Inputs, Meta  # noqa: PLC0415

    values = {f"complaints.{k}": v for k, v in dict(received_total=p, considered_total=p, considered_late=f,
                                                     court_satisfied=0, redirected_late=0, disciplined=0,
                                                     liability_impossible=0).items()}
    inputs = Inputs(Meta("2023-01", ("complaints",), "cgo", 2022, "test"), Body("Орган", "cgo", "X"), values, {})
    r1 = analysis(score(inputs, CATALOG).directions["complaints"], inputs)[0]
    # R1 = 40 − f / p × 1000, at least 0: p = 1, f = 1 → 1000 per 1 000 → 0; p = 1900, f = 19 → 10 → 30
    rate = f / p * 1000
    assert r1.startswith(f"жалоб и заявлений рассмотрено: {p:,}".replace(",", "\u00a0") + f", из них с нарушением срока: {f} — ")
    assert f"вычет {points_text(min(40, rate), 2)}, итог {earned_text(max(0, 40 - rate), 40)}." in r1


def test_exempt_by_a_flag_says_why_in_words():
    """A secret budget (the flag «budget.secret») makes P2.3, P2.8–P2.11 not applicable: the line says why
    in the flag's label, never «budget_secret», and the provisional reason neither."""
    inputs = make_inputs("cgo", **{"budget.secret": True})
    result = score(inputs, CATALOG)
    advice = recommendations(result.directions["openness"], inputs)
    assert advice[-1].startswith("Показатели «Размещение отчетов о реализации бюджетных программ")
    assert ("не применяются, так как бюджет органа имеет гриф «секретно» или «для служебного пользования»: вместо них "
            "средний балл органов пока не известен") in advice[-1]
    assert not any("размещать проекты бюджетных программ" in t for t in advice)
    texts = conclusion_texts(inputs, result)
    assert not any("budget_secret" in t for t in texts)
