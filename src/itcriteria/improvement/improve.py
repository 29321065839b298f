"""Raising one sub-criterion's answer: the better answers its form allows, in order, and the least of
them that reaches a goal, each found by scoring the candidate answer as the regime does.

Every scored, applicable sub-criterion of a scorecard has a *ladder* of better answers in the form's
own terms, position 0 being the answer given:

- ratio: the numerator from its value up to the denominator, the denominator fixed, in whole steps
  when the numerator is whole (else in steps of its last decimal place);
- count: whole numbers up from the count given (up to ``COUNT_REACH`` more);
- number: values up to the indicator's ``max`` (else ``NUMBER_REACH`` more), in steps of the finest
  decimal place of the value, its bounds, its benchmark and the thresholds of its rule;
- yes/no: yes, when the answer was no;
- choice: the declared levels scoring more than the one chosen, least first.

A candidate is scored at the leaf only (the plan leaf's reader, its rule and the regime's leaf
rounding), never guessed from a formula; when the rule normalises to the cohort's best unit, the best
becomes the larger of the cohort's best and the candidate. The points of a criterion with
``higher_is_better`` never fall as its answer climbs the ladder, so the least answer reaching a goal
is found by binary search (galloping first on long ladders): a few dozen scorings even for counts
without bound. Criteria that declare
``higher_is_better = false`` are not searched.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Any

import attrs

from .._core import CONTEXT, EXACT_SUM_CONTEXT, MAX_DIGITS, ZERO
from ..exceptions import ArgumentError, NotFoundError, Problem
from ..model import Answer, Band, Choice, Criterion, Number, Unit, edges
from ..regimes import Regime
from ..scoring import (
    EVALUATE,
    NOT_APPLICABLE,
    Leaf,
    ScoreCard,
    benchmark_met,
    card_best,
    leaf_points,
    measure,
    plan_for,
)

#: How far a count is searched above the count given: far beyond any count a form reports, and still
#: only about 80 scorings when no count reaches the goal.
COUNT_REACH = 10**12
#: How far a number without an upper bound is searched above the value given.
NUMBER_REACH = Decimal(10) ** 12
#: The finest step a number is raised by for the thresholds of its rule (the answer's own decimals
#: may be finer): edges finer than this are reached by the values either side of them.
_FINEST_PLACES = 6
#: Ladders shorter than this are bisected outright; longer ones galloped first (both find the least
#: position; bisection takes fewer scorings unless the goal is near the start of a long ladder).
_GALLOP_FROM = 1 << 14
# Candidates are built exactly, whatever decimal context the caller has set (Inexact is trapped).
_add = EXACT_SUM_CONTEXT.add
_times = EXACT_SUM_CONTEXT.multiply


@attrs.frozen
class LeafOutcome:
    """One answer to a sub-criterion and what it scores on the unit's scorecard.

    ``position`` is the answer's place on the sub-criterion's ladder of better answers (0 is the
    answer given); ``best`` is the cohort's best value the rule saw, for rules normalised to the best
    unit (it rises with the answer once the answer is the best).
    """

    answer: Answer
    points: Decimal
    benchmark_met: bool | None
    position: int = 0
    best: Decimal | None = None


@attrs.frozen
class AnswerChange:
    """A sub-criterion's answer raised: the answer before and after, and the points each scores.

    ``benchmark_met`` is the verdict on the new answer (None when the criterion has no benchmark);
    ``best`` is the cohort's best the new answer is scored against, for rules normalised to the best
    unit (None otherwise): re-score the form with it to reproduce ``points_after``. ``position`` is
    the new answer's place on the sub-criterion's ladder of better answers (1 is the next one up).
    """

    criterion: Criterion
    before: Answer
    after: Answer
    points_before: Decimal
    points_after: Decimal
    benchmark_met: bool | None
    best: Decimal | None = None
    position: int = 0

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def gain(self) -> Decimal:
        """Points the change adds to the sub-criterion."""
        return self.points_after - self.points_before


class OfCard:
    """The unit, total, maximum and band of the scorecard a gap report or a plan is made from."""

    __slots__ = ()
    card: ScoreCard

    @property
    def unit(self) -> Unit:
        return self.card.unit

    @property
    def total(self) -> Decimal:
        """The unit's total on the scorecard (before any change)."""
        return self.card.total

    @property
    def max_total(self) -> Decimal:
        return self.card.max_total

    @property
    def band(self) -> Band | None:
        return self.card.band


