"""itcriteria: score, explain and rank how Vietnamese state agencies apply IT under a province's criteria."""

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .exceptions import (
    ArgumentError,
    ExpressionError,
    ItcriteriaError,
    MissingExtraError,
    NotFoundError,
    PluginError,
    PluginWarning,
    Problem,
    RegimeError,
    RegimeNotFoundError,
    SubmissionError,
)
from .forms import FormBatch, SkippedForm, read_form, read_forms, read_roster, submission_schema
from .hookspecs import hookimpl
from .improvement import (
    AnswerChange,
    CommonGap,
    Gap,
    ImprovementPlan,
    Reach,
    UnitGaps,
    common_gaps,
    gaps,
    next_band_target,
    plan_improvement,
)
from .model import (
    Answer,
    Band,
    Benchmark,
    Choice,
    Consistency,
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
    Submission,
    Text,
    Unit,
    UnitGroup,
    YesNo,
)
from .ranking import RankingPolicy, RankRow, rank
from .regimes import (
    AnswerRef,
    ConsistencyWarning,
    CriterionChange,
    FieldChange,
    Regime,
    RegimeDiff,
    consistency_warnings,
    diff,
    load_regime,
    regime_from_dict,
    regime_to_dict,
)
from .registry import (
    PluginFailure,
    RegimeInfo,
    Registry,
    get_ranking_policy,
    get_regime,
    list_regimes,
    load_plugins,
)
from .rounds import (
    Adjustment,
    AppraisalDifference,
    CriterionDelta,
    Round,
    RoundComparison,
    RoundResult,
    UnitComparison,
    UnitStatus,
    YearResult,
    aggregate_year,
    compare_rounds,
    load_round,
    round_from_folder,
)
from .scoring import LeafExplanation, NodeScore, ScoreCard

__all__ = [
    "Adjustment",
    "Answer",
    "AnswerChange",
    "AnswerRef",
    "AppraisalDifference",
    "ArgumentError",
    "Band",
    "Benchmark",
    "Choice",
    "CommonGap",
    "Consistency",
    "ConsistencyWarning",
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
    "MissingExtraError",
    "NodeScore",
    "NotFoundError",
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
    "consistency_warnings",
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
    "read_roster",
    "read_totals",
    "regime_from_dict",
    "regime_to_dict",
    "round_from_folder",
    "submission_schema",
    "write_ranking",
    "write_results",
    "write_template",
]

#: Names whose modules load openpyxl, imported on first use so that ``import itcriteria`` stays cheap.
_ON_FIRST_USE = {
    "read_totals": "results",
    "write_ranking": "results",
    "write_results": "results",
    "write_template": "forms",
}

if TYPE_CHECKING:
    from .forms import write_template
    from .results import read_totals, write_ranking, write_results


def __getattr__(name: str) -> Any:
    if name in _ON_FIRST_USE:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_ON_FIRST_USE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_ON_FIRST_USE})


from ._core import show_under as _show_under  # noqa: E402 (after every public name is bound)

_show_under(globals())
