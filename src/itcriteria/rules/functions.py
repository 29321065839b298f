"""The built-in functions of the rule language: pure, exact, on Decimal.

Each takes and returns Decimal; a yes/no value (bool) given where a number is expected counts as 0 or 1,
and an int is accepted too. Anything else is a ``TypeError``. They compute in the current decimal
context: the scorer (and :class:`itcriteria.expressions.CompiledExpression`) run them inside
``_numbers.CONTEXT``.

Their docstrings are rendered into the expression reference, so they are written for regime authors.
Compile-time checks on their arguments (counts, literal thresholds, places) live in
:mod:`itcriteria._expression_compiler`, beside the rest of the allow-list.
"""

from __future__ import annotations

import itertools
import types
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from .._core import ONE, ZERO, round_to

if TYPE_CHECKING:
    from collections.abc import Callable

#: The highest number of decimal places the rounding functions accept.
MAX_PLACES = 10


def number(value: object, what: str) -> Decimal:
    """``value`` as Decimal: Decimal as is, bool as 0 or 1, int exactly; anything else is a TypeError."""
    if isinstance(value, bool):
        return ONE if value else ZERO
    if isinstance(value, Decimal):
        return value if type(value) is Decimal else Decimal(value)
    if isinstance(value, int):
        return Decimal(value)
    raise TypeError(f"{what}: expected a number, got {type(value).__name__} {value!r}")


def finite(value: object) -> Decimal:
    """A function's result as a finite Decimal (used on the results of functions a plugin registers)."""
    result = number(value, "result")
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {result}")
    return result


def places(value: object, what: str) -> int:
    """A number of decimal places: a whole number from 0 to ``MAX_PLACES``."""
    count: int
    if isinstance(value, int) and not isinstance(value, bool):
        count = value
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        count = int(value)
    else:
        raise TypeError(f"{what}: places must be a whole number from 0 to {MAX_PLACES}, got {value!r}")
    if not 0 <= count <= MAX_PLACES:
        raise ValueError(f"{what}: places must be from 0 to {MAX_PLACES}, got {count}")
    return count


def negative_power(x: Decimal, exponent: Decimal) -> Decimal:
    """``x ** exponent`` for a negative exponent, where Decimal would give Infinity for a zero ``x``."""
    if not x:
        raise ZeroDivisionError("zero to a negative power")
    return x**exponent


def minimum(*values: object) -> Decimal:
    """The smallest of two or more numbers.

    Example: ``min(ratio * 20, 15)`` gives 20 points per unit of ratio, at most 15.
    """
    if len(values) < 2:
        raise TypeError(f"min takes two or more numbers, got {len(values)}")
    return min(number(v, "min") for v in values)


def maximum(*values: object) -> Decimal:
    """The largest of two or more numbers.

    Example: ``max(count - 2, 0)`` gives the count above 2, and 0 below.
    """
    if len(values) < 2:
        raise TypeError(f"max takes two or more numbers, got {len(values)}")
    return max(number(v, "max") for v in values)


def absolute(x: object) -> Decimal:
    """The size of a number, without its sign.

    Example: ``abs(value - 100)`` gives how far the value is from 100, above or below.
    """
    return abs(number(x, "abs"))


def clamp(x: object, low: object, high: object) -> Decimal:
    """``x`` kept between ``low`` and ``high``: ``low`` when below it, ``high`` when above it.

    Example: ``clamp(value * 2, 1, 10)`` gives twice the value, but never less than 1 nor more than 10.
    """
    x, low, high = number(x, "clamp"), number(low, "clamp"), number(high, "clamp")
    if low > high:
        raise ValueError(f"clamp: low {low} is above high {high}")
    return low if x < low else high if x > high else x


def steps(x: object, *pairs: object) -> Decimal:
    """The points of the highest threshold that ``x`` reaches, or 0 when it reaches none.

    Thresholds and points come in pairs, in any order. Example: ``steps(count, 4, 20, 3, 15, 2, 10,
    1, 5)`` gives 20 for 4 or more meetings, 15 for 3, 10 for 2, 5 for 1 and 0 for none.
    """
    if len(pairs) < 2 or len(pairs) % 2:
        raise TypeError("steps takes a number followed by pairs of threshold and points")
    value = number(x, "steps")
    table = sorted(
        ((number(t, "steps"), number(p, "steps")) for t, p in zip(pairs[::2], pairs[1::2], strict=True)),
        key=lambda pair: pair[0],
        reverse=True,
    )
    for (higher, _), (lower, _) in itertools.pairwise(table):
        if higher == lower:
            raise ValueError(f"steps: threshold {lower} appears twice")
    for threshold, points in table:
        if value >= threshold:
            return points
    return ZERO


