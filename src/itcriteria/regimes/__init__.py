"""Regimes: the Regime itself, loading regime files, whole-regime validation and diffs between regimes."""

from .diff import CriterionChange, FieldChange, RegimeDiff, diff
from .loading import load_regime, regime_from_dict, regime_to_dict
from .reference import regime_file_reference
from .regime import Regime

__all__ = [
    "CriterionChange",
    "FieldChange",
    "Regime",
    "RegimeDiff",
    "diff",
    "load_regime",
    "regime_file_reference",
    "regime_from_dict",
    "regime_to_dict",
]
