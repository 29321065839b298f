"""The rule language: what each operator and function computes, exactly, and how compiled rules behave."""

from __future__ import annotations

import ast
import concurrent.futures
import decimal
import pickle
import types
from decimal import Decimal
from typing import Any

import pytest

from itcriteria import expressions
from itcriteria._core.numbers import CONTEXT
from itcriteria.exceptions import ExpressionError
from itcriteria.expressions import FUNCTIONS, LIMITS, OPERATORS, CompiledExpression, ExpressionLimits, compile

NAMES = ("a", "b", "c", "yes", "max_points")


def run(source: str, **inputs: Any) -> Decimal:
    """Compile ``source`` over NAMES and evaluate it on ``inputs``."""
    return compile(source, NAMES)(**inputs)


def same(result: Decimal, expected: str) -> bool:
    """Equal in value and in representation (Decimal("1.0") is not Decimal("1") here)."""
    return type(result) is Decimal and str(result) == expected


# --- Operators --------------------------------------------------------------------------------------

OPERATOR_EXAMPLES = [
    ("a + b", {"a": 2, "b": "0.5"}, "2.5"),
    ("a - b", {"a": 2, "b": "0.5"}, "1.5"),
    ("a * b", {"a": "0.62", "b": 20}, "12.40"),
    ("a / b", {"a": 1, "b": 8}, "0.125"),
    ("a / b", {"a": 2, "b": 3}, "0.6666666666666666666666666667"),
    ("a // b", {"a": 7, "b": 2}, "3"),
    ("a // b", {"a": -7, "b": 2}, "-3"),
    ("a % b", {"a": 7, "b": 2}, "1"),
    ("a % b", {"a": -7, "b": 2}, "-1"),
    ("a ** 2", {"a": "1.5"}, "2.25"),
    ("a ** -1", {"a": 4}, "0.25"),
    ("a ** 0.5", {"a": 4}, "2.000000000000000000000000000"),
    ("-a", {"a": 3}, "-3"),
    ("+a", {"a": 3}, "3"),
    ("a < b", {"a": 1, "b": 2}, "1"),
    ("a <= b", {"a": 2, "b": 2}, "1"),
    ("a > b", {"a": 1, "b": 2}, "0"),
    ("a >= b", {"a": 1, "b": 2}, "0"),
    ("a == b", {"a": "2.0", "b": 2}, "1"),
    ("a != b", {"a": 2, "b": 2}, "0"),
    ("0 <= a < 5", {"a": 4}, "1"),
    ("0 <= a < 5", {"a": 5}, "0"),
    ("a and b", {"a": 0, "b": 7}, "0"),
    ("a and b", {"a": 3, "b": 7}, "7"),
    ("a or b", {"a": 0, "b": 7}, "7"),
    ("a or b", {"a": 3, "b": 7}, "3"),
    ("not a", {"a": 0}, "1"),
    ("not a", {"a": 2}, "0"),
    ("a if b > 0 else c", {"a": 1, "b": 1, "c": 2}, "1"),
    ("a if b > 0 else c", {"a": 1, "b": 0, "c": 2}, "2"),
    ("(a + b) * c", {"a": 1, "b": 2, "c": 3}, "9"),
    ("a + b * c", {"a": 1, "b": 2, "c": 3}, "7"),
    ("True", {}, "1"),
    ("False", {}, "0"),
    ("12", {}, "12"),
    ("0.5", {}, "0.5"),
    ("1_000", {}, "1000"),
    ("1e2", {}, "100.0"),
    ("0x10", {}, "16"),
    (".5 + 1.", {}, "1.5"),
]


@pytest.mark.parametrize(("source", "inputs", "expected"), OPERATOR_EXAMPLES)
def test_operator_examples(source: str, inputs: dict[str, Any], expected: str) -> None:
    """Each allowed operator computes the documented Decimal result, down to its representation."""
    result = run(source, **inputs)
    assert same(result, expected), (source, inputs, result)


def test_operators_documents_every_allowed_operator() -> None:
    """OPERATORS is read-only and names every arithmetic, comparison and boolean operator."""
    assert isinstance(OPERATORS, types.MappingProxyType)
    for symbol in ("+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=", "==", "!=", "and", "or", "not"):
        assert OPERATORS[symbol]
    with pytest.raises(TypeError):
        OPERATORS["<<"] = "shift"  # type: ignore[index]


