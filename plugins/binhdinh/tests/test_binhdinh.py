"""itcriteria-binhdinh: the plugin loads through its entry point, and binhdinh-2018 states what the
documents say, scores example units as worked out by hand, and marks everything not from them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from itcriteria.testing import check_markdown_examples, explained_provenance

README = Path(__file__).resolve().parents[1] / "README.md"

PLUGIN = "binhdinh"
REGIME = "binhdinh-2018"


@pytest.fixture(scope="module")
def registry() -> itcriteria.Registry:
    return itcriteria.load_plugins([PLUGIN])


@pytest.fixture(scope="module")
def regime(registry: itcriteria.Registry) -> itcriteria.Regime:
    return registry.get_regime(REGIME)


def ratio(numerator: int, denominator: int) -> dict[str, int]:
    return {"numerator": numerator, "denominator": denominator}


# Sở Tư pháp: a mid-sized department, strong on signatures and e-office, weak on online services.
TU_PHAP: dict[str, Any] = {
    "unit": {"id": "so-tu-phap", "name": "Sở Tư pháp", "group": "so-nganh"},
    "period": "2018",
    "answers": {
        "1.1": ratio(68, 70), "1.2": ratio(60, 68), "1.3": "1.2", "1.4": ratio(3, 3), "1.5": 6,
        "2.1": 2, "2.2": ratio(1, 2), "2.3": ratio(40, 70),
        "3.1": ratio(2300, 2400), "3.2": ratio(2400, 2500), "3.3": ratio(1800, 2000),
        "3.5": ratio(30, 150), "3.6": ratio(120, 1500), "3.7": ratio(45, 1500), "3.8": ratio(63, 70),
        "4.1": True, "4.2": "ap-dung", "4.3": True, "4.4": False,
        "5.1": ratio(4, 4), "5.2": ratio(3, 4), "5.3": 3,
    },
}  # fmt: skip

# UBND huyện Tuy Phước: a district with 13 communes, the 2018 weak points showing.
TUY_PHUOC: dict[str, Any] = {
    "unit": {"id": "tuy-phuoc", "name": "UBND huyện Tuy Phước", "group": "huyen"},
    "period": "2018",
    "answers": {
        "1.1": ratio(150, 160), "1.2": ratio(120, 150), "1.3": "0.5", "1.4": ratio(5, 13), "1.5": 3,
        "2.1": 1, "2.2": ratio(1, 1), "2.3": ratio(48, 160),
        "3.1": ratio(3100, 3600), "3.2": ratio(3600, 4000), "3.4": ratio(4, 13),
        "3.5": ratio(25, 280), "3.6": ratio(15, 4200), "3.7": ratio(60, 4200), "3.8": ratio(96, 160),
        "4.1": True, "4.2": "ban-hanh", "4.3": False, "4.4": True,
        "5.1": ratio(2, 5), "5.2": ratio(2, 5), "5.3": 1,
    },
}  # fmt: skip

# Sở Ngoại vụ: a small department with no subordinate units and no dossiers in the year.
NGOAI_VU: dict[str, Any] = {
    "unit": {"id": "so-ngoai-vu", "name": "Sở Ngoại vụ", "group": "so-nganh"},
    "period": "2018",
    "answers": {
        "1.1": ratio(24, 24), "1.2": ratio(24, 24), "1.3": "2.4", "1.4": ratio(0, 0), "1.5": 5,
        "2.1": 1, "2.2": ratio(1, 1), "2.3": ratio(24, 24),
        "3.1": ratio(800, 800), "3.2": ratio(800, 820), "3.3": ratio(700, 700),
        "3.5": ratio(2, 6), "3.6": ratio(0, 0), "3.7": ratio(0, 0), "3.8": ratio(24, 24),
        "4.1": True, "4.2": "ap-dung", "4.3": True, "4.4": True,
        "5.1": ratio(3, 3), "5.2": ratio(3, 3), "5.3": 4,
    },
}  # fmt: skip

#: The best bandwidth per staff member (1.3) of each group's cohort: Sở Ngoại vụ's 2.4 Mbps among the
#: departments; among the districts, a city committee's 1.0 Mbps.
BEST_DEPARTMENTS = {"1.3": Decimal("2.4")}
BEST_DISTRICTS = {"1.3": Decimal("1.0")}


def scores(card: itcriteria.ScoreCard, ids: list[str]) -> dict[str, Decimal]:
    return {cid: card.node(cid).score for cid in ids}


# --- Loading -------------------------------------------------------------------------------------------


def test_loads_through_its_entry_point(registry: itcriteria.Registry) -> None:
    """The `binhdinh` entry point loads itcriteria-binhdinh with its regime and nothing failing."""
    assert "itcriteria-binhdinh" in registry.plugins
    assert registry.failures == ()
    assert REGIME in registry.regimes
    assert registry.regimes[REGIME].plugin == "itcriteria-binhdinh"
    assert registry.regimes[REGIME].status == "provisional"


def test_the_regime_in_force_is_found_by_province_and_date() -> None:
    """The regime of Bình Định in force while the 2018 round is ranked is binhdinh-2018."""
    assert itcriteria.get_regime(province="binhdinh", on=dt.date(2019, 1, 15), plugins=[PLUGIN]).id == REGIME
    assert itcriteria.get_regime(province="binhdinh", on="26/12/2018", plugins=[PLUGIN]).id == REGIME
    with pytest.raises(itcriteria.RegimeNotFoundError, match="25/12/2018"):
        itcriteria.get_regime(province="binhdinh", on="25/12/2018", plugins=[PLUGIN])


def test_registers_the_binhdinh_ranking_policy(registry: itcriteria.Registry) -> None:
    """Ranking policy binhdinh ranks with shared ranks (competition) and cites Thông báo 295/TB-UBND."""
    policy = registry.ranking_policy("binhdinh")
    assert policy.method == "competition"
    assert "295/TB-UBND" in policy.source
    assert registry.get_regime(REGIME).ranking_policy == "binhdinh"


# --- What the regime states -------------------------------------------------------------------------------


def test_regime_states_its_legal_basis_and_dates(regime: itcriteria.Regime) -> None:
    """binhdinh-2018 cites 4158/QĐ-UBND, 305/QĐ-UBND and 295/TB-UBND with their dates, and the 2018 year."""
    basis = {b.decision: b.date for b in regime.legal_basis}
    assert basis["4158/QĐ-UBND"] == dt.date(2015, 11, 18)
    assert basis["305/QĐ-UBND"] == dt.date(2017, 2, 7)
    assert basis["295/TB-UBND"] == dt.date(2018, 12, 26)
    assert basis["2342/QĐ-BTTTT"] == dt.date(2017, 12, 18)
    assert regime.province == "binhdinh"
    assert regime.effective == itcriteria.Period(dt.date(2018, 12, 26))
    assert regime.evaluation_window == itcriteria.Period(dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert regime.notes is not None and "4158/QĐ-UBND" in regime.notes.vi


def test_ranking_is_agreed_and_submitted_for_approval(regime: itcriteria.Regime) -> None:
    """The round ends with the Sở TT&TT agreeing the ranking and submitting it, per 295/TB-UBND."""
    [milestone] = regime.milestones
    assert milestone.id == "thong-nhat-xep-hang"
    assert "phê duyệt" in milestone.title.vi
    assert milestone.source.startswith("Thông báo 295/TB-UBND (26/12/2018)")
    assert milestone.by == dt.date(2019, 2, 28)
    assert milestone.provenance == "assumed"  # the notice gives no date


def test_two_groups_of_100_points_in_five_readiness_groups(regime: itcriteria.Regime) -> None:
    """Departments and district committees have 100 points each, in the five readiness-index groups."""
    assert [(g.id, g.max_total) for g in regime.groups] == [
        ("so-nganh", Decimal(100)),
        ("huyen", Decimal(100)),
    ]
    assert regime.max_points("so-nganh") == regime.max_points("huyen") == 100
    assert [(c.id, c.title.en, c.max) for c in regime.criteria] == [
        ("1", "Technical infrastructure", Decimal(20)),
        ("2", "Human resources", Decimal(15)),
        ("3", "IT application", Decimal(40)),
        ("4", "Policy and organisational environment", Decimal(10)),
        ("5", "Leaders' attention", Decimal(15)),
    ]
    for group in ("so-nganh", "huyen"):
        for top in regime.criteria:
            children = [c.max for c in top.children if c.applies_to(group)]
            assert sum(children) == top.max, (group, top.id)


def test_the_2018_priorities_are_criteria(regime: itcriteria.Regime) -> None:
    """Each priority of 295/TB-UBND is a sub-criterion citing it; commune e-office is for districts only."""
    priorities = {
        "3.1": "chữ ký số",
        "3.4": "Văn phòng điện tử cấp xã",
        "3.5": "dịch vụ công trực tuyến",
        "3.6": "dịch vụ công trực tuyến",
        "3.7": "bưu chính công ích",
        "5.1": "lãnh đạo",
        "5.2": "lãnh đạo",
    }
    for cid, theme in priorities.items():
        source = regime.criterion(cid).source
        assert "295/TB-UBND" in source and theme in source, cid
    assert regime.criterion("3.1").benchmark == itcriteria.Benchmark(ratio=Decimal(1))  # 100% of target
    assert regime.criterion("3.4").groups == ("huyen",)
    assert regime.criterion("3.3").groups == ("so-nganh",)
    assert {c.id for c in regime.leaves("huyen")} - {c.id for c in regime.leaves("so-nganh")} == {"3.4"}


# --- Golden scorecards ----------------------------------------------------------------------------------


def test_golden_scorecard_so_tu_phap(regime: itcriteria.Regime) -> None:
    """Sở Tư pháp scores the points worked out by hand, 73.92 of 100, class Khá."""
    card = regime.score(TU_PHAP, best=BEST_DEPARTMENTS)
    assert scores(card, ["1.1", "1.2", "1.3", "1.4", "1.5", "1"]) == {
        "1.1": Decimal("4.86"),  # 68/70 × 5 = 4.857… → 4.86
        "1.2": Decimal("2.65"),  # 60/68 × 3 = 2.647… → 2.65
        "1.3": Decimal("2.00"),  # 1.2 / best 2.4 × 4 = 2
        "1.4": Decimal("3.00"),  # 3/3 × 3
        "1.5": Decimal("5"),  # 6 applications × 1, at most 5
        "1": Decimal("17.51"),  # 4.86 + 2.65 + 2 + 3 + 5
    }
    assert scores(card, ["2.1", "2.2", "2.3", "2"]) == {
        "2.1": Decimal("5"),  # 2 IT staff → 5
        "2.2": Decimal("2.00"),  # 1/2 × 4
        "2.3": Decimal("3.43"),  # 40/70 × 6 = 3.428… → 3.43
        "2": Decimal("10.43"),
    }
    assert scores(card, ["3.1", "3.2", "3.3", "3.5", "3.6", "3.7", "3.8", "3"]) == {
        "3.1": Decimal("7.67"),  # 2300/2400 × 8 = 7.666… → 7.67
        "3.2": Decimal("5.76"),  # 2400/2500 = 0.96 × 6
        "3.3": Decimal("5.40"),  # 1800/2000 = 0.9 × 6
        "3.5": Decimal("0.80"),  # 30/150 = 0.2 × 4
        "3.6": Decimal("1"),  # 120/1500 = 0.08: ≥ 0.01 but < 0.1 → 1
        "3.7": Decimal("1"),  # 45/1500 = 0.03: ≥ 0.01 but < 0.05 → 1
        "3.8": Decimal("3.60"),  # 63/70 = 0.9 × 4
        "3": Decimal("25.23"),  # 7.67 + 5.76 + 5.40 + 0.80 + 1 + 1 + 3.60
    }
    assert card.node("4").score == Decimal("8")  # plan 3 + rules applied 3 + e-office rules 2 + no funds 0
    assert card.node("4.2").score == 3
    assert scores(card, ["5.1", "5.2", "5.3", "5"]) == {
        "5.1": Decimal("6"),  # 4/4 × 6
        "5.2": Decimal("3.75"),  # 3/4 × 5
        "5.3": Decimal("3"),  # 3 meetings → 3
        "5": Decimal("12.75"),
    }
    # 17.51 + 10.43 + 25.23 + 8 + 12.75 = 73.92 of 100 → 73.92%: Khá (70 ≤ x < 85)
    assert card.total == Decimal("73.92")
    assert card.max_total == 100
    assert card.band is not None and card.band.id == "kha"
    assert card.node("3.1").benchmark_met is False  # 95.8% of documents signed, benchmark 100%
    assert card.node("3.8").benchmark_met is True  # 90% on official e-mail, benchmark 90%


def test_golden_scorecard_huyen_tuy_phuoc(regime: itcriteria.Regime) -> None:
    """UBND huyện Tuy Phước scores the points worked out by hand, 51.84 of 100, class Trung bình."""
    card = regime.score(TUY_PHUOC, best=BEST_DISTRICTS)
    assert scores(card, ["1.1", "1.2", "1.3", "1.4", "1.5", "1"]) == {
        "1.1": Decimal("4.69"),  # 150/160 = 0.9375 × 5 = 4.6875 → 4.69 (half up)
        "1.2": Decimal("2.40"),  # 120/150 = 0.8 × 3
        "1.3": Decimal("2.00"),  # 0.5 / best 1.0 × 4
        "1.4": Decimal("1.15"),  # 5/13 × 3 = 1.1538… → 1.15
        "1.5": Decimal("3"),  # 3 applications × 1
        "1": Decimal("13.24"),  # 4.69 + 2.40 + 2 + 1.15 + 3
    }
    assert card.node("2").score == Decimal("8.80")  # 1 IT staff → 3; 1/1 × 4 = 4; 48/160 = 0.3 × 6 = 1.80
    assert scores(card, ["3.1", "3.2", "3.4", "3.5", "3.6", "3.7", "3.8", "3"]) == {
        "3.1": Decimal("6.89"),  # 3100/3600 × 8 = 6.888… → 6.89
        "3.2": Decimal("5.40"),  # 3600/4000 = 0.9 × 6
        "3.4": Decimal("1.85"),  # 4/13 communes × 6 = 1.846… → 1.85
        "3.5": Decimal("0.36"),  # 25/280 × 4 = 0.357… → 0.36
        "3.6": Decimal("0"),  # 15/4200 = 0.0036 < 0.01 → 0
        "3.7": Decimal("1"),  # 60/4200 = 0.0143 ≥ 0.01 → 1
        "3.8": Decimal("2.40"),  # 96/160 = 0.6 × 4
        "3": Decimal("17.90"),  # 6.89 + 5.40 + 1.85 + 0.36 + 0 + 1 + 2.40
    }
    assert card.node("4").score == Decimal("6.50")  # plan 3 + rules issued only 1.5 + none 0 + funds 2
    assert scores(card, ["5.1", "5.2", "5.3", "5"]) == {
        "5.1": Decimal("2.40"),  # 2/5 × 6
        "5.2": Decimal("2.00"),  # 2/5 × 5
        "5.3": Decimal("1"),  # 1 meeting → 1
        "5": Decimal("5.40"),
    }
    # 13.24 + 8.80 + 17.90 + 6.50 + 5.40 = 51.84 of 100: Trung bình (50 ≤ x < 70)
    assert card.total == Decimal("51.84")
    assert card.band is not None and card.band.id == "trung-binh"
    assert card.node("3.4").benchmark_met is False  # commune e-office, the 2018 weak point


def test_golden_scorecard_so_ngoai_vu_with_criteria_not_applicable(regime: itcriteria.Regime) -> None:
    """Sở Ngoại vụ's zero denominators leave 1.4, 3.6, 3.7 out: 80.18 of 85, 94.3%, class Tốt."""
    card = regime.score(NGOAI_VU, best=BEST_DEPARTMENTS)
    assert scores(card, ["1.3", "1.4", "1"]) == {
        "1.3": Decimal("4"),  # 2.4 / best 2.4 × 4: the best unit gets full points
        "1.4": Decimal("0"),  # no subordinate units: not applicable
        "1": Decimal("17"),  # 5 + 3 + 4 + 5, of 20 − 3 = 17
    }
    assert card.node("1").max == 17
    assert not card.node("1.4").applicable and card.node("1.4").max == 0
    assert card.node("2").score == 13  # 1 IT staff → 3; 1/1 × 4; 24/24 × 6
    assert scores(card, ["3.2", "3.5", "3"]) == {
        "3.2": Decimal("5.85"),  # 800/820 × 6 = 5.853… → 5.85
        "3.5": Decimal("1.33"),  # 2/6 × 4 = 1.333… → 1.33
        "3": Decimal("25.18"),  # 8 + 5.85 + 6 + 1.33 + 4, of 40 − 6 − 6 = 28
    }
    assert card.node("3").max == 28
    assert (card.node("4").score, card.node("5").score) == (Decimal(10), Decimal(15))
    # 17 + 13 + 25.18 + 10 + 15 = 80.18 of 100 − 3 − 6 − 6 = 85 → 80.18 / 85 = 94.3%: Tốt (≥ 85%)
    assert card.total == Decimal("80.18")
    assert card.max_total == 85
    assert card.band is not None and card.band.id == "tot"


