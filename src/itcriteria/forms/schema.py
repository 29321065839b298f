"""The JSON Schema of a submission: the published generic shape, or narrowed to one regime's criteria."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

from ..model import Choice, Count, Criterion, Number, Ratio, YesNo
from ..regimes import Regime

_YES_NO_WORDS = ["yes", "no", "có", "không", "true", "false"]


def submission_schema(regime: Regime | None = None, group: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a submission.

    Without a regime, the generic shape itcriteria publishes. With one, every answer is described by
    its criterion (title, labels, the fields its indicator asks for, the levels of a choice); with a
    ``group`` too, exactly that group's sub-criteria are required and the unit's group is fixed.
    """
    text = (resources.files("itcriteria") / "schemas" / "submission.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    if regime is None:
        return schema
    schema = copy.deepcopy(schema)
    schema["$id"] = schema["$id"].replace("submission.schema.json", f"{regime.id}.submission.schema.json")
    schema["title"] = f"{schema['title']}: {regime.id}"
    properties = schema["properties"]
    properties["regime"] = {"enum": [regime.id, None]}  # null, like absent: the regime it is scored under
    groups = [g.id for g in regime.groups] if group is None else [regime.group(group).id]
    properties["unit"]["properties"]["group"] = {"enum": groups}
    leaves = regime.leaves(group)
    answers = properties["answers"]
    answers.pop("propertyNames", None)
    answers["additionalProperties"] = False
    answers["properties"] = {leaf.id: _answer(leaf) for leaf in leaves}
    if group is not None:
        answers["required"] = [leaf.id for leaf in leaves]
    return schema


def _answer(criterion: Criterion) -> dict[str, Any]:
    indicator = criterion.indicator
    title = f"{criterion.id}. {criterion.title.vi}"
    if isinstance(indicator, Ratio):
        part = "#/$defs/number" if indicator.fractional else "#/$defs/whole"
        return {
            "title": title,
            "type": "object",
            "required": ["numerator", "denominator"],
            "additionalProperties": False,
            "properties": {
                "numerator": {"$ref": part, "title": indicator.numerator.vi},
                "denominator": {"$ref": part, "title": indicator.denominator.vi},
                "evidence": {"type": "string"},
                "note": {"type": "string"},
            },
        }
    value: dict[str, Any]
    if isinstance(indicator, Count):
        value = {"$ref": "#/$defs/whole", "title": indicator.label.vi}
    elif isinstance(indicator, YesNo):
        value = {"title": indicator.label.vi, "anyOf": [{"type": "boolean"}, {"enum": _YES_NO_WORDS}]}
    elif isinstance(indicator, Choice):
        value = {"title": indicator.label.vi, "enum": [level.id for level in indicator.levels]}
    else:
        assert isinstance(indicator, Number)
        number: dict[str, Any] = {"type": "number"}
        if indicator.min is not None:
            number["minimum"] = float(indicator.min)  # JSON Schema bounds are JSON numbers
        if indicator.max is not None:
            number["maximum"] = float(indicator.max)
        value = {"title": indicator.label.vi, "anyOf": [number, {"$ref": "#/$defs/number/oneOf/1"}]}
    wrapped = {
        "type": "object",
        "required": ["value"],
        "additionalProperties": False,
        "properties": {"value": value, "evidence": {"type": "string"}, "note": {"type": "string"}},
    }
    return {"title": title, "oneOf": [value, wrapped]}
