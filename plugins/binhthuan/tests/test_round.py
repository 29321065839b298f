"""The Bình Thuận 2019 example round, end to end: late and missing forms, the council's adjustments,
the armed forces scored but not ranked, ranks and classes on the percent of each unit's maximum."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import itcriteria

ROUND = Path(__file__).parents[1] / "examples" / "binhthuan-2019-round.json"


@pytest.fixture(scope="module")
def result() -> itcriteria.RoundResult:
    return itcriteria.load_round(ROUND).run()


def test_forms_are_judged_against_15_september_and_5_working_days(result: itcriteria.RoundResult) -> None:
    """20/9 is the last day accepted (letter 697); Hàm Thuận Bắc's form of 23/9 is not evaluated."""
    statuses = {s.unit.id: s.status for s in result.statuses}
    assert statuses["bql-kcn"] == "late_within_grace"  # sent 20/09/2019
    assert statuses["ubnd-ham-thuan-bac"] == "late_beyond_grace"  # sent 23/09/2019
    assert statuses["so-y-te"] == "not_submitted"
    assert sum(s == "on_time" for s in statuses.values()) == 7
    assert "ubnd-ham-thuan-bac" not in result.cards


def test_ranks_classes_and_exclusions(result: itcriteria.RoundResult) -> None:
    """Ranks per group on the percent of max; excluded units and the armed forces carry a reason."""
    table = [(r.group, r.unit, r.total, r.rank, r.band) for r in result.ranking]
    assert table == [
        ("so-nganh", "so-tttt", Decimal("93.59"), 1, "tot"),
        ("so-nganh", "bql-kcn", Decimal("63.47"), 2, "trung-binh"),
        ("so-nganh", "so-tu-phap", Decimal("61.04"), 3, "trung-binh"),
        ("so-nganh", "so-y-te", None, None, None),
        ("don-vi-su-nghiep", "tt-cntt", Decimal("72.62"), 1, "tot"),  # 72.62 of 80: 90.78%
        ("don-vi-su-nghiep", "truong-cao-dang", Decimal("33.18"), 2, "yeu"),
        ("huyen", "ubnd-phan-thiet", Decimal("87.55"), 1, "tot"),
        ("huyen", "ubnd-tuy-phong", Decimal("64.72"), 2, "trung-binh"),
        ("huyen", "ubnd-phu-quy", Decimal("35.94"), 3, "yeu"),
        ("huyen", "ubnd-ham-thuan-bac", None, None, None),
        ("luc-luong-vu-trang", "bch-quan-su", Decimal("69.24"), None, "trung-binh"),
        ("luc-luong-vu-trang", "cong-an-tinh", Decimal("91.06"), None, "tot"),
    ]
    assert all(r.reason is not None for r in result.ranking if r.rank is None)


def test_the_appraisal_moves_bql_kcn_above_so_tu_phap(result: itcriteria.RoundResult) -> None:
    """Six sub-criteria were appraised (one corrected by a later record); two departments swap places."""
    differences = [
        (d.unit, d.criterion, d.self_points, d.appraised_points) for d in result.appraisal_differences()
    ]
    assert differences == [
        ("so-tu-phap", "2.1", Decimal("7.00"), Decimal("4.00")),  # 1210/1600 → 700/1600 (steps: 0.4 → 4)
        ("so-tu-phap", "3.3", Decimal("4.00"), Decimal("0.00")),
        ("so-tu-phap", "4.1", Decimal("2.00"), Decimal("0.80")),
        ("bql-kcn", "2.3", Decimal("3.00"), Decimal("5.40")),  # 270/300 × 6
        ("bql-kcn", "3.1", Decimal("3.00"), Decimal("6.00")),
        ("ubnd-phu-quy", "5.2", Decimal("2.00"), Decimal("0.00")),  # points set by the council
    ]
    corrected = result.appraisal_differences()[0]
    assert corrected.adjustment is not None and corrected.adjustment.evidence == "BB-TD-03a"
    assert [h.evidence for h in corrected.history] == ["BB-TD-03"]
    assert result.movements() == (("bql-kcn", 3, 2), ("so-tu-phap", 2, 3))