def test_cohort_scoring_normalises_bandwidth_within_each_group_and_ranks(
    regime: itcriteria.Regime, registry: itcriteria.Registry
) -> None:
    """score_all takes the best bandwidth per group, and ranking under binhdinh is within each group."""
    cards = {c.unit.id: c for c in regime.score_all([TU_PHAP, TUY_PHUOC, NGOAI_VU])}
    assert cards["so-tu-phap"].total == Decimal("73.92")  # best of the departments is 2.4, as above
    # Tuy Phước is the only district here, so the best is its own 0.5: 1.3 = 4, 51.84 − 2 + 4 = 53.84
    assert cards["tuy-phuoc"].node("1.3").score == 4
    assert cards["tuy-phuoc"].total == Decimal("53.84")
    rows = itcriteria.rank(cards.values(), policy=registry.ranking_policy("binhdinh"))
    assert [(r.group, r.unit, r.rank, r.band) for r in rows] == [
        ("so-nganh", "so-ngoai-vu", 1, "tot"),
        ("so-nganh", "so-tu-phap", 2, "kha"),
        ("huyen", "tuy-phuoc", 1, "trung-binh"),
    ]


# --- Provisional markers ---------------------------------------------------------------------------------

#: No official text gives any criterion of this set (the annex of 4158/QĐ-UBND is not reachable), so
#: every criterion is derived or assumed.
NOT_OFFICIAL = {
    "1", "1.1", "1.2", "1.3", "1.4", "1.5",
    "2", "2.1", "2.2", "2.3",
    "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8",
    "4", "4.1", "4.2", "4.3", "4.4",
    "5", "5.1", "5.2", "5.3",
}  # fmt: skip
ASSUMED = {"1", "2", "3", "4", "5", "2.1", "3.6", "3.7", "5.3"}


