"""Letters for the catalog's symbols where a person reads a rule: «2,5 × (a) / (b)», not «pub_placed_kk».

The methodology names the numbers of complaints and services by letters (f, p, b1, ck) and the
catalog keeps them; openness has no letters in the official text, so the catalog names its numbers
by program symbols (`pub_placed_kk`). Those are the engine's keys and stay there, but «Баллы» and
`explain` show each indicator's rule to an assessor: there every symbol that is not a methodology
letter gets a letter of its own row, in the order the rule names it, and the row says what the
letter stands for beside its value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from toolkit.catalog.model import Direction
from toolkit.engine.scoring import IndicatorScore

# A methodology letter: one or two Latin letters and at most one digit (f, p, b1, ck, c2, bv).
_LETTER = re.compile(r"[A-Za-z]{1,2}\d?")
_WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
# Letters given to a row's program symbols; i, j, l, o and x are left out (read as 1, 0 or ×).
_POOL = "abcdefghkmnpqrstuvwyz"


def is_letter(symbol: str) -> bool:
    """True for the methodology's own letters, shown as they are."""
    return bool(_LETTER.fullmatch(symbol))


def letters(ind: IndicatorScore, labels: Mapping[str, str]) -> dict[str, str]:
    """The row's program symbols → letters: those its rule names, in the rule's order, then any other
    input of the row; never a letter the rule already uses for something else. `labels` holds the
    direction's symbols (its inputs and counted numbers) with what each stands for: a word of the rule
    that is not among them («max») is not a symbol."""
    named = _WORD.findall(ind.rule)
    taken = {w for w in named if is_letter(w)}
    order = [w for w in dict.fromkeys([*named, *(u.symbol for u in ind.inputs)]) if w in labels and not is_letter(w)]
    free = (c for c in _POOL if c not in taken)
    return {symbol: next(free, symbol) for symbol in order}


def unvalued(ind: IndicatorScore, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(letter, symbol) of each lettered symbol the row has no value for (an assessor's number not given):
    the rule still names it, so the row says what it stands for."""
    given = {u.symbol for u in ind.inputs}
    return [(letter, symbol) for symbol, letter in names.items() if symbol not in given]


def symbol_labels(spec: Direction) -> dict[str, str]:
    """Every symbol of a direction (inputs and counted numbers) → what it stands for."""
    return {**{i.symbol: i.label for i in spec.inputs}, **{m.symbol: m.label for m in spec.measures}}


def lettered(text: str, names: Mapping[str, str]) -> str:
    """`text` with each whole symbol of `names` replaced by its letter."""
    if not names:
        return text
    return _WORD.sub(lambda m: names.get(m.group(), m.group()), text)
