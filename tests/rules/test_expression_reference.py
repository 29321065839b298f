"""Compiled rules against a reference interpreter, and hostile text against the compiler (Hypothesis).

The reference is ``itcriteria.testing.reference_evaluate``: simpleeval's tree-walking interpreter set up
with the same names and functions, number literals read as Decimal (``Decimal(repr(float))``, as the
compiler reads them) and operators that count yes/no values as Decimal 0 and 1 in arithmetic. For every
well-formed rule the grammar of ``itcriteria.testing.expressions`` generates, the compiled rule gives
exactly the reference's result (value and representation), or both fail: the compiled rule with an
ExpressionError whenever the reference raises anything.
"""

from __future__ import annotations

import decimal
import time
from decimal import Decimal
from typing import Any

import pytest
import simpleeval
from hypothesis import given, settings

from itcriteria._core.numbers import CONTEXT
from itcriteria.exceptions import ExpressionError
from itcriteria.expressions import ExpressionLimits, compile
from itcriteria.testing import (
    ReferenceEvaluator,
    expression_inputs,
    expressions,
    hostile_expressions,
    malformed_expressions,
    reference_evaluate,
)

NAMES = ("a", "b", "c", "yes")
ROOMY = ExpressionLimits(max_length=20_000, max_nodes=5_000, max_depth=200)
inputs = expression_inputs(NAMES)


# --- The reference interpreter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("a * 2 + 0.1", {"a": Decimal("1.5")}, "3.1"),
        ("yes + yes", {"yes": True}, "2"),
        ("a > 1", {"a": Decimal(2)}, "1"),
        ("steps(a, 0.8, 10, 0.5, 4)", {"a": Decimal("0.79")}, "4"),
        ("round_half_up(a / 3, 2)", {"a": Decimal(2)}, "0.67"),
        ("1e2 + 1_000", {}, "1100.0"),
    ],
)
def test_reference_evaluates_rules_as_decimals(source: str, values: dict[str, Any], expected: str) -> None:
    """The reference reads literals as exact Decimals and yes/no values as 1 and 0, and gives a Decimal."""
    result = reference_evaluate(source, values)
    assert type(result) is Decimal and str(result) == expected


@pytest.mark.parametrize(
    ("source", "error"),
    [("'text'", ValueError), ("a ** -1", ZeroDivisionError), ("a / a", decimal.InvalidOperation)],
)
def test_reference_raises_where_a_rule_has_no_value(source: str, error: type[Exception]) -> None:
    """Text literals and failing arithmetic raise in the reference, as they do in a compiled rule."""
    with pytest.raises(error):
        reference_evaluate(source, {"a": Decimal(0)})


def test_reference_evaluator_parses_once_and_takes_other_operators() -> None:
    """A ReferenceEvaluator evaluates a parsed rule again with new names, or with simpleeval's operators."""
    evaluator = ReferenceEvaluator({"a": Decimal(1)})
    parsed = evaluator.parse("a / a")
    assert evaluator.evaluate("a / a", parsed) == 1
    evaluator.names["a"] = True  # the rule language counts yes as Decimal 1 ...
    assert type(evaluator.evaluate("a / a", parsed)) is Decimal
    plain = ReferenceEvaluator({"a": True}, operators=simpleeval.DEFAULT_OPERATORS)
    assert type(plain.evaluate("a / a")) is float  # ... plain simpleeval divides Python's bools


# --- Properties ------------------------------------------------------------------------------------


@settings(deadline=None)
@given(source=expressions(NAMES), given_inputs=inputs)
def test_compiled_rules_agree_with_the_reference(source: str, given_inputs: dict[str, Any]) -> None:
    """Every rule of the grammar gives exactly simpleeval's Decimal result, or both fail."""
    try:
        rule = compile(source, NAMES, limits=ROOMY)
    except ExpressionError as err:
        reversed_clamp = err.cause.startswith(
            "clamp: low "
        )  # the one compile-time check the grammar may trip
        if not reversed_clamp:
            raise
        return
    try:
        expected = reference_evaluate(source, given_inputs)
    except Exception:
        try:
            got = rule(**given_inputs)
        except ExpressionError:
            return
        raise AssertionError(f"{source!r} gave {got!r} where the reference raised") from None
    got = rule(**given_inputs)
    assert got == expected and str(got) == str(expected), (source, given_inputs, got, expected)


@settings(deadline=None)
@given(source=expressions(NAMES), given_inputs=inputs)
def test_function_agrees_with_the_checked_call(source: str, given_inputs: dict[str, Any]) -> None:
    """``rule.function`` (the scorer's fast path) gives the checked call's result, or raises when it does."""
    try:
        rule = compile(source, NAMES, limits=ROOMY)
    except ExpressionError:
        return
    try:
        expected = rule(**given_inputs)
    except ExpressionError:
        expected = None
    try:
        with decimal.localcontext(CONTEXT):
            got = rule.function(**given_inputs)
    except Exception:
        assert expected is None
        return
    assert type(got) is Decimal and expected is not None
    assert str(got) == str(expected)


@settings(deadline=None)
@given(source=malformed_expressions(("x", "a", "b")), given_inputs=inputs)
def test_random_text_never_escapes(source: str, given_inputs: dict[str, Any]) -> None:
    """Random text fails fast (ExpressionError) or compiles to a rule giving Decimal or ExpressionError."""
    names = ("x", "a", "b")
    start = time.perf_counter()
    try:
        rule = compile(source, names)
    except ExpressionError:
        assert time.perf_counter() - start < 0.5
        return
    try:
        result = rule(x=given_inputs["a"], a=given_inputs["b"], b=given_inputs["c"])
    except ExpressionError:
        return
    assert type(result) is Decimal and result.is_finite()


@settings(deadline=None)
@given(source=hostile_expressions(NAMES))
def test_hostile_constructs_are_always_rejected(source: str) -> None:
    """A construct outside the language anywhere in a rule, even in a dead branch, is an ExpressionError."""
    start = time.perf_counter()
    try:
        compile(source, NAMES, limits=ROOMY)
    except ExpressionError:
        assert time.perf_counter() - start < 0.5
        return
    raise AssertionError(f"{source!r} was accepted")
