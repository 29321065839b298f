"""Tests of the Hậu Giang plugin: loading, haugiang-2017, golden scorecards, provisional markers."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from itcriteria.testing import check_markdown_examples, explained_provenance

REGIME_ID = "haugiang-2017"
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def registry() -> itcriteria.Registry:
    return itcriteria.load_plugins(["haugiang"])


@pytest.fixture(scope="module")
def regime(registry: itcriteria.Registry) -> itcriteria.Regime:
    return registry.get_regime(REGIME_ID)


# --- Example units of the 2017 round (figures are realistic, not real). ---------------------------


def so_noi_vu() -> dict[str, Any]:
    """A provincial department."""
    return {
        "unit": {"id": "so-noi-vu", "name": "Sở Nội vụ", "group": "so-nganh"},
        "period": "2017",
        "answers": {
            "1.1": {"numerator": 52, "denominator": 56},
            "1.2": {"numerator": 45, "denominator": 58},
            "1.3": "1.5",
            "1.4": True,
            "2.1": {"numerator": 1240, "denominator": 1385},
            "2.2": {"numerator": 2730, "denominator": 3100},
            "2.3": {"numerator": 520, "denominator": 1240},
            "2.4": "dung-chung",
            "2.7": 3,
            "2.8": {"numerator": 50, "denominator": 56},
            "3.1": "day-du",
            "3.2": 6,
            "4.1": {"numerator": 12, "denominator": 38},
            "4.2": {"numerator": 45, "denominator": 410},
            "4.3": True,
            "5.1": True,
            "5.2": False,
            "5.3": "ban-hanh",
            "6.1": 1,
            "6.2": {"numerator": 1, "denominator": 1},
            "6.3": {"numerator": 20, "denominator": 56},
        },
    }


def huyen_phung_hiep() -> dict[str, Any]:
    """A district committee with 15 communes."""
    return {
        "unit": {"id": "ubnd-phung-hiep", "name": "UBND huyện Phụng Hiệp", "group": "huyen"},
        "period": "2017",
        "answers": {
            "1.1": {"numerator": 98, "denominator": 98},
            "1.2": {"numerator": 90, "denominator": 110},
            "1.3": "2",
            "1.4": True,
            "2.1": {"numerator": 2150, "denominator": 2300},
            "2.2": {"numerator": 3900, "denominator": 4100},
            "2.3": {"numerator": 1800, "denominator": 2150},
            "2.4": "dung-chung-lien-thong",
            "2.6": {"numerator": 12, "denominator": 15},
            "2.8": {"numerator": 80, "denominator": 98},
            "3.1": "day-du",
            "3.2": 10,
            "4.1": {"numerator": 45, "denominator": 240},
            "4.2": {"numerator": 310, "denominator": 520},
            "4.3": True,
            "5.1": True,
            "5.2": True,
            "5.3": "ap-dung",
            "6.1": 2,
            "6.2": {"numerator": 1, "denominator": 2},
            "6.3": {"numerator": 60, "denominator": 98},
        },
    }


def cuc_thong_ke() -> dict[str, Any]:
    """The Statistics Office, a central agency: no administrative procedures of its own in the province."""
    return {
        "unit": {"id": "cuc-thong-ke", "name": "Cục Thống kê tỉnh Hậu Giang", "group": "nganh-doc"},
        "period": "2017",
        "answers": {
            "1.1": {"numerator": 40, "denominator": 40},
            "1.2": {"numerator": 40, "denominator": 42},
            "1.3": "3",
            "1.4": True,
            "2.1": {"numerator": 600, "denominator": 620},
            "2.2": {"numerator": 880, "denominator": 900},
            "2.3": {"numerator": 300, "denominator": 600},
            "2.5": False,
            "2.7": 6,
            "2.8": {"numerator": 40, "denominator": 40},
            "3.1": "mot-phan",
            "3.2": 2,
            "4.1": {"numerator": 0, "denominator": 0},
            "4.2": {"numerator": 0, "denominator": 0},
            "4.3": False,
            "5.1": True,
            "5.2": False,
            "5.3": "ap-dung",
            "6.1": 1,
            "6.2": {"numerator": 1, "denominator": 1},
            "6.3": {"numerator": 30, "denominator": 40},
        },
    }


def scores_of(card: itcriteria.ScoreCard, ids: list[str]) -> dict[str, Decimal]:
    return {cid: card.node(cid).score for cid in ids}


# --- Loading and lookup ----------------------------------------------------------------------------


def test_plugin_loads_through_its_entry_point(registry: itcriteria.Registry) -> None:
    """The installed distribution is found through the ``itcriteria`` entry point and registers its regime."""
    assert "itcriteria-haugiang" in registry.plugins
    assert registry.failures == ()
    assert REGIME_ID in registry.regimes
    assert registry.regimes[REGIME_ID].plugin == "itcriteria-haugiang"
    assert "haugiang" in registry.policies


def test_regime_is_found_by_province_and_date() -> None:
    """A day of 2017, or of the scoring meeting in 02/2018, selects haugiang-2017; 2016 finds nothing."""
    for day in (dt.date(2017, 6, 15), "07/02/2018"):
        found = itcriteria.get_regime(province="haugiang", on=day, plugins=["haugiang"])
        assert found.id == REGIME_ID
    with pytest.raises(itcriteria.RegimeNotFoundError):
        itcriteria.get_regime(province="haugiang", on=dt.date(2016, 12, 31), plugins=["haugiang"])


def test_readme_examples_print_what_they_say(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``print(...)  # expected`` line of the README's Python examples prints the expected text."""
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "haugiang")  # the examples use the default registry
    assert check_markdown_examples(README) >= 1


