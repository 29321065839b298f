"""The compiled fast scorer against the general scorer, over generated regimes and forms."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import itcriteria
from builders import build, form, leaf
from itcriteria.scoring import plan_for
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
    assert fast(answers, None) == (dict(card.scores), Decimal("5.0"))  # taken, not left to the general path


def test_the_fast_path_leaves_the_callers_decimal_context_alone() -> None:
    """Scoring through the fast path computes in the library's context whatever the caller set, and gives
    the caller back its own context object, unchanged."""
    regime = build(leaf("1", 10, {"kind": "ratio", "numerator": "a", "denominator": "b"}), bands=[])
    expected = regime.score(form({"1": {"numerator": 2, "denominator": 3}})).total
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)) as caller:
        assert regime.score(form({"1": {"numerator": 2, "denominator": 3}})).total == expected
        assert decimal.getcontext() is caller and caller.prec == 3
