"""itcriteria-vn: the national plugin loads through its entry point, and its DTI 2022 regime states
what Quyết định 922/QĐ-BTTTT says and reproduces the published 2022 provincial DTI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from itcriteria.testing import check_markdown_examples, explained_provenance

README = Path(__file__).resolve().parents[1] / "README.md"

PLUGIN = "vn"
REGIME = "vn-dti-2022"

#: The main-index values published for 2022 (https://dti.gov.vn/xep-hang-2022), in the order of the
#: regime's ids 1–5 and 7–9 (smart city, id 6, is collected and not scored, so not published), and
#: the published DTI. Every value is rounded to 4 places by the publication.
PUBLISHED: dict[str, tuple[str, tuple[str, ...], str]] = {
    "da-nang": (
        "Đà Nẵng",
        ("1.0000", "0.9000", "0.8253", "0.8487", "0.7578", "0.8575", "0.7836", "0.5197"),
        "0.8002",
    ),
    "ho-chi-minh": (
        "TP. Hồ Chí Minh",
        ("0.8917", "0.9000", "0.8258", "0.6267", "0.5580", "0.8406", "0.7611", "0.3590"),
        "0.7163",
    ),
    "quang-ninh": (
        "Quảng Ninh",
        ("0.9581", "0.9000", "0.7648", "0.6250", "0.5382", "0.8385", "0.5904", "0.4505"),
        "0.7024",
    ),
    "thua-thien-hue": (
        "Thừa Thiên - Huế",
        ("0.9500", "0.9000", "0.6823", "0.6794", "0.6423", "0.8262", "0.6787", "0.3001"),
        "0.6975",
    ),
    "can-tho": (
        "TP. Cần Thơ",
        ("0.9000", "0.8000", "0.7233", "0.7376", "0.7226", "0.7325", "0.7556", "0.2947"),
        "0.6924",
    ),
}
SCORED = ("1", "2", "3", "4", "5", "7", "8", "9")


@pytest.fixture(scope="module")
def registry() -> itcriteria.Registry:
    return itcriteria.load_plugins([PLUGIN])


@pytest.fixture(scope="module")
def regime(registry: itcriteria.Registry) -> itcriteria.Regime:
    return registry.get_regime(REGIME)


def form(unit: str, smart_city: object = 0) -> dict[str, Any]:
    """The submission of a province from its published main-index values.

    Smart city is not published (it is collected, not scored): 0 is entered, and any value scores 0.
    """
    name, values, _ = PUBLISHED[unit]
    answers: dict[str, object] = dict(zip(SCORED, values, strict=True))
    answers["6"] = smart_city
    return {"unit": {"id": unit, "name": name, "group": "tinh"}, "period": "2022", "answers": answers}


# --- Loading -----------------------------------------------------------------------------------------


def test_loads_through_its_entry_point(registry: itcriteria.Registry) -> None:
    """The `vn` entry point loads the distribution itcriteria-vn with its regime and nothing failing."""
    assert "itcriteria-vn" in registry.plugins
    assert registry.failures == ()
    assert REGIME in registry.regimes
    assert registry.regimes[REGIME].plugin == "itcriteria-vn"
    assert registry.regimes[REGIME].status == "provisional"


def test_the_regime_in_force_is_found_by_province_and_date() -> None:
    """The regime of province "vn" in force during 2022 is vn-dti-2022; none is in force before 922."""
    on = itcriteria.get_regime(province="vn", on=dt.date(2022, 12, 1), plugins=[PLUGIN])
    assert on.id == REGIME
    assert itcriteria.get_regime(province="vn", on="20/05/2022", plugins=[PLUGIN]).id == REGIME
    with pytest.raises(itcriteria.RegimeNotFoundError, match="19/05/2022"):
        itcriteria.get_regime(province="vn", on="19/05/2022", plugins=[PLUGIN])


def test_registers_the_national_ranking_policy(registry: itcriteria.Registry) -> None:
    """The plugin registers ranking policy vn-dti (competition ranks), which its regime names."""
    policy = registry.ranking_policy("vn-dti")
    assert policy.method == "competition"
    assert "922/QĐ-BTTTT" in policy.source
    assert registry.get_regime(REGIME).ranking_policy == "vn-dti"


# --- What the regime states ---------------------------------------------------------------------------


def test_regime_states_the_decision_its_group_and_dates(regime: itcriteria.Regime) -> None:
    """vn-dti-2022 rests on 922/QĐ-BTTTT of 20/5/2022, in force from that day, and ranks one group."""
    assert [(b.decision, b.date) for b in regime.legal_basis] == [("922/QĐ-BTTTT", dt.date(2022, 5, 20))]
    assert regime.province == "vn"
    assert regime.effective == itcriteria.Period(dt.date(2022, 5, 20))
    assert [g.id for g in regime.groups] == ["tinh"]
    assert regime.group("tinh").max_total == 1000
    assert regime.max_points("tinh") == 1000
    assert regime.bands == ()
    assert regime.rounding == itcriteria.Rounding(places=4, mode="half_up", stage="leaf")
    assert regime.notes is not None and "922/QĐ-BTTTT" in regime.notes.vi


def test_nine_main_indices_with_their_official_maxima(regime: itcriteria.Regime) -> None:
    """The 9 main indices carry 922's maxima: 100 × 5, smart city 0, 200, 150, 150 (1000 in all)."""
    maxima = {c.id: c.max for c in regime.criteria}
    assert maxima == {
        "1": 100, "2": 100, "3": 100, "4": 100, "5": 100, "6": 0, "7": 200, "8": 150, "9": 150,
    }  # fmt: skip
    assert [c.title.en for c in regime.criteria] == [
        "Digital awareness",
        "Institutions",
        "Digital infrastructure and platforms",
        "Digital human resources",
        "Cyber security",
        "Smart city",
        "Digital government activity",
        "Digital economy activity",
        "Digital society activity",
    ]
    for criterion in regime.criteria:
        assert criterion.is_leaf and "922/QĐ-BTTTT" in criterion.source
        assert isinstance(criterion.indicator, itcriteria.Number)
        assert (criterion.indicator.min, criterion.indicator.max) == (Decimal(0), Decimal(1))


