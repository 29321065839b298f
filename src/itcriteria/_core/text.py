"""Text from outside: ids and names checked on the way in, cells neutralised on the way out.

In: an id (of a unit, like a regime's) is lower-case letters, digits, ``-`` and ``_``; any text refuses
control characters (free text such as evidence may keep line breaks and tabs) and the bidirectional
overrides that make text read differently from what it holds.

Out: a spreadsheet program runs a CSV cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR as a
formula. As OWASP recommends, such text is written with an apostrophe in front, which spreadsheets
show as text; text that already starts with apostrophes before one of those characters gets one more,
so :func:`restore_cell` gives back exactly what :func:`neutralise_cell` was given.

On the terminal, :func:`printable` shows control characters as escapes instead of sending them.
"""

from __future__ import annotations

import math
import re

from .limits import MAX_ID, MAX_NAME

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_TRIGGERS = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'*[=+\-@\t\r]")
_RESTORABLE = re.compile(r"'+[=+\-@\t\r]")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def id_problem(value: object, what: str = "unit id") -> str | None:
    """Why ``value`` is not an id (lower-case letters, digits, ``-``, ``_``), or None."""
    if not isinstance(value, str):
        return f"{what} must be text, got {type(value).__name__}"
    if len(value) > MAX_ID:
        return f"{what} is {len(value)} characters long, over the limit of {MAX_ID}"
    if not _ID.fullmatch(value):
        return f"{what} {printable(value)!r} must be lower-case letters, digits, dashes and underscores"
    return None


def text_problem(value: str, what: str = "text", *, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable text (a control character, a bidi override, too long), or None.

    ``multiline`` free text may hold line breaks and tabs.
    """
    if len(value) > (MAX_NAME if not multiline else 20 * MAX_NAME):
        return f"{what} is {len(value)} characters long, over the limit"
    if value.isprintable():  # printable text holds no control character (Cc) nor bidi override (Cf)
        return None
    # The control characters (category Cc) are U+0000-U+001F and U+007F-U+009F: one search finds the first
    found = (_UNPRINTABLE if multiline else _UNPRINTABLE_LINE).search(value)
    if found:
        return f"{what} holds the control character U+{ord(found.group()):04X}; remove it"
    return None


def check_id(value: object, what: str = "unit id") -> str:
    """``value`` if it is an id; ValueError otherwise."""
    problem = id_problem(value, what)
    if problem:
        raise ValueError(problem)
    assert isinstance(value, str)
    return value


def check_text(value: str, what: str = "text", *, multiline: bool = False) -> str:
    """``value`` if it is acceptable text; ValueError otherwise."""
    problem = text_problem(value, what, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return value


def neutralise_cell(text: str) -> str:
    """``text`` as written into a CSV cell: an apostrophe before text a spreadsheet would run."""
    return "'" + text if _NEUTRALISED.match(text) else text


def restore_cell(text: str) -> str:
    """The text :func:`neutralise_cell` was given, from a cell it wrote."""
    return text[1:] if _RESTORABLE.match(text) else text


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when a spreadsheet wraps it in a column ``width`` characters
    wide: an estimate erring on the side of one line more, so that a printed row set to that height
    does not cut its text (neither Excel nor LibreOffice sizes the rows of a file it opens)."""
    per_line = max(1.0, width * 1.15 - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control characters and bidi overrides as ``\\x1b``-style
    escapes. With ``lines``, line breaks and tabs are kept."""
    pattern = _UNPRINTABLE if lines else _UNPRINTABLE_LINE
    return pattern.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)
