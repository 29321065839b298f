"""The checked call ``rule(**inputs)``: its generated regular case against the step-by-step check."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import itcriteria
from itcriteria import expressions
from itcriteria._core import CONTEXT, to_decimal
from itcriteria.rules import describe
from itcriteria.testing import expression_inputs
from itcriteria.testing import expressions as rule_texts

NAMES = ("ratio", "count", "yes", "max_points")


def step_by_step(
    rule: expressions.CompiledExpression, declared: tuple[str, ...], inputs: dict[str, Any]
) -> Any:
    """The checked call as it was written before it was generated per rule (issue 16), kept here as
    the reference: every input checked and converted in order, errors named, the context entered."""
    used = [name for name in declared if name in rule.names]

    def error(cause: str) -> itcriteria.ExpressionError:
        return itcriteria.ExpressionError(rule.source, cause, rule.criterion)

    values: dict[str, object] = {}
    missing = []
    for name in used:
        if name not in inputs:
            missing.append(name)
            continue
        value = inputs[name]
        if type(value) is not bool:
            try:
                value = to_decimal(value)
            except (TypeError, ValueError) as err:
                raise error(f"input {name}: {err}") from None
        values[name] = value
    if missing:
        raise error(f"missing input{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    unknown = sorted(set(inputs).difference(declared))
    if unknown:
        raise error(
            f"unknown input{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"declared: {', '.join(declared)}"
        )
    with decimal.localcontext(CONTEXT):
        try:
            result: object = rule.function(**values)
        except Exception as err:
            shown = ", ".join(f"{name}={value}" for name, value in values.items())
            raise error(f"{describe(err)} when {shown}" if shown else describe(err)) from err
    if isinstance(result, int):  # bool among them
        result = Decimal(int(result))
    elif not isinstance(result, Decimal):
        raise error(f"the rule gave {type(result).__name__} {result!r}, not a number")
    if not result.is_finite():
        raise error(f"the rule gave {result}, not a finite number")
    return result


def outcome(call: Any) -> tuple[str, str]:
    """A call's result as text, or the type and message of the error it raised."""
    try:
        return ("value", repr(call()))
    except Exception as err:
        return (type(err).__name__, str(err))


odd_inputs = st.dictionaries(
    st.sampled_from([*NAMES, "unknown"]),
    st.one_of(
        st.integers(-5, 5),
        st.booleans(),
        st.decimals(allow_nan=True, allow_infinity=True, places=2),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.text(max_size=3),
    ),
)


@settings(deadline=None)
@given(rule_texts(NAMES), st.one_of(expression_inputs(NAMES), odd_inputs))
def test_the_generated_call_gives_the_step_by_step_checks_result_or_error(source: str, inputs: Any) -> None:
    """For any rule and any inputs (regular, missing, unknown, of odd types), ``rule(**inputs)`` gives
    the same value, or raises the same error with the same message, as the checked call done step by
    step (the code the checked call ran before it was generated per rule)."""
    try:
        rule = expressions.compile(source, NAMES)
    except itcriteria.ExpressionError:  # refused when compiled (clamp(x, 1, 0), …): nothing to call
        assume(False)
    assert outcome(lambda: rule(**inputs)) == outcome(lambda: step_by_step(rule, NAMES, dict(inputs)))


def test_the_checked_call_computes_in_the_library_context_and_leaves_the_callers_alone() -> None:
    """Whatever context the caller set, a rule computes with 28 digits and errors trapped, and the
    caller's context object comes back unchanged."""
    rule = expressions.compile("ratio * max_points / 3", ["ratio", "max_points"])
    expected = rule(ratio=Decimal(1), max_points=Decimal(2))
    with decimal.localcontext(decimal.Context(prec=3, traps=[])) as caller:
        assert rule(ratio=Decimal(1), max_points=Decimal(2)) == expected
        with pytest.raises(itcriteria.ExpressionError, match="division by zero"):
            expressions.compile("ratio / 0", ["ratio"])(ratio=Decimal(1))
        assert decimal.getcontext() is caller and caller.prec == 3
    assert expected == Decimal("0.6666666666666666666666666667")  # 28 digits


def test_a_plugin_function_changing_the_context_changes_it_for_that_call_only() -> None:
    """A rule calling a plugin's function runs in a fresh copy of the library's context, so a function
    that lowers the precision cannot change later results."""

    def careless(x: Decimal) -> Decimal:
        decimal.getcontext().prec = 2
        return x

    rule = expressions.compile("careless(ratio) / 3", ["ratio"], functions={"careless": careless})
    plain = expressions.compile("ratio / 3", ["ratio"])
    first = rule(ratio=Decimal(1))
    assert first == Decimal("0.33") and plain(ratio=Decimal(1)) == Decimal(1) / Decimal(3)
    assert rule(ratio=Decimal(1)) == first


@pytest.mark.parametrize(
    ("source", "inputs", "cause"),
    [
        ("ratio * max_points", {"ratio": Decimal("9E+999990"), "max_points": Decimal("1E+10")}, "too large"),
        ("ratio / (max_points - 2)", {"ratio": Decimal(1), "max_points": Decimal(2)}, "division by zero"),
        ("ratio * max_points", {"ratio": Decimal("Infinity"), "max_points": Decimal(0)}, "finite"),
        ("max_points / ratio", {"ratio": Decimal("-Infinity"), "max_points": Decimal(1)}, "finite"),
    ],
)
def test_a_rule_of_plain_arithmetic_never_returns_a_number_that_is_not_finite(
    source: str, inputs: dict[str, Decimal], cause: str
) -> None:
    """A rule whose value is the context's arithmetic, returned without a result check, still raises
    ExpressionError when the arithmetic overflows or divides by zero, or an input is not finite
    (even where the arithmetic would give a finite number, as 1 / -Infinity does)."""
    rule = expressions.compile(source, NAMES)
    with pytest.raises(itcriteria.ExpressionError, match=cause):
        rule(**inputs)
