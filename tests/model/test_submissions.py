"""Submissions: the JSON shape, its published schema, and every input error listed at once."""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import cattrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itcriteria
from builders import build, form, leaf, parent, ratio
from itcriteria import SubmissionError, testing

YES_NO = {"kind": "yes_no", "label": "Có"}
CHOICE = {
    "kind": "choice",
    "label": "Mức",
    "levels": [{"id": "full", "title": "Đủ", "fraction": 1}, {"id": "none", "title": "Không", "fraction": 0}],
}


@pytest.fixture(scope="module")
def regime() -> itcriteria.Regime:
    return build(
        parent(
            "1",
            10,
            leaf("1.1", 4, ratio()),
            leaf("1.2", 3, {"kind": "count", "label": "n"}, rule="per_item(count, 1, 3)"),
            leaf("1.3", 3, {"kind": "number", "label": "x", "max": 100}, rule="value / 100 * max_points"),
        ),
        leaf("2", 2, YES_NO),
        leaf("3", 3, CHOICE, groups=["so"]),
        leaf("4", 3, CHOICE, groups=["huyen"]),
    )


def problems(excinfo: pytest.ExceptionInfo[SubmissionError]) -> dict[tuple[str | None, str | None], str]:
    return {(p.criterion, p.field): p.message for p in excinfo.value.problems}


def test_every_input_error_is_listed_at_once(regime: itcriteria.Regime) -> None:
    """Missing answers, unknown ids, wrong types, negative counts, numerator above denominator,
    undefined zero denominators, values outside a choice and other groups' criteria: all in one error."""
    answers = {
        "1.1": {"numerator": 12, "denominator": 10},
        "1.2": -2,
        "1.3": "nhiều",
        "3": "half",
        "4": "full",
        "9.9": 1,
        "1": 5,
    }
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    found = problems(excinfo)
    assert found[("1.1", "numerator")] == "numerator 12 is above the denominator 10"
    assert "cannot be negative" in found[("1.2", "value")]
    assert "expected a number" in found[("1.3", "value")]
    assert "missing answer" in found[("2", "value")]
    assert "'half' is not one of the levels 'full', 'none'" in found[("3", "value")]
    assert "not for unit group 'so'" in found[("4", "id")]
    assert "has no criterion '9.9'" in found[("9.9", "id")]
    assert "scored by its sub-criteria (1.1, 1.2, 1.3)" in found[("1", "id")]
    assert len(excinfo.value.problems) == 8
    order = [p.criterion for p in excinfo.value.problems]
    assert order == ["1", "1.1", "1.2", "1.3", "2", "3", "4", "9.9"]  # official order, unknown ids last
    message = str(excinfo.value)
    assert message.startswith("submission of u1 under test-2019: 8 problems:")
    assert 'answers["1.1"].numerator' in message


def test_zero_denominator_without_a_rule_is_an_input_error(regime: itcriteria.Regime) -> None:
    """A zero denominator the regime does not define is reported on the denominator field."""
    answers = {"1.1": {"numerator": 0, "denominator": 0}, "1.2": 1, "1.3": 5, "2": True, "3": "full"}
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    assert "does not say" in problems(excinfo)[("1.1", "denominator")]


@pytest.mark.parametrize(
    ("answer", "field", "message"),
    [
        ({"numerator": -1, "denominator": 5}, "numerator", "negative"),
        ({"numerator": 1}, "denominator", "required field missing"),
        ({"numerator": "a", "denominator": 5}, "numerator", "expected a number"),
        ({"numerator": 1, "denominator": 5, "value": 3}, "value", "answered with numerator and denominator"),
        ({"numerator": "NaN", "denominator": 5}, "numerator", "expected a number"),
    ],
)
def test_ratio_field_errors(
    regime: itcriteria.Regime, answer: dict[str, Any], field: str, message: str
) -> None:
    """Each bad ratio field is named with the criterion id."""
    answers = {"1.1": answer, "1.2": 1, "1.3": 5, "2": True, "3": "full"}
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    assert message in problems(excinfo)[("1.1", field)]


