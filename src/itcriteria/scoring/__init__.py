"""Scoring: a regime's plan per unit group, the compiled scorer, reading answers, scorecards, explanations."""

from .checks import refuse_untranslated, untranslated, within
from .explain import EXPLAIN_LABELS, LeafExplanation, format_number, format_points, leaf_lines
from .leaves import evaluate_leaf, leaf_points
from .reading import (
    EVALUATE,
    FULL_POINTS,
    NOT_APPLICABLE,
    READERS,
    ZERO_POINTS,
    benchmark_met,
    measure,
    missing,
)
from .scorer import (
    CompiledRegime,
    Leaf,
    NodeScore,
    Plan,
    ScoreCard,
    best_in_cohort,
    card_best,
    card_maxes,
    plan_for,
    round_points,
    score,
    score_all,
    score_parents,
)

__all__ = [
    "CompiledRegime",
    "EVALUATE",
    "EXPLAIN_LABELS",
    "FULL_POINTS",
    "Leaf",
    "LeafExplanation",
    "NOT_APPLICABLE",
    "NodeScore",
    "Plan",
    "READERS",
    "ScoreCard",
    "ZERO_POINTS",
    "benchmark_met",
    "best_in_cohort",
    "card_best",
    "card_maxes",
    "evaluate_leaf",
    "format_number",
    "format_points",
    "leaf_lines",
    "leaf_points",
    "measure",
    "missing",
    "plan_for",
    "refuse_untranslated",
    "round_points",
    "score",
    "score_all",
    "score_parents",
    "untranslated",
    "within",
]
