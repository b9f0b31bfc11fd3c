"""The catalog's expression language: exact values, Excel and Russian renderings, and its whitelist.

Conditions and shares of the openness rules are text in the catalog; these tests pin what that text
may contain (never code), what it computes, and that its Excel form agrees with it in LibreOffice's
and the `formulas` package's sense (checked on real workbooks in test_sheets_openness.py).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.engine.measures import row_functions
from toolkit.rules.base import CatalogError
from toolkit.rules.expr import parse

ROW = frozenset({"filled", "on_time", "within_working_days", "half", "earliest", "date"})


@pytest.mark.parametrize(("text", "values", "expected"), [
    ("a / b", {"a": 1, "b": 3}, Fraction(1, 3)),
    ("a / b", {"a": 1, "b": 0}, Fraction(0)),                 # a zero denominator never raises
    ("max(b, 12)", {"b": 10}, Fraction(12)),
    ("2.5 * a / max(b, 12)", {"a": 3, "b": 10}, Fraction(5, 8)),
    ("q * 10 > r", {"q": 1, "r": 10}, Fraction(0)),            # exactly 10 %: not more
    ("q * 10 > r", {"q": 2, "r": 10}, Fraction(1)),
    ("(a >= 1 and b >= 1) + (c >= 1)", {"a": 1, "b": 0, "c": 5}, Fraction(1)),
    ("not flag", {"flag": False}, Fraction(1)),
    ("x - y", {"x": 0.1, "y": 0.3}, Fraction(-1, 5)),         # 0.1 is 1/10, not the nearest double
    ("1 < a <= 3", {"a": 3}, Fraction(1)),
])
def test_values_are_exact(text, values, expected):
    assert parse(text, "t").value(values) == expected


@pytest.mark.parametrize(("text", "row", "expected"), [
    ("filled(placed)", {"placed": None}, False),
    ("on_time(placed, deadline)", {"placed": date(2022, 4, 18), "deadline": date(2022, 4, 16)}, True),   # Sat → Mon
    ("on_time(placed, deadline)", {"placed": date(2022, 4, 19), "deadline": date(2022, 4, 16)}, False),
    ("on_time(placed, deadline)", {"placed": None, "deadline": date(2022, 4, 16)}, False),
    ("within_working_days(placed, got, 15)", {"placed": date(2022, 3, 28), "got": date(2022, 3, 1)}, True),
    ("within_working_days(placed, got, 15)", {"placed": date(2022, 3, 29), "got": date(2022, 3, 1)}, False),
    ("kind == 1 and half(day) == 2", {"kind": 1, "day": date(2022, 7, 1)}, True),
    ("kind == 'audit'", {"kind": "audit"}, True),
    ("kind == 1", {"kind": "1"}, False),                     # a text never equals a number
    ("answered < 90", {"answered": None}, False),            # an empty cell compares false
    ("on_time(r, earliest(c, date(period, 4, 1)))", {"r": date(2022, 3, 31), "c": None, "period": 2022}, True),
])
def test_row_conditions(text, row, expected):
    assert parse(text, "t", ROW).holds(row, row_functions(2022)) is expected


@pytest.mark.parametrize("text", [
    "__import__('os').system('id')", "a.b", "a[0]", "lambda: 1", "[a for a in b]", "a if b else c",
    "open('/etc/passwd')", "'text'", "a ** 2", "a // 2", "a % 2", "f(a)", "max(a, key=b)", "",
])
def test_only_the_whitelist_parses(text):
    with pytest.raises(CatalogError) as caught:
        parse(text, "directions.openness.criteria[0].rule.numerator")
    assert str(caught.value).startswith("directions.openness.criteria[0].rule.numerator: ")


def test_row_functions_only_where_rows_are_read():
    with pytest.raises(CatalogError):
        parse("filled(placed)", "t")
    assert parse("filled(placed)", "t", ROW).names == ("placed",)


@pytest.mark.parametrize(("text", "excel", "russian"), [
    ("q * 10 > r", "((Q*10)>R)", "(q × 10) > r"),
    ("a / max(b, 12)", "IF((MAX(B,12))=0,0,(A)/(MAX(B,12)))", "a / max(b; 12)"),
    ("x and not y", "AND(X,NOT(Y))", "x и не (y)"),
    ("1 < a <= 3", "AND((1<A),(A<=3))", "1 < a ≤ 3"),
])
def test_excel_and_russian(text, excel, russian):
    expr = parse(text, "t")
    assert expr.excel({n: n.upper() for n in expr.names}) == excel
    assert expr.russian() == russian


@given(st.integers(-10**6, 10**6), st.integers(-10**6, 10**6), st.integers(1, 10**6))
def test_arithmetic_matches_python_fractions(a, b, c):
    assert parse("(a + b) * 3 - a / c", "t").value({"a": a, "b": b, "c": c}) == (Fraction(a) + b) * 3 - Fraction(a, c)


def test_expressions_survive_pickling_for_worker_processes():
    """`score --jobs N` returns results (which hold the catalog's expressions) from worker processes."""
    import pickle

    for expr, values, functions in ((parse("a / max(b, 12)", "t"), {"a": 6, "b": 3}, None),
                                    (parse("filled(x) and kind == 'audit'", "t", ROW), {"x": 1, "kind": "audit"},
                                     row_functions(2022))):
        copy = pickle.loads(pickle.dumps(expr))
        assert copy == expr and copy.value(values, functions) == expr.value(values, functions)
