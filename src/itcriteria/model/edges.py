"""Where a sub-criterion's score may jump: the thresholds of its rule and its benchmark, per input.

Forms drawn by ``itcriteria.testing`` put answers on these edges and one small step on either side.
The thresholds are read from the rule's syntax tree: the thresholds of ``steps``, the bounds of
``clamp``, the cap of ``per_item``, the literal sides of ``min``, ``max`` and comparisons, each
traced back through simple arithmetic on one input (``value / 7 >= 2`` gives ``value`` an edge at 14).
"""

from __future__ import annotations

import ast
import decimal
import itertools
import math
from collections.abc import Callable, Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .._core import CONTEXT
from ..rules import rule_tree
from .criteria import Criterion

_PLACES = 6
_FINE = Decimal(1).scaleb(-_PLACES)

# The input whose value a kind's answer sets, and the quantity its benchmark compares.
QUANTITY = {"ratio": "ratio", "count": "count", "number": "value", "choice": "fraction"}


def edges(criterion: Criterion) -> dict[str, tuple[Decimal, ...]]:
    """The edges of a leaf, by input name, in ascending order."""
    found: dict[str, set[Decimal]] = {}
    indicator = criterion.indicator
    rule = criterion.effective_rule
    if indicator is None or rule is None:
        return {}
    try:
        tree = rule_tree(rule)
    except SyntaxError:  # a valid regime's rules parse; anything else has no edges to offer
        return {}
    constants = {"max_points": criterion.max}
    with decimal.localcontext(CONTEXT):
        for name, value in _thresholds(tree, constants):
            found.setdefault(name, set()).add(value)
        benchmark = criterion.benchmark
        quantity = QUANTITY.get(indicator.kind)
        if benchmark is not None and quantity is not None:
            target = benchmark.ratio if benchmark.ratio is not None else benchmark.value
            if target is not None:
                found.setdefault(quantity, set()).add(target)
    return {
        name: tuple(sorted({v for value in values for v in _plain(value)})) for name, values in found.items()
    }


def _plain(value: Decimal) -> tuple[Decimal, ...]:
    """An edge as answers can reach it: a long one (2/3) by the values of 6 places either side of it,
    none when it is beyond any answer's digits."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or value.adjusted() > 15:  # not finite, or too large for an answer
        return ()
    if exponent >= -_PLACES:
        return (value,)
    return value.quantize(_FINE, ROUND_FLOOR), value.quantize(_FINE, ROUND_CEILING)


def step(edge: Decimal) -> Decimal:
    """The smallest step next to an edge: one unit of the decimal place after its last one.

    ``step(Decimal("0.8"))`` is 0.01 and ``step(Decimal(8))`` is 0.1.
    """
    exponent = edge.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(min(exponent, 0) - 1)


def around(edge: Decimal, unit: Decimal | None = None) -> tuple[Decimal, Decimal, Decimal]:
    """The edge and one step (``unit``, or :func:`step`) below and above it."""
    delta = step(edge) if unit is None else unit
    return edge - delta, edge, edge + delta


def whole_around(edge: Decimal) -> tuple[int, ...]:
    """The whole numbers next to an edge: below, at or just above it, and the next one."""
    first = math.ceil(edge)
    return first - 1, first, first + 1


def _literal(node: ast.AST, constants: dict[str, Decimal]) -> Decimal | None:
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    value = node.value
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        return None
    return number if sign == 1 else -number


_INVERSES: dict[type[ast.operator], tuple[Callable[[Decimal, Decimal], Decimal] | None, ...]] = {
    # (input on the left: x op k = v, input on the right: k op x = v), each solving for x
    ast.Add: (lambda v, k: v - k, lambda v, k: v - k),
    ast.Sub: (lambda v, k: v + k, lambda v, k: k - v),
    ast.Mult: (lambda v, k: v / k, lambda v, k: v / k),
    ast.Div: (lambda v, k: v * k, None),
}


def _solve(node: ast.AST, value: Decimal, constants: dict[str, Decimal]) -> tuple[str, Decimal] | None:
    """The input ``node`` is built from and the value it takes where ``node`` equals ``value``."""
    if isinstance(node, ast.Name):
        return None if node.id in constants else (node.id, value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _solve(node.operand, -value, constants)
    if isinstance(node, ast.BinOp) and type(node.op) in _INVERSES:
        on_left, on_right = _INVERSES[type(node.op)]
        left, right = _literal(node.left, constants), _literal(node.right, constants)
        try:
            if right is not None and on_left is not None:
                return _solve(node.left, on_left(value, right), constants)
            if left is not None and on_right is not None:
                return _solve(node.right, on_right(value, left), constants)
        except ArithmeticError:  # x * 0 = v has no edge
            return None
    return None


def _thresholds(tree: ast.AST, constants: dict[str, Decimal]) -> Iterator[tuple[str, Decimal]]:
    pairs: list[tuple[ast.AST, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            pairs += [(a, b) for a, b in itertools.pairwise(sides)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            name, args = node.func.id, node.args
            if name == "steps":
                pairs += [(args[0], t) for t in args[1::2]]
            elif name in ("clamp", "min", "max"):
                pairs += [(a, b) for a in args for b in args if a is not b]
            elif name == "per_item" and len(args) == 3:
                each, cap = _literal(args[1], constants), _literal(args[2], constants)
                if each and cap is not None:
                    found = _solve(args[0], cap / each, constants)
                    if found is not None:
                        yield found
    for subject, other in pairs:
        for a, b in ((subject, other), (other, subject)):
            value = _literal(b, constants)
            if value is not None:
                found = _solve(a, value, constants)
                if found is not None:
                    yield found
