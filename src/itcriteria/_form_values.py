"""Reading one value of a filled form: a number, yes/no, a choice level, a unit group, a date or text.

Each reader takes a value as a spreadsheet, CSV or JSON file gives it and returns it converted, or
raises ``ValueError`` with a message fit to show the person who filled the form. Text is compared after
Unicode NFC normalisation (Vietnamese keyboards may type decomposed accents) and casefolding.

Numbers:

- A real number from a spreadsheet cell is exact when it is a whole number; a fractional one arrives
  from openpyxl as a binary float and is taken at its shortest ``repr`` (``0.1`` → ``Decimal("0.1")``),
  which is what the spreadsheet showed. No other float is ever made.
- Text has at most one separator, a comma or a point, and it is the decimal separator: ``12,5`` and
  ``12.5`` are both twelve and a half. **Thousands separators are refused**: ``1.234.567``,
  ``1 234`` and ``1.234,5`` are errors, and so is a lone separator followed by exactly three digits after
  a whole part of one to three digits not starting with 0 (``1.234``, ``12,500``), which a Vietnamese
  reader takes for thousands and an English one for a decimal; write ``1234``, or ``1,2340`` for the
  decimal. ``0,125`` and ``1234,5`` are not ambiguous and are read.
- In JSON (``point_is_decimal=True``) text follows the published schema, where the point is always the
  decimal separator (``"1.234"`` is 1.234); a decimal comma is read as above.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from ._form_layout import YES_NO_READ
from ._model import Choice, Regime
from ._numbers import to_decimal
from ._structuring import parse_date

_WHOLE = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"([+-]?)(\d*)([.,])(\d+)")
_AMBIGUOUS = re.compile(r"[+-]?([1-9]\d{0,2})[.,](\d{3})")
_GROUPED = re.compile(r"[+-]?\d{1,3}([.,\s\u00a0\u202f'’]\d{3})+([.,]\d+)?")
_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}")


def is_blank(value: object) -> bool:
    """Whether a cell is empty: nothing, or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def normal(text: str) -> str:
    """``text`` as compared: NFC, casefolded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def shown(value: object) -> str:
    """A value as the message shows it."""
    if isinstance(value, dt.datetime | dt.date):
        return f"the date {value:%d/%m/%Y}"
    if isinstance(value, float):
        return repr(value)
    return f"“{value}”" if isinstance(value, str) else str(value)


def number(value: object, *, point_is_decimal: bool = False) -> int | Decimal:
    """A number from a cell: whole numbers as int, others as an exact Decimal (see module docstring)."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got a yes/no value {shown(value)}")
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return to_decimal(value)  # shortest repr: what the spreadsheet showed
    if isinstance(value, str):
        return _number_text(value, point_is_decimal)
    raise ValueError(f"expected a number, got {shown(value)}")


def _number_text(value: str, point_is_decimal: bool) -> int | Decimal:
    text = unicodedata.normalize("NFC", value).strip()
    if _WHOLE.fullmatch(text):
        return int(text)
    match = _DECIMAL.fullmatch(text)
    if match:
        sign, whole, separator, fraction = match.groups()
        ambiguous = _AMBIGUOUS.fullmatch(text)
        if ambiguous and not (point_is_decimal and separator == "."):
            head, tail = ambiguous.groups()
            raise ValueError(
                f"{shown(text)} is ambiguous (a thousands separator or a decimal one?): write "
                f"{sign}{head}{tail} for the whole number, or {sign}{head}{separator}{tail}0 for the decimal"
            )
        return Decimal(f"{sign}{whole or '0'}.{fraction}")
    if point_is_decimal:
        try:
            return to_decimal(text)  # the schema's numeric text: exponents, underscores
        except ValueError:
            pass
    if _GROUPED.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        raise ValueError(
            f"{shown(text)} has thousands separators, which are not accepted: write {digits} for a whole "
            "number, with one comma or point before the decimals only"
        )
    raise ValueError(f"expected a number, got {shown(text)}")


def yes_no(value: object) -> bool:
    """Yes or no: a boolean, 1 or 0, or a word in Vietnamese or English (Có/Không, Yes/No, true/false)."""
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and normal(value) in YES_NO_READ:
        return YES_NO_READ[normal(value)]
    raise ValueError(f"expected yes or no (Có/Không, Yes/No), got {shown(value)}")


def level(choice: Choice, value: object) -> str:
    """The id of the level given by its id or its title (Vietnamese or English)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        wanted = normal(str(value))
        for candidate in choice.levels:
            if str(value) == candidate.id:
                return candidate.id
        for candidate in choice.levels:
            names = (candidate.id, candidate.title.vi, candidate.title.en)
            if wanted in {normal(name) for name in names if name}:
                return candidate.id
    levels = ", ".join(f"{lv.title.vi} ({lv.id})" for lv in choice.levels)
    raise ValueError(f"{shown(value)} is not one of the levels: {levels}")


def group(regime: Regime, value: object) -> str:
    """The id of the unit group given by its id or its title (Vietnamese or English)."""
    if isinstance(value, str):
        wanted = normal(value)
        for candidate in regime.groups:
            if value.strip() == candidate.id:
                return candidate.id
        for candidate in regime.groups:
            names = (candidate.id, candidate.title.vi, candidate.title.en)
            if wanted in {normal(name) for name in names if name}:
                return candidate.id
    known = ", ".join(g.id for g in regime.groups)
    raise ValueError(f"unknown unit group {shown(value)} (groups: {known})")


def day(value: object) -> dt.date:
    """A date: a real date cell, or text as dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError(f"{shown(value.strip())} is not a day of the calendar") from None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ValueError(
            f"expected a date, got the number {value}: write dd/mm/yyyy (or format the cell as a date)"
        )
    raise ValueError(f"expected a date as dd/mm/yyyy or yyyy-mm-dd, got {shown(value)}")


def text(value: object) -> str:
    """Text as given (NFC, trimmed); a number becomes its digits (a unit id or period typed as 2019)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(to_decimal(value))
    raise ValueError(f"expected text, got {shown(value)}")
