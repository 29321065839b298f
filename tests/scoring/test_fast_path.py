"""The compiled fast scorer against the general scorer, over generated regimes and forms, and the
benchmark verdicts both keep against those the explanations give."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itcriteria
from builders import build, form, leaf, ratio
from itcriteria.scoring import card_best, plan_for, score
from itcriteria.testing import cohorts, regimes


def general_twin(regime: itcriteria.Regime) -> itcriteria.Regime:
    """The same regime with its fast scorers switched off, so every form takes the general path."""
    twin = itcriteria.regime_from_dict(itcriteria.regime_to_dict(regime))
    for group in twin.groups:
        twin.compiled.plans[group.id] = attrs.evolve(plan_for(twin, group.id), fast=None)
    return twin


def outcome(regime: itcriteria.Regime, forms: list[dict[str, Any]]) -> object:
    """Everything a scorecard shows as text (totals, each criterion, band), or the problems refused."""
    try:
        cards = regime.score_all(forms)
    except itcriteria.SubmissionError as err:
        return ("error", tuple(map(str, err.problems)))
    return [
        (
            str(card.total),
            str(card.max_total),
            card.band.id if card.band else None,
            tuple((cid, str(points)) for cid, points in sorted(card.scores.items())),
        )
        for card in cards
    ]


def as_text(value: Any, rnd: Any) -> Any:
    """An answer with some of its numbers written as text, as a spreadsheet or a JSON form gives them."""
    if isinstance(value, dict):
        return {key: as_text(part, rnd) for key, part in value.items()}
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and rnd.random() < 0.1:
        return str(value)
    return value


@st.composite
def regime_and_cohort(draw: st.DrawFn) -> tuple[itcriteria.Regime, list[dict[str, Any]]]:
    regime = draw(regimes(max_leaves=10))
    cohort = draw(cohorts(regime, max_size=3))
    rnd = draw(st.randoms(use_true_random=False))
    for sheet in cohort:
        sheet["answers"] = {cid: as_text(answer, rnd) for cid, answer in sheet["answers"].items()}
    return regime, cohort


@settings(deadline=None)
@given(regime_and_cohort())
def test_fast_path_gives_the_general_paths_digits_on_generated_regimes(
    drawn: tuple[itcriteria.Regime, list[dict[str, Any]]],
) -> None:
    """Over generated regimes (both rounding stages, every kind) and their forms, the fast scorer gives
    exactly the general scorer's totals, criterion points and bands, digit for digit."""
    regime, cohort = drawn
    for group in regime.groups:
        assert plan_for(regime, group.id).fast is not None  # leaf and total stage alike
    assert outcome(regime, cohort) == outcome(general_twin(regime), cohort)


def test_total_stage_regimes_take_the_fast_path() -> None:
    """A regime that rounds only the total is scored by its fast scorer, unrounded leaves summed exactly."""
    regime = build(
        leaf("1", 10, {"kind": "ratio", "numerator": "a", "denominator": "b"}),
        leaf("2", 10, {"kind": "ratio", "numerator": "a", "denominator": "b"}),
        bands=[],
        rounding={"places": 1, "mode": "half_up", "stage": "total"},
    )
    fast = plan_for(regime, "so").fast
    assert fast is not None
    card = regime.score(
        form({"1": {"numerator": 1, "denominator": 3}, "2": {"numerator": 1, "denominator": 6}})
    )
    assert card.scores["1"] == Decimal(10) / 3 and card.total == Decimal("5.0")
    answers = itcriteria.Submission.from_dict(
        form({"1": {"numerator": 1, "denominator": 3}, "2": {"numerator": 1, "denominator": 6}})
    ).answers
    # taken, not left to the general path (no benchmark: no verdicts)
    assert fast(answers, None) == (dict(card.scores), Decimal("5.0"), {})


def test_the_fast_path_leaves_the_callers_decimal_context_alone() -> None:
    """Scoring through the fast path computes in the library's context whatever the caller set, and gives
    the caller back its own context object, unchanged."""
    regime = build(leaf("1", 10, {"kind": "ratio", "numerator": "a", "denominator": "b"}), bands=[])
    expected = regime.score(form({"1": {"numerator": 2, "denominator": 3}})).total
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)) as caller:
        assert regime.score(form({"1": {"numerator": 2, "denominator": 3}})).total == expected
        assert decimal.getcontext() is caller and caller.prec == 3


def verdicts(card: itcriteria.ScoreCard) -> list[tuple[str, bool | None, bool]]:
    """Every scored leaf's benchmark verdict and applicability, as ``card.node`` gives them."""
    plan = plan_for(card.regime, card.group)
    return [
        (leaf.id, card.node(leaf.id).benchmark_met, card.node(leaf.id).applicable) for leaf in plan.leaves
    ]


def explained(card: itcriteria.ScoreCard) -> list[tuple[str, bool | None, bool]]:
    """The same, read from each leaf's explanation."""
    return [(cid, leaf.benchmark_met, leaf.applicable) for cid, leaf in card.explanations().items()]