# --- Exactness and types ------------------------------------------------------------------------


def test_spec_example() -> None:
    """A ratio times the criterion's maximum is exact, keeping the trailing zero of 12.40."""
    rule = compile("ratio * max_points", ["ratio", "max_points"])
    assert same(rule(ratio=Decimal("0.62"), max_points=Decimal(20)), "12.40")


def test_float_inputs_are_taken_at_their_shortest_repr() -> None:
    """0.1 + 0.2 given as floats is exactly 0.3, not 0.30000000000000004."""
    assert same(run("a + b", a=0.1, b=0.2), "0.3")


def test_number_literals_are_decimal() -> None:
    """The literal 0.1 + 0.2 is exactly 0.3: literals are Decimal, never binary floats."""
    assert same(run("0.1 + 0.2"), "0.3")
    rule = compile("0.1 + a", ["a"])
    constants = [v for k, v in rule.function.__globals__.items() if k.startswith("_k")]
    assert Decimal("0.1") in constants
    assert not any(isinstance(v, float) for v in rule.function.__globals__.values())


def test_string_inputs_are_numbers() -> None:
    """Inputs given as numeric text are read as exact Decimals."""
    assert same(run("a * 2", a="1.25"), "2.50")


def test_bool_results_become_zero_or_one() -> None:
    """A rule whose value is a comparison or a yes/no input gives Decimal 1 or 0."""
    assert same(run("a > 1", a=2), "1")
    assert same(run("yes", yes=False), "0")
    assert same(run("yes or a > 1", yes=True, a=0), "1")
    rule = compile("a > 1", ["a"])
    with decimal.localcontext(CONTEXT):
        assert type(rule.function(a=Decimal(2))) is Decimal


def test_yes_no_inputs_stay_bool_for_tests() -> None:
    """A yes/no input chooses a branch, and counts as 1 or 0 when used as a number."""
    assert same(run("max_points if yes else 0", yes=True, max_points=20), "20")
    assert same(run("max_points if yes else 0", yes=False, max_points=20), "0")
    assert same(run("yes * max_points", yes=True, max_points=20), "20")
    assert same(run("yes + yes", yes=True), "2")


def test_yes_no_values_count_as_decimal_in_arithmetic() -> None:
    """Arithmetic on yes/no values follows Decimal rules: True / True is 1, never the float 1.0."""
    assert same(run("yes / yes", yes=True), "1")
    assert same(run("(a > 0) / (b > 0)", a=1, b=1), "1")
    assert same(run("-yes // 2", yes=True), "-0")
    assert same(run("(not a) + True", a=0), "2")


def test_names_and_functions_used() -> None:
    """A compiled rule lists the inputs and functions it actually uses."""
    rule = compile("steps(ratio, 0.8, 10, 0.5, 5) + min(count, 2)", ["ratio", "count", "max_points"])
    assert rule.names == frozenset({"ratio", "count"})
    assert rule.functions_used == frozenset({"steps", "min"})
    assert compile("1", ["a"]).names == frozenset()


def test_tree_is_the_checked_expression() -> None:
    """``tree`` is the parsed rule, which unparses back to an equivalent rule."""
    rule = compile("ratio * max_points if ratio > 0.5 else 0", ["ratio", "max_points"])
    assert isinstance(rule.tree, ast.Expression)
    assert ast.unparse(rule.tree) == "ratio * max_points if ratio > 0.5 else 0"


def test_whitespace_comments_and_lines_inside_parentheses() -> None:
    """Surrounding spaces, a trailing comment and line breaks inside parentheses are allowed."""
    assert same(run("  (a +\n b)  # the sum\n", a=1, b=2), "3")


def test_criterion_is_kept() -> None:
    """The criterion given at compile time is kept and named in errors."""
    rule = compile("a", ["a"], criterion="2.3")
    assert rule.criterion == "2.3"
    assert rule.source == "a"
    assert "2.3" not in repr(rule.function)
    assert "source='a'" in repr(rule)


# --- Built-in functions ---------------------------------------------------------------------------

