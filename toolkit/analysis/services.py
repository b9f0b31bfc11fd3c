"""What the Прил. 3 / 4 / 5 conclusions say per services criterion, from the body's figures.

Each paragraph names the figures behind the points (so many late of so many rendered, per 10 000),
the monitored services that fell below 4,0 and what they scored, and for K3 each part of
T + V + C − P + D + S; «Выводы и рекомендации» name what cost points and what to do about it.
"""

from __future__ import annotations

from fractions import Fraction

from toolkit.analysis.words import deduction_text, earned_text, note_words
from toolkit.catalog import load_catalog
from toolkit.engine.inputs import Inputs
from toolkit.engine.measures import band_value
from toolkit.numbers import number_text, plural, points_text, score_text
from toolkit.engine.scoring import CriterionScore, DirectionScore, IndicatorScore

LOW_SATISFACTION = 4.0  # the lowest Прил. 6 bound that still earns points
SHOWN = 8  # services named by name in one sentence; the rest counted


def _v(inputs: Inputs, name: str) -> float:
    return inputs.values[f"services.{name}"]


def _n(value: float) -> str:
    return number_text(float(value))


def services_word(count: int) -> str:
    """«1 услуга», «3 услуги», «5 услуг», «11 услуг», «21 услуга»: Russian agreement with the number."""
    return plural(count, "услуга", "услуги", "услуг")


def _pts(ind: IndicatorScore | CriterionScore) -> str:
    return earned_text(ind.points, ind.max)


def _per(part: float, whole: float, per: int = 10000) -> str:
    return score_text(part / whole * per) if whole else "0"


def _by_id(direction: DirectionScore) -> dict[str, IndicatorScore]:
    return {i.id.split(".", 1)[1]: i for c in direction.criteria for i in c.indicators}


def monitored(inputs: Inputs) -> list[tuple[str, Fraction, float]]:
    """(service, satisfaction, Un points) of every monitored service, in the list's order."""
    catalog = load_catalog(inputs.meta.edition)
    direction = catalog.direction("services")
    measure = next(m for m in direction.measures if m.bands)
    top = next(i for c in direction.criteria_for(inputs.meta.body_type) for i in c.indicators if i.id.endswith(".P1"))
    maximum = top.max_for(inputs.meta.body_type)
    data = inputs.lists.get("services.monitoring")
    rows = data.rows if data else ()
    return [(str(r.values.get("service")), r.values["satisfaction"], float(band_value(measure.bands, r.values["satisfaction"]) * Fraction(str(maximum))))
            for r in rows if r.values.get("satisfaction") is not None]


def _sat(value: Fraction) -> str:
    return f"{float(value):.2f}".replace(".", ",")


def _satisfaction(direction: DirectionScore, inputs: Inputs) -> str:
    p = _by_id(direction)
    rows = monitored(inputs)
    if not rows:
        text = f"общественным мониторингом услуги органа не оценивались; P1 — {_pts(p['P1'])} ({note_words(p['P1'])})."
    else:
        mean = sum((s for _, s, _ in rows), Fraction(0)) / len(rows)
        text = (f"общественным мониторингом оценено {_n(len(rows))} {services_word(len(rows))}, средний уровень удовлетворенности "
                f"{_sat(mean)} из 5; по Прил. 6 P1 = {_pts(p['P1'])}.")
        low = [(name, s, un) for name, s, un in rows if s < LOW_SATISFACTION]
        if low:
            named = "; ".join(f"«{name}» — {_sat(s)} ({points_text(un)})" for name, s, un in low[:SHOWN])
            more = f" и еще {_n(len(low) - SHOWN)}" if len(low) > SHOWN else ""
            text += f" Ниже 4,0 (0 баллов): {named}{more}."
    i, b1 = _v(inputs, "justified_complaints"), _v(inputs, "rendered_total")
    if b1 == 0:
        text += f" Услуги не оказывались; P2 — {_pts(p['P2'])}."
    else:
        text += (f" Обоснованных жалоб на качество — {_n(i)} на {_n(b1)} оказанных услуг ({_per(i, b1)} на 10 000); "
                 f"P2 = {_pts(p['P2'])}.")
    return text