@attrs.frozen
class _Ladder:
    """Positions 1..``size`` of better answers; ``at(i)`` is the answer at position ``i``;
    ``reaching(q)``, where the ladder can tell, the position whose answer first measures ``q`` by
    arithmetic (a guess that a search checks by scoring)."""

    size: int
    at: Callable[[int], Answer]
    reaching: Callable[[Decimal], Decimal] | None = None


_NO_LADDER = _Ladder(0, lambda i: Answer())
#: The input a ladder's ``reaching`` measures, by kind.
_QUANTITY = {"ratio": "ratio", "count": "count", "number": "value"}


@functools.lru_cache(maxsize=1024)
def _edges(criterion: Criterion) -> dict[str, tuple[Decimal, ...]]:
    """The thresholds of a criterion's rule and benchmark (parsed once per criterion)."""
    return edges(criterion)


@attrs.frozen
class LeafSearch:
    """The better answers of one sub-criterion of one scorecard, and their scores (cached).

    ``applicable`` is False for a sub-criterion a zero denominator left out of the unit's maximum;
    ``searchable`` is False for those and for criteria whose points may fall as the answer rises.
    The ladder is built on first use: finding a unit's gaps only needs the answer given scored.
    """

    card: ScoreCard = attrs.field(repr=False)
    leaf: Leaf = attrs.field(repr=False)
    current: LeafOutcome
    applicable: bool
    _inputs: dict[str, Any] | None = attrs.field(repr=False, alias="inputs")  # None: no ladder
    _best: Decimal | None = attrs.field(repr=False, alias="best")
    _outcomes: dict[int, LeafOutcome] = attrs.field(init=False, repr=False, eq=False, factory=dict)
    _built: list[_Ladder] = attrs.field(init=False, repr=False, eq=False, factory=list)

    @property
    def criterion(self) -> Criterion:
        return self.leaf.criterion

    @property
    def size(self) -> int:
        """The last position of the ladder (0 when no better answer exists or it is not searched)."""
        return self._ladder().size

    @property
    def searchable(self) -> bool:
        return self.applicable and self.criterion.higher_is_better and self.size > 0

    def _ladder(self) -> _Ladder:
        if not self._built:
            if self._inputs is None:
                ladder = _NO_LADDER
            else:
                regime, leaf = self.card.regime, self.leaf
                answer = self.current.answer
                ladder = _LADDERS[leaf.kind](regime, leaf, answer, self._inputs, self._best, self.current)
            self._built.append(ladder)  # two threads may build it at once: the same ladder
        return self._built[0]

    def answer_at(self, position: int) -> Answer:
        """The answer at ``position`` of the ladder (0 is the answer given)."""
        if position == 0:
            return self.current.answer
        if not 0 < position <= self.size:
            raise ArgumentError(
                f"criterion {self.criterion.id}: position {position} is outside its ladder 0–{self.size}"
            )
        return self._ladder().at(position)

    def outcome_at(self, position: int) -> LeafOutcome:
        """What the answer at ``position`` scores (scored once, then remembered)."""
        if position == 0:
            return self.current
        found = self._outcomes.get(position)
        if found is None:
            found = score_answer(self.card.regime, self.leaf, self.answer_at(position), self._best, position)
            self._outcomes[position] = found
        return found

    def position_reaching(self, quantity: Decimal) -> int | None:
        """A guess at the least position whose answer measures at least ``quantity`` (its ratio,
        count or value), worked out on the ladder without scoring; None where it cannot tell."""
        reaching = self._ladder().reaching
        if reaching is None:
            return None
        with decimal.localcontext(CONTEXT):
            return int(reaching(quantity).to_integral_value(ROUND_CEILING))

    def threshold_positions(self) -> tuple[int, ...]:
        """Where the answer passes each threshold of the rule and benchmark, and the top of the
        ladder: where points most often reach a goal, as guesses for :meth:`first`."""
        name = _QUANTITY.get(self.leaf.kind)
        marks = _edges(self.criterion).get(name, ()) if name is not None else ()
        found = {self.size}
        for mark in marks:
            position = self.position_reaching(mark)
            if position is not None:
                found.add(position)
        return tuple(sorted(found))

    def first(
        self,
        holds: Callable[[LeafOutcome], bool],
        low: int = 0,
        high: int | None = None,
        guesses: Sequence[int] = (),
    ) -> LeafOutcome | None:
        """The answer of least position in ``low..high`` (the whole ladder by default) for which
        ``holds`` is true, or None; ``holds`` must not turn false higher up the ladder.

        ``guesses`` are positions where the answer is thought to be: the least of them where
        ``holds`` is found first, and when it is false just below, that is the answer; otherwise
        they narrow the search, whose answer is the same."""
        high = self.size if high is None else min(high, self.size)
        marks = sorted({guess for guess in guesses if low <= guess <= high})
        if marks:
            below, above = 0, len(marks)  # the least mark where holds is in marks[below:above]
            while below < above:
                middle = (below + above) // 2
                if holds(self.outcome_at(marks[middle])):
                    above = middle
                else:
                    below = middle + 1
            if below < len(marks):
                hit = marks[below]
                if hit == low or not holds(self.outcome_at(hit - 1)):
                    return self.outcome_at(hit)
                high = hit - 1  # holds there too
            if below > 0:
                low = marks[below - 1] + 1
        if low > high:
            return None
        if high - low < _GALLOP_FROM:
            if not holds(self.outcome_at(high)):
                return None
            miss, probe = low - 1, high
        else:
            # Gallop (low, low+1, low+3, low+7, …) so a goal near the answer given costs few scorings
            # even on a ladder of a trillion counts; then bisect between the last miss and the first hit.
            miss, offset = low - 1, 0
            while True:
                probe = min(low + offset, high)
                if holds(self.outcome_at(probe)):
                    break
                if probe == high:
                    return None
                miss, offset = probe, 2 * offset + 1
        hit = probe
        while hit - miss > 1:
            middle = (miss + hit) // 2
            if holds(self.outcome_at(middle)):
                hit = middle
            else:
                miss = middle
        return self.outcome_at(hit)

    def top(self) -> LeafOutcome:
        """The least answer scoring the most this sub-criterion can score (the answer given when no
        better answer scores more)."""
        if not self.searchable:
            return self.current
        most = self.outcome_at(self.size).points
        if most <= self.current.points:
            return self.current
        found = self.first(lambda outcome: outcome.points >= most, low=1)
        assert found is not None  # the last position holds
        return found

    def change(self, outcome: LeafOutcome) -> AnswerChange:
        """The change from the answer given to ``outcome``'s answer."""
        return AnswerChange(
            criterion=self.criterion,
            before=self.current.answer,
            after=outcome.answer,
            points_before=self.current.points,
            points_after=outcome.points,
            benchmark_met=outcome.benchmark_met,
            best=outcome.best,
            position=outcome.position,
        )


