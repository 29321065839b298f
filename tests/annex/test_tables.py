"""Reading annex tables: headers by name, numbering, continuation rows, numbers, several groups, sum
checks; and bad input, each a clear error naming the file, row and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import itcriteria
from annex_files import write_annex, write_docx, write_xlsx
from itcriteria.annex import GroupSpec, import_annex


def imported(path: Path, **options: Any) -> Any:
    return import_annex(
        path, regime_id="thu-2024", province="thu", decision="9/QĐ-UBND", date=dt.date(2024, 3, 1), **options
    )


def problems_of(path: Path, **options: Any) -> str:
    with pytest.raises(itcriteria.RegimeError) as caught:
        imported(path, **options)
    assert caught.value.subject == str(path)
    return str(caught.value)


@pytest.mark.parametrize(
    "header",
    [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["stt", "TIÊU CHÍ", "điểm tối đa", "CÁCH TÍNH ĐIỂM"],
        ["So TT", "Tieu chi", "Diem toi da", "Cach tinh diem"],
        ["No.", "Criterion", "Max points", "Scoring"],
    ],
)
def test_header_by_name_in_any_case_with_or_without_diacritics(tmp_path: Path, header: list[str]) -> None:
    """The header is found by its Vietnamese or English names, in any case, with or without diacritics."""
    rows = [header, ["1", "Có trang thông tin điện tử", "5", "Có: 5 điểm; Không: 0 điểm"]]
    regime = imported(write_annex(tmp_path / "a.csv", rows)).regime
    assert regime.criterion("1").indicator.kind == "yes_no"


def test_columns_in_any_order_below_title_rows(tmp_path: Path) -> None:
    """Columns may come in any order, below the annex's own title lines, with columns it does not use."""
    rows = [
        ["Cách tính điểm", "Điểm chuẩn", "Đơn vị phối hợp", "Nội dung", "TT"],
        ["Có: 4đ; Không: 0đ", "4 điểm", "Sở TT&TT", "Ban hành kế hoạch", "1"],
    ]
    path = write_annex(tmp_path / "a.xlsx", rows, title_rows=["PHỤ LỤC", "Bộ tiêu chí năm 2024"])
    criterion = imported(path).regime.criterion("1")
    assert criterion.title.vi == "Ban hành kế hoạch" and criterion.max == 4


def test_numbering_letters_dashes_and_dotted_letters(tmp_path: Path) -> None:
    """ "1", "1.1", "a)", "b)", "-", "1.2.a" make the tree; letters and dashes go under the row above."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "Hạ tầng", "10", ""],
        ["1.1", "Máy tính", "6", ""],
        ["a)", "Máy trạm", "3", "Có: 3 điểm; Không: 0 điểm"],
        ["b)", "Máy chủ", "3", "Có: 3 điểm; Không: 0 điểm"],
        ["1.2", "Mạng", "4", ""],
        ["-", "Mạng nội bộ", "2", "Có: 2 điểm; Không: 0 điểm"],
        ["-", "Internet", "2", "Có: 2 điểm; Không: 0 điểm"],
    ]
    regime = imported(write_annex(tmp_path / "a.csv", rows)).regime
    assert [c.id for c in regime.walk()] == ["1", "1.1", "1.1.a", "1.1.b", "1.2", "1.2.1", "1.2.2"]


def test_continuation_rows_and_two_line_yes_no(tmp_path: Path) -> None:
    """A row without STT continues the row above: its title text joins the title, and "Có | 5",
    "Không | 0" lines become the yes/no scoring."""
    rows = [
        ["STT", "Tiêu chí", "Thang điểm", "Điểm tối đa"],
        ["1", "Sử dụng chữ ký số", "", "5"],
        ["", "trong gửi nhận văn bản điện tử", "", ""],
        ["", "", "Có", "5"],
        ["", "", "Không", "0"],
    ]
    result = imported(write_annex(tmp_path / "a.docx", rows))
    criterion = result.regime.criterion("1")
    assert criterion.title.vi == "Sử dụng chữ ký số trong gửi nhận văn bản điện tử"
    assert criterion.indicator.kind == "yes_no" and criterion.max == 5
    assert result.report.rows_read == 4


def test_decimal_comma_and_points_with_units(tmp_path: Path) -> None:
    """Maxima written 2,5 / "20 điểm" / "20đ" are read exactly."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "Nhóm", "42,5 điểm", ""],
        ["1.1", "A", "2,5", "Có: 2,5 điểm; Không: 0 điểm"],
        ["1.2", "B", "20 điểm", "Tỷ lệ × Điểm tối đa"],
        ["1.3", "C", "20đ", "Tỷ lệ × Điểm tối đa"],
    ]
    regime = imported(write_annex(tmp_path / "a.csv", rows)).regime
    assert [c.max for c in regime.walk()] == [Decimal("42.5"), Decimal("2.5"), 20, 20]


