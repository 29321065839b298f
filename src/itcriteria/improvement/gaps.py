"""The gap report: every sub-criterion where a unit falls short, and what closing the gap takes.

Per unit (:func:`gaps`), each sub-criterion below its benchmark or short of its maximum, most points
lost first, with the least answer that reaches the benchmark and the least that gives full points, as
data and as text in the form's own terms ("ratio 62/100, benchmark 80%: 18 more “Documents sent
electronically” (80/100)"). Per round (:func:`common_gaps`), which sub-criteria most units of each
group miss. The answers are found by :mod:`itcriteria._improve`, by scoring them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from .._core import ZERO, check_lang, formats, terms, to_decimal
from ..exceptions import ArgumentError
from ..model import Answer, Benchmark, Choice, Count, Criterion, Number, Ratio
from ..regimes import Regime
from ..scoring import EXPLAIN_LABELS, ScoreCard, Shown, describe_benchmark
from .improve import AnswerChange, LeafOutcome, LeafSearch, OfCard, leaf_searches

Goal = Literal["benchmark", "full"]

#: Own sentences on top of the explanations' labels (unit, total, points, benchmark, …) and the
#: catalogue's terms.
_OWN = {
    "vi": {
        "gaps": "Tiêu chí chưa đạt điểm chuẩn hoặc chưa đủ điểm (mất nhiều điểm nhất trước)",
        "no_gaps": "Đạt mọi điểm chuẩn và đủ điểm mọi tiêu chí",
        "value": "giá trị",
        "to_benchmark": "đạt điểm chuẩn",
        "to_full": "đủ điểm",
        "more": "thêm {amount} “{label}”",
        "raise": "tăng “{label}” thêm {amount} (lên {value})",
        "answer_yes": "trả lời có",
        "choose": "chọn “{level}”",
        "unreachable": "không thay đổi nào của câu trả lời đạt được",
        "not_searched": "không tìm: điểm có thể giảm khi câu trả lời tăng",
        "common": "Tiêu chí nhiều đơn vị chưa đạt",
        "below": "{missed}/{units} đơn vị dưới điểm chuẩn {benchmark}",
        "short": "{missed} chưa đủ điểm",
        "short_only": "{missed}/{units} đơn vị chưa đủ điểm",
        "lost_total": "mất tổng cộng {lost} điểm",
        "none_missed": "Không có tiêu chí nào bị bỏ lỡ",
    },
    "en": {
        "gaps": "Sub-criteria below benchmark or short of full points (most points lost first)",
        "no_gaps": "Every benchmark met and every sub-criterion at full points",
        "value": "value",
        "to_benchmark": "to benchmark",
        "to_full": "to full points",
        "more": "{amount} more “{label}”",
        "raise": "“{label}” up by {amount} (to {value})",
        "answer_yes": "answer yes",
        "choose": "choose “{level}”",
        "unreachable": "no change of the answer reaches it",
        "not_searched": "not searched: points may fall as the answer rises",
        "common": "Sub-criteria most units miss",
        "below": "{missed}/{units} units below benchmark {benchmark}",
        "short": "{missed} short of full points",
        "short_only": "{missed}/{units} units short of full points",
        "lost_total": "{lost} points lost in all",
        "none_missed": "No sub-criterion is missed",
    },
}
_LABELS = {
    lang: {
        **EXPLAIN_LABELS[lang],
        "lost": terms.word("lost", lang),
        "count": terms.word("count", lang),
        "full": terms.word("full_points", lang),
        **_OWN[lang],
    }
    for lang in _OWN
}


def _labels(lang: str) -> dict[str, str]:
    return _LABELS[check_lang(lang)]


@attrs.frozen
class Reach:
    """What reaching one goal of a sub-criterion takes: its ``benchmark``, or ``full`` points.

    ``change`` is the least change of the answer that reaches it (the new answer and the points it
    gives), None when no change of the answer reaches it or when the criterion is not ``searched``
    (``higher_is_better = false``: points may fall as the answer rises).
    """

    criterion: Criterion
    goal: Goal
    before: Answer
    change: AnswerChange | None
    searched: bool = True

    @property
    def reachable(self) -> bool:
        return self.change is not None

    @property
    def answer(self) -> Answer | None:
        """The new answer that reaches the goal."""
        return None if self.change is None else self.change.after

    @property
    def points(self) -> Decimal | None:
        """The points the new answer gives."""
        return None if self.change is None else self.change.points_after

    def describe(self, lang: str = "vi") -> str:
        """The goal and what it takes in the form's terms, e.g. "ratio 62/100, benchmark 80%: 18 more
        “Documents sent electronically” (80/100)"."""
        labels = _labels(lang)
        head = f"{describe_answer(self.criterion, self.before, lang)}, {self._goal(lang)}"
        if self.change is not None:
            return f"{head}: {describe_raise(self.change, lang)}"
        return f"{head}: {labels['unreachable' if self.searched else 'not_searched']}"

    def _goal(self, lang: str) -> str:
        labels = _labels(lang)
        if self.goal == "full":
            return f"{labels['full']} {formats.number(self.criterion.max, lang)}"
        assert self.criterion.benchmark is not None
        return f"{labels['benchmark']} {describe_benchmark(self.criterion.benchmark, lang)}"


