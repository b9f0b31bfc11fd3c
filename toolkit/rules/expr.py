"""Small arithmetic and logical expressions the catalog writes its rules in.

The catalog says «dislikes_kk * 10 > rated_kk» or «max(events_total, 12)» as text, so a new edition
changes a threshold by editing data. Expressions are parsed with Python's own `ast` and only a
whitelist of nodes is accepted (numbers, names, + − × ÷, comparisons, and/or/not, min/max/abs),
so a catalog can never run code. The same tree is evaluated exactly (Fractions; True is 1) and
written as an Excel formula over cell references, which is how a second engine checks the first.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any

from toolkit.rules.base import CatalogError, exact

_BINARY = {ast.Add: ("+", lambda a, b: a + b), ast.Sub: ("-", lambda a, b: a - b),
           ast.Mult: ("*", lambda a, b: a * b), ast.Div: ("/", None)}
_COMPARE = {ast.Gt: (">", ">", lambda a, b: a > b), ast.GtE: (">=", "≥", lambda a, b: a >= b),
            ast.Lt: ("<", "<", lambda a, b: a < b), ast.LtE: ("<=", "≤", lambda a, b: a <= b),
            ast.Eq: ("=", "=", lambda a, b: a == b), ast.NotEq: ("<>", "≠", lambda a, b: a != b)}
_FUNCTIONS: dict[str, Callable[..., Fraction]] = {"max": max, "min": min, "abs": abs}


@dataclass(frozen=True, slots=True)
class Expr:
    """A parsed expression; `names` are the symbols it reads.

    Its tree and compiled runner are made on first use when the expression comes from a pickle (the
    compiled catalog, a result sent between processes): a run uses a few of the catalog's ~220
    expressions, and parsing them all cost every start about 5 ms (issue 15)."""

    text: str
    parsed: tuple[ast.expr, Runner] | None = field(default=None, repr=False, compare=False)
    names: tuple[str, ...] = ()
    functions: frozenset[str] = frozenset()  # the extra function names it was allowed

    def __reduce__(self) -> tuple[Any, ...]:
        """Closures do not pickle; results cross process boundaries (`score --jobs`), so send the text
        (and the names, so that nothing is parsed until the expression is used)."""
        return _unpickled, (self.text, self.names, self.functions)

    @property
    def tree(self) -> ast.expr:
        return self._parsed()[0]

    @property
    def run(self) -> Runner:
        return self._parsed()[1]

    def _parsed(self) -> tuple[ast.expr, Runner]:
        if self.parsed is None:
            object.__setattr__(self, "parsed", _parse(self.text, "<pickled>", self.functions).parsed)
        return self.parsed  # type: ignore[return-value]

    def value(self, values: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]] | None = None) -> Any:
        """Exact value; a comparison or and/or gives 1 or 0; x / 0 gives 0 (callers guard real shares).

        `functions` adds the row functions of list measures (filled, on_time, …); names then may
        stand for dates, texts or empty cells, which compare as false rather than fail.
        """
        return self.run(values, {**_FUNCTIONS, **functions} if functions else _FUNCTIONS)

    def holds(self, values: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]] | None = None) -> bool:
        return _truthy(self.value(values, functions))

    def excel(self, refs: Mapping[str, str]) -> str:
        """The same expression as an Excel formula body (no leading «=»)."""
        return _excel(self.tree, refs)

    def russian(self) -> str:
        """Readable form for the «Баллы» sheet: «×», «≥», «и», «или»."""
        return _russian(self.tree)


def parse(text: Any, where: str, functions: frozenset[str] = frozenset()) -> Expr:
    """Parse and whitelist; `functions` are extra function names allowed (row functions of lists)."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise CatalogError(f"{where}: expected an expression, got {text!r}")
    return _parse(str(text), where, functions)


@cache
def _parse(text: str, where: str, functions: frozenset[str]) -> Expr:
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise CatalogError(f"{where}: cannot parse expression {text!r}: {exc.msg}") from None
    names: list[str] = []
    _check(tree, where, text, names, functions)
    return Expr(text, (tree, _compile(tree)), tuple(dict.fromkeys(names)), functions)


def _unpickled(text: str, names: tuple[str, ...], functions: frozenset[str]) -> Expr:
    """An expression from a pickle: parsed (and checked against the whitelist) only when first used."""
    if not isinstance(text, str) or not isinstance(functions, frozenset):
        raise TypeError("not an expression")
    return Expr(text, None, tuple(str(n) for n in names), functions)


def _check(node: ast.AST, where: str, text: str, names: list[str], functions: frozenset[str]) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and functions:
        return  # row expressions compare choice codes: kind == 'audit'
    if isinstance(node, ast.Constant) and node.value is True and functions:
        return
    if isinstance(node, ast.Name):
        names.append(node.id)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        children: list[ast.AST] = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        children = [node.operand]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
        children = [node.left, *node.comparators]
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
          and (node.func.id in _FUNCTIONS or node.func.id in functions) and not node.keywords and node.args):
        children = list(node.args)
    else:
        raise CatalogError(f"{where}: {ast.unparse(node)!r} is not allowed in an expression ({text!r}); "
                           "use numbers, symbols, + - * /, comparisons, and/or/not, min/max/abs")
    for child in children:
        _check(child, where, text, names, functions)


