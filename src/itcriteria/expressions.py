"""The safe expression language of scoring rules.

A regime file gives each sub-criterion a *rule*: one expression over the inputs of its indicator, such
as ``ratio * max_points``, ``max_points if yes else 0`` or ``steps(count, 4, 20, 3, 15, 2, 10, 1, 5)``.
Regime files are untrusted text, so a rule is checked against an allow-list when it is compiled and
anything else is rejected with an :class:`~itcriteria.exceptions.ExpressionError` saying why::

    >>> from decimal import Decimal
    >>> rule = compile("ratio * max_points", ["ratio", "max_points"])
    >>> rule(ratio=Decimal("0.62"), max_points=20)
    Decimal('12.40')

The language
    Number literals (``12``, ``0.5``; every number is an exact Decimal, never a binary float), the
    declared input names, ``True`` and ``False``, the operators of :data:`OPERATORS` (arithmetic,
    comparisons and their chains such as ``0 <= x < 5``, ``and``, ``or``, ``not``, ``a if c else b``),
    parentheses, and calls of the functions of :data:`FUNCTIONS` (and of those a plugin registers) with
    positional arguments. A yes/no value used as a number counts as 0 or 1. Nothing else: no
    attributes, indexing, text, lists, lambdas, comprehensions, assignments, several statements, ``is``,
    ``in``, bit operations, or calls of anything not allowed. ``**`` takes only an exponent written as a
    number, at most :attr:`ExpressionLimits.max_exponent` either way.

Limits
    :class:`ExpressionLimits` bounds the length of a rule (checked before it is parsed), the number of
    nodes in its syntax tree and how deeply they nest, so no rule can make the checker or the compiler
    run long; evaluation happens in the library's decimal context (28 digits, exponents within ±999,999,
    errors instead of infinities), so no rule can make a number grow without bound.

How a rule runs
    The checked tree is translated once into a real Python function (:attr:`CompiledExpression.function`):
    number literals become Decimal constants and built-in functions are bound under private names in the
    function's own globals, whose ``__builtins__`` is empty; ``steps`` is inlined as a chain of
    comparisons. Calling the :class:`CompiledExpression` itself checks and converts the inputs, enters
    the decimal context and turns any failure into one ``ExpressionError`` naming the rule, the
    criterion and the inputs.
"""

from __future__ import annotations

import ast
import decimal
import operator
import types
import typing

import attrs

from . import exceptions
from ._core import CONTEXT as _CONTEXT
from ._core import ONE as _ONE
from ._core import ZERO as _ZERO
from ._core import to_decimal as _to_decimal
from .rules import FUNCTIONS, LIMITS, ExpressionLimits
from .rules import compile_rule as _compile_rule
from .rules import describe as _describe

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "CompiledExpression",
    "ExpressionLimits",
    "FUNCTIONS",
    "LIMITS",
    "OPERATORS",
    "compile",
]

_Decimal = decimal.Decimal
_ExpressionError = exceptions.ExpressionError
ExpressionLimits.__module__ = __name__  # defined below the compiler, shown (and pickled) here


#: Every operator a rule may use, with what it does; nothing else is allowed.
OPERATORS: types.MappingProxyType[str, str] = types.MappingProxyType(
    {
        "+": "addition: a + b (before a number, +a leaves it as it is)",
        "-": "subtraction: a - b (before a number, -a is its negative)",
        "*": "multiplication: a * b",
        "/": "division: a / b (dividing by zero is an error)",
        "//": "whole quotient, rounded towards zero: 7 // 2 is 3, -7 // 2 is -3",
        "%": "remainder after //, with the sign of a: 7 % 2 is 1, -7 % 2 is -1",
        "**": "power: a ** 2; the exponent must be a number written in the rule (by default at most 100 "
        "either way)",
        "<": "less than: a < b",
        "<=": "less than or equal: a <= b",
        ">": "greater than: a > b",
        ">=": "greater than or equal: a >= b",
        "==": "equal: a == b",
        "!=": "not equal: a != b",
        "and": "both: a and b (gives a when a is false or zero, else b)",
        "or": "either: a or b (gives a when a is true or non-zero, else b)",
        "not": "the opposite: not a",
        "if else": "choice: a if c else b gives a when c is true, else b",
        "( )": "grouping: (a + b) * c; comparisons chain: 0 <= x < 5",
    }
)


