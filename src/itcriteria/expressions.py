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
    run long; evaluation happens in ``_numbers.CONTEXT`` (28 digits, exponents within ±999,999, errors
    instead of infinities), so no rule can make a number grow without bound.

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
import builtins
import decimal
import difflib
import inspect
import itertools
import keyword
import math
import re
import types
import typing
import unicodedata

import attrs

from . import _numbers, exceptions
from ._expression_functions import BUILTINS as _BUILTINS
from ._expression_functions import FUNCTIONS
from ._expression_functions import MAX_PLACES as _MAX_PLACES
from ._expression_functions import finite as _finite
from ._expression_functions import negative_power as _negative_power

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = [  # noqa: RUF022 - plainly sorted, as tests/test_public_api.py checks
    "CompiledExpression",
    "ExpressionLimits",
    "FUNCTIONS",
    "LIMITS",
    "OPERATORS",
    "compile",
]

_Decimal = decimal.Decimal
_ExpressionError = exceptions.ExpressionError


def _at_least(least: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or value < least:
            raise ValueError(
                f"ExpressionLimits.{attribute.name} must be a whole number >= {least}, got {value!r}"
            )

    return check


@attrs.frozen
class ExpressionLimits:
    """Bounds a rule must keep to; checked when it is compiled.

    ``max_length`` characters of source (checked before parsing); ``max_nodes`` nodes of the syntax
    tree (numbers, names, operations, calls, arguments); ``max_depth`` levels of nesting of those nodes
    (``a * b`` is 2 deep, ``a + b + c`` is 3); ``max_exponent``, the largest exponent ``**`` may take
    either way.
    """

    max_length: int = attrs.field(default=1000, validator=_at_least(1))
    max_nodes: int = attrs.field(default=300, validator=_at_least(1))
    max_depth: int = attrs.field(default=30, validator=_at_least(1))
    max_exponent: int = attrs.field(default=100, validator=_at_least(0))


#: The default limits.
LIMITS = ExpressionLimits()

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

_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_BINARY_REFUSED = {
    ast.LShift: "bit shift '<<'",
    ast.RShift: "bit shift '>>'",
    ast.BitAnd: "bit operation '&'",
    ast.BitOr: "bit operation '|'",
    ast.BitXor: "bit operation '^'",
    ast.MatMult: "matrix multiplication '@'",
}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_COMPARE_REFUSED = {
    ast.Is: "'is' is not allowed; compare numbers with == or !=",
    ast.IsNot: "'is not' is not allowed; compare numbers with == or !=",
    ast.In: "'in' is not allowed; compare numbers with ==, <, >, ... and combine with 'or'",
    ast.NotIn: "'not in' is not allowed; compare numbers with ==, <, >, ... and combine with 'and'",
}
_REFUSED = {
    ast.Attribute: "attribute access with '.' is not allowed",
    ast.Subscript: "indexing with [...] is not allowed",
    ast.Slice: "slices are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "generator expressions are not allowed",
    ast.NamedExpr: "assignment with ':=' is not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples (values separated by commas) are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Starred: "unpacking with '*' is not allowed",
    ast.JoinedStr: "text is not allowed (f-strings); rules compute with numbers only",
    ast.FormattedValue: "text is not allowed (f-strings); rules compute with numbers only",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
    ast.YieldFrom: "'yield' is not allowed",
}
# What the compiler knows of a value's type (see _Compiler).
_DECIMAL, _BOOL, _EITHER = "decimal", "bool", "either"
# Nodes that are part of another node (its operator or context) and are not counted.
_UNCOUNTED = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
# Only printable ASCII and ordinary whitespace: no look-alike letters, invisible or control characters.
_BAD_CHARACTER = re.compile(r"[^\t\n\r\x20-\x7e]")
# Callables a plugin may never register, whatever name it gives them.
_NEVER_CALLABLE = frozenset(
    id(f)
    for f in (
        builtins.eval, builtins.exec, builtins.compile, builtins.open, builtins.getattr, builtins.setattr,
        builtins.delattr, builtins.__import__, builtins.globals, builtins.locals, builtins.vars,
        builtins.input, builtins.breakpoint, builtins.type, builtins.object, builtins.super, builtins.help,
    )
)  # fmt: skip


@attrs.frozen(eq=False)
class CompiledExpression:
    """A checked rule, compiled once and evaluated many times.

    ``names`` are the declared inputs the rule uses and ``functions_used`` the functions it calls;
    ``tree`` is the checked syntax tree (for renderers; its positions count from the source with
    surrounding whitespace stripped). Call it with the inputs as keywords, numbers or
    yes/no values, to get a Decimal; any failure is an :class:`~itcriteria.exceptions.ExpressionError`.

    ``function`` is the compiled Python function behind it, for hot loops: every declared input is a
    keyword-only parameter (those the rule does not use default to None and are ignored); it expects
    Decimal or bool values, must be called inside ``_numbers.CONTEXT``, returns a Decimal and raises
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
    _input_set: frozenset[str] = attrs.field(
        init=False, repr=False, default=attrs.Factory(lambda self: frozenset(self._inputs), takes_self=True)
    )

    def __call__(self, /, **inputs: object) -> decimal.Decimal:
        """Evaluate the rule on ``inputs`` (every input it uses; other declared inputs are ignored)."""
        values: dict[str, object] = {}
        missing = []
        for name in self._used:
            if name not in inputs:
                missing.append(name)
                continue
            value = inputs[name]
            if type(value) is not bool:
                try:
                    value = _numbers.to_decimal(value)
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
        with decimal.localcontext(_numbers.CONTEXT):
            try:
                result: object = self.function(**values)
            except Exception as err:  # every failure of a rule is reported as one ExpressionError
                shown = ", ".join(f"{name}={value}" for name, value in values.items())
                raise self._error(f"{_describe(err)} when {shown}" if shown else _describe(err)) from err
        if isinstance(result, bool):
            result = _numbers.ONE if result else _numbers.ZERO
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
    if not isinstance(source, str):
        raise _ExpressionError(repr(source), f"a rule must be text, got {type(source).__name__}", criterion)

    def fail(cause: str) -> exceptions.ExpressionError:
        return _ExpressionError(source, cause, criterion)

    if len(source) > limits.max_length:
        raise fail(f"the rule is {len(source)} characters long; at most {limits.max_length} are allowed")
    bad = _BAD_CHARACTER.search(source)
    if bad:
        char = bad.group()
        raise fail(
            f"character {char!r} ({unicodedata.name(char, 'a control character')}) at position "
            f"{bad.start() + 1} is not allowed: write rules with ASCII letters, digits and operators"
        )
    declared = _declared_inputs(inputs, fail)
    extra = _extra_functions(functions, declared, fail)
    text = source.strip()
    if not text:
        raise fail("the rule is empty")
    tree = _parse(text, fail)
    _check_size(tree, limits, fail)
    compiler = _Compiler(text, declared, extra, limits, fail)
    try:
        body, _ = compiler.value(tree.body, numeric=True)
        function = compiler.build(body, criterion)
    except ArithmeticError:
        raise fail("a number in the rule is too large") from None
    except (RecursionError, MemoryError):  # only when limits far above the defaults let a huge rule in
        raise fail("the rule is too deeply nested or too complex to compile") from None
    return CompiledExpression(
        source=source,
        criterion=criterion,
        names=frozenset(compiler.used),
        functions_used=frozenset(compiler.functions_used),
        tree=tree,
        function=function,
        inputs=declared,
        used=tuple(name for name in declared if name in compiler.used),
        extra=tuple(extra.items()),
        limits=limits,
    )


def _recompile(
    source: str,
    inputs: tuple[str, ...],
    criterion: str | None,
    extra: tuple[tuple[str, Callable[..., object]], ...],
    limits: ExpressionLimits,
) -> CompiledExpression:
    """Rebuild a pickled rule by compiling it again."""
    return compile(source, inputs, criterion=criterion, functions=dict(extra), limits=limits)


# --- Checking the declarations --------------------------------------------------------------------


def _plain_name(name: object) -> bool:
    return isinstance(name, str) and name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def _declared_inputs(inputs: Iterable[str], fail: Callable[[str], Exception]) -> tuple[str, ...]:
    if isinstance(inputs, (str, bytes)):
        raise fail("inputs must be a collection of names, not one string")
    try:
        names = tuple(inputs)
    except TypeError:
        raise fail(f"inputs must be a collection of names, got {type(inputs).__name__}") from None
    for i, name in enumerate(names):
        if not _plain_name(name):
            raise fail(f"input name {name!r} is not a plain name (ASCII letters, digits and '_')")
        if name.startswith("_"):
            raise fail(f"input name {name!r} starts with '_', which is not allowed")
        if name in _BUILTINS:
            raise fail(f"input name {name!r} is the name of a built-in function")
        if name in names[:i]:
            raise fail(f"input name {name!r} is declared twice")
    return names


def _extra_functions(
    functions: Mapping[str, Callable[..., object]] | None,
    declared: tuple[str, ...],
    fail: Callable[[str], Exception],
) -> dict[str, Callable[..., object]]:
    if functions is None:
        return {}
    try:
        items = list(functions.items())
    except AttributeError:
        raise fail(
            f"functions must be a mapping of name to function, got {type(functions).__name__}"
        ) from None
    for name, function in items:
        if not _plain_name(name):
            raise fail(f"function name {name!r} is not a plain name (ASCII letters, digits and '_')")
        if name.startswith("_"):
            raise fail(f"function name {name!r} starts with '_', which is not allowed")
        if name in _BUILTINS:
            raise fail(f"function {name!r} would replace the built-in function of that name")
        if name in declared:
            raise fail(f"function {name!r} has the name of an input")
        if not callable(function):
            raise fail(f"function {name!r} is not callable: {type(function).__name__}")
        if id(function) in _NEVER_CALLABLE:
            shown = getattr(function, "__name__", function)
            raise fail(f"function {name!r} is Python's {shown}, which rules may not call")
    return dict(items)


# --- Parsing and size -----------------------------------------------------------------------------


def _parse(text: str, fail: Callable[[str], Exception]) -> ast.Expression:
    try:
        return ast.parse(text, mode="eval")
    except SyntaxError as err:
        if _is_statements(text):
            raise fail(
                "a rule is one expression: no statements, assignments or several expressions"
            ) from None
        where = f" (line {err.lineno}, column {err.offset})" if "\n" in text else f" (column {err.offset})"
        raise fail(f"not a valid expression: {err.msg}{where if err.offset else ''}") from None
    except (ValueError, RecursionError, MemoryError):
        raise fail("the rule is too deeply nested or too complex to read") from None


def _is_statements(text: str) -> bool:
    """Whether ``text`` reads as Python statements (several, or an assignment, import, ...)."""
    try:
        module = ast.parse(text, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return len(module.body) != 1 or not isinstance(module.body[0], ast.Expr)


def _check_size(tree: ast.Expression, limits: ExpressionLimits, fail: Callable[[str], Exception]) -> None:
    """Count nodes and depth without recursion, stopping at the first limit passed."""
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > limits.max_nodes:
            raise fail(f"the rule is too long: more than {limits.max_nodes} parts")
        if depth > limits.max_depth:
            raise fail(f"the rule is nested too deeply: more than {limits.max_depth} levels")
        stack.extend(
            (child, depth + 1) for child in ast.iter_child_nodes(node) if not isinstance(child, _UNCOUNTED)
        )


# --- Checking and translating the tree ------------------------------------------------------------


class _Compiler:
    """Checks each node against the allow-list while building the tree of the compiled function.

    ``value(node, numeric)`` returns the translated node and its kind: ``_DECIMAL`` (surely a Decimal),
    ``_BOOL`` (surely a bool) or ``_EITHER`` (an input, or a choice between values of both kinds).
    ``numeric`` asks for a Decimal, as the rule's result and the operands of arithmetic need: yes/no
    values count as Decimal 0 or 1 there, so ``True / True`` is 1, never the float 1.0. An arithmetic
    operation needs only one Decimal operand (Decimal converts a bool exactly), so ``ratio * max_points``
    converts just one input. Elsewhere (tests, comparisons, function arguments) values pass as they are.
    """

    def __init__(
        self,
        text: str,
        declared: tuple[str, ...],
        extra: dict[str, Callable[..., object]],
        limits: ExpressionLimits,
        fail: Callable[[str], Exception],
    ) -> None:
        self.text = text
        self.declared = frozenset(declared)
        self.declared_order = declared
        self.extra = extra
        self.limits = limits
        self.fail = fail
        self.used: dict[str, None] = {}
        self.numeric: set[str] = set()
        self.functions_used: set[str] = set()
        self.env: dict[str, object] = {
            "__builtins__": {},
            "_ONE": _numbers.ONE,
            "_ZERO": _numbers.ZERO,
            "_number": _finite,
            "_negative_power": _negative_power,
        }
        self.constants: dict[str, str] = {}
        self.temps = 0
        self.handlers: dict[type[ast.AST], Callable[[typing.Any, bool], tuple[ast.expr, str]]] = {
            ast.Constant: self._constant,
            ast.Name: self._name,
            ast.BinOp: self._binop,
            ast.UnaryOp: self._unaryop,
            ast.BoolOp: self._boolop,
            ast.Compare: self._compare,
            ast.IfExp: self._ifexp,
            ast.Call: self._call,
        }

    # Helpers.

    def refuse(self, node: ast.AST) -> Exception:
        if isinstance(node, ast.Attribute):
            return self.fail(f"attribute access ('.{node.attr}') is not allowed")
        return self.fail(_REFUSED.get(type(node), f"{type(node).__name__} is not allowed in a rule"))

    @staticmethod
    def load(name: str) -> ast.Name:
        return ast.Name(name, ast.Load())

    def constant(self, value: decimal.Decimal) -> ast.Name:
        """A global name holding the Decimal ``value`` (one per distinct value and exponent)."""
        key = str(value)
        name = self.constants.get(key)
        if name is None:
            name = self.constants[key] = f"_k{len(self.constants)}"
            self.env[name] = value
        return self.load(name)

    def literal(self, node: ast.Constant) -> decimal.Decimal:
        """The exact value of a number literal; text, complex numbers, None and ... are refused."""
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            result = _Decimal(value)
        elif isinstance(value, float):
            written = ast.get_source_segment(self.text, node) or repr(value)
            try:
                exact = _Decimal(written.replace("_", ""))
            except decimal.InvalidOperation:
                exact = None
            if not math.isfinite(value):
                raise self.fail(f"the number {written} is too large")
            result = _Decimal(repr(value))
            if exact is not None and exact != result:
                raise self.fail(f"the number {written} has too many digits to be exact: use at most 15")
        elif isinstance(value, (str, bytes)):
            raise self.fail("text is not allowed; rules compute with numbers only")
        elif isinstance(value, complex):
            raise self.fail("complex numbers are not allowed")
        else:
            raise self.fail(f"{value!r} is not allowed; rules compute with numbers only")
        if result.adjusted() > _numbers.CONTEXT.Emax:
            raise self.fail("a number in the rule is too large")
        return result

    def signed_literal(self, node: ast.expr) -> decimal.Decimal | None:
        """The value of a number written in the rule, with an optional sign; None for anything else."""
        sign = None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign, node = node.op, node.operand
        if not isinstance(node, ast.Constant) or type(node.value) not in (int, float):
            return None
        value = self.literal(node)
        if isinstance(sign, ast.USub):
            return _numbers.CONTEXT.minus(value)
        return _numbers.CONTEXT.plus(value) if sign else value

    def as_decimal(self, node: ast.expr, kind: str) -> ast.expr:
        """``node`` made to give a Decimal: bools become Decimal 1 or 0."""
        if kind == _DECIMAL:
            return node
        if kind == _BOOL:
            return ast.IfExp(node, self.load("_ONE"), self.load("_ZERO"))
        if isinstance(node, ast.Name) and node.id in self.declared:
            self.numeric.add(node.id)  # converted once, on entry to the function
            return node
        return ast.Call(self.load("_number"), [node], [])

    # The allow-list, node by node.

    def value(self, node: ast.AST, numeric: bool) -> tuple[ast.expr, str]:
        handler = self.handlers.get(type(node))
        if handler is None:
            raise self.refuse(node)
        result, kind = handler(node, numeric)
        if numeric and kind != _DECIMAL:
            return self.as_decimal(result, kind), _DECIMAL
        return result, kind

    def _constant(self, node: ast.Constant, numeric: bool) -> tuple[ast.expr, str]:
        if type(node.value) is bool:
            if numeric:
                return self.load("_ONE" if node.value else "_ZERO"), _DECIMAL
            return ast.Constant(node.value), _BOOL
        return self.constant(self.literal(node)), _DECIMAL

    def _name(self, node: ast.Name, numeric: bool) -> tuple[ast.expr, str]:
        name = node.id
        if name.startswith("_"):
            raise self.fail(f"names starting with '_' are not allowed: {name!r}")
        if name in self.declared:
            self.used[name] = None
            return self.load(name), _EITHER
        if name in _BUILTINS or name in self.extra:
            usage = _BUILTINS[name][1].usage.split(": ")[-1] if name in _BUILTINS else f"{name}(...)"
            raise self.fail(f"{name!r} is a function: call it with its arguments, as in {usage}")
        allowed = ", ".join([*sorted(self.declared), "True", "False"])
        close = difflib.get_close_matches(name, sorted(self.declared), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise self.fail(f"unknown name {name!r}{hint}; allowed names: {allowed}")

    def _binop(self, node: ast.BinOp, numeric: bool) -> tuple[ast.expr, str]:
        op = type(node.op)
        if op not in _BINARY:
            raise self.fail(f"{_BINARY_REFUSED.get(op, op.__name__)} is not allowed")
        left, kind = self.value(node.left, numeric=False)
        if op is ast.Pow:
            exponent = self.signed_literal(node.right)
            if exponent is None:
                raise self.fail("the exponent of '**' must be a number written in the rule, such as x ** 2")
            if abs(exponent) > self.limits.max_exponent:
                raise self.fail(
                    f"the exponent {exponent} is too large: at most {self.limits.max_exponent} either way"
                )
            if exponent < 0:  # Decimal gives Infinity for 0 ** -1; the helper raises instead
                return ast.Call(self.load("_negative_power"), [left, self.constant(exponent)], []), _DECIMAL
            return ast.BinOp(left, ast.Pow(), self.constant(exponent)), _DECIMAL
        right, _ = self.value(node.right, numeric=kind != _DECIMAL)
        return ast.BinOp(left, op(), right), _DECIMAL

    def _unaryop(self, node: ast.UnaryOp, numeric: bool) -> tuple[ast.expr, str]:
        op = type(node.op)
        if op is ast.Not:
            operand, _ = self.value(node.operand, numeric=False)
            if numeric:
                return ast.IfExp(operand, self.load("_ZERO"), self.load("_ONE")), _DECIMAL
            return ast.UnaryOp(ast.Not(), operand), _BOOL
        if op is ast.Invert:
            raise self.fail("bit inversion '~' is not allowed")
        folded = self.signed_literal(node)
        if folded is not None:
            return self.constant(folded), _DECIMAL
        return ast.UnaryOp(op(), self.value(node.operand, numeric=True)[0]), _DECIMAL

    def _boolop(self, node: ast.BoolOp, numeric: bool) -> tuple[ast.expr, str]:
        values = [self.value(v, numeric) for v in node.values]
        return ast.BoolOp(type(node.op)(), [v for v, _ in values]), _join(kind for _, kind in values)

    def _compare(self, node: ast.Compare, numeric: bool) -> tuple[ast.expr, str]:
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.fail(_COMPARE_REFUSED.get(type(op), f"{type(op).__name__} is not allowed"))
        left, _ = self.value(node.left, numeric=False)
        comparators = [self.value(c, numeric=False)[0] for c in node.comparators]
        return ast.Compare(left, [type(op)() for op in node.ops], comparators), _BOOL

    def _ifexp(self, node: ast.IfExp, numeric: bool) -> tuple[ast.expr, str]:
        test, _ = self.value(node.test, numeric=False)
        (body, body_kind), (orelse, orelse_kind) = (
            self.value(node.body, numeric),
            self.value(node.orelse, numeric),
        )
        return ast.IfExp(test, body, orelse), _join((body_kind, orelse_kind))

    def _call(self, node: ast.Call, numeric: bool) -> tuple[ast.expr, str]:
        func = node.func
        if not isinstance(func, ast.Name):
            if type(func) in _REFUSED:
                raise self.refuse(func)
            raise self.fail("only a function's name can be called, as in min(a, b)")
        name = func.id
        if (func.lineno, func.col_offset) != (node.lineno, node.col_offset):
            raise self.fail(f"call a function by its name: {name}(...), not ({name})(...)")
        if name.startswith("_"):
            raise self.fail(f"names starting with '_' are not allowed: {name!r}")
        if name in self.declared:
            raise self.fail(f"{name!r} is an input, not a function")
        if name not in _BUILTINS and name not in self.extra:
            allowed = ", ".join(sorted([*_BUILTINS, *self.extra]))
            close = difflib.get_close_matches(name, sorted([*_BUILTINS, *self.extra]), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise self.fail(f"unknown function {name!r}{hint}; allowed functions: {allowed}")
        if node.keywords:
            keyword_ = node.keywords[0].arg
            shown = f"{keyword_}=..." if keyword_ else "**..."
            raise self.fail(
                f"functions take their arguments by position only: {name}(..., {shown}) is not allowed"
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(f"unpacking with '*' is not allowed: {name}(*...)")
            if type(arg) in _REFUSED:
                raise self.refuse(arg)
        count = len(node.args)
        self.functions_used.add(name)
        if name in self.extra:
            self._check_extra_arity(name, count)
            global_name = f"_x_{name}"
            self.env[global_name] = self.extra[name]
            args = [self.value(a, numeric=False)[0] for a in node.args]
            call = ast.Call(self.load(global_name), args, [])
            return ast.Call(self.load("_number"), [call], []), _DECIMAL  # a plugin's result is checked
        problem = _BUILTINS[name][1].problem(name, count)
        if problem:
            raise self.fail(problem)
        if name == "steps":
            return self._steps(node), _DECIMAL
        args = [self.value(a, numeric=False)[0] for a in node.args]
        if name.startswith("round_"):
            places = node.args[1]
            if not (
                isinstance(places, ast.Constant)
                and type(places.value) is int
                and 0 <= places.value <= _MAX_PLACES
            ):
                raise self.fail(
                    f"{name}: places must be a whole number from 0 to {_MAX_PLACES} written in the rule"
                )
            args[1] = ast.Constant(places.value)
        elif name == "clamp":
            low, high = self.signed_literal(node.args[1]), self.signed_literal(node.args[2])
            if low is not None and high is not None and low > high:
                raise self.fail(f"clamp: low {low} is above high {high}")
        global_name = f"_f_{name}"
        self.env[global_name] = _BUILTINS[name][0]
        return ast.Call(self.load(global_name), args, []), _DECIMAL

    def _check_extra_arity(self, name: str, count: int) -> None:
        try:
            signature = inspect.signature(self.extra[name])
        except (TypeError, ValueError):
            return  # no signature to check (some built-in callables): the call will tell
        try:
            signature.bind(*range(count))
        except TypeError as err:
            raise self.fail(
                f"{name} cannot take {count} argument{'' if count == 1 else 's'}: {err}"
            ) from None

    def _steps(self, node: ast.Call) -> ast.expr:
        """Inline steps(x, t1, p1, ...) as ``p1 if x >= t1 else p2 if x >= t2 ... else 0``, highest first."""
        pairs = []
        for threshold_node, points_node in zip(node.args[1::2], node.args[2::2], strict=True):
            threshold = self.signed_literal(threshold_node)
            points = self.signed_literal(points_node)
            if threshold is None or points is None:
                raise self.fail("steps: thresholds and points must be numbers written in the rule")
            pairs.append((threshold, points))
        pairs.sort(key=lambda pair: pair[0], reverse=True)
        for (higher, _), (lower, _) in itertools.pairwise(pairs):
            if higher == lower:
                raise self.fail(f"steps: threshold {lower} appears twice")
        subject, _ = self.value(node.args[0], numeric=False)
        first: ast.expr = subject
        if not isinstance(subject, ast.Name):
            temp = f"_t{self.temps}"
            self.temps += 1
            first = ast.NamedExpr(ast.Name(temp, ast.Store()), subject)
            subject = self.load(temp)
        result: ast.expr = self.load("_ZERO")
        for i in range(len(pairs) - 1, -1, -1):
            threshold, points = pairs[i]
            test = ast.Compare(first if i == 0 else subject, [ast.GtE()], [self.constant(threshold)])
            result = ast.IfExp(test, self.constant(points), result)
        return result

    # The compiled function.

    def build(self, body: ast.expr, criterion: str | None) -> Callable[..., decimal.Decimal]:
        """Compile ``body`` into ``def rule(*, <every declared input>): return body``.

        Inputs the rule uses as numbers first turn a bool into Decimal 1 or 0.
        """
        statements: list[ast.stmt] = []
        for name in self.declared_order:
            if name in self.numeric:
                is_true = ast.Compare(self.load(name), [ast.Is()], [ast.Constant(True)])
                is_false = ast.Compare(self.load(name), [ast.Is()], [ast.Constant(False)])
                converted = ast.IfExp(
                    is_true, self.load("_ONE"), ast.IfExp(is_false, self.load("_ZERO"), self.load(name))
                )
                statements.append(ast.Assign([ast.Name(name, ast.Store())], converted))
        statements.append(ast.Return(body))
        arguments = ast.arguments(
            posonlyargs=[],
            args=[],
            vararg=None,
            kwonlyargs=[ast.arg(name) for name in self.declared_order],
            kw_defaults=[None for _ in self.declared_order],
            kwarg=None,
            defaults=[],
        )
        extra: dict[str, typing.Any] = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}
        definition = ast.FunctionDef(
            name="rule", args=arguments, body=statements, decorator_list=[], returns=None, **extra
        )
        module = ast.fix_missing_locations(ast.Module([definition], type_ignores=[]))
        filename = f"<rule of criterion {criterion}>" if criterion else "<rule>"
        code = builtins.compile(module, filename, "exec", dont_inherit=True)
        body_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
        function = types.FunctionType(body_code, self.env, "rule")
        function.__kwdefaults__ = {name: None for name in self.declared_order if name not in self.used}
        return function


def _join(kinds: Iterable[str]) -> str:
    """The kind of a value that is one of values of ``kinds``."""
    found = set(kinds)
    return found.pop() if len(found) == 1 else _EITHER


def _describe(err: Exception) -> str:
    """What went wrong while evaluating, in words."""
    signals = err.args[0] if isinstance(err, decimal.DecimalException) and err.args else ()
    signals = [s for s in signals if isinstance(s, type)] if isinstance(signals, list) else [type(err)]
    if isinstance(err, ZeroDivisionError) or any(
        issubclass(s, (ZeroDivisionError, decimal.DivisionUndefined)) for s in signals
    ):
        return "division by zero"
    if isinstance(err, decimal.Overflow) or decimal.Overflow in signals:
        return "a number grew too large"
    if any(issubclass(s, decimal.DivisionImpossible) for s in signals):
        return "the whole quotient of // or % has too many digits"
    if isinstance(err, decimal.InvalidOperation):
        return (
            "an invalid operation (such as a remainder by zero, a fractional power of a negative number, "
            "or a number too long to round)"
        )
    if isinstance(err, RecursionError):
        return "the rule is nested too deeply to evaluate"
    if isinstance(err, MemoryError):
        return "out of memory"
    if isinstance(err, (TypeError, ValueError, ArithmeticError)) and str(err):
        return str(err)
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