@pytest.mark.parametrize(
    ("cid", "value", "message"),
    [
        ("1.2", 1.5, "whole number"),
        ("1.2", True, "yes/no"),
        ("1.3", 101, "above the maximum 100"),
        ("1.3", -1, "below the minimum 0"),
        ("2", "maybe", "expected yes or no"),
        ("2", 3, "expected yes or no"),
    ],
)
def test_scalar_field_errors(regime: itcriteria.Regime, cid: str, value: Any, message: str) -> None:
    """Counts are whole and ≥ 0, numbers within bounds, yes/no answers are yes or no."""
    answers: dict[str, Any] = {
        "1.1": {"numerator": 1, "denominator": 2},
        "1.2": 1,
        "1.3": 5,
        "2": True,
        "3": "full",
    }
    answers[cid] = value
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    assert message in problems(excinfo)[(cid, "value")]


def test_unknown_group_and_wrong_regime(regime: itcriteria.Regime) -> None:
    """A form for another regime or an unknown unit group is refused before any scoring."""
    data = form({}, group="xa")
    data["regime"] = "other-2019"
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(data)
    wheres = {p.where: p.message for p in excinfo.value.problems}
    assert "not 'test-2019'" in wheres["regime"]
    assert "unknown unit group 'xa' (groups: so, huyen)" in wheres["unit.group"]


def test_malformed_json_shape_lists_every_problem() -> None:
    """Structural errors of the JSON shape are collected with their paths."""
    data = {
        "unit": {"id": "u1", "group": "so", "extra": 1},
        "submitted": "31/02/2019",
        "answers": {"1": [1, 2], "2": {"numerator": {}}},
    }
    with pytest.raises(SubmissionError) as excinfo:
        itcriteria.Submission.from_dict(data)
    wheres = {p.where: p.message for p in excinfo.value.problems}
    assert wheres["unit.name"] == "required field missing"
    assert "extra" in wheres["unit"]
    assert "dd/mm/yyyy" in wheres["submitted"]
    assert 'answers["1"]' in wheres
    assert "expected a number" in wheres['answers["2"].numerator']
    assert {p.criterion for p in excinfo.value.problems if p.criterion} == {"1", "2"}


def test_dates_in_vietnamese_and_iso_forms() -> None:
    """Submission dates are read as dd/mm/yyyy or ISO."""
    for text in ("15/9/2019", "2019-09-15"):
        assert itcriteria.Submission.from_dict(form({}) | {"submitted": text}).submitted == dt.date(
            2019, 9, 15
        )


def test_no_partial_scorecard_on_error(regime: itcriteria.Regime) -> None:
    """score_all raises for every bad form and returns nothing, even when some forms are good."""
    good = {"1.1": {"numerator": 1, "denominator": 2}, "1.2": 1, "1.3": 5, "2": True, "3": "full"}
    bad = dict(good, **{"1.2": -1})
    with pytest.raises(SubmissionError) as excinfo:
        regime.score_all([form(good, unit="a"), form(bad, unit="b"), form(bad, unit="c")])
    wheres = [p.where for p in excinfo.value.problems]
    assert wheres == ['submissions[1] (b).answers["1.2"].value', 'submissions[2] (c).answers["1.2"].value']


def test_schema_accepts_the_examples_and_rejects_bad_shapes(example_forms: list[dict[str, Any]]) -> None:
    """The published JSON Schema accepts every bundled form and the round-tripped JSON shape."""
    schema = itcriteria.submission_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for data in example_forms:
        validator.validate(data)
        validator.validate(itcriteria.Submission.from_dict(data).to_dict())
    assert not validator.is_valid({"unit": {"id": "x", "name": "x", "group": "g"}, "answers": {"1": [1]}})
    assert not validator.is_valid({"unit": {"id": "x", "name": "x"}, "answers": {}})
    assert not validator.is_valid({"unit": {"id": "x", "name": "x", "group": "g"}, "answers": {"a b": 1}})


def test_to_dict_round_trips(example_forms: list[dict[str, Any]]) -> None:
    """A submission read from JSON and written back reads as the same submission."""
    for data in example_forms:
        submission = itcriteria.Submission.from_dict(data)
        assert itcriteria.Submission.from_dict(submission.to_dict()) == submission


