"""Compile time stays linear in a rule's length: any rule within the length limit compiles or is refused
quickly, the worst shapes included (nested calls with many literal arguments)."""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itcriteria import expressions
from itcriteria.exceptions import ExpressionError
from itcriteria.testing import expressions as rules
from itcriteria.testing import hostile_expressions, malformed_expressions

NAMES = ("x", "y")
LIMIT = expressions.LIMITS.max_length
#: CPU seconds any rule within the limits may take; generous (measured: about 0.01 s at the limit),
#: so a loaded machine does not fail the test, and far below the 0.6 s a superlinear step once took.
BOUND = 1.0


def cpu_seconds(source: str) -> float:
    started = time.process_time()
    with contextlib.suppress(ExpressionError):
        expressions.compile(source, NAMES)
    return time.process_time() - started


def fill(head: str, middle: str, tail: str) -> str:
    """``head`` and ``tail`` repeated around ``middle`` as often as fits in the length limit."""
    count = (LIMIT - len(middle)) // (len(head) + len(tail))
    return head * count + middle + tail * count


WORST = {
    "nested calls with many literals": fill("max(", "x", ",1.5,2.5,3.5,4.5,5.5,6.5,7.5)"),
    "nested steps": fill("steps(", "x", ",10,2,5,1,1,0.5)"),
    "nested clamps": fill("clamp(", "x", ",-1.5,2.5)"),
    "nested rounding": fill("round_half_up(", "x", ",2)"),
    "flat literals": "max(" + ",".join(["123456789.12345"] * 60) + ")",
    "many floats": "+".join(["0.1234567890123"] * 62),
    "unknown functions": fill("mxa(", "x", ",1)"),
    "unclosed calls": fill("max(1,2,", "3", ""),
    "deep parentheses": fill("(", "x", ")"),
    "comparison chain": " < ".join(["x"] * 300)[:LIMIT],
    "power tower": fill("(", "x", "**2)"),
}


@pytest.mark.parametrize("shape", sorted(WORST))
def test_the_worst_shapes_at_the_length_limit_compile_or_are_refused_quickly(shape: str) -> None:
    """Each deterministic worst case, as long as the limit allows, takes well under the bound."""
    source = WORST[shape]
    assert len(source) <= LIMIT
    assert cpu_seconds(source) < BOUND


def test_eight_times_the_length_costs_far_less_than_sixty_four_times_the_time() -> None:
    """Nested calls with literal arguments, the limits lifted: 8 times as long a rule costs well under
    32 times the time (a quadratic step would cost 64 times)."""
    roomy = expressions.ExpressionLimits(max_length=100_000, max_nodes=100_000, max_depth=10_000)

    def cost(depth: int) -> float:
        text = "max(" * depth + "x" + ",1.5,2.5,3.5)" * depth
        started = time.process_time()
        for _ in range(10):
            expressions.compile(text, NAMES, limits=roomy)
        return time.process_time() - started

    assert cost(160) < 32 * max(cost(20), 1e-3)


@settings(max_examples=60, deadline=None)
@given(st.one_of(rules(NAMES, max_leaves=40), hostile_expressions(NAMES), malformed_expressions(NAMES)))
def test_any_rule_within_the_length_limit_compiles_or_is_refused_quickly(source: str) -> None:
    """Generated rules, hostile or malformed text, cut to the length limit: compiled or refused in time."""
    assert cpu_seconds(source[:LIMIT]) < BOUND
