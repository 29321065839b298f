"""The Bình Thuận plugin: its regimes load through the entry point, state what the documents say, and
score example units exactly as worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from itcriteria.testing import check_markdown_examples, explained_provenance

FORMS = Path(__file__).parents[1] / "examples" / "binhthuan-2019-forms.json"
REGIMES = ("binhthuan-2018", "binhthuan-2019", "binhthuan-2020")


@pytest.fixture(scope="module")
def registry() -> itcriteria.Registry:
    return itcriteria.load_plugins(["binhthuan"])


@pytest.fixture(scope="module")
def regime(registry: itcriteria.Registry) -> itcriteria.Regime:
    return registry.get_regime("binhthuan-2019")


def form(unit_id: str) -> dict[str, Any]:
    forms: list[dict[str, Any]] = json.loads(FORMS.read_text(encoding="utf-8"))
    return next(f for f in forms if f["unit"]["id"] == unit_id)


def test_the_plugin_loads_through_its_entry_point(registry: itcriteria.Registry) -> None:
    """The distribution's entry point registers the three regimes and the province's ranking policy."""
    assert "itcriteria-binhthuan" in registry.plugins
    assert registry.failures == ()
    assert [info.id for info in registry.list_regimes("binhthuan")] == list(REGIMES)
    assert {info.plugin for info in registry.list_regimes("binhthuan")} == {"itcriteria-binhthuan"}
    assert registry.ranking_policy("binhthuan").method == "competition"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2018, 12, 3), "binhthuan-2018"),
        (dt.date(2019, 7, 22), "binhthuan-2018"),
        (dt.date(2019, 7, 23), "binhthuan-2019"),
        (dt.date(2019, 9, 15), "binhthuan-2019"),
        (dt.date(2020, 8, 12), "binhthuan-2019"),
        (dt.date(2020, 8, 13), "binhthuan-2020"),
        (dt.date(2023, 2, 7), "binhthuan-2020"),
    ],
)
def test_the_regime_in_force_on_a_day(registry: itcriteria.Registry, day: dt.date, expected: str) -> None:
    """1867/QĐ-UBND is in force from 23/7/2019 and 1944/QĐ-UBND from 13/8/2020."""
    assert registry.get_regime(province="binhthuan", on=day).id == expected


def test_no_regime_is_in_force_after_the_digital_transformation_index_replaced_them(
    registry: itcriteria.Registry,
) -> None:
    """From 08/02/2023 (265/QĐ-UBND, not encoded) no regime of this plugin is in force."""
    with pytest.raises(itcriteria.RegimeNotFoundError, match="binhthuan-2020 13/08/2020–07/02/2023"):
        registry.get_regime(province="binhthuan", on=dt.date(2023, 2, 8))


def test_2019_states_the_groups_dates_and_deadline_of_letter_697(regime: itcriteria.Regime) -> None:
    """Groups, data window, due date with 5 working days of grace, and council dates as letter 697 says."""
    assert [g.id for g in regime.groups] == ["so-nganh", "don-vi-su-nghiep", "huyen", "luc-luong-vu-trang"]
    assert [g.provenance for g in regime.groups] == ["official", "official", "official", "assumed"]
    assert [g.ranked for g in regime.groups] == [True, True, True, False]  # armed forces: scored only
    assert regime.legal_basis[0].decision == "1867/QĐ-UBND"
    assert regime.legal_basis[0].date == dt.date(2019, 7, 23)
    assert regime.evaluation_window == itcriteria.Period(dt.date(2018, 9, 1), dt.date(2019, 8, 31))
    assert regime.deadline is not None
    assert (regime.deadline.due, regime.deadline.grace_working_days) == (dt.date(2019, 9, 15), 5)
    assert regime.deadline.provenance == "official"
    assert [(m.id, m.by) for m in regime.milestones] == [
        ("tong-hop-so-bo", dt.date(2019, 9, 30)),
        ("tham-dinh-thuc-te", dt.date(2019, 11, 10)),
        ("quyet-dinh-ket-qua", dt.date(2019, 11, 25)),
    ]
    for group in regime.groups:
        assert regime.max_points(group.id) == 100


def test_every_ratio_asks_for_numerator_and_denominator(regime: itcriteria.Regime) -> None:
    """Letter 697: ratio criteria give numerator and denominator, each labelled on the form."""
    ratios = [c for c in regime.leaves() if isinstance(c.indicator, itcriteria.Ratio)]
    assert len(ratios) >= 10
    for criterion in ratios:
        assert isinstance(criterion.indicator, itcriteria.Ratio)
        assert criterion.indicator.numerator.vi and criterion.indicator.denominator.vi


def test_a_department_scores_as_worked_by_hand(regime: itcriteria.Regime) -> None:
    """Sở TT&TT: ratio × max rounded half up per leaf, threshold steps, capped items; 93.59, Good."""
    card = regime.score(form("so-tttt"))
    leaves = ("1.3", "2.1", "2.2", "2.3", "2.6", "4.1", "4.2", "6.2")
    points = {leaf: card.node(leaf).score for leaf in leaves}
    assert points == {
        "1.3": Decimal("2.67"),  # 40/45 × 3 = 2.666… → 2.67
        "2.1": Decimal("10.00"),  # 1830/1905 = 96.1% ≥ 80% → 10
        "2.2": Decimal("5.57"),  # 1700/1830 × 6 = 5.5737… → 5.57
        "2.3": Decimal("5.72"),  # 610/640 × 6 = 5.71875 → 5.72 (half up)
        "2.6": Decimal("4.00"),  # 6 shared systems, 1 point each, at most 4
        "4.1": Decimal("3.20"),  # 38/95 = 40% × 8
        "4.2": Decimal("12.00"),  # 410/820 = 50% ≥ 50% → 12
        "6.2": Decimal("3.56"),  # 40/45 × 4 = 3.555… → 3.56
    }
    # 1: 5 + 4 + 2.67 + 3 = 14.67; 2: 10 + 5.57 + 5.72 + 5.87 + 4 + 3 = 34.16; 3: 6 + 5 + 4 = 15;
    # 4: 3.20 + 12 = 15.20; 5: 3 + 4 = 7; 6: 4 + 3.56 = 7.56 → 93.59
    assert card.node("2").score == Decimal("34.16")
    assert (card.total, card.max_total) == (Decimal("93.59"), Decimal(100))
    assert card.band is not None and card.band.id == "tot"


def test_a_unit_without_online_procedures_is_judged_on_its_own_maximum(regime: itcriteria.Regime) -> None:
    """Trung tâm CNTT&TT has no level 3-4 procedures (0/0 is not applicable): 72.62 of 80 is 90.8%, Good."""
    card = regime.score(form("tt-cntt"))
    assert card.node("4.1").applicable is False and card.node("4.2").applicable is False
    # 1: 15; 2: 10 + 5.40 + 4.62 (200/260 × 6 = 4.615…) + 5.60 + 3 + 1 = 29.62; 3: 6 + 3 + 4 = 13;
    # 4: not applicable; 5: 7; 6: 4 + 4 = 8 → 72.62 of 80
    assert (card.total, card.max_total) == (Decimal("72.62"), Decimal(80))
    assert card.band is not None and card.band.id == "tot"


def test_a_weak_district_scores_as_worked_by_hand(regime: itcriteria.Regime) -> None:
    """UBND huyện Phú Quý: the district-only criterion 2.4 counts and 2.3 does not; 37.94, Weak."""
    card = regime.score(form("ubnd-phu-quy"))
    assert "2.3" not in {leaf.id for leaf in regime.leaves("huyen")}
    assert card.node("2.4").score == Decimal("4.00")  # 2 of 3 communes × 6
    assert card.node("4.2").score == Decimal("2.00")  # 5/400 = 1.25% ≥ 1% → 2
    assert card.node("3.2").score == Decimal("1.00")  # 3 items a month ≥ 2 → 1
    # 1: 3.53 + 2.86 + 0.86 + 0 = 7.25; 2: 4 + 2.40 + 4.00 + 2.82 + 2 + 1 = 16.22; 3: 3 + 1 + 0 = 4;
    # 4: 1.00 + 2 = 3.00; 5: 3 + 2 = 5; 6: 2 + 0.47 = 2.47 → 37.94
    assert card.total == Decimal("37.94")
    assert card.band is not None and card.band.id == "yeu"


def test_the_example_round_ranks_within_each_group(regime: itcriteria.Regime) -> None:
    """The bundled example forms rank within departments, public service units and districts."""
    forms = json.loads(FORMS.read_text(encoding="utf-8"))
    rows = itcriteria.rank(regime.score_all(forms), policy=itcriteria.get_ranking_policy("binhthuan"))
    assert [(r.group, r.unit, r.rank) for r in rows if r.group == "huyen"] == [
        ("huyen", "ubnd-phan-thiet", 1),
        ("huyen", "ubnd-tuy-phong", 2),
        ("huyen", "ubnd-phu-quy", 3),
    ]


@pytest.mark.parametrize("regime_id", REGIMES)
def test_provisional_markers_are_exactly_where_provenance_is_not_official(
    registry: itcriteria.Registry, regime_id: str
) -> None:
    """No annex is encoded, so every criterion is derived or assumed and each one is marked as such."""
    regime = registry.get_regime(regime_id)
    assert regime.status == "provisional"
    assert {c.id for c in regime.walk() if c.provenance == "official"} == set()
    card = regime.score(_perfect(regime, "so-nganh"))
    assert "[PROVISIONAL" in card.explain("en")
    # every criterion, the categories whose maxima are assumed included, shows its own provenance
    assert explained_provenance(card) == {c.id: c.provenance for c in regime.walk("so-nganh")}
    assert explained_provenance(card, "vi") == {c.id: c.provenance for c in regime.walk("so-nganh")}


def test_2019_was_revised_against_2018(registry: itcriteria.Registry) -> None:
    """The diff 2018 → 2019 shows the revisions the 2019 letter announces (here: the assumed ones)."""
    change = itcriteria.diff(registry.get_regime("binhthuan-2018"), registry.get_regime("binhthuan-2019"))
    assert [c.id for c in change.added] == ["2.7"]
    assert {c.id for c in change.changed} == {"2.1", "2.2", "2.3"}  # 2.3 also for the armed forces
    assert "deadline" in {f.field for f in change.settings}


def test_readme_examples_print_what_they_say(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``print(...)  # expected`` line of the README's Python examples prints the expected text."""
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "binhthuan")  # the examples use the default registry
    assert check_markdown_examples(Path(__file__).parents[1] / "README.md") >= 1


def _perfect(regime: itcriteria.Regime, group: str) -> dict[str, Any]:
    """A form answering every leaf of ``group`` at its best."""
    answers: dict[str, Any] = {}
    for leaf in regime.leaves(group):
        indicator = leaf.indicator
        if isinstance(indicator, itcriteria.Ratio):
            answers[leaf.id] = {"numerator": 1, "denominator": 1}
        elif isinstance(indicator, itcriteria.Choice):
            answers[leaf.id] = indicator.levels[0].id
        elif isinstance(indicator, itcriteria.YesNo):
            answers[leaf.id] = True
        else:
            answers[leaf.id] = 20
    return {"unit": {"id": "u", "name": "U", "group": group}, "answers": answers}
