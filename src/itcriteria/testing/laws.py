"""The standard laws of a regime, each a check of one example that raises :class:`Broken` when it fails.

Run by :func:`itcriteria.testing.check_regime`, which draws the examples with Hypothesis. An example is
plain data: the forms of a cohort in the documented JSON shape, and for some laws what was changed or
reordered. Totals are checked as the scorer defines them: a ``sum`` parent is the exact sum of its
children, ``capped_sum`` that sum capped at the parent's maximum, ``best`` its best child; leaves are
rounded to the regime's places (stage ``leaf``) or only the grand total is (stage ``total``); a
sub-criterion left out by a zero denominator scores 0 of 0.
"""

from __future__ import annotations

import copy
import decimal
import itertools
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from .. import ranking as _ranking
from .._core import CONTEXT, ROUNDING_MODES, ZERO
from ..exceptions import RegimeError
from ..model import Band, Criterion
from ..regimes import Regime
from ..scoring import ScoreCard

_EXACT = decimal.Context(prec=1000, traps=[decimal.Inexact, decimal.InvalidOperation])


class Broken(AssertionError):
    """A law broken by one example; ``message`` says how, ``example`` is the example as plain data."""

    def __init__(self, message: str, example: object) -> None:
        super().__init__(message)
        self.message = message
        self.example = example


class Unscorable(Exception):
    """The example's forms could not be scored at all; laws other than the scoring laws pass over it."""


#: Each law by name, with the sentence it checks.
LAWS: dict[str, str] = {
    "valid_forms_score": "every valid form is scored and explained without an error",
    "within_bounds": (
        "every criterion scores from 0 to its maximum, and the total from 0 to the maximum total"
    ),
    "totals_add_up": (
        "each parent is exactly its children combined (sum, capped sum or best), leaves are rounded "
        "as declared, and the total is the sum of the top criteria"
    ),
    "higher_is_better": (
        "a better answer (higher ratio, count or value, yes for no, a level worth more) never lowers "
        "its sub-criterion, the criteria above it or the total"
    ),
    "bands_cover_range": (
        "the bands cover every total from 0 to each group's maximum (or 0-100%) once, and every "
        "scorecard is in the band that holds its total"
    ),
    "ranking_ignores_order": (
        "forms scored and ranked in any order give every unit the same scorecard and rank within its group"
    ),
    "scoring_is_repeatable": (
        "scoring the same forms again, or with a fresh copy of the regime, gives the same scorecards "
        "and explanations"
    ),
    "explanation_adds_up": (
        "the explanation's numbers add up: each leaf's points are its rule's result rounded as declared, "
        "each parent combines its children, and the total is the sum of the top criteria"
    ),
}


def score(regime: Regime, forms: list[dict[str, Any]]) -> list[ScoreCard]:
    """Score a cohort; any failure is :class:`Unscorable`."""
    try:
        return regime.score_all(forms)
    except Exception as err:
        raise Unscorable(f"{type(err).__name__}: {err}") from err


def _unit(card: ScoreCard) -> str:
    return f"unit {card.unit.id} (group {card.group})"


def _exact_sum(values: Iterable[Decimal]) -> Decimal:
    total = ZERO
    for value in values:
        total = _EXACT.add(total, value)
    return total


def _round(regime: Regime, value: Decimal) -> Decimal:
    quantum = Decimal(1).scaleb(-regime.rounding.places)
    return value.quantize(quantum, rounding=ROUNDING_MODES[regime.rounding.mode], context=CONTEXT)


def _combine(criterion: Criterion, parts: list[Decimal]) -> Decimal:
    if criterion.combine == "best":
        return max(parts, default=ZERO)
    total = _exact_sum(parts)
    return min(total, criterion.max) if criterion.combine == "capped_sum" else total


def _children(criterion: Criterion, group: str) -> list[Criterion]:
    return [c for c in criterion.children if c.applies_to(group)]


# --- The laws ----------------------------------------------------------------------------------------


def valid_forms_score(regime: Regime, forms: list[dict[str, Any]]) -> None:
    try:
        cards = regime.score_all(forms)
    except RegimeError:
        raise Unscorable("a rule went out of range (the law within_bounds reports it)") from None
    except Exception as err:
        raise Broken(f"a valid cohort was refused: {type(err).__name__}: {err}", forms) from err
    for card in cards:
        try:
            card.to_dict()
            card.explain("vi")
            card.explain("en")
        except Exception as err:
            raise Broken(f"{_unit(card)}: explaining failed: {type(err).__name__}: {err}", forms) from err


