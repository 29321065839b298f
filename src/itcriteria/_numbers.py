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

#: Inputs may have at most this many significant digits: every digit takes part in exact scoring.
MAX_DIGITS = CONTEXT.prec

ZERO = Decimal(0)
ONE = Decimal(1)


def to_decimal(value: object, max_digits: int | None = None) -> Decimal:
    """Return ``value`` as a finite Decimal; a float is taken at its shortest repr (0.1 -> Decimal("0.1")).

    Raises ``TypeError`` for booleans and non-numbers and ``ValueError`` for text that is not a
    number, for NaN and infinities, and, with ``max_digits``, for numbers of more significant digits
    (answers get ``MAX_DIGITS``: more than scoring could keep exact), each with a message fit to show
    a user.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise TypeError(f"expected a number, got a yes/no value {value!r}")
    elif isinstance(value, int):
        if max_digits is not None and value.bit_length() > 4 * max_digits:  # huge ints convert slowly
            raise ValueError(f"expected a number of at most {max_digits} digits, got a larger one")
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        if max_digits is not None and len(text) > 4 * max_digits:
            raise ValueError(
                f"expected a number of at most {max_digits} digits, got text of {len(text)} characters"
            )
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise ValueError(f"expected a number, got {value!r}") from None
    else:
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    if max_digits is not None and len(result.as_tuple().digits) > max_digits:
        raise ValueError(f"expected a number of at most {max_digits} significant digits, got {value!r}")
    return result


def round_to(value: Decimal, places: int, mode: str) -> Decimal:
    """Round ``value`` to ``places`` decimal places with the named mode (a key of ``ROUNDING_MODES``)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING_MODES[mode], context=CONTEXT)
