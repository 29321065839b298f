"""Gaps found lazily (issue 16): a gap's reach is searched for only when asked, a round shares each
card's leaf searches between its common gaps and its units' gaps, and all of it gives exactly what
the eager computation gave, whatever is asked first."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itcriteria
from itcriteria.improvement import GapAnalysis, Reach
from itcriteria.improvement.gaps import common_gaps, gaps
from itcriteria.improvement.improve import LeafOutcome, LeafSearch, leaf_searches
from itcriteria.rounds import render_round
from itcriteria.testing import cohorts, regimes

EXAMPLES = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"

Eager = tuple[str, object, object, object, object, Reach | None, Reach | None]


def eager_gaps(card: itcriteria.ScoreCard) -> list[Eager]:
    """The gaps of ``card`` as computed before issue 16: every leaf's ladder built, both reaches
    searched by plain bisection over the whole ladder, most points lost first."""
    found = []
    for search in leaf_searches(card).values():
        assert search.size >= 0  # the ladder, built up front as it was
        if not search.applicable:
            continue
        criterion, current = search.criterion, search.current
        short = current.points < criterion.max
        below = current.benchmark_met is False
        if not short and not below:
            continue
        maximum = criterion.max
        to_benchmark = eager_reach(search, "benchmark", lambda o: o.benchmark_met is True) if below else None
        to_full = eager_reach(search, "full", lambda o, top=maximum: o.points >= top) if short else None
        row = (
            criterion.id,
            current.answer,
            current.points,
            maximum,
            current.benchmark_met,
            to_benchmark,
            to_full,
        )
        found.append(row)
    return sorted(found, key=lambda row: -(row[3] - row[2]))  # type: ignore[operator]


def eager_reach(search: LeafSearch, goal: str, holds: Callable[[LeafOutcome], bool]) -> Reach:
    found = search.first(holds, low=1) if search.searchable else None
    change = None if found is None else search.change(found)
    return Reach(search.criterion, goal, search.current.answer, change, search.criterion.higher_is_better)  # type: ignore[arg-type]


def lazy_rows(report: itcriteria.UnitGaps, full_first: bool = False) -> list[Eager]:
    """The gaps of a report as rows like ``eager_gaps``'s, asking for each reach in the order given."""
    rows = []
    for gap in report:
        if full_first:
            to_full, to_benchmark = gap.to_full, gap.to_benchmark
        else:
            to_benchmark, to_full = gap.to_benchmark, gap.to_full
        rows.append((gap.id, gap.answer, gap.points, gap.max, gap.benchmark_met, to_benchmark, to_full))
    return rows


@given(st.data())
def test_lazy_gaps_equal_the_eager_computation_on_generated_forms(data: st.DataObject) -> None:
    """On generated regimes and cohorts, gaps() and a round's shared gap analysis give the eager
    computation's gaps and reaches, in its order, whichever reach is asked for first."""
    regime = data.draw(regimes(max_leaves=6))
    cards = regime.score_all(data.draw(cohorts(regime, max_size=4)))
    full_first = data.draw(st.booleans())
    analysis = GapAnalysis({card.unit.id: card for card in cards})
    for card in cards:
        expected = eager_gaps(card)
        assert lazy_rows(gaps(card), full_first) == expected
        assert lazy_rows(analysis.gaps(card.unit.id), not full_first) == expected
        assert analysis.gaps(card.unit.id) == gaps(card)
    assert analysis.common_gaps() == common_gaps(cards)


@pytest.fixture(scope="module")
def example_round() -> itcriteria.RoundResult:
    return itcriteria.load_round(EXAMPLES / "binhthuan-2019-round.json").run()


def test_a_rounds_gaps_equal_the_eager_computation(example_round: itcriteria.RoundResult) -> None:
    """Every unit of the bundled round, appraised points included, has the eager computation's gaps,
    and asking twice gives the same report object, its reaches searched once."""
    for unit_id, card in example_round.cards.items():
        report = example_round.gaps(unit_id)
        assert lazy_rows(report) == eager_gaps(card)
        assert example_round.gaps(unit_id) is report
        assert all(gap.to_full is gap.to_full and gap.to_benchmark is gap.to_benchmark for gap in report)


def test_the_round_report_searches_only_the_reaches_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering the round report searches one reach for each gap it shows (three a unit), not the
    reaches of every gap, and builds each card's leaf searches once for the common and unit gaps."""
    result = itcriteria.load_round(EXAMPLES / "binhthuan-2019-round.json").run()
    searched: list[str] = []
    built: list[str] = []
    first, make = LeafSearch.first, leaf_searches

    def counted_first(self: LeafSearch, *args: object, **kwargs: object) -> LeafOutcome | None:
        searched.append(self.criterion.id)
        return first(self, *args, **kwargs)  # type: ignore[arg-type]

    def counted_searches(card: itcriteria.ScoreCard) -> dict[str, LeafSearch]:
        built.append(card.unit.id)
        return make(card)

    monkeypatch.setattr(LeafSearch, "first", counted_first)
    # the module, not the function of the same name the subpackage exports
    monkeypatch.setattr(sys.modules["itcriteria.improvement.gaps"], "leaf_searches", counted_searches)
    render_round(result, "en")
    shown = sum(min(3, len(result.gaps(unit_id))) for unit_id in result.cards)
    every = sum(
        (gap.benchmark_met is False) + (gap.points < gap.max)
        for unit in result.cards
        for gap in result.gaps(unit)
    )
    assert len(searched) <= shown < every
    assert sorted(built) == sorted(result.cards)