def test_ranking_policy_ranks_central_agencies_in_their_own_table() -> None:
    """The ``haugiang`` policy competes within groups, names the central agencies and cites the notice."""
    policy = itcriteria.get_ranking_policy("haugiang", plugins=["haugiang"])
    assert policy.method == "competition"
    assert "32/TB-VP.UBND" in policy.source
    assert "own table" in policy.title.en and "Cục Thống kê" in policy.title.vi


# --- What the regime states ------------------------------------------------------------------------


def test_regime_states_groups_dates_and_round_as_the_notice_says(regime: itcriteria.Regime) -> None:
    """Three groups of 100 points (central agencies on their own), yearly, and the round's official dates."""
    assert [g.id for g in regime.groups] == ["so-nganh", "huyen", "nganh-doc"]
    assert "Cục Thống kê" in regime.group("nganh-doc").title.vi
    assert all(regime.max_points(g.id) == 100 for g in regime.groups)
    assert [str(b) for b in regime.legal_basis] == [
        "32/TB-VP.UBND (05/03/2018)",
        "2342/QĐ-BTTTT (18/12/2017)",
    ]
    assert regime.effective == itcriteria.Period(dt.date(2017, 1, 1), dt.date(2018, 3, 5))
    assert regime.evaluation_window == itcriteria.Period(dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert {m.id: m.by for m in regime.milestones} == {
        "hop-thong-qua-ket-qua": dt.date(2018, 2, 7),
        "thong-bao-ket-luan": dt.date(2018, 3, 5),
    }
    assert all(m.provenance == "official" and "32/TB-VP.UBND" in m.source for m in regime.milestones)
    assert regime.cadence == "year" and regime.year_aggregate is None
    assert regime.ranking_policy == "haugiang"
    assert regime.band_basis == "percent"
    assert regime.notes is not None and "CCHC" in regime.notes.vi and "CCHC" in regime.notes.en


def test_weak_points_of_the_notice_weigh_as_criteria(regime: itcriteria.Regime) -> None:
    """Network document exchange, signatures, shared software, level 3-4 services and IT staff score."""
    maxima = {c.id: c.max for c in regime.walk()}
    assert maxima == {
        "1": 15, "1.1": 5, "1.2": 4, "1.3": 3, "1.4": 3,
        "2": 35, "2.1": 8, "2.2": 6, "2.3": 8, "2.4": 5, "2.5": 5, "2.6": 4, "2.7": 4, "2.8": 4,
        "3": 10, "3.1": 5, "3.2": 5,
        "4": 20, "4.1": 8, "4.2": 8, "4.3": 4,
        "5": 8, "5.1": 3, "5.2": 2, "5.3": 3,
        "6": 12, "6.1": 4, "6.2": 4, "6.3": 4,
    }  # fmt: skip
    assert regime.criterion("2.3").title.en == "Share of electronic documents sent digitally signed"
    assert regime.criterion("2.4").groups == ("so-nganh", "huyen")
    assert regime.criterion("2.5").groups == ("nganh-doc",)  # central agencies exchange from their own system
    assert regime.criterion("2.6").groups == ("huyen",)  # the three-level exchange down to the communes
    for cid in ("4.1", "4.2"):
        indicator = regime.criterion(cid).indicator
        assert isinstance(indicator, itcriteria.Ratio) and indicator.zero_denominator == "not_applicable"


# --- Golden scorecards, worked out by hand ---------------------------------------------------------


def test_golden_department(regime: itcriteria.Regime) -> None:
    """Sở Nội vụ scores 67.51 / 100, class Trung bình, leaf by leaf as computed by hand below."""
    card = regime.score(so_noi_vu(), best={"1.3": Decimal("2.5")})
    # 1.1  52/56 = 0.928571… × 5 = 4.642857… → 4.64
    # 1.2  45/58 = 0.775862… × 4 = 3.103448… → 3.10
    # 1.3  1.5 / 2.5 (best department) × 3 = 1.80
    # 1.4  yes → 3                                            criterion 1: 12.54
    # 2.1  1240/1385 = 0.895307… × 8 = 7.162455… → 7.16
    # 2.2  2730/3100 = 0.880645… × 6 = 5.283871… → 5.28
    # 2.3  520/1240 = 0.419… ≥ 0.2 (below 0.5) → 3
    # 2.4  shared software, not exchanging: 0.5 × 5 = 2.50
    # 2.7  3 applications × 1 = 3 (cap 4)
    # 2.8  50/56 = 0.892857… × 4 = 3.571429… → 3.57          criterion 2: 24.51
    # 3.1  complete → 5;  3.2  6 items ≥ 4 → 3                criterion 3: 8
    # 4.1  12/38 = 0.315789… × 8 = 2.526316… → 2.53
    # 4.2  45/410 = 0.109756… ≥ 0.1 → 4;  4.3 yes → 4          criterion 4: 10.53
    # 5.1  yes → 3;  5.2  no → 0;  5.3  issued: 0.5 × 3 = 1.50 criterion 5: 4.50
    # 6.1  1 ≥ 1 → 2;  6.2  1/1 × 4 = 4
    # 6.3  20/56 = 0.357143… × 4 = 1.428571… → 1.43          criterion 6: 7.43
    # total 12.54 + 24.51 + 8 + 10.53 + 4.50 + 7.43 = 67.51 of 100 → 67.51% → Trung bình
    assert scores_of(card, ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "4.1", "4.2", "6.3"]) == {
        "1.1": Decimal("4.64"), "1.2": Decimal("3.10"), "1.3": Decimal("1.80"),
        "2.1": Decimal("7.16"), "2.2": Decimal("5.28"), "2.3": Decimal("3"), "2.4": Decimal("2.50"),
        "4.1": Decimal("2.53"), "4.2": Decimal("4"), "6.3": Decimal("1.43"),
    }  # fmt: skip
    assert scores_of(card, ["1", "2", "3", "4", "5", "6"]) == {
        "1": Decimal("12.54"), "2": Decimal("24.51"), "3": Decimal("8"),
        "4": Decimal("10.53"), "5": Decimal("4.50"), "6": Decimal("7.43"),
    }  # fmt: skip
    assert card.total == Decimal("67.51")
    assert card.max_total == 100
    assert card.band is not None and card.band.id == "trung-binh"
    assert card.node("2.3").benchmark_met is False  # 41.9% of documents signed, benchmark 50%