def test_regime_schema_describes_each_answer(
    example: itcriteria.Regime, example_forms: list[dict[str, Any]]
) -> None:
    """A regime's schema accepts its forms and refuses unknown ids, bad levels, counts and groups."""
    for data in example_forms:
        group = data["unit"]["group"]
        for schema in (itcriteria.submission_schema(example), itcriteria.submission_schema(example, group)):
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema).validate(data)
    form_ = example_forms[0]
    validator = jsonschema.Draft202012Validator(itcriteria.submission_schema(example, "so-nganh"))

    def refused(**answers: Any) -> bool:
        return not validator.is_valid({**form_, "answers": {**form_["answers"], **answers}})

    assert refused(**{"9.9": 1})
    assert refused(**{"3.1": "tuyet-voi"})
    assert refused(**{"2.6": -1})
    assert refused(**{"1.1": {"numerator": 1}})
    assert not validator.is_valid({**form_, "answers": {"1.1": form_["answers"]["1.1"]}})
    assert not validator.is_valid({**form_, "unit": {**form_["unit"], "group": "huyen"}})
    assert itcriteria.submission_schema(example)["properties"]["answers"]["properties"]["3.1"]["title"] == (
        "3.1. Mức độ cung cấp thông tin theo quy định"
    )


@pytest.mark.parametrize(
    "value",
    [10**40, "1" * 29, "0." + "3" * 29, Decimal("1." + "0" * 28), "9" * 5000, 10**1_000_000],
    ids=[
        "int 41 digits",
        "text 29 digits",
        "fraction 29 digits",
        "Decimal 29 digits",
        "text 5000",
        "int 10^1e6",
    ],
)
def test_numbers_beyond_the_scoring_precision_are_refused_quickly(
    regime: itcriteria.Regime, value: Any
) -> None:
    """An answer with more significant digits than scoring keeps exact is an input error, found fast."""
    answers = {"1.1": {"numerator": 1, "denominator": 2}, "1.2": 1, "1.3": value, "2": True, "3": "full"}
    start = time.perf_counter()
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    assert time.perf_counter() - start < 0.5
    assert (
        "digits" in problems(excinfo)[("1.3", "value")] or "characters" in problems(excinfo)[("1.3", "value")]
    )


# --- Numeric text: one rule in every reader (issue 18) -------------------------------------------

NUMERIC_TEXT = [
    ("45", 45),
    (" 12,5 ", Decimal("12.5")),
    ("12.5", Decimal("12.5")),
    ("0,125", Decimal("0.125")),
    ("099,5", Decimal("99.5")),
    ("1.830", None),
    ("12,500", None),
    ("1.234.567", None),
    ("1 830", None),
    ("1_830", None),
    ("1e3", None),
    ("Infinity", None),
]


@pytest.mark.parametrize(("text", "number"), NUMERIC_TEXT)
def test_numeric_text_in_a_python_mapping_follows_the_one_rule(
    regime: itcriteria.Regime, text: str, number: Decimal | int | None
) -> None:
    """``regime.score(dict)`` reads numeric text as the form readers do: a decimal comma or point, and
    "1.830" refused as ambiguous rather than silently read as 1.83 (a Khá form scored Trung bình)."""
    answers = {"1.1": {"numerator": 1, "denominator": 2}, "1.2": 1, "1.3": text, "2": True, "3": "full"}
    if number is None:
        with pytest.raises(SubmissionError) as excinfo:
            regime.score(form(answers))
        assert list(problems(excinfo)) == [("1.3", "value")]
    else:
        card, as_number = regime.score(form(answers)), regime.score(form({**answers, "1.3": number}))
        assert (card.node("1.3").score, card.total) == (as_number.node("1.3").score, as_number.total)


