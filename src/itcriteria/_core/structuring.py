"""cattrs plumbing shared by regime files and submissions: strict base hooks, and errors as problems."""

from __future__ import annotations

import copy
import datetime as dt
import re
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from ..exceptions import ArgumentError, ItcriteriaError, Problem
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
    raise ArgumentError(f"expected a date as yyyy-mm-dd or dd/mm/yyyy, got {value!r}")


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise ArgumentError(f"expected text, got {type(value).__name__} {value!r}")
    return value


def _structure_int(value: object, _: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentError(f"expected a whole number, got {value!r}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise ArgumentError(f"expected true or false, got {value!r}")
    return value


def _is_literal(type_: Any) -> bool:
    return typing.get_origin(type_) is typing.Literal


def _structure_literal(value: object, type_: Any) -> object:
    allowed = typing.get_args(type_)
    if any(value == choice and type(value) is type(choice) for choice in allowed):
        return value
    listed = ", ".join(f'"{choice}"' if isinstance(choice, str) else str(choice) for choice in allowed)
    raise ArgumentError(f"expected one of {listed}, got {shown(value)}")


def shown(value: object) -> str:
    """A value as a message about a file shows it: text quoted, a table or list by its kind."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float | Decimal):
        return f"the number {value}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    return type(value).__name__


def _tables_only(cls: type, converter: cattrs.Converter, table: str) -> Any:
    """The structure function of an attrs class that first checks it was given a table, so
    ``benchmark = 0.8`` says what a benchmark looks like rather than what Python tripped on."""
    structure: Any = make_dict_structure_fn(cls, converter)
    names = " or ".join(", ".join(field.alias for field in attrs.fields(cls)).rsplit(", ", 1))

    def structure_table(value: object, _: object) -> object:
        if not isinstance(value, Mapping):
            raise ArgumentError(f"expected {table} with {names}, got {shown(value)}")
        return structure(value, cls)

    return structure_table


def base_converter(table: str = "a table", *, detailed: bool = True) -> cattrs.Converter:
    """A converter refusing unknown keys, coercing nothing silently: text stays text, numbers exact.

    ``table`` is what a message calls a mapping given where a scalar was found: "a table" in a TOML
    file, "an object" in JSON. Without ``detailed`` the generated hooks stop at the first failure
    instead of gathering every one with its path: a fast first try, for a caller that structures
    again with a detailed converter when it fails."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, lambda value, _: to_decimal(value))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(dt.date, lambda value, _: parse_date(value))
    converter.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    converter.register_structure_hook_func(_is_literal, _structure_literal)
    converter.register_structure_hook_factory(attrs.has, lambda cls: _tables_only(cls, converter, table))
    return converter


def problems_from(exc: cattrs.BaseValidationError) -> list[Problem]:
    """Every failure cattrs gathered, as problems with their paths (``criteria[2].rule``).

    A failure under ``answers['1.1']`` of a submission also names the criterion and the field.
    """
    return [_problem(message) for message in cattrs.transform_error(exc, format_exception=_format)]


def _format(exc: BaseException, type_: object) -> str:
    if isinstance(exc, KeyError) and not isinstance(exc, ItcriteriaError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, ValueError | TypeError | ItcriteriaError) and str(exc):
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


# --- Every problem at once -------------------------------------------------------------------------
#
# cattrs stops at the fields it cannot structure, so the checks that need the whole object (a regime's
# sums and bands, a form's missing answers) never run and their problems stay hidden until the first
# ones are fixed. Leaving the wrong fields out and structuring again lets those checks run too.

_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\["([^"]*)"\]')
_UNKNOWN = re.compile(r"unknown field\(s\) (.+)")


@attrs.frozen
class LeftOut:
    """Plain data with the fields some problems are about left out, and where they were."""

    data: dict[str, Any]
    paths: tuple[str, ...]

    def concerns(self, where: str) -> bool:
        """Whether a problem at ``where`` may be an effect of what was left out: the same field, a
        part of it, or the table that held it (an unknown field left out concerns nothing else)."""
        for path in self.paths:
            if where in (path, _parent(path)) or where.startswith((path + ".", path + "[")):
                return True
        return False


def leave_out(data: Mapping[str, Any], problems: list[Problem]) -> LeftOut | None:
    """A copy of ``data`` without what each problem is about (an unknown field, or a field with a
    wrong value that may be left out), or None when one of them cannot be left out (a required
    field, an item of a list, a path this cannot follow)."""
    copied = copy.deepcopy(dict(data))
    paths = []
    for problem in problems:
        if problem.message == "required field missing":
            return None
        steps = _steps(problem.where)
        if steps is None:
            return None
        unknown = _UNKNOWN.fullmatch(problem.message)
        if unknown:
            table = _follow(copied, steps)
            if not isinstance(table, dict):
                return None
            for name in unknown.group(1).split(", "):
                table.pop(name, None)
            continue
        holder = _follow(copied, steps[:-1]) if steps else None
        if not isinstance(holder, dict) or not isinstance(steps[-1], str) or steps[-1] not in holder:
            return None
        del holder[steps[-1]]
        paths.append(problem.where)
    return LeftOut(copied, tuple(paths))


def _steps(where: str) -> list[str | int] | None:
    steps: list[str | int] = []
    end = 0
    for match in _STEP.finditer(where):
        if match.start() != end:
            return None
        key, index, quoted = match.groups()
        steps.append(int(index) if index else key if key else quoted)
        end = match.end()
    return steps if end == len(where) else None


def _follow(data: object, steps: list[str | int]) -> object:
    for step in steps:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and step < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
    return data


def _parent(path: str) -> str:
    steps = list(_STEP.finditer(path))
    return path[: steps[-1].start()] if steps else ""
