"""The improvement planner: the fewest, smallest changes of a unit's answers that lift its total to a
target, such as the least total of the next band up (:func:`next_band_target`).

A plan changes as few answers as any plan reaching the target can, each by the least amount with
the others fixed (lowered in official order). Of the sets of that many sub-criteria that reach the
target (the first ``_SETS`` the search meets, those that can add most first), it takes the one
whose new total is lowest, the least beyond what the target asks, then the one whose sub-criteria
come first in official order. Totals are never added up by hand: the search adds leaf points up
with the scorer's own ``score_parents`` (so capped sums and best-of parents count as they do on
the scorecard), and the plan found is scored again as a whole form (``regime.score(modified,
best=...)``), which gives the new total and band reported. The search runs on sub-criteria whose
points rise with the answer (:mod:`itcriteria._improve`).

Finding the fewest answers is a search over sets of sub-criteria, smallest sets first, each raised to
the least answer scoring its most; a set is abandoned as soon as even its remaining candidates' whole
gains cannot reach the target: raising sub-criteria never adds more to the total than to the
sub-criteria themselves, nor more to a capped or best-of criterion than it lacks (``_Relaxation``).
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, Decimal

import attrs

from .._core import CONTEXT, EXACT_SUM_CONTEXT, ZERO, check_lang, to_decimal
from ..exceptions import ArgumentError
from ..model import Band
from ..scoring import (
    EXPLAIN_LABELS,
    Plan,
    ScoreCard,
    Shown,
    card_best,
    card_maxes,
    plan_for,
    round_points,
    score,
    score_parents,
)
from .gaps import describe_change
from .improve import AnswerChange, LeafOutcome, LeafSearch, OfCard, leaf_searches

_add = EXACT_SUM_CONTEXT.add


@attrs.frozen
class ImprovementPlan(OfCard):
    """The changes that lift a unit's total to ``target``, and the scorecard they give (``after``).

    ``reachable`` is False when no change of the unit's answers reaches the target; the changes then
    lift the unit as far as any can (``new_total`` is the best reachable total), with as few answers
    changed as that takes. No changes when the unit is already at the target.
    """

    card: ScoreCard = attrs.field(repr=False)
    target: Decimal
    changes: tuple[AnswerChange, ...]
    after: ScoreCard = attrs.field(repr=False)
    reachable: bool

    @property
    def new_total(self) -> Decimal:
        """The total the changed form scores."""
        return self.after.total

    @property
    def new_band(self) -> Band | None:
        return self.after.band

    @property
    def reached(self) -> bool:
        """Whether the changed form's total is at least the target."""
        return self.after.total >= self.target


def plan_improvement(card: ScoreCard, target_total: Decimal) -> ImprovementPlan:
    """The fewest, smallest changes of ``card``'s answers that lift its total to at least
    ``target_total``.

    As few answers change as any plan reaching the target needs, each by the least amount with the
    others as planned; of the sets of that many sub-criteria that reach it, the plan takes the one
    with the lowest new total, then the first in official order. The changed form is scored again as
    a whole (capped sums, best-of criteria and the cohort's best as the answers move it), which gives
    ``new_total`` and ``new_band``. When no change reaches the target, ``reachable`` is False and the
    plan lifts the unit to the best total it can reach. Criteria declaring ``higher_is_better =
    false`` are never changed. A target that is not a number is an ``ItcriteriaError``.
    """
    target = _decimal(target_total, card)
    if card.total >= target:
        return ImprovementPlan(card, target, (), card, True)
    searches = leaf_searches(card)
    form = _Form(card, searches)
    tops: dict[str, LeafOutcome] = {}
    for cid, search in searches.items():
        if search.searchable:
            top = search.top()
            if top.points > search.current.points:
                tops[cid] = top
    best = form.total({cid: top.points for cid, top in tops.items()})
    reachable = best >= target
    goal = target if reachable else best
    if goal <= card.total:  # nothing raises the total
        return ImprovementPlan(card, target, (), card, reachable)
    gains = {cid: top.points - searches[cid].current.points for cid, top in tops.items()}
    chosen = None
    for found in sorted(_fewest(form, tops, gains, goal), key=lambda found: [form.order[c] for c in found]):
        settled = _settle(form, searches, tops, found, goal)
        if chosen is None or settled[0] < chosen[0]:
            chosen = settled
        if settled[0][0] == goal and form.regime.rounding.stage == "leaf":
            break  # no set can end lower, and sets are tried in official order: this one wins
    assert chosen is not None  # the tops of every candidate reach the goal
    changes = tuple(searches[cid].change(outcome) for cid, outcome in chosen[1])
    return ImprovementPlan(card, target, changes, _rescore(card, changes), reachable)


