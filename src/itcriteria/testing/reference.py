"""The reference interpreter of the rule language: simpleeval's tree walker, set up as rules are meant.

Compiled rules are checked against it (``itcriteria.testing``) and timed against it (the benchmarks). It
needs only the core's dependencies, not Hypothesis.
"""

from __future__ import annotations

import ast
import decimal
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import simpleeval  # type: ignore[import-untyped]  # simpleeval ships no type information

from .._core import CONTEXT, ONE, ZERO
from ..expressions import FUNCTIONS


def _number(value: object) -> object:
    """A yes/no value as Decimal 1 or 0; anything else unchanged."""
    return (ONE if value else ZERO) if isinstance(value, bool) else value


def _arithmetic(function: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *args: function(*map(_number, args))


def _power(base: Any, exponent: Any) -> Any:
    base, exponent = _number(base), _number(exponent)
    if exponent < 0 and not base:
        raise ZeroDivisionError("zero to a negative power")
    return base**exponent


#: The rule language's operators for simpleeval: arithmetic counts yes/no values as Decimal 1 and 0.
OPERATORS: Mapping[type[ast.AST], Callable[..., Any]] = {
    ast.Add: _arithmetic(operator.add),
    ast.Sub: _arithmetic(operator.sub),
    ast.Mult: _arithmetic(operator.mul),
    ast.Div: _arithmetic(operator.truediv),
    ast.FloorDiv: _arithmetic(operator.floordiv),
    ast.Mod: _arithmetic(operator.mod),
    ast.Pow: _power,
    ast.USub: _arithmetic(operator.neg),
    ast.UAdd: _arithmetic(operator.pos),
    ast.Not: operator.not_,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _constant(node: ast.Constant) -> object:
    """A number literal as the exact Decimal it is written as (``Decimal(repr(float))``), as rules read it."""
    value = node.value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise ValueError(f"{value!r} is not a number; rules compute with numbers only")


class ReferenceEvaluator:
    """simpleeval's tree-walking interpreter, set up as the rule language means rules.

    Number literals are exact Decimals, the functions are the built-in ones of
    :data:`itcriteria.expressions.FUNCTIONS` (or ``functions``), and arithmetic counts yes/no values as
    Decimal 1 and 0 (``operators`` replaces those operators, e.g. with ``simpleeval.DEFAULT_OPERATORS``
    to time plain simpleeval). ``names`` are the inputs; change them between evaluations. It walks the
    syntax tree on every evaluation, which makes it slow and obviously right: the reference the
    compiled rules are compared with.
    """

    def __init__(
        self,
        names: Mapping[str, object] | None = None,
        *,
        functions: Mapping[str, Callable[..., object]] | None = None,
        operators: Mapping[type[ast.AST], Callable[..., Any]] | None = None,
    ) -> None:
        self._simple = simpleeval.SimpleEval(
            operators=dict(OPERATORS if operators is None else operators),
            functions=dict(FUNCTIONS if functions is None else functions),
            names=dict(names or {}),
        )
        self._simple.nodes[ast.Constant] = _constant

    @property
    def names(self) -> dict[str, object]:
        """The inputs the next evaluation sees (the evaluator's own dict: assign to its items)."""
        names: dict[str, object] = self._simple.names
        return names

    def parse(self, source: str) -> ast.AST:
        """The syntax tree of ``source``, to evaluate many times with :meth:`evaluate`."""
        tree: ast.AST = self._simple.parse(source)
        return tree

    def evaluate(self, source: str, parsed: ast.AST | None = None) -> object:
        """The value of ``source`` (parsed already when ``parsed`` is given), in the current decimal context.

        Whatever simpleeval raises passes through; the value is returned as it comes (a yes/no result
        stays a bool).
        """
        return self._simple.eval(source, previously_parsed=parsed)


def reference_evaluate(
    source: str,
    inputs: Mapping[str, object],
    *,
    functions: Mapping[str, Callable[..., object]] | None = None,
) -> Decimal:
    """Evaluate ``source`` on ``inputs`` with the reference interpreter, in the scoring context.

    Returns the Decimal result (a yes/no result as 1 or 0); raises whatever the interpreter raises, and
    ``ArithmeticError`` for a result that is not a finite number. For every rule the compiler accepts,
    ``itcriteria.expressions.compile(source, names)(**inputs)`` gives exactly this value, or raises
    ExpressionError when this raises.
    """
    evaluator = ReferenceEvaluator(inputs, functions=functions)
    parsed = evaluator.parse(source)
    with decimal.localcontext(CONTEXT):
        result = _number(evaluator.evaluate(source, parsed))
    if not isinstance(result, Decimal):
        raise TypeError(f"the rule gave {type(result).__name__} {result!r}, not a number")
    if not result.is_finite():
        raise ArithmeticError(f"the rule gave {result}, not a finite number")
    return result
