"""Hypothesis properties of scoring: bounds, monotonicity, exact totals, order independence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itcriteria
from builders import build, form, leaf, parent, ratio
from itcriteria.scoring import scorer as _scoring

REGIME = build(
    parent(
        "1",
        20,
        leaf("1.1", 7, ratio()),
        leaf("1.2", 6, ratio(), rule="steps(ratio, 0.8, 6, 0.5, 4, 0.2, 1)"),
        leaf(
            "1.3",
            7,
            ratio(zero_denominator="not_applicable"),
            rule="round_half_up(ratio * ratio * max_points, 3)",
        ),
    ),
    parent(
        "2",
        10,
        leaf("2.1", 5, {"kind": "count", "label": "n"}, rule="per_item(count, 0.75, 5)"),
        leaf("2.2", 4, {"kind": "yes_no", "label": "có"}),
        leaf("2.3", 3, {"kind": "number", "label": "x"}, rule="clamp(value / 7, 0, max_points)"),
        combine="capped_sum",
    ),
    bands=[],
)
RATIOS = ("1.1", "1.2", "1.3")


@st.composite
def ratio_answer(draw: Any, allow_zero: bool = False) -> dict[str, Any]:
    denominator = draw(st.integers(min_value=0 if allow_zero else 1, max_value=10_000))
    numerator = draw(st.integers(min_value=0, max_value=denominator))
    return {"numerator": numerator, "denominator": denominator}


answers = st.fixed_dictionaries(
    {
        "1.1": ratio_answer(),
        "1.2": ratio_answer(),
        "1.3": ratio_answer(allow_zero=True),
        "2.1": st.integers(min_value=0, max_value=300),  # past the fast path's table of counts
        "2.2": st.booleans(),
        "2.3": st.decimals(min_value=0, max_value=100, places=3),
    }
)


@given(answers)
def test_every_score_is_within_zero_and_max(values: dict[str, Any]) -> None:
    """Every criterion scores within [0, its max for the unit]."""
    card = REGIME.score(form(values))
    for criterion in REGIME.walk():
        node = card.node(criterion.id)
        assert Decimal(0) <= node.score <= node.max <= criterion.max


@given(answers)
def test_totals_are_exactly_the_sum_of_their_parts(values: dict[str, Any]) -> None:
    """Each parent is the exact sum of its children (capped where declared) and the total of the tops."""
    card = REGIME.score(form(values))
    assert card.node("1").score == sum(card.node(c).score for c in RATIOS)
    assert card.node("2").score == min(sum(card.node(c).score for c in ("2.1", "2.2", "2.3")), Decimal(10))
    assert card.total == card.node("1").score + card.node("2").score


@given(answers, st.sampled_from(RATIOS), st.integers(min_value=1, max_value=100))
def test_ratio_rules_never_decrease_when_the_numerator_grows(
    values: dict[str, Any], cid: str, extra: int
) -> None:
    """Raising a ratio's numerator (within its denominator) never lowers that leaf or the total."""
    before = REGIME.score(form(values))
    raised = dict(values)
    answer = values[cid]
    raised[cid] = {**answer, "numerator": min(answer["numerator"] + extra, answer["denominator"])}
    after = REGIME.score(form(raised))
    assert after.node(cid).score >= before.node(cid).score
    assert after.total >= before.total


@given(answers, st.randoms(use_true_random=False))
def test_scoring_does_not_depend_on_answer_order(values: dict[str, Any], rnd: Any) -> None:
    """The same answers in any order give the same scorecard."""
    items = list(values.items())
    rnd.shuffle(items)
    first, second = REGIME.score(form(values)), REGIME.score(form(dict(items)))
    assert first.total == second.total
    assert first.scores == second.scores
    assert first.to_dict() == second.to_dict()


@given(answers)
def test_explanation_numbers_add_up_to_the_score(values: dict[str, Any]) -> None:
    """Each leaf's explained points are its score, and explained scoring equals fast scoring."""
    card = REGIME.score(form(values))
    for cid in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3"):
        assert card.explanation(cid).points == card.node(cid).score