def test_the_round_command_prints_ranks_bands_exclusions_and_appraisal() -> None:
    """``itcriteria round`` on the example file prints what the officer needs, in English on request."""
    out = subprocess.run(
        [sys.executable, "-m", "itcriteria", "round", str(ROUND), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    assert "Forms due: 15 September 2019; accepted until 20 September 2019" in out
    assert "Not ranked: late beyond the grace period: sent 23/09/2019" in out
    assert "Not ranked: the regime scores this group but does not rank it" in out
    assert "Rank changes after appraisal: Ban Quản lý các khu công nghiệp 3→2, Sở Tư pháp 2→3" in out


def test_gaps_say_what_reaching_the_benchmark_takes(result: itcriteria.RoundResult) -> None:
    """Sở Tư pháp's largest gap is 4.1: 16 of 160 procedures online, 32 more reach the 30% benchmark."""
    first = result.gaps("so-tu-phap").gaps[0]
    assert (first.id, first.points, first.lost) == ("4.1", Decimal("0.80"), Decimal("7.20"))
    assert first.to_benchmark is not None
    assert first.to_benchmark.describe("en") == (
        "ratio 16/160, benchmark 30%: 32 more “Procedures online at level 3-4” (48/160)"
    )
    common = result.common_gaps()
    assert (common[0].group, common[0].id, common[0].below_benchmark) == ("so-nganh", "1.3", 3)


def test_a_plan_to_regain_second_place_is_checked_by_re_ranking(result: itcriteria.RoundResult) -> None:
    """After the appraisal Sở Tư pháp is third; one change of its answers puts it back to second."""
    plan = result.plan("so-tu-phap", rank=2)
    assert plan.reached and len(plan.changes) == 1
    assert plan.new_total >= Decimal("63.47")  # Ban Quản lý các khu công nghiệp, second
    cards = [plan.after if c.unit.id == "so-tu-phap" else c for c in result.cards.values()]
    rows = itcriteria.rank(cards, policy=result.policy, regime=result.regime)
    assert next(r.rank for r in rows if r.unit == "so-tu-phap") == 2
    to_band = result.plan("ubnd-phu-quy")  # Yếu → Trung bình: at least 50% of 100
    assert to_band.target == Decimal("50.00") and to_band.new_total >= 50
    with pytest.raises(itcriteria.ItcriteriaError, match="not evaluated"):
        result.plan("so-y-te")
    with pytest.raises(itcriteria.ItcriteriaError, match="is not ranked"):
        result.plan("cong-an-tinh", rank=1)


def test_the_main_command_ends_with_each_units_largest_gaps() -> None:
    """The README's main command prints the gaps section for every evaluated unit."""
    out = subprocess.run(
        [sys.executable, "-m", "itcriteria", "round", str(ROUND), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    gaps = out.split("Each unit's 3 largest gaps", 1)[1]
    assert "4.1 −7.20: ratio 16/160, benchmark 30%: 32 more" in gaps
    assert "ubnd-ham-thuan-bac" not in gaps and "so-y-te" not in gaps


def test_points_the_council_set_stay_set_in_gaps_and_plans(result: itcriteria.RoundResult) -> None:
    """Phú Quý's 5.2 was set to 0 by the council: its gap shows 0 and no plan changes it back."""
    gap = result.gaps("ubnd-phu-quy").gap("5.2")
    assert gap is not None and (gap.points, gap.lost) == (Decimal("0.00"), Decimal("4"))
    assert gap.to_full is not None and not gap.to_full.reachable  # no answer moves fixed points
    plan = result.plan("ubnd-phu-quy")  # Yếu → Trung bình
    assert plan.after.node("5.2").score == Decimal("0.00")
    assert plan.reached and "5.2" not in {change.criterion.id for change in plan.changes}
