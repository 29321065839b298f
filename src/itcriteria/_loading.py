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

from ._model import INDICATOR_KINDS, Indicator, Regime, Text
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
    except cattrs.BaseValidationError as exc:  # cattrs gathers every structural failure into one group
        semantic = _regime_error_in(exc)
        if semantic is not None:  # the fields were fine; Regime's whole-tree validation failed
            raise RegimeError(subject, semantic.problems) from None
        messages = cattrs.transform_error(exc, format_exception=_format)
        raise RegimeError(subject, [_problem(m) for m in messages]) from None


def regime_to_dict(regime: Regime) -> dict[str, Any]:
    """The regime as plain data in the shape of a regime file (Decimals and dates as text)."""
    data: dict[str, Any] = _converter.unstructure(regime)
    return data


def _regime_error_in(exc: BaseException) -> RegimeError | None:
    if isinstance(exc, RegimeError):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _regime_error_in(inner)
        if found is not None:
            return found
    return None


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

    def structure_indicator(value: object, _: object) -> Indicator | None:
        if value is None:
            return None
        kind = value.get("kind") if isinstance(value, Mapping) else None
        if not isinstance(value, Mapping) or kind not in INDICATOR_KINDS:
            kinds = ", ".join(INDICATOR_KINDS)
            raise ValueError(f"expected an indicator table with kind = one of {kinds}; got kind {kind!r}")
        fields = {key: item for key, item in value.items() if key != "kind"}
        result: Indicator = converter.structure(fields, INDICATOR_KINDS[kind])
        return result

    def unstructure_indicator(value: Indicator | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {"kind": value.kind, **converter.unstructure(value, unstructure_as=type(value))}

    converter.register_structure_hook_func(lambda t: t == Indicator | None, structure_indicator)
    converter.register_unstructure_hook_func(lambda t: t == Indicator | None, unstructure_indicator)
    return converter


_converter = _make_converter()