def general_path_twin() -> itcriteria.Regime:
    """The same regime with its fast scorer switched off, so every form takes the general path."""
    twin = build(*[itcriteria.regime_to_dict(REGIME)["criteria"][i] for i in range(2)], bands=[])
    for group in ("so", "huyen"):
        plan = _scoring.plan_for(twin, group)
        twin.compiled.plans[group] = attrs.evolve(plan, fast=None)
    return twin


TWIN = general_path_twin()
irregular = st.one_of(
    st.integers(min_value=0, max_value=50),
    st.decimals(min_value=0, max_value=60, places=2).map(str),
    st.floats(min_value=0, max_value=60, allow_nan=False),
    st.booleans(),
    st.sampled_from(["có", "không", "x", "", "NaN", "Infinity", " 7 ", "1_0"]),
)


@st.composite
def any_ratio(draw: Any) -> dict[str, Any]:
    return {"numerator": draw(irregular), "denominator": draw(irregular)}


loose_answers = st.fixed_dictionaries(
    {"1.1": any_ratio(), "1.2": st.one_of(ratio_answer(), any_ratio()), "1.3": ratio_answer(allow_zero=True)},
    optional={"2.1": irregular, "2.2": irregular, "2.3": irregular, "9": irregular},
)


@given(st.one_of(answers, loose_answers))
def test_fast_and_general_paths_agree(values: dict[str, Any]) -> None:
    """The compiled fast scorer gives exactly the general scorer's result, digits included, or both refuse."""
    assert _scoring.plan_for(REGIME, "so").fast is not None
    outcomes = []
    for regime in (REGIME, TWIN):
        try:
            card = regime.score(form(values))
        except itcriteria.SubmissionError as err:
            outcomes.append(("error", tuple(map(str, err.problems))))
        else:
            outcomes.append((str(card.total), tuple((k, str(v)) for k, v in sorted(card.scores.items()))))
    assert outcomes[0] == outcomes[1]


BOOLEAN_RULES = [
    "(-yes // (yes + yes) + 1) * max_points",
    "max_points if -yes // (yes + yes) else 0",
    "((yes - yes - yes) % (yes + yes) + 1) * 2",
    "(yes + yes) * 2",
    "max_points if yes and not (yes < 0.5) else 1",
    "min(yes * 4, max_points)",
]


@given(st.sampled_from(BOOLEAN_RULES), st.booleans())
def test_fast_path_keeps_the_rule_languages_yes_no_arithmetic(rule: str, yes: bool) -> None:
    """Rules computing with yes/no values score as the compiled rule does, fast path or not."""
    regime = build(leaf("1", 4, {"kind": "yes_no", "label": "có"}, rule=rule), bands=[])
    compiled = regime.compiled.rules["1"]
    try:
        expected = compiled(yes=yes, max_points=Decimal(4))
    except itcriteria.ExpressionError:
        with pytest.raises(itcriteria.ExpressionError):
            regime.score(form({"1": yes}))
        return
    if not Decimal(0) <= expected <= 4:
        with pytest.raises(itcriteria.RegimeError):
            regime.score(form({"1": yes}))
        return
    assert regime.score(form({"1": yes})).total == expected.quantize(Decimal("0.01"), "ROUND_HALF_UP")


def test_fast_and_general_paths_agree_on_the_example(example_forms: list[dict[str, Any]]) -> None:
    """Every bundled example form scores digit for digit the same through both paths."""
    regime = itcriteria.load_regime(Path(itcriteria.__file__).parent / "examples" / "example-2019.toml")
    twin = itcriteria.load_regime(Path(itcriteria.__file__).parent / "examples" / "example-2019.toml")
    for group in ("so-nganh", "huyen"):
        assert _scoring.plan_for(regime, group).fast is not None
        twin.compiled.plans[group] = attrs.evolve(_scoring.plan_for(twin, group), fast=None)
    fast, general = regime.score_all(example_forms), twin.score_all(example_forms)
    assert [card.to_dict() for card in fast] == [card.to_dict() for card in general]
