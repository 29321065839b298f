"""Reading a submission from its JSON shape: ``Submission.from_dict`` on the Bình Thuận 2019 forms.

Run by hand: ``.venv/bin/python benchmarks/bench_submission.py`` (``--rounds``, ``--repeat``). Times, in
process CPU time, interleaved, on the eight example forms of ``plugins/binhthuan/examples``, per form,
against the target of issue 16 (20 µs a form):

- ``from_dict`` as it was before issue 16, kept below as it was (its classes, their validators with the
  character-by-character text check, cattrs' detailed structuring that gathers every failure with its
  path, run on every form);
- the detailed converter ``from_dict`` still falls back on, with today's classes and validators;
- ``from_dict`` now: one pass over the form taking only exact dicts and scalar types first (answers
  without evidence or note built slot by slot, dates remembered), cattrs' detailed structuring only
  when that fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
from timing import compare, report

from itcriteria import Submission, SubmissionError
from itcriteria._core import base_converter, check_id, problems_from
from itcriteria._core.limits import MAX_NAME
from itcriteria.exceptions import ArgumentError
from itcriteria.model import submission

FORMS = Path(__file__).parents[1] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
TARGET_MICROSECONDS = 20.0

# --- from_dict before issue 16, as it was ------------------------------------------------------------

Given = int | float | str | Decimal | bool | None
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _text_problem(value: str, what: str = "text", *, multiline: bool = False) -> str | None:
    if len(value) > (MAX_NAME if not multiline else 20 * MAX_NAME):
        return f"{what} is {len(value)} characters long, over the limit"
    for char in value:
        if multiline and char in "\n\t":
            continue
        if unicodedata.category(char) == "Cc" or char in _BIDI:
            return f"{what} holds the control character U+{ord(char):04X}; remove it"
    return None


def _an_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_id(value, f"unit {attribute.name}" if attribute.name != "id" else "unit id")


def _a_text(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{attribute.name} must be text, got {type(value).__name__}")
    problem = _text_problem(value, attribute.name, multiline=attribute.name in ("evidence", "note"))
    if problem:
        raise ValueError(problem)


@attrs.frozen
class OldUnit:
    id: str = attrs.field(validator=_an_id)
    name: str = attrs.field(validator=_a_text)
    group: str = attrs.field(validator=_a_text)
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(_an_id))


@attrs.frozen
class OldAnswer:
    numerator: Given = None
    denominator: Given = None
    value: Given = None
    evidence: str = attrs.field(default="", validator=_a_text)
    note: str = attrs.field(default="", validator=_a_text)


@attrs.frozen
class OldSubmission:
    unit: OldUnit
    answers: Mapping[str, OldAnswer] = attrs.field(factory=dict)
    period: str = attrs.field(default="", validator=_a_text)
    submitted: dt.date | None = None
    regime: str | None = None


def _old_structure_answer(data: object, _: type) -> OldAnswer:
    if isinstance(data, Mapping):
        return _old_answer_converter.structure(data, OldAnswer)  # type: ignore[no-any-return]
    if data is None or isinstance(data, (list, tuple, set)):
        raise ArgumentError(f"expected a value or an object with numerator/denominator/value, got {data!r}")
    return OldAnswer(value=_old_structure_given(data, Given))


def _old_structure_given(data: object, _: object) -> Given:
    if data is None or isinstance(data, (int, float, str, Decimal)):
        return data
    raise ArgumentError(f"expected a number, yes/no or a level id, got {type(data).__name__} {data!r}")


def _old_converter() -> cattrs.Converter:
    converter = base_converter("an object")
    converter.register_structure_hook_func(lambda t: t == Given, _old_structure_given)
    return converter


_old_answer_converter = _old_converter()
_old = _old_converter()
_old.register_structure_hook(OldAnswer, _old_structure_answer)


def old_from_dict(data: Mapping[str, Any]) -> OldSubmission:
    try:
        return _old.structure(data, OldSubmission)
    except cattrs.BaseValidationError as exc:
        raise SubmissionError(submission._unit_id(data), problems_from(exc)) from None


# --- Now ----------------------------------------------------------------------------------------------


def detailed_from_dict(data: Mapping[str, Any]) -> Submission:
    """Today's classes through the detailed converter alone (the fallback of ``from_dict``)."""
    try:
        return submission._converter.structure(data, Submission)  # type: ignore[no-any-return]
    except cattrs.BaseValidationError as exc:
        raise SubmissionError(submission._unit_id(data), problems_from(exc)) from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--repeat", type=int, default=500, help="passes over the forms a round (default 500)")
    arguments = parser.parse_args()
    forms = json.loads(FORMS.read_text(encoding="utf-8"))
    for form in forms:  # the same values, whichever way they are read
        now = attrs.asdict(Submission.from_dict(form))
        assert (
            repr(now)
            == repr(attrs.asdict(old_from_dict(form)))
            == repr(attrs.asdict(detailed_from_dict(form)))
        )
    batch = forms * arguments.repeat

    def run(read: Any) -> Any:
        return lambda: [read(form) for form in batch]

    times = compare(
        {
            "from_dict before issue 16": run(old_from_dict),
            "detailed converter, today's classes": run(detailed_from_dict),
            "from_dict now (one pass first)": run(Submission.from_dict),
        },
        arguments.rounds,
    )
    answers = sum(len(form["answers"]) for form in forms) / len(forms)
    print(
        f"Submission.from_dict on the {len(forms)} Bình Thuận 2019 example forms ({answers:.0f} answers "
        f"each), {len(batch):,} forms a round, {arguments.rounds} interleaved rounds, CPU time per form:"
    )
    print(report(times, unit="µs", per=len(batch), limit=TARGET_MICROSECONDS))


if __name__ == "__main__":
    main()