def leaf_searches(card: ScoreCard) -> dict[str, LeafSearch]:
    """A search for every sub-criterion the unit answers, in official order."""
    plan = plan_for(card.regime, card.group)
    return {leaf.id: _search(card, leaf) for leaf in plan.leaves}


def leaf_search(card: ScoreCard, leaf_id: str) -> LeafSearch:
    """The search of one sub-criterion; ItcriteriaError when it is not one the unit answers."""
    regime = card.regime
    plan = plan_for(regime, card.group)
    for leaf in plan.leaves:
        if leaf.id == leaf_id:
            return _search(card, leaf)
    if leaf_id not in regime.compiled.index:
        raise NotFoundError(f"regime {regime.id} has no criterion {leaf_id!r}")
    if not regime.criterion(leaf_id).is_leaf:
        raise ArgumentError(
            f"regime {regime.id}: criterion {leaf_id} is scored by its sub-criteria; name one of those"
        )
    raise ArgumentError(f"regime {regime.id}: criterion {leaf_id} is not for unit group {card.group!r}")


def minimal_answer(
    card: ScoreCard, leaf_id: str, predicate: Callable[[LeafOutcome], bool]
) -> LeafOutcome | None:
    """The least answer to sub-criterion ``leaf_id`` for which ``predicate`` holds on what it scores
    (``points``, ``benchmark_met``), or None when no better answer makes it hold.

    The answer given itself when the predicate already holds. The predicate must not turn false as
    points rise (a threshold on points or the benchmark). Criteria with ``higher_is_better = false``
    and sub-criteria a zero denominator made not applicable are not searched: only the answer given
    is tried.
    """
    search = leaf_search(card, leaf_id)
    if predicate(search.current):
        return search.current
    if not search.searchable:
        return None
    return search.first(predicate, low=1)