# --- Golden scorecards ---------------------------------------------------------------------------------


def test_golden_scorecard_da_nang(regime: itcriteria.Regime) -> None:
    """Đà Nẵng's published main-index values give, index by index, the points worked out by hand."""
    card = regime.score(form("da-nang"))
    # points = published value × max, kept to 4 places (all exact here):
    #   1: 1.0000 × 100 = 100        2: 0.9000 × 100 = 90         3: 0.8253 × 100 = 82.53
    #   4: 0.8487 × 100 = 84.87      5: 0.7578 × 100 = 75.78      6: smart city, not scored = 0
    #   7: 0.8575 × 200 = 171.5      8: 0.7836 × 150 = 117.54     9: 0.5197 × 150 = 77.955
    expected = {
        "1": "100", "2": "90", "3": "82.53", "4": "84.87", "5": "75.78",
        "6": "0", "7": "171.5", "8": "117.54", "9": "77.955",
    }  # fmt: skip
    for cid, points in expected.items():
        assert card.node(cid).score == Decimal(points), cid
    # total: 100 + 90 = 190; + 82.53 = 272.53; + 84.87 = 357.40; + 75.78 = 433.18; + 171.5 = 604.68;
    #        + 117.54 = 722.22; + 77.955 = 800.175  → DTI 0.800175, published 0.8002
    assert card.total == Decimal("800.175")
    assert str(card.total) == "800.1750"  # 4 places, as the published values
    assert card.max_total == 1000
    assert card.band is None  # the DTI ranks provinces; it does not classify them


def test_golden_scorecard_can_tho(regime: itcriteria.Regime) -> None:
    """TP. Cần Thơ's published main-index values give, index by index, the points worked out by hand."""
    card = regime.score(form("can-tho"))
    #   1: 0.9000 × 100 = 90         2: 0.8000 × 100 = 80         3: 0.7233 × 100 = 72.33
    #   4: 0.7376 × 100 = 73.76      5: 0.7226 × 100 = 72.26      6: 0
    #   7: 0.7325 × 200 = 146.5      8: 0.7556 × 150 = 113.34     9: 0.2947 × 150 = 44.205
    expected = {
        "1": "90", "2": "80", "3": "72.33", "4": "73.76", "5": "72.26",
        "6": "0", "7": "146.5", "8": "113.34", "9": "44.205",
    }  # fmt: skip
    for cid, points in expected.items():
        assert card.node(cid).score == Decimal(points), cid
    # total: 90 + 80 = 170; + 72.33 = 242.33; + 73.76 = 316.09; + 72.26 = 388.35; + 146.5 = 534.85;
    #        + 113.34 = 648.19; + 44.205 = 692.395  → DTI 0.692395, published 0.6924
    assert card.total == Decimal("692.395")
    assert card.band is None


def test_golden_scorecard_ho_chi_minh(regime: itcriteria.Regime) -> None:
    """TP. Hồ Chí Minh's published main-index values give the points and total worked out by hand."""
    card = regime.score(form("ho-chi-minh"))
    #   1: 0.8917 × 100 = 89.17      7: 0.8406 × 200 = 168.12     8: 0.7611 × 150 = 114.165
    #   9: 0.3590 × 150 = 53.85
    assert card.node("1").score == Decimal("89.17")
    assert card.node("7").score == Decimal("168.12")
    assert card.node("8").score == Decimal("114.165")
    assert card.node("9").score == Decimal("53.85")
    # total: 89.17 + 90 + 82.58 + 62.67 + 55.80 = 380.22; + 168.12 = 548.34; + 114.165 = 662.505;
    #        + 53.85 = 716.355  → DTI 0.716355, published 0.7163
    assert card.total == Decimal("716.355")


