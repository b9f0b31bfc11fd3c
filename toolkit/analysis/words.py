"""Scores and notes in words: «снято 0,15 балла», «14,01 из 18 баллов», and an engine note in words: the catalog's symbols («concepts», «q_disliked_kk») replaced by their labels.

The rules describe a zero denominator or a zero_if / max_if condition with the catalog's symbols
(«concepts = 0: 1 балл»), which is what the JSON keeps; every sheet a person reads says it with the
labels of the numbers the half used instead, so no internal name reaches paper.
"""

from __future__ import annotations

import re

from toolkit.numbers import number_text, plural, points_text, score_text
from toolkit.engine.scoring import IndicatorScore

_SYMBOL = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def inline(label: str) -> str:
    """A label inside a sentence: «Из них получили ответы» → «из них получили ответы» (not «IT», «СМИ»)."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def in_words(text: str, ind: IndicatorScore) -> str:
    """`text` with each symbol the half used replaced by its label in quotes; other words untouched."""
    labels = {u.symbol: u.label for u in ind.inputs}
    return _SYMBOL.sub(lambda m: f"«{inline(labels[m.group()])}»" if m.group() in labels else m.group(), text)


_ZERO = re.compile(r"^(?P<what>.+) = 0: (?P<then>.+)$")


def note_words(ind: IndicatorScore) -> str:
    """The half's note as a reader sees it («» when it has none): «concepts = 0: 1 балл» reads
    «проектов концепций законопроектов — 0, поэтому 1 балл»."""
    text = in_words(ind.note or "", ind)
    zero = _ZERO.match(text)
    if zero is None:
        return text
    what = zero["what"][1:-1] if zero["what"].count("«") == 1 and zero["what"].startswith("«") and zero["what"].endswith("»") else zero["what"]
    return f"{what} — 0, поэтому {zero['then']}"


def deduction_text(points: float, cap: float) -> str:
    """A penalty said as what it takes away: «снято 0,15 балла (не более 1,5)», never «0,15 из 1,5»."""
    return f"снято {points_text(points, 2)} (не более {number_text(cap)})"


def earned_text(points: float, maximum: float) -> str:
    """«14,01 из 18 баллов», «0,15 из 1,5 балла», «из 21 балла»: genitive after «из», agreeing with the maximum."""
    word = "балла" if not float(maximum).is_integer() else plural(int(maximum), "балла", "баллов", "баллов")
    return f"{score_text(points)} из {number_text(maximum)} {word}"