FUNCTION_EXAMPLES = [
    ("min(a, b)", {"a": 3, "b": "2.5"}, "2.5"),
    ("min(a, b, c)", {"a": 3, "b": 2, "c": 1}, "1"),
    ("max(a, b)", {"a": 3, "b": "2.5"}, "3"),
    ("max(a, b, c, 10)", {"a": 3, "b": 2, "c": 1}, "10"),
    ("min(yes, 2)", {"yes": True}, "1"),
    ("abs(a)", {"a": "-2.5"}, "2.5"),
    ("abs(a)", {"a": 2}, "2"),
    ("clamp(a, 1, 10)", {"a": 0}, "1"),
    ("clamp(a, 1, 10)", {"a": 11}, "10"),
    ("clamp(a, 1, 10)", {"a": "5.5"}, "5.5"),
    ("steps(a, 4, 20, 3, 15, 2, 10, 1, 5)", {"a": 4}, "20"),
    ("steps(a, 4, 20, 3, 15, 2, 10, 1, 5)", {"a": 9}, "20"),
    ("steps(a, 4, 20, 3, 15, 2, 10, 1, 5)", {"a": 3}, "15"),
    ("steps(a, 4, 20, 3, 15, 2, 10, 1, 5)", {"a": "1.5"}, "5"),
    ("steps(a, 4, 20, 3, 15, 2, 10, 1, 5)", {"a": 0}, "0"),
    ("steps(a, 1, 5, 4, 20, 2, 10, 3, 15)", {"a": 3}, "15"),
    ("steps(a, 0.8, 10, 0.5, 5.0)", {"a": "0.5"}, "5.0"),
    ("steps(a, -1, -5, 0, 0)", {"a": "-0.5"}, "-5"),
    ("steps(a + b, 2, 1)", {"a": 1, "b": 1}, "1"),
    ("steps(a + b, 2, 1) + steps(a * b, 1, 3)", {"a": 1, "b": 1}, "4"),
    ("steps(yes, 1, 7)", {"yes": True}, "7"),
    ("per_item(a, 1, 5)", {"a": 3}, "3"),
    ("per_item(a, 1, 5)", {"a": 9}, "5"),
    ("per_item(a, 0.5, 5)", {"a": 3}, "1.5"),
    ("round_half_up(a, 1)", {"a": "6.25"}, "6.3"),
    ("round_half_up(a, 0)", {"a": "-2.5"}, "-3"),
    ("round_half_even(a, 1)", {"a": "6.25"}, "6.2"),
    ("round_half_even(a, 1)", {"a": "6.35"}, "6.4"),
    ("round_down(a, 0)", {"a": "6.9"}, "6"),
    ("round_down(a, 2)", {"a": "-6.999"}, "-6.99"),
    ("round_up(a, 0)", {"a": "6.1"}, "7"),
    ("round_up(a, 10)", {"a": "0.00000000001"}, "1E-10"),
    ("divide(a, b)", {"a": 1, "b": 4}, "0.25"),
    ("divide(a, b) * max_points", {"a": 3, "b": 4, "max_points": 20}, "15.00"),
]


@pytest.mark.parametrize(("source", "inputs", "expected"), FUNCTION_EXAMPLES)
def test_function_examples(source: str, inputs: dict[str, Any], expected: str) -> None:
    """Each built-in function computes the documented Decimal result."""
    result = run(source, **inputs)
    assert same(result, expected), (source, inputs, result)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("min", (Decimal(3), True), "1"),
        ("max", (Decimal(3), 4), "4"),
        ("abs", (Decimal(-3),), "3"),
        ("clamp", (Decimal(30), 0, 10), "10"),
        ("steps", (Decimal(3), 1, 5, 4, 20, 2, 10, 3, 15), "15"),
        ("steps", (Decimal(0), 1, 5), "0"),
        ("per_item", (7, 1, 5), "5"),
        ("round_half_up", (Decimal("2.345"), 2), "2.35"),
        ("round_half_up", (Decimal("2.345"), Decimal(2)), "2.35"),
        ("round_half_even", (Decimal("2.345"), 2), "2.34"),
        ("round_down", (Decimal("2.349"), 2), "2.34"),
        ("round_up", (Decimal("2.341"), 2), "2.35"),
        ("divide", (1, 8), "0.125"),
    ],
)
def test_functions_called_directly(name: str, args: tuple[Any, ...], expected: str) -> None:
    """FUNCTIONS can be called directly with Decimals, ints and bools, giving the same results."""
    with decimal.localcontext(CONTEXT):
        assert same(FUNCTIONS[name](*args), expected)


