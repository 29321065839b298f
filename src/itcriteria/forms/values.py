"""Reading one value of a filled form: a number, yes/no, a choice level, a unit group, a date or text.

Each reader takes a value as a spreadsheet, CSV or JSON file gives it and returns it converted, or
raises ``ValueError`` with a message fit to show the person who filled the form. Text is compared after
Unicode NFC normalisation (Vietnamese keyboards may type decomposed accents) and casefolding.

Numbers: a real number from a spreadsheet cell is exact when it is a whole number (the workbook reader
gives it as an int); a fractional one arrives as a binary float and is taken at its shortest ``repr``
(``0.1`` → ``Decimal("0.1")``), which is what the spreadsheet showed. No other float is ever made.
Text follows the one rule of every reader, :func:`itcriteria._numbers.number_from_text`: one comma
or point, the decimal separator; thousands separators and ambiguous text (``1.830``) refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from .._core import answer_number, check_id, check_text, parse_date, to_decimal
from ..exceptions import ArgumentError
from ..model import Choice
from ..regimes import Regime
from .layout import YES_NO_READ

_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}")


def unit_id(value: object) -> str:
    """A unit id: lower-case letters, digits, dashes and underscores, like a regime id."""
    return check_id(text(value))


def free_text(value: object) -> str:
    """Evidence or a note: any text, line breaks and tabs included, but no other control character."""
    return text(value, multiline=True)


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


def number(value: object) -> int | Decimal:
    """A number from a cell: whole numbers as int, others as an exact Decimal (see module docstring)."""
    if isinstance(value, bool):
        raise ArgumentError(f"expected a number, got a yes/no value {shown(value)}")
    if isinstance(value, int | Decimal | float | str):
        try:
            return answer_number(value)
        except TypeError as error:
            raise ArgumentError(str(error)) from None
    raise ArgumentError(f"expected a number, got {shown(value)}")


def yes_no(value: object) -> bool:
    """Yes or no: a boolean, 1 or 0, or a word in Vietnamese or English (Có/Không, Yes/No, true/false)."""
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and normal(value) in YES_NO_READ:
        return YES_NO_READ[normal(value)]
    raise ArgumentError(f"expected yes or no (Có/Không, Yes/No), got {shown(value)}")


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
    raise ArgumentError(f"{shown(value)} is not one of the levels: {levels}")


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
    raise ArgumentError(f"unknown unit group {shown(value)} (groups: {known})")


def day(value: object) -> dt.date:
    """A date: a real date cell, or text as dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        try:
            return parse_date(value)
        except ValueError:
            raise ArgumentError(f"{shown(value.strip())} is not a day of the calendar") from None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ArgumentError(
            f"expected a date, got the number {value}: write dd/mm/yyyy (or format the cell as a date)"
        )
    raise ArgumentError(f"expected a date as dd/mm/yyyy or yyyy-mm-dd, got {shown(value)}")


def text(value: object, *, multiline: bool = False) -> str:
    """Text as given (NFC, trimmed); a number becomes its digits (a unit id or period typed as 2019).

    Control characters are refused (line breaks and tabs are kept in ``multiline`` free text).
    """
    if isinstance(value, str):
        return check_text(unicodedata.normalize("NFC", value).strip(), "the text", multiline=multiline)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(to_decimal(value))
    raise ArgumentError(f"expected text, got {shown(value)}")
