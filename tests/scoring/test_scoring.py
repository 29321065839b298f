"""Scoring: every indicator kind, zero denominators, rounding, combining children, explanations."""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from typing import Any

import pytest

import itcriteria
from builders import build, form, leaf, parent, ratio

D = Decimal
YES_NO = {"kind": "yes_no", "label": "Có"}
LEVELS = {
    "kind": "choice",
    "label": "Mức độ",
    "levels": [
        {"id": "full", "title": "Đầy đủ", "fraction": 1},
        {"id": "half", "title": "Một phần", "fraction": 0.5},
        {"id": "none", "title": "Không", "fraction": 0},
    ],
}


def one_leaf(indicator: dict[str, Any], max_points: Any = 10, **extra: Any) -> itcriteria.Regime:
    return build(leaf("1", max_points, indicator, **extra))


def test_ratio_scores_ratio_times_max() -> None:
    """A ratio leaf scores numerator/denominator × max, exactly, rounded as the regime declares."""
    card = one_leaf(ratio()).score(form({"1": {"numerator": 62, "denominator": 100}}))
    assert card.total == D("6.20")
    assert card.node("1").score == D("6.20") and card.node("1").max == D(10)
    assert card.explanation("1").inputs["ratio"] == D("0.62")


def test_count_with_steps_and_per_item_cap() -> None:
    """Count bands (4 → 20, 3 → 15, …) and per-item points with a cap score as the annexes say."""
    regime = build(
        leaf(
            "1", 20, {"kind": "count", "label": "Số cuộc họp"}, rule="steps(count, 4, 20, 3, 15, 2, 10, 1, 5)"
        ),
        leaf("2", 5, {"kind": "count", "label": "Số ứng dụng"}, rule="per_item(count, 1, 5)"),
        bands=[],
    )
    expected = {0: (0, 0), 1: (5, 1), 3: (15, 3), 4: (20, 4), 9: (20, 5)}
    for count, (steps, items) in expected.items():
        card = regime.score(form({"1": count, "2": count}))
        assert (card.node("1").score, card.node("2").score) == (D(steps), D(items))
    assert regime.score(form({"1": 3, "2": 7})).explanation("1").steps == ("count = 3 ≥ 3 → 15",)
    assert regime.score(form({"1": 3, "2": 7})).explanation("2").steps == ("count = 7 × 1 = 7, cap 5 → 5",)


def test_yes_no_and_choice() -> None:
    """Yes/no gives all or nothing; a choice gives its level's fraction of the max."""
    regime = build(leaf("1", 4, YES_NO), leaf("2", 6, LEVELS))
    assert regime.score(form({"1": True, "2": "half"})).total == D("7.00")
    assert regime.score(form({"1": "không", "2": {"value": "full"}})).total == D("6.00")
    assert regime.score(form({"1": {"value": "có"}, "2": "none"})).total == D("4.00")


def test_number_with_bounds_and_rule() -> None:
    """A number answer is checked against its bounds and scored by its rule."""
    regime = one_leaf(
        {"kind": "number", "label": "Mbps", "min": 0, "max": 1000},
        rule="clamp(value / 10 * max_points, 0, max_points)",
    )
    assert regime.score(form({"1": "2.5"})).total == D("2.50")
    assert regime.score(form({"1": 40})).total == D("10.00")


def test_float_inputs_are_taken_at_their_shortest_repr() -> None:
    """A float answer is the decimal it prints as: 0.1 + 0.2 is exactly 0.3, not 0.30000000000000004."""
    regime = build(
        leaf("1", 1, {"kind": "number", "label": "a"}, rule="value + 0.2"),
        bands=[],
        rounding={"places": 10, "mode": "half_even", "stage": "leaf"},
    )
    card = regime.score(form({"1": 0.1}))
    assert card.explanation("1").raw == D("0.3")
    assert card.total == D("0.3")