@pytest.mark.parametrize(
    ("name", "args", "error"),
    [
        ("min", (Decimal(1),), TypeError),
        ("max", (), TypeError),
        ("abs", ("1",), TypeError),
        ("abs", (1.5,), TypeError),
        ("clamp", (1, 5, 2), ValueError),
        ("steps", (1, 2), TypeError),
        ("steps", (1, 2, 3, 2, 4), ValueError),
        ("round_up", (Decimal(1), 11), ValueError),
        ("round_up", (Decimal(1), Decimal("1.5")), TypeError),
        ("round_up", (Decimal(1), True), TypeError),
        ("divide", (1, 0), ZeroDivisionError),
    ],
)
def test_functions_called_directly_reject_bad_arguments(
    name: str, args: tuple[Any, ...], error: type
) -> None:
    """Called directly, the functions refuse what a compiled rule could never pass them."""
    with decimal.localcontext(CONTEXT), pytest.raises(error):
        FUNCTIONS[name](*args)


def test_functions_mapping_is_read_only_and_documented() -> None:
    """FUNCTIONS is read-only; every function has a docstring with an example, and its own name."""
    assert isinstance(FUNCTIONS, types.MappingProxyType)
    assert set(FUNCTIONS) == {
        "abs", "clamp", "divide", "max", "min", "not_translated", "per_item", "round_down", "round_half_even",
        "round_half_up", "round_up", "steps",
    }  # fmt: skip
    for name, function in FUNCTIONS.items():
        assert function.__name__ == name
        assert function.__doc__ and "Example: ``" in function.__doc__, name
        assert f"{name}(" in function.__doc__, name
    with pytest.raises(TypeError):
        FUNCTIONS["eval"] = eval  # type: ignore[index]


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("clamp(a, 1)", "clamp takes 3 arguments"),
        ("clamp(a, 2, 1)", "low 2 is above high 1"),
        ("abs(a, b)", "abs takes one number"),
        ("min(a)", "min takes 2 or more"),
        ("max()", "max takes 2 or more"),
        ("steps(a, 1, 2, 3)", "steps takes a number then"),
        ("steps(a)", "steps takes a number then"),
        ("steps(a, b, 1)", "thresholds and points must be numbers"),
        ("steps(a, 1, b)", "thresholds and points must be numbers"),
        ("steps(a, 1, 2, 1.0, 3)", "threshold 1.0 appears twice"),
        ("per_item(a, 1)", "per_item takes 3"),
        ("divide(a)", "divide takes 2"),
        ("round_half_up(a)", "round_half_up takes 2"),
        ("round_half_up(a, 11)", "places must be a whole number from 0 to 10"),
        ("round_half_up(a, -1)", "places must be a whole number"),
        ("round_down(a, 1.0)", "places must be a whole number"),
        ("round_up(a, b)", "places must be a whole number"),
        ("round_up(a, True)", "places must be a whole number"),
    ],
)
def test_function_arguments_are_checked_at_compile_time(source: str, cause: str) -> None:
    """Wrong argument counts, non-literal thresholds and bad places are compile errors."""
    with pytest.raises(ExpressionError) as excinfo:
        compile(source, NAMES)
    assert cause in excinfo.value.cause


# --- Names ------------------------------------------------------------------------------------------


def test_unknown_name_lists_the_allowed_names() -> None:
    """A name that is not declared is rejected, listing the allowed names and a close match."""
    with pytest.raises(ExpressionError) as excinfo:
        compile("ratoi * max_points", ["numerator", "denominator", "ratio", "max_points"], criterion="1.1")
    cause = excinfo.value.cause
    assert "unknown name 'ratoi'" in cause
    assert "did you mean 'ratio'" in cause
    assert "denominator, max_points, numerator, ratio" in cause
    assert excinfo.value.criterion == "1.1"
    assert excinfo.value.expression == "ratoi * max_points"
    assert str(excinfo.value).startswith("criterion 1.1: rule 'ratoi * max_points': ")


