"""What a body changed in the template it was issued: labels, formulas, validations, names, sheets of ours.

`verify` proves a scored copy against the body's file; this is the other half, the body's file against
the template it was issued as (`workbook.issued`). Each difference is a warning naming the sheet and
cell, was and now; `validate` shows the first TAMPER_LIMIT of them (what the reader already reports as
an error at the same place is not repeated), `verify --template` all of them. A validation is checked
at the first and the last row the template formats, so a list grown or shortened by the body, or a
validation LibreOffice cut to its used rows, is no change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.workbook.cells import from_excel

from toolkit import __version__
from toolkit.engine.inputs import Meta
from toolkit.problems import CellRef, Problem, problem, shortened, shown
from toolkit.workbook.issued import Expected, ExpectedSheet, expected_for
from toolkit.workbook.structure import Coverage, SheetInfo, Validation, blank, normal_formula, sheet_info
from toolkit.workbook.xlsx import Xlsx, coordinate

CHANGE_CODES = ("template.sheet_changed", "template.label_changed", "template.formula_changed",
                "template.validation_changed", "template.name_changed")
TAMPER_LIMIT = 25  # changes `validate` lists; `verify --template` lists them all


def template_changes(wb: Xlsx, meta: Meta) -> list[Problem]:
    """Every change from the template regenerated from `meta`, in the open workbook."""
    return changes(expected_for(meta), wb)


def template_warnings(found: list[Problem], reported: list[Problem], meta: Meta, path: str | Path) -> list[Problem]:
    """`validate`'s share of the changes `found`: those not already `reported` by the reader at the same
    cell, sheet or name, at most TAMPER_LIMIT of them and then one line saying how many more there are."""
    found = [p for p in found if not _already(p, reported)]
    if not found:
        return []
    more = [problem("template.more", shown=TAMPER_LIMIT, total=len(found), path=Path(path).name)]
    return found[:TAMPER_LIMIT] + (more if len(found) > TAMPER_LIMIT else []) + version_note(meta)


def version_note(meta: Meta) -> list[Problem]:
    """A template made by another version of xlscore may differ from ours for that reason alone."""
    if meta.toolkit_version in ("", __version__):
        return []
    return [problem("template.version", version=meta.toolkit_version, current=__version__)]


def _already(found: Problem, reported: list[Problem]) -> bool:
    for p in reported:
        if p.where is not None and p.where == found.where:
            return True
        if found.code == "template.sheet_changed" and p.params.get("sheet") == found.params.get("sheet"):
            return True
        if found.code == "template.name_changed" and p.key == found.key:
            return True
    return False


def changes(expected: Expected, wb: Xlsx) -> list[Problem]:
    """Every difference from the template in the body's workbook, sheet by sheet, then the names."""
    problems: list[Problem] = []
    for sheet in expected.sheets:
        found = wb.sheet(sheet.name)
        if found is None:
            problems.append(problem("template.sheet_changed", sheet=sheet.name, what="удален или переименован"))
            continue
        if (found.state == "visible") != sheet.visible:
            problems.append(problem("template.sheet_changed", sheet=sheet.name, what=(
                "стал видимым (так бывает и после сохранения книги другой программой, например Gnumeric)"
                if sheet.visible is False else "скрыт")))
        problems += _sheet_changes(sheet, sheet_info(wb, sheet.name, sheet.wanted, sheet.reach))
    for name, (text, where) in expected.names.items():
        now = wb.defined_name(name)
        if now is None or normal_formula(now) != normal_formula(text):
            problems.append(problem("template.name_changed", where, name, name=name, was=f"«{text}»",
                                    now=f"«{now}»" if now else "имя удалено"))
    return problems


def _sheet_changes(sheet: ExpectedSheet, info: SheetInfo) -> list[Problem]:
    problems = []
    cells, labels, formulas = info.cells, sheet.labels, sheet.formulas
    for (row, col) in sorted(labels.keys() | formulas.keys()):
        cell = cells.get((row, col))
        value, formula = (cell.value, cell.formula) if cell else (None, None)
        if (row, col) in formulas:
            written, normal = formulas[row, col]
            if formula is None or normal_formula(formula) != normal:
                problems.append(problem("template.formula_changed", CellRef(sheet.name, coordinate(row, col)),
                                        was=f"«={written}»",
                                        now=f"формула «={formula}»" if formula is not None else _value_text(value)))
        elif formula is not None or not _same(labels[row, col], value):
            was, now = _excerpts(str(labels[row, col]), f"={formula}" if formula is not None else shown(value))
            problems.append(problem("template.label_changed", CellRef(sheet.name, coordinate(row, col)), was=was, now=now))
    coverage = Coverage(info.validations)
    for validation in sheet.validations:
        problems += _validation_changes(sheet, validation, coverage)
    return problems


