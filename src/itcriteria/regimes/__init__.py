"""Regimes: the Regime itself, loading regime files, whole-regime validation and diffs between regimes."""

from .diff import CriterionChange, FieldChange, RegimeDiff, diff
from .loading import (
    RegimeHeading,
    load_regime,
    read_heading,
    read_regime_text,
    regime_from_dict,
    regime_from_text,
    regime_to_dict,
)
from .reference import regime_file_reference
from .regime import Regime

__all__ = [
    "CriterionChange",
    "FieldChange",
    "Regime",
    "RegimeDiff",
    "RegimeHeading",
    "diff",
    "load_regime",
    "read_heading",
    "read_regime_text",
    "regime_file_reference",
    "regime_from_dict",
    "regime_from_text",
    "regime_to_dict",
]