@pytest.mark.parametrize(
    ("inputs", "cause"),
    [
        (["min"], "built-in function"),
        (["steps", "x"], "built-in function"),
        (["_x"], "starts with '_'"),
        (["a b"], "not a plain name"),
        (["if"], "not a plain name"),
        (["True"], "not a plain name"),
        (["ｘ"], "not a plain name"),
        ([1], "not a plain name"),
        (["a", "a"], "declared twice"),
        ("ab", "not one string"),
        (5, "collection of names"),
    ],
)
def test_bad_input_declarations(inputs: Any, cause: str) -> None:
    """Input names must be plain, distinct, not start with '_' and not shadow a function."""
    with pytest.raises(ExpressionError) as excinfo:
        compile("1", inputs)
    assert cause in excinfo.value.cause


def test_a_function_name_is_not_a_value() -> None:
    """Using a function's name without calling it is an error that shows how to call it."""
    with pytest.raises(ExpressionError, match=r"'max' is a function.*max\(a, b, \.\.\.\)"):
        compile("max + 1", NAMES)


def test_an_input_cannot_be_called() -> None:
    """Calling an input is an error saying it is an input."""
    with pytest.raises(ExpressionError, match="'a' is an input, not a function"):
        compile("a(1)", NAMES)


# --- Extra functions -----------------------------------------------------------------------------


def bonus(x: Decimal, y: Decimal) -> Decimal:
    """A plugin function: twice x plus y."""
    return 2 * x + y


def test_extra_functions_are_callable() -> None:
    """Functions a plugin registers can be called like the built-in ones, and are listed as used."""
    rule = compile("bonus(a, 1) + min(a, 2)", ["a"], functions={"bonus": bonus})
    assert same(rule(a=3), "9")
    assert rule.functions_used == frozenset({"bonus", "min"})


def test_extra_function_results_are_numbers() -> None:
    """An extra function's int or bool result counts as a number; anything else is an ExpressionError."""
    functions = {"one": lambda: 1, "yes": lambda: True, "text": lambda: "x", "nan": lambda: Decimal("NaN")}
    assert same(compile("one() + yes()", [], functions=functions)(), "2")
    with pytest.raises(ExpressionError, match="expected a number, got str"):
        compile("text() + 1", [], functions=functions)()
    with pytest.raises(ExpressionError, match="expected a finite number, got NaN"):
        compile("nan()", [], functions=functions)()


def test_extra_function_arity_is_checked_at_compile_time() -> None:
    """Calling an extra function with a number of arguments its signature refuses is a compile error."""
    with pytest.raises(ExpressionError, match="bonus cannot take 3 arguments"):
        compile("bonus(1, 2, 3)", [], functions={"bonus": bonus})


@pytest.mark.parametrize(
    ("functions", "cause"),
    [
        ({"min": bonus}, "replace the built-in"),
        ({"a": bonus}, "name of an input"),
        ({"_f": bonus}, "starts with '_'"),
        ({"f g": bonus}, "not a plain name"),
        ({"lambda": bonus}, "not a plain name"),
        ({3: bonus}, "not a plain name"),
        ({"f": 3}, "not callable"),
        ({"f": eval}, "Python's eval"),
        ({"f": getattr}, "Python's getattr"),
        ({"f": __import__}, "Python's __import__"),
        ({"f": open}, "Python's open"),
        ({"f": type}, "Python's type"),
        ([("f", bonus)], "must be a mapping"),
    ],
)
def test_bad_extra_functions_are_rejected(functions: Any, cause: str) -> None:
    """Extra functions need plain names, no clash with built-ins or inputs, and a harmless callable."""
    with pytest.raises(ExpressionError) as excinfo:
        compile("1", ["a"], functions=functions)
    assert cause in excinfo.value.cause


# --- Evaluation errors -----------------------------------------------------------------------------