def test_golden_district(regime: itcriteria.Regime) -> None:
    """UBND huyện Phụng Hiệp scores 85.76 / 100, class Tốt, including the three-level exchange (2.6)."""
    card = regime.score(huyen_phung_hiep(), best={"1.3": Decimal("3.2")})
    # 1.1  98/98 × 5 = 5
    # 1.2  90/110 = 0.818182… × 4 = 3.272727… → 3.27
    # 1.3  2 / 3.2 × 3 = 1.875 → 1.88 (half up)
    # 1.4  yes → 3                                            criterion 1: 13.15
    # 2.1  2150/2300 = 0.934783… × 8 = 7.478261… → 7.48
    # 2.2  3900/4100 = 0.951220… × 6 = 5.707317… → 5.71
    # 2.3  1800/2150 = 0.837… ≥ 0.8 → 8
    # 2.4  shared software, exchanging → 5
    # 2.6  12/15 communes = 0.8 × 4 = 3.20
    # 2.8  80/98 = 0.816327… × 4 = 3.265306… → 3.27          criterion 2: 32.66
    # 3.1  complete → 5;  3.2  10 items ≥ 8 → 5               criterion 3: 10
    # 4.1  45/240 = 0.1875 × 8 = 1.50
    # 4.2  310/520 = 0.596… ≥ 0.5 → 8;  4.3  yes → 4           criterion 4: 13.50
    # 5.1  yes → 3;  5.2  yes → 2;  5.3  applied → 3           criterion 5: 8
    # 6.1  2 ≥ 2 → 4;  6.2  1/2 × 4 = 2
    # 6.3  60/98 = 0.612245… × 4 = 2.448980… → 2.45          criterion 6: 8.45
    # total 13.15 + 32.66 + 10 + 13.50 + 8 + 8.45 = 85.76 of 100 → Tốt
    assert scores_of(card, ["1.2", "1.3", "2.1", "2.2", "2.3", "2.6", "2.8", "4.1", "4.2", "6.3"]) == {
        "1.2": Decimal("3.27"), "1.3": Decimal("1.88"), "2.1": Decimal("7.48"), "2.2": Decimal("5.71"),
        "2.3": Decimal("8"), "2.6": Decimal("3.20"), "2.8": Decimal("3.27"), "4.1": Decimal("1.50"),
        "4.2": Decimal("8"), "6.3": Decimal("2.45"),
    }  # fmt: skip
    assert scores_of(card, ["1", "2", "3", "4", "5", "6"]) == {
        "1": Decimal("13.15"), "2": Decimal("32.66"), "3": Decimal("10"),
        "4": Decimal("13.50"), "5": Decimal("8"), "6": Decimal("8.45"),
    }  # fmt: skip
    assert card.total == Decimal("85.76")
    assert card.max_total == 100
    assert card.band is not None and card.band.id == "tot"