def cards(regime: itcriteria.Regime, cohort: list[dict[str, Any]]) -> list[itcriteria.ScoreCard]:
    try:
        return regime.score_all(cohort)
    except itcriteria.SubmissionError:
        return []


@settings(deadline=None)
@given(regime_and_cohort())
def test_the_cards_verdicts_are_the_explanations_on_both_paths(
    drawn: tuple[itcriteria.Regime, list[dict[str, Any]]],
) -> None:
    """Over generated regimes and forms, the verdict and applicability scoring keeps for every leaf are
    those its explanation gives, on the fast path and on the general path."""
    regime, cohort = drawn
    for scorer in (regime, general_twin(regime)):
        for card in cards(scorer, cohort):
            kept = verdicts(card)  # read before any explanation exists
            assert kept == explained(card)


@st.composite
def appraised(draw: st.DrawFn) -> tuple[itcriteria.ScoreCard, dict[str, Decimal]] | None:
    """A scored form and points the appraisal council fixed for some of its applicable leaves."""
    regime = draw(regimes(max_leaves=8))
    forms = draw(cohorts(regime, max_size=2))
    scored = cards(regime, forms)
    if not scored:
        return None
    card = draw(st.sampled_from(scored))
    leaves = [leaf for leaf in plan_for(regime, card.group).leaves if card.node(leaf.id).applicable]
    chosen = draw(st.lists(st.sampled_from(leaves), unique_by=lambda leaf: leaf.id)) if leaves else []
    fixed = {
        leaf.id: draw(st.decimals(0, leaf.max_points, places=2, allow_nan=False, allow_infinity=False))
        for leaf in chosen
    }
    return card, fixed


@settings(deadline=None)
@given(appraised())
def test_appraised_verdicts_are_the_explanations(
    drawn: tuple[itcriteria.ScoreCard, dict[str, Decimal]] | None,
) -> None:
    """With leaf points fixed by the appraisal council, each leaf's kept verdict is its explanation's
    (a points benchmark judged on the appraised points)."""
    if drawn is None:
        return
    card, fixed = drawn
    again = score(card.regime, card.submission, best=card_best(card), fixed=fixed)
    kept = verdicts(again)
    assert kept == explained(again)


def test_node_reads_the_kept_verdict_without_explaining(monkeypatch: pytest.MonkeyPatch) -> None:
    """``card.node`` of a leaf gives its benchmark verdict (met exactly at the benchmark, judged on the
    appraised points when the council fixed them) without explaining the leaf, fast path or not."""
    regime = build(
        leaf("1", 10, ratio(), benchmark={"ratio": 0.8}),
        leaf("2", 10, ratio(zero_denominator="not_applicable"), benchmark={"ratio": 0.5}),
        leaf(
            "3", 10, {"kind": "count", "label": "Số"}, rule="per_item(count, 2, 10)", benchmark={"points": 6}
        ),
        leaf(
            "4",
            10,
            {"kind": "number", "label": "Số", "max": 100},
            rule="clamp(value / 10, 0, 10)",
            benchmark={"value": 50},
        ),
        leaf("5", 10, {"kind": "yes_no", "label": "Có"}),
        bands=[],
    )
    answers = {"1": {"numerator": 8, "denominator": 10}, "3": 3, "4": "50", "5": True}
    fast = regime.score(form({**answers, "2": {"numerator": 1, "denominator": 4}}))  # the fast path
    general = regime.score(form({**answers, "2": {"numerator": 0, "denominator": 0}}))  # 2 not applicable
    fixed = score(regime, fast.submission, fixed={"3": Decimal("5.99")})

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("node() explained a leaf")

    monkeypatch.setattr("itcriteria.scoring.scorer.explain_leaf", refuse)
    met = [("1", True, True), ("2", False, True), ("3", True, True), ("4", True, True), ("5", None, True)]
    assert verdicts(fast) == met
    assert verdicts(general) == [met[0], ("2", None, False), *met[2:]]
    assert verdicts(fixed) == [*met[:2], ("3", False, True), *met[3:]]


@pytest.mark.parametrize(
    "rule", ["max(value, 5.0)", "min(value, 5.0)", "min(5.0, value, 5)", "clamp(value, 5.0, 5.00)"]
)
@pytest.mark.parametrize("value", [5, "5.00", "4.5", "6"])
def test_min_and_max_pick_the_same_operand_among_equal_ones_fast_or_not(rule: str, value: object) -> None:
    """The fast scorer's inlined min, max and clamp keep the operand the rule language keeps among equal
    values (5, 5.0, 5.00), so an unrounded leaf shows the same digits on both paths."""
    regime = build(
        leaf("1", 10, {"kind": "number", "label": "Số", "max": 10}, rule=rule),
        bands=[],
        rounding={"places": 2, "mode": "half_up", "stage": "total"},
    )
    answers = itcriteria.Submission.from_dict(form({"1": value})).answers
    fast = plan_for(regime, "so").fast
    assert fast is not None
    taken = fast(answers, None)
    assert taken is not None
    general = general_twin(regime).score(form({"1": value}))
    assert str(taken[0]["1"]) == str(general.scores["1"])
