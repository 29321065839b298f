"""itcriteria: score, explain and rank how Vietnamese state agencies apply IT under a province's criteria."""

from ._version import __version__
from .exceptions import (
    ExpressionError,
    ItcriteriaError,
    PluginError,
    PluginWarning,
    Problem,
    RegimeError,
    RegimeNotFoundError,
    SubmissionError,
)
from .forms.reading import FormBatch, SkippedForm, read_form, read_forms
from .forms.schema import submission_schema
from .forms.template import write_template
from .hookspecs import hookimpl
from .improvement.gaps import CommonGap, Gap, Reach, UnitGaps, common_gaps, gaps
from .improvement.improve import AnswerChange
from .improvement.planner import ImprovementPlan, next_band_target, plan_improvement
from .model.criteria import (
    Band,
    Benchmark,
    Choice,
    Count,
    Criterion,
    Deadline,
    LegalBasis,
    Level,
    Milestone,
    Number,
    Period,
    Ratio,
    Rounding,
    Text,
    UnitGroup,
    YesNo,
)
from .model.submission import Answer, Submission, Unit
from .ranking.ranks import RankingPolicy, RankRow, rank
from .regimes.diff import CriterionChange, FieldChange, RegimeDiff, diff
from .regimes.loading import load_regime, regime_from_dict, regime_to_dict
from .regimes.regime import Regime
from .registry.plugins import (
    PluginFailure,
    RegimeInfo,
    Registry,
    get_ranking_policy,
    get_regime,
    list_regimes,
    load_plugins,
)
from .results.writing import read_totals, write_ranking, write_results
from .rounds.appraisal import Adjustment, AppraisalDifference
from .rounds.compare import CriterionDelta, RoundComparison, UnitComparison, compare_rounds
from .rounds.file import load_round
from .rounds.round import Round, RoundResult, UnitStatus
from .rounds.year import YearResult, aggregate_year
from .scoring.explain import LeafExplanation
from .scoring.scorer import NodeScore, ScoreCard

__all__ = [
    "Adjustment",
    "Answer",
    "AnswerChange",
    "AppraisalDifference",
    "Band",
    "Benchmark",
    "Choice",
    "CommonGap",
    "Count",
    "Criterion",
    "CriterionChange",
    "CriterionDelta",
    "Deadline",
    "ExpressionError",
    "FieldChange",
    "FormBatch",
    "Gap",
    "ImprovementPlan",
    "ItcriteriaError",
    "LeafExplanation",
    "LegalBasis",
    "Level",
    "Milestone",
    "NodeScore",
    "Number",
    "Period",
    "PluginError",
    "PluginFailure",
    "PluginWarning",
    "Problem",
    "RankRow",
    "RankingPolicy",
    "Ratio",
    "Reach",
    "Regime",
    "RegimeDiff",
    "RegimeError",
    "RegimeInfo",
    "RegimeNotFoundError",
    "Registry",
    "Round",
    "RoundComparison",
    "RoundResult",
    "Rounding",
    "ScoreCard",
    "SkippedForm",
    "Submission",
    "SubmissionError",
    "Text",
    "Unit",
    "UnitComparison",
    "UnitGaps",
    "UnitGroup",
    "UnitStatus",
    "YearResult",
    "YesNo",
    "__version__",
    "aggregate_year",
    "common_gaps",
    "compare_rounds",
    "diff",
    "gaps",
    "get_ranking_policy",
    "get_regime",
    "hookimpl",
    "list_regimes",
    "load_plugins",
    "load_regime",
    "load_round",
    "next_band_target",
    "plan_improvement",
    "rank",
    "read_form",
    "read_forms",
    "read_totals",
    "regime_from_dict",
    "regime_to_dict",
    "submission_schema",
    "write_ranking",
    "write_results",
    "write_template",
]

from ._core.public import show_under as _show_under

_show_under(globals())
