"""Scoring text to rules: each phrasing the issue lists, written in the rule language and scored, and
texts the importer must not guess at."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from itcriteria import expressions
from itcriteria.annex import translate

TITLE = "Tiêu chí thử"


def points(text: str, maximum: int, **inputs: Any) -> Decimal:
    """The points the translated rule gives for ``inputs``, compiled as a regime would compile it."""
    translation = translate(text, Decimal(maximum), TITLE)
    assert translation is not None, text
    names = {
        "ratio": ["numerator", "denominator", "ratio", "max_points", "best"],
        "count": ["count", "max_points", "best"],
        "number": ["value", "max_points", "best"],
        "yes_no": ["yes", "max_points"],
        "choice": ["fraction", "level", "max_points"],
    }[translation.indicator["kind"]]
    rule = expressions.compile(translation.rule, names)
    return rule(max_points=Decimal(maximum), **inputs)


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa",
        "Tỷ lệ % x Điểm tối đa",
        "Tỷ lệ% x Điểm tối đa",
        "a/b*Điểm tối đa",
        "Điểm = Tỷ lệ * điểm tối đa",
        "TY LE X DIEM TOI DA",
    ],
)
def test_ratio_times_max(text: str) -> None:
    """Every spelling of "ratio × max" becomes ratio * max_points."""
    translation = translate(text, Decimal(20), TITLE)
    assert translation is not None and translation.kind == "ratio"
    assert translation.rule == "ratio * max_points"
    assert points(text, 20, ratio=Decimal("0.75")) == 15


def test_ratio_labels_come_from_a_and_b() -> None:
    """The numerator and denominator are named by the text's "a = …" and "b = …"."""
    text = "a = Số văn bản điện tử; b = Tổng số văn bản đi; Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa"
    translation = translate(text, Decimal(10), TITLE)
    assert translation is not None
    assert translation.indicator["numerator"] == "Số văn bản điện tử"
    assert translation.indicator["denominator"] == "Tổng số văn bản đi"


def test_normalised_to_best() -> None:
    """ "Tỷ lệ chuẩn hóa = giá trị / giá trị lớn nhất" divides by the best unit's value."""
    text = "Tỷ lệ chuẩn hóa = giá trị của đơn vị / giá trị lớn nhất; Điểm = Tỷ lệ chuẩn hóa × Điểm tối đa"
    translation = translate(text, Decimal(40), TITLE)
    assert translation is not None and translation.kind == "best"
    assert points(text, 40, value=Decimal(5), best=Decimal(20)) == 10


def test_count_steps() -> None:
    """Points per number of meetings become steps on the count; "còn lại" is the 0 below them."""
    text = "4 lần/năm: 20 điểm; 3 lần: 15 điểm; 2 lần: 10; 1 lần: 5; còn lại: 0"
    translation = translate(text, Decimal(20), TITLE)
    assert translation is not None and translation.rule == "steps(count, 4, 20, 3, 15, 2, 10, 1, 5)"
    assert [points(text, 20, count=n) for n in (0, 1, 2, 3, 4, 6)] == [0, 5, 10, 15, 20, 20]


def test_threshold_steps_on_a_ratio() -> None:
    """ "từ 80% trở lên: 10 điểm; từ 50% đến dưới 80%: 5 điểm" becomes steps on the ratio."""
    text = "Từ 80% trở lên: 10 điểm; từ 50% đến dưới 80%: 5 điểm; dưới 50%: 0 điểm"
    translation = translate(text, Decimal(10), TITLE)
    assert translation is not None and translation.rule == "steps(ratio, 0.8, 10, 0.5, 5)"
    assert [points(text, 10, ratio=Decimal(r)) for r in ("0.49", "0.5", "0.79", "0.8", "1")] == [
        0,
        5,
        5,
        10,
        10,
    ]


def test_threshold_above_is_strict() -> None:
    """ "trên 80%" is above, not from: written as a strict comparison, 80% itself scores lower."""
    text = "Trên 80%: 10 điểm; từ 50% đến 80%: 5 điểm"
    assert [points(text, 10, ratio=Decimal(r)) for r in ("0.4", "0.5", "0.8", "0.81")] == [0, 5, 5, 10]


def test_yes_no() -> None:
    """ "Có: 5 điểm; Không: 0 điểm" is a yes/no question worth the max."""
    translation = translate("Có: 5 điểm; Không: 0 điểm", Decimal(5), TITLE)
    assert translation is not None and translation.indicator["kind"] == "yes_no"
    assert translation.rule == "max_points if yes else 0"
    assert points("Có: 3đ; Không: 1đ", 5, yes=True) == 3 and points("Có: 3đ; Không: 1đ", 5, yes=False) == 1


def test_levels_become_a_choice() -> None:
    """Levels worth the max, half of it or nothing become a choice with those fractions."""
    text = (
        "Trưởng ban là Bí thư/Chủ tịch: Điểm tối đa; Phó Bí thư/Phó Chủ tịch: 1/2 * Điểm tối đa; chưa có: 0"
    )
    translation = translate(text, Decimal(10), TITLE)
    assert translation is not None and translation.kind == "levels"
    levels = translation.indicator["levels"]
    assert [lv["title"] for lv in levels] == [
        "Trưởng ban là Bí thư/Chủ tịch",
        "Phó Bí thư/Phó Chủ tịch",
        "chưa có",
    ]
    assert [lv["fraction"] for lv in levels] == [1, Decimal("0.5"), 0]
    assert len({lv["id"] for lv in levels}) == 3


def test_capped_per_item() -> None:
    """ "1 điểm/ứng dụng, tối đa không quá 5 điểm" is per_item with that cap."""
    text = "1 điểm/ứng dụng, tối đa không quá 5 điểm"
    translation = translate(text, Decimal(5), TITLE)
    assert translation is not None and translation.rule == "per_item(count, 1, max_points)"
    assert "ứng dụng" in translation.indicator["label"]
    assert [points(text, 5, count=n) for n in (0, 3, 9)] == [0, 3, 5]


def test_additive_halves() -> None:
    """ "mỗi nội dung 1/2 * Điểm tối đa" counts the contents met, each worth half."""
    text = "Có 02 nội dung, mỗi nội dung 1/2 * Điểm tối đa"
    translation = translate(text, Decimal(10), TITLE)
    assert translation is not None and translation.kind == "halves"
    assert [points(text, 10, count=n) for n in (0, 1, 2)] == [0, 5, 10]


def test_not_scored() -> None:
    """ "Không tính điểm" is collected with 0 points."""
    translation = translate("Không tính điểm", Decimal(0), TITLE)
    assert translation is not None and translation.kind == "not_scored" and translation.rule == "0"


@pytest.mark.parametrize(
    "text",
    [
        "Điểm = ĐiểmKNWAN + ĐiểmƯDKNWAN; ĐiểmKNWAN = Tỷ lệ * 45 điểm",  # a sum of two parts
        "a = Số lượng văn bản; b = …",  # the text stops before saying how it is scored
        "Đánh giá theo thực tế triển khai",  # no rule at all
        "Có: 5 điểm; Không: 0 điểm; Một phần",  # a line without points
        "4 lần: 20 điểm; 3 lần: 25 điểm",  # more than the max
    ],
)
def test_texts_it_does_not_guess(text: str) -> None:
    """A text that is not one of the known phrasings, in full, is left untranslated."""
    assert translate(text, Decimal(20), TITLE) is None
