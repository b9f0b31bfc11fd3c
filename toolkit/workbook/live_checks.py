"""The «Проверка» formulas of a scalar-input block: what `validate` would say, while the clerk types.

Data validation stops a value typed into a cell but not one pasted over it, so each input row gets a
formula that flags, for the cell alone, what `validation.check_scalar` flags (an Excel error, a blank,
text, a number stored as text, a negative or fractional count, a share out of its range), followed by
the catalog's checks between inputs, worded in the inputs' labels. «Заполнено ячеек» counts only the
cells that pass their own check.

Every formula uses only functions that Excel, LibreOffice and the `formulas` package compute alike
(tests/test_live_checks.py recomputes them with both second engines): text is tested before
numbers, since `formulas` takes numeric text for a number. A blank required cell says «Заполните
ячейку» from the start, as `validate` would refuse it; the counter says how far the clerk has got.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from toolkit.catalog.model import Direction, InputSpec
from toolkit.engine.validation import NO, RANGES, YES

# Tolerance of a whole number, as numbers.whole: formula noise (400.000000000001) is still whole.
_NOISE = "1E-9"
ERROR_VALUE = "Ошибка: в ячейке ошибка Excel. "
MISSING = "Заполните ячейку. "  # an instruction, not an alarm: a fresh template shows it in every row
NOT_NUMBER = "Ошибка: не число. "
NUMBER_AS_TEXT = "Ошибка: число записано как текст. "
NEGATIVE = "Ошибка: отрицательное число. "
NOT_WHOLE = "Ошибка: нужно целое число. "
NOT_YESNO = f"Ошибка: выберите «{YES}» или «{NO}». "


def out_of_range(kind: str) -> str:
    low, high = RANGES[kind]
    return f"Ошибка: нужно число от {low} до {high}. "


@dataclass(frozen=True)
class Checks:
    """Row → the «Проверка» formula; the «Заполнено ячеек» formula; row → the longest text it can show."""

    formulas: dict[int, str]
    filled: str
    longest: dict[int, str]


def block_checks(direction: Direction, placed: list[tuple[InputSpec, int]], column: str) -> Checks:
    """The live checks of the inputs in `placed` (input, row), whose values sit in `column`."""
    refs = {spec.symbol: f"{column}{row}" for spec, row in placed}
    rows = [row for _, row in placed]
    own = {row: cell_check(spec, f"{column}{row}") for spec, row in placed}
    relations, texts = _relations(direction, refs)
    formulas = {row: "=" + "&".join([own[row], *relations.get(row, [])]) for row in rows}
    # a relation shows only when every cell it reads holds a number: beside a numeric message at most
    longest = {row: max([*_messages(spec), max(_numeric_messages(spec), key=len) + "".join(texts.get(row, []))],
                        key=len) for spec, row in placed}
    filled = "+".join(valid(spec, f"{column}{row}") for spec, row in placed)
    return Checks(formulas, f'=({filled})&" из {len(placed)}"', longest)


def cell_check(spec: InputSpec, ref: str) -> str:
    """An expression giving the cell's own error message, or "" when the cell alone is acceptable."""
    blank = '""' if spec.optional else f'"{MISSING}"'
    if spec.type == "yesno":
        answer = f'IF(OR(TRIM({ref})="{YES}",TRIM({ref})="{NO}"),"","{NOT_YESNO}")'
        return (f'IF(ISERROR({ref}),"{ERROR_VALUE}",IF(ISTEXT({ref}),IF(TRIM({ref})="",{blank},{answer}),'
                f'IF(ISLOGICAL({ref}),"",IF(ISNUMBER({ref}),"{NOT_YESNO}",{blank}))))')
    if spec.type == "count":
        numeric = (f'IF({ref}<-{_NOISE},"{NEGATIVE}",IF(ABS({ref}-ROUND({ref},0))>{_NOISE}*MAX(1,ABS({ref})),'
                  f'"{NOT_WHOLE}",""))')
    elif spec.type in RANGES:
        low, high = RANGES[spec.type]
        numeric = f'IF(OR({ref}<{low},{ref}>{high}),"{out_of_range(spec.type)}","")'
    else:  # points: any number not below 0
        numeric = f'IF({ref}<0,"{NEGATIVE}","")'
    text = f'IF({_looks_numeric(ref)},"{NUMBER_AS_TEXT}","{NOT_NUMBER}")'
    return (f'IF(ISERROR({ref}),"{ERROR_VALUE}",IF(ISTEXT({ref}),IF(TRIM({ref})="",{blank},{text}),'
            f'IF(ISLOGICAL({ref}),"{NOT_NUMBER}",IF(ISNUMBER({ref}),{numeric},{blank}))))')


