"""Improvement: gaps to the benchmark or full points, and the planner of fewest, smallest answer changes."""

from ..scoring import describe_benchmark
from .gaps import (
    CommonGap,
    Gap,
    GapAnalysis,
    Reach,
    UnitGaps,
    common_gaps,
    gaps,
    render_common_gaps,
    render_gaps,
)
from .improve import AnswerChange
from .planner import ImprovementPlan, next_band_target, plan_improvement, render_plan

__all__ = [
    "AnswerChange",
    "CommonGap",
    "Gap",
    "GapAnalysis",
    "ImprovementPlan",
    "Reach",
    "UnitGaps",
    "common_gaps",
    "describe_benchmark",
    "gaps",
    "next_band_target",
    "plan_improvement",
    "render_common_gaps",
    "render_gaps",
    "render_plan",
]
