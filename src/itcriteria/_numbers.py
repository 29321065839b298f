"""Exact numbers: the one decimal context itcriteria computes in, and conversion of inputs to Decimal."""

from __future__ import annotations

import decimal
from decimal import Decimal

#: Every score is computed in this context, whatever the host application set for its own thread:
#: 28 significant digits, ties to even inside rules (rounding of scores is declared by each regime),
#: and errors instead of silent NaN or infinity.
CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

#: Sums of scores run in this context; ``Inexact`` is trapped so a total can never be silently
#: rounded: it is the exact sum of its parts or an error.
EXACT_SUM_CONTEXT = decimal.Context(
    prec=200,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact],
)

#: Rounding modes a regime or a rule may declare, by the name used in regime files.
ROUNDING_MODES: dict[str, str] = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "half_down": decimal.ROUND_HALF_DOWN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}

ZERO = Decimal(0)
ONE = Decimal(1)


def to_decimal(value: object) -> Decimal:
    """Return ``value`` as a finite Decimal; a float is taken at its shortest repr (0.1 -> Decimal("0.1")).

    Raises ``TypeError`` for booleans and non-numbers and ``ValueError`` for text that is not a
    number or for NaN and infinities, each with a message fit to show a user.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise TypeError(f"expected a number, got a yes/no value {value!r}")
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise ValueError(f"expected a number, got {value!r}") from None
    else:
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return result


def round_to(value: Decimal, places: int, mode: str) -> Decimal:
    """Round ``value`` to ``places`` decimal places with the named mode (a key of ``ROUNDING_MODES``)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING_MODES[mode], context=CONTEXT)