def _validation_changes(sheet: ExpectedSheet, validation: Validation, found: Coverage) -> list[Problem]:
    """One problem per validation of ours that lost or changed its rule at the first or the last formatted
    cell of some of its ranges, at the first such cell, naming those ranges."""
    broken: list[tuple[int, int, int, int]] = []
    now: Validation | None = None
    rule, first = validation.rule, found.first
    for c1, r1, c2, r2 in validation.ranges:
        here = first(r1, c1)
        if here is not None and here.rule == rule:
            last = sheet.corner(r1, r2)
            if last == r1 and c2 == c1:
                continue  # one cell, checked
            here = first(last, c2)
            if here is not None and here.rule == rule:
                continue
        broken.append((c1, r1, c2, r2))
        now = now or here
    if not broken:
        return []
    c1, r1 = broken[0][:2]
    return [problem("template.validation_changed", CellRef(sheet.name, coordinate(r1, c1)), cells=_ranges_text(broken),
                    was=describe(validation), now=describe(now) if now else "проверки нет")]


def _ranges_text(ranges: list[tuple[int, int, int, int]]) -> str:
    """«D15:D21» for a column of single cells in a row (as openpyxl writes them), else the ranges listed."""
    cols = {c1 for c1, _, c2, _ in ranges} | {c2 for _, _, c2, _ in ranges}
    rows = [r for _, r1, _, r2 in ranges for r in (r1, r2)]
    if len(cols) == 1 and all(r1 == r2 for _, r1, _, r2 in ranges) and sorted(rows)[::2] == list(
            range(min(rows), max(rows) + 1)):
        col = next(iter(cols))
        return coordinate(min(rows), col) + (f":{coordinate(max(rows), col)}" if len(ranges) > 1 else "")
    texts = [coordinate(r1, c1) if (c1, r1) == (c2, r2) else f"{coordinate(r1, c1)}:{coordinate(r2, c2)}"
             for c1, r1, c2, r2 in ranges]
    return ", ".join(texts[:5]) + (", …" if len(texts) > 5 else "")


_TYPES = {"whole": "целое число", "decimal": "число", "list": "значение из списка", "date": "дата", "time": "время",
          "textLength": "длина текста", "custom": "формула", "none": "любое значение"}
_OPERATORS = {"between": "от {a} до {b}", "notBetween": "не от {a} до {b}", "equal": "= {a}", "notEqual": "≠ {a}",
              "greaterThan": "> {a}", "lessThan": "< {a}", "greaterThanOrEqual": "≥ {a}", "lessThanOrEqual": "≤ {a}"}


def describe(validation: Validation) -> str:
    """A validation in a clerk's words: «целое число ≥ 0», «дата от 01.01.2022 до 31.12.2022»."""
    kind, operator, _, _, blocks = validation.rule
    a, b = (_operand(kind, f) for f in (validation.formula1, validation.formula2))
    if kind in ("list", "custom"):
        text = f"{_TYPES[kind]} «{validation.formula1}»"
    else:
        text = f"{_TYPES.get(kind, kind)} {_OPERATORS.get(operator, operator + ' {a}').format(a=a, b=b)}".strip()
    return f"«{text}»" + ("" if blocks == "stop" else " без запрета ввода")


def _operand(kind: str, text: str) -> str:
    """A bound as typed; a date's serial number as the date."""
    if kind == "date" and text.strip().isdigit():
        try:
            return from_excel(int(text.strip())).strftime("%d.%m.%Y")
        except (ValueError, OverflowError):
            pass
    return text.strip()


def _value_text(value: Any) -> str:
    return "пусто" if blank(value) else f"значение «{shortened(str(value))}»"


def _same(expected: Any, value: Any) -> bool:
    if value.__class__ is expected.__class__ and value == expected:  # the usual label, unchanged
        return True
    if isinstance(expected, (int, float)) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(expected) == float(value)
    return str(expected).strip() == ("" if value is None else str(value).strip())


EXCERPT = 80


def _excerpts(was: str, now: str) -> tuple[str, str]:
    """Both texts, or for long ones the stretch around their first difference, so the change shows."""
    if len(was) <= EXCERPT and len(now) <= EXCERPT:
        return was, now
    first = next((i for i, (a, b) in enumerate(zip(was, now)) if a != b), min(len(was), len(now)))
    start = max(0, first - 30)

    def cut(text: str) -> str:
        return ("…" if start else "") + text[start:start + EXCERPT] + ("…" if len(text) > start + EXCERPT else "")

    return cut(was), cut(now)
