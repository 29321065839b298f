"""Hypothesis strategies for rule text: well-formed rules from the grammar, and text outside the language.

Public through :mod:`itcriteria.testing`.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from ..expressions import FUNCTIONS

_DEFAULT_NAMES = ("a", "b", "c", "yes")

_literals = st.one_of(
    st.integers(0, 1000).map(str),
    st.decimals(min_value=0, max_value=1000, places=3).map(str),
    st.sampled_from(["0.1", "0.5", "0.0", "1e2", "2.5e-3", "1_000", "0x1f", ".25", "3.", "1e-7"]),
)
_signed_literals = st.one_of(_literals, _literals.map(lambda text: f"-{text}"))
_exponents = st.one_of(st.integers(-3, 3).map(str), st.sampled_from(["0.5", "-0.5", "2.0", "+2"]))
_comparisons = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
_ROUNDING = ("round_half_up", "round_half_even", "round_down", "round_up")


def _literal_value(text: str) -> Decimal:
    """The Decimal a number literal stands for."""
    value = ast.literal_eval(text)
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@st.composite
def _steps_calls(draw: st.DrawFn, subject: st.SearchStrategy[str]) -> str:
    """steps(x, t1, p1, ...) with distinct literal thresholds."""
    thresholds = draw(st.lists(_signed_literals, min_size=1, max_size=4, unique_by=_literal_value))
    parts = [draw(subject)]
    for threshold in thresholds:
        parts += [threshold, draw(_signed_literals)]
    return f"steps({', '.join(parts)})"


def _calls(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A call of each built-in function, with arguments from ``children``."""

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
        st.tuples(st.sampled_from(_ROUNDING), children, st.integers(0, 10)).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        ),
        _steps_calls(children),
    )


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One operator or call of the grammar around ``children``."""
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "//", "%"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, _exponents).map(lambda t: f"({t[0]} ** {t[1]})"),
        st.tuples(st.sampled_from(["-", "+", "not "]), children).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, st.lists(st.tuples(_comparisons, children), min_size=1, max_size=3)).map(
            lambda t: "(" + " ".join([t[0], *(f"{op} {right}" for op, right in t[1])]) + ")"
        ),
        st.tuples(children, st.sampled_from(["and", "or"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        _calls(children),
    )


def _leaves(names: Sequence[str]) -> st.SearchStrategy[str]:
    atoms = st.one_of(_literals, st.sampled_from(["True", "False"]))
    return st.one_of(st.sampled_from(list(names)), atoms) if names else atoms


def expressions(names: Sequence[str] = _DEFAULT_NAMES, *, max_leaves: int = 12) -> st.SearchStrategy[str]:
    """Well-formed rules over the input ``names``: every operator, comparison chain and built-in function.

    Number literals come in every spelling Python reads (``1e2``, ``1_000``, ``.25``, ``0x1f``); steps
    thresholds are distinct, as the compiler requires. A rule may still be refused by the compiler for a
    clamp whose literal bounds are reversed, and deep rules may pass the default nesting limit, so
    compile them with roomier :class:`~itcriteria.expressions.ExpressionLimits`. Evaluating a rule may
    fail (division by zero, ...): the compiled rule then raises ExpressionError.
    """
    return st.recursive(_leaves(names), _extend, max_leaves=max_leaves)


def expression_inputs(names: Sequence[str] = _DEFAULT_NAMES) -> st.SearchStrategy[dict[str, Decimal | bool]]:
    """Values for every input of ``names``: yes/no values, small exact decimals, signed zeros, huge ones."""
    values: st.SearchStrategy[Decimal | bool] = st.one_of(
        st.booleans(),
        st.sampled_from(
            [Decimal(0), Decimal("-0"), Decimal(1), Decimal(-1), Decimal("0.5"), Decimal("2.50")]
        ),
        st.decimals(min_value=-1000, max_value=1000, places=4),
        st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
    )
    return st.fixed_dictionaries(dict.fromkeys(names, values))


# --- Text outside the language ----------------------------------------------------------------------

_WHERE = [
    "{p}", "({e} + {p})", "min({e}, {p})", "({e} if {p} else {f})", "({p} if False else {e})",
    "(True or {p})", "steps({p}, 1, 2)", "(not {p})", "({e} < {p} < {f})", "abs({p})",
]  # fmt: skip


def _poisons(children: st.SearchStrategy[str], name: str, undeclared: str) -> st.SearchStrategy[str]:
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
        one.map(lambda c: f"({c} ** {name})"),
        one.map(lambda c: f"({c} ** 101)"),
        st.tuples(
            st.sampled_from(["eval", "exec", "open", "getattr", "type", "__import__", "int", "sum", name]),
            one,
        ).map(lambda t: f"{t[0]}({t[1]})"),
        one.map(lambda c: f"(min)({c}, 1)"),
        one.map(lambda c: f"min({c}, 1)(2)"),
        one.map(lambda c: f"min(*({c}, 1))"),
        one.map(lambda c: f"clamp({c}, low=1, high=2)"),
        one.map(lambda c: f"'{c}'"),
        one.map(lambda c: f"f'{{{c}}}'"),
        one.map(lambda c: f"({c} + 1j)"),
        one.map(lambda c: f"({c} + None)"),
        one.map(lambda c: f"steps({c}, {name}, 1)"),
        one.map(lambda c: f"round_up({c}, {name})"),
        one.map(lambda c: f"({c} + _hidden)"),
        one.map(lambda c: f"({c} + {undeclared})"),
        one.map(lambda c: f"({c})\x00"),
        one.map(lambda c: f"({c} − 1)"),
    )


def hostile_expressions(names: Sequence[str] = _DEFAULT_NAMES) -> st.SearchStrategy[str]:
    """Rules that are well-formed except for one construct outside the language, placed anywhere.

    The construct (attribute access, indexing, containers, lambdas, comprehensions, assignments, several
    statements, ``is``/``in``, bit operations, computed exponents, calls of anything not allowed or by
    keyword, text, complex numbers, None, hidden or unknown names, control and look-alike characters)
    may sit in a branch that would never run: ``compile(rule, names)`` must raise ExpressionError
    for every one of them, quickly.
    """
    names = [n for n in names if n not in FUNCTIONS]
    name = names[0] if names else "x"
    undeclared = next(f"undeclared{i}" for i in range(len(names) + 1) if f"undeclared{i}" not in names)
    small = st.recursive(_leaves(names), _extend, max_leaves=4)
    return st.tuples(st.sampled_from(_WHERE), _poisons(small, name, undeclared), small, small).map(
        lambda t: t[0].format(p=t[1], e=t[2], f=t[3])
    )


_TOKENS = [
    "1", "0.5", "9" * 30, "(", ")", "[", "]", "{", "}", ".", ",", ":", ";", "=", ":=",
    "+", "-", "*", "**", "/", "//", "%", "@", "<<", ">>", "&", "|", "^", "~", "<", ">", "==", "!=",
    "is", "in", "not", "and", "or", "if", "else", "lambda", "for", "import", "yield", "await",
    "__class__", "__import__", "_", "'a'", '"b"', "f'", "b''", "\\", "\n", "\x00", " ", "\t", "#",
    "min", "max", "steps", "round_up", "eval", "open", "getattr", "1j", "1e999", "ｘ", "х", "\u200b",
    "...", "None", "True", "0x", "1_", "e", "\r",
]  # fmt: skip


def malformed_expressions(
    names: Sequence[str] = _DEFAULT_NAMES, *, max_tokens: int = 40
) -> st.SearchStrategy[str]:
    """Random text from tokens of Python and of attacks on it (dunders, keywords, odd characters).

    Most of it is not a rule; some of it happens to be one. ``compile(text, names)`` must either raise
    ExpressionError quickly or give a rule that evaluates to a Decimal or raises ExpressionError.
    """
    tokens = [*names, *_TOKENS]
    return st.lists(st.sampled_from(tokens), max_size=max_tokens).map("".join)
