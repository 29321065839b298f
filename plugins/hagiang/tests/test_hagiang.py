"""Tests of the Hà Giang plugin: loading, the quarterly hagiang-2015 regime, golden scorecards, markers."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from itcriteria.testing import check_markdown_examples, explained_provenance

REGIME_ID = "hagiang-2015"
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def registry() -> itcriteria.Registry:
    return itcriteria.load_plugins(["hagiang"])


@pytest.fixture(scope="module")
def regime(registry: itcriteria.Registry) -> itcriteria.Regime:
    return registry.get_regime(REGIME_ID)


# --- Example quarterly self-evaluations (figures are realistic, not real). ------------------------


def so_tai_nguyen_q2() -> dict[str, Any]:
    """A provincial department's Q2/2015 self-evaluation."""
    return {
        "unit": {"id": "so-tnmt", "name": "Sở Tài nguyên và Môi trường", "group": "so-nganh"},
        "period": "2015-Q2",
        "answers": {
            "1.1": 1,
            "1.2": True,
            "1.3": {"numerator": 25, "denominator": 120},
            "2.1": {"numerator": 118, "denominator": 120},
            "2.2": {"numerator": 96, "denominator": 120},
            "3.1": "co-ban",
            "3.2": {"numerator": 640, "denominator": 800},
            "3.3": {"numerator": 7, "denominator": 9},
            "4.1": True,
            "4.2": {"numerator": 150, "denominator": 600},
            "5.1": False,
            "5.2": {"numerator": 0, "denominator": 310},
            "6.1": {"numerator": 310, "denominator": 950},
            "6.2": {"numerator": 500, "denominator": 800},
            "7.1": True,
            "7.2": 2,
            "8.1": "mot-phan",
            "8.2": 6,
            "8.3": {"numerator": 20, "denominator": 85},
        },
    }


def huyen_vi_xuyen_q2() -> dict[str, Any]:
    """A district committee's Q2/2015 self-evaluation, its WAN not yet connected."""
    return {
        "unit": {"id": "ubnd-vi-xuyen", "name": "UBND huyện Vị Xuyên", "group": "huyen"},
        "period": "2015-Q2",
        "answers": {
            "1.1": 2,
            "1.2": True,
            "1.3": {"numerator": 90, "denominator": 150},
            "2.1": {"numerator": 150, "denominator": 150},
            "2.2": {"numerator": 140, "denominator": 150},
            "3.1": "day-du",
            "3.2": {"numerator": 1500, "denominator": 1600},
            "3.4": {"numerator": 10, "denominator": 24},
            "4.1": True,
            "4.2": {"numerator": 900, "denominator": 1000},
            "5.1": True,
            "5.2": {"numerator": 120, "denominator": 600},
            "6.1": {"numerator": 600, "denominator": 1200},
            "6.2": {"numerator": 1280, "denominator": 1600},
            "7.1": False,
            "7.2": 0,
            "8.1": "day-du",
            "8.2": 12,
            "8.3": {"numerator": 30, "denominator": 180},
        },
    }


def ban_dan_toc_q3() -> dict[str, Any]:
    """A small department's Q3/2015 self-evaluation: no dossiers, no procedures, no electronic documents."""
    return {
        "unit": {"id": "ban-dan-toc", "name": "Ban Dân tộc tỉnh", "group": "so-nganh"},
        "period": "2015-Q3",
        "answers": {
            "1.1": 0,
            "1.2": False,
            "1.3": {"numerator": 0, "denominator": 32},
            "2.1": {"numerator": 30, "denominator": 32},
            "2.2": {"numerator": 20, "denominator": 32},
            "3.1": "co-ban",
            "3.2": {"numerator": 150, "denominator": 400},
            "3.3": {"numerator": 2, "denominator": 5},
            "4.1": False,
            "4.2": {"numerator": 0, "denominator": 0},
            "5.1": False,
            "5.2": {"numerator": 0, "denominator": 0},
            "6.1": {"numerator": 0, "denominator": 180},
            "6.2": {"numerator": 40, "denominator": 400},
            "7.1": True,
            "7.2": 1,
            "8.1": "chua",
            "8.2": 3,
            "8.3": {"numerator": 0, "denominator": 0},
        },
    }


def scores_of(card: itcriteria.ScoreCard, ids: list[str]) -> dict[str, Decimal]:
    return {cid: card.node(cid).score for cid in ids}


