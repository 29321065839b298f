"""A unit's self-assessment form (Phiếu tự đánh giá) as data, and its documented JSON shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from .._core import base_converter, check_id, check_text, parse_date, problems_from
from ..exceptions import ArgumentError, SubmissionError

#: A value as the unit gave it: a number (int, Decimal, float taken at its shortest repr, or numeric
#: text), a yes/no boolean, or a choice level's id.
Given = int | float | str | Decimal | bool | None


def _an_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_id(value, f"unit {attribute.name}" if attribute.name != "id" else "unit id")


def _a_text(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value == "" and type(value) is str:  # most answers have no evidence and no note
        return
    if not isinstance(value, str):
        raise ValueError(f"{attribute.name} must be text, got {type(value).__name__}")
    check_text(value, attribute.name, multiline=attribute.name in ("evidence", "note"))


@attrs.frozen
class Unit:
    """The agency a form is about: ``id``, display ``name``, unit ``group`` and, for communes, ``parent``.

    The id is lower-case letters, digits, dashes and underscores, like a regime's; the name any
    printable text (no control characters).
    """

    id: str = attrs.field(validator=_an_id)
    name: str = attrs.field(validator=_a_text)
    group: str = attrs.field(validator=_a_text)
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(_an_id))


@attrs.frozen
class Answer:
    """One answered sub-criterion: ``numerator`` and ``denominator`` for ratios, ``value`` otherwise.

    Values are kept as given; the regime checks and converts them when it scores. ``evidence`` names
    the supporting documents (tài liệu kiểm chứng).
    """

    numerator: Given = None
    denominator: Given = None
    value: Given = None
    evidence: str = attrs.field(default="", validator=_a_text)
    note: str = attrs.field(default="", validator=_a_text)

    def given(self) -> dict[str, Given]:
        """The fields the unit filled in, as given."""
        return {
            name: getattr(self, name)
            for name in ("numerator", "denominator", "value")
            if getattr(self, name) is not None
        }


@attrs.frozen
class Submission:
    """A self-assessment: the unit, the period, the date sent, and answers keyed by criterion id.

    Build one in Python, or from the JSON shape with :meth:`from_dict` (see ``itcriteria.submission_schema``).
    """

    unit: Unit
    answers: Mapping[str, Answer] = attrs.field(factory=dict)
    period: str = attrs.field(default="", validator=_a_text)
    submitted: dt.date | None = None
    regime: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Submission:
        """Read the documented JSON shape; raise SubmissionError listing every problem with its path.

        A scalar answer is shorthand for ``{"value": ...}``; dates are ISO (2019-09-14) or dd/mm/yyyy.
        """
        try:  # the hooks without error gathering first: a well-formed form is read in one pass
            return _fast_structure(data, cls)
        except Exception:  # whatever failed is found again below, with every problem
            pass
        try:
            return _converter.structure(data, cls)
        except cattrs.BaseValidationError as exc:  # cattrs gathers every failure into one group
            raise SubmissionError(_unit_id(data), problems_from(exc)) from None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of this submission (numbers as given; Decimals as text)."""
        data: dict[str, Any] = {
            "regime": self.regime,
            "unit": attrs.asdict(self.unit),
            "period": self.period,
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "answers": {
                cid: {k: _jsonable(v) for k, v in attrs.asdict(answer).items() if v not in (None, "")}
                for cid, answer in self.answers.items()
            },
        }
        return {k: v for k, v in data.items() if v not in (None, "")}


def _jsonable(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def structure_answer(data: object, _: type) -> Answer:
    if isinstance(data, Mapping):
        return _answer_converter.structure(data, Answer)
    if data is None or isinstance(data, (list, tuple, set)):
        raise ArgumentError(f"expected a value or an object with numerator/denominator/value, got {data!r}")
    return Answer(value=_structure_given(data, Given))  # shorthand for {"value": ...}


def _structure_given(data: object, _: object) -> Given:
    if data is None or isinstance(data, (int, float, str, Decimal)):
        return data  # bool is an int
    raise ArgumentError(f"expected a number, yes/no or a level id, got {type(data).__name__} {data!r}")


def _make_converter(*, detailed: bool = True) -> cattrs.Converter:
    converter = base_converter("an object", detailed=detailed)
    converter.register_structure_hook_func(lambda t: t == Given, _structure_given)
    return converter


_answer_converter = _make_converter()
_converter = _make_converter()
_converter.register_structure_hook(Answer, structure_answer)

# The fast first try of ``from_dict``: cattrs' hooks generated without gathering errors for the
# submission and its unit, and one loop for the answers (per answer, a generic hook's key-set
# arithmetic and keyword call cost more than building the answer). It accepts only what the detailed
# converter accepts, builds the same values, or raises; the detailed converter then reads the form
# again and reports every problem (a property test in tests/model pins the agreement).
_SCALARS = frozenset({int, str, Decimal, bool, float})
_GIVEN = _SCALARS | {type(None)}
_ANSWER_KEYS = frozenset(field.name for field in attrs.fields(Answer))


def _fast_answers(data: object, _: object) -> dict[str, Answer]:
    if type(data) is not dict:
        raise TypeError("the answers are not a JSON object")
    answers: dict[str, Answer] = {}
    for cid, given in data.items():
        if type(cid) is not str:
            raise TypeError("a criterion id is not text")
        if type(given) is dict:
            if not given.keys() <= _ANSWER_KEYS:
                raise TypeError("an unknown field")
            numerator, denominator = given.get("numerator"), given.get("denominator")
            value, evidence, note = given.get("value"), given.get("evidence", ""), given.get("note", "")
            if not (
                type(numerator) in _GIVEN
                and type(denominator) in _GIVEN
                and type(value) in _GIVEN
                and type(evidence) is str
                and type(note) is str
            ):
                raise TypeError("a field of an unexpected type")
            answers[cid] = Answer(numerator, denominator, value, evidence, note)
        elif type(given) in _SCALARS:
            answers[cid] = Answer(None, None, given)  # shorthand for {"value": ...}
        else:
            raise TypeError("an answer of an unexpected type")
    return answers


def _fast_text_or_none(value: object, _: object) -> str | None:
    if value is None or type(value) is str:
        return value
    raise TypeError("not text")


def _fast_day_or_none(value: object, _: object) -> dt.date | None:
    return None if value is None else parse_date(value)


_fast = _make_converter(detailed=False)
_fast.register_structure_hook_func(lambda t: t == Mapping[str, Answer], _fast_answers)
_fast.register_structure_hook_func(lambda t: t == (str | None), _fast_text_or_none)
_fast.register_structure_hook_func(lambda t: t == (dt.date | None), _fast_day_or_none)
_fast.register_structure_hook(  # the unit straight through its generated hook, no check of its shape first
    Unit,
    make_dict_structure_fn(Unit, _fast, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=False),
)
_fast_structure = make_dict_structure_fn(
    Submission, _fast, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=False
)


def _unit_id(data: object) -> str:
    if isinstance(data, Mapping) and isinstance(data.get("unit"), Mapping):
        return str(data["unit"].get("id", "<no unit id>"))
    return "<no unit>"
