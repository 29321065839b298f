"""Hostile rules: every construct outside the allow-list is rejected at compile time, quickly.

Each rejection is timed: compile must give up in well under a second whatever the rule (a guard
against blowups in parsing or checking, not a speed benchmark). Evaluation is bounded too: huge inputs
give an ExpressionError quickly instead of hanging.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from itcriteria.exceptions import ExpressionError
from itcriteria.expressions import LIMITS, ExpressionLimits, compile

NAMES = ("x", "y", "a", "b", "max_points")
QUICK = 0.5  # CPU seconds of this process: other work on the machine does not count against it


def rejected(
    source: str, limits: ExpressionLimits | None = None, names: tuple[str, ...] = NAMES
) -> ExpressionError:
    """Compile ``source``, asserting that it raises ExpressionError within QUICK CPU seconds."""
    start = time.process_time()
    with pytest.raises(ExpressionError) as excinfo:
        compile(source, names, limits=limits or LIMITS)
    elapsed = time.process_time() - start
    assert elapsed < QUICK, f"took {elapsed:.3f} s to reject {source[:60]!r}"
    assert excinfo.value.expression == source
    return excinfo.value


HOSTILE = [
    # escapes through attributes and dunders
    ("().__class__.__bases__[0].__subclasses__()", "attribute access"),
    ("x.__class__", "attribute access ('.__class__')"),
    ("x.__class__.__mro__", "attribute access"),
    ("x.real", "attribute access ('.real')"),
    ("(1).__class__", "attribute access"),
    ("min.__globals__", "attribute access"),
    ("x[0]", "indexing"),
    ("x[1:2]", "indexing"),
    # calls of anything outside the allow-list
    ("__import__('os')", "names starting with '_'"),
    ("__builtins__", "names starting with '_'"),
    ("_", "names starting with '_'"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("getattr(x, 'y')", "unknown function 'getattr'"),
    ("eval('1')", "unknown function 'eval'"),
    ("exec('1')", "unknown function 'exec'"),
    ("type(x)", "unknown function 'type'"),
    ("globals()", "unknown function 'globals'"),
    ("int(x)", "unknown function 'int'"),
    ("round(x)", "unknown function 'round'"),
    ("sum(x, y)", "unknown function 'sum'"),
    ("min", "'min' is a function"),
    ("max + 1", "'max' is a function"),
    ("(max)(1, 2)", "call a function by its name"),
    ("((min))(1, 2)", "call a function by its name"),
    ("max(1, 2)(3)", "only a function's name can be called"),
    ("(x if y else min)(1, 2)", "only a function's name can be called"),
    ("min(*[1, 2])", "unpacking with '*'"),
    ("min(1, *x)", "unpacking with '*'"),
    ("max(**{'a': 1})", "by position only"),
    ("clamp(x, low=1, high=2)", "by position only"),
    ("x(1)", "'x' is an input, not a function"),
    # huge numbers
    ("9**9**9**9", "exponent of '**' must be a number"),
    ("10**1000000", "exponent 1000000 is too large"),
    ("x ** 101", "exponent 101 is too large"),
    ("x ** -101", "exponent -101 is too large"),
    ("x ** 1e3", "too large"),
    ("x ** y", "exponent of '**' must be a number"),
    ("x ** (1 + 1)", "exponent of '**' must be a number"),
    ("x ** --2", "exponent of '**' must be a number"),
    ("2 ** x", "exponent of '**' must be a number"),
    ("2 << 1000000", "bit shift '<<'"),
    ("2 >> 1", "bit shift '>>'"),
    ("x & y", "bit operation '&'"),
    ("x | y", "bit operation '|'"),
    ("x ^ y", "bit operation '^'"),
    ("~x", "bit inversion '~'"),
    ("x @ y", "matrix multiplication '@'"),
    ("1e999", "too large"),
    ("0.10000000000000000001", "too many digits"),
    # text and containers
    ("'a' * 10**9", "text is not allowed"),
    ('"x" + "y"', "text is not allowed"),
    ('f"{x}"', "text is not allowed (f-strings)"),
    ("f'{x.__class__}'", "text is not allowed (f-strings)"),
    ('b"x"', "text is not allowed"),
    ("[1]*10**9", "lists are not allowed"),
    ("{}", "dicts are not allowed"),
    ("{1}", "sets are not allowed"),
    ("(1, 2)", "tuples"),
    ("x,", "tuples"),
    ("()", "tuples"),
    ("1j", "complex numbers"),
    ("None", "None is not allowed"),
    ("...", "Ellipsis is not allowed"),
    # functions, comprehensions, assignment, statements
    ("lambda: 1", "lambda is not allowed"),
    ("[x for x in (1,)]", "comprehensions are not allowed"),
    ("{x: 1 for x in (1,)}", "comprehensions are not allowed"),
    ("max(x for x in (1, 2))", "generator expressions are not allowed"),
    ("(y := 1)", "assignment with ':='"),
    ("min((y := 1), y)", "assignment with ':='"),
    ("a; b", "a rule is one expression"),
    ("a\nb", "a rule is one expression"),
    ("x = 1", "a rule is one expression"),
    ("x += 1", "a rule is one expression"),
    ("import os", "a rule is one expression"),
    ("del x", "a rule is one expression"),
    ("def f(): pass", "a rule is one expression"),
    ("await x", "'await' is not allowed"),
    ("(yield)", "'yield' is not allowed"),
    ("x if y", "not a valid expression"),
    ("1 +", "not a valid expression"),
    ("", "the rule is empty"),
    ("  \n\t ", "the rule is empty"),
    # comparisons that are not about numbers
    ("x is None", "'is' is not allowed"),
    ("x is not y", "'is not' is not allowed"),
    ("x in (1, 2)", "'in' is not allowed"),
    ("x not in (1, 2)", "'not in' is not allowed"),
    # names
    ("z", "unknown name 'z'"),
    ("xx + 1", "unknown name 'xx'"),
    ("print", "unknown name 'print'"),
    ("True + true", "unknown name 'true'"),
    # characters: null bytes, look-alikes, invisible ones
    ("x\x00", "character '\\x00'"),
    ("\x00", "character '\\x00'"),
    ("ｍａｘ(1, 2)", "FULLWIDTH LATIN SMALL LETTER M"),
    ("ｘ + 1", "FULLWIDTH LATIN SMALL LETTER X"),
    ("х + 1", "CYRILLIC SMALL LETTER HA"),
    ("x\u200b + 1", "ZERO WIDTH SPACE"),
    ("x\u00a0+ 1", "NO-BREAK SPACE"),
    ("x − 1", "MINUS SIGN"),
    ("x × 2", "MULTIPLICATION SIGN"),
    ("\ufeffx", "ZERO WIDTH NO-BREAK SPACE"),
    ("x\x0c+ 1", "a control character"),
    ("\x1b[2Jx", "a control character"),
    # steps must be a table of numbers
    ("steps(x, y, 1)", "thresholds and points must be numbers"),
    ("steps(x, 1, 2, 1, 3)", "threshold 1 appears twice"),
]


@pytest.mark.parametrize(("source", "cause"), HOSTILE, ids=[repr(s)[:50] for s, _ in HOSTILE])
def test_hostile_rules_are_rejected_quickly(source: str, cause: str) -> None:
    """A construct outside the allow-list is an ExpressionError saying why, raised in well under a second."""
    err = rejected(source)
    assert cause in err.cause


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("(" * 5000 + "1" + ")" * 5000, "characters long"),
        ("-" * 100000 + "1", "characters long"),
        ("x" * 10_000_000, "10000000 characters long"),
        ("1 + " * 3_000_000 + "1", "characters long"),
        ("+".join(["x"] * 5000), "characters long"),
        ("x" + " " * 1000, "1001 characters long"),
    ],
    ids=["parentheses", "minus signs", "10 MB", "12 MB sum", "5000 terms", "1001 characters"],
)
def test_long_rules_are_rejected_before_parsing(source: str, cause: str) -> None:
    """A rule over max_length is rejected at once, without being parsed."""
    assert cause in rejected(source).cause


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        ("+".join(["x"] * 5000), "too deeply nested or too complex"),
        ("+".join(["x"] * 500), "more than 30 levels"),
        ("min(" + ", ".join(["x"] * 299) + ")", "more than 300 parts"),
        ("min(" + ", ".join(["x"] * 5000) + ")", "more than 300 parts"),
        ("-" * 30 + "x", "more than 30 levels"),
        ("(" * 31 + "x" + ")" * 31 + " + 1" * 30, "more than 30 levels"),
        ("min(1, " * 30 + "x" + ")" * 30, "more than 30 levels"),
        ("(" * 5000 + "1" + ")" * 5000, "not a valid expression: too many nested parentheses"),
        ("-" * 100000 + "1", "too deeply nested or too complex"),
        ("not " * 100000 + "x", "too deeply nested or too complex"),
        ("x" + "**2" * 20000, "too deeply nested or too complex"),
    ],
    ids=["5000 terms", "500 terms", "300 arguments", "5000 arguments", "31 signs", "deep sum",
         "nested calls", "5000 parentheses", "100000 signs", "100000 nots", "20000 powers"],
)  # fmt: skip
def test_size_and_depth_limits(source: str, cause: str) -> None:
    """With the length limit lifted, node count, nesting and the parser's own limits still reject quickly."""
    limits = ExpressionLimits(max_length=10**7)
    assert cause in rejected(source, limits).cause


