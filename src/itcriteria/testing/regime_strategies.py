"""A Hypothesis strategy for random valid regimes whose rules keep every law of ``check_regime``.

Public through :mod:`itcriteria.testing`. Regimes are drawn as regime-file data and built with
``regime_from_dict``, so they pass the same validation as a file. Every rule is bounded by its
criterion's maximum and never lowers the score when the answer improves, and every maximum sits on the
rounding grid, so rounding cannot push a score past it: ``check_regime`` passes on all of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from .._core import ROUNDING_MODES
from ..model import INDICATOR_KINDS
from ..regimes import Regime, regime_from_dict

_HUNDRED = Decimal(100)


def _text(value: Decimal) -> str:
    """A number as a rule literal, never in exponent notation."""
    return f"{value.normalize():f}"


@attrs.define
class _Context:
    """What the criteria drawn so far share: the leaf budget, the groups, the allowed kinds."""

    budget: int
    groups: tuple[str, ...]
    kinds: tuple[str, ...]
    cohort_rules: bool
    step: Decimal  # the finest step a maximum may have: on the rounding grid, at most 2 places


def _points(draw: st.DrawFn, ctx: _Context) -> Decimal:
    """A maximum on the grid, 0–20: usually whole, else in steps of the grid."""
    whole = st.integers(0, 20).map(Decimal)
    if ctx.step == 1:
        return draw(whole)
    parts = int(1 / ctx.step)
    return draw(st.one_of(whole, st.integers(0, 20 * parts).map(lambda k: Decimal(k) * ctx.step)))


def _share(draw: st.DrawFn, top: Decimal) -> Decimal:
    """A share of ``top`` in hundredths (a point value at most ``top``)."""
    return top * draw(st.integers(0, 100)) / _HUNDRED


def _steps(draw: st.DrawFn, subject: str, thresholds: st.SearchStrategy[Decimal], top: Decimal) -> str:
    """steps(subject, ...) with distinct thresholds and points that rise with them, at most ``top``."""
    cuts = sorted(draw(st.lists(thresholds, min_size=1, max_size=4, unique=True)))
    points = sorted(_share(draw, top) for _ in cuts)
    pairs = ", ".join(f"{_text(t)}, {_text(p)}" for t, p in zip(cuts, points, strict=True))
    return f"steps({subject}, {pairs})"


_PROVENANCES = ["official", "official", "derived", "assumed"]  # official texts are the usual source
_RATIOS = st.integers(1, 100).map(lambda k: Decimal(k) / _HUNDRED)
_COUNTS = st.integers(0, 30).map(Decimal)
_VALUES = st.integers(0, 1000).map(lambda k: Decimal(k) / 10)


def _ratio_leaf(draw: st.DrawFn, ctx: _Context, top: Decimal) -> tuple[dict[str, Any], str | None]:
    policy = draw(st.sampled_from(["error", "not_applicable", "zero", "full"]))
    indicator = {"kind": "ratio", "numerator": "Tử số", "denominator": "Mẫu số", "zero_denominator": policy}
    rules: list[str | None] = [
        None,
        _steps(draw, "ratio", _RATIOS, top),
        f"min(ratio * {_text(top * draw(st.integers(1, 3)))}, max_points)",
        f"round_down(ratio * max_points, {draw(st.integers(0, 4))})",
        f"round_half_up(ratio * max_points, {draw(st.integers(2, 4))})",
        "ratio * ratio * max_points",
        f"max_points if ratio >= {_text(draw(_RATIOS))} else 0",
        "divide(numerator, denominator) * max_points",
    ]
    if ctx.cohort_rules:
        rules.append("ratio / best * max_points if best > 0 else 0")
    return indicator, draw(st.sampled_from(rules))


def _count_leaf(draw: st.DrawFn, ctx: _Context, top: Decimal) -> tuple[dict[str, Any], str | None]:
    indicator = {"kind": "count", "label": "Số lượng"}
    each = draw(st.sampled_from(["0.5", "1", "2", "0.25"]))
    rules: list[str | None] = [
        f"per_item(count, {each}, {_text(_share(draw, top))})",
        _steps(draw, "count", _COUNTS, top),
        f"min(count * {draw(st.sampled_from(['0.5', '1', '3']))}, max_points)",
        f"max_points if count >= {_text(draw(_COUNTS))} else 0",
        f"clamp(count - {_text(draw(_COUNTS))}, 0, max_points)",
    ]
    if ctx.cohort_rules:
        rules.append("count / best * max_points if best > 0 else 0")
    return indicator, draw(st.sampled_from(rules))


def _yes_no_leaf(draw: st.DrawFn, ctx: _Context, top: Decimal) -> tuple[dict[str, Any], str | None]:
    rules: list[str | None] = [None, "yes * max_points", f"max_points if yes else {_text(_share(draw, top))}"]
    return {"kind": "yes_no", "label": "Có"}, draw(st.sampled_from(rules))


def _choice_leaf(draw: st.DrawFn, ctx: _Context, top: Decimal) -> tuple[dict[str, Any], str | None]:
    fractions = draw(st.lists(st.integers(0, 100), min_size=2, max_size=4))
    levels = [
        {"id": f"muc-{i}", "title": f"Mức {i}", "fraction": _text(Decimal(f) / _HUNDRED)}
        for i, f in enumerate(fractions, start=1)
    ]
    rules: list[str | None] = [
        None,
        _steps(draw, "fraction", _RATIOS, top),
        f"round_down(fraction * max_points, {draw(st.integers(0, 2))})",
    ]
    return {"kind": "choice", "label": "Mức độ", "levels": levels}, draw(st.sampled_from(rules))


def _number_leaf(draw: st.DrawFn, ctx: _Context, top: Decimal) -> tuple[dict[str, Any], str | None]:
    low = draw(st.sampled_from([Decimal(0), None, Decimal(-10), Decimal(5)]))
    high = draw(st.one_of(st.none(), _VALUES.map(lambda v: v + (low or 0))))
    indicator: dict[str, Any] = {"kind": "number", "label": "Giá trị", "min": low, "max": high}
    rules = [
        f"clamp(value / {draw(st.sampled_from(['1', '2.5', '7', '40']))}, 0, max_points)",
        _steps(draw, "value", _VALUES, top),
        f"max_points if value >= {_text(draw(_VALUES))} else 0",
    ]
    if low is not None and low >= 0:
        rules.append(f"min(value * {draw(st.sampled_from(['0.1', '1', '4']))}, max_points)")
        if ctx.cohort_rules:
            rules.append("value / best * max_points if best > 0 else 0")
    return indicator, draw(st.sampled_from(rules))


_LEAVES = {
    "ratio": _ratio_leaf,
    "count": _count_leaf,
    "yes_no": _yes_no_leaf,
    "choice": _choice_leaf,
    "number": _number_leaf,
}


def _benchmark(draw: st.DrawFn, kind: str | None, top: Decimal) -> dict[str, Any] | None:
    options: list[dict[str, Any] | None] = [None, {"points": _text(_share(draw, top))}]
    if kind == "ratio":
        options.append({"ratio": _text(draw(_RATIOS))})
    if kind in ("count", "number"):
        options.append({"value": _text(draw(_VALUES if kind == "number" else _COUNTS))})
    chosen: dict[str, Any] | None = draw(st.sampled_from(options))
    return chosen


def _leaf(draw: st.DrawFn, cid: str, ctx: _Context, top: Decimal | None = None) -> dict[str, Any]:
    ctx.budget -= 1
    kind = draw(st.sampled_from(ctx.kinds))
    top = _points(draw, ctx) if top is None else top
    indicator, rule = _LEAVES[kind](draw, ctx, top)
    data: dict[str, Any] = {
        "id": cid,
        "title": f"Tiêu chí {cid}",
        "max": _text(top),
        "indicator": indicator,
        "source": "itcriteria.testing.regimes()",
        "provenance": draw(st.sampled_from(_PROVENANCES)),
    }
    if rule is not None:
        data["rule"] = rule
    benchmark = _benchmark(draw, kind, top)
    if benchmark is not None and "value" in benchmark and kind == "number":  # a value the number can take
        value, low, high = Decimal(benchmark["value"]), indicator["min"], indicator["max"]
        value = value if low is None else max(value, low)
        benchmark["value"] = _text(value if high is None else min(value, high))
    if benchmark is not None:
        data["benchmark"] = benchmark
    return data


def _criterion(
    draw: st.DrawFn, cid: str, depth: int, ctx: _Context, domain: tuple[str, ...]
) -> dict[str, Any]:
    """A leaf, or a parent whose children keep its maximum for every group of ``domain`` (the groups
    the parent declares, or all of them)."""
    if depth >= 3 or ctx.budget < 2 or not draw(st.booleans()):
        return _leaf(draw, cid, ctx)
    children: list[dict[str, Any]] = []
    maxima: list[Decimal] = []  # one per child, one per pair of alternatives
    for _ in range(draw(st.integers(1, 4))):
        if ctx.budget <= 0:
            break
        child_id = f"{cid}.{len(children) + 1}"
        if len(domain) >= 2 and ctx.budget >= 2 and draw(st.integers(0, 3)) == 0:
            # Alternatives: one sub-criterion for some groups, one of the same maximum for the others.
            some = draw(st.lists(st.sampled_from(domain), min_size=1, max_size=len(domain) - 1, unique=True))
            first = _leaf(draw, child_id, ctx)
            first["groups"] = sorted(some)
            second = _leaf(draw, f"{cid}.{len(children) + 2}", ctx, Decimal(first["max"]))
            second["groups"] = sorted(set(domain) - set(some))
            children += [first, second]
        else:
            children.append(_criterion(draw, child_id, depth + 1, ctx, ctx.groups))
        maxima.append(Decimal(children[-1]["max"]))
    combine = draw(st.sampled_from(["sum", "capped_sum", "best"]))
    total = sum(maxima, Decimal(0))
    if combine == "sum":
        top = total
    elif combine == "best":
        top = max(maxima)
    else:
        top = total - draw(st.integers(0, int(total / ctx.step))) * ctx.step
    data: dict[str, Any] = {
        "id": cid,
        "title": f"Tiêu chí {cid}",
        "max": _text(top),
        "combine": combine,
        "children": children,
        "source": "itcriteria.testing.regimes()",
        "provenance": draw(st.sampled_from(_PROVENANCES)),
    }
    if draw(st.integers(0, 3)) == 0:
        data["benchmark"] = {"points": _text(_share(draw, top))}
    return data


def _max_points(criteria: list[dict[str, Any]], group: str) -> Decimal:
    return sum((Decimal(c["max"]) for c in criteria if group in c.get("groups", [group])), Decimal(0))


def _bands(draw: st.DrawFn, top: Decimal) -> list[dict[str, Any]]:
    """Bands covering [0, top] with no gap or overlap (or none at all)."""
    if draw(st.integers(0, 4)) == 0:
        return []
    limit = int(top * 100)
    cuts = sorted(draw(st.lists(st.integers(1, limit), max_size=3, unique=True))) if limit >= 1 else []
    edges: list[Decimal | None] = [
        draw(st.sampled_from([None, Decimal(0), Decimal(-1)])),
        *(Decimal(c) / _HUNDRED for c in cuts),
        draw(st.sampled_from([None, top + 1, top + Decimal("0.01")])),
    ]
    bands = []
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        band: dict[str, Any] = {"id": f"loai-{i + 1}", "title": f"Loại {i + 1}"}
        if low is not None:
            band["min"] = _text(low)
        if high is not None:
            band["below"] = _text(high)
        bands.append(band)
    return bands


@st.composite
def regimes(
    draw: st.DrawFn,
    *,
    max_leaves: int = 8,
    max_groups: int = 3,
    kinds: Collection[str] = tuple(INDICATOR_KINDS),
    cohort_rules: bool = True,
) -> Regime:
    """Random valid regimes: every indicator kind, nested criteria, sum/capped_sum/best, unit groups with
    criteria of their own, bands on totals or percentages, every rounding mode and stage.

    At most ``max_leaves`` sub-criteria and ``max_groups`` unit groups; ``kinds`` limits the indicator
    kinds; ``cohort_rules=False`` leaves out rules that use the cohort's ``best`` (so forms can be scored
    one by one with ``regime.score``). Every regime drawn keeps every law of :func:`check_regime`.
    """
    unknown = set(kinds) - set(INDICATOR_KINDS)
    if unknown or not kinds:
        raise ValueError(f"kinds must be some of {', '.join(INDICATOR_KINDS)}, got {sorted(kinds)}")
    places = draw(st.integers(0, 3))
    groups = tuple(f"nhom-{i}" for i in range(1, draw(st.integers(1, max(1, max_groups))) + 1))
    ctx = _Context(max(1, max_leaves), groups, tuple(kinds), cohort_rules, Decimal(1).scaleb(-min(places, 2)))
    criteria: list[dict[str, Any]] = []
    for i in range(1, draw(st.integers(1, 4)) + 1):
        if ctx.budget <= 0:
            break
        restricted = i > 1 and len(groups) > 1 and draw(st.booleans())
        domain = tuple(sorted(draw(st.sets(st.sampled_from(groups), min_size=1)))) if restricted else groups
        criterion = _criterion(draw, str(i), 1, ctx, domain)
        if restricted:
            criterion["groups"] = list(domain)
        criteria.append(criterion)
    basis = draw(st.sampled_from(["total", "percent"]))
    top = _HUNDRED if basis == "percent" else max(_max_points(criteria, g) for g in groups)
    provenances = {c["provenance"] for c in _walk(criteria)}
    data: dict[str, Any] = {
        "id": "ngau-nhien-2019",
        "province": "ngau-nhien",
        "title": "Bộ tiêu chí ngẫu nhiên",
        "status": "official" if provenances == {"official"} and draw(st.booleans()) else "provisional",
        "legal_basis": [{"decision": "1/QĐ-UBND", "date": "2019-01-02"}],
        "effective": {"start": "2019-01-01", "end": "2019-12-31"},
        "groups": [{"id": g, "title": f"Nhóm {g}"} for g in groups],
        "criteria": criteria,
        "bands": _bands(draw, top),
        "band_basis": basis,
        "rounding": {
            "places": places,
            "mode": draw(st.sampled_from(sorted(ROUNDING_MODES))),
            "stage": draw(st.sampled_from(["leaf", "total"])),
        },
    }
    totals = {_max_points(criteria, g) for g in groups}
    if len(totals) == 1 and draw(st.booleans()):
        data["max_total"] = _text(totals.pop())
    return regime_from_dict(data)


def _walk(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for criterion in criteria:
        found.append(criterion)
        found.extend(_walk(criterion.get("children", [])))
    return found
