"""The expression language of scoring rules: the allow-list checker and compiler, and the rule functions."""

from .compiler import check_functions, compile_rule, describe
from .functions import BUILTINS, FUNCTIONS
from .limits import LIMITS, ExpressionLimits

__all__ = [
    "BUILTINS",
    "ExpressionLimits",
    "FUNCTIONS",
    "LIMITS",
    "check_functions",
    "compile_rule",
    "describe",
]