@pytest.mark.parametrize("source", ["-" * 2900 + "x", "not " * 2900 + "x", "+".join(["x"] * 2900)])
def test_huge_limits_still_fail_cleanly(source: str) -> None:
    """With every limit lifted, a rule too deep for Python's compiler is still only an ExpressionError."""
    limits = ExpressionLimits(max_length=10**7, max_nodes=10**7, max_depth=10**7)
    assert "too deeply nested or too complex" in rejected(source, limits).cause


def test_custom_limits() -> None:
    """Stricter limits are applied as given, including the exponent bound."""
    strict = ExpressionLimits(max_length=10, max_nodes=5, max_depth=3, max_exponent=2)
    assert "at most 10 are allowed" in rejected("x + y + a + b", strict).cause
    assert "more than 5 parts" in rejected("x+y+a+b", strict).cause
    assert "more than 3 levels" in rejected("---x", strict).cause
    assert "exponent 3 is too large" in rejected("x ** 3", strict).cause
    assert compile("x ** 2", NAMES, limits=strict).names == {"x"}


def test_non_text_rule_is_rejected() -> None:
    """A rule that is not a string is an ExpressionError, not a TypeError."""
    with pytest.raises(ExpressionError, match="a rule must be text, got bytes"):
        compile(b"x", NAMES)  # type: ignore[arg-type]


