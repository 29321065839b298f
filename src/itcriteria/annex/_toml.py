"""A regime as TOML text, laid out like the bundled regime files (sub-criteria indented under their
criterion). Only the shapes a regime file has are written: text, numbers, dates, booleans, lists and
tables; a Decimal that a TOML float would not keep exactly is written as text, which loads as the same
Decimal."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ._words import number_text

#: Tables written as ``[name]`` sections after the plain values, and arrays of tables as ``[[name]]``.
_SECTIONS = ("effective", "evaluation_window", "rounding")
_ARRAYS = ("legal_basis", "groups", "bands", "criteria")


def dumps(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """``data`` (a regime in the shape of a regime file) as TOML, with ``header`` as comment lines."""
    lines = [f"# {line}".rstrip() for line in header]
    if lines:
        lines.append("")
    for key, value in data.items():
        if key not in _SECTIONS and key not in _ARRAYS:
            lines.append(f"{key} = {_value(value)}")
    for key in _SECTIONS:
        if key in data:
            lines += ["", f"[{key}]"]
            lines += [f"{k} = {_value(v)}" for k, v in data[key].items()]
    for key in _ARRAYS:
        for item in data.get(key, ()):
            if key == "criteria":
                lines += _criterion(item, "criteria", 0)
            else:
                lines += ["", f"[[{key}]]"]
                lines += [f"{k} = {_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


#: The order of a criterion's keys, as in the bundled regime files.
_CRITERION_KEYS = ("id", "title", "max", "groups", "combine", "rule", "source", "provenance", "note")


def _criterion(item: Mapping[str, Any], name: str, depth: int) -> list[str]:
    pad = "  " * depth
    item = {k: item[k] for k in sorted(item, key=lambda k: (*_CRITERION_KEYS, k).index(k))}
    lines = ["", f"{pad}[[{name}]]"]
    lines += [f"{pad}{k} = {_value(v)}" for k, v in item.items() if k not in ("children", "indicator")]
    if "indicator" in item:  # a table of its own, so a choice's levels may take a line each
        lines.append(f"{pad}  [{name}.indicator]")
        lines += [f"{pad}  {k} = {_value(v)}" for k, v in item["indicator"].items()]
    for child in item.get("children", ()):
        lines += _criterion(child, f"{name}.children", depth + 1)
    return lines


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = number_text(value)
        if "." in text and Decimal(repr(float(text))) != value:
            return json.dumps(text)  # more digits than a float keeps: loads as the exact Decimal
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        if any(isinstance(v, Mapping) for v in value):  # only as a table's value, never inline
            return "[\n" + "".join(f"      {_value(v)},\n" for v in value) + "    ]"
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} in a regime file")
