"""itcriteria: score, explain and rank how Vietnamese state agencies apply IT under a province's criteria."""

from ._explain import LeafExplanation
from ._loading import load_regime, regime_from_dict, regime_to_dict
from ._model import (
    Band,
    Benchmark,
    Choice,
    Count,
    Criterion,
    LegalBasis,
    Level,
    Number,
    Period,
    Ratio,
    Regime,
    Rounding,
    Text,
    UnitGroup,
    YesNo,
)
from ._ranking import RankRow, rank
from ._schema import submission_schema
from ._scoring import NodeScore, ScoreCard
from ._submission import Answer, Submission, Unit
from ._version import __version__
from .exceptions import ExpressionError, ItcriteriaError, Problem, RegimeError, SubmissionError

__all__ = [
    "Answer",
    "Band",
    "Benchmark",
    "Choice",
    "Count",
    "Criterion",
    "ExpressionError",
    "ItcriteriaError",
    "LeafExplanation",
    "LegalBasis",
    "Level",
    "NodeScore",
    "Number",
    "Period",
    "Problem",
    "RankRow",
    "Ratio",
    "Regime",
    "RegimeError",
    "Rounding",
    "ScoreCard",
    "Submission",
    "SubmissionError",
    "Text",
    "Unit",
    "UnitGroup",
    "YesNo",
    "__version__",
    "load_regime",
    "rank",
    "regime_from_dict",
    "regime_to_dict",
    "submission_schema",
]

import attrs as _attrs

# Show public classes under their public path (as pluggy does); resolve their annotations first,
# since attrs and cattrs read them through the defining module.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type):
        if _attrs.has(_obj):
            _attrs.resolve_types(_obj)
        _obj.__module__ = __name__
del _name, _obj, _attrs
