"""itcriteria: score, explain and rank how Vietnamese state agencies apply IT under a province's criteria."""

from ._appraisal import Adjustment, AppraisalDifference
from ._compare import CriterionDelta, RoundComparison, UnitComparison, compare_rounds
from ._diff import CriterionChange, FieldChange, RegimeDiff, diff
from ._explain import LeafExplanation
from ._form_reading import FormBatch, SkippedForm, read_form, read_forms
from ._form_template import write_template
from ._gaps import CommonGap, Gap, Reach, UnitGaps, common_gaps, gaps
from ._improve import AnswerChange
from ._loading import load_regime, regime_from_dict, regime_to_dict
from ._model import (
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
    Regime,
    Rounding,
    Text,
    UnitGroup,
    YesNo,
)
from ._planner import ImprovementPlan, next_band_target, plan_improvement
from ._plugins import (
    PluginFailure,
    RegimeInfo,
    Registry,
    get_ranking_policy,
    get_regime,
    list_regimes,
    load_plugins,
)
from ._ranking import RankingPolicy, RankRow, rank
from ._results import read_totals, write_ranking, write_results
from ._round import Round, RoundResult, UnitStatus
from ._round_file import load_round
from ._schema import submission_schema
from ._scoring import NodeScore, ScoreCard
from ._submission import Answer, Submission, Unit
from ._version import __version__
from ._year import YearResult, aggregate_year
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
from .hookspecs import hookimpl

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

from ._public import show_under as _show_under

_show_under(globals())