@attrs.frozen(eq=False)
class CompiledExpression:
    """A checked rule, compiled once and evaluated many times.

    ``names`` are the declared inputs the rule uses and ``functions_used`` the functions it calls;
    ``tree`` is the checked syntax tree (for renderers; its positions count from the source with
    surrounding whitespace stripped). Call it with the inputs as keywords, numbers or
    yes/no values, to get a Decimal; any failure is an :class:`~itcriteria.exceptions.ExpressionError`.

    ``function`` is the compiled Python function behind it, for hot loops: every declared input is a
    keyword-only parameter (those the rule does not use default to None and are ignored); it expects
    Decimal or bool values, must be called inside ``_CONTEXT``, returns a Decimal and raises
    plain exceptions (``ZeroDivisionError``, ``decimal.InvalidOperation``, ...) on failure.
    """

    source: str
    criterion: str | None
    names: frozenset[str]
    functions_used: frozenset[str]
    tree: ast.Expression = attrs.field(repr=False)
    function: Callable[..., decimal.Decimal] = attrs.field(repr=False)
    _inputs: tuple[str, ...] = attrs.field(repr=False)
    _used: tuple[str, ...] = attrs.field(repr=False)
    _extra: tuple[tuple[str, Callable[..., object]], ...] = attrs.field(repr=False)
    _limits: ExpressionLimits = attrs.field(repr=False)
    _checked: Callable[..., decimal.Decimal] = attrs.field(repr=False)
    _input_set: frozenset[str] = attrs.field(
        init=False, repr=False, default=attrs.Factory(lambda self: frozenset(self._inputs), takes_self=True)
    )

    #: Evaluate the rule on keyword inputs (every input it uses; other declared inputs are ignored).
    #: Calling the rule calls a function generated with it (a property whose getter runs in C, so no
    #: Python frame or dict comes in between): it takes the declared inputs as keywords and runs the
    #: regular case, and hands anything else, and every failure, to the step-by-step check below,
    #: which says what is wrong.
    if typing.TYPE_CHECKING:

        def __call__(self, /, **inputs: object) -> decimal.Decimal: ...

    else:
        __call__ = property(operator.attrgetter("_checked"))

    def __attrs_post_init__(self) -> None:
        self._checked.__globals__["_slow"] = self._check_slowly  # where the generated call hands over

    def _check_slowly(self, inputs: dict[str, object]) -> decimal.Decimal:
        """The checked call, step by step: every input checked and converted, errors named."""
        values: dict[str, object] = {}
        missing = []
        for name in self._used:
            if name not in inputs:
                missing.append(name)
                continue
            value = inputs[name]
            if type(value) is not bool:
                try:
                    value = _to_decimal(value)
                except (TypeError, ValueError) as err:
                    raise self._error(f"input {name}: {err}") from None
            values[name] = value
        if missing:
            raise self._error(f"missing input{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        if len(inputs) > len(values) and not inputs.keys() <= self._input_set:
            unknown = sorted(set(inputs).difference(self._inputs))
            if unknown:
                raise self._error(
                    f"unknown input{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                    f"declared: {', '.join(self._inputs) or 'none'}"
                )
        with decimal.localcontext(_CONTEXT):
            try:
                result: object = self.function(**values)
            except Exception as err:  # every failure of a rule is reported as one ExpressionError
                shown = ", ".join(f"{name}={value}" for name, value in values.items())
                raise self._error(f"{_describe(err)} when {shown}" if shown else _describe(err)) from err
        if isinstance(result, bool):
            result = _ONE if result else _ZERO
        elif isinstance(result, int):
            result = _Decimal(result)
        elif not isinstance(result, _Decimal):
            raise self._error(f"the rule gave {type(result).__name__} {result!r}, not a number")
        if not result.is_finite():
            raise self._error(f"the rule gave {result}, not a finite number")
        return result

    def _error(self, cause: str) -> exceptions.ExpressionError:
        return _ExpressionError(self.source, cause, self.criterion)

    def __reduce__(self) -> tuple[object, ...]:
        return (_recompile, (self.source, self._inputs, self.criterion, self._extra, self._limits))


def compile(
    source: str,
    inputs: Iterable[str],
    *,
    criterion: str | None = None,
    functions: Mapping[str, Callable[..., object]] | None = None,
    limits: ExpressionLimits = LIMITS,
) -> CompiledExpression:
    """Check ``source`` against the allow-list and compile it into a :class:`CompiledExpression`.

    ``inputs`` are the names the rule may use; ``functions`` are extra pure functions (registered by
    plugins) callable besides :data:`FUNCTIONS`; ``criterion`` names the criterion in error messages.
    Raises :class:`~itcriteria.exceptions.ExpressionError` saying what is not allowed.
    """
    rule = _compile_rule(source, inputs, criterion=criterion, functions=functions, limits=limits)
    compiled = CompiledExpression(
        source=source,
        criterion=criterion,
        names=frozenset(rule.used),
        functions_used=rule.functions_used,
        tree=rule.tree,
        function=rule.function,
        inputs=rule.inputs,
        used=rule.used,
        extra=rule.extra,
        limits=limits,
        checked=rule.checked,
    )
    return compiled


def _recompile(
    source: str,
    inputs: tuple[str, ...],
    criterion: str | None,
    extra: tuple[tuple[str, Callable[..., object]], ...],
    limits: ExpressionLimits,
) -> CompiledExpression:
    """Rebuild a pickled rule by compiling it again."""
    return compile(source, inputs, criterion=criterion, functions=dict(extra), limits=limits)
