"""Regime files (TOML) structured into the model with cattrs, every problem reported with its path."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import cattrs
from cattrs.strategies import configure_tagged_union

from ._model import Indicator, Regime, Text
from ._numbers import to_decimal
from ._submission import parse_date
from .exceptions import Problem, RegimeError


def load_regime(path: str | os.PathLike[str]) -> Regime:
    """Read and validate a regime file (TOML); raise RegimeError listing every problem with its path."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as err:
        raise RegimeError(str(file), [Problem("", f"cannot read the file: {err.strerror or err}")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RegimeError(str(file), [Problem("", f"not a valid TOML file: {err}")]) from None
    return regime_from_dict(data, origin=str(file))


def regime_from_dict(data: Mapping[str, Any], *, origin: str | None = None) -> Regime:
    """Build a Regime from plain data shaped like a regime file (as parsed from TOML or JSON)."""
    name = str(data.get("id", "<no id>")) if isinstance(data, Mapping) else "<not a table>"
    subject = f"{name} ({origin})" if origin else name
    try:
        return _converter.structure(data, Regime)
    except RegimeError as err:
        raise RegimeError(subject, err.problems) from None
    except cattrs.BaseValidationError as exc:  # cattrs gathers every structural failure into one group
        messages = cattrs.transform_error(exc, format_exception=_format)
        raise RegimeError(subject, [_problem(m) for m in messages]) from None


def regime_to_dict(regime: Regime) -> dict[str, Any]:
    """The regime as plain data in the shape of a regime file (Decimals and dates as text)."""
    data: dict[str, Any] = _converter.unstructure(regime)
    return data


def _format(exc: BaseException, type_: object) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, RegimeError):
        return "; ".join(str(p) for p in exc.problems)
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return str(exc)
    name = getattr(type_, "__name__", str(type_))
    return f"invalid value, expected {name}"


def _problem(message: str) -> Problem:
    text, _, path = message.rpartition(" @ ")
    if not text:
        return Problem("", message)
    return Problem(path.removeprefix("$.").removeprefix("$"), text)


def _structure_text(value: object, _: type) -> Text:
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, Mapping):
        extra = set(value) - {"vi", "en"}
        if extra or not isinstance(value.get("vi"), str) or not isinstance(value.get("en", ""), str):
            raise ValueError(f'expected text or {{vi = "...", en = "..."}}, got {dict(value)!r}')
        return Text(value["vi"], value.get("en", ""))
    raise ValueError(f"expected text, got {type(value).__name__} {value!r}")


def _structure_decimal(value: object, _: type) -> Decimal:
    return to_decimal(value)


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__} {value!r}")
    return value


def _structure_int(value: object, _: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Text, _structure_text)
    converter.register_unstructure_hook(Text, lambda t: {"vi": t.vi, "en": t.en} if t.en else t.vi)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(dt.date, lambda v, _: parse_date(v))
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    configure_tagged_union(Indicator, converter, tag_generator=lambda cl: cl.kind, tag_name="kind")
    converter.register_structure_hook_func(
        lambda t: t == Indicator | None,
        lambda value, _: None if value is None else converter.structure(value, Indicator),
    )
    return converter


_converter = _make_converter()