@pytest.mark.parametrize(("text", "number"), NUMERIC_TEXT)
def test_the_published_schema_and_the_reader_agree_on_numeric_text(
    regime: itcriteria.Regime, text: str, number: Decimal | int | None
) -> None:
    """The submission schema of a regime accepts exactly the numeric text its reader accepts (the generic
    schema cannot tell a number from a level id, so it leaves text to the regime's)."""
    answers = {"1.1": {"numerator": 1, "denominator": 2}, "1.2": 1, "1.3": text, "2": True, "3": "full"}
    data = form(answers)
    valid = jsonschema.Draft202012Validator(itcriteria.submission_schema(regime, "so")).is_valid(data)
    assert valid == (number is not None)


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"numerator": "32,5", "denominator": 65}, "numerator"),
        ({"numerator": 32, "denominator": Decimal("65.5")}, "denominator"),
        ({"numerator": 32.5, "denominator": 65}, "numerator"),
    ],
)
def test_counted_parts_of_a_ratio_are_whole(
    regime: itcriteria.Regime, answer: dict[str, Any], field: str
) -> None:
    """A ratio's parts count things, so a fraction is refused in a mapping, as text or as a number, and
    the schema refuses it too; a regime may declare ``fractional = true`` where decimals make sense."""
    answers = {"1.1": answer, "1.2": 1, "1.3": 5, "2": True, "3": "full"}
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    assert "whole number" in problems(excinfo)[("1.1", field)]
    schema = itcriteria.submission_schema(regime, "so")
    jsonable = {k: str(v) if isinstance(v, Decimal) else v for k, v in answer.items()}
    assert not jsonschema.Draft202012Validator(schema).is_valid(form({**answers, "1.1": jsonable}))
    fractional = build(leaf("1", 4, {**ratio(), "fractional": True}))
    numerator = Decimal(str(answer["numerator"]).replace(",", "."))
    expected = (numerator / Decimal(str(answer["denominator"])) * 4).quantize(Decimal("0.01"))
    assert fractional.score(form({"1": answer})).total == expected


@pytest.mark.parametrize("value", ["12,5", 12.5, Decimal("12.5"), "1.200"])
def test_counts_are_whole_numbers(regime: itcriteria.Regime, value: object) -> None:
    """A count with a fraction, or ambiguous text, is refused at its field, never rounded or scored."""
    answers = {"1.1": {"numerator": 1, "denominator": 2}, "1.2": value, "1.3": 5, "2": True, "3": "full"}
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(form(answers))
    assert list(problems(excinfo)) == [("1.2", "value")]


def test_a_bad_date_or_an_unknown_field_hides_no_missing_answer(regime: itcriteria.Regime) -> None:
    """The shape's problems (a date that is not a day, an unknown field) come with what the regime
    finds in the rest of the form (every missing answer, a wrong value), in one error (issue 18)."""
    data = form({"1.2": "nhiều", "2": True})
    data["submitted"] = "31/02/2019"
    data["colour"] = "blue"
    with pytest.raises(SubmissionError) as excinfo:
        regime.score(data)
    wheres = [p.where for p in excinfo.value.problems]
    assert set(wheres[:2]) == {"submitted", ""}
    assert set(wheres[2:]) == {'answers["1.1"]', 'answers["1.2"].value', 'answers["1.3"]', 'answers["3"]'}
    with pytest.raises(SubmissionError) as batch:
        regime.score_all([data])
    assert len(batch.value.problems) == len(wheres)


# --- The fast structuring agrees with the detailed one ----------------------------------------------

_JUNK = st.one_of(
    st.sampled_from([None, True, False, 0, 7, -3, 1.5, 45.0, Decimal("2.50"), Decimal("1E+2")]),
    st.sampled_from(["", "x", "có", "12/09/2019", "2019-09-12", "31/02/2019", "bad id!", "a\x07b", "a\nb"]),
    st.sampled_from([[], [1], (1,), {}, {"value": 1}, {"numerator": 1, "denominator": 2}, {"colour": 1}]),
    st.sampled_from([dt.date(2019, 9, 12), dt.datetime(2019, 9, 12, 8), b"bytes", object()]),
).map(copy.deepcopy)  # a fresh copy each draw: a shared {} put into a form and then into itself loops


def _paths(data: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in a form's JSON shape: each key of each object, and the keys it could have."""
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*at, key))
    return found