def score_answer(
    regime: Regime, leaf: Leaf, answer: Answer, best: Decimal | None, position: int = 0
) -> LeafOutcome:
    """Score one answer to one sub-criterion as the scorer does (its reader, then ``leaf_points``);
    ``best`` is the cohort's best before this answer (rules normalised to the best unit)."""
    problems: list[Problem] = []
    read = leaf.read(leaf.criterion, answer, problems)
    if read is None:  # a ladder's answers are valid by construction; this names a bug plainly
        raise ArgumentError(f"regime {regime.id}: criterion {leaf.id}: {'; '.join(map(str, problems))}")
    return _score_read(regime, leaf, answer, *read, best, position)


def _score_read(
    regime: Regime,
    leaf: Leaf,
    answer: Answer,
    inputs: dict[str, Any],
    how: str,
    best: Decimal | None,
    position: int,
) -> LeafOutcome:
    seen = None
    if leaf.uses_best and how == EVALUATE:
        quantity = measure(leaf.kind, inputs)
        seen = quantity if best is None or (quantity is not None and quantity > best) else best
        inputs = {**inputs, "best": seen}
    with decimal.localcontext(CONTEXT):
        _, raw = leaf_points(regime, leaf, inputs, how)
    if raw is None:  # not applicable: no points, no verdict
        return LeafOutcome(answer, ZERO, None, position, seen)
    met = benchmark_met(leaf.criterion.benchmark, leaf.kind, inputs, raw)
    return LeafOutcome(answer, raw, met, position, seen)


# --- Building the ladders --------------------------------------------------------------------------


def _search(card: ScoreCard, leaf: Leaf) -> LeafSearch:
    regime = card.regime
    answer = card.submission.answers[leaf.id]
    best = None if (cohort := card_best(card)) is None else cohort.get(leaf.id)
    read = leaf.read(leaf.criterion, answer, [])
    assert read is not None  # the card was scored, so the answer reads
    inputs, how = read
    current = _score_read(regime, leaf, answer, inputs, how, best, 0)
    applicable = how != NOT_APPLICABLE
    laddered = None
    fixed = card.fixed.get(leaf.id)
    if fixed is not None:
        # the appraisal council set these points: no answer of the unit's moves them
        node = card.node(leaf.id)
        current = attrs.evolve(current, points=node.score, benchmark_met=node.benchmark_met)
    elif applicable and how == EVALUATE and leaf.criterion.higher_is_better:
        laddered = inputs
    return LeafSearch(card, leaf, current, applicable, inputs=laddered, best=best)


def _places(value: Decimal) -> int:
    """Decimal places of ``value`` as written (0 for whole numbers, however written)."""
    exponent = value.normalize(CONTEXT).as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _steps_between(low: Decimal, high: Decimal, step: Decimal) -> int:
    """How many steps take ``low`` to ``high``, the last one possibly shorter."""
    return int(CONTEXT.divide(CONTEXT.subtract(high, low), step).to_integral_value(ROUND_CEILING))


