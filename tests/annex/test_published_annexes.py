"""The published annex rows of REGIMES.md section 5, typed in as xlsx, docx and csv, imported and scored
on forms whose points are worked out by hand below."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from annex_files import write_annex
from itcriteria.annex import import_annex

FORMATS = ["xlsx", "docx", "csv"]
DATE = dt.date(2023, 1, 1)

# A. National scoring annex for ministries (Phụ lục 1B), infrastructure block: the opening rows only.
NATIONAL_TITLE = (
    "PHỤ LỤC 1B CÁCH TÍNH ĐIỂM ĐÁNH GIÁ MỨC ĐỘ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CÁC BỘ, CƠ QUAN NGANG BỘ"
)
NATIONAL = [
    ["TT", "Tiêu chí", "Cách tính điểm", "Điểm tối đa"],
    ["I. Hạ tầng kỹ thuật công nghệ thông tin", "", "", "Tổng điểm 200"],
    ["1", "Tỷ lệ cán bộ, công chức, viên chức được trang bị máy tính", "Điểm = Tỷ lệ * điểm tối đa", "20"],
    [
        "2",
        "Tỷ lệ máy tính được cài phần mềm diệt Virus bản quyền có trả phí",
        "Điểm = Tỷ lệ * điểm tối đa",
        "20",
    ],
    [
        "3",
        "Tỷ lệ băng thông kết nối Internet quy đổi/ CBCCVC",
        "Điểm = Tỷ lệchuẩn hóa * Điểm tối đa; Trong đó: Tỷ lệchuẩn hóa = (Tỷ lệ băng thôngquy đổi /CBCCVC "
        "của Bộ)/ (Tỷ lệ băng thôngquy đổi/CBCCVC của Bộ có giá trị lớn nhất)",
        "40",
    ],
    [
        "4",
        "Mạng diện rộng của Bộ",
        "Điểm = ĐiểmKNWAN + ĐiểmƯDKNWAN; ĐiểmKNWAN: Điểm cho tỷ lệ đơn vị đã kết nối mạng diện rộng của "
        "Bộ, công thức tính: ĐiểmKNWWAN = Tỷ lệ * 45 điểm; ĐiểmƯDKNWAN: Điểm cho các ứng dụng đang được "
        "sử dụng trên mạng diện rộng của Bộ: 5 điểm (Liệt kê mỗi ứng dụng …",
        "50",
    ],
]
NATIONAL_MERGES = [(1, 0, 1, 2)]  # the group heading spans TT, Tiêu chí and Cách tính điểm

# B. District digital-transformation index (Công báo excerpt), all seven columns.
DISTRICT = [
    [
        "STT",
        "Chỉ số/Chỉ số thành phần",
        "Điểm tối đa",
        "Cách xác định và tính điểm",
        "Tài liệu kiểm chứng",
        "Nguồn thu thập dữ liệu",
        "Đơn vị phối hợp xác minh số liệu",
    ],
    ["1", "Nhận thức số", "100", "", "", "", ""],
    [
        "1.1",
        "Ban chỉ đạo chuyển đổi số cấp huyện tổ chức các cuộc họp trong năm",
        "20",
        "BCĐ họp 4 lần/ năm (Trung bình mỗi quý 1 lần): 20 điểm; BCĐ họp 3 lần/ năm: 15 điểm; BCĐ họp 2 "
        "lần/ năm: 10 điểm; BCĐ họp 1 lần/ năm: 5 điểm; Còn lại: 0 điểm",
        "Văn bản, tài liệu chứng minh",
        "UBND huyện, thị xã, thành phố cung cấp",
        "",
    ],
    [
        "1.2",
        "Bí thư/Chủ tịch huyện, thị xã thành phố chủ trì các cuộc họp về CĐS của huyện, thị xã, thành phố",
        "20",
        "a = Số cuộc họp CĐS của huyện có Bí thư/Chủ tịch huyện, thị xã, thành phố chủ trì; b = Tổng số cuộc "
        "họp CĐS của huyện, thị xã, thành phố; - Tỷ lệ = a/b; - Điểm = Tỷ lệ*Điểm tối đa",
        "",
        "",
        "",
    ],
    [
        "1.3",
        "Văn bản chỉ đạo chuyên đề về chuyển đổi số do người đứng đầu huyện, thị xã, thành phố ký (Chủ "
        "tịch UBND huyện, thị xã, thành phố)",
        "20",
        "a = Số lượng văn bản chỉ đạo chuyên đề về chuyển đổi số do người đứng đầu huyện, thị xã, thành phố "
        "(Chủ tịch UBND huyện, thị xã, thành phố) ký; b = …",
        "",
        "",
        "",
    ],
]

# C. TP Cao Lãnh's district criteria. The page's text stops at "Ch…" (1.1) and "1…" (1.2); the rest
# is typed from the digest: no steering committee scores 0, and 1.2's second half is 1/2 of the max.
EVIDENCE = "Có trích dẫn số hiệu, tên văn bản, ngày văn bản, trích yếu đầy đủ"
CAO_LANH = [
    ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm", "Tài liệu kiểm chứng"],
    ["1. Nhận thức số: (60 điểm)", "", "", "", ""],
    [
        "1.1",
        "Người đứng đầu huyện, thành phố (Bí thư hoặc Chủ tịch huyện, thành phố) là Trưởng ban Ban chỉ đạo "
        "chuyển đổi số của huyện, thành phố",
        "10",
        "Trưởng ban là Bí thư/Chủ tịch huyện, thành phố: Điểm tối đa; Trưởng ban là Phó Bí thư/Phó Chủ tịch "
        "huyện, thành phố: 1/2*Điểm tối đa; Chưa có Ban chỉ đạo: 0 điểm",
        EVIDENCE,
    ],
    [
        "1.2",
        "Người đứng đầu huyện, thành phố (Chủ tịch/Phó Chủ tịch UBND huyện, thành phố) chủ trì, chỉ đạo "
        "chuyển đổi số",
        "10",
        "tham gia đầy đủ các phiên họp về Chuyển đổi số của Tỉnh (do UBND Tỉnh hoặc Ban Chỉ đạo CĐS Tỉnh "
        "mời): 1/2 * Điểm tối đa; chủ trì các cuộc họp về CĐS của huyện, thành phố: 1/2 * Điểm tối đa",
        "",
    ],
    [
        "1.3",
        "Văn bản chỉ đạo chuyên đề về chuyển đổi số do người đứng đầu huyện/thành phố (Bí thư hoặc Chủ tịch "
        "huyện, thành phố) ký",
        "10",
        "a=Số lượng văn bản chỉ đạo chuyên đề …; b=T…",
        "",
    ],
]
CAO_LANH_MERGES = [(1, 0, 1, 4), (2, 4, 4, 4)]  # the heading across the row; the evidence down 1.1–1.3

# D. Provincial DTI, 922/QĐ-BTTTT, Phụ lục 1 Bảng I.1: the nine main indices.
DTI = [
    ["STT", "Chỉ số chính", "Số chỉ số thành phần", "Tổng điểm", "Ghi chú"],
    ["I", "Nhóm chỉ số nền tảng chung", "56", "500", ""],
    ["1", "Nhận thức số", "10", "100", ""],
    ["2", "Thể chế số", "11", "100", ""],
    ["3", "Hạ tầng số", "7", "100", ""],
    ["4", "Nhân lực số", "13", "100", ""],
    ["5", "An toàn thông tin mạng", "12", "100", ""],
    ["6", "Đô thị thông minh", "3", "0", "Không tính điểm"],
    ["II", "Nhóm chỉ số hoạt động", "42", "500", ""],
    ["7", "Hoạt động chính quyền số", "22", "200", ""],
    ["8", "Hoạt động kinh tế số", "12", "150", ""],
    ["9", "Hoạt động xã hội số", "", "150", ""],  # the count is not readable; the points are
]


def imported(path: Path, **options: Any) -> Any:
    return import_annex(
        path, regime_id="test-annex", province="test", decision="1/QĐ-UBND", date=DATE, **options
    )


def completed(result: Any, cid: str, criterion: dict[str, Any]) -> itcriteria.Regime:
    """The imported regime after the officer writes the rule of placeholder ``cid`` by hand."""
    data = tomllib.loads(result.toml)

    def replace(items: list[dict[str, Any]]) -> None:
        for i, item in enumerate(items):
            if item["id"] == cid:
                kept = {k: v for k, v in item.items() if k not in ("rule", "indicator")}
                items[i] = {**kept, **criterion, "provenance": "derived"}
            replace(item.get("children", []))

    replace(data["criteria"])
    return itcriteria.regime_from_dict(data)


def form(unit: str, answers: dict[str, Any], group: str = "don-vi") -> dict[str, Any]:
    return {"unit": {"id": unit, "name": unit, "group": group}, "answers": answers}


@pytest.mark.parametrize("fmt", FORMATS)
def test_national_infrastructure_block(tmp_path: Path, fmt: str) -> None:
    """The national block: a Roman heading over items 1–4, ratio and normalised rules, the WAN row left
    as a placeholder; scored by hand once the officer splits row 4 into its two published parts."""
    path = write_annex(tmp_path / f"national.{fmt}", NATIONAL, NATIONAL_MERGES, title_rows=[NATIONAL_TITLE])
    result = imported(path, partial=True)
    regime = result.regime
    assert [c.id for c in regime.walk()] == ["I", "I.1", "I.2", "I.3", "I.4"]
    heading = regime.criterion("I")
    assert heading.title.vi == "Hạ tầng kỹ thuật công nghệ thông tin"
    assert heading.max == 130 and heading.provenance == "assumed" and "200" in heading.note.vi
    assert [(c.indicator.kind, c.rule) for c in regime.leaves()[:3]] == [
        ("ratio", "ratio * max_points"),
        ("ratio", "ratio * max_points"),
        ("number", "value / best * max_points if best > 0 else 0"),
    ]
    assert regime.criterion("I.4").rule == "not_translated()"
    assert [p.criterion for p in result.report.placeholders] == ["I.4"]
    with pytest.raises(itcriteria.RegimeError, match=r"cannot score: 1 sub-criterion has no rule yet"):
        regime.score(form("a", {}))

    wan = {
        "children": [
            {
                "id": "I.4.1",
                "title": "Tỷ lệ đơn vị đã kết nối mạng diện rộng của Bộ",
                "max": 45,
                "indicator": {
                    "kind": "ratio",
                    "numerator": "Đơn vị đã kết nối",
                    "denominator": "Tổng số đơn vị",
                },
                "source": "officer",
            },
            {
                "id": "I.4.2",
                "title": "Ứng dụng đang được sử dụng trên mạng diện rộng",
                "max": 5,
                "indicator": {"kind": "count", "label": "Số ứng dụng"},
                "rule": "per_item(count, 1, 5)",
                "source": "officer",
            },
        ]
    }
    done = completed(result, "I.4", wan)
    cards = done.score_all(
        [
            form(
                "a",
                {
                    "I.1": {"numerator": 45, "denominator": 50},
                    "I.2": {"numerator": 30, "denominator": 40},
                    "I.3": {"value": 10},
                    "I.4.1": {"numerator": 8, "denominator": 10},
                    "I.4.2": {"value": 3},
                },
            ),
            form(
                "b",
                {
                    "I.1": {"numerator": 50, "denominator": 50},
                    "I.2": {"numerator": 40, "denominator": 40},
                    "I.3": {"value": 20},
                    "I.4.1": {"numerator": 10, "denominator": 10},
                    "I.4.2": {"value": 7},
                },
            ),
        ]
    )
    # a: 0.9 × 20 + 0.75 × 20 + 10/20 × 40 + 0.8 × 45 + 3 × 1 = 18 + 15 + 20 + 36 + 3
    # b: 20 + 20 + 40 + 45 + min(7, 5)
    assert [card.total for card in cards] == [Decimal("92.00"), Decimal("130.00")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_district_digital_transformation_rows(tmp_path: Path, fmt: str) -> None:
    """The district index: count steps and a ratio with its a/b labels recognised, the cut-off 1.3 kept
    as a placeholder with its text; scored by hand once the officer writes 1.3 like 1.2."""
    path = write_annex(tmp_path / f"district.{fmt}", DISTRICT)
    result = imported(path, partial=True)
    regime = result.regime
    meetings, chaired, documents = regime.leaves()
    assert meetings.rule == "steps(count, 4, 20, 3, 15, 2, 10, 1, 5)" and meetings.indicator.kind == "count"
    assert "Văn bản, tài liệu chứng minh" in meetings.note.vi
    assert "UBND huyện, thị xã, thành phố cung cấp" in meetings.note.vi
    assert chaired.indicator.numerator.vi.startswith("Số cuộc họp CĐS của huyện có Bí thư/Chủ tịch")
    assert chaired.indicator.denominator.vi == "Tổng số cuộc họp CĐS của huyện, thị xã, thành phố"
    assert documents.rule == "not_translated()" and documents.provenance == "assumed"
    assert "b = …" in documents.note.vi
    assert result.report.kinds == {"count_steps": 1, "ratio": 1}

    done = completed(
        result,
        "1.3",
        {"indicator": {"kind": "ratio", "numerator": "Số văn bản", "denominator": "Tổng số văn bản"}},
    )
    answers = {
        "1.1": {"value": 3},
        "1.2": {"numerator": 3, "denominator": 4},
        "1.3": {"numerator": 2, "denominator": 5},
    }
    card = done.score(form("huyen-a", answers))
    assert card.scores["1.1"] == 15 and card.scores["1.2"] == 15 and card.scores["1.3"] == 8
    assert card.total == Decimal("38.00")  # 15 + 3/4 × 20 + 2/5 × 20


@pytest.mark.parametrize("fmt", FORMATS)
def test_cao_lanh_rows(tmp_path: Path, fmt: str) -> None:
    """Cao Lãnh: the heading with its points in the text, levels of the committee's head as a choice,
    two independent halves as a count, evidence merged down three rows; scored by hand."""
    path = write_annex(tmp_path / f"caolanh.{fmt}", CAO_LANH, CAO_LANH_MERGES)
    result = imported(path, partial=True)
    regime = result.regime
    top = regime.criterion("1")
    assert top.title.vi == "Nhận thức số" and "60" in top.note.vi
    head, chairs, documents = regime.leaves()
    assert head.indicator.kind == "choice"
    assert [lv.fraction for lv in head.indicator.levels] == [1, Decimal("0.5"), 0]
    assert head.indicator.levels[1].title.vi.startswith("Trưởng ban là Phó Bí thư")
    assert chairs.indicator.kind == "count" and chairs.rule == "per_item(count, 5, max_points)"
    assert EVIDENCE in head.note.vi and EVIDENCE not in chairs.note.vi  # a merged cell is read once
    assert documents.rule == "not_translated()"

    done = completed(
        result, "1.3", {"indicator": {"kind": "ratio", "numerator": "Văn bản ký", "denominator": "Tổng số"}}
    )
    deputy = head.indicator.levels[1].id
    card = done.score(
        form(
            "tp",
            {"1.1": {"value": deputy}, "1.2": {"value": 1}, "1.3": {"numerator": 1, "denominator": 2}},
        )
    )
    assert card.total == Decimal("15.00")  # 1/2 × 10 + one half of 10 + 1/2 × 10


@pytest.mark.parametrize("fmt", FORMATS)
def test_dti_2022_main_indices(tmp_path: Path, fmt: str) -> None:
    """The DTI's nine main indices: Roman groups of 500 points each, smart city collected with no
    points, each index's points entered as published; Đà Nẵng's 2022 values give its DTI 0.8002."""
    path = write_annex(tmp_path / f"dti.{fmt}", DTI)
    result = imported(path)
    regime = result.regime
    assert [c.id for c in regime.criteria] == ["I", "II"]
    assert [c.max for c in regime.criteria] == [500, 500]
    assert [c.id for c in regime.criterion("II").children] == ["II.7", "II.8", "II.9"]
    smart = regime.criterion("I.6")
    assert smart.max == 0 and smart.rule == "0"
    assert result.report.kinds == {"not_scored": 1, "points": 8}
    assert not result.report.mismatches and not result.report.placeholders
    published = ["1.0000", "0.9000", "0.8253", "0.8487", "0.7578", None, "0.8575", "0.7836", "0.5197"]
    answers = {}
    for leaf, value in zip(regime.leaves(), published, strict=True):
        answers[leaf.id] = {"value": "0" if value is None else str(Decimal(value) * leaf.max)}
    card = regime.score(form("da-nang", answers))
    # 100 + 90 + 82.53 + 84.87 + 75.78 + 0 + 171.5 + 117.54 + 77.955 (rounded to 77.96)
    assert card.total == Decimal("800.18")
    assert abs(card.total / 1000 - Decimal("0.8002")) <= Decimal("0.0001")