@pytest.mark.parametrize(
    ("policy", "score", "maximum", "outcome"),
    [
        ("zero", "0", "10", "zero"),
        ("full", "10", "10", "full"),
        ("not_applicable", "0", "0", "not_applicable"),
    ],
)
def test_zero_denominator_as_the_regime_says(policy: str, score: str, maximum: str, outcome: str) -> None:
    """A zero denominator scores zero, full, or leaves the sub-criterion out of the unit's maximum."""
    regime = build(leaf("1", 10, ratio(zero_denominator=policy)), leaf("2", 4, YES_NO))
    card = regime.score(form({"1": {"numerator": 0, "denominator": 0}, "2": True}))
    node = card.node("1")
    assert (node.score, node.max) == (D(score), D(maximum))
    assert card.max_total == D(maximum) + 4
    assert card.explanation("1").outcome == outcome
    assert node.applicable is (policy != "not_applicable")


def test_rounding_per_leaf_keeps_totals_equal_to_displayed_parts() -> None:
    """With leaf rounding, each leaf is rounded and the total is the exact sum of rounded leaves."""
    regime = build(leaf("1", 5, ratio()), leaf("2", 5, ratio()), bands=[])
    card = regime.score(
        form({"1": {"numerator": 1, "denominator": 3}, "2": {"numerator": 2, "denominator": 3}})
    )
    assert [card.node(c).score for c in ("1", "2")] == [D("1.67"), D("3.33")]
    assert card.total == D("5.00") == card.node("1").score + card.node("2").score


def test_rounding_on_total_only() -> None:
    """With total rounding, leaves keep full precision and only the grand total is rounded."""
    regime = build(
        leaf("1", 5, ratio()),
        leaf("2", 5, ratio()),
        bands=[],
        rounding={"places": 1, "mode": "down", "stage": "total"},
    )
    card = regime.score(
        form({"1": {"numerator": 1, "denominator": 3}, "2": {"numerator": 1, "denominator": 3}})
    )
    part = card.node("1").score
    assert part == D("1.666666666666666666666666666")  # 28 significant digits, not rounded to 1 place
    assert card.node("1").score + card.node("2").score == D("3.333333333333333333333333332")
    assert card.total == D("3.3")


@pytest.mark.parametrize(
    ("mode", "expected"), [("half_up", "0.13"), ("half_even", "0.12"), ("down", "0.12"), ("up", "0.13")]
)
def test_declared_rounding_mode(mode: str, expected: str) -> None:
    """The regime's rounding mode decides ties and direction."""
    regime = build(
        leaf("1", 1, {"kind": "number", "label": "x"}, rule="value"), bands=[], rounding={"mode": mode}
    )
    assert regime.score(form({"1": "0.125"})).total == D(expected)


def test_capped_sum_and_best_of_alternatives() -> None:
    """capped_sum caps the children's sum at the max; best keeps the best child."""
    regime = build(
        parent("1", 5, leaf("1.1", 4, YES_NO), leaf("1.2", 3, YES_NO), combine="capped_sum"),
        parent("2", 5, leaf("2.1", 5, YES_NO), leaf("2.2", 3, YES_NO), combine="best"),
    )
    card = regime.score(form({"1.1": True, "1.2": True, "2.1": False, "2.2": True}))
    assert card.node("1").score == D(5)
    assert card.node("2").score == D("3.00")
    assert card.total == D("8.00")
    assert card.band is not None and card.band.id == "tot"


def test_group_trees_differ() -> None:
    """Each unit group answers only its own criteria and has its own maximum."""
    regime = build(
        leaf("1", 6, YES_NO), leaf("2", 4, YES_NO, groups=["so"]), leaf("3", 4, YES_NO, groups=["huyen"])
    )
    assert regime.score(form({"1": True, "2": True})).max_total == D(10)
    card = regime.score(form({"1": True, "3": False}, group="huyen"))
    assert card.total == D("6.00") and card.max_total == D(10)
    with pytest.raises(KeyError, match="does not apply"):
        card.node("2")