@attrs.frozen(eq=False, repr=False)
class Gap:
    """A sub-criterion where the unit falls short: its points, maximum and benchmark verdict, and
    what reaching the benchmark (``to_benchmark``) and full points (``to_full``) take.

    ``to_benchmark`` is None when the criterion has no benchmark or meets it; ``to_full`` is None at
    full points. Each is searched for on first use (a round report shows a few gaps of each unit),
    then remembered.
    """

    criterion: Criterion
    answer: Answer
    points: Decimal
    max: Decimal
    benchmark_met: bool | None
    _search: LeafSearch = attrs.field(alias="search")
    _reaches: dict[Goal, Reach] = attrs.field(init=False, factory=dict)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def lost(self) -> Decimal:
        """Points short of the maximum."""
        return self.max - self.points

    @property
    def benchmark(self) -> Benchmark | None:
        return self.criterion.benchmark

    @property
    def to_benchmark(self) -> Reach | None:
        """What reaching the benchmark takes; None when the criterion has none or meets it."""
        if self.benchmark_met is not False:
            return None
        benchmark = self.criterion.benchmark
        assert benchmark is not None  # it is not met
        search = self._search
        guesses: tuple[int, ...] = ()
        target = benchmark.ratio if benchmark.ratio is not None else benchmark.value
        if not search.searchable:
            pass
        elif benchmark.points is not None:  # met where the rule's points pass a threshold
            guesses = search.threshold_positions()
        elif target is not None:  # met where the ladder's ratio, count or value reaches it
            position = search.position_reaching(target)
            guesses = () if position is None else (position,)
        return self._reach("benchmark", _meets_benchmark, guesses)

    @property
    def to_full(self) -> Reach | None:
        """What reaching full points takes; None at full points."""
        maximum = self.max
        if self.points >= maximum:
            return None
        search = self._search
        guesses = search.threshold_positions() if search.searchable else ()
        return self._reach("full", lambda outcome: outcome.points >= maximum, guesses)

    def _reach(self, goal: Goal, holds: Callable[[LeafOutcome], bool], guesses: Sequence[int]) -> Reach:
        found = self._reaches.get(goal)
        if found is None:  # two threads may search at once: the same answer
            found = self._reaches[goal] = _reach(self._search, goal, holds, guesses)
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Gap):
            return NotImplemented
        return _compared(self) == _compared(other)

    def __hash__(self) -> int:
        return hash(_compared(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(_COMPARED, _compared(self), strict=True))
        return f"Gap({shown})"


#: What a gap is compared and shown by: its fields, and both reaches as found.
_COMPARED = ("criterion", "answer", "points", "max", "benchmark_met", "to_benchmark", "to_full")


def _compared(gap: Gap) -> tuple[object, ...]:
    return tuple(getattr(gap, name) for name in _COMPARED)


@attrs.frozen
class UnitGaps(OfCard):
    """A unit's gaps, most points lost first (then in official order)."""

    card: ScoreCard = attrs.field(repr=False)
    gaps: tuple[Gap, ...]

    @property
    def lost(self) -> Decimal:
        """Points lost on every sub-criterion together."""
        return sum((gap.lost for gap in self.gaps), ZERO)

    def gap(self, criterion_id: str) -> Gap | None:
        """The gap of one sub-criterion, or None when the unit falls short nowhere there."""
        return next((gap for gap in self.gaps if gap.id == criterion_id), None)

    def __iter__(self) -> Iterator[Gap]:
        return iter(self.gaps)

    def __len__(self) -> int:
        return len(self.gaps)


@attrs.frozen
class CommonGap:
    """One sub-criterion across the units of one group in a round.

    ``units`` counts the units it applies to; ``below_benchmark`` those below its benchmark,
    ``short_of_max`` those short of its maximum, ``lost`` the points they lost together, and
    ``missed_by`` their ids, most points lost first. ``missed`` is ``below_benchmark`` for a criterion
    with a benchmark and ``short_of_max`` otherwise.
    """

    group: str
    criterion: Criterion
    units: int
    below_benchmark: int
    short_of_max: int
    lost: Decimal
    missed_by: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def missed(self) -> int:
        return self.below_benchmark if self.criterion.benchmark is not None else self.short_of_max


def gaps(card: ScoreCard) -> UnitGaps:
    """Every sub-criterion of ``card`` below its benchmark or short of its maximum, most points lost
    first (then in official order), each with the least answers that reach the benchmark and full
    points (found when first asked for). Sub-criteria a zero denominator made not applicable are left
    out."""
    return _unit_gaps(card, leaf_searches(card))


def _unit_gaps(card: ScoreCard, searches: Mapping[str, LeafSearch]) -> UnitGaps:
    found = []
    for search in searches.values():
        if not search.applicable:
            continue
        current = search.current
        maximum = search.criterion.max
        if current.points < maximum or current.benchmark_met is False:
            found.append(
                Gap(search.criterion, current.answer, current.points, maximum, current.benchmark_met, search)
            )
    # sorted() is stable: equal losses stay in official order.
    return UnitGaps(card, tuple(sorted(found, key=lambda gap: -gap.lost)))


def _meets_benchmark(outcome: LeafOutcome) -> bool:
    return outcome.benchmark_met is True


def _reach(
    search: LeafSearch, goal: Goal, holds: Callable[[LeafOutcome], bool], guesses: Sequence[int] = ()
) -> Reach:
    """What reaching ``goal`` takes: the least answer for which ``holds``, looked for first at the
    ``guesses`` (positions where it likely is; the answer is the same without them)."""
    searched = search.criterion.higher_is_better
    found = search.first(holds, low=1, guesses=guesses) if search.searchable else None
    change = None if found is None else search.change(found)
    return Reach(search.criterion, goal, search.current.answer, change, searched)


def common_gaps(cards: Iterable[ScoreCard]) -> tuple[CommonGap, ...]:
    """Per unit group, the sub-criteria units miss, most-missed first (``CommonGap.missed``, then most
    units short of full points, most points lost, official order); groups in the regime's order.
    Only sub-criteria some unit falls short on are listed.

    The cards must be of one regime (one round); ItcriteriaError otherwise.
    """
    cards = list(cards)
    return _common_gaps(cards, [leaf_searches(card) for card in cards])


def _common_gaps(
    cards: Sequence[ScoreCard], searches: Iterable[Mapping[str, LeafSearch]]
) -> tuple[CommonGap, ...]:
    if not cards:
        return ()
    regime = cards[0].regime
    others = sorted({card.regime.id for card in cards} - {regime.id})
    if others:
        raise ArgumentError(
            f"common gaps are for one round: cards of regime {regime.id} mixed with {', '.join(others)}"
        )
    tallies: dict[tuple[str, str], _Tally] = {}
    for card, card_searches in zip(cards, searches, strict=True):
        for search in card_searches.values():
            if not search.applicable:
                continue
            tally = tallies.setdefault((card.group, search.criterion.id), _Tally(search.criterion))
            tally.add(card.unit.id, search.current)
    order = {cid: i for i, cid in enumerate(c.id for c in regime.walk())}
    groups = {group.id: i for i, group in enumerate(regime.groups)}
    common = [tally.common(group) for (group, _), tally in tallies.items() if tally.missed_by]
    common.sort(
        key=lambda c: (groups.get(c.group, len(groups)), -c.missed, -c.short_of_max, -c.lost, order[c.id])
    )
    return tuple(common)


@attrs.frozen
class GapAnalysis:
    """The gaps of a round's scorecards (by unit id), worked out on first use and shared.

    Each card's sub-criteria are scored once for both :meth:`common_gaps` and :meth:`gaps`, and a
    gap's reach is searched for only when it is asked for: a report showing three gaps a unit does
    a few searches a unit, a results file listing every reach does each once.
    """

    cards: Mapping[str, ScoreCard] = attrs.field(repr=False)
    _searches: dict[str, Mapping[str, LeafSearch]] = attrs.field(init=False, repr=False, factory=dict)
    _reports: dict[str, UnitGaps] = attrs.field(init=False, repr=False, factory=dict)

    def gaps(self, unit_id: str) -> UnitGaps:
        """The unit's gaps, as :func:`gaps` gives them (the same object each time)."""
        found = self._reports.get(unit_id)
        if found is None:  # two threads may make it at once: equal reports, the first one kept
            found = self._reports.setdefault(unit_id, _unit_gaps(self.cards[unit_id], self._leaves(unit_id)))
        return found

    def common_gaps(self) -> tuple[CommonGap, ...]:
        """The round's common gaps, as :func:`common_gaps` gives them."""
        return _common_gaps(list(self.cards.values()), [self._leaves(unit_id) for unit_id in self.cards])

    def _leaves(self, unit_id: str) -> Mapping[str, LeafSearch]:
        found = self._searches.get(unit_id)
        if found is None:
            found = self._searches.setdefault(unit_id, leaf_searches(self.cards[unit_id]))
        return found


@attrs.define
class _Tally:
    criterion: Criterion
    units: int = 0
    below: int = 0
    short: int = 0
    lost: Decimal = ZERO
    missed_by: list[tuple[Decimal, str]] = attrs.Factory(list)

    def add(self, unit: str, outcome: LeafOutcome) -> None:
        self.units += 1
        lost = self.criterion.max - outcome.points
        below = outcome.benchmark_met is False
        self.below += below
        self.short += lost > 0
        self.lost += lost
        if below or lost > 0:
            self.missed_by.append((lost, unit))

    def common(self, group: str) -> CommonGap:
        ranked = sorted(self.missed_by, key=lambda item: (-item[0], item[1]))
        return CommonGap(
            group=group,
            criterion=self.criterion,
            units=self.units,
            below_benchmark=self.below,
            short_of_max=self.short,
            lost=self.lost,
            missed_by=tuple(unit for _, unit in ranked),
        )


# --- Text in the form's own terms -------------------------------------------------------------------


def describe_answer(criterion: Criterion, answer: Answer, lang: str = "vi") -> str:
    """An answer in the form's terms: "ratio 62/100", "count 2", "“Connected”: no"."""
    labels = _labels(lang)
    indicator = criterion.indicator
    if isinstance(indicator, Ratio):
        return f"{labels['ratio']} {_given(answer.numerator, lang)}/{_given(answer.denominator, lang)}"
    if isinstance(indicator, Choice):
        level = indicator.level(str(answer.value))
        shown = level.title.get(lang) if level is not None else str(answer.value)
        return f"“{indicator.label.get(lang)}”: {shown}"
    assert indicator is not None
    if indicator.kind == "yes_no":
        yes = answer.value is True or str(answer.value).strip().lower() in ("yes", "có", "true", "1")
        return f"“{indicator.label.get(lang)}”: {labels['yes' if yes else 'no']}"
    if isinstance(indicator, Number):
        return f"{labels['value']} {_given(answer.value, lang)}{_unit(indicator, lang)}"
    assert isinstance(indicator, Count)
    return f"{labels['count']} {_given(answer.value, lang)}{_unit(indicator, lang)}"


def describe_raise(change: AnswerChange, lang: str = "vi") -> str:
    """What the change asks in the form's terms: "18 more “Documents sent electronically” (80/100)",
    "answer yes", "choose “Complete”", "“Bandwidth” up by 1.5 (to 4)"."""
    labels = _labels(lang)
    indicator = change.criterion.indicator
    before, after = change.before, change.after
    if isinstance(indicator, Ratio):
        amount = _amount(after.numerator, before.numerator, lang)
        what = labels["more"].format(amount=amount, label=indicator.numerator.get(lang))
        return f"{what} ({_given(after.numerator, lang)}/{_given(after.denominator, lang)})"
    if isinstance(indicator, Choice):
        level = indicator.level(str(after.value))
        return labels["choose"].format(level=level.title.get(lang) if level else after.value)
    assert indicator is not None
    if indicator.kind == "yes_no":
        return labels["answer_yes"]
    amount = _amount(after.value, before.value, lang)
    assert isinstance(indicator, (Number, Count))
    if isinstance(indicator, Number):
        value = f"{_given(after.value, lang)}{_unit(indicator, lang)}"
        return labels["raise"].format(label=indicator.label.get(lang), amount=amount, value=value)
    what = labels["more"].format(amount=amount, label=indicator.label.get(lang))  # a count
    return f"{what} ({_given(after.value, lang)}{_unit(indicator, lang)})"


def describe_change(change: AnswerChange, lang: str = "vi") -> str:
    """A change of answer in the form's terms: "ratio 62/100: 18 more “…” (80/100)"."""
    return f"{describe_answer(change.criterion, change.before, lang)}: {describe_raise(change, lang)}"


def _given(value: object, lang: str) -> str:
    """A number as the form shows it: exactly, never in exponent notation, a decimal comma in
    Vietnamese."""
    if isinstance(value, (Decimal, int, float, str)) and not isinstance(value, bool):
        try:
            return formats.number(to_decimal(value), lang)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _amount(after: object, before: object, lang: str) -> str:
    return formats.number(to_decimal(after) - to_decimal(before), lang)


def _unit(indicator: Number | Count, lang: str) -> str:
    return f" {indicator.unit.get(lang)}" if indicator.unit is not None else ""


# --- Rendering --------------------------------------------------------------------------------------


def render_gaps(unit_gaps: UnitGaps, lang: str = "vi") -> str:
    """A unit's gaps as plain text: the unit and its total, then each gap with what closing it takes."""
    labels = _labels(lang)
    card = unit_gaps.card
    regime = card.regime
    shown = Shown(regime.rounding.places, lang)
    unit = card.unit
    band = card.band.title.get(lang) if card.band else labels["no_band"]
    lines = [
        f"{labels['unit']}: {unit.name} ({unit.id}, {regime.group(unit.group).title.get(lang)})",
        f"{labels['total']}: {shown.points(card.total)} / {shown.number(card.max_total)} — {band}",
    ]
    if regime.is_provisional:
        lines.append(f"  [{labels['provisional']}]")
    if not unit_gaps.gaps:
        lines.append(labels["no_gaps"])
        return "\n".join(lines)
    lines.append(f"{labels['gaps']}:")
    for gap in unit_gaps.gaps:
        head = (
            f"  {gap.id}. {gap.criterion.title.get(lang)}: "
            f"{shown.points(gap.points)} / {shown.number(gap.max)}"
            f", {labels['lost']} {shown.points(gap.lost)}"
        )
        if gap.benchmark is not None and gap.benchmark_met is not None:
            verdict = labels["met" if gap.benchmark_met else "not_met"]
            head += f"; {labels['benchmark']} {describe_benchmark(gap.benchmark, lang)}: {verdict}"
        lines.append(head)
        for reach in (gap.to_benchmark, gap.to_full):
            if reach is None:
                continue
            line = f"      {labels['to_' + reach.goal]}: {reach.describe(lang)}"
            if reach.points is not None:
                line += f" → {shown.points(reach.points)} {labels['points']}"
            lines.append(line)
    return "\n".join(lines)


def render_common_gaps(common: Sequence[CommonGap], lang: str = "vi", regime: Regime | None = None) -> str:
    """The sub-criteria most units miss, per group, as plain text; ``regime`` gives the groups'
    titles and the heading (ids are shown without it)."""
    labels = _labels(lang)
    shown = Shown(regime.rounding.places, lang) if regime is not None else None
    lines = [labels["common"] + (f" — {regime.title.get(lang)} ({regime.id})" if regime else "")]
    if regime is not None and regime.is_provisional:
        lines.append(f"  [{labels['provisional']}]")
    if not common:
        lines.append(labels["none_missed"])
    current = None
    for item in common:
        if item.group != current:
            current = item.group
            title = regime.group(item.group).title.get(lang) if regime is not None else item.group
            lines += ["", title]
        criterion = item.criterion
        if criterion.benchmark is not None:
            benchmark = describe_benchmark(criterion.benchmark, lang)
            parts = [
                labels["below"].format(missed=item.below_benchmark, units=item.units, benchmark=benchmark),
                labels["short"].format(missed=item.short_of_max),
            ]
        else:
            parts = [labels["short_only"].format(missed=item.short_of_max, units=item.units)]
        lost = shown.points(item.lost) if shown else formats.number(item.lost, lang)
        parts.append(labels["lost_total"].format(lost=lost))
        lines.append(f"  {criterion.id}. {criterion.title.get(lang)}: {', '.join(parts)}")
    return "\n".join(lines)
