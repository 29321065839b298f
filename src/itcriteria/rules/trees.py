"""A rule's text parsed once: the criteria book, the improvement search's edges and explanations all
read the same tree of a rule instead of parsing its text each time."""

from __future__ import annotations

import ast
import functools


@functools.lru_cache(maxsize=4096)
def rule_tree(source: str) -> ast.Expression:
    """The syntax tree of a rule's text (SyntaxError if it is not an expression); shared, so a caller
    that wants to change a tree copies it first."""
    return ast.parse(source.strip(), mode="eval")
