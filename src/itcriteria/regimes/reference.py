"""The reference of the regime file format, generated from the model so it cannot drift from it: every
table and key with its type, whether it is required or its default, and an example from the bundled
example regime (``itcriteria/examples/example-2019.toml``) where it has one."""

from __future__ import annotations

import datetime as dt
import inspect
import tomllib
import types
import typing
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from .. import model
from ..model import INDICATOR_KINDS, Criterion
from . import regime as regime_module
from .regime import Regime

#: Fields of the model that are not keys of a regime file (code a plugin passes, not file content).
_NOT_IN_FILES: set[tuple[type, str]] = {(Regime, "functions")}


def regime_file_reference() -> str:
    """The regime file format as Markdown: one section per table, a row per key, with examples."""
    file = resources.files("itcriteria") / "examples" / "example-2019.toml"
    example = tomllib.loads(file.read_text("utf-8"))
    # The model's annotations are text (``from __future__ import annotations``), in these names.
    names = {**vars(model), **vars(regime_module), "dt": dt, "Decimal": Decimal}
    sections: list[tuple[str, type, Any]] = [
        ("The file (top level)", Regime, example),
        ("`[[criteria]]` and `[[criteria.children]]`", Criterion, example["criteria"][0]["children"][0]),
    ]
    tables: tuple[tuple[str, type], ...] = (
        ("legal_basis", model.LegalBasis),
        ("effective", model.Period),
        ("rounding", model.Rounding),
        ("groups", model.UnitGroup),
        ("bands", model.Band),
        ("deadline", model.Deadline),
        ("milestones", model.Milestone),
        ("consistency", model.Consistency),
    )
    for key, table in tables:
        sections.append((f"`{key}`", table, _first(example, key)))
    sections.append(("`benchmark`", model.Benchmark, _first_in_criteria(example, "benchmark")))
    for kind, indicator in INDICATOR_KINDS.items():
        found = _first_in_criteria(example, "indicator", kind)
        sections.append((f'`indicator` with `kind = "{kind}"`', indicator, found))
    choice = _first_in_criteria(example, "indicator", "choice") or {}
    sections.append(("`levels` of a choice", model.Level, (choice.get("levels") or [None])[0]))
    lines = [
        "# Regime file reference",
        "",
        "Generated from the model (`itcriteria.regimes.regime_file_reference()`); examples are from",
        "`src/itcriteria/examples/example-2019.toml`. Text may be a string (Vietnamese) or a table",
        '`{ vi = "...", en = "..." }`; dates are TOML dates (`2019-09-15`); numbers are exact decimals.',
    ]
    for title, cls, sample in sections:
        lines += ["", f"## {title}", "", _doc(cls), "", "| key | type | required / default | example |"]
        lines.append("| --- | --- | --- | --- |")
        for field in attrs.fields(cls):
            if not field.init or (cls, field.name) in _NOT_IN_FILES:
                continue
            key = field.alias or field.name
            kind = _kind(eval(field.type, names) if isinstance(field.type, str) else field.type)
            required = "required" if field.default is attrs.NOTHING else _default(field.default)
            shown = _example(sample.get(key)) if isinstance(sample, dict) and key in sample else ""
            lines.append(f"| `{key}` | {kind} | {required} | {shown} |")
    return "\n".join(lines) + "\n"


def _doc(cls: type) -> str:
    text = inspect.getdoc(cls) or ""
    return text.split("\n\n", 1)[0].replace("\n", " ")


def _first(example: dict[str, Any], key: str) -> Any:
    value = example.get(key)
    return value[0] if isinstance(value, list) and value else value


def _first_in_criteria(example: dict[str, Any], key: str, kind: str | None = None) -> Any:
    stack = list(example.get("criteria", []))
    while stack:
        criterion = stack.pop(0)
        value = criterion.get(key)
        if value is not None and (kind is None or (isinstance(value, dict) and value.get("kind") == kind)):
            return value
        stack.extend(criterion.get("children", []))
    return None


def _kind(type_: Any) -> str:
    origin, args = typing.get_origin(type_), typing.get_args(type_)
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in args if a is not type(None)]
        if len(parts) > 1 and all(attrs.has(a) for a in parts):
            return "an indicator table (see below)"
        return _kind(parts[0]) + (" (optional)" if type(None) in args else "")
    if origin is typing.Literal:
        return "one of " + ", ".join(f'`"{a}"`' for a in args)
    if origin is tuple:
        inner = args[0]
        return f"array of {_kind(inner)}" if not attrs.has(inner) else f"array of tables ({inner.__name__})"
    if type_ is model.Text:
        return "text"
    if attrs.has(type_):
        return f"table ({type_.__name__})"
    return {str: "string", int: "whole number", bool: "true / false", Decimal: "number", dt.date: "date"}.get(
        type_, getattr(type_, "__name__", str(type_))
    )


def _default(value: Any) -> str:
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]  # attrs.Factory is a class at run time
        value = value.factory()
    if value is None or value == () or value == "":
        return "optional"
    if isinstance(value, bool):
        return f"default `{str(value).lower()}`"
    if attrs.has(type(value)):
        return "default: see its table"
    return f'default `"{value}"`' if isinstance(value, str) else f"default `{value}`"


def _example(value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {_scalar(v)}" for k, v in value.items() if not isinstance(v, list | dict))
        return f"`{{ {inner} }}`" if inner else "a table"
    if isinstance(value, list):
        return f"{len(value)} items" if value and isinstance(value[0], dict) else f"`{value}`"
    return f"`{_scalar(value)}`"


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return f'"{text}"'.replace("|", "\\|")
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
