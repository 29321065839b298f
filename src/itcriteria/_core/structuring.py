"""cattrs plumbing shared by regime files and submissions: strict base hooks, and errors as problems."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import cattrs

from ..exceptions import Problem
from .numbers import to_decimal


def parse_date(value: object) -> dt.date:
    """A date given as a date, ISO text (2019-09-15) or Vietnamese dd/mm/yyyy text (15/9/2019)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                day, month, year = (int(part) for part in text.split("/"))
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"expected a date as yyyy-mm-dd or dd/mm/yyyy, got {value!r}")


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__} {value!r}")
    return value


def _structure_int(value: object, _: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def base_converter() -> cattrs.Converter:
    """A converter refusing unknown keys, coercing nothing silently: text stays text, numbers exact."""
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, lambda value, _: to_decimal(value))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(dt.date, lambda value, _: parse_date(value))
    converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    return converter


def problems_from(exc: cattrs.BaseValidationError) -> list[Problem]:
    """Every failure cattrs gathered, as problems with their paths (``criteria[2].rule``).

    A failure under ``answers['1.1']`` of a submission also names the criterion and the field.
    """
    return [_problem(message) for message in cattrs.transform_error(exc, format_exception=_format)]


def _format(exc: BaseException, type_: object) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return str(exc)
    name = getattr(type_, "__name__", str(type_))
    return f"invalid value, expected {name}"


def _problem(message: str) -> Problem:
    # cattrs renders "message @ $.answers['1.1'].value"
    text, _, path = message.rpartition(" @ ")
    if not text:
        return Problem("", message)
    path = path.removeprefix("$.").removeprefix("$")
    if not path.startswith("answers['"):
        return Problem(path, text)
    criterion, rest = path[len("answers['") :].split("']", 1)
    rest = rest.lstrip(".")
    where = f'answers["{criterion}"]' + (f".{rest}" if rest else "")
    return Problem(where, text, criterion, rest or "value")