def test_benchmarks_on_ratio_value_and_points() -> None:
    """Benchmark verdicts compare the ratio, the value, or the points with the target."""
    regime = build(
        leaf("1", 4, ratio(), benchmark={"ratio": 0.8}),
        leaf("2", 3, {"kind": "count", "label": "n"}, rule="per_item(count, 1, 3)", benchmark={"value": 2}),
        leaf("3", 3, YES_NO, benchmark={"points": 3}),
    )
    card = regime.score(form({"1": {"numerator": 79, "denominator": 100}, "2": 2, "3": False}))
    assert [card.node(c).benchmark_met for c in ("1", "2", "3")] == [False, True, False]
    card = regime.score(form({"1": {"numerator": 4, "denominator": 5}, "2": 1, "3": True}))
    assert [card.node(c).benchmark_met for c in ("1", "2", "3")] == [True, False, True]


def test_cohort_best_normalises_to_the_best_unit_of_the_group() -> None:
    """A rule using ``best`` divides by the best value among the units of the same group."""
    regime = one_leaf(
        {"kind": "number", "label": "Mbps"}, rule="value / best * max_points if best > 0 else 0"
    )
    forms = [form({"1": 4}, unit="a"), form({"1": 1}, unit="b"), form({"1": 2}, unit="c", group="huyen")]
    totals = [card.total for card in regime.score_all(forms)]
    assert totals == [D("10.00"), D("2.50"), D("10.00")]
    with pytest.raises(itcriteria.ItcriteriaError, match="score_all"):
        regime.score(forms[0])


def test_rule_outside_zero_to_max_is_a_regime_error() -> None:
    """A rule that yields more than the max is the regime's defect, reported with the rule's path."""
    regime = one_leaf({"kind": "count", "label": "n"}, rule="count * 2")
    with pytest.raises(itcriteria.RegimeError, match=r"criteria\[0\].rule.*gave 22"):
        regime.score(form({"1": 11}))


def test_runtime_rule_failure_is_an_expression_error() -> None:
    """A rule that fails on some input (division by zero) raises ExpressionError naming the criterion."""
    regime = one_leaf({"kind": "count", "label": "n"}, rule="max_points / count")
    with pytest.raises(itcriteria.ExpressionError) as excinfo:
        regime.score(form({"1": 0}))
    assert excinfo.value.criterion == "1"


def test_scoring_ignores_the_callers_decimal_context() -> None:
    """Scores do not change when the host application lowers its decimal precision."""
    regime = one_leaf(ratio())
    expected = regime.score(form({"1": {"numerator": 2, "denominator": 3}})).total
    with decimal.localcontext() as ctx:
        ctx.prec = 2
        ctx.rounding = decimal.ROUND_FLOOR
        assert regime.score(form({"1": {"numerator": 2, "denominator": 3}})).total == expected == D("6.67")


def test_explanation_renders_in_both_languages(
    example: itcriteria.Regime, example_forms: list[dict[str, Any]]
) -> None:
    """explain() shows the unit, total, band, each leaf's inputs, rule, steps, rounding and source."""
    card = example.score_all(example_forms)[0]
    text_vi, text_en = card.explain("vi"), card.explain("en")
    assert "Tổng điểm: 92,83 / 100 — Xếp loại: Tốt" in text_vi
    assert "Total: 92.83 / 100 — Class: Good" in text_en
    assert "TẠM THỜI" in text_vi and "PROVISIONAL" in text_en
    assert "Số văn bản đi gửi dưới dạng điện tử: 1830; Tổng số văn bản đi: 1905 → tỷ lệ 96,06%" in text_vi
    assert "ratio = 96,06% ≥ 80% → 10,00" in text_vi
    assert "công thức: ratio * max_points = 5,625" in text_vi
    assert "làm tròn: 5,63 (2 chữ số thập phân" in text_vi
    assert "[giả định, chưa có văn bản chính thức]" in text_vi
    assert "[derived, not from an official text]" in text_en


def test_to_dict_is_json_ready_and_exact(
    example: itcriteria.Regime, example_forms: list[dict[str, Any]]
) -> None:
    """to_dict() carries every criterion as decimal text, with each leaf's explanation."""
    card = example.score_all(example_forms)[0]
    data = json.loads(json.dumps(card.to_dict()))
    assert data["total"] == "92.83" and data["band"]["id"] == "tot"
    assert data["regime"]["status"] == "provisional"
    first = data["criteria"][0]["children"][0]
    assert first["explanation"]["given"] == {"numerator": 45, "denominator": 45}
    assert first["explanation"]["inputs"]["ratio"] == "1"
    assert sum(Decimal(c["score"]) for c in data["criteria"]) == Decimal(data["total"])