def test_golden_statistics_office(regime: itcriteria.Regime) -> None:
    """Cục Thống kê scores 60.92 of its applicable 84 (no procedures of its own): 72.52%, class Khá."""
    card = regime.score(cuc_thong_ke(), best={"1.3": Decimal("3")})
    # 1.1  40/40 × 5 = 5
    # 1.2  40/42 = 0.952381… × 4 = 3.809524… → 3.81
    # 1.3  3 / 3 (it is the best of its group) × 3 = 3
    # 1.4  yes → 3                                            criterion 1: 14.81
    # 2.1  600/620 = 0.967742… × 8 = 7.741935… → 7.74
    # 2.2  880/900 = 0.977778… × 6 = 5.866667… → 5.87
    # 2.3  300/600 = 0.5 ≥ 0.5 → 6
    # 2.5  its own system does not exchange with the province's → 0
    # 2.7  6 applications × 1 = 6, cap 4 → 4
    # 2.8  40/40 × 4 = 4                                      criterion 2: 27.61
    # 3.1  partial: 0.5 × 5 = 2.50;  3.2  2 items ≥ 1 → 1     criterion 3: 3.50
    # 4.1, 4.2  0/0 procedures → not applicable (max 0 each); 4.3 no → 0
    #                                                         criterion 4: 0 of 4
    # 5.1  yes → 3;  5.2  no → 0;  5.3  applied → 3           criterion 5: 6
    # 6.1  1 → 2;  6.2  1/1 × 4 = 4;  6.3  30/40 = 0.75 × 4 = 3   criterion 6: 9
    # total 14.81 + 27.61 + 3.50 + 0 + 6 + 9 = 60.92
    # maximum 15 + 35 + 10 + 4 + 8 + 12 = 84; 60.92 × 100 / 84 = 72.52% → Khá (on the total it would be
    # Trung bình: the classes are on the share of the applicable maximum)
    assert scores_of(card, ["1.2", "1.3", "2.1", "2.2", "2.3", "2.5", "2.7", "3.1"]) == {
        "1.2": Decimal("3.81"), "1.3": Decimal("3"), "2.1": Decimal("7.74"), "2.2": Decimal("5.87"),
        "2.3": Decimal("6"), "2.5": Decimal("0"), "2.7": Decimal("4"), "3.1": Decimal("2.50"),
    }  # fmt: skip
    assert not card.node("4.1").applicable and not card.node("4.2").applicable
    assert card.node("4").max == 4
    assert scores_of(card, ["1", "2", "3", "4", "5", "6"]) == {
        "1": Decimal("14.81"), "2": Decimal("27.61"), "3": Decimal("3.50"),
        "4": Decimal("0"), "5": Decimal("6"), "6": Decimal("9"),
    }  # fmt: skip
    assert card.total == Decimal("60.92")
    assert card.max_total == 84
    assert card.band is not None and card.band.id == "kha"


