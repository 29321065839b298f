"""The bounds a rule must keep to (:class:`itcriteria.expressions.ExpressionLimits`), below the compiler
that checks them, so the compiler needs nothing from the public module above it."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..exceptions import ArgumentError


def _at_least(least: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or value < least:
            raise ArgumentError(
                f"ExpressionLimits.{attribute.name} must be a whole number >= {least}, got {value!r}"
            )

    return check


@attrs.frozen
class ExpressionLimits:
    """Bounds a rule must keep to; checked when it is compiled.

    ``max_length`` characters of source (checked before parsing); ``max_nodes`` nodes of the syntax
    tree (numbers, names, operations, calls, arguments); ``max_depth`` levels of nesting of those nodes
    (``a * b`` is 2 deep, ``a + b + c`` is 3); ``max_exponent``, the largest exponent ``**`` may take
    either way.
    """

    max_length: int = attrs.field(default=1000, validator=_at_least(1))
    max_nodes: int = attrs.field(default=300, validator=_at_least(1))
    max_depth: int = attrs.field(default=30, validator=_at_least(1))
    max_exponent: int = attrs.field(default=100, validator=_at_least(0))


#: The default limits.
LIMITS = ExpressionLimits()