@pytest.mark.parametrize("unit", list(PUBLISHED))
def test_reproduces_the_published_2022_dti(regime: itcriteria.Regime, unit: str) -> None:
    """Each of the five provinces' DTI (total / 1000) is its published 2022 DTI to ±0.0001."""
    card = regime.score(form(unit))
    published = Decimal(PUBLISHED[unit][2])
    dti = card.total / card.max_total
    assert abs(dti - published) <= Decimal("0.0001"), (unit, dti, published)


def test_ranks_the_five_provinces_in_the_published_order(
    regime: itcriteria.Regime, registry: itcriteria.Registry
) -> None:
    """Ranked under vn-dti, the five provinces come out 1–5 in the order dti.gov.vn published for 2022."""
    cards = regime.score_all([form(unit) for unit in reversed(PUBLISHED)])
    rows = itcriteria.rank(cards, policy=registry.ranking_policy(regime.ranking_policy))
    assert [(row.unit, row.rank) for row in rows] == [
        ("da-nang", 1),
        ("ho-chi-minh", 2),
        ("quang-ninh", 3),
        ("thua-thien-hue", 4),
        ("can-tho", 5),
    ]
    assert {row.group for row in rows} == {"tinh"}


def test_tied_provinces_share_a_rank_and_the_next_is_skipped(
    regime: itcriteria.Regime, registry: itcriteria.Registry
) -> None:
    """Two provinces with the same DTI share rank 2 and the next province is 4th (1, 2, 2, 4)."""
    twin = form("quang-ninh")
    twin["unit"] = {"id": "twin", "name": "A province with Quảng Ninh's values", "group": "tinh"}
    forms = [form("da-nang"), form("quang-ninh"), twin, form("can-tho")]
    rows = itcriteria.rank(regime.score_all(forms), policy=registry.ranking_policy("vn-dti"))
    assert [(row.unit, row.rank) for row in rows] == [
        ("da-nang", 1),
        ("quang-ninh", 2),
        ("twin", 2),
        ("can-tho", 4),
    ]


@pytest.mark.parametrize("value", [0, "0.5", 1])
def test_smart_city_is_collected_and_scores_nothing(regime: itcriteria.Regime, value: object) -> None:
    """Smart city (max 0) scores 0 whatever value is entered, and the total does not move."""
    card = regime.score(form("thua-thien-hue", smart_city=value))
    assert card.node("6").score == 0
    assert card.node("6").max == 0
    # Huế: 95 + 90 + 68.23 + 67.94 + 64.23 = 385.40; + 0.8262 × 200 = 165.24 → 550.64;
    #      + 0.6787 × 150 = 101.805 → 652.445; + 0.3001 × 150 = 45.015 → 697.46 (published 0.6975)
    assert card.total == Decimal("697.46")


def test_an_index_value_outside_0_1_is_refused(regime: itcriteria.Regime) -> None:
    """A main-index value above 1 (points entered instead of the value) is a submission error on its id."""
    bad = form("quang-ninh")
    bad["answers"]["7"] = "167.70"
    with pytest.raises(itcriteria.SubmissionError) as caught:
        regime.score(bad)
    assert [(p.criterion, p.field) for p in caught.value.problems] == [("7", "value")]


# --- Provisional markers -----------------------------------------------------------------------------

#: Every main index is entered as its published value instead of its sub-indices (a modelling choice).
NOT_OFFICIAL = {"1", "2", "3", "4", "5", "6", "7", "8", "9"}


def test_non_official_criteria_are_exactly_the_modelled_ones(regime: itcriteria.Regime) -> None:
    """Exactly the main indices scored from their published value are derived; the regime is provisional."""
    assert {c.id for c in regime.walk() if c.provenance != "official"} == NOT_OFFICIAL
    assert {c.provenance for c in regime.walk()} == {"derived"}
    assert regime.status == "provisional" and regime.is_provisional
    assert all(c.source for c in regime.walk())


def test_explanation_marks_exactly_the_non_official_leaves(regime: itcriteria.Regime) -> None:
    """The English explanation flags the regime as provisional and marks each non-official criterion."""
    card = regime.score(form("quang-ninh"))
    assert "[PROVISIONAL: some criteria are not from an official text]" in card.explain("en")
    shown = explained_provenance(card)
    assert shown == {c.id: c.provenance for c in regime.walk("tinh")}
    assert {cid for cid, kind in shown.items() if kind != "official"} == NOT_OFFICIAL


# --- README -------------------------------------------------------------------------------------------


def test_readme_examples_print_what_they_say(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``print(...)  # expected`` line of the README's Python examples prints the expected text."""
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "vn")  # the examples use the default registry
    assert check_markdown_examples(README) >= 1
