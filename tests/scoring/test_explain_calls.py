"""Properties of the explanation data: the steps a rule hit are worked out as the checked call gives them."""

from __future__ import annotations

import ast
import decimal
import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from itcriteria import expressions
from itcriteria._core import CONTEXT
from itcriteria.exceptions import ExpressionError
from itcriteria.scoring import explain as _explain
from itcriteria.testing import expression_inputs
from itcriteria.testing import expressions as rules

NAMES = ("a", "b", "c", "yes")
DESCRIBED = ("steps", "per_item", "clamp")


def checked_calls(source: str, inputs: dict[str, Decimal | bool]) -> list[_explain.StepCall]:
    """Each described call's arguments, every one evaluated by the checked call of its own text."""
    found = []
    for node in ast.walk(ast.parse(source, mode="eval")):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DESCRIBED:
            try:  # an argument that cannot evaluate (a branch not taken): the call is not described
                args = tuple(expressions.compile(ast.unparse(arg), NAMES)(**inputs) for arg in node.args)
            except Exception:
                continue
            found.append(_explain.StepCall(node.func.id, ast.unparse(node.args[0]), args))
    return found


parts = rules(NAMES, max_leaves=6)
described_rules = st.one_of(
    rules(NAMES, max_leaves=8),  # anything, described calls nested anywhere
    st.tuples(st.sampled_from(["clamp", "per_item"]), parts, parts, parts).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]}, {t[3]})"
    ),
    parts.map(lambda part: f"steps({part}, 0.8, 6, 0.5, 4) + clamp(a + b, 0, max(c, 1))"),
)


@given(described_rules, expression_inputs(NAMES))
def test_step_arguments_are_what_the_checked_call_of_each_argument_gives(
    source: str, inputs: dict[str, Decimal | bool]
) -> None:
    """Every steps/per_item/clamp call an explanation lists has the arguments the checked call gives."""
    try:
        rule = expressions.compile(source, NAMES)
    except ExpressionError:
        assume(False)
    with decimal.localcontext(CONTEXT):
        expected = checked_calls(source, inputs)
        found = _explain._evaluated(_explain._analyse(rule.tree, NAMES), inputs)
    # compared as text: the same digits, not only equal values (1.0 is not 1.00 in the data)
    assert [repr(call) for call in found] == [repr(call) for call in expected]


def test_the_benchmarks_explanation_of_before_issue_16_gives_todays_explanations() -> None:
    """bench_scoring's "before" explanation (checked calls for every step argument) equals today's."""
    benchmarks = str(Path(__file__).resolve().parents[2] / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from bench_scoring import forms, sixty_leaf_regime
        from previous.scoring_before_issue16 import explain_before
    finally:
        sys.path.remove(benchmarks)
    regime = sixty_leaf_regime()
    for submission in forms(regime, 20):
        card = regime.score(submission)
        before = explain_before(card)
        assert any(leaf.calls for leaf in before.values())
        assert before == dict(card.explanations())
