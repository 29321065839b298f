"""Vietnamese text as the importer compares it: lower case, without diacritics, đ as d.

:func:`fold` maps each character to exactly one character, so a position found in the folded text is
the same position in the original (labels are cut from the original, with its diacritics).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .._core import formats, terms

fold = terms.fold


def squash(text: str) -> str:
    """Folded, with runs of white space as one space, trimmed."""
    return " ".join(fold(text).split())


def slug(text: str, limit: int = 40) -> str:
    """Lower-case letters, digits and dashes, from ``text`` (for level and group ids)."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return words[:limit].rstrip("-") or "muc"


_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_POINT_WORDS = re.compile(r"^(?:tong\s+(?:so\s+)?diem|tong\s+cong|tong|toi\s+da|diem\s+toi\s+da)\s*:?\s*")
_POINT_UNIT = re.compile(r"\s*(?:diem|d)\s*\.?$")


def points(text: str) -> Decimal | None:
    """The number in a points cell: ``20``, ``0,5``, ``20 điểm``, ``20đ``, ``Tổng điểm 200``; None when
    the cell is empty or a dash; ``ValueError`` when it is something else."""
    folded = squash(text)
    if folded in ("", "-", "–", "—", "x"):
        return None
    core = _POINT_UNIT.sub("", _POINT_WORDS.sub("", folded)).strip()
    core = core.strip("()").strip()
    if not _NUMBER.fullmatch(core):
        raise ValueError(f"{text!r} is not a number of points (write 20, 0,5, 20 điểm or 20đ)")
    try:
        return Decimal(core.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal numbers
        raise ValueError(f"{text!r} is not a number") from None


def number_text(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros (``20``, ``0.5``)."""
    return formats.number(value, "en")