@st.composite
def spoiled_shapes(draw: st.DrawFn, regime: itcriteria.Regime) -> dict[str, Any]:
    """A form of ``regime``, valid or with one regime-level defect, with up to three values of its
    shape replaced by junk (an answer or a field of one half the time), keys removed or unknown keys
    added."""
    if draw(st.booleans()):
        data = copy.deepcopy(draw(testing.submissions(regime)))
    else:
        data = copy.deepcopy(draw(testing.invalid_submissions(regime)).submission)
    data["unit"].update(draw(st.fixed_dictionaries({}, optional={"parent": st.one_of(st.none(), _JUNK)})))
    for _ in range(draw(st.integers(0, 3)) if draw(st.booleans()) else 0):
        places = _paths(data)[1:]
        answers = [path for path in places if path[:1] == ("answers",) and len(path) == 2]
        fields = [path for path in places if path[:1] == ("answers",) and len(path) == 3]
        path = draw(
            st.sampled_from(draw(st.sampled_from([group for group in (answers, fields, places) if group])))
        )
        holder: Any = data
        for step in path[:-1]:
            holder = holder[step]
        action = draw(st.sampled_from(["replace", "replace", "remove", "add", "non-text key"]))
        if action == "replace":
            holder[path[-1]] = draw(_JUNK)
        elif action == "remove":
            del holder[path[-1]]
        elif action == "add" and isinstance(holder[path[-1]], dict):
            holder[path[-1]][draw(st.sampled_from(["colour", "value", "evidence", "note", "id"]))] = draw(
                _JUNK
            )
        elif action == "non-text key" and isinstance(holder[path[-1]], dict):
            holder[path[-1]][draw(st.sampled_from([1, None, (1, 2)]))] = draw(_JUNK)
    return data


def _detailed_from_dict(data: Any) -> itcriteria.Submission:
    """``Submission.from_dict`` as it was before issue 16: cattrs' detailed structuring on every form."""
    from itcriteria._core import problems_from
    from itcriteria.model import submission

    try:
        return submission._converter.structure(data, itcriteria.Submission)  # type: ignore[no-any-return]
    except cattrs.BaseValidationError as exc:
        raise SubmissionError(submission._unit_id(data), problems_from(exc)) from None


def _outcome(read: Callable[[Any], itcriteria.Submission], data: Any) -> tuple[str, object]:
    try:
        return "read", repr(read(data))  # repr tells True from 1 and Decimal("2.50") from 2.5
    except SubmissionError as error:
        return "refused", (
            error.subject,
            [(p.where, p.message, p.criterion, p.field) for p in error.problems],
        )
    except Exception as error:  # any other failure must also be the same
        return "raised", (type(error).__name__, str(error))


@pytest.mark.parametrize("regime_id", ["binhthuan-2019", "binhthuan-2020"])
@given(data=st.data())
def test_fast_and_detailed_structuring_agree(regime_id: str, data: st.DataObject) -> None:
    """On generated forms, valid or spoiled in their regime or their shape, ``Submission.from_dict``
    (a one-pass reader first) gives the same submission as cattrs' detailed
    structuring alone, or the same problems, or the same failure."""
    form_data = data.draw(spoiled_shapes(itcriteria.get_regime(regime_id)))
    assert _outcome(itcriteria.Submission.from_dict, form_data) == _outcome(_detailed_from_dict, form_data)


class _Text(str):
    """Text of a subclass of str, which the fast path leaves to the detailed converter."""

    def __repr__(self) -> str:
        return f"_Text({str(self)!r})"


@pytest.mark.parametrize(
    "answer",
    [
        [],
        [1],
        (1,),
        None,
        {},
        {"colour": 1},
        {"value": []},
        {"value": None},
        {"numerator": 1, "denominator": 2},
        {"evidence": 5},
        {"evidence": None},
        {"note": "a\x07"},
        {"evidence": _Text("BC")},
        {"value": _Text("x")},
        True,
        1,
        1.5,
        Decimal("2.50"),
        "có",
        _Text("có"),
        dt.date(2019, 9, 12),
        {"value": dt.date(2019, 9, 12)},
    ],
    ids=repr,
)
def test_fast_and_detailed_structuring_agree_on_every_shape_of_answer(answer: object) -> None:
    """Each kind of answer the fast path takes or leaves (scalars, objects, junk, str subclasses) reads
    as the detailed structuring reads it, in every place of the form it can stand."""
    unit = {"id": "so-tttt", "name": "Sở", "group": "so-nganh"}
    for data in (
        {"unit": unit, "answers": {"1.1": answer}},
        {"unit": {**unit, "parent": answer}, "answers": {}},
        {"unit": unit, "period": answer, "submitted": "12/09/2019"},
        {"unit": unit, "submitted": answer, "regime": "binhthuan-2019"},
        {"unit": unit, "regime": answer},
        {"unit": {**unit, "name": answer}},
        {"unit": unit, "answers": {1: answer}},
        {"unit": unit, "answers": answer},
        {"unit": answer},
        answer,
    ):
        assert _outcome(itcriteria.Submission.from_dict, data) == _outcome(_detailed_from_dict, data), data