def valid(spec: InputSpec, ref: str) -> str:
    """1 when the cell holds an acceptable value (a blank never counts), else 0."""
    if spec.type == "yesno":
        return (f'IF(ISLOGICAL({ref}),1,IF(ISTEXT({ref}),'
                f'IF(OR(TRIM({ref})="{YES}",TRIM({ref})="{NO}"),1,0),0))')
    if spec.type == "count":
        ok = f'IF({ref}<-{_NOISE},0,IF(ABS({ref}-ROUND({ref},0))>{_NOISE}*MAX(1,ABS({ref})),0,1))'
    elif spec.type in RANGES:
        low, high = RANGES[spec.type]
        ok = f"IF(OR({ref}<{low},{ref}>{high}),0,1)"
    else:
        ok = f"IF({ref}<0,0,1)"
    return f"IF({number(ref)},{ok},0)"


def number(ref: str) -> str:
    """The cell holds a number, not text: tested as both, since the `formulas` package (unlike Excel
    and LibreOffice) counts numeric text («12») as a number in ISNUMBER and COUNT."""
    return f"AND(ISNUMBER({ref}),NOT(ISTEXT({ref})),NOT(ISLOGICAL({ref})))"


def _looks_numeric(ref: str) -> str:
    """Text a clerk meant as a number («12», «1 234», «12,5», «12.5»), as validation._looks_numeric.

    VALUE reads the decimal separator of the locale, so both separators are tried.
    """
    bare = f'SUBSTITUTE(SUBSTITUTE(TRIM({ref})," ",""),CHAR(160),"")'
    return (f'OR(ISNUMBER(VALUE({bare})),ISNUMBER(VALUE(SUBSTITUTE({bare},",","."))),'
            f'ISNUMBER(VALUE(SUBSTITUTE({bare},".",","))))')


def _messages(spec: InputSpec) -> list[str]:
    if spec.type == "yesno":
        return [ERROR_VALUE, MISSING, NOT_YESNO]
    return [ERROR_VALUE, MISSING, NOT_NUMBER, NUMBER_AS_TEXT, *_numeric_messages(spec)]


def _numeric_messages(spec: InputSpec) -> list[str]:
    """What a cell holding a number can show about itself."""
    if spec.type == "count":
        return ["", NEGATIVE, NOT_WHOLE]
    return ["", out_of_range(spec.type) if spec.type in RANGES else NEGATIVE]


def relation_message(direction: Direction, check) -> str:  # type: ignore[no-untyped-def]
    """«Ошибка: «Рассмотрено с нарушением срока» больше, чем «Рассмотрено жалоб и заявлений».»"""
    left = " + ".join(f"«{direction.input_by_symbol(s).label}»" for s in check.left)
    right = " + ".join(f"«{direction.input_by_symbol(s).label}»" for s in check.right)
    prefix = "Ошибка" if check.severity == "error" else "Проверьте"
    return f"{prefix}: {left} больше, чем {right}. "


def _relations(direction: Direction, refs: dict[str, str]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The catalog's checks whose inputs all sit in `refs` (this sheet, this body type), by the row of
    their first left-hand input: the formula parts and their texts."""
    parts: dict[int, list[str]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    for check in direction.checks:
        symbols = (*check.left, *check.right)
        if not all(s in refs for s in symbols):
            continue
        cells = [refs[s] for s in symbols]
        left = "+".join(refs[s] for s in check.left)
        right = "+".join(refs[s] for s in check.right)
        message = relation_message(direction, check)
        # nested IFs, not AND: AND evaluates every argument, so an error value in one cell would
        # turn the whole «Проверка» cell into #VALUE! instead of its own message
        row = int(refs[check.left[0]].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        numbers = ",".join(number(cell) for cell in cells)
        parts[row].append(f'IF(AND({numbers}),IF({left}>{right},"{message}",""),"")')
        texts[row].append(message)
    return parts, texts