def within_bounds(regime: Regime, forms: list[dict[str, Any]]) -> None:
    try:
        cards = regime.score_all(forms)
    except RegimeError as err:
        raise Broken("; ".join(p.message for p in err.problems), forms) from None
    except Exception as err:
        raise Unscorable(str(err)) from err
    for card in cards:
        for cid, points in card.scores.items():
            node = card.node(cid)
            criterion = regime.criterion(cid)
            if type(points) is not Decimal:
                raise Broken(f"{_unit(card)}: criterion {cid} scored {points!r}, not a Decimal", forms)
            if not ZERO <= points <= node.max:
                raise Broken(f"{_unit(card)}: criterion {cid} scored {points}, outside 0–{node.max}", forms)
            if node.max > criterion.max:
                raise Broken(
                    f"{_unit(card)}: criterion {cid} has maximum {node.max} above {criterion.max}", forms
                )
        if not ZERO <= card.total <= card.max_total <= regime.max_points(card.group):
            raise Broken(
                f"{_unit(card)}: total {card.total} of maximum {card.max_total} is outside 0–"
                f"{regime.max_points(card.group)}",
                forms,
            )


def totals_add_up(regime: Regime, forms: list[dict[str, Any]]) -> None:
    cards = score(regime, forms)
    leaf_stage = regime.rounding.stage == "leaf"
    for card in cards:
        scores, group = card.scores, card.group
        for criterion in regime.walk(group):
            got = scores[criterion.id]
            if criterion.is_leaf:
                if leaf_stage and got != _round(regime, got):
                    raise Broken(
                        f"{_unit(card)}: sub-criterion {criterion.id} scored {got}, not rounded to "
                        f"{regime.rounding.places} places",
                        forms,
                    )
                continue
            children = _children(criterion, group)
            expected = _combine(criterion, [scores[c.id] for c in children])
            if got != expected:
                parts = " + ".join(f"{c.id}={scores[c.id]}" for c in children)
                raise Broken(
                    f"{_unit(card)}: criterion {criterion.id} ({criterion.combine}) scored {got}, but its "
                    f"children give {expected} ({parts})",
                    forms,
                )
        tops = [c for c in regime.criteria if c.applies_to(group)]
        total = _exact_sum(scores[c.id] for c in tops)
        expected = total if leaf_stage else _round(regime, total)
        if card.total != expected:
            raise Broken(f"{_unit(card)}: total {card.total}, but its criteria give {expected}", forms)
        max_total = _exact_sum(card.node(c.id).max for c in tops)
        if card.max_total != max_total:
            raise Broken(
                f"{_unit(card)}: maximum total {card.max_total}, but its criteria give {max_total}", forms
            )


def higher_is_better(regime: Regime, example: Mapping[str, Any]) -> None:
    forms: list[dict[str, Any]] = example["forms"]
    index, cid, better = example["unit"], example["criterion"], example["better"]
    raised = copy.deepcopy(forms)
    raised[index]["answers"][cid] = better
    before, after = score(regime, forms)[index], score(regime, raised)[index]
    chain = [c.id for c in regime.walk(before.group) if cid == c.id or cid.startswith(c.id + ".")]
    for criterion_id in (*reversed(chain), "total"):
        old = before.total if criterion_id == "total" else before.scores[criterion_id]
        new = after.total if criterion_id == "total" else after.scores[criterion_id]
        if new < old:
            what = "the total" if criterion_id == "total" else f"criterion {criterion_id}"
            was = forms[index]["answers"][cid]
            raise Broken(
                f"{_unit(before)}: answering {cid} with {better!r} instead of {was!r} "
                f"lowered {what} from {old} to {new}",
                example,
            )


def band_problems(bands: tuple[Band, ...], top: Decimal) -> list[tuple[str, Decimal]]:
    """Where ``bands`` fail to cover [0, ``top``] exactly once: each problem with a value it concerns."""
    problems: list[tuple[str, Decimal]] = []
    for a, b in itertools.combinations(bands, 2):
        low = max((x for x in (a.min, b.min) if x is not None), default=None)
        high = min((x for x in (a.below, b.below) if x is not None), default=None)
        if low is None or high is None or low < high:
            at = low if low is not None else (high - 1 if high is not None else ZERO)
            problems.append((f"bands {a.id!r} and {b.id!r} overlap: {at} is in both", at))
    point = ZERO
    while True:
        holder = next((band for band in bands if point in band), None)
        if holder is None:
            starts = [band.min for band in bands if band.min is not None and band.min > point]
            end = min(starts, default=None)
            upto = f"below {end}" if end is not None and end <= top else f"up to {top}"
            problems.append((f"totals from {point} {upto} fall in no band", point))
            if end is None or end > top:
                return problems
            point = end
        elif holder.below is None or holder.below > top:
            return problems
        else:
            point = holder.below


def band_value(regime: Regime, card: ScoreCard) -> Decimal:
    """What the bands classify: the total, or its percentage of the maximum total."""
    if regime.band_basis != "percent":
        return card.total
    return CONTEXT.divide(CONTEXT.multiply(card.total, 100), card.max_total) if card.max_total else ZERO


