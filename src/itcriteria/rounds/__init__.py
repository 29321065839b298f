"""Rounds: a round of forms with deadlines, appraisal, the year of quarterly rounds, comparisons, reports."""

from .appraisal import Adjustment, AppraisalDifference
from .compare import CriterionDelta, RoundComparison, UnitComparison, compare_rounds
from .file import Progress, load_round, round_from_dict, round_from_folder
from .report import REPORT_LABELS, given_words, render_ranking, render_regime, render_round
from .round import STATUS_LABELS, Round, RoundResult, UnitStatus
from .year import YearResult, aggregate_year

__all__ = [
    "Adjustment",
    "AppraisalDifference",
    "CriterionDelta",
    "Progress",
    "REPORT_LABELS",
    "Round",
    "RoundComparison",
    "RoundResult",
    "STATUS_LABELS",
    "UnitComparison",
    "UnitStatus",
    "YearResult",
    "aggregate_year",
    "compare_rounds",
    "given_words",
    "load_round",
    "render_ranking",
    "render_regime",
    "render_round",
    "round_from_dict",
    "round_from_folder",
]
