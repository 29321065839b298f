"""Rosters from spreadsheets: CSV or xlsx, English or Vietnamese column names, every problem at its cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import itcriteria
from itcriteria.forms import read_roster

BINHTHUAN = itcriteria.get_regime("binhthuan-2019")


def test_a_csv_roster_with_english_columns_in_any_order(tmp_path: Path) -> None:
    """``group,id,name`` with a semicolon or comma: the units in file order, other columns ignored."""
    path = tmp_path / "roster.csv"
    path.write_text("group;id;name;note\nso-nganh;so-tttt;Sở TT&TT;x\n\nhuyen;ubnd-phu-quy;UBND Phú Quý;\n")
    units = read_roster(path, BINHTHUAN)
    assert units == (
        itcriteria.Unit("so-tttt", "Sở TT&TT", "so-nganh"),
        itcriteria.Unit("ubnd-phu-quy", "UBND Phú Quý", "huyen"),
    )


def test_an_xlsx_roster_with_vietnamese_headers_and_group_titles(tmp_path: Path) -> None:
    """``Mã | Tên đơn vị | Nhóm | Đơn vị cấp trên`` on the first sheet; a group by its Vietnamese title."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mã", "Tên đơn vị", "Nhóm", "Đơn vị cấp trên"])
    sheet.append(
        [
            "so-tu-phap",
            "Sở Tư pháp",
            "Cơ quan chuyên môn thuộc UBND tỉnh và Ban Quản lý các khu công nghiệp",
            None,
        ]
    )
    sheet.append(["ubnd-tuy-phong", "UBND Tuy Phong", "huyen", "tinh"])
    workbook.save(tmp_path / "don-vi.xlsx")
    units = read_roster(tmp_path / "don-vi.xlsx", BINHTHUAN)
    assert [(u.id, u.group, u.parent) for u in units] == [
        ("so-tu-phap", "so-nganh", None),
        ("ubnd-tuy-phong", "huyen", "tinh"),
    ]


def test_every_problem_of_a_roster_is_named_at_its_cell(tmp_path: Path) -> None:
    """A bad id, an empty name, an unknown group and a unit listed twice: one error, each at its cell."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "id,name,group\nSở TNMT,Sở TNMT,so-nganh\nso-a,,so-nganh\nso-b,Sở B,nope\n"
        "so-c,C,huyen\nso-c,C,huyen\n"
    )
    with pytest.raises(itcriteria.SubmissionError) as caught:
        read_roster(path, BINHTHUAN)
    found = {(p.where.removeprefix(f"{path}!"), p.field) for p in caught.value.problems}
    assert found == {("A2", "id"), ("B3", "name"), ("C4", "group"), ("A6", "id")}
    assert "listed twice (first at" in str(caught.value)


def test_a_file_that_is_not_a_roster_says_what_a_roster_is(tmp_path: Path) -> None:
    """Missing columns are listed with the names accepted; other suffixes are refused."""
    path = tmp_path / "roster.csv"
    path.write_text("ma,ten\nx,y\n")
    with pytest.raises(itcriteria.SubmissionError, match="no column id: id / mã / mã đơn vị; name"):
        read_roster(path)
    (tmp_path / "roster.txt").write_text("id,name,group\n")
    with pytest.raises(itcriteria.SubmissionError, match=r"a roster is a \.csv or \.xlsx file"):
        read_roster(tmp_path / "roster.txt")