def next_band_target(card: ScoreCard) -> Decimal | None:
    """The least total that puts the unit in the next band up, or None when there is none (the unit
    is in the top band, or no total up to the unit's maximum reaches a higher band).

    Bands are half-open intervals [min, below) on the total, or on the percent of the unit's
    ``max_total`` when the regime's ``band_basis`` is ``percent``; totals move in steps of the
    regime's rounding (0.01 for 2 places), so the target is the least such step in the band.
    """
    regime = card.regime
    maximum = card.max_total
    percent = regime.band_basis == "percent"
    quantum = Decimal(1).scaleb(-regime.rounding.places)
    with decimal.localcontext(CONTEXT):
        now = card.total * 100 / maximum if percent and maximum else card.total
        above = sorted((band for band in regime.bands if band.min is not None and band.min > now), key=_low)
        for band in above:
            assert band.min is not None
            low = band.min * maximum / 100 if percent else band.min
            total = low.quantize(quantum, rounding=ROUND_CEILING)
            if total > maximum:
                return None  # bands are sorted: the higher ones are further out of reach
            if regime.band_for(total, maximum) == band:
                return total
    return None


def _low(band: Band) -> Decimal:
    assert band.min is not None
    return band.min


def _decimal(value: object, card: ScoreCard) -> Decimal:
    try:
        return to_decimal(value)
    except (TypeError, ValueError) as err:
        raise ArgumentError(f"target total for {card.unit.id} under {card.regime.id}: {err}") from None


class _Form:
    """A unit's leaf points, and the total any raised leaves give, added up as the scorer does.

    Only the criteria above the raised leaves are added up again (with ``score_parents`` on the plan
    cut down to them); every other criterion keeps its score on the scorecard.
    """

    def __init__(self, card: ScoreCard, searches: Mapping[str, LeafSearch]) -> None:
        self.card = card
        self.regime = card.regime
        self.plan = plan_for(card.regime, card.group)
        self.points: dict[str, Decimal | None] = {
            cid: search.current.points if search.applicable else None for cid, search in searches.items()
        }
        self.order = {cid: i for i, cid in enumerate(searches)}
        self.parent_of = {child: parent.id for parent in self.plan.parents for child in parent.children}
        self._cuts: dict[frozenset[str], tuple[Plan, dict[str, Decimal | None]]] = {}

    def _cut(self, raised: frozenset[str]) -> tuple[Plan, dict[str, Decimal | None]]:
        """The plan of the criteria above ``raised`` only, and the points of their other children."""
        found = self._cuts.get(raised)
        if found is None:
            above: set[str] = set()
            for cid in raised:
                node = self.parent_of.get(cid)
                while node is not None and node not in above:
                    above.add(node)
                    node = self.parent_of.get(node)
            parents = tuple(parent for parent in self.plan.parents if parent.id in above)
            scores = self.card.scores
            fixed: dict[str, Decimal | None] = {}
            for parent in parents:
                for child in parent.children:
                    if child not in above:
                        fixed[child] = self.points[child] if child in self.points else scores[child]
            found = self._cuts[raised] = (attrs.evolve(self.plan, parents=parents), fixed)
        return found

    def exact(self, raised: Mapping[str, Decimal]) -> tuple[Decimal, Decimal]:
        """The total with the ``raised`` leaves at their new points: before the regime's rounding of
        the total (when it rounds the total only) and after it."""
        plan, fixed = self._cut(frozenset(raised))
        with decimal.localcontext(CONTEXT):
            scores, _ = score_parents(plan, {**fixed, **raised})
            before = self.card.scores
            total = ZERO
            for top in self.plan.top:
                total = _add(total, scores[top] if top in scores else before[top])
            rounded = round_points(total, self.regime) if self.regime.rounding.stage == "total" else total
        return total, rounded

    def total(self, raised: Mapping[str, Decimal]) -> Decimal:
        return self.exact(raised)[1]

    def rounded(self, exact: Decimal) -> Decimal:
        if self.regime.rounding.stage != "total":
            return exact
        with decimal.localcontext(CONTEXT):
            return round_points(exact, self.regime)


