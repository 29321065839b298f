"""Compiled rules against a reference interpreter, and hostile text against the compiler (Hypothesis).

The reference is simpleeval's tree-walking ``SimpleEval``, set up with the same names and functions,
number literals read as Decimal (``Decimal(repr(float))``, as the compiler reads them) and operators that
count yes/no values as Decimal 0 and 1 in arithmetic. For every well-formed rule the grammar below
generates, the compiled rule gives exactly the reference's result (value and representation), or both
fail: the compiled rule with an ExpressionError whenever the reference raises anything.
"""

from __future__ import annotations

import ast
import decimal
import operator
import time
from decimal import Decimal
from typing import Any

import simpleeval
from hypothesis import given, settings
from hypothesis import strategies as st

from itcriteria._numbers import CONTEXT, ONE, ZERO
from itcriteria.exceptions import ExpressionError
from itcriteria.expressions import FUNCTIONS, ExpressionLimits, compile

NAMES = ("a", "b", "c", "yes")
ROOMY = ExpressionLimits(max_length=20_000, max_nodes=5_000, max_depth=200)


# --- The reference interpreter ---------------------------------------------------------------------


def number(value: Any) -> Any:
    """A yes/no value as Decimal 1 or 0; anything else unchanged."""
    return (ONE if value else ZERO) if isinstance(value, bool) else value


def arithmetic(function: Any) -> Any:
    return lambda *args: function(*map(number, args))


def power(base: Any, exponent: Any) -> Any:
    base, exponent = number(base), number(exponent)
    if exponent < 0 and not base:
        raise ZeroDivisionError("zero to a negative power")
    return base**exponent


OPERATORS = {
    ast.Add: arithmetic(operator.add),
    ast.Sub: arithmetic(operator.sub),
    ast.Mult: arithmetic(operator.mul),
    ast.Div: arithmetic(operator.truediv),
    ast.FloorDiv: arithmetic(operator.floordiv),
    ast.Mod: arithmetic(operator.mod),
    ast.Pow: power,
    ast.USub: arithmetic(operator.neg),
    ast.UAdd: arithmetic(operator.pos),
    ast.Not: operator.not_,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


class Reference(simpleeval.SimpleEval):
    """simpleeval with Decimal number literals."""

    @staticmethod
    def _eval_constant(node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(repr(value))
        raise AssertionError(f"the grammar made a {type(value).__name__} literal")


def reference(source: str, inputs: dict[str, Any]) -> Decimal:
    """Evaluate ``source`` with simpleeval (parsed once, then evaluated) in the scoring context."""
    evaluator = Reference(operators=OPERATORS, functions=dict(FUNCTIONS), names=dict(inputs))
    parsed = evaluator.parse(source)
    with decimal.localcontext(CONTEXT):
        result = number(evaluator.eval(source, previously_parsed=parsed))
    assert isinstance(result, Decimal), result
    if not result.is_finite():
        raise ArithmeticError(f"not finite: {result}")
    return result


# --- The grammar -------------------------------------------------------------------------------------

literals = st.one_of(
    st.integers(0, 1000).map(str),
    st.decimals(min_value=0, max_value=1000, places=3).map(str),
    st.sampled_from(["0.1", "0.5", "0.0", "1e2", "2.5e-3", "1_000", "0x1f", ".25", "3.", "1e-7"]),
)
signed_literals = st.one_of(literals, literals.map(lambda text: f"-{text}"))
leaves = st.one_of(st.sampled_from(NAMES), literals, st.sampled_from(["True", "False"]))
exponents = st.one_of(st.integers(-3, 3).map(str), st.sampled_from(["0.5", "-0.5", "2.0", "+2"]))
comparisons = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])


def literal_value(text: str) -> Decimal:
    """The Decimal a number literal stands for (as the reference reads it)."""
    value = ast.literal_eval(text)
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@st.composite
def steps_calls(draw: st.DrawFn, subject: st.SearchStrategy[str]) -> str:
    """steps(x, t1, p1, ...) with distinct literal thresholds."""
    thresholds = draw(st.lists(signed_literals, min_size=1, max_size=4, unique_by=literal_value))
    parts = [draw(subject)]
    for threshold in thresholds:
        parts += [threshold, draw(signed_literals)]
    return f"steps({', '.join(parts)})"