def _truthy(value: Any) -> bool:
    return value not in (None, "", 0, False)


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, (int, float)):
        return exact(value)
    return value


Runner = Callable[[Mapping[str, Any], Mapping[str, Callable[..., Any]]], Any]


def _compile(node: ast.expr) -> Runner:
    """The tree as nested closures, built once: numbers exact, x / 0 = 0, empty or mixed comparisons false.

    List measures evaluate their condition once per row, tens of thousands of times per workbook;
    closures built once per expression make that several times faster than walking the tree.
    """
    if isinstance(node, ast.Constant):
        constant = node.value if isinstance(node.value, str) else _number(node.value)
        return lambda values, functions: constant
    if isinstance(node, ast.Name):
        name = node.id
        return lambda values, functions: _number(values[name])
    if isinstance(node, ast.BinOp):
        left, right = _compile(node.left), _compile(node.right)
        if isinstance(node.op, ast.Div):
            def divide(values: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]]) -> Any:
                a, b = left(values, functions), right(values, functions)
                return a / b if b else Fraction(0)
            return divide
        operate = _BINARY[type(node.op)][1]
        return lambda values, functions: operate(left(values, functions), right(values, functions))
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda values, functions: -operand(values, functions)
        return lambda values, functions: Fraction(int(not _truthy(operand(values, functions))))
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda values, functions: Fraction(int(all(_truthy(p(values, functions)) for p in parts)))
        return lambda values, functions: Fraction(int(any(_truthy(p(values, functions)) for p in parts)))
    if isinstance(node, ast.Compare):
        first = _compile(node.left)
        steps = [(_COMPARE[type(op)][2], _compile(c)) for op, c in zip(node.ops, node.comparators)]

        def compare(values: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]]) -> Fraction:
            left = first(values, functions)
            for test, get in steps:
                right = get(values, functions)
                if left is None or right is None or type(left) is not type(right) and str in (type(left), type(right)):
                    return Fraction(0)
                if not test(left, right):
                    return Fraction(0)
                left = right
            return Fraction(1)
        return compare
    if isinstance(node, ast.Call):
        name, args = node.func.id, [_compile(a) for a in node.args]  # type: ignore[union-attr]
        return lambda values, functions: functions[name](*(a(values, functions) for a in args))
    raise TypeError(node)  # unreachable: _check admitted only the nodes above


def _excel(node: ast.expr, refs: Mapping[str, str]) -> str:
    if isinstance(node, ast.Constant):
        value = node.value
        return repr(int(value)) if float(value).is_integer() else repr(value)
    if isinstance(node, ast.Name):
        return refs[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _excel(node.left, refs), _excel(node.right, refs)
        if isinstance(node.op, ast.Div):
            return f"IF(({right})=0,0,({left})/({right}))"
        return f"({left}{_BINARY[type(node.op)][0]}{right})"
    if isinstance(node, ast.UnaryOp):
        inner = _excel(node.operand, refs)
        return f"(-{inner})" if isinstance(node.op, ast.USub) else f"NOT({inner})"
    if isinstance(node, ast.BoolOp):
        return ("AND(" if isinstance(node.op, ast.And) else "OR(") + ",".join(_excel(v, refs) for v in node.values) + ")"
    if isinstance(node, ast.Compare):
        parts, left = [], _excel(node.left, refs)
        for op, comparator in zip(node.ops, node.comparators):
            right = _excel(comparator, refs)
            parts.append(f"({left}{_COMPARE[type(op)][0]}{right})")
            left = right
        return parts[0] if len(parts) == 1 else "AND(" + ",".join(parts) + ")"
    if isinstance(node, ast.Call):
        return node.func.id.upper() + "(" + ",".join(_excel(a, refs) for a in node.args) + ")"  # type: ignore[union-attr]
    raise TypeError(node)


def _russian(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        value = float(node.value)
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.BinOp):
        sign = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/"}[type(node.op)]
        return f"{_wrap(node.left)} {sign} {_wrap(node.right)}"
    if isinstance(node, ast.UnaryOp):
        return f"−{_wrap(node.operand)}" if isinstance(node.op, ast.USub) else f"не ({_russian(node.operand)})"
    if isinstance(node, ast.BoolOp):
        return (" и " if isinstance(node.op, ast.And) else " или ").join(_wrap(v) for v in node.values)
    if isinstance(node, ast.Compare):
        out = _wrap(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            out += f" {_COMPARE[type(op)][1]} {_wrap(comparator)}"
        return out
    if isinstance(node, ast.Call):
        return f"{node.func.id}(" + "; ".join(_russian(a) for a in node.args) + ")"  # type: ignore[union-attr]
    raise TypeError(node)


def _wrap(node: ast.expr) -> str:
    text = _russian(node)
    return f"({text})" if isinstance(node, (ast.BinOp, ast.BoolOp, ast.Compare)) else text


def substitute(spec: Any, lang: str) -> Any:
    """The catalog entry with «{lang}» replaced by a language code, recursively."""
    if isinstance(spec, str):
        return spec.replace("{lang}", lang)
    if isinstance(spec, list):
        return [substitute(s, lang) for s in spec]
    if isinstance(spec, dict):
        return {k: substitute(v, lang) for k, v in spec.items()}
    return spec


def mentions_language(spec: Any) -> bool:
    return substitute(spec, "\0") != spec
