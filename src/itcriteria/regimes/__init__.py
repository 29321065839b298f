"""Regimes: the Regime itself, loading regime files, whole-regime validation and diffs between regimes."""

from ..model import RULE_PHRASES, RulePhrase, RuleTable, phrase_rule, rule_in_words
from .consistency import AnswerRef, ConsistencyWarning, consistency_warnings
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
    "AnswerRef",
    "ConsistencyWarning",
    "CriterionChange",
    "FieldChange",
    "RULE_PHRASES",
    "Regime",
    "RegimeDiff",
    "RegimeHeading",
    "RulePhrase",
    "RuleTable",
    "consistency_warnings",
    "diff",
    "load_regime",
    "phrase_rule",
    "read_heading",
    "read_regime_text",
    "regime_file_reference",
    "regime_from_dict",
    "regime_from_text",
    "regime_to_dict",
    "rule_in_words",
]
