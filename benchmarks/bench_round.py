"""`itcriteria round` at national scale: 12,000 generated units of binhthuan-2019, end to end.

Run by hand: ``.venv/bin/python benchmarks/bench_round.py [--units N] [--rounds R] [--profile]``.
The round is ``scale.province`` (the example round's forms varied over the units, spread over the
regime's groups, deterministic seed, late and missing forms, appraisal records). Each candidate runs
it and renders the report as ``itcriteria round`` prints it (``render_round``); reading the round
file is left out (it is the forms' own benchmark). ``old`` is the implementation before issue 16
(every gap's reach searched, every ladder built, the leaf searches of a card built once for the
common gaps and again for the unit's gaps), copied below; ``new`` is the library's. One run checks
that both print the same report byte for byte, then prints both, interleaved in CPU time, with
their ratio and the 8 s target. ``--profile`` prints a cProfile summary of one ``new`` run instead."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs
import timing
from scale import province

import itcriteria
from itcriteria.exceptions import ArgumentError
from itcriteria.improvement import CommonGap, Gap, Reach, UnitGaps, render_common_gaps
from itcriteria.improvement.improve import LeafOutcome, LeafSearch, leaf_searches
from itcriteria.rounds import REPORT_LABELS, RoundResult, render_round
from itcriteria.rounds import report as report_module

UNITS = 12_000
TARGET_SECONDS = 8.0
#: The old implementation's time for 12,000 units as issue 16 measured it, on a less loaded machine.
ISSUE_OLD_SECONDS = (20.0, 24.0)


def new(round_: itcriteria.Round) -> str:
    """The report as ``itcriteria round`` prints it now."""
    return render_round(round_.run(), "vi")


def old(round_: itcriteria.Round) -> str:
    """The report as it was printed before issue 16: the same, with the old gap analysis."""
    result = round_.run()
    saved = report_module._gap_summary
    report_module._gap_summary = _old_gap_summary  # type: ignore[assignment]
    try:
        return render_round(result, "vi")
    finally:
        report_module._gap_summary = saved


# --- The gap analysis before issue 16 ---------------------------------------------------------------


def _old_gap_summary(result: RoundResult, lang: str, top: int) -> str:
    per_group: Counter[str] = Counter()
    shown = []
    for common in _old_common_gaps(result.cards.values()):
        per_group[common.group] += 1
        if per_group[common.group] <= top:
            shown.append(common)
    lines = [
        render_common_gaps(shown, lang, result.regime),
        "",
        REPORT_LABELS["unit_gaps"].get(lang).format(top=top),
    ]
    for unit_id in result.cards:
        lines.append(f"  {unit_id}")
        for gap in _old_gaps(result.cards[unit_id]).gaps[:top]:
            reach = gap.to_benchmark or gap.to_full
            how = f": {reach.describe(lang)}" if reach is not None else ""
            lines.append(f"    {gap.id} −{gap.lost}{how}")
    return "\n".join(lines)


def _eager_searches(card: itcriteria.ScoreCard) -> dict[str, LeafSearch]:
    """The leaf searches of a card with every ladder built, as they were made before issue 16."""
    searches = leaf_searches(card)
    for search in searches.values():
        assert search.size >= 0  # builds the ladder
    return searches


def _old_gaps(card: itcriteria.ScoreCard) -> UnitGaps:
    found = []
    for search in _eager_searches(card).values():
        gap = _old_gap(search)
        if gap is not None:
            found.append(gap)
    return UnitGaps(card, tuple(sorted(found, key=lambda gap: -gap.lost)))


@attrs.frozen
class _EagerGap:
    """The Gap of before issue 16: both reaches computed when the gap is made."""

    criterion: itcriteria.Criterion
    answer: itcriteria.Answer
    points: Decimal
    max: Decimal
    benchmark_met: bool | None
    to_benchmark: Reach | None
    to_full: Reach | None

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def lost(self) -> Decimal:
        return self.max - self.points


def _old_gap(search: LeafSearch) -> Gap | None:
    if not search.applicable:
        return None
    criterion, current = search.criterion, search.current
    short = current.points < criterion.max
    below = current.benchmark_met is False
    if not short and not below:
        return None
    to_benchmark = _old_reach(search, "benchmark", lambda o: o.benchmark_met is True) if below else None
    to_full = None
    if short:
        maximum = criterion.max
        to_full = _old_reach(search, "full", lambda outcome: outcome.points >= maximum)
    gap = _EagerGap(
        criterion, current.answer, current.points, criterion.max, current.benchmark_met, to_benchmark, to_full
    )
    return gap  # type: ignore[return-value]


def _old_reach(search: LeafSearch, goal: Any, holds: Callable[[LeafOutcome], bool]) -> Reach:
    searched = search.criterion.higher_is_better
    found = search.first(holds, low=1) if search.searchable else None
    change = None if found is None else search.change(found)
    return Reach(search.criterion, goal, search.current.answer, change, searched)


def _old_common_gaps(cards: Iterable[itcriteria.ScoreCard]) -> tuple[CommonGap, ...]:
    cards = list(cards)
    if not cards:
        return ()
    regime = cards[0].regime
    others = sorted({card.regime.id for card in cards} - {regime.id})
    if others:
        raise ArgumentError(f"mixed regimes {others}")
    tallies: dict[tuple[str, str], _OldTally] = {}
    for card in cards:
        for search in _eager_searches(card).values():
            if not search.applicable:
                continue
            tally = tallies.setdefault((card.group, search.criterion.id), _OldTally(search.criterion))
            tally.add(card.unit.id, search.current)
    order = {cid: i for i, cid in enumerate(c.id for c in regime.walk())}
    groups = {group.id: i for i, group in enumerate(regime.groups)}
    common = [tally.common(group) for (group, _), tally in tallies.items() if tally.missed_by]
    common.sort(
        key=lambda c: (groups.get(c.group, len(groups)), -c.missed, -c.short_of_max, -c.lost, order[c.id])
    )
    return tuple(common)


@attrs.define
class _OldTally:
    criterion: itcriteria.Criterion
    units: int = 0
    below: int = 0
    short: int = 0
    lost: Decimal = Decimal(0)
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
            group,
            self.criterion,
            self.units,
            self.below,
            self.short,
            self.lost,
            tuple(unit for _, unit in ranked),
        )


# --- Running ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=UNITS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="a cProfile summary of one new run")
    parser.add_argument("--sort", default="cumulative", help="the profile's sort key (tottime, ...)")
    args = parser.parse_args()
    round_ = province(args.units)
    print(
        f"{round_.regime.id}: {len(round_.units)} units over {len(round_.regime.groups)} groups, "
        f"{len(round_.submissions)} forms, {len(round_.adjustments)} appraisal records"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(new, round_)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)
        return
    before, after = old(round_), new(round_)
    assert before == after, "the reports differ"
    print(f"same report from both ({len(after.encode())} bytes)")
    times = timing.compare({"old": lambda: old(round_), "new": lambda: new(round_)}, args.rounds)
    print(timing.report(times, limit=TARGET_SECONDS * args.units / UNITS))
    ratio = statistics.median(times["new"]) / statistics.median(times["old"])
    low, high = ISSUE_OLD_SECONDS
    print(
        f"new/old {ratio:.3f}: against the old implementation's {low:g}–{high:g} s on an idle machine "
        f"(issue 16), new would take {ratio * low:.1f}–{ratio * high:.1f} s"
    )


if __name__ == "__main__":
    main()
