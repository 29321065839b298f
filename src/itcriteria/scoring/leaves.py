"""What one read answer scores on one sub-criterion: the rule evaluated and checked against the
criterion's maximum, full or zero points where the reader says so, then the regime's leaf rounding.
The scorer and the improvement search both score leaves through :func:`leaf_points`."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._core import ROUNDING_MODES, ZERO
from ..exceptions import Problem, RegimeError
from .reading import EVALUATE, FULL_POINTS, ZERO_POINTS

if TYPE_CHECKING:
    from ..regimes import Regime
    from .scorer import Leaf


def leaf_points(
    regime: Regime, leaf: Leaf, inputs: dict[str, Any], how: str
) -> tuple[Decimal | None, Decimal | None]:
    """What a read answer scores on one sub-criterion, before and after the regime's leaf rounding:
    the rule's points, or full or zero points where the reader says so; (None, None) where the
    criterion does not apply. The scorer and the improvement search both score through this."""
    raw: Decimal | None
    if how == EVALUATE:
        raw = evaluate_leaf(regime, leaf, inputs)
    elif how == FULL_POINTS:
        raw = leaf.max_points
    elif how == ZERO_POINTS:
        raw = ZERO
    else:
        raw = None
    rounding = regime.rounding
    if raw is None or rounding.stage != "leaf":
        return raw, raw
    return raw, raw.quantize(_quantum(rounding.places), rounding=ROUNDING_MODES[rounding.mode])


@functools.cache
def _quantum(places: int) -> Decimal:
    """The step of ``places`` decimals (0.01 for 2), made once, not once per leaf scored."""
    return Decimal(1).scaleb(-places)


def evaluate_leaf(regime: Regime, leaf: Leaf, inputs: dict[str, Any]) -> Decimal:
    try:
        raw = leaf.function(**inputs)
    except Exception:
        leaf.rule(**inputs)  # the checked call raises the ExpressionError naming rule and inputs
        raise
    if type(raw) is not Decimal:
        raw = leaf.rule(**inputs)  # converts bool and int results, rejects anything else
    if raw < 0 or raw > leaf.max_points:
        shown = ", ".join(f"{k}={v}" for k, v in inputs.items() if k != "max_points")
        raise RegimeError(
            regime.id,
            [
                Problem(
                    f"{leaf.path}.rule",
                    f"rule {leaf.rule.source!r} gave {raw} for {shown}, outside 0–{leaf.max_points}",
                    leaf.id,
                    "rule",
                )
            ],
        )
    return raw
