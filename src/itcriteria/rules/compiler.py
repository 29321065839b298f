"""Checking a rule against the allow-list and compiling it: the machinery behind ``expressions.compile``.

:func:`compile_rule` checks the declarations (input names, plugin functions), the characters and the
size of a rule, parses it, and hands the tree to :class:`~itcriteria.rules.translator.Translator`, which
checks every node against the allow-list while building the tree of a real Python function.
:func:`describe` puts an evaluation failure into words. The public surface (the language, its limits and
:class:`~itcriteria.expressions.CompiledExpression`) lives in :mod:`itcriteria.expressions`.
"""

from __future__ import annotations

import ast
import builtins
import decimal
import keyword
import re
import typing
import unicodedata

import attrs

from .. import exceptions
from .functions import BUILTINS as _BUILTINS
from .translator import Translator

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from .limits import ExpressionLimits

_Decimal = decimal.Decimal
_ExpressionError = exceptions.ExpressionError

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


@attrs.frozen
class CheckedRule:
    """A rule that passed the allow-list, and the function compiled from it (see :func:`compile_rule`).

    ``inputs`` are all the declared inputs and ``used`` those the rule uses, both in declared order;
    ``extra`` are the plugin functions it was checked against, as (name, function) pairs; ``checked``
    is the checked call's regular case compiled with the rule (see ``Translator.build_checked``).
    """

    tree: ast.Expression
    function: Callable[..., decimal.Decimal]
    checked: Callable[..., decimal.Decimal]
    inputs: tuple[str, ...]
    used: tuple[str, ...]
    functions_used: frozenset[str]
    extra: tuple[tuple[str, Callable[..., object]], ...]


def compile_rule(
    source: str,
    inputs: Iterable[str],
    *,
    criterion: str | None,
    functions: Mapping[str, Callable[..., object]] | None,
    limits: ExpressionLimits,
) -> CheckedRule:
    """Check ``source`` against the allow-list and compile it: ``expressions.compile`` without the wrapper.

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
    extra = check_functions(functions, declared, fail)
    text = source.strip()
    if not text:
        raise fail("the rule is empty")
    tree = _parse(text, fail)
    _check_size(tree, limits, fail)
    compiler = Translator(text, declared, extra, limits, fail)
    try:
        body, _ = compiler.value(tree.body, numeric=True)
        function = compiler.build(body, criterion)
        checked = compiler.build_checked(body, criterion)
    except ArithmeticError:
        raise fail("a number in the rule is too large") from None
    except (RecursionError, MemoryError):  # only when limits far above the defaults let a huge rule in
        raise fail("the rule is too deeply nested or too complex to compile") from None
    return CheckedRule(
        tree=tree,
        function=function,
        checked=checked,
        inputs=declared,
        used=tuple(name for name in declared if name in compiler.used),
        functions_used=frozenset(compiler.functions_used),
        extra=tuple(extra.items()),
    )


# --- Checking the declarations --------------------------------------------------------------------


def _check_name(name: object, what: str, fail: Callable[[str], Exception]) -> None:
    if not _plain_name(name):
        raise fail(f"{what} {name!r} is not a plain name (ASCII letters, digits and '_')")
    if isinstance(name, str) and name.startswith("_"):
        raise fail(f"{what} {name!r} starts with '_', which is not allowed")


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
        _check_name(name, "input name", fail)
        if name in _BUILTINS:
            raise fail(f"input name {name!r} is the name of a built-in function")
        if name in names[:i]:
            raise fail(f"input name {name!r} is declared twice")
    return names


def check_functions(
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
        _check_name(name, "function name", fail)
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


def describe(err: Exception) -> str:
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