class _Relaxation:
    """An upper bound on what raising leaves adds to the total, to abandon hopeless sets early.

    Each leaf adds at most its own gain, and a capped or best-of criterion at most what it lacks
    (its maximum for the unit less its score); a plain sum passes its children's gains on whole. The
    most a set can add under those limits is filled leaf by leaf, each up to what its criteria still
    lack (the flow through a tree); the best ``need`` leaves to add are taken greedily, which finds
    the most for this kind of limit (checked against exhaustive search while it was written).
    """

    def __init__(self, form: _Form, gains: Mapping[str, Decimal]) -> None:
        card = form.card
        self.gains = gains
        self.caps = {
            parent.id: card_maxes(card)[parent.id] - card.scores[parent.id]
            for parent in form.plan.parents
            if parent.combine != "sum"
        }
        self.chains: dict[str, tuple[str, ...]] = {}
        for cid in gains:
            chain = []
            node = form.parent_of.get(cid)
            while node is not None:
                if node in self.caps:
                    chain.append(node)
                node = form.parent_of.get(node)
            self.chains[cid] = tuple(chain)
        self.capped = any(self.chains.values())

    def alone(self, cid: str) -> Decimal:
        """The most raising ``cid`` alone can add."""
        return min((self.gains[cid], *(self.caps[node] for node in self.chains[cid])))

    def most(self, chosen: Sequence[str], pool: Sequence[str], need: int) -> Decimal:
        """The most ``chosen`` and ``need`` more leaves of ``pool`` can add together."""
        left = dict(self.caps)

        def room(cid: str) -> Decimal:
            return min((self.gains[cid], *(left[node] for node in self.chains[cid])))

        def take(cid: str) -> Decimal:
            amount = room(cid)
            for node in self.chains[cid]:
                left[node] -= amount
            return amount

        added = sum((take(cid) for cid in chosen), ZERO)
        rest = list(pool)
        for _ in range(need):
            pick = max(rest, key=room)  # the first of equal leaves: pool order is deterministic
            added += take(pick)
            rest.remove(pick)
        return added


#: How many of the smallest sets the planner settles and compares; symmetric criteria can make
#: billions of them (two of ten equal sub-criteria under each of six capped criteria).
_SETS = 32


def _fewest(
    form: _Form, tops: Mapping[str, LeafOutcome], gains: Mapping[str, Decimal], goal: Decimal
) -> list[tuple[str, ...]]:
    """The first ``_SETS`` smallest sets of leaves that, raised to their ``tops`` (``gains`` more
    points each), lift the total to ``goal``, by depth-first search over sets of each size in turn,
    leaves that can add most first."""
    relaxation = _Relaxation(form, gains)
    alone = {cid: relaxation.alone(cid) for cid in gains}
    order = sorted(tops, key=lambda cid: (-alone[cid], form.order[cid]))
    ceilings = [alone[cid] for cid in order]
    start = form.exact({})[0]

    def extend(
        size: int,
        found: list[tuple[str, ...]],
        first: int,
        chosen: tuple[str, ...],
        raised: dict[str, Decimal],
        exact: Decimal,
    ) -> None:
        need = size - len(chosen)
        if need == 0:
            if form.rounded(exact) >= goal:
                found.append(chosen)
            return
        for i in range(first, len(order) - need + 1):
            if len(found) >= _SETS:
                return
            # Each leaf adds at most its ceiling, sorted largest first, so when the next ``need``
            # ceilings fall short no later start can reach the goal either.
            if form.rounded(exact + sum(ceilings[i : i + need], ZERO)) < goal:
                return
            if relaxation.capped and form.rounded(start + relaxation.most(chosen, order[i:], need)) < goal:
                return
            cid = order[i]
            more = {**raised, cid: tops[cid].points}
            extend(size, found, i + 1, (*chosen, cid), more, form.exact(more)[0])

    for size in range(1, len(order) + 1):
        found: list[tuple[str, ...]] = []
        extend(size, found, 0, (), {}, start)
        if found:
            return [tuple(sorted(chosen, key=form.order.__getitem__)) for chosen in found]
    return []


