"""A unit's self-assessment form (Phiếu tự đánh giá) as data, and its documented JSON shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from .._core import base_converter, check_id, check_text, id_problem, limits, parse_date, problems_from
from ..exceptions import ArgumentError, SubmissionError

#: A value as the unit gave it: a number (int, Decimal, float taken at its shortest repr, or numeric
#: text), a yes/no boolean, or a choice level's id.
Given = int | float | str | Decimal | bool | None


def _an_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if id_problem(value) is not None:  # the field's name only in the message
        check_id(value, f"unit {attribute.name}" if attribute.name != "id" else "unit id")


def _a_text(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if type(value) is str and len(value) <= limits.MAX_NAME and value.isprintable():  # "" and most names
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
            return _fast_structure(data)
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

# The fast first try of ``from_dict``: one pass over a well-formed form, taking only exact dicts and
# exact scalar types (a str subclass, a Mapping that is not a dict, a missing or unknown key: anything
# else raises and is left to the detailed converter). It accepts only what the detailed converter
# accepts and builds the same values, through the same attrs classes and validators; the detailed
# converter then reads a refused form again and reports every problem (property tests in tests/model
# pin the agreement). Per answer, cattrs' generic hooks (key-set arithmetic, a keyword call) cost more
# than building the answer, so the answers are one loop.
_SCALARS = frozenset({int, str, Decimal, bool, float})
_GIVEN = _SCALARS | {type(None)}
_TEXT_OR_NONE = frozenset({str, type(None)})
_SUBMISSION_KEYS = frozenset(field.name for field in attrs.fields(Submission))
_UNIT_KEYS = frozenset(field.name for field in attrs.fields(Unit))
_ANSWER_KEYS = frozenset(field.name for field in attrs.fields(Answer))
_RATIO_KEYS = frozenset({"numerator", "denominator"})


def _bare_answer_maker() -> Any:
    """A maker of answers without evidence or note that sets the slots directly (half the cost of
    attrs' ``__init__``), or ``Answer`` itself unless that provably builds the same answer: the only
    validators are the text checks of ``evidence`` and ``note``, which accept the empty text."""
    checked = {field.name: field.validator for field in attrs.fields(Answer) if field.validator}
    if checked != {"evidence": _a_text, "note": _a_text} or hasattr(Answer, "__attrs_post_init__"):
        return Answer
    new, slots = object.__new__, Answer.__dict__
    set_numerator, set_denominator, set_value, set_evidence, set_note = (
        slots[name].__set__ for name in ("numerator", "denominator", "value", "evidence", "note")
    )

    def bare_answer(numerator: Given, denominator: Given, value: Given) -> Answer:
        answer = new(Answer)
        set_numerator(answer, numerator)
        set_denominator(answer, denominator)
        set_value(answer, value)
        set_evidence(answer, "")
        set_note(answer, "")
        return answer

    return bare_answer


_bare_answer = _bare_answer_maker()


def _fast_answers(data: object) -> dict[str, Answer]:
    if type(data) is not dict:
        raise TypeError("the answers are not a JSON object")
    answers: dict[str, Answer] = {}
    for cid, given in data.items():
        if type(cid) is not str:
            raise TypeError("a criterion id is not text")
        kind = type(given)
        if kind is dict:
            if given.keys() == _RATIO_KEYS:  # the most common object: a ratio's two counts
                numerator, denominator, value = given["numerator"], given["denominator"], None
                if not (type(numerator) in _GIVEN and type(denominator) in _GIVEN):
                    raise TypeError("a field of an unexpected type")
            else:
                if not _ANSWER_KEYS.issuperset(given):
                    raise TypeError("an unknown field")
                get = given.get
                numerator, denominator, value = get("numerator"), get("denominator"), get("value")
                evidence, note = get("evidence", ""), get("note", "")
                if not (
                    type(numerator) in _GIVEN
                    and type(denominator) in _GIVEN
                    and type(value) in _GIVEN
                    and type(evidence) is str
                    and type(note) is str
                ):
                    raise TypeError("a field of an unexpected type")
                if evidence or note:
                    answers[cid] = Answer(numerator, denominator, value, evidence, note)
                    continue
        elif kind in _SHARED:  # shorthand for {"value": ...}: yes/no, a level id, a whole number
            answer = _shared.get((kind, given))
            if answer is None:
                answer = _bare_answer(None, None, given)
                if len(_shared) < 1000:
                    _shared[kind, given] = answer
            answers[cid] = answer
            continue
        elif kind in _SCALARS:
            numerator, denominator, value = None, None, given  # shorthand for {"value": ...}
        else:
            raise TypeError("an answer of an unexpected type")
        answers[cid] = _bare_answer(numerator, denominator, value)
    return answers


#: Answers are frozen values, so forms giving the same yes/no, level id or whole number share one.
#: Keyed by type and value: True and 1 stay apart, and no float or Decimal is shared (0.0 == -0.0 and
#: Decimal("1.0") == Decimal("1"), yet each reads back as given).
_SHARED = frozenset({bool, str, int})
_shared: dict[tuple[type, object], Answer] = {}


def _fast_day(value: object) -> dt.date:
    """``parse_date(value)``, remembered for text: the forms of a round share a few dates."""
    if type(value) is not str:
        return parse_date(value)
    day = _days.get(value)
    if day is None:
        day = parse_date(value)
        if len(_days) < 1000:
            _days[value] = day
    return day


_days: dict[str, dt.date] = {}


def _fast_structure(data: Any) -> Submission:
    if type(data) is not dict or not data.keys() <= _SUBMISSION_KEYS:
        raise TypeError("not a JSON object of submission fields")
    unit = data["unit"]
    if type(unit) is not dict or not unit.keys() <= _UNIT_KEYS:
        raise TypeError("the unit is not a JSON object of unit fields")
    unit_id, name, group, parent = unit["id"], unit["name"], unit["group"], unit.get("parent")
    period, submitted, regime = data.get("period", ""), data.get("submitted"), data.get("regime")
    if not (
        type(unit_id) is str
        and type(name) is str
        and type(group) is str
        and type(parent) in _TEXT_OR_NONE
        and type(period) is str
        and type(regime) in _TEXT_OR_NONE
    ):
        raise TypeError("a field of an unexpected type")
    return Submission(
        Unit(unit_id, name, group, parent),
        _fast_answers(data["answers"]) if "answers" in data else {},
        period,
        None if submitted is None else _fast_day(submitted),
        regime,
    )


def _unit_id(data: object) -> str:
    if isinstance(data, Mapping) and isinstance(data.get("unit"), Mapping):
        return str(data["unit"].get("id", "<no unit id>"))
    return "<no unit>"