TOPS = ["1", "2", "3", "4", "5", "6", "7", "8"]


# --- Loading and lookup ----------------------------------------------------------------------------


def test_plugin_loads_through_its_entry_point(registry: itcriteria.Registry) -> None:
    """The installed distribution is found through the ``itcriteria`` entry point and registers its regime."""
    assert "itcriteria-hagiang" in registry.plugins
    assert registry.failures == ()
    assert REGIME_ID in registry.regimes
    assert registry.regimes[REGIME_ID].plugin == "itcriteria-hagiang"


def test_regime_is_found_by_province_and_date() -> None:
    """A day of 2015 selects hagiang-2015; a day before or after finds no Hà Giang regime."""
    found = itcriteria.get_regime(province="hagiang", on=dt.date(2015, 6, 30), plugins=["hagiang"])
    assert found.id == REGIME_ID
    for day in ("31/12/2014", "01/01/2016"):
        with pytest.raises(itcriteria.RegimeNotFoundError):
            itcriteria.get_regime(province="hagiang", on=day, plugins=["hagiang"])


def test_readme_examples_print_what_they_say(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``print(...)  # expected`` line of the README's Python examples prints the expected text."""
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "hagiang")  # the examples use the default registry
    assert check_markdown_examples(README) >= 1


# --- What the regime states ------------------------------------------------------------------------


def test_regime_is_quarterly_with_the_declared_year_aggregate(regime: itcriteria.Regime) -> None:
    """Units evaluate every quarter; the year is the mean of the quarters, said to be assumed, and feeds
    the leaders' emulation."""
    assert regime.cadence == "quarter"
    assert regime.year_aggregate == "mean"
    assert regime.notes is not None
    assert "mean of the quarters (assumed" in regime.notes.en
    assert "bình quân các quý (giả định" in regime.notes.vi
    assert "emulation" in regime.notes.en and "thi đua" in regime.notes.vi
    q2 = regime.score(so_tai_nguyen_q2())
    q3 = regime.score({**so_tai_nguyen_q2(), "period": "2015-Q3"})
    assert (q2.submission.period, q3.submission.period) == ("2015-Q2", "2015-Q3")
    assert q2.total == q3.total  # each quarter's form is scored on its own, with the same criteria