def _given_number(value: Decimal, whole: bool) -> int | Decimal:
    """An answer value as a form gives it: a whole number as an int."""
    return int(value) if whole and value == value.to_integral_value() else value


def _ratio_ladder(
    regime: Regime, leaf: Leaf, answer: Answer, inputs: dict[str, Any], best: Decimal | None, _: LeafOutcome
) -> _Ladder:
    numerator, denominator = inputs["numerator"], inputs["denominator"]
    step = Decimal(1).scaleb(-_places(numerator))
    size = _steps_between(numerator, denominator, step)
    whole = step == 1
    kept = answer.denominator  # as the unit gave it: the denominator stays what it is

    def at(i: int) -> Answer:
        value = min(_add(numerator, _times(step, i)), denominator)
        return Answer(numerator=_given_number(value, whole), denominator=kept)

    def reaching(ratio: Decimal) -> Decimal:
        needed: Decimal = ratio * denominator - numerator
        return needed / step

    return _Ladder(size, at, reaching)


def _count_ladder(
    regime: Regime, leaf: Leaf, answer: Answer, inputs: dict[str, Any], best: Decimal | None, _: LeafOutcome
) -> _Ladder:
    count = int(inputs["count"])
    return _Ladder(COUNT_REACH, lambda i: Answer(value=count + i), lambda quantity: quantity - count)


def _number_ladder(
    regime: Regime, leaf: Leaf, answer: Answer, inputs: dict[str, Any], best: Decimal | None, _: LeafOutcome
) -> _Ladder:
    value: Decimal = inputs["value"]
    indicator = leaf.criterion.indicator
    assert isinstance(indicator, Number)
    # The step fits the answer's decimals and reaches every threshold the rule or benchmark sets.
    marks = [value, *(v for v in (indicator.max, indicator.min) if v is not None)]
    marks += [v for v in edges(leaf.criterion).get("value", ()) if v >= value]
    places = max(_places(value), *(min(_places(m), _FINEST_PLACES) for m in marks))
    step = Decimal(1).scaleb(-places)
    top = indicator.max
    if top is None:
        # Keep every candidate within the digits an answer may have.
        digits = MAX_DIGITS - places - len(str(abs(int(value)))) - 1
        if digits < 0:
            return _NO_LADDER
        top = _add(value, min(NUMBER_REACH, Decimal(10) ** digits))
    if top <= value:
        return _NO_LADDER
    size = _steps_between(value, top, step)
    last = top

    def at(i: int) -> Answer:
        return Answer(value=min(_add(value, _times(step, i)), last))

    return _Ladder(size, at, lambda quantity: (quantity - value) / step)


def _yes_no_ladder(
    regime: Regime, leaf: Leaf, answer: Answer, inputs: dict[str, Any], best: Decimal | None, _: LeafOutcome
) -> _Ladder:
    if inputs["yes"]:
        return _NO_LADDER
    return _Ladder(1, lambda i: Answer(value=True))


def _choice_ladder(
    regime: Regime,
    leaf: Leaf,
    answer: Answer,
    inputs: dict[str, Any],
    best: Decimal | None,
    current: LeafOutcome,
) -> _Ladder:
    choice = leaf.criterion.indicator
    assert isinstance(choice, Choice)
    # Levels are ordered by what they score (then fraction, then declared order), so the ladder's
    # points rise with its positions whatever the rule makes of fraction and level.
    scored = []
    for position, level in enumerate(choice.levels):
        points = score_answer(regime, leaf, Answer(value=level.id), best).points
        if points > current.points:
            scored.append((points, level.fraction, position, level.id))
    scored.sort()
    ids = [level_id for *_, level_id in scored]
    return _Ladder(len(ids), lambda i: Answer(value=ids[i - 1]))


_LadderMaker = Callable[[Regime, Leaf, Answer, dict[str, Any], Decimal | None, LeafOutcome], _Ladder]
_LADDERS: Mapping[str, _LadderMaker] = {
    "ratio": _ratio_ladder,
    "count": _count_ladder,
    "number": _number_ladder,
    "yes_no": _yes_no_ladder,
    "choice": _choice_ladder,
}