_BREACHES = (("T1", "late", "rendered_incl_electronic", "с нарушением сроков"),
             ("T2", "unjustified_refusals", "rendered_total", "необоснованных отказов"),
             ("T3", "incomplete_package", "rendered_total", "при неполном пакете документов"),
             ("T4", "extra_documents", "rendered_total", "с истребованием документов сверх перечня"))


def _quality(direction: DirectionScore, inputs: Inputs) -> str:
    p = _by_id(direction)
    parts = []
    for tid, num, den, what in _BREACHES:
        a, b = _v(inputs, num), _v(inputs, den)
        if b == 0:
            parts.append(f"{tid}: услуги не оказывались — {_pts(p[tid])}")
        else:
            parts.append(f"{tid}: {what} — {_n(a)} из {_n(b)} ({_per(a, b)} на 10 000) — {_pts(p[tid])}")
    return f"{points_text(sum(p[t].points for t, *_ in _BREACHES), 2)}. " + "; ".join(parts) + "."


def automation(direction: DirectionScore, inputs: Inputs) -> str:
    """K3 part by part (Прил. 5)."""
    p = _by_id(direction)
    k3 = next(c for c in direction.criteria if c.id == "K3")
    n, ck, dk = _v(inputs, "kinds_total"), _v(inputs, "kinds_partial"), _v(inputs, "kinds_full")
    ev, z, bv, c2 = (_v(inputs, k) for k in ("volume_electronic", "volume_total", "automated_paper", "automated_total"))
    w, t, q, l = (_v(inputs, k) for k in ("kinds_mobile", "downtime_hours", "kinds_proactive", "digital_documents"))
    share = f"{score_text(ev / z * 100)} %" if z else "объем не указан"
    lines = [
        f"K3 = {_pts(k3)}.",
        f"T (степень автоматизации): автоматизировано {_n(ck + dk)} из {_n(n)} видов услуг (частично {_n(ck)}, "
        f"полностью {_n(dk)}) — {_pts(p['T'])}.",
        f"V (эффективность автоматизации): в электронной форме {_n(ev)} из {_n(z)} ({share}); по автоматизированным "
        f"услугам в бумажной форме {_n(bv)} из {_n(c2)} — {_pts(p['V'])}.",
        f"C (смартфонизация): в мобильных приложениях {_n(w)} из {_n(ck + dk)} автоматизированных — {_pts(p['C'])}.",
        f"P (недоступность): {_n(t)} ч — {deduction_text(p['P'].points, p['P'].max)}.",
        f"D (проактивные услуги): {_n(q)} — {_pts(p['D'])}; S (цифровые документы): {_n(l)} — {_pts(p['S'])}.",
    ]
    notes = [note_words(i) for i in k3.indicators if i.note] + ([k3.note] if k3.note else [])
    if notes:
        lines.append("Примечания: " + "; ".join(notes) + ".")
    return " ".join(lines)


def analysis(direction: DirectionScore, inputs: Inputs) -> list[str]:
    """One text per criterion, in the order of the direction's criteria (K1, K2, K3 or M1, M2)."""
    texts = {"1": _satisfaction, "2": _quality, "3": automation}
    return [texts[c.id[1]](direction, inputs) for c in direction.criteria]


def recommendations(direction: DirectionScore, inputs: Inputs) -> list[str]:
    """Per criterion that lost points, the catalog's advice of each indicator that lost them (K3's P counts when
    it deducted anything; the bonuses D and S never need advice)."""
    spec = load_catalog(inputs.meta.edition).direction("services")
    advice_of = {i.id: i.advice for c in spec.criteria_for(inputs.meta.body_type) for i in c.indicators}
    out = []
    for c in direction.criteria:
        lost = [i for i in c.indicators if not i.bonus and (i.points > 0 if i.id.endswith(".P") else i.points < i.max)]
        advice = [advice_of[i.id] for i in lost if i.applicable and advice_of.get(i.id)]
        if advice:
            out.append(f"По критерию «{c.title}» (потеряно {points_text(c.max - c.points, 2)}): "
                       + "; ".join(advice) + ".")
        if any(not i.applicable for i in lost):
            out.append(f"По критерию «{c.title}»: {note_words(next(i for i in lost if not i.applicable))}.")
    if not out:
        out.append("Нарушений по критериям не выявлено; рекомендуется сохранить достигнутый уровень.")
    return out