def test_division_by_zero_names_rule_criterion_and_inputs() -> None:
    """A failing rule raises one ExpressionError naming the rule, the criterion, the cause and inputs."""
    rule = compile("max_points / ratio", ["ratio", "max_points"], criterion="2.1")
    with pytest.raises(ExpressionError) as excinfo:
        rule(ratio=0, max_points=20)
    err = excinfo.value
    assert err.criterion == "2.1"
    assert err.expression == "max_points / ratio"
    assert err.cause == "division by zero when ratio=0, max_points=20"
    assert (
        str(err) == "criterion 2.1: rule 'max_points / ratio': division by zero when ratio=0, max_points=20"
    )


@pytest.mark.parametrize(
    ("source", "inputs", "cause"),
    [
        ("a / b", {"a": 0, "b": 0}, "division by zero"),
        ("a % b", {"a": 1, "b": 0}, "remainder by zero"),
        ("a // b", {"a": 1, "b": 0}, "division by zero"),
        ("divide(a, b)", {"a": 1, "b": 0}, "division by zero"),
        ("a ** -1", {"a": 0}, "division by zero"),
        ("1 / a ** -0.5", {"a": 0}, "division by zero"),
        ("a ** 0", {"a": 0}, "invalid operation"),
        ("a * b", {"a": "1e999998", "b": "1e999998"}, "a number grew too large"),
        ("a ** 100", {"a": "1e100000"}, "a number grew too large"),
        ("a ** 0.5", {"a": -4}, "invalid operation"),
        ("a // b", {"a": "1e100", "b": "1e-100"}, "whole quotient"),
        ("round_half_up(a, 2)", {"a": "1e40"}, "invalid operation"),
        ("clamp(a, b, c)", {"a": 1, "b": 5, "c": 2}, "clamp: low 5 is above high 2"),
    ],
)
def test_evaluation_errors_are_expression_errors(source: str, inputs: dict[str, Any], cause: str) -> None:
    """Every failure while evaluating, arithmetic or otherwise, becomes an ExpressionError."""
    with pytest.raises(ExpressionError) as excinfo:
        run(source, **inputs)
    assert cause in excinfo.value.cause
    assert excinfo.value.__cause__ is not None


def test_failing_extra_function_is_wrapped() -> None:
    """An exception of any kind raised by an extra function becomes an ExpressionError."""

    def broken(x: object) -> Decimal:
        raise KeyError("boom")

    with pytest.raises(ExpressionError, match="KeyError: 'boom' when a=1"):
        compile("broken(a)", ["a"], functions={"broken": broken})(a=1)


def test_missing_inputs() -> None:
    """Every input the rule uses must be given; the error names the missing ones."""
    rule = compile("a + b", NAMES)
    with pytest.raises(ExpressionError, match="missing inputs a, b"):
        rule()
    with pytest.raises(ExpressionError, match=r"missing input b$"):
        rule(a=1)


def test_declared_but_unused_inputs_are_ignored() -> None:
    """Declared inputs the rule does not use may be given (the scorer passes all) and are ignored."""
    rule = compile("a + 1", NAMES)
    assert same(rule(a=1, b="not a number", yes=None), "2")


def test_undeclared_inputs_are_rejected() -> None:
    """Inputs that were never declared are an error naming them."""
    with pytest.raises(ExpressionError, match="unknown input zz; declared: a, b, c, yes, max_points"):
        compile("a", NAMES)(a=1, zz=2)


@pytest.mark.parametrize("value", ["abc", None, float("nan"), Decimal("Infinity"), [1], "1e"])
def test_bad_input_values(value: object) -> None:
    """Inputs that are not finite numbers are an ExpressionError naming the input."""
    with pytest.raises(ExpressionError, match="input a: expected"):
        run("a + 1", a=value)


def test_an_input_may_be_called_self() -> None:
    """Input names are free: even 'self' is passed as a keyword to the rule."""
    assert same(compile("self * 2", ["self"])(self=3), "6")


# --- Context, threads, compiled function ------------------------------------------------------------


def test_independent_of_the_callers_decimal_context() -> None:
    """Results keep 28 digits and raise on errors even when the caller lowered precision and traps."""
    context = decimal.getcontext()
    saved = context.copy()
    try:
        context.prec = 3
        context.rounding = decimal.ROUND_FLOOR
        context.traps[decimal.DivisionByZero] = False
        assert same(run("a / b", a=2, b=3), "0.6666666666666666666666666667")
        with pytest.raises(ExpressionError, match="division by zero"):
            run("a / b", a=2, b=0)
        assert decimal.getcontext().prec == 3
    finally:
        decimal.setcontext(saved)


