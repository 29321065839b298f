"""Reading a form's answers: one reader per indicator kind, each checking and converting what the unit
gave into the inputs its rule sees, and appending every problem it finds instead of raising."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .._core import ZERO, answer_number
from ..exceptions import Problem
from ..model import Answer, Benchmark, Choice, Criterion, Number, Ratio

# How a criterion is scored once its answer is read: by its rule, or as a zero denominator decides.
EVALUATE, NOT_APPLICABLE, ZERO_POINTS, FULL_POINTS = "rule", "not_applicable", "zero", "full"

_Read = tuple[dict[str, Any], str] | None
Reader = Callable[[Criterion, Answer, list[Problem]], _Read]


def _kind(criterion: Criterion) -> str:
    assert criterion.indicator is not None
    return criterion.indicator.kind


def _where(criterion: Criterion, field: str) -> str:
    return f'answers["{criterion.id}"].{field}'


def _bad(problems: list[Problem], criterion: Criterion, field: str, message: str) -> None:
    problems.append(Problem(_where(criterion, field), message, criterion.id, field))


def missing(criterion: Criterion) -> Problem:
    indicator = criterion.indicator
    assert indicator is not None
    fields = " and ".join(indicator.fields)
    title = criterion.title.vi
    return Problem(
        f'answers["{criterion.id}"]',
        f"missing answer ({fields}) for “{title}”",
        criterion.id,
        indicator.fields[0],
    )


def _decimal(problems: list[Problem], criterion: Criterion, field: str, value: object) -> Decimal | None:
    if value is None:
        _bad(problems, criterion, field, "required field missing")
        return None
    try:
        return Decimal(answer_number(value))
    except (TypeError, ValueError) as err:
        _bad(problems, criterion, field, str(err))
        return None


def _unexpected(
    problems: list[Problem], criterion: Criterion, answer: Answer, allowed: tuple[str, ...]
) -> None:
    for field in ("numerator", "denominator", "value"):
        if field not in allowed and getattr(answer, field) is not None:
            wanted = " and ".join(allowed)
            _bad(
                problems,
                criterion,
                field,
                f"a {_kind(criterion).replace('_', '/')} sub-criterion is answered with {wanted}",
            )


def _read_ratio(criterion: Criterion, answer: Answer, problems: list[Problem]) -> _Read:
    if answer.value is not None:
        _unexpected(problems, criterion, answer, ("numerator", "denominator"))
    numerator = _decimal(problems, criterion, "numerator", answer.numerator)
    denominator = _decimal(problems, criterion, "denominator", answer.denominator)
    if numerator is None or denominator is None:
        return None
    indicator = criterion.indicator
    assert isinstance(indicator, Ratio)
    ok = True
    if not indicator.fractional:
        for field, part in (("numerator", numerator), ("denominator", denominator)):
            if part != part.to_integral_value():
                label = getattr(indicator, field).vi
                _bad(
                    problems,
                    criterion,
                    field,
                    f"{field} ({label}) counts things, so it is a whole number, got {part} "
                    "(a regime declares fractional = true where a ratio's parts may have decimals)",
                )
                ok = False
    if numerator < 0:
        _bad(problems, criterion, "numerator", f"numerator {numerator} is negative")
        ok = False
    if denominator < 0:
        _bad(problems, criterion, "denominator", f"denominator {denominator} is negative")
        ok = False
    elif numerator > denominator:
        _bad(
            problems, criterion, "numerator", f"numerator {numerator} is above the denominator {denominator}"
        )
        ok = False
    if not ok:
        return None
    inputs: dict[str, Any] = {
        "numerator": numerator,
        "denominator": denominator,
        "ratio": ZERO,
        "max_points": criterion.max,
    }
    if denominator == 0:
        policy = indicator.zero_denominator
        if policy == "error":
            _bad(
                problems,
                criterion,
                "denominator",
                "denominator is 0 and the regime does not say what that means for this sub-criterion",
            )
            return None
        return inputs, {"not_applicable": NOT_APPLICABLE, "zero": ZERO_POINTS, "full": FULL_POINTS}[policy]
    inputs["ratio"] = numerator / denominator
    return inputs, EVALUATE


def _read_count(criterion: Criterion, answer: Answer, problems: list[Problem]) -> _Read:
    _unexpected(problems, criterion, answer, ("value",))
    value = answer.value
    if isinstance(value, bool):
        _bad(problems, criterion, "value", f"expected a whole number, got a yes/no value {value!r}")
        return None
    count = _decimal(problems, criterion, "value", value)
    if count is None:
        return None
    if count != count.to_integral_value():
        _bad(problems, criterion, "value", f"a count is a whole number, got {count}")
        return None
    if count < 0:
        _bad(problems, criterion, "value", f"a count cannot be negative, got {count}")
        return None
    return {"count": count, "max_points": criterion.max}, EVALUATE


_YES = {"yes": True, "có": True, "true": True, "no": False, "không": False, "false": False}


def _read_yes_no(criterion: Criterion, answer: Answer, problems: list[Problem]) -> _Read:
    _unexpected(problems, criterion, answer, ("value",))
    value = answer.value
    if isinstance(value, str) and value.strip().lower() in _YES:
        value = _YES[value.strip().lower()]
    elif type(value) is int and value in (0, 1):
        value = bool(value)
    if not isinstance(value, bool):
        if value is None:
            _bad(problems, criterion, "value", "required field missing")
        else:
            _bad(problems, criterion, "value", f"expected yes or no (true/false, có/không), got {value!r}")
        return None
    return {"yes": value, "max_points": criterion.max}, EVALUATE


def _read_choice(criterion: Criterion, answer: Answer, problems: list[Problem]) -> _Read:
    _unexpected(problems, criterion, answer, ("value",))
    choice = criterion.indicator
    assert isinstance(choice, Choice)
    levels = choice.levels
    value = answer.value
    for position, level in enumerate(levels, start=1):
        if level.id == value:
            return {
                "fraction": level.fraction,
                "level": Decimal(position),
                "max_points": criterion.max,
            }, EVALUATE
    allowed = ", ".join(repr(lv.id) for lv in levels)
    if value is None:
        _bad(problems, criterion, "value", f"required field missing (one of {allowed})")
    else:
        _bad(problems, criterion, "value", f"{value!r} is not one of the levels {allowed}")
    return None


def _read_number(criterion: Criterion, answer: Answer, problems: list[Problem]) -> _Read:
    _unexpected(problems, criterion, answer, ("value",))
    if isinstance(answer.value, bool):
        _bad(problems, criterion, "value", f"expected a number, got a yes/no value {answer.value!r}")
        return None
    value = _decimal(problems, criterion, "value", answer.value)
    if value is None:
        return None
    number = criterion.indicator
    assert isinstance(number, Number)
    low, high = number.min, number.max
    if low is not None and value < low:
        _bad(problems, criterion, "value", f"{value} is below the minimum {low}")
        return None
    if high is not None and value > high:
        _bad(problems, criterion, "value", f"{value} is above the maximum {high}")
        return None
    return {"value": value, "max_points": criterion.max}, EVALUATE


READERS: dict[str, Reader] = {
    "ratio": _read_ratio,
    "count": _read_count,
    "yes_no": _read_yes_no,
    "choice": _read_choice,
    "number": _read_number,
}

_MEASURE = {"ratio": "ratio", "count": "count", "number": "value"}


def measure(kind: str, inputs: Mapping[str, Any]) -> Decimal | None:
    """The quantity a benchmark or the cohort's best compares: the ratio, count or value."""
    name = _MEASURE.get(kind)
    return inputs.get(name) if name else None


def benchmark_met(
    benchmark: Benchmark | None, kind: str, inputs: Mapping[str, Any], points: Decimal
) -> bool | None:
    """Whether a criterion reaches its benchmark (None when it has none)."""
    if benchmark is None:
        return None
    if benchmark.points is not None:
        return points >= benchmark.points
    target = benchmark.ratio if benchmark.ratio is not None else benchmark.value
    quantity = measure(kind, inputs)
    return None if quantity is None or target is None else quantity >= target
