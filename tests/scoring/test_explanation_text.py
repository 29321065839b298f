"""Explanations as people read them: one number format per kind of value, in the reader's language,
rounded for display only; the explanation data stays exact."""

from __future__ import annotations

import re
from decimal import Decimal as D

import itcriteria
from builders import build, form, leaf, ratio
from itcriteria._core import formats
from itcriteria.scoring import calculation_lines, leaf_lines

COUNT = {"kind": "count", "label": {"vi": "Số hệ thống", "en": "Systems"}}
CHOICE = {
    "kind": "choice",
    "label": {"vi": "Mức độ", "en": "Level"},
    "levels": [
        {"id": "khong", "title": {"vi": "Không", "en": "None"}, "fraction": 0},
        {"id": "mot-phan", "title": {"vi": "Một phần", "en": "Partly"}, "fraction": "0.5"},
    ],
}


ANSWERS = {
    "1": {"numerator": 52, "denominator": 55},
    "2": {"numerator": 700, "denominator": 1600},
    "3": 3,
    "4": "mot-phan",
}


def regime() -> itcriteria.Regime:
    """A ratio scored in proportion, a ratio in steps, a count per item with a cap and a choice."""
    return build(
        leaf("1", 5, ratio()),
        leaf("2", 10, ratio(), rule="steps(ratio, 0.8, 10, 0.4, 4)", benchmark={"ratio": "0.8"}),
        leaf("3", 4, COUNT, rule="per_item(count, 1.5, 4)"),
        leaf("4", 4, CHOICE),
        bands=[],
    )


def explained(lang: str) -> list[str]:
    card = regime().score(form(ANSWERS))
    return [line.strip() for line in card.explain(lang).splitlines()]


def test_vietnamese_explanations_write_decimal_commas_and_rounded_values() -> None:
    """In Vietnamese a ratio shows as 94,55%, a rule's result as ≈ 4,7273 and the points as 4,73:
    decimal commas, never the 28 digits the rule computed."""
    lines = explained("vi")
    start = lines.index("1. Tiêu chí 1: 4,73 / 5")
    assert lines[start + 1 : start + 5] == [
        "Tử số: 52; Mẫu số: 55 → tỷ lệ 94,55%",
        "cách tính: Điểm = tỷ lệ × 5",
        "công thức: ratio * max_points ≈ 4,7273",
        "làm tròn: 4,73 (2 chữ số thập phân, làm tròn nửa lên, trên từng tiêu chí thành phần)",
    ]
    assert not any(re.search(r"\d{6}", line) for line in lines)


def test_english_explanations_write_decimal_points() -> None:
    """In English the same values are written with a decimal point."""
    lines = explained("en")
    start = lines.index("1. Tiêu chí 1: 4.73 / 5")
    assert lines[start + 1 : start + 5] == [
        "Tử số: 52; Mẫu số: 55 → ratio 94.55%",
        "in words: Points = ratio × 5",
        "rule: ratio * max_points ≈ 4.7273",
        "rounded: 4.73 (2 places, half up, on each sub-criterion)",
    ]


def test_one_format_for_points_and_percent_for_ratio_steps() -> None:
    """Points a rule or a step gives are padded to the regime's places (4,00, 2,00: never "4", "2.0"
    or "5.6000"), and a steps rule on the ratio shows the ratio and thresholds as percentages."""
    lines = explained("vi")
    assert "công thức: steps(ratio, 0.8, 10, 0.4, 4) = 4,00" in lines
    assert "ratio = 43,75% ≥ 40% → 4,00" in lines
    assert "điểm chuẩn 80%: chưa đạt" in lines
    assert "count = 3 × 1,5 = 4,50, tối đa 4,00 → 4,00" in lines
    assert "công thức: fraction * max_points = 2,00" in lines
    assert "count = 3 × 1.5 = 4.50, at most 4.00 → 4.00" in explained("en")


def test_the_explanation_data_stays_exact() -> None:
    """What ``card.explanation(id)`` returns keeps every digit: the raw result, the ratio, the values
    each step met; its steps and rounding text keep their one notation for JSON."""
    card = regime().score(form(ANSWERS))
    first = card.explanation("1")
    assert first.raw == D("4.727272727272727272727272728") and first.points == D("4.73")
    assert first.rounding == f"{first.raw} → 4.73" and len(str(first.raw)) == 29
    second = card.explanation("2")
    assert second.steps == ("ratio = 0.4375 ≥ 0.4 → 4",)
    assert second.calls[0].function == "steps" and second.calls[0].args[0] == D("0.4375")
    assert card.to_dict()["criteria"][1]["explanation"]["steps"] == ["ratio = 0.4375 ≥ 0.4 → 4"]


def test_for_display_rounds_only_values_with_more_digits() -> None:
    """``for_display`` rounds half up to the places asked when a value has more, and leaves shorter
    values as they are; ``percent`` with places rounds the percentage the same way."""
    assert formats.for_display(D(52) / D(55), 4) == D("0.9455")
    assert formats.for_display(D("0.5"), 4) == D("0.5")
    assert formats.for_display(D("2.345"), 2) == D("2.35")
    assert formats.percent(D(52) / D(55), "vi", 2) == "94,55%"
    assert formats.percent(D("0.1"), "en", 2) == "10%"


def test_calculation_lines_are_the_middle_of_the_explanation() -> None:
    """``calculation_lines`` gives how the points were worked out (rule, steps, rounding), the same
    lines the explanation shows between the answer and the benchmark, for a results file's column."""
    card = regime().score(form(ANSWERS))
    leaf = card.explanation("1")
    lines = calculation_lines(leaf, card.regime.rounding, "vi")
    assert lines == [
        "cách tính: Điểm = tỷ lệ × 5",
        "công thức: ratio * max_points ≈ 4,7273",
        "làm tròn: 4,73 (2 chữ số thập phân, làm tròn nửa lên, trên từng tiêu chí thành phần)",
    ]
    assert leaf_lines(leaf, card.regime.rounding, "vi")[1:4] == lines


def test_an_explanation_says_the_rule_in_words_before_its_code() -> None:
    """Each leaf scored by its rule is explained with the rule in words, as the criteria book and the
    annex say it ("Điểm = tỷ lệ × 5"), on the line before the rule's code and result, in the language
    asked."""
    card = regime().score(form(ANSWERS))
    expected = [
        ("vi", "cách tính: Điểm = tỷ lệ × 5", "công thức: ratio * max_points"),
        ("en", "in words: Points = ratio × 5", "rule: ratio * max_points"),
    ]
    for lang, words, code in expected:
        lines = [
            line.strip() for line in calculation_lines(card.explanation("1"), card.regime.rounding, lang)
        ]
        at = lines.index(words)
        assert lines[at + 1].startswith(code)
