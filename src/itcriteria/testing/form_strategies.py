"""Hypothesis strategies for valid forms of a regime, reaching the edges of every rule and benchmark.

Public through :mod:`itcriteria.testing`. Forms are drawn in the documented JSON shape (a dict), so a
counter-example can be pasted into ``regime.score(...)``. Answers are drawn per sub-criterion kind:

- ratio: zero numerators, numerator equal to denominator, any ratio, and ratios exactly on each edge
  of the rule or benchmark and one step either side (``79/100``, ``80/100``, ``81/100`` around 0.8),
  plus ``0/0`` where the regime says what a zero denominator means;
- count: small and large counts, and the whole numbers next to each edge;
- yes/no: true and false, also written ``"có"``/``"không"``;
- choice: every level;
- number: any value within the indicator's bounds, the bounds themselves, and each edge with one step
  either side (:func:`itcriteria._testing_edges.step`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import strategies as st

from ..model import Choice, Criterion, Number, Ratio, around, edges, whole_around
from ..regimes import Regime

_YES_NO = (True, False, "có", "không")
_SPAN = Decimal(1000)
_MILLI = Decimal("0.001")


def is_yes(value: object) -> bool:
    """Whether a yes/no answer drawn here says yes."""
    return value is True or value == "có"


_SIDES = st.sampled_from([-1, 0, 1])


def _edge_ratios(points: list[Decimal]) -> st.SearchStrategy[dict[str, int]]:
    """Ratios on each edge of ``points`` or one step either side: exactly (over a power of ten, e.g.
    79/100, 80/100 and 81/100 around 0.8) or as near as a random denominator gets."""
    exact = []
    for edge in points:
        exponent = edge.normalize().as_tuple().exponent
        assert isinstance(exponent, int)
        for scale in (1, 3):
            denominator = 10 ** (max(0, -exponent) + 1) * scale
            for side in (-1, 0, 1):
                numerator = min(max(int(edge * denominator) + side, 0), denominator)
                exact.append({"numerator": numerator, "denominator": denominator})
    edges = st.sampled_from(points)

    @st.composite
    def near(draw: st.DrawFn) -> dict[str, int]:
        edge, denominator, side = draw(edges), draw(st.integers(1, 1000)), draw(_SIDES)
        numerator = whole_around(edge * denominator)[side + 1]
        return {"numerator": min(max(numerator, 0), denominator), "denominator": denominator}

    return st.one_of(st.sampled_from(exact), near())


@st.composite
def _any_ratio(draw: st.DrawFn) -> dict[str, int]:
    denominator = draw(st.integers(1, 10_000))
    return {"numerator": draw(st.integers(0, denominator)), "denominator": denominator}


def _bounds(number: Number, near: tuple[Decimal, ...]) -> tuple[Decimal, Decimal]:
    """The range values are drawn from: the indicator's bounds, or a span around the edges."""
    low = number.min
    high = number.max
    if low is None:
        low = min((*near, Decimal(0))) - _SPAN
    if high is None:
        high = max((*near, low)) + _SPAN
    return low, high


def _decimals(low: Decimal, high: Decimal) -> list[st.SearchStrategy[Decimal]]:
    """Decimals of up to 3 places from ``low`` to ``high``, when there are any."""
    first, last = low.quantize(_MILLI, ROUND_CEILING), high.quantize(_MILLI, ROUND_FLOOR)
    return [st.decimals(min_value=first, max_value=last, places=3)] if first <= last else []


def answers(criterion: Criterion) -> st.SearchStrategy[Any]:
    """Valid answers to one sub-criterion, edges included (see the module docstring)."""
    indicator = criterion.indicator
    near = edges(criterion)
    if isinstance(indicator, Ratio):
        points = [e for e in near.get("ratio", ()) if 0 <= e <= 1]
        options: list[st.SearchStrategy[Any]] = [
            st.integers(1, 10_000).map(lambda d: {"numerator": 0, "denominator": d}),
            st.integers(1, 10_000).map(lambda d: {"numerator": d, "denominator": d}),
            _any_ratio(),
        ]
        if points:
            options.append(_edge_ratios(points))
        if indicator.zero_denominator != "error":
            options.append(st.just({"numerator": 0, "denominator": 0}))
        return st.one_of(options)
    if isinstance(indicator, Choice):
        return st.sampled_from([level.id for level in indicator.levels])
    if isinstance(indicator, Number):
        values = near.get("value", ())
        low, high = _bounds(indicator, values)
        candidates = sorted({v for e in values for v in around(e) if low <= v <= high} | {low, high})
        return st.one_of(*_decimals(low, high), st.sampled_from(candidates))
    if indicator is not None and indicator.kind == "count":
        wholes = sorted({n for e in near.get("count", ()) for n in whole_around(e) if n >= 0})
        options = [st.integers(0, 100), st.integers(0, 10**6)]
        if wholes:
            options.insert(1, st.sampled_from(wholes))
        counts = st.one_of(options)
        return st.one_of(counts, counts.map(lambda n: {"value": n}))
    return st.sampled_from(_YES_NO)  # yes/no


