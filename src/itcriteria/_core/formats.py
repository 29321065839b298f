"""Numbers and dates as each language writes them, for every text a person reads.

Vietnamese writes ``4,5`` and ``01/01/2019``; English ``4.5`` and ``1 January 2019``. Numbers are
exact decimal text without exponent or trailing zeros; points padded to a regime's declared places use
:func:`points`. Machine files (CSV, JSON) keep their own encodings; this is for reports, books,
explanations and the published annex.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .lang import check_lang
from .numbers import CONTEXT

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_UNTIL = {"vi": "đến nay", "en": "until replaced"}


def number(value: Decimal | int, lang: str) -> str:
    """``value`` without exponent or trailing zeros, with a decimal comma in Vietnamese."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",") if check_lang(lang) == "vi" else text


def decimal(value: Decimal, lang: str) -> str:
    """``value`` with every digit it holds (``15.00`` stays ``15,00``), no exponent, a decimal comma
    in Vietnamese: for values already rounded as the regime declares."""
    text = f"{value:f}"
    return text.replace(".", ",") if check_lang(lang) == "vi" else text


def points(value: Decimal, places: int, lang: str) -> str:
    """Points as a results table shows them: exactly ``places`` decimals when the value fits them
    (15 → 15,00), else every digit it has (never rounded here)."""
    quantum = Decimal(1).scaleb(-places)
    if value == value.quantize(quantum, context=CONTEXT):
        value = value.quantize(quantum, context=CONTEXT)
    text = f"{value:f}"
    return text.replace(".", ",") if check_lang(lang) == "vi" else text


def percent(ratio: Decimal, lang: str, places: int | None = None) -> str:
    """A share (0.3) as a percentage (``30%``); with ``places``, rounded for display to at most that
    many decimals (0.9454545… at 2: ``94,55%``)."""
    shown = ratio * 100 if places is None else for_display(ratio * 100, places)
    return f"{number(shown, lang)}%"


def for_display(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals when it has more (4.7272… at 2: 4.73), else as
    it is: for showing an intermediate value (a ratio, a rule's result before the regime rounds it),
    never for computing with it."""
    quantum = Decimal(1).scaleb(-places)
    if value == value.quantize(quantum, context=CONTEXT):
        return value
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=CONTEXT)


def date(day: dt.date, lang: str) -> str:
    """``01/01/2019`` in Vietnamese, ``1 January 2019`` in English."""
    if check_lang(lang) == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%d/%m/%Y}"


def long_date(day: dt.date, lang: str) -> str:
    """The date line of a decision: ``05 tháng 12 năm 2019``, ``5 December 2019``."""
    if check_lang(lang) == "vi":
        return f"{day:%d} tháng {day.month} năm {day.year}"
    return date(day, lang)


def span(start: dt.date, end: dt.date | None, lang: str) -> str:
    """``23/07/2019 – 12/08/2020``, or ``… – đến nay`` when still in force."""
    return f"{date(start, lang)} – {date(end, lang) if end else _UNTIL[check_lang(lang)]}"


def interval(low: Decimal | None, below: Decimal | None, lang: str, unit: str = "") -> str:
    """A band's interval as the annexes write it (``66,67 ≤ x < 85``), each number followed by ``unit``."""
    left = f"{number(low, lang)}{unit} ≤ " if low is not None else ""
    right = f" < {number(below, lang)}{unit}" if below is not None else ""
    return f"{left}x{right}"