def test_cohort_is_normalised_and_ranked_within_each_group(regime: itcriteria.Regime) -> None:
    """Scored as a cohort, each unit is the best of its own group (1.3 full) and ranks first in its table."""
    cards = regime.score_all([so_noi_vu(), huyen_phung_hiep(), cuc_thong_ke()])
    # Alone in its group each unit is its group's best bandwidth: 1.3 = 3 instead of 1.80 / 1.88 / 3,
    # so the department gains 1.20 (67.51 → 68.71) and the district 1.12 (85.76 → 86.88).
    assert [card.node("1.3").score for card in cards] == [3, 3, 3]
    assert [card.total for card in cards] == [Decimal("68.71"), Decimal("86.88"), Decimal("60.92")]
    policy = itcriteria.get_ranking_policy(regime.ranking_policy, plugins=["haugiang"])
    rows = itcriteria.rank(cards, policy=policy)
    assert [(row.group, row.unit, row.rank) for row in rows] == [
        ("so-nganh", "so-noi-vu", 1),
        ("huyen", "ubnd-phung-hiep", 1),
        ("nganh-doc", "cuc-thong-ke", 1),
    ]


# --- Provisional markers ---------------------------------------------------------------------------

#: Every criterion of haugiang-2017 with its provenance: none is official, since the annex is unknown.
EXPECTED_PROVENANCE = {
    "1": "assumed", "1.1": "derived", "1.2": "derived", "1.3": "derived", "1.4": "derived",
    "2": "assumed", "2.1": "derived", "2.2": "derived", "2.3": "assumed", "2.4": "derived",
    "2.5": "derived", "2.6": "derived", "2.7": "assumed", "2.8": "derived",
    "3": "assumed", "3.1": "derived", "3.2": "assumed",
    "4": "assumed", "4.1": "derived", "4.2": "assumed", "4.3": "derived",
    "5": "assumed", "5.1": "derived", "5.2": "derived", "5.3": "derived",
    "6": "assumed", "6.1": "assumed", "6.2": "derived", "6.3": "derived",
}  # fmt: skip


def test_provisional_markers_are_exactly_where_provenance_is_not_official(regime: itcriteria.Regime) -> None:
    """Every criterion is derived or assumed as listed; the regime is provisional and says why."""
    assert {c.id: c.provenance for c in regime.walk()} == EXPECTED_PROVENANCE
    assert {c.id for c in regime.walk() if c.provenance != "official"} == set(EXPECTED_PROVENANCE)
    assert all(c.source.strip() for c in regime.walk())
    assert all(b.provenance == "assumed" and b.source for b in regime.bands)
    assert regime.status == "provisional" and regime.is_provisional
    assert regime.notes is not None and "Provisional" in regime.notes.en and "Tạm thời" in regime.notes.vi
    info = itcriteria.load_plugins(["haugiang"]).regimes[REGIME_ID]
    assert info.status == "provisional"


@pytest.mark.parametrize(
    ("form", "best"),
    [(so_noi_vu, "2.5"), (huyen_phung_hiep, "3.2"), (cuc_thong_ke, "3")],
    ids=["department", "district", "statistics-office"],
)
def test_explanation_marks_exactly_the_unofficial_leaves(
    regime: itcriteria.Regime, form: Any, best: str
) -> None:
    """The English explanation flags the regime provisional and marks each criterion of the unit as listed."""
    card = regime.score(form(), best={"1.3": Decimal(best)})
    assert "[PROVISIONAL: some criteria are not from an official text]" in card.explain("en")
    shown = explained_provenance(card)
    assert shown == {c.id: EXPECTED_PROVENANCE[c.id] for c in regime.walk(card.group)}