def improvements(criterion: Criterion, answer: Any) -> st.SearchStrategy[Any]:
    """Answers at least as good as ``answer``: a higher numerator over the same denominator, a higher
    count or value, yes for no, a level worth at least as large a fraction; edges included."""
    indicator = criterion.indicator
    near = edges(criterion)
    if isinstance(indicator, Ratio):
        numerator, denominator = answer["numerator"], answer["denominator"]
        reach = sorted({n for e in near.get("ratio", ()) for n in whole_around(e * denominator)})
        better = [n for n in reach if numerator <= n <= denominator]
        choices = st.one_of(st.integers(numerator, denominator), st.sampled_from(better or [numerator]))
        return choices.map(lambda n: {"numerator": n, "denominator": denominator})
    if isinstance(indicator, Choice):
        fractions = {level.id: level.fraction for level in indicator.levels}
        return st.sampled_from([i for i, f in fractions.items() if f >= fractions[answer]])
    if isinstance(indicator, Number):
        _low, high = _bounds(indicator, near.get("value", ()))
        higher = [v for e in near.get("value", ()) for v in around(e) if answer <= v <= high]
        return st.one_of(*_decimals(answer, high), st.sampled_from(sorted({answer, *higher})))
    if indicator is not None and indicator.kind == "count":
        count = answer["value"] if isinstance(answer, Mapping) else answer
        wholes = sorted({n for e in near.get("count", ()) for n in whole_around(e) if n >= count})
        return st.one_of(st.integers(count, count + 100), st.sampled_from(wholes or [count]))
    return st.just(True) if not is_yes(answer) else st.just(answer)


def form(regime: Regime, group: str, unit: str, answered: Mapping[str, Any]) -> dict[str, Any]:
    """A form in the documented JSON shape."""
    return {
        "regime": regime.id,
        "unit": {"id": unit, "name": f"Đơn vị {unit}", "group": group},
        "period": "thử",
        "answers": dict(answered),
    }


def _groups(regime: Regime, group: str | None) -> st.SearchStrategy[str]:
    if group is not None:
        regime.group(group)  # KeyError naming the regime's groups
        return st.just(group)
    return st.sampled_from([g.id for g in regime.groups])


def _answer_sheets(regime: Regime) -> dict[str, st.SearchStrategy[dict[str, Any]]]:
    """Per unit group, the answers to every one of its sub-criteria (built once per regime)."""
    per_leaf: dict[str, st.SearchStrategy[Any]] = {}
    sheets = {}
    for group in regime.groups:
        leaves = regime.leaves(group.id)
        for leaf in leaves:
            if leaf.id not in per_leaf:
                per_leaf[leaf.id] = answers(leaf)
        sheets[group.id] = st.fixed_dictionaries({leaf.id: per_leaf[leaf.id] for leaf in leaves})
    return sheets


def submissions(
    regime: Regime, group: str | None = None, *, unit: str = "u1"
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid forms for ``regime`` (of ``group``, or of any of its groups), reaching every edge.

    Each answers exactly the sub-criteria of its unit's group, in the documented JSON shape, for the
    unit ``unit``. Score one with ``regime.score(form)``, or ``regime.score_all([form])`` when the regime
    has rules that use the cohort's ``best``.
    """
    sheets = _answer_sheets(regime)
    return _groups(regime, group).flatmap(lambda g: sheets[g].map(lambda sheet: form(regime, g, unit, sheet)))


def cohorts(
    regime: Regime, *, group: str | None = None, min_size: int = 1, max_size: int = 4
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of valid forms for ``regime`` from different units (``u1``, ``u2``, ...), of mixed groups
    unless ``group`` is given: what ``regime.score_all`` and ``itcriteria.rank`` take."""
    sheets = _answer_sheets(regime)
    groups = _groups(regime, group)

    @st.composite
    def draw_cohort(draw: st.DrawFn) -> list[dict[str, Any]]:
        forms = []
        for i in range(1, draw(st.integers(min_size, max_size)) + 1):
            g = draw(groups)
            forms.append(form(regime, g, f"u{i}", draw(sheets[g])))
        return forms

    return draw_cohort()