def test_thread_safe() -> None:
    """One compiled rule used from many threads at once gives every caller its own right answer."""
    rule = compile("steps(a, 8, 3, 4, 2, 1, 1) + a / b", ["a", "b"])

    def expected(i: int) -> Decimal:
        with decimal.localcontext(CONTEXT):
            a, b = Decimal(i % 10), Decimal(i % 7 + 1)
            return (3 if a >= 8 else 2 if a >= 4 else 1 if a >= 1 else 0) + a / b

    def work(i: int) -> tuple[Decimal, Decimal]:
        return rule(a=i % 10, b=i % 7 + 1), expected(i)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for got, want in pool.map(work, range(2000)):
            assert got == want


def test_function_is_compiled_python() -> None:
    """``function`` is a real Python function with empty builtins and keyword-only parameters."""
    rule = compile("a * 2 + 0.5", NAMES)
    function = rule.function
    assert type(function) is types.FunctionType
    assert isinstance(function.__code__, types.CodeType)
    assert function.__globals__["__builtins__"] == {}
    assert function.__code__.co_kwonlyargcount == len(NAMES)
    assert function.__code__.co_varnames[: len(NAMES)] == NAMES
    assert function.__kwdefaults__ == {"b": None, "c": None, "yes": None, "max_points": None}
    with decimal.localcontext(CONTEXT):
        assert same(
            function(a=Decimal(3), b=Decimal(1), c=Decimal(1), yes=True, max_points=Decimal(5)), "6.5"
        )
        assert same(function(a=Decimal(3)), "6.5")
        assert same(function(a=True), "2.5")


def test_evaluating_does_not_walk_the_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once compiled, a rule runs without parsing or visiting any syntax tree."""
    rule = compile("steps(a, 1, 2) + min(a, 3) if a > 0 else -a", ["a"])

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("ast used at evaluation")

    for name in ("parse", "walk", "iter_child_nodes", "literal_eval", "unparse"):
        monkeypatch.setattr(ast, name, forbidden)
    monkeypatch.setattr(ast.NodeVisitor, "visit", forbidden)
    assert same(rule(a=2), "4")
    assert same(rule(a=-2), "2")


def test_pickle_recompiles() -> None:
    """A compiled rule pickles by its source and declarations and works the same after loading."""
    rule = compile("bonus(a, 1) * 2", ["a", "b"], criterion="1.2", functions={"bonus": bonus})
    loaded = pickle.loads(pickle.dumps(rule))
    assert isinstance(loaded, CompiledExpression)
    assert (loaded.source, loaded.criterion, loaded.names) == (rule.source, rule.criterion, rule.names)
    assert same(loaded(a=2), "10")


# --- Limits and public surface -----------------------------------------------------------------------


def test_default_limits() -> None:
    """LIMITS holds the documented defaults; ExpressionLimits refuses nonsense values."""
    assert ExpressionLimits(max_length=1000, max_nodes=300, max_depth=30, max_exponent=100) == LIMITS
    for bad in ({"max_length": 0}, {"max_nodes": -1}, {"max_depth": 1.5}, {"max_exponent": -1}):
        with pytest.raises(ValueError, match="ExpressionLimits"):
            ExpressionLimits(**bad)


def test_the_limits_allow_exactly_their_bound() -> None:
    """A rule exactly as long, as large and as deep as the limits allow compiles."""
    assert compile("a" + " " * 999, ["a"]).names == {"a"}
    deep = "-" * 29 + "a"  # 30 nodes deep
    assert same(compile(deep, ["a"])(a=1), "-1")
    wide = f"min({', '.join(['a'] * 298)})"  # 300 nodes: the call, its name and 298 arguments
    assert same(compile(wide, ["a"])(a=1), "1")
    assert compile("a ** 100", ["a"]) and compile("a ** -100", ["a"])


def test_public_names() -> None:
    """The module exports exactly the documented API."""
    assert expressions.__all__ == [
        "CompiledExpression", "ExpressionLimits", "FUNCTIONS", "LIMITS", "OPERATORS", "compile",
    ]  # fmt: skip