def test_roman_heading_with_its_points_in_the_title(tmp_path: Path) -> None:
    """ "I CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN 18": the group's max after its title, same cell."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["I", "CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN 18", "", ""],
        ["1", "Máy tính", "10", "Tỷ lệ × Điểm tối đa"],
        ["2", "Mạng", "8", "Tỷ lệ × Điểm tối đa"],
    ]
    heading = imported(write_annex(tmp_path / "a.csv", rows)).regime.criterion("I")
    assert heading.title.vi == "CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN" and heading.max == 18


def test_children_above_the_parent_are_capped_and_reported(tmp_path: Path) -> None:
    """A group of 10 whose rows add up to 12 keeps 10, caps the sum (assumed) and is reported."""
    rows = [
        ["STT", "Tiêu chí", "DiemChuan", "Cách tính điểm"],
        ["1", "Nhóm", "10", ""],
        ["1.1", "A", "6", "Có: 6 điểm; Không: 0 điểm"],
        ["1.2", "B", "6", "Có: 6 điểm; Không: 0 điểm"],
    ]
    result = imported(write_annex(tmp_path / "a.csv", rows))
    group = result.regime.criterion("1")
    assert group.max == 10 and group.combine == "capped_sum" and group.provenance == "assumed"
    assert result.report.mismatches == (
        'a, row 2: 1 reads 10 points but its rows add up to 12; written as combine = "capped_sum" '
        "(assumed): check the annex",
    )
    card = result.regime.score(
        {
            "unit": {"id": "u", "name": "u", "group": "don-vi"},
            "answers": {"1.1": {"value": True}, "1.2": {"value": True}},
        }
    )
    assert card.total == 10


def test_children_below_the_parent_is_an_error_unless_partial(tmp_path: Path) -> None:
    """A criterion worth more than its rows is an error naming row and column; --partial takes the sum."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "Nhóm", "100", ""],
        ["1.1", "A", "20", "Có: 20 điểm; Không: 0 điểm"],
    ]
    path = write_annex(tmp_path / "a.xlsx", rows)
    message = problems_of(path)
    assert "Phụ lục, row 2, column C (Điểm tối đa): 1 reads 100 points but its rows add up to 20" in message
    assert imported(path, partial=True).regime.criterion("1").max == 20


def test_several_groups_make_one_regime(tmp_path: Path) -> None:
    """Two sheets, one per unit group: shared criteria once, the others restricted to their group."""
    head = ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"]
    shared = ["1", "Cổng thông tin", "5", "Có: 5 điểm; Không: 0 điểm"]
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {
            "Sở ngành": ([head, shared, ["2", "Liên thông văn bản", "5", "Tỷ lệ × Điểm tối đa"]], []),
            "Huyện": ([head, shared, ["3", "Phần mềm cấp xã", "5", "Tỷ lệ × Điểm tối đa"]], []),
        },
    )
    groups = (GroupSpec.parse("Sở, ban, ngành=Sở ngành"), GroupSpec.parse("huyen=2"))
    regime = imported(path, groups=groups).regime
    assert [g.id for g in regime.groups] == ["so-ban-nganh", "huyen"]
    assert regime.groups[0].title.vi == "Sở, ban, ngành"
    assert [(c.id, c.groups) for c in regime.criteria] == [
        ("1", ()),
        ("2", ("so-ban-nganh",)),
        ("3", ("huyen",)),
    ]
    assert regime.max_points("huyen") == 10


def test_the_same_number_differing_between_groups_is_an_error(tmp_path: Path) -> None:
    """One regime holds one criterion per number: a different title under the same STT is named."""
    head = ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"]
    path = write_docx(
        tmp_path / "a.docx",
        [
            ([head, ["1", "Cổng thông tin", "5", "Có: 5 điểm; Không: 0 điểm"]], []),
            ([head, ["1", "Trang thông tin", "5", "Có: 5 điểm; Không: 0 điểm"]], []),
        ],
    )
    message = problems_of(path, groups=(GroupSpec.parse("so=1"), GroupSpec.parse("huyen=2")))
    assert "bảng 2, STT 1: criterion 1 differs from the one in bảng 1 (indicator, title)" in message