def test_answers_built_without_attrs_init_equal_the_constructed_ones() -> None:
    """The fast reader's answers without evidence or note, built slot by slot, equal and repr like
    answers built by ``Answer(...)``, and keep the class's immutability."""
    from itcriteria.model import submission

    for fields in [(1, 2, None), (None, None, True), (None, None, Decimal("2.50")), (None, None, "có")]:
        bare = submission._bare_answer(*fields)
        built = itcriteria.Answer(*fields)
        assert type(bare) is itcriteria.Answer
        assert (bare, repr(bare), hash(bare)) == (built, repr(built), hash(built))
    with pytest.raises(AttributeError):
        bare.value = 1  # type: ignore[misc]


def test_answers_are_built_by_attrs_init_once_answer_has_other_validators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The slot-by-slot shortcut is taken only while evidence and note are the only checked fields
    of ``Answer`` (so the empty text they get would pass); otherwise the reader calls ``Answer``."""
    from itcriteria.model import submission

    assert submission._bare_answer_maker() is not itcriteria.Answer
    monkeypatch.setattr(submission, "_a_text", lambda *_: None)  # validators no longer the known ones
    assert submission._bare_answer_maker() is itcriteria.Answer


def test_a_remembered_date_is_read_as_the_first_time() -> None:
    """Dates given as text are remembered by the fast reader: reading the same text again gives the
    same day, and a bad date is refused each time with the same problem."""
    unit = {"id": "so-tttt", "name": "Sở", "group": "so-nganh"}
    days = [itcriteria.Submission.from_dict({"unit": unit, "submitted": "14/9/2019"}).submitted for _ in "ab"]
    assert days == [dt.date(2019, 9, 14)] * 2
    for _ in "ab":
        with pytest.raises(SubmissionError, match="dd/mm/yyyy"):
            itcriteria.Submission.from_dict({"unit": unit, "submitted": "31/02/2019"})


def _refused(build: Callable[..., object], *args: object, **kwargs: object) -> bool:
    try:
        build(*args, **kwargs)
    except ValueError:
        return True
    return False


def test_text_is_refused_exactly_for_control_characters_and_bidi_overrides() -> None:
    """Of the first 12,288 code points and the bidi overrides, a name (checked text, and a unit's name)
    refuses exactly the control characters (U+0000-U+001F, U+007F-U+009F) and U+202A-U+202E,
    U+2066-U+2069, free text (a note) the same but line breaks and tabs: non-printable text that is
    none of these (a no-break space, a joiner) passes."""
    from itcriteria._core import text_problem

    refused = {*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    for point in range(0x3000):
        assert (text_problem(f"Sở {chr(point)}") is not None) == (point in refused), hex(point)
        free = text_problem(f"Sở {chr(point)}", multiline=True) is not None
        assert free == (point in refused - {0x09, 0x0A}), hex(point)
        name = _refused(itcriteria.Unit, "u", f"Sở {chr(point)}", "so")
        note = _refused(itcriteria.Answer, value=1, note=f"a {chr(point)}")
        assert (name, note) == (point in refused, point in refused - {0x09, 0x0A}), hex(point)
    assert text_problem("a\u00a0b\u200dc") is None


def test_forms_giving_the_same_scalar_answer_share_it_without_mixing_kinds() -> None:
    """The same yes/no, level id or whole number given by two forms is read as one shared (frozen)
    answer, while True and 1, 0 and False, and floats or Decimals equal to them stay apart, each read
    back as given."""
    unit = {"id": "so-tttt", "name": "Sở", "group": "so-nganh"}
    given = [True, 1, False, 0, "ap-dung", 1.0, -0.0, 0.0, Decimal("1.0"), Decimal(1)]
    first, second = (
        itcriteria.Submission.from_dict({"unit": unit, "answers": {str(i): v for i, v in enumerate(given)}})
        for _ in "ab"
    )
    for i, value in enumerate(given):
        assert repr(first.answers[str(i)].value) == repr(value), value
        assert first.answers[str(i)] == second.answers[str(i)]
    assert all(first.answers[str(i)] is second.answers[str(i)] for i in range(5))
    assert not any(first.answers[str(i)] is second.answers[str(i)] for i in range(5, len(given)))