def _settle(
    form: _Form,
    searches: Mapping[str, LeafSearch],
    tops: Mapping[str, LeafOutcome],
    chosen: Sequence[str],
    goal: Decimal,
) -> tuple[tuple[Decimal, Decimal, tuple[int, ...]], tuple[tuple[str, LeafOutcome], ...]]:
    """Lower each raised leaf, in official order, to the least answer that still reaches ``goal``
    with the others as they stand; the sort key (new total, official positions) and the answers."""
    levels = {cid: tops[cid] for cid in chosen}
    for cid in chosen:
        others = {other: levels[other].points for other in chosen if other != cid}

        def reaches(outcome: LeafOutcome, cid: str = cid, others: dict[str, Decimal] = others) -> bool:
            return form.total({**others, cid: outcome.points}) >= goal

        found = searches[cid].first(reaches, low=1, high=levels[cid].position)
        assert found is not None  # the top itself reaches the goal
        levels[cid] = found
    exact, rounded = form.exact({cid: outcome.points for cid, outcome in levels.items()})
    key = (rounded, exact, tuple(form.order[cid] for cid in chosen))  # official order breaks ties
    return key, tuple((cid, levels[cid]) for cid in chosen)


def _rescore(card: ScoreCard, changes: Sequence[AnswerChange]) -> ScoreCard:
    """The scorecard of the form with ``changes`` applied, against the cohort's best as they move it."""
    answers = dict(card.submission.answers)
    best = None if (cohort := card_best(card)) is None else dict(cohort)
    for change in changes:
        answers[change.id] = change.after
        if change.best is not None:
            best = {} if best is None else best
            best[change.id] = change.best
    # points the appraisal council fixed stay fixed
    return score(card.regime, attrs.evolve(card.submission, answers=answers), best=best, fixed=card.fixed)


# --- Rendering --------------------------------------------------------------------------------------

#: Own labels on top of the explanations' (unit, total, points, benchmark, …).
_LABELS = {
    "vi": {
        **EXPLAIN_LABELS["vi"],
        "target": "mục tiêu",
        "already": "Đã đạt mục tiêu, không cần thay đổi",
        "changes": "Thay đổi ({count})",
        "after": "Sau khi thay đổi",
        "unreachable": "Không thay đổi nào của các câu trả lời đạt được mục tiêu; tổng điểm cao nhất có thể",
        "nothing": "Không thay đổi nào của các câu trả lời nâng được tổng điểm",
    },
    "en": {
        **EXPLAIN_LABELS["en"],
        "target": "target",
        "already": "Already at the target: no change needed",
        "changes": "Changes ({count})",
        "after": "After the changes",
        "unreachable": "No change of the answers reaches the target; the best reachable total",
        "nothing": "No change of the answers raises the total",
    },
}


def render_plan(plan: ImprovementPlan, lang: str = "vi") -> str:
    """A plan as plain text: the unit, its total and target, each change in the form's terms, and
    the total and band the changed form scores."""
    labels = _LABELS[check_lang(lang)]
    card = plan.card
    regime = card.regime
    shown = Shown(regime.rounding.places, lang)
    unit = card.unit

    def standing(total: Decimal, band: Band | None) -> str:
        title = band.title.get(lang) if band is not None else labels["no_band"]
        return f"{shown.points(total)} / {shown.number(card.max_total)} — {title}"

    lines = [
        f"{labels['unit']}: {unit.name} ({unit.id}, {regime.group(unit.group).title.get(lang)})",
        f"{labels['total']}: {standing(plan.total, plan.band)}; {labels['target']} "
        + shown.points(plan.target),
    ]
    if regime.is_provisional:
        lines.append(f"  [{labels['provisional']}]")
    if not plan.changes:
        lines.append(labels["already"] if plan.reachable else labels["nothing"])
        return "\n".join(lines)
    if not plan.reachable:
        lines.append(f"{labels['unreachable']}: {shown.points(plan.new_total)}")
    lines.append(f"{labels['changes'].format(count=len(plan.changes))}:")
    for change in plan.changes:
        lines.append(
            f"  {change.id}. {change.criterion.title.get(lang)}: "
            f"{shown.points(change.points_before)}"
            f" → {shown.points(change.points_after)} {labels['points']}"
        )
        lines.append(f"      {describe_change(change, lang)}")
    lines.append(f"{labels['after']}: {standing(plan.new_total, plan.new_band)}")
    return "\n".join(lines)