# --- Bad input -------------------------------------------------------------------------------------------


def test_no_recognisable_header(tmp_path: Path) -> None:
    """A table without STT / title / max columns is refused, naming the table."""
    path = write_annex(tmp_path / "a.xlsx", [["Họ tên", "Đơn vị"], ["Nguyễn Văn A", "Sở TT&TT"]])
    assert "Phụ lục: no header row found" in problems_of(path)


def test_duplicate_stt(tmp_path: Path) -> None:
    """The same STT twice names both rows and the STT column."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "A", "5", "Có: 5 điểm; Không: 0 điểm"],
        ["1", "B", "5", "Có: 5 điểm; Không: 0 điểm"],
    ]
    message = problems_of(write_annex(tmp_path / "a.csv", rows))
    assert "a, row 3, column 1 (STT): STT '1' again: criterion 1 is already row 2" in message


def test_a_number_that_is_not_a_number(tmp_path: Path) -> None:
    """A maximum that is not a number names the row and the column, and every such row at once."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "A", "2O", "Có: 5 điểm; Không: 0 điểm"],
        ["2", "B", "năm", "Có: 5 điểm; Không: 0 điểm"],
    ]
    message = problems_of(write_annex(tmp_path / "a.docx", rows))
    assert "bảng 1, row 2, column 3 (Điểm tối đa): '2O' is not a number of points" in message
    assert "bảng 1, row 3, column 3 (Điểm tối đa): 'năm' is not a number of points" in message


def test_an_empty_file(tmp_path: Path) -> None:
    """An empty file is refused, naming it."""
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"")
    assert "the file is empty" in problems_of(path)


def test_a_docx_with_no_table(tmp_path: Path) -> None:
    """A Word document without a table is refused, naming it."""
    path = write_docx(tmp_path / "a.docx", [], title_rows=["Phụ lục", "(bảng ở tệp khác)"])
    assert "the file has no table" in problems_of(path)


def test_not_an_annex_file(tmp_path: Path) -> None:
    """A file that is not xlsx/docx/csv, or is not what its suffix says, is refused, naming it."""
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert "an annex is an .xlsx, .docx or .csv file" in problems_of(pdf)
    fake = tmp_path / "b.xlsx"
    fake.write_text("STT,Tiêu chí", encoding="utf-8")
    assert "not a readable xlsx file" in problems_of(fake)


def test_a_malformed_rule_line_names_the_cell(tmp_path: Path) -> None:
    """A rule given in the table ("Quy tắc: …") with a malformed level line is an error at its cell."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "Mức độ", "4", "Quy tắc: fraction * max_points\nChỉ tiêu: lựa chọn\nMức: du | nửa | Đầy đủ"],
    ]
    message = problems_of(write_annex(tmp_path / "a.xlsx", rows))
    assert "Phụ lục, row 2, column D (Cách tính điểm): 'Mức: du | nửa | Đầy đủ' is not" in message


def test_a_rule_written_in_the_table_is_taken_as_written(tmp_path: Path) -> None:
    """An officer may give a row its rule in the table itself, with the indicator on the lines after it."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        [
            "1",
            "Băng thông",
            "5",
            "Quy tắc: min(value, max_points)\nChỉ tiêu: số\nNhãn: Mbps/người\nGiá trị lớn nhất: 100",
        ],
    ]
    criterion = imported(write_annex(tmp_path / "a.csv", rows)).regime.criterion("1")
    assert criterion.rule == "min(value, max_points)" and criterion.indicator.max == 100
    assert criterion.indicator.label.vi == "Mbps/người"


def test_a_total_row_is_checked_and_a_continuation_is_not_a_total(tmp_path: Path) -> None:
    """ "Tổng cộng | 15" is the table's stated total, checked and reported when it differs; a row
    continuing a title ("công khai …") is not mistaken for it."""
    rows = [
        ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm"],
        ["1", "Thủ tục hành chính được", "5", "Có: 5 điểm; Không: 0 điểm"],
        ["", "công khai trên cổng thông tin", "", ""],
        ["2", "Chữ ký số", "5", "Có: 5 điểm; Không: 0 điểm"],
        ["", "Tổng cộng", "15", ""],
    ]
    result = imported(write_annex(tmp_path / "a.csv", rows))
    assert result.regime.criterion("1").title.vi == "Thủ tục hành chính được công khai trên cổng thông tin"
    assert result.report.mismatches == ("a: the total row reads 15, the criteria add up to 10",)
