"""What the Прил. 12 conclusion says per criterion, in the assessor's words, from the body's figures.

Counts stand after a colon («жалоб и заявлений рассмотрено: 1») so that no noun has to agree with a
number the body typed; points go through `points_text` / `earned_text`, which do agree."""

from __future__ import annotations

from toolkit.analysis.words import earned_text
from toolkit.engine.inputs import Inputs
from toolkit.numbers import number_text, points_text, score_text
from toolkit.engine.scoring import CriterionScore, DirectionScore


def _v(inputs: Inputs, name: str) -> int:
    return int(inputs.values[f"complaints.{name}"])


def _pts(c: CriterionScore) -> str:
    return earned_text(c.points, c.max)


def analysis(result: DirectionScore, inputs: Inputs) -> list[str]:
    c = {cs.id: cs for cs in result.criteria}
    m, p, f = _v(inputs, "received_total"), _v(inputs, "considered_total"), _v(inputs, "considered_late")
    a, n = _v(inputs, "court_satisfied"), _v(inputs, "redirected_late")
    d, x = _v(inputs, "disciplined"), _v(inputs, "liability_impossible")
    if p == 0:
        r1 = f"жалобы и заявления в отчетном периоде не рассматривались; присвоен максимум — {_pts(c['R1'])}."
    elif f == 0:
        r1 = f"жалоб и заявлений рассмотрено: {number_text(p)}, нарушений сроков нет — {_pts(c['R1'])}."
    else:
        r1 = (f"жалоб и заявлений рассмотрено: {number_text(p)}, из них с нарушением срока: {number_text(f)} — "
              f"{score_text(f / p * 1000)} на 1 000 рассмотренных; вычет {points_text(c['R1'].max - c['R1'].points, 2)}, "
              f"итог {_pts(c['R1'])}.")
    if a == 0:
        r2 = f"жалоб и заявлений, удовлетворенных судом, нет — {_pts(c['R2'])} (п.100)."
    else:
        r2 = (f"жалоб и заявлений рассмотрено: {number_text(p)}, из них признано судом обоснованными: {number_text(a)} — "
              f"{score_text(a / p * 10000)} на 10 000; вычет {points_text(c['R2'].max - c['R2'].points, 2)}, "
              f"итог {_pts(c['R2'])}.")
    if m == 0:
        r3 = f"жалобы и заявления не поступали; присвоен максимум — {_pts(c['R3'])}."
    else:
        r3 = (f"жалоб и заявлений поступило: {number_text(m)}, перенаправлено с нарушением срока: {number_text(n)} — "
              f"{score_text(n / m * 100)} на 100 поступивших; итог {_pts(c['R3'])}.")
    late = f + n - x
    if late <= 0:
        r4 = (f"нарушений сроков, по которым возможно привлечение к ответственности, нет "
              f"(нарушений: {number_text(f + n)}, невозможно привлечь: {number_text(x)}) — {_pts(c['R4'])}.")
    else:
        r4 = (f"нарушений сроков рассмотрения и перенаправления: {number_text(f + n)}, из них по объективным причинам "
              f"привлечь невозможно: {number_text(x)}; фактов привлечения к дисциплинарной ответственности: "
              f"{number_text(d)} — {score_text(d / late * 100)} %; по Прил. 13 — {_pts(c['R4'])}.")
    return [r1, r2, r3, r4]


_ADVICE = {
    "R1": "Усилить контроль за соблюдением сроков рассмотрения жалоб и заявлений: каждое нарушение "
          "на 1 000 рассмотренных снижает балл на 1.",
    "R2": "Проанализировать решения, отмененные судом, и устранить причины необоснованных отказов заявителям.",
    "R3": "Обеспечить перенаправление жалоб и заявлений по компетенции в установленный срок.",
    "R4": "Обеспечить рассмотрение вопроса об ответственности по каждому факту нарушения сроков (п.104).",
}


def recommendations(result: DirectionScore, inputs: Inputs) -> list[str]:
    out = [_ADVICE[c.id] for c in result.criteria if c.points < c.max and c.id in _ADVICE]
    if not out:
        out.append("Нарушений по критериям не выявлено; рекомендуется сохранить достигнутый уровень.")
    return out
