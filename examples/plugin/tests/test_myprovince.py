"""The example plugin loads, its regime passes validation, and a unit scores as worked by hand."""

from decimal import Decimal

import itcriteria


def test_the_plugin_loads_through_its_entry_point() -> None:
    """The entry point registers the regime and the function its rule uses."""
    registry = itcriteria.load_plugins(["myprovince"])
    assert registry.failures == ()
    assert "share_points" in registry.functions
    assert [info.id for info in registry.list_regimes("myprovince")] == ["myprovince-2024"]


def test_a_unit_scores_as_worked_by_hand() -> None:
    """45 of 50 documents × 6 = 5.40, signatures 4, 3 meetings 7: 16.40 of 20, Good."""
    regime = itcriteria.get_regime(province="myprovince", on="01/06/2024", plugins=["myprovince"])
    card = regime.score(
        {
            "unit": {"id": "so-tttt", "name": "Sở Thông tin và Truyền thông", "group": "so-nganh"},
            "answers": {"1.1": {"numerator": 45, "denominator": 50}, "1.2": True, "2": 3},
        }
    )
    assert card.node("1.1").score == Decimal("5.40")
    assert (card.total, card.band.id if card.band else None) == (Decimal("16.40"), "tot")


def test_only_the_assumed_criterion_is_marked() -> None:
    """The regime is provisional because criterion 2 is assumed; the others are official."""
    regime = itcriteria.get_regime("myprovince-2024", plugins=["myprovince"])
    assert regime.status == "provisional"
    assert [c.id for c in regime.walk() if c.provenance != "official"] == ["2"]
