"""The expression language of scoring rules: the allow-list checker and compiler, and the rule functions."""

from .compiler import check_functions, compile_rule, describe
from .functions import BUILTINS, FUNCTIONS, NOT_TRANSLATED
from .limits import LIMITS, ExpressionLimits
from .trees import rule_tree

__all__ = [
    "BUILTINS",
    "ExpressionLimits",
    "FUNCTIONS",
    "LIMITS",
    "NOT_TRANSLATED",
    "check_functions",
    "compile_rule",
    "describe",
    "rule_tree",
]
