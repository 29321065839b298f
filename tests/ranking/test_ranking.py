"""Ranking within groups: competition and dense ranks, ties, and independence from input order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import itcriteria
from builders import build, leaf, ratio


def entries(*totals: Any, group: str = "so") -> list[dict[str, Any]]:
    prefix = "u" if group == "so" else f"{group}-"
    return [{"unit": f"{prefix}{i}", "group": group, "total": total} for i, total in enumerate(totals)]


def test_competition_ranking_skips_after_ties() -> None:
    """Tied totals share a rank and the next rank is skipped (1, 2, 2, 4), as national rankings publish."""
    rows = itcriteria.rank(entries("90", "85.5", "85.50", "70"))
    assert [(r.unit, r.rank) for r in rows] == [("u0", 1), ("u1", 2), ("u2", 2), ("u3", 4)]


def test_dense_ranking_does_not_skip() -> None:
    """Dense ranking gives 1, 2, 2, 3."""
    rows = itcriteria.rank(entries(90, 85, 85, 70), method="dense")
    assert [r.rank for r in rows] == [1, 2, 2, 3]


def test_groups_are_ranked_separately(
    example: itcriteria.Regime, example_forms: list[dict[str, Any]]
) -> None:
    """Each unit group has its own ranks, and scorecards carry their band."""
    rows = itcriteria.rank(example.score_all(example_forms))
    by_group: dict[str, list[int]] = {}
    for row in rows:
        by_group.setdefault(row.group, []).append(row.rank)
    assert by_group == {"so-nganh": [1, 2, 3, 4], "huyen": [1, 2, 3]}
    assert rows[0].unit == "so-tttt" and rows[0].band == "tot" and rows[0].total == Decimal("92.83")


def test_totals_from_elsewhere_are_checked() -> None:
    """Plain mappings need unit, group and a numeric total; duplicates are refused."""
    with pytest.raises(itcriteria.SubmissionError, match="required field missing"):
        itcriteria.rank([{"unit": "a", "total": 1}])
    with pytest.raises(itcriteria.SubmissionError, match="expected a number"):
        itcriteria.rank([{"unit": "a", "group": "g", "total": "x"}])
    with pytest.raises(itcriteria.SubmissionError, match="appears twice"):
        itcriteria.rank(entries(1, 2) + entries(3)[:1])
    with pytest.raises(ValueError, match="unknown method 'olympic'"):
        itcriteria.rank(entries(1), method="olympic")  # type: ignore[arg-type]


totals = st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30)


@given(totals, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_input_order(values: list[Decimal], rnd: Any) -> None:
    """Shuffling the entries gives the same rows."""
    items = entries(*values) + entries(*values[::-1], group="huyen")
    shuffled = items[:]
    rnd.shuffle(shuffled)
    assert sorted(itcriteria.rank(items), key=repr) == sorted(itcriteria.rank(shuffled), key=repr)


@given(totals)
def test_ties_share_a_rank_and_the_next_skips(values: list[Decimal]) -> None:
    """A unit's competition rank is one more than the number of units with a higher total."""
    for row in itcriteria.rank(entries(*values)):
        assert row.rank == 1 + sum(1 for v in values if v > row.total)


def test_percent_without_a_regime_is_rounded_to_two_places_half_up() -> None:
    """Ranked without a regime, a row's percent of its maximum has 2 decimals, half up."""
    rows = itcriteria.rank([{"unit": "a", "group": "so", "total": "72.62", "max": "80"}])
    assert rows[0].percent == Decimal("90.78") and str(rows[0].percent) == "90.78"  # 90.775 exactly


def test_percent_is_rounded_as_the_regime_rounds_points() -> None:
    """Under a regime the percent takes the regime's places and mode (1 place, down: 90.7)."""
    regime = build(leaf("1", 100, ratio()), rounding={"places": 1, "mode": "down"})
    rows = itcriteria.rank([{"unit": "a", "group": "so", "total": "72.62", "max": "80"}], regime=regime)
    assert str(rows[0].percent) == "90.7"


def test_a_percent_basis_ranks_on_the_exact_share_not_the_rounded_percent() -> None:
    """Two shares that round to the same percent still rank apart: rounding never makes a tie."""
    policy = itcriteria.RankingPolicy("p", itcriteria.Text("p"), basis="percent")
    rows = itcriteria.rank(
        [
            {"unit": "a", "group": "so", "total": "72.62", "max": "80"},  # 90.775%
            {"unit": "b", "group": "so", "total": "90.78", "max": "100"},  # 90.78%
        ],
        policy=policy,
    )
    assert [(r.unit, r.rank, str(r.percent)) for r in rows] == [("b", 1, "90.78"), ("a", 2, "90.78")]


def test_every_problem_of_a_total_from_elsewhere_is_listed_at_once() -> None:
    """A mapping entry is structured like every other input: each bad field, an unknown field and an
    entry that is not a mapping are problems named by path and field, all in one SubmissionError."""
    bad = {
        "unit": "Bad Id",
        "name": 5,
        "group": "so",
        "total": "x",
        "parent": "@p",
        "submitted": "31/02/2019",
        "scores": {"1.1": "y"},
        "reason": None,
        "colour": "red",
    }
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.rank([bad, {"unit": "ok", "group": "so"}, 7])
    found = [(p.where, p.field, p.message) for p in caught.value.problems]
    assert found == [
        (
            "entries[0].unit",
            "unit",
            "unit id 'Bad Id' must be lower-case letters, digits, dashes and underscores",
        ),
        ("entries[0].total", "total", "expected a number, got “x”"),
        ("entries[0].name", "name", "expected text, got int 5"),
        (
            "entries[0].parent",
            "parent",
            "unit id '@p' must be lower-case letters, digits, dashes and underscores",
        ),
        (
            "entries[0].submitted",
            "submitted",
            "expected a date as yyyy-mm-dd or dd/mm/yyyy, got '31/02/2019'",
        ),
        ("entries[0].scores['1.1']", "scores", "expected a number, got “y”"),
        ("entries[0]", None, "unknown field(s) colour"),
        ("entries[1].total", "total", "required field missing"),
        (
            "entries[2]",
            None,
            "expected an object with unit, group, total, name, max, band, parent, submitted, scores or "
            "reason, got the number 7",
        ),
    ]


def test_submitted_dates_are_read_as_dd_mm_yyyy_iso_or_dates() -> None:
    """``submitted`` is a date, Vietnamese dd/mm/yyyy text or ISO text, and all three break a tie the
    same way: the form sent earlier ranks first."""
    import datetime as dt

    policy = itcriteria.RankingPolicy(
        "sent", itcriteria.Text("Nộp sớm"), "ordinal", tie_breaks=("submitted",)
    )
    for early, late in [
        ("12/9/2019", "13/09/2019"),
        ("2019-09-12", "2019-09-13"),
        (dt.date(2019, 9, 12), "13/9/2019"),
    ]:
        rows = itcriteria.rank(
            [
                {"unit": "a", "group": "so", "total": 50, "submitted": late},
                {"unit": "b", "group": "so", "total": 50, "submitted": early},
            ],
            policy=policy,
        )
        assert [(r.unit, r.rank, r.submitted) for r in rows] == [
            ("b", 1, dt.date(2019, 9, 12)),
            ("a", 2, dt.date(2019, 9, 13)),
        ]
