"""itcriteria.diff: what a new regime changed from an old one, criterion by criterion."""

from decimal import Decimal

import itcriteria
from builders import build, leaf, parent, ratio

YES = {"kind": "yes_no", "label": "Có"}


def old_regime() -> itcriteria.Regime:
    return build(
        parent("1", 10, leaf("1.1", 6, ratio()), leaf("1.2", 4, YES)),
        leaf("2", 5, ratio(), benchmark={"ratio": 0.8}),
        id="thu-2018",
    )


def test_identical_regimes_have_an_empty_diff() -> None:
    """A regime compared with itself has no change, and says so."""
    change = itcriteria.diff(old_regime(), old_regime())
    assert not change
    assert change.describe("en").endswith("no change")


def test_added_removed_and_changed_criteria_are_listed_in_official_order() -> None:
    """Criteria are matched by id: new ids are added, missing ids removed, differing fields changed."""
    new = build(
        parent("1", 10, leaf("1.1", 7, ratio(), rule="steps(ratio, 0.5, 7)"), leaf("1.3", 3, YES)),
        leaf("2", 5, ratio(), benchmark={"ratio": 0.9}, title="Tỷ lệ mới"),
        id="thu-2019",
    )
    change = itcriteria.diff(old_regime(), new)
    assert [c.id for c in change.added] == ["1.3"]
    assert [c.id for c in change.removed] == ["1.2"]
    assert [(c.id, [f.field for f in c.changes]) for c in change.changed] == [
        ("1.1", ["max", "rule"]),
        ("2", ["title", "benchmark"]),
    ]
    rule = change.changed[0].change("rule")
    assert rule is not None and (rule.old, rule.new) == ("ratio * max_points", "steps(ratio, 0.5, 7)")
    assert change.changed[0].change("max") == itcriteria.FieldChange("max", Decimal(6), Decimal(7))
    text = change.describe()
    assert "+ 1.3" in text and "- 1.2" in text and "~ 2 điểm chuẩn: 80% → 90%" in text


def test_a_rule_written_out_as_the_default_is_no_change() -> None:
    """Writing the indicator's default rule explicitly does not count as a changed rule."""
    new = build(
        parent("1", 10, leaf("1.1", 6, ratio(), rule="ratio * max_points"), leaf("1.2", 4, YES)),
        leaf("2", 5, ratio(), benchmark={"ratio": 0.8}),
        id="thu-2018",
    )
    assert not itcriteria.diff(old_regime(), new)


def test_regime_wide_settings_are_compared() -> None:
    """Bands, rounding and the ranking policy are listed among the settings that changed, each named
    as a reader calls it in the language asked."""
    new = build(
        parent("1", 10, leaf("1.1", 6, ratio()), leaf("1.2", 4, YES)),
        leaf("2", 5, ratio(), benchmark={"ratio": 0.8}),
        id="thu-2019",
        ranking_policy="dense",
        rounding={"places": 1},
    )
    change = itcriteria.diff(old_regime(), new)
    assert [f.field for f in change.settings] == ["rounding", "ranking_policy"]
    assert "ranking policy: competition → dense" in change.describe("en")
    assert "cách xếp hạng: competition → dense" in change.describe("vi")


def test_a_change_list_speaks_the_readers_language_with_names_and_dates_as_it_writes_them() -> None:
    """Vietnamese change lists name fields, milestones and provenance in Vietnamese, with dates as
    dd/mm/yyyy and a decimal comma; English ones write the same in English."""
    vi = itcriteria.diff(itcriteria.get_regime("binhthuan-2018"), itcriteria.get_regime("binhthuan-2019"))
    text = vi.describe("vi")
    assert "~ 2.2 nguồn gốc: giả định → suy ra" in text
    assert "~ hạn gửi phiếu: — → 15/09/2019 + 5 ngày làm việc" in text
    assert "Tham mưu UBND tỉnh quyết định phê duyệt kết quả 25/11/2019" in text
    assert "assumed" not in text and "milestones" not in text
    english = vi.describe("en")
    assert "~ 2.2 provenance: assumed → derived" in english
    assert "~ forms due: — → 15 September 2019 + 5 working days" in english


def test_a_changed_rule_is_shown_in_words_beside_its_code() -> None:
    """Under a changed rule's line (the code before and after), the diff shows the old and the new rule
    in words, as the criteria book writes them, in the language asked."""
    new = build(
        parent("1", 10, leaf("1.1", 6, ratio(), rule="steps(ratio, 0.5, 6)"), leaf("1.2", 4, YES)),
        leaf("2", 5, ratio(), benchmark={"ratio": 0.8}),
        id="thu-2019",
    )
    vi = itcriteria.diff(old_regime(), new).describe("vi").splitlines()
    assert vi[1:] == [
        "  ~ 1.1 cách tính điểm: ratio * max_points → steps(ratio, 0.5, 6)",
        "      trước: Điểm = tỷ lệ × 6",
        "      sau: từ 50% trở lên: 6; dưới 50%: 0",
    ]
    en = itcriteria.diff(old_regime(), new).describe("en").splitlines()
    assert en[2:] == ["      before: Points = ratio × 6", "      after: 50% or more: 6; under 50%: 0"]


def test_bands_and_benchmarks_in_a_diff_write_numbers_as_the_language_does() -> None:
    """A band's limits and a benchmark's value have a decimal comma in Vietnamese, a point in English."""
    number = {"kind": "number", "label": "Băng thông"}
    old = build(leaf("1", 10, number, rule="min(value, 10)", benchmark={"value": 2}), id="thu-2018")
    new = build(
        leaf("1", 10, number, rule="min(value, 10)", benchmark={"value": "2.5"}),
        id="thu-2019",
        bands=[{"id": "tot", "title": "Tốt", "min": "7.5"}, {"id": "yeu", "title": "Yếu", "below": "7.5"}],
    )
    vi, en = (itcriteria.diff(old, new).describe(lang) for lang in ("vi", "en"))
    assert "~ 1 điểm chuẩn: ≥ 2 → ≥ 2,5" in vi and "~ 1 benchmark: ≥ 2 → ≥ 2.5" in en
    assert "tot (Tốt) 7,5 ≤ x" in vi and "yeu (Yếu) x < 7,5" in vi and "tot (Tốt) 7.5 ≤ x" in en