def test_non_official_criteria_are_exactly_the_expected_ones(regime: itcriteria.Regime) -> None:
    """Exactly the expected criteria are not official, each with a source; so the regime is provisional."""
    assert {c.id for c in regime.walk() if c.provenance != "official"} == NOT_OFFICIAL
    assert {c.id for c in regime.walk() if c.provenance == "assumed"} == ASSUMED
    assert all(c.source.strip() for c in regime.walk())
    assert all(b.provenance == "assumed" and b.source for b in regime.bands)
    assert regime.status == "provisional" and regime.is_provisional


@pytest.mark.parametrize(
    ("form", "best"), [(TU_PHAP, BEST_DEPARTMENTS), (TUY_PHUOC, BEST_DISTRICTS), (NGOAI_VU, BEST_DEPARTMENTS)]
)
def test_explanation_marks_exactly_the_non_official_leaves(
    regime: itcriteria.Regime, form: dict[str, Any], best: dict[str, Decimal]
) -> None:
    """The English explanation flags the regime as provisional and marks each non-official criterion."""
    card = regime.score(form, best=best)
    text = card.explain("en")
    assert "[PROVISIONAL: some criteria are not from an official text]" in text
    shown = explained_provenance(card)
    assert shown == {c.id: c.provenance for c in regime.walk(card.group)}
    assert {cid for cid, kind in shown.items() if kind != "official"} == NOT_OFFICIAL & set(shown)
    assert "[assumed, not from an official text]" in text and "[derived, not from an official text]" in text


# --- README ---------------------------------------------------------------------------------------------


def test_readme_examples_print_what_they_say(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``print(...)  # expected`` line of the README's Python examples prints the expected text."""
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "binhdinh")  # the examples use the default registry
    assert check_markdown_examples(README) >= 1
