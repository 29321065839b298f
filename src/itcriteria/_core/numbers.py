"""Exact numbers: the one decimal context itcriteria computes in, and conversion of inputs to Decimal."""

from __future__ import annotations

import decimal
import re
import unicodedata
from decimal import Decimal

from ..exceptions import ArgumentError

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
            raise ArgumentError(f"expected a number of at most {max_digits} digits, got a larger one")
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if max_digits is not None and len(text) > 4 * max_digits:
            raise ArgumentError(
                f"expected a number of at most {max_digits} digits, got text of {len(text)} characters"
            )
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise ArgumentError(f"expected a number, got {value!r}") from None
    else:
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise ArgumentError(f"expected a finite number, got {value!r}")
    if max_digits is not None and len(result.as_tuple().digits) > max_digits:
        raise ArgumentError(f"expected a number of at most {max_digits} significant digits, got {value!r}")
    return result


def round_to(value: Decimal, places: int, mode: str) -> Decimal:
    """Round ``value`` to ``places`` decimal places with the named mode (a key of ``ROUNDING_MODES``)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING_MODES[mode], context=CONTEXT)


# --- Numbers a unit writes as text ----------------------------------------------------------------
#
# One rule for numeric text in every answer, whatever carried it (a spreadsheet cell, a CSV field, a
# JSON string, a Python mapping, an HTTP body): digits, with at most one comma or point, which is the
# decimal separator. Thousands separators are refused, and so is a lone separator followed by exactly
# three digits after a whole part of one to three digits not starting with 0 ("1.830", "12,500"): a
# Vietnamese reader takes it for thousands, an English one for a decimal, and guessing wrong changes a
# score without a word. Python's own syntax (underscores, exponents) is not how people write numbers.

#: The numeric text an answer may hold, as a regular expression valid in Python and in JSON Schema
#: (ECMA-262): the published submission schema uses it, so the schema and the readers agree.
NUMERIC_TEXT_PATTERN = r"^(?!\s*[-+]?[1-9][0-9]{0,2}[.,][0-9]{3}\s*$)\s*[-+]?([0-9]+|[0-9]*[.,][0-9]+)\s*$"
#: The same for a whole number (a count, or a part of a ratio that counts things).
WHOLE_TEXT_PATTERN = r"^\s*[-+]?[0-9]+\s*$"

_WHOLE = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"([-+]?)([0-9]*)([.,])([0-9]+)")
_AMBIGUOUS = re.compile(r"[-+]?([1-9][0-9]{0,2})[.,]([0-9]{3})")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}([.,\s\u00a0\u202f'’][0-9]{3})+([.,][0-9]+)?")


def _quoted(text: str) -> str:
    return f"“{text}”"


def number_from_text(value: str) -> int | Decimal:
    """The number a unit wrote as text: whole numbers as int, others as an exact Decimal.

    Raises ``ValueError`` with a message fit to show the person who wrote it, saying how to write the
    number instead when the text is ambiguous or uses thousands separators.
    """
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > 4 * MAX_DIGITS:
        raise ArgumentError(
            f"expected a number of at most {MAX_DIGITS} digits, got text of {len(text)} characters"
        )
    if _WHOLE.fullmatch(text):
        return int(text)
    match = _DECIMAL.fullmatch(text)
    if match:
        sign, whole, separator, fraction = match.groups()
        ambiguous = _AMBIGUOUS.fullmatch(text)
        if ambiguous:
            head, tail = ambiguous.groups()
            raise ArgumentError(
                f"{_quoted(text)} is ambiguous (a thousands separator or a decimal one?): write "
                f"{sign}{head}{tail} for the whole number, or {sign}{head}{separator}{tail}0 for the decimal"
            )
        return Decimal(f"{sign}{whole or '0'}.{fraction}")
    if _GROUPED.fullmatch(text):
        digits = re.sub(r"[^0-9]", "", text)
        raise ArgumentError(
            f"{_quoted(text)} has thousands separators, which are not accepted: write {digits} for a whole "
            "number, with one comma or point before the decimals only"
        )
    raise ArgumentError(f"expected a number, got {_quoted(text)}")


def answer_number(value: object) -> int | Decimal:
    """A number a unit gave as an answer: int and Decimal as they are, a float at its shortest repr
    (what a spreadsheet showed), text by :func:`number_from_text`; anything else, a boolean included,
    raises ``TypeError``/``ValueError``. At most ``MAX_DIGITS`` significant digits."""
    if isinstance(value, str):
        value = number_from_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        to_decimal(value, MAX_DIGITS)  # the size limit
        return value
    return to_decimal(value, MAX_DIGITS)


def json_decimal(text: str) -> Decimal:
    """A JSON number with a fraction or exponent, exactly (``json.loads(parse_float=...)``); a
    ValueError, as for any other malformed JSON, when its exponent is beyond what Decimal holds."""
    try:
        return Decimal(text)
    except ArithmeticError:  # decimal.InvalidOperation: 1e999999999999999999999 and the like
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise ValueError(f"the number {shown} is out of range") from None
