"""itcriteria: score, explain and rank how Vietnamese state agencies apply IT under a province's criteria."""

from ._diff import CriterionChange, FieldChange, RegimeDiff, diff
from ._explain import LeafExplanation
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
from ._schema import submission_schema
from ._scoring import NodeScore, ScoreCard
from ._submission import Answer, Submission, Unit
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
from .hookspecs import hookimpl

__all__ = [
    "Answer",
    "Band",
    "Benchmark",
    "Choice",
    "Count",
    "Criterion",
    "CriterionChange",
    "Deadline",
    "ExpressionError",
    "FieldChange",
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
    "Regime",
    "RegimeDiff",
    "RegimeError",
    "RegimeInfo",
    "RegimeNotFoundError",
    "Registry",
    "Rounding",
    "ScoreCard",
    "Submission",
    "SubmissionError",
    "Text",
    "Unit",
    "UnitGroup",
    "YesNo",
    "__version__",
    "diff",
    "get_ranking_policy",
    "get_regime",
    "hookimpl",
    "list_regimes",
    "load_plugins",
    "load_regime",
    "rank",
    "regime_from_dict",
    "regime_to_dict",
    "submission_schema",
]

from ._public import show_under as _show_under

_show_under(globals())