def bands_cover_range(regime: Regime, forms: list[dict[str, Any]]) -> None:
    for card in score(regime, forms):
        value = band_value(regime, card)
        holders = [band for band in regime.bands if value in band]
        if card.band is None or holders != [card.band]:
            shown = card.band.id if card.band else "no band"
            raise Broken(
                f"{_unit(card)}: total {card.total} (classified on {value}) is in {shown}; the bands holding "
                f"it are {[b.id for b in holders]}",
                forms,
            )


def _ranks(cards: list[ScoreCard]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for method in ("competition", "dense"):
        for row in _ranking.rank(cards, method=method):
            result[f"{method}:{row.unit}"] = row
    return result


def ranking_ignores_order(regime: Regime, example: Mapping[str, Any]) -> None:
    forms: list[dict[str, Any]] = example["forms"]
    order: list[int] = example["order"]
    first = score(regime, forms)
    second = score(regime, [forms[i] for i in order])
    by_unit = {card.unit.id: card for card in second}
    for card in first:
        other = by_unit[card.unit.id]
        if (card.total, card.scores, card.band) != (other.total, other.scores, other.band):
            raise Broken(
                f"{_unit(card)}: scored {card.total} in one order, {other.total} in another", example
            )
    ranks, reordered = _ranks(first), _ranks(second)
    for key, row in ranks.items():
        if reordered[key] != row:
            method = key.split(":")[0]
            raise Broken(f"{method} ranking: {row} in one order, {reordered[key]} in another", example)


def scoring_is_repeatable(regime: Regime, forms: list[dict[str, Any]], twin: Regime) -> None:
    runs = [score(regime, forms), score(regime, forms), score(twin, forms)]
    views = [[(card.to_dict(), card.explain("vi"), card.explain("en")) for card in run] for run in runs]
    for label, view in zip(("again", "with a fresh copy of the regime"), views[1:], strict=True):
        for card, was, now in zip(runs[0], views[0], view, strict=True):
            if was != now:
                field = next(i for i, (a, b) in enumerate(zip(was, now, strict=True)) if a != b)
                what = ("scorecard data", "Vietnamese explanation", "English explanation")[field]
                raise Broken(f"{_unit(card)}: scored {label}, its {what} differs", forms)


def explanation_adds_up(regime: Regime, forms: list[dict[str, Any]]) -> None:
    leaf_stage = regime.rounding.stage == "leaf"
    for card in score(regime, forms):
        data = card.to_dict()
        tops = [_explained(regime, card, node, forms) for node in data["criteria"]]
        total = _exact_sum(tops) if leaf_stage else _round(regime, _exact_sum(tops))
        if Decimal(data["total"]) != total or total != card.total:
            raise Broken(
                f"{_unit(card)}: the explanation's total is {data['total']}, its criteria add up to {total}",
                forms,
            )


def _explained(regime: Regime, card: ScoreCard, node: Mapping[str, Any], forms: object) -> Decimal:
    """The points of one node of ``card.to_dict()``, checked against its explanation and children."""
    cid, points, maximum = node["id"], Decimal(node["score"]), Decimal(node["max"])

    def fail(message: str) -> Broken:
        return Broken(f"{_unit(card)}: {message}", forms)

    if points != card.scores[cid]:
        raise fail(f"the explanation gives {cid} {points} points, the scorecard {card.scores[cid]}")
    criterion = regime.criterion(cid)
    if "children" in node:
        expected = _combine(criterion, [_explained(regime, card, child, forms) for child in node["children"]])
        if expected != points:
            raise fail(f"{cid} is explained as {points}, but its children combine to {expected}")
        return points
    if card.explanation(cid).points != points:
        raise fail(f"the explanation of {cid} gives {card.explanation(cid).points}, not {points}")
    outcome, raw = node["explanation"]["outcome"], node["explanation"]["raw"]
    if outcome == "rule":
        expected = _round(regime, Decimal(raw)) if regime.rounding.stage == "leaf" else Decimal(raw)
    else:
        expected = criterion.max if outcome == "full" else ZERO
    if outcome == "not_applicable" and maximum != 0:
        raise fail(f"{cid} does not apply, yet counts {maximum} points in the maximum")
    if expected != points:
        raise fail(f"{cid}: the rule gave {raw} ({outcome}), which makes {expected}, not {points}")
    return points


#: The laws checked on a cohort of forms, by name (higher_is_better, ranking_ignores_order and
#: scoring_is_repeatable take more than the forms and are called by the runner itself).
ON_FORMS: dict[str, Callable[[Regime, list[dict[str, Any]]], None]] = {
    "valid_forms_score": valid_forms_score,
    "within_bounds": within_bounds,
    "totals_add_up": totals_add_up,
    "bands_cover_range": bands_cover_range,
    "explanation_adds_up": explanation_adds_up,
}