def test_compiled_rule_has_no_builtins() -> None:
    """The compiled function's globals hold only Decimal constants and the allowed functions."""
    rule = compile("min(x, 1) + steps(y, 1, 2) + x ** -1 + 0.5", NAMES)
    namespace = rule.function.__globals__
    assert namespace["__builtins__"] == {}
    for name, value in namespace.items():
        assert name == "__builtins__" or name.startswith("_"), name
        assert value is not eval and value is not __import__


def test_input_names_are_only_values() -> None:
    """An input may be called 'eval' or 'open': in a rule it is only a number."""
    rule = compile("eval + open", ["eval", "open"])
    assert rule(eval=1, open=2) == 3
    assert "is an input, not a function" in rejected("eval('1')", names=("eval",)).cause


@pytest.mark.parametrize(
    ("source", "inputs"),
    [
        ("x * y", {"x": Decimal("1e999998"), "y": Decimal("1e999998")}),
        ("x * y", {"x": Decimal("9e999999"), "y": 10}),
        ("x ** 100", {"x": Decimal("1e999998")}),
        ("x ** 100 * y ** 100", {"x": Decimal("1e99999"), "y": Decimal("1e99999")}),
        ("x // y", {"x": Decimal("1e999998"), "y": Decimal("1e-999998")}),
        ("x % y", {"x": Decimal("1e999998"), "y": Decimal("1e-999998")}),
        ("x / y", {"x": Decimal("1e999998"), "y": Decimal("1e-999998")}),
        ("round_half_up(x, 10)", {"x": Decimal("1e999998")}),
        ("x ** 0.5", {"x": Decimal("-1e999998")}),
        ("x ** -100", {"x": Decimal("1e-999998")}),
        ("per_item(x, y, 1e300)", {"x": Decimal("1e999998"), "y": Decimal("1e999998")}),
        ("x * y", {"x": "1" * 100_000, "y": "9" * 100_000 + "e999000"}),
    ],
)
def test_huge_inputs_fail_quickly(source: str, inputs: dict[str, object]) -> None:
    """Numbers at the edge of the decimal context give an ExpressionError quickly, never a hang."""
    rule = compile(source, NAMES)
    start = time.process_time()
    with pytest.raises(ExpressionError):
        rule(**inputs)
    assert time.process_time() - start < QUICK


def test_long_inputs_are_computed_quickly() -> None:
    """Inputs with 100,000 digits are rounded to the context's 28 digits in the result, quickly."""
    rule = compile("x * y ** 100 + x / y", NAMES)
    start = time.process_time()
    result = rule(x="1." + "3" * 100_000, y="1." + "7" * 100_000)
    assert time.process_time() - start < QUICK
    assert len(result.as_tuple().digits) <= 28