def calls(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def call(name: str, *args: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(*args).map(lambda values: f"{name}({', '.join(values)})")

    return st.one_of(
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        call("abs", children),
        call("clamp", children, children, children),
        call("per_item", children, children, children),
        call("divide", children, children),
        st.tuples(
            st.sampled_from(["round_half_up", "round_half_even", "round_down", "round_up"]),
            children,
            st.integers(0, 10),
        ).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        steps_calls(children),
    )


def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "//", "%"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, exponents).map(lambda t: f"({t[0]} ** {t[1]})"),
        st.tuples(st.sampled_from(["-", "+", "not "]), children).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, st.lists(st.tuples(comparisons, children), min_size=1, max_size=3)).map(
            lambda t: "(" + " ".join([t[0], *(f"{op} {right}" for op, right in t[1])]) + ")"
        ),
        st.tuples(children, st.sampled_from(["and", "or"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        calls(children),
    )


expressions = st.recursive(leaves, extend, max_leaves=12)

values = st.one_of(
    st.booleans(),
    st.sampled_from([Decimal(0), Decimal("-0"), Decimal(1), Decimal(-1), Decimal("0.5"), Decimal("2.50")]),
    st.decimals(min_value=-1000, max_value=1000, places=4),
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
)
inputs = st.fixed_dictionaries(dict.fromkeys(NAMES, values))


# --- Properties ------------------------------------------------------------------------------------


@settings(deadline=None)
@given(source=expressions, given_inputs=inputs)
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
        expected = reference(source, given_inputs)
    except Exception:
        try:
            got = rule(**given_inputs)
        except ExpressionError:
            return
        raise AssertionError(f"{source!r} gave {got!r} where the reference raised") from None
    got = rule(**given_inputs)
    assert got == expected and str(got) == str(expected), (source, given_inputs, got, expected)


@settings(deadline=None)
@given(source=expressions, given_inputs=inputs)
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


HOSTILE_TOKENS = [
    "x", "a", "b", "1", "0.5", "9" * 30, "(", ")", "[", "]", "{", "}", ".", ",", ":", ";", "=", ":=",
    "+", "-", "*", "**", "/", "//", "%", "@", "<<", ">>", "&", "|", "^", "~", "<", ">", "==", "!=",
    "is", "in", "not", "and", "or", "if", "else", "lambda", "for", "import", "yield", "await",
    "__class__", "__import__", "_", "'a'", '"b"', "f'", "b''", "\\", "\n", "\x00", " ", "\t", "#",
    "min", "max", "steps", "round_up", "eval", "open", "getattr", "1j", "1e999", "ｘ", "х", "\u200b",
    "...", "None", "True", "0x", "1_", "e", "\r",
]  # fmt: skip


@settings(deadline=None)
@given(tokens=st.lists(st.sampled_from(HOSTILE_TOKENS), max_size=40), given_inputs=inputs)
def test_random_text_never_escapes(tokens: list[str], given_inputs: dict[str, Any]) -> None:
    """Random text fails fast (ExpressionError) or compiles to a rule giving Decimal or ExpressionError."""
    source = "".join(tokens)
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


def poisons(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Constructs outside the language, built around well-formed parts."""
    one = children
    return st.one_of(
        st.tuples(one, st.sampled_from(["real", "__class__", "__dict__", "imag"])).map(
            lambda t: f"({t[0]}).{t[1]}"
        ),
        st.tuples(one, one).map(lambda t: f"({t[0]})[{t[1]}]"),
        one.map(lambda c: f"[{c}]"),
        one.map(lambda c: f"({c},)"),
        one.map(lambda c: f"{{{c}}}"),
        one.map(lambda c: f"{{'k': {c}}}"),
        one.map(lambda c: f"(lambda: {c})"),
        one.map(lambda c: f"[v for v in ({c},)]"),
        one.map(lambda c: f"(q := {c})"),
        st.tuples(one, one).map(lambda t: f"{t[0]}; {t[1]}"),
        st.tuples(one, one).map(lambda t: f"({t[0]} is {t[1]})"),
        st.tuples(one, one).map(lambda t: f"({t[0]} not in {t[1]})"),
        st.tuples(one, st.sampled_from(["<<", ">>", "&", "|", "^", "@"]), one).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        one.map(lambda c: f"(~{c})"),
        one.map(lambda c: f"({c} ** a)"),
        one.map(lambda c: f"({c} ** 101)"),
        st.tuples(
            st.sampled_from(["eval", "exec", "open", "getattr", "type", "__import__", "int", "sum", "a"]), one
        ).map(lambda t: f"{t[0]}({t[1]})"),
        one.map(lambda c: f"(min)({c}, 1)"),
        one.map(lambda c: f"min({c}, 1)(2)"),
        one.map(lambda c: f"min(*({c}, 1))"),
        one.map(lambda c: f"clamp({c}, low=1, high=2)"),
        one.map(lambda c: f"'{c}'"),
        one.map(lambda c: f"f'{{{c}}}'"),
        one.map(lambda c: f"({c} + 1j)"),
        one.map(lambda c: f"({c} + None)"),
        one.map(lambda c: f"steps({c}, a, 1)"),
        one.map(lambda c: f"round_up({c}, a)"),
        one.map(lambda c: f"({c} + _hidden)"),
        one.map(lambda c: f"({c} + unknown)"),
        one.map(lambda c: f"({c})\x00"),
        one.map(lambda c: f"({c} − 1)"),
    )


@settings(deadline=None)
@given(
    data=st.data(),
    where=st.sampled_from(
        ["{p}", "({e} + {p})", "min({e}, {p})", "({e} if {p} else {f})", "({p} if False else {e})",
         "(True or {p})", "steps({p}, 1, 2)", "(not {p})", "({e} < {p} < {f})", "abs({p})"]
    ),
)  # fmt: skip
def test_hostile_constructs_are_always_rejected(data: st.DataObject, where: str) -> None:
    """A construct outside the language anywhere in a rule, even in a dead branch, is an ExpressionError."""
    small = st.recursive(leaves, extend, max_leaves=4)
    poison = data.draw(poisons(small), label="poison")
    source = where.format(p=poison, e=data.draw(small, label="e"), f=data.draw(small, label="f"))
    start = time.perf_counter()
    try:
        compile(source, NAMES, limits=ROOMY)
    except ExpressionError:
        assert time.perf_counter() - start < 0.5
        return
    raise AssertionError(f"{source!r} was accepted")