def test_percent_bands_use_the_units_own_maximum() -> None:
    """Bands on the percent of the max classify each unit against its own maximum, exactly."""
    regime = build(
        leaf("1", 3, YES_NO),
        leaf("2", 6, ratio(zero_denominator="not_applicable")),
        band_basis="percent",
        bands=[
            {"id": "tot", "title": "Tốt", "min": "66.67"},
            {"id": "kha", "title": "Khá", "below": "66.67"},
        ],
    )
    with decimal.localcontext() as ctx:
        ctx.prec = 3  # a host's low precision must not round 66.666… up into the upper band
        card = regime.score(form({"1": True, "2": {"numerator": 3, "denominator": 6}}))
        assert card.total == D("6.00")  # 6/9 = 66.666…%
        assert card.band is not None and card.band.id == "kha"
        card = regime.score(form({"1": True, "2": {"numerator": 0, "denominator": 0}}))
        assert card.max_total == D(3)
        assert card.band is not None and card.band.id == "tot"


def test_items_collected_for_zero_points() -> None:
    """A sub-criterion worth 0 points is collected and explained but adds nothing (DTI's smart city)."""
    regime = build(leaf("1", 10, ratio()), leaf("2", 0, ratio()))
    card = regime.score(
        form({"1": {"numerator": 1, "denominator": 2}, "2": {"numerator": 3, "denominator": 4}})
    )
    assert card.total == D("5.00") and card.max_total == D(10)
    assert card.node("2").score == 0 and card.explanation("2").inputs["ratio"] == D("0.75")


def test_not_applicable_leaf_is_explained(
    example: itcriteria.Regime, example_forms: list[dict[str, Any]]
) -> None:
    """A leaf left out by a zero denominator says so in the explanation, and its maximum is 0."""
    card = next(c for c in example.score_all(example_forms) if c.unit.id == "so-tai-chinh")
    assert card.max_total == D(90)
    assert card.node("4").max == D(10)
    assert "không áp dụng (mẫu số bằng 0)" in card.explain("vi")
    assert "not applicable (zero denominator)" in card.explain("en")


def test_a_cohort_where_no_unit_answers_a_best_normalised_leaf_still_scores() -> None:
    """When every unit's answer to a leaf normalised to the best unit is not applicable, none needs a best."""
    regime = build(
        leaf(
            "1",
            5,
            ratio(zero_denominator="not_applicable"),
            rule="ratio / best * max_points if best > 0 else 0",
        ),
        bands=[],
    )
    none = {"1": {"numerator": 0, "denominator": 0}}
    cards = regime.score_all([form(none), form(none, unit="u2")])
    assert [(c.total, c.max_total, c.node("1").applicable) for c in cards] == [(0, 0, False), (0, 0, False)]


@pytest.mark.parametrize("answer", [{"numerator": 9, "denominator": 10}, {"numerator": 0, "denominator": 0}])
def test_a_scorecard_pickles_and_loads_whole(answer: dict[str, int]) -> None:
    """A scorecard (fast path or general path) pickles and loads with its total, points, benchmark
    verdicts and explanations; the regime's scoring plans, generated code, are built again on first use."""
    import pickle

    regime = build(
        parent(
            "1",
            20,
            leaf("1.1", 10, ratio(zero_denominator="zero"), benchmark={"ratio": 0.8}),
            leaf("1.2", 10, {"kind": "yes_no", "label": "Có"}),
        ),
        bands=[],
    )
    card = regime.score(form({"1.1": answer, "1.2": True}))
    loaded = pickle.loads(pickle.dumps(card))
    assert (loaded.total, dict(loaded.scores)) == (card.total, dict(card.scores))
    assert loaded.node("1.1") == card.node("1.1") and loaded.node("1") == card.node("1")
    assert loaded.to_dict() == card.to_dict() and loaded.explain("en") == card.explain("en")
    assert loaded.regime.score(form({"1.1": answer, "1.2": True})).total == card.total