def per_item(count: object, points_each: object, cap: object) -> Decimal:
    """``points_each`` for every item counted, at most ``cap`` in all.

    Example: ``per_item(count, 1, 5)`` gives 1 point per application on the WAN, at most 5.
    """
    total = number(count, "per_item") * number(points_each, "per_item")
    return min(total, number(cap, "per_item"))


def divide(a: object, b: object) -> Decimal:
    """``a`` divided by ``b``; dividing by zero is an error.

    Example: ``divide(numerator - 5, denominator) * max_points`` scores the share above the first 5.
    """
    denominator = number(b, "divide")
    if not denominator:
        raise ZeroDivisionError("divide: the denominator is zero")
    return number(a, "divide") / denominator


#: The rule of a sub-criterion whose scoring text is kept but not yet written as a rule (an imported
#: annex row the importer could not translate); a regime with such a rule refuses to be scored.
NOT_TRANSLATED = "not_translated"


def not_translated() -> Decimal:
    """Refuses to score: the sub-criterion's scoring text (kept in its note) is not yet a rule.

    Example: ``not_translated()`` is what ``itcriteria import-annex`` writes for an annex row it cannot
    translate; write the row's real rule in its place. Scoring a regime that still has one is an error.
    """
    raise ValueError("the scoring text of this sub-criterion has not been translated into a rule yet")


def _rounding(mode: str, name: str, summary: str, example: str) -> Callable[[object, object], Decimal]:
    def rounded(x: object, places_: object) -> Decimal:
        return round_to(number(x, name), places(places_, name), mode)

    rounded.__name__ = rounded.__qualname__ = name
    rounded.__doc__ = f"{summary}\n\n    Example: {example}\n    "
    return rounded


round_half_up = _rounding(
    "half_up",
    "round_half_up",
    "``x`` rounded to ``places`` decimal places (0 to 10), halves away from zero (as taught at school).",
    "``round_half_up(ratio * 10, 1)`` gives 6.3 for 6.25.",
)
round_half_even = _rounding(
    "half_even",
    "round_half_even",
    "``x`` rounded to ``places`` decimal places (0 to 10), halves to the even digit (banker's rounding).",
    "``round_half_even(ratio * 10, 1)`` gives 6.2 for 6.25 and 6.4 for 6.35.",
)
round_down = _rounding(
    "down",
    "round_down",
    "``x`` cut to ``places`` decimal places (0 to 10), dropping the rest (towards zero).",
    "``round_down(ratio * 10, 0)`` gives 6 for 6.9.",
)
round_up = _rounding(
    "up",
    "round_up",
    "``x`` rounded to ``places`` decimal places (0 to 10), any remainder rounding up (away from zero).",
    "``round_up(ratio * 10, 0)`` gives 7 for 6.1.",
)


@attrs.frozen
class Arity:
    """How many arguments a built-in function takes: at least ``least``, at most ``most`` (None: any),
    and an odd count when ``odd``; ``usage`` shows the call for messages."""

    least: int
    most: int | None
    usage: str
    odd: bool = False

    def problem(self, name: str, count: int) -> str | None:
        """Why ``count`` arguments do not fit, or None when they do."""
        fits = count >= self.least and (self.most is None or count <= self.most)
        if fits and not (self.odd and count % 2 == 0):
            return None
        return f"{name} takes {self.usage}, got {count} argument{'' if count == 1 else 's'}"


BUILTINS: dict[str, tuple[Callable[..., Decimal], Arity]] = {
    "abs": (absolute, Arity(1, 1, "one number: abs(x)")),
    "clamp": (clamp, Arity(3, 3, "3 arguments: clamp(x, low, high)")),
    "divide": (divide, Arity(2, 2, "2 arguments: divide(a, b)")),
    "max": (maximum, Arity(2, None, "2 or more arguments: max(a, b, ...)")),
    "min": (minimum, Arity(2, None, "2 or more arguments: min(a, b, ...)")),
    "not_translated": (not_translated, Arity(0, 0, "no arguments: not_translated()")),
    "per_item": (per_item, Arity(3, 3, "3 arguments: per_item(count, points_each, cap)")),
    "round_down": (round_down, Arity(2, 2, "2 arguments: round_down(x, places)")),
    "round_half_even": (round_half_even, Arity(2, 2, "2 arguments: round_half_even(x, places)")),
    "round_half_up": (round_half_up, Arity(2, 2, "2 arguments: round_half_up(x, places)")),
    "round_up": (round_up, Arity(2, 2, "2 arguments: round_up(x, places)")),
    "steps": (
        steps,
        Arity(3, None, "a number then threshold, points pairs: steps(x, t1, p1, t2, p2, ...)", odd=True),
    ),
}

for _name, (_function, _) in BUILTINS.items():
    _function.__name__ = _function.__qualname__ = _name

#: The built-in functions by name, read-only.
FUNCTIONS: types.MappingProxyType[str, Callable[..., Decimal]] = types.MappingProxyType(
    {name: function for name, (function, _) in BUILTINS.items()}
)