def test_regime_states_groups_dates_and_milestones_as_the_conclusions_say(regime: itcriteria.Regime) -> None:
    """Two groups of 100 points, the 2015 period, and the official e-mail, Q2 report and WAN milestones."""
    assert [g.id for g in regime.groups] == ["so-nganh", "huyen"]
    assert all(regime.max_points(g.id) == 100 for g in regime.groups)
    assert [str(b) for b in regime.legal_basis] == [
        "Kết luận Hội nghị BCĐ CNTT tỉnh (10/04/2015)",
        "139/2014/NQ-HĐND (30/09/2014)",
    ]
    assert regime.effective == itcriteria.Period(dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert {m.id: m.by for m in regime.milestones} == {
        "thu-cong-vu-bat-buoc": dt.date(2015, 5, 1),
        "bao-cao-tu-danh-gia-quy-2": dt.date(2015, 6, 30),
        "ket-noi-wan": dt.date(2015, 6, 30),
    }
    assert all(m.provenance == "official" and "10/4/2015" in m.source for m in regime.milestones)
    assert regime.deadline is None
    assert regime.ranking_policy == "competition"


def test_the_2015_themes_are_the_criteria(regime: itcriteria.Regime) -> None:
    """Eight top criteria, one per theme of the conference, with the stated maxima."""
    assert [(c.id, c.title.en, c.max) for c in regime.criteria] == [
        ("1", "IT staff", Decimal(12)),
        ("2", "Official e-mail", Decimal(14)),
        ("3", "Document-management software", Decimal(16)),
        ("4", "One-stop-shop software", Decimal(12)),
        ("5", "Digital signatures", Decimal(10)),
        ("6", "Electronic document exchange", Decimal(12)),
        ("7", "WAN connection", Decimal(8)),
        ("8", "Agency website", Decimal(16)),
    ]
    assert regime.criterion("3.3").groups == ("so-nganh",)
    assert regime.criterion("3.4").groups == ("huyen",)


# --- Golden scorecards, worked out by hand ---------------------------------------------------------


def test_golden_department(regime: itcriteria.Regime) -> None:
    """Sở Tài nguyên và Môi trường scores 54.93 / 100 in Q2, class Trung bình, as computed by hand."""
    card = regime.score(so_tai_nguyen_q2())
    # 1.1  1 IT officer ≥ 1 → 4;  1.2  yes → 2
    # 1.3  25/120 = 0.208333… × 4 = 0.833333… → 0.83                  criterion 1: 6.83
    # 2.1  118/120 = 0.983333… × 6 = 5.90
    # 2.2  96/120 = 0.8 ≥ 0.7 (below 0.9) → 6                          criterion 2: 11.90
    # 3.1  basic features: 0.5 × 6 = 3;  3.2  640/800 = 0.8 × 6 = 4.80
    # 3.3  7/9 = 0.777… × 4 = 3.111… → 3.11                            criterion 3: 10.91
    # 4.1  yes → 4;  4.2  150/600 = 0.25 × 8 = 2                       criterion 4: 6
    # 5.1  no → 0;  5.2  0/310 signed → 0                              criterion 5: 0
    # 6.1  310/950 = 0.326316… × 8 = 2.610526… → 2.61
    # 6.2  500/800 = 0.625 × 4 = 2.50                                  criterion 6: 5.11
    # 7.1  yes → 5;  7.2  2 applications × 1 = 2                       criterion 7: 7
    # 8.1  some: 0.5 × 6 = 3;  8.2  6 ≥ 5 → 3
    # 8.3  20/85 = 0.235294… × 5 = 1.176471… → 1.18                    criterion 8: 7.18
    # total 6.83 + 11.90 + 10.91 + 6 + 0 + 5.11 + 7 + 7.18 = 54.93 → 54.93% → Trung bình
    assert scores_of(card, ["1.1", "1.3", "2.1", "2.2", "3.1", "3.3", "6.1", "7.2", "8.2", "8.3"]) == {
        "1.1": Decimal("4"), "1.3": Decimal("0.83"), "2.1": Decimal("5.90"), "2.2": Decimal("6"),
        "3.1": Decimal("3"), "3.3": Decimal("3.11"), "6.1": Decimal("2.61"), "7.2": Decimal("2"),
        "8.2": Decimal("3"), "8.3": Decimal("1.18"),
    }  # fmt: skip
    assert scores_of(card, TOPS) == {
        "1": Decimal("6.83"), "2": Decimal("11.90"), "3": Decimal("10.91"), "4": Decimal("6"),
        "5": Decimal("0"), "6": Decimal("5.11"), "7": Decimal("7"), "8": Decimal("7.18"),
    }  # fmt: skip
    assert card.total == Decimal("54.93")
    assert card.max_total == 100
    assert card.band is not None and card.band.id == "trung-binh"
    assert card.node("2.2").benchmark_met is False  # 80% use the official mailbox, benchmark 90%


def test_golden_district(regime: itcriteria.Regime) -> None:
    """UBND huyện Vị Xuyên scores 73.13 / 100 in Q2 without its WAN, class Khá, as computed by hand."""
    card = regime.score(huyen_vi_xuyen_q2())
    # 1.1  2 IT officers ≥ 2 → 6;  1.2  yes → 2;  1.3  90/150 = 0.6 × 4 = 2.40   criterion 1: 10.40
    # 2.1  150/150 × 6 = 6;  2.2  140/150 = 0.933… ≥ 0.9 → 8                  criterion 2: 14
    # 3.1  full use → 6;  3.2  1500/1600 = 0.9375 × 6 = 5.625 → 5.63 (half up)
    # 3.4  10/24 communes = 0.416667… × 4 = 1.666667… → 1.67                 criterion 3: 13.30
    # 4.1  yes → 4;  4.2  900/1000 = 0.9 × 8 = 7.20                           criterion 4: 11.20
    # 5.1  yes → 4;  5.2  120/600 = 0.2 × 6 = 1.20                            criterion 5: 5.20
    # 6.1  600/1200 = 0.5 × 8 = 4;  6.2  1280/1600 = 0.8 × 4 = 3.20           criterion 6: 7.20
    # 7.1  WAN not connected → 0;  7.2  0 applications → 0                    criterion 7: 0
    # 8.1  all published → 6;  8.2  12 ≥ 10 → 5
    # 8.3  30/180 = 0.166667… × 5 = 0.833333… → 0.83                          criterion 8: 11.83
    # total 10.40 + 14 + 13.30 + 11.20 + 5.20 + 7.20 + 0 + 11.83 = 73.13 → Khá
    assert scores_of(card, ["1.1", "1.3", "2.2", "3.2", "3.4", "4.2", "5.2", "7.1", "8.2", "8.3"]) == {
        "1.1": Decimal("6"), "1.3": Decimal("2.40"), "2.2": Decimal("8"), "3.2": Decimal("5.63"),
        "3.4": Decimal("1.67"), "4.2": Decimal("7.20"), "5.2": Decimal("1.20"), "7.1": Decimal("0"),
        "8.2": Decimal("5"), "8.3": Decimal("0.83"),
    }  # fmt: skip
    assert scores_of(card, TOPS) == {
        "1": Decimal("10.40"), "2": Decimal("14"), "3": Decimal("13.30"), "4": Decimal("11.20"),
        "5": Decimal("5.20"), "6": Decimal("7.20"), "7": Decimal("0"), "8": Decimal("11.83"),
    }  # fmt: skip
    assert card.total == Decimal("73.13")
    assert card.max_total == 100
    assert card.band is not None and card.band.id == "kha"


def test_golden_department_without_dossiers(regime: itcriteria.Regime) -> None:
    """Ban Dân tộc scores 23.88 of its applicable 87 in Q3 (no dossiers, no procedures), class Yếu."""
    card = regime.score(ban_dan_toc_q3())
    # 1.1  no IT officer → 0;  1.2  no → 0;  1.3  0/32 → 0                    criterion 1: 0
    # 2.1  30/32 = 0.9375 × 6 = 5.625 → 5.63;  2.2  20/32 = 0.625 ≥ 0.5 → 4   criterion 2: 9.63
    # 3.1  basic: 0.5 × 6 = 3;  3.2  150/400 = 0.375 × 6 = 2.25
    # 3.3  2/5 = 0.4 × 4 = 1.60                                               criterion 3: 6.85
    # 4.1  no → 0;  4.2  0/0 dossiers → not applicable (max 0)                criterion 4: 0 of 4
    # 5.1  no → 0;  5.2  0/0 electronic documents → 0 points, max kept 6     criterion 5: 0 of 10
    # 6.1  0/180 → 0;  6.2  40/400 = 0.1 × 4 = 0.40                           criterion 6: 0.40
    # 7.1  yes → 5;  7.2  1 application → 1                                   criterion 7: 6
    # 8.1  none → 0;  8.2  3 ≥ 1 → 1;  8.3  0/0 procedures → not applicable   criterion 8: 1 of 11
    # total 0 + 9.63 + 6.85 + 0 + 0 + 0.40 + 6 + 1 = 23.88
    # maximum 100 − 8 (4.2) − 5 (8.3) = 87; 23.88 × 100 / 87 = 27.45% → Yếu
    assert not card.node("4.2").applicable and not card.node("8.3").applicable
    assert card.node("5.2").applicable and card.node("5.2").score == 0 and card.node("5.2").max == 6
    assert scores_of(card, ["2.1", "2.2", "3.2", "3.3", "6.2", "8.2"]) == {
        "2.1": Decimal("5.63"), "2.2": Decimal("4"), "3.2": Decimal("2.25"), "3.3": Decimal("1.60"),
        "6.2": Decimal("0.40"), "8.2": Decimal("1"),
    }  # fmt: skip
    assert [card.node(cid).max for cid in ("4", "5", "8")] == [4, 10, 11]
    assert card.total == Decimal("23.88")
    assert card.max_total == 87
    assert card.band is not None and card.band.id == "yeu"


def test_ranking_within_each_group(regime: itcriteria.Regime) -> None:
    """Departments and district committees are ranked apart, by the core ``competition`` policy."""
    cards = [regime.score(f()) for f in (ban_dan_toc_q3, huyen_vi_xuyen_q2, so_tai_nguyen_q2)]
    policy = itcriteria.get_ranking_policy(regime.ranking_policy, plugins=["hagiang"])
    rows = itcriteria.rank(cards, policy=policy)
    assert [(row.group, row.unit, row.rank) for row in rows] == [
        ("so-nganh", "so-tnmt", 1),
        ("so-nganh", "ban-dan-toc", 2),
        ("huyen", "ubnd-vi-xuyen", 1),
    ]


# --- Provisional markers ---------------------------------------------------------------------------

#: Every criterion of hagiang-2015: all assumed, since neither a provincial table nor a national scoring
#: method of 2015 is encoded.
EXPECTED_ASSUMED = {
    "1", "1.1", "1.2", "1.3",
    "2", "2.1", "2.2",
    "3", "3.1", "3.2", "3.3", "3.4",
    "4", "4.1", "4.2",
    "5", "5.1", "5.2",
    "6", "6.1", "6.2",
    "7", "7.1", "7.2",
    "8", "8.1", "8.2", "8.3",
}  # fmt: skip


def test_provisional_markers_are_exactly_where_provenance_is_not_official(regime: itcriteria.Regime) -> None:
    """Every criterion is assumed and cites a theme of 10/4/2015; the regime is provisional and says why."""
    assert {c.id for c in regime.walk() if c.provenance != "official"} == EXPECTED_ASSUMED
    assert {c.id for c in regime.walk()} == EXPECTED_ASSUMED
    assert {c.provenance for c in regime.walk()} == {"assumed"}
    assert all("Hội nghị BCĐ CNTT Hà Giang 10/4/2015" in c.source for c in regime.walk())
    assert all(b.provenance == "assumed" and b.source for b in regime.bands)
    assert regime.status == "provisional" and regime.is_provisional
    assert regime.notes is not None and "Provisional" in regime.notes.en and "Tạm thời" in regime.notes.vi
    assert itcriteria.load_plugins(["hagiang"]).regimes[REGIME_ID].status == "provisional"


@pytest.mark.parametrize(
    "form", [so_tai_nguyen_q2, huyen_vi_xuyen_q2, ban_dan_toc_q3], ids=["department", "district", "small"]
)
def test_explanation_marks_exactly_the_unofficial_leaves(regime: itcriteria.Regime, form: Any) -> None:
    """The English explanation flags the regime provisional and marks every criterion of the unit assumed."""
    card = regime.score(form())
    assert "[PROVISIONAL: some criteria are not from an official text]" in card.explain("en")
    shown = explained_provenance(card)
    assert shown == dict.fromkeys({c.id for c in regime.walk(card.group)}, "assumed")
    assert set(shown) <= EXPECTED_ASSUMED


# --- The year from its quarters ---------------------------------------------------------------------


def test_the_year_is_the_mean_of_the_declared_quarters(regime: itcriteria.Regime) -> None:
    """Q2 and Q3 rounds make the year as the regime says (mean); a unit missing Q2 is not ranked."""
    q3_form = {**so_tai_nguyen_q2(), "period": "2015-Q3"}
    q3_form["answers"] = {**q3_form["answers"], "5.1": True}  # its digital signatures are in use from Q3
    vi_xuyen_q3 = {**huyen_vi_xuyen_q2(), "period": "2015-Q3"}
    forms = {
        "2015-Q2": [so_tai_nguyen_q2(), huyen_vi_xuyen_q2()],
        "2015-Q3": [q3_form, ban_dan_toc_q3(), vi_xuyen_q3],
    }
    units = tuple(
        itcriteria.Unit(**f["unit"]) for f in (so_tai_nguyen_q2(), ban_dan_toc_q3(), huyen_vi_xuyen_q2())
    )
    results = [
        itcriteria.Round(
            regime, units, tuple(itcriteria.Submission.from_dict(f) for f in quarter), period=period
        ).run()
        for period, quarter in forms.items()
    ]
    year = itcriteria.aggregate_year(results)
    q3_total = results[1].cards["so-tnmt"].total
    assert q3_total > Decimal("54.93")
    rows = {row.unit: row for row in year.ranking}
    # mean of 54.93 and the Q3 total, rounded as the regime rounds (2 places, half up)
    expected = ((Decimal("54.93") + q3_total) / 2).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert (rows["so-tnmt"].total, rows["so-tnmt"].rank) == (expected, 1)
    assert (rows["ubnd-vi-xuyen"].total, rows["ubnd-vi-xuyen"].rank) == (Decimal("73.13"), 1)  # same twice
    assert rows["ban-dan-toc"].rank is None and rows["ban-dan-toc"].reason is not None
    assert "2015-Q2" in rows["ban-dan-toc"].reason.en
