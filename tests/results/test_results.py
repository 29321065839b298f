"""Result files: the round workbook, CSV and JSON of the Bình Thuận 2019 example round read back,
totals computed elsewhere read, ranked and written, and files written whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import itcriteria
from builders import BASE, build, leaf, ratio
from itcriteria.results import writing as _results
from itcriteria.results import xlsx as _results_xlsx
from itcriteria.results.data import CSV_COLUMNS, encode, round_data
from itcriteria.results.labels import label
from itcriteria.results.sheets import MAX_SHEET_NAME, sheet_names
from itcriteria.results.totals import read_totals
from itcriteria.results.writing import write_ranking, write_results
from itcriteria.rounds import STATUS_LABELS

ROUND = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"
STATUS_VI = {
    "on_time": "đúng hạn",
    "late_within_grace": "trễ hạn, trong thời gian cho phép",
    "late_beyond_grace": "trễ quá thời gian cho phép",
    "not_submitted": "không gửi phiếu",
}


@pytest.fixture(scope="module")
def result() -> itcriteria.RoundResult:
    return itcriteria.load_round(ROUND).run()


@pytest.fixture(scope="module")
def workbook(result: itcriteria.RoundResult, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("results") / "ket-qua.xlsx"
    write_results(result, path)
    return openpyxl.load_workbook(path)


def number(value: object) -> Decimal | None:
    """A numeric cell's value back as the exact Decimal it was written from."""
    if value is None:
        return None
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value))


def table(sheet: Worksheet, first_heading: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The table whose heading row starts with ``first_heading``: headings and rows up to a blank row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_heading)
    body = []
    for row in rows[start + 1 :]:
        if all(value is None for value in row):
            break
        body.append(row)
    return [str(h) for h in rows[start] if h is not None], body


def cell_of(sheet: Worksheet, value: object) -> Any:
    return next(cell for row in sheet.iter_rows() for cell in row if cell.value == value)


# --- the workbook -----------------------------------------------------------------------------------


def test_workbook_has_ranking_sheets_per_group_then_status_appraisal_gaps_and_units(
    workbook: Any, result: itcriteria.RoundResult
) -> None:
    """Sheets come in a fixed order: a ranking per group, statuses, appraisal, gaps, the criteria
    sheet, one per unit."""
    units = [row.unit for row in result.ranking if row.unit in result.cards]
    assert workbook.sheetnames == [
        "Xếp hạng so-nganh",
        "Xếp hạng don-vi-su-nghiep",
        "Xếp hạng huyen",
        "Xếp hạng luc-luong-vu-trang",
        "Tình trạng phiếu",
        "Thẩm định",
        "Tiêu chí chưa đạt",
        "Điểm từng tiêu chí",
        *units,
    ]
    assert set(units) == set(result.cards) and len(units) == 10


def test_each_ranking_sheet_lists_exactly_its_groups_rows_with_reasons(
    workbook: Any, result: itcriteria.RoundResult
) -> None:
    """A group's sheet has the ranking's rows in order: rank, unit, total, max, percent, class, reason."""
    bands = {band.id: band.title.vi for band in result.regime.bands}
    for group in result.regime.groups:
        sheet = workbook[f"Xếp hạng {group.id}"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == f"Xếp hạng — {group.title.vi}"
        assert "[Bộ tiêu chí TẠM THỜI]" in [row[0] for row in rows[:5]]  # provisional, said on top
        headings, body = table(sheet, "Hạng")
        assert headings == [
            "Hạng",
            "Mã đơn vị",
            "Tên đơn vị",
            "Tổng điểm",
            "Điểm tối đa",
            "Tỷ lệ điểm (%)",
            "Xếp loại",
            "Tình trạng phiếu",
            "Lý do không xếp hạng",
        ]
        expected = [
            (
                r.rank,
                r.unit,
                r.name,
                r.total,
                r.max,
                r.percent,
                bands[r.band] if r.band else None,
                STATUS_VI[result.status(r.unit).status],
                r.reason.vi if r.reason else None,
            )
            for r in result.ranking
            if r.group == group.id
        ]
        got = [(*row[:3], number(row[3]), number(row[4]), number(row[5]), *row[6:9]) for row in body]
        assert got == expected


def test_units_not_ranked_are_listed_with_the_reason(workbook: Any) -> None:
    """The missing form, the form late beyond grace and the armed forces have no rank and say why."""
    _, body = table(workbook["Xếp hạng so-nganh"], "Hạng")
    assert body[-1][:2] == (None, "so-y-te") and body[-1][-1] == "không gửi phiếu"
    _, body = table(workbook["Xếp hạng huyen"], "Hạng")
    assert body[-1][1] == "ubnd-ham-thuan-bac" and "trễ 6 ngày làm việc" in body[-1][-1]
    _, body = table(workbook["Xếp hạng luc-luong-vu-trang"], "Hạng")
    assert [row[0] for row in body] == [None, None]
    assert {row[-1] for row in body} == {"nhóm được chấm điểm nhưng không xếp hạng theo bộ tiêu chí"}


def test_numbers_are_numeric_cells_shown_to_the_regimes_places(workbook: Any) -> None:
    """Totals, maxima and percents are numbers (not text) with the 0.00 format of two places."""
    sheet = workbook["Xếp hạng don-vi-su-nghiep"]
    total = cell_of(sheet, 72.62)
    row = sheet[total.row]
    assert [c.data_type for c in row[3:6]] == ["n", "n", "n"]
    assert [c.number_format for c in row[3:6]] == ["0.00", "0.00", "0.00"]
    assert number(row[5].value) == Decimal("90.78")  # 72.62 of 80 is 90.775%, rounded as points are


def test_unit_names_link_to_their_sheets(workbook: Any) -> None:
    """A ranked unit's name opens its explanation sheet."""
    cell = cell_of(workbook["Xếp hạng so-nganh"], "Sở Tư pháp")
    assert cell.hyperlink is not None and cell.hyperlink.location == "'so-tu-phap'!A1"


def test_unit_sheet_explains_every_criterion_in_official_order(
    workbook: Any, result: itcriteria.RoundResult
) -> None:
    """Each criterion the unit answers has a row with the points, maximum and benchmark verdict of
    the appraised scorecard, and each sub-criterion what was given, the rule and its source."""
    for unit, card in result.cards.items():
        _, body = table(workbook[unit], "Mã tiêu chí")
        walked = list(result.regime.walk(card.group))
        assert [row[0] for row in body] == [c.id for c in walked]
        for row, criterion in zip(body, walked, strict=True):
            node = card.node(criterion.id)
            assert (number(row[3]), number(row[4])) == (node.score, node.max)
            verdict = {True: "đạt", False: "chưa đạt", None: None}[node.benchmark_met]
            assert row[6] == verdict
            assert row[10] == (criterion.source or None)
            if criterion.is_leaf:
                leaf = card.explanation(criterion.id)
                shown = leaf.rule if leaf.applicable else "không áp dụng (mẫu số bằng 0)"
                assert row[2] and shown in row[9]
        rows = list(workbook[unit].iter_rows(values_only=True))
        assert ("Tổng điểm", float(card.total)) in [row[:2] for row in rows]


def test_unit_sheet_marks_what_the_council_appraised(workbook: Any) -> None:
    """An appraised answer or fixed points are marked, with the self-assessed points beside them."""
    _, body = table(workbook["so-tu-phap"], "Mã tiêu chí")
    by_id = {row[0]: row for row in body}
    assert by_id["2.1"][7] == "Hội đồng thẩm định điều chỉnh số liệu"
    assert (number(by_id["2.1"][3]), number(by_id["2.1"][8])) == (Decimal("4"), Decimal("7"))
    assert by_id["1.1"][7] is None and by_id["1.1"][8] is None
    _, body = table(workbook["ubnd-phu-quy"], "Mã tiêu chí")
    fixed = next(row for row in body if row[0] == "5.2")
    assert fixed[7] == "Hội đồng thẩm định cho điểm" and number(fixed[8]) == Decimal("2")


def test_a_criterion_whose_points_the_appraisal_changed_shows_both(workbook: Any) -> None:
    """A parent criterion whose sub-criterion was appraised is marked changed, with its own points."""
    _, body = table(workbook["so-tu-phap"], "Mã tiêu chí")
    parent = next(row for row in body if row[0] == "2")
    assert parent[7] == "điểm thay đổi sau thẩm định"
    assert number(parent[8]) - number(parent[3]) == Decimal("3")  # 2.1 went from 7 to 4


def test_status_sheet_lists_every_unit_with_date_sent_and_working_days_late(
    workbook: Any, result: itcriteria.RoundResult
) -> None:
    """Every unit of the roster, its form status, the date sent (a date cell) and working days late."""
    sheet = workbook["Tình trạng phiếu"]
    assert "Hạn gửi phiếu: 15/09/2019; nhận đến hết ngày 20/09/2019" in [
        row[0] for row in sheet.iter_rows(values_only=True)
    ]
    _, body = table(sheet, "Mã đơn vị")
    got = [(row[0], row[3], row[4].date() if row[4] else None, row[5]) for row in body]
    expected = [
        (
            s.unit.id,
            STATUS_VI[s.status],
            s.submitted,
            s.working_days_late if s.submitted else None,
        )
        for s in result.statuses
    ]
    assert got == expected
    assert cell_of(sheet, "bql-kcn").offset(column=4).number_format == "dd/mm/yyyy"


def test_gap_sheet_lists_each_units_gaps_with_what_closing_them_takes(
    workbook: Any, result: itcriteria.RoundResult
) -> None:
    """One row per unit and gap: points lost and the least answers reaching benchmark and full points."""
    _, body = table(workbook["Tiêu chí chưa đạt"], "Mã đơn vị")
    expected = []
    for row in result.ranking:
        if row.unit in result.cards:
            for gap in result.gaps(row.unit):
                expected.append(
                    (
                        row.unit,
                        gap.id,
                        gap.lost,
                        gap.to_benchmark.describe("vi") if gap.to_benchmark else None,
                        gap.to_full.describe("vi") if gap.to_full else None,
                    )
                )
    assert [(r[0], r[2], number(r[6]), r[9], r[10]) for r in body] == expected
    tu_phap = next(r for r in body if r[0] == "so-tu-phap")
    assert tu_phap[2] == "4.1" and number(tu_phap[6]) == Decimal("7.2")  # most points lost first


def test_appraisal_sheet_lists_every_difference_and_the_rank_movements(
    workbook: Any, result: itcriteria.RoundResult
) -> None:
    """Each appraisal difference with its reason, by, on, evidence and the records it corrected;
    then who moved in the ranking."""
    sheet = workbook["Thẩm định"]
    _, body = table(sheet, "Mã đơn vị")
    differences = result.appraisal_differences()
    assert len(body) == len(differences) == 6
    for row, item in zip(body, differences, strict=True):
        record = item.adjustment
        assert record is not None
        assert (row[0], row[2]) == (item.unit, item.criterion)
        assert (number(row[5]), number(row[6]), number(row[7])) == (
            item.self_points,
            item.appraised_points,
            item.delta,
        )
        assert (row[8], row[9], row[10].date(), row[11]) == (
            record.reason,
            record.by,
            record.on,
            record.evidence,
        )
    assert body[0][3:5] == ("1210/1600", "700/1600") and body[0][12] == "05/11/2019"
    answers = {(row[0], row[2]): row[3:5] for row in body}  # yes/no and levels in words, not ids
    assert answers["so-tu-phap", "3.3"] == ("có", "không")
    assert answers["bql-kcn", "3.1"] == ("Một phần", "Đầy đủ")
    moved = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(moved) if row[0] == "Thay đổi thứ hạng sau thẩm định")
    assert [(row[0], row[3], row[4]) for row in moved[start + 2 :]] == list(result.movements())


def test_english_workbook(result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """With lang="en" sheet names, headings and words are English."""
    path = tmp_path / "results.xlsx"
    write_results(result, path, lang="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:7] == [
        "Ranking so-nganh",
        "Ranking don-vi-su-nghiep",
        "Ranking huyen",
        "Ranking luc-luong-vu-trang",
        "Form status",
        "Appraisal",
        "Gaps",
    ]
    _, appraisal = table(book["Appraisal"], "Unit id")
    assert {row[3:5] for row in appraisal if row[2] == "3.3"} == {("yes", "no")}
    headings, body = table(book["Ranking so-nganh"], "Rank")
    assert headings[:4] == ["Rank", "Unit id", "Unit name", "Total"]
    assert body[0][6] == "Good" and body[-1][-1] == "no form sent"
    assert book["Ranking huyen"]["A4"].value == "[PROVISIONAL regime]"


def test_long_unit_ids_get_valid_unique_sheet_names(result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """Unit ids longer than 31 characters sharing a beginning get distinct sheets, linked from the ranking."""
    long = "uy-ban-nhan-dan-thanh-pho-phan-thiet-tinh-binh-thuan"
    renamed = {"ubnd-phan-thiet": long, "ubnd-tuy-phong": long + "-2"}
    round_ = result.round
    units = tuple(attrs.evolve(u, id=renamed.get(u.id, u.id)) for u in round_.units)
    forms = tuple(
        attrs.evolve(f, unit=attrs.evolve(f.unit, id=renamed.get(f.unit.id, f.unit.id)))
        for f in round_.submissions
    )
    path = tmp_path / "long.xlsx"
    write_results(attrs.evolve(round_, units=units, submissions=forms).run(), path)
    book = openpyxl.load_workbook(path)
    names = book.sheetnames
    assert len(names) == len({n.casefold() for n in names}) and max(map(len, names)) <= MAX_SHEET_NAME
    first, second = sheet_names([long, long + "-2"])
    assert first in names and second in names and first != second
    assert first.startswith(long[:26]) and book[first]["A1"].value == f"UBND thành phố Phan Thiết ({long})"
    assert cell_of(book["Xếp hạng huyen"], "UBND huyện Tuy Phong").hyperlink.location == f"'{second}'!A1"


def test_sheet_names_are_valid_unique_and_deterministic() -> None:
    """Refused characters are replaced, names cut to 31, clashes (without case) settled by a hash
    of the wanted name, so a unit's sheet name does not depend on the other units."""
    wanted = ["a/b:c", "x" * 40, "x" * 40 + "y", "Tên", "tên", "History", "'quoted'", "ok"]
    names = sheet_names(wanted)
    assert names == sheet_names(wanted)
    assert len({n.casefold() for n in names}) == len(names)
    assert all(0 < len(n) <= MAX_SHEET_NAME and not set("[]:*?/\\") & set(n) for n in names)
    assert all(not n.startswith("'") and not n.endswith("'") for n in names)
    assert names[0].startswith("a_b_c~") and names[3] == "Tên" and names[4].startswith("tên~")
    assert names[5] != "History" and names[-1] == "ok"
    assert sheet_names(["x" * 40 + "y"]) == [names[2]]  # the same whatever else is in the workbook


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A unit named "=1+1" is written as that text, never as a formula Excel would run."""
    rows = itcriteria.rank([{"unit": "u1", "name": "=1+1", "group": "so", "total": 5}])
    path = tmp_path / "r.xlsx"
    write_ranking(rows, None, path)
    cell = cell_of(openpyxl.load_workbook(path).active, "=1+1")
    assert cell.data_type == "s"


def test_an_empty_ranking_is_one_sheet_of_headings(tmp_path: Path) -> None:
    """With no rows the workbook still opens: one ranking sheet with its headings."""
    path = tmp_path / "r.xlsx"
    write_ranking([], itcriteria.get_regime("binhthuan-2019"), path, lang="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Ranking"]
    headings, body = table(book["Ranking"], "Rank")
    assert headings[0] == "Rank" and body == []


def test_ranking_within_parents_has_a_within_column(tmp_path: Path) -> None:
    """Communes ranked within their district show the district beside their rank."""
    regime = build(
        leaf("1", 10, ratio()),
        groups=[*BASE["groups"], {"id": "xa", "title": "UBND xã", "rank_within": "parent"}],
    )
    entries = [
        {"unit": "xa-a", "group": "xa", "parent": "huyen-1", "total": 7},
        {"unit": "xa-b", "group": "xa", "parent": "huyen-1", "total": 9},
        {"unit": "xa-c", "group": "xa", "parent": "huyen-2", "total": 3},
    ]
    path = tmp_path / "xa.xlsx"
    write_ranking(itcriteria.rank(entries, regime=regime), regime, path, lang="en")
    headings, body = table(openpyxl.load_workbook(path)["Ranking xa"], "Rank")
    assert headings[3] == "Within"
    assert [row[:4] for row in body] == [
        (1, "xa-b", "xa-b", "huyen-1"),
        (2, "xa-a", "xa-a", "huyen-1"),
        (1, "xa-c", "xa-c", "huyen-2"),
    ]


# --- CSV and JSON -----------------------------------------------------------------------------------


def read_csv(path: Path, delimiter: str, lang: str = "vi") -> list[dict[str, str]]:
    """The CSV's rows keyed by column (``CSV_COLUMNS``), its headings checked to be in ``lang``."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert lines[0] == [label(key, lang) for key in CSV_COLUMNS]
    return [dict(zip(CSV_COLUMNS, line, strict=True)) for line in lines[1:]]


def expected_csv(result: itcriteria.RoundResult, lang: str = "vi") -> list[dict[str, object]]:
    regime = result.regime
    bands = {band.id: band.title.get(lang) for band in regime.bands}
    groups = {group.id: group.title.get(lang) for group in regime.groups}
    return [
        {
            "group_id": r.group,
            "group": groups[r.group],
            "within": r.within or "",
            "rank": str(r.rank) if r.rank else "",
            "unit": r.unit,
            "name": r.name,
            "total": r.total,
            "max": r.max,
            "percent": r.percent,
            "band": bands[r.band] if r.band else "",
            "status": STATUS_LABELS[result.status(r.unit).status].get(lang),
            "reason": r.reason.get(lang) if r.reason else "",
        }
        for r in result.ranking
    ]


def decimals(rows: list[dict[str, str]], comma: bool) -> list[dict[str, object]]:
    """CSV rows with their number columns parsed back to Decimals."""
    parsed: list[dict[str, object]] = []
    for row in rows:
        out: dict[str, object] = dict(row)
        for key in ("total", "max", "percent"):
            text = row[key]
            if comma:
                assert "." not in text
            out[key] = Decimal(text.replace(",", ".")) if text else None
        parsed.append(out)
    return parsed


def test_csv_is_the_ranking_one_row_per_unit(result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """The CSV has Vietnamese headings and the ranking's rows, group, class and status in words;
    numbers parse back to the exact Decimals."""
    path = tmp_path / "xep-hang.csv"
    write_results(result, path)
    first_line = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.startswith("Mã nhóm,Nhóm đơn vị,Trực thuộc,Hạng,Mã đơn vị,Tên đơn vị,Tổng điểm")
    rows = read_csv(path, ",")
    assert decimals(rows, comma=False) == expected_csv(result)
    assert (rows[0]["total"], rows[0]["band"], rows[0]["status"]) == ("93.59", "Tốt", "đúng hạn")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("decimal_comma", [False, True])
def test_a_results_csv_reads_back_as_totals_to_the_same_ranking(
    result: itcriteria.RoundResult, tmp_path: Path, lang: str, decimal_comma: bool
) -> None:
    """A round's CSV in Vietnamese or English, read by the totals reader and ranked under the regime,
    gives the round's ranks, classes and units not ranked."""
    path = tmp_path / "ket-qua.csv"
    write_results(result, path, lang=lang, decimal_comma=decimal_comma)
    entries = read_totals(path, regime=result.regime)
    rows = itcriteria.rank(entries, policy=result.policy, regime=result.regime)
    assert [(r.unit, r.rank, r.band, r.total, r.max) for r in rows] == [
        (r.unit, r.rank, r.band, r.total, r.max) for r in result.ranking
    ]
    assert [r.reason is None for r in rows] == [r.reason is None for r in result.ranking]


def test_csv_with_decimal_comma_uses_semicolons(result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """With decimal_comma numbers read 93,59 and cells are separated by ';', as Vietnamese Excel expects."""
    path = tmp_path / "xep-hang.csv"
    write_results(result, path, decimal_comma=True, lang="en")
    rows = read_csv(path, ";", "en")
    assert decimals(rows, comma=True) == expected_csv(result, "en")
    tt = next(row for row in rows if row["unit"] == "tt-cntt")
    assert (tt["total"], tt["percent"]) == ("72,62", "90,78")


def no_floats(text: str) -> Any:
    def refuse(value: str) -> None:
        raise AssertionError(f"a float in the JSON: {value}")

    return json.loads(text, parse_float=refuse)


def test_json_holds_everything_as_data_with_numbers_as_text(
    result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """The JSON parses back to the round's data: ranking, statuses, every scorecard's to_dict(),
    appraisal differences, movements and gaps, every number as decimal text."""
    path = tmp_path / "ket-qua.json"
    write_results(result, path)
    data = no_floats(path.read_text(encoding="utf-8"))
    assert data == encode(round_data(result, "vi"))
    assert data["round"]["regime"]["id"] == "binhthuan-2019" and data["round"]["regime"]["provisional"]
    assert data["round"]["deadline"] == {
        "due": "2019-09-15",
        "grace_working_days": 5,
        "accepted_until": "2019-09-20",
    }
    assert [(r["unit"], r["total"], r["rank"]) for r in data["ranking"]][:2] == [
        ("so-tttt", "93.59", 1),
        ("bql-kcn", "63.47", 2),
    ]
    assert [s["status"] for s in data["statuses"]] == [s.status for s in result.statuses]
    for unit, card in result.cards.items():
        assert data["cards"][unit] == json.loads(json.dumps(card.to_dict()))
    first = data["appraisal_differences"][0]
    assert (first["unit"], first["criterion"], first["delta"]) == (
        "so-tu-phap",
        "2.1",
        "-3.00",
    )
    assert data["appraisal_differences"][0]["history"][0]["on"] == "2019-11-05"
    assert data["movements"] == [
        {"unit": "bql-kcn", "self_assessed_rank": 3, "appraised_rank": 2},
        {"unit": "so-tu-phap", "self_assessed_rank": 2, "appraised_rank": 3},
    ]
    gap = data["gaps"]["so-tu-phap"][0]
    assert (gap["criterion"], gap["lost"], gap["to_benchmark"]["answer"]) == (
        "4.1",
        "7.20",
        {"numerator": 48, "denominator": 160},
    )
    assert set(data["gaps"]) == set(result.cards) and data["common_gaps"]


def test_json_with_decimal_comma_writes_every_number_with_a_comma(
    result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """Totals, points, ratios and gaps take a comma; criterion ids and texts are left alone."""
    path = tmp_path / "ket-qua.json"
    write_results(result, path, decimal_comma=True)
    data = no_floats(path.read_text(encoding="utf-8"))
    assert data["ranking"][0]["total"] == "93,59"
    card = data["cards"]["so-tttt"]
    assert (card["total"], card["max_total"]) == ("93,59", "100")
    leaf = card["criteria"][0]["children"][2]
    assert (leaf["id"], leaf["score"]) == ("1.3", "2,67")
    assert leaf["explanation"]["inputs"]["ratio"] == "0,8888888888888888888888888889"
    assert leaf["explanation"]["given"] == {"numerator": 40, "denominator": 45}
    assert leaf["explanation"]["rule"] == "ratio * max_points"
    assert data["gaps"]["so-tu-phap"][0]["lost"] == "7,20"
    assert data["appraisal_differences"][0]["delta"] == "-3,00"
    assert data == encode(round_data(result, "vi"), decimal_comma=True)


# --- totals computed elsewhere ----------------------------------------------------------------------

TOTALS = (
    "\ufeffunit;group;total;name;max;submitted\n"
    "so-a;so-nganh;61,04;Sở A;100;12/09/2019\n"
    "so-b;so-nganh;93,59;Sở B;;2019-09-13\n"
    "\n"
    "tt-c;don-vi-su-nghiep;72,62;Trung tâm C;80;\n"
    "ca;luc-luong-vu-trang;91,06;Công an;;\n"
)


def test_totals_are_read_ranked_and_written(tmp_path: Path) -> None:
    """A Vietnamese CSV (BOM, ';', decimal comma) is read, ranked under the regime's policy and
    written as workbook, CSV and JSON with the same rows."""
    source = tmp_path / "tong-diem.csv"
    source.write_text(TOTALS, encoding="utf-8")
    regime = itcriteria.get_regime("binhthuan-2019")
    entries = read_totals(source, regime=regime)
    assert entries[0] == {
        "unit": "so-a",
        "group": "so-nganh",
        "total": Decimal("61.04"),
        "name": "Sở A",
        "max": Decimal("100"),
        "submitted": dt.date(2019, 9, 12),
    }
    policy = itcriteria.get_ranking_policy(regime.ranking_policy)
    rows = itcriteria.rank(entries, policy=policy, regime=regime)
    assert [(r.unit, r.rank, r.band) for r in rows] == [
        ("so-b", 1, "tot"),
        ("so-a", 2, "trung-binh"),
        ("tt-c", 1, "tot"),
        ("ca", None, "tot"),
    ]
    write_ranking(rows, regime, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == [
        "Xếp hạng so-nganh",
        "Xếp hạng don-vi-su-nghiep",
        "Xếp hạng luc-luong-vu-trang",
    ]
    headings, body = table(book["Xếp hạng so-nganh"], "Hạng")
    assert "Tình trạng phiếu" not in headings
    assert [(r[0], r[1], number(r[3])) for r in body] == [
        (1, "so-b", Decimal("93.59")),
        (2, "so-a", Decimal("61.04")),
    ]
    _, body = table(book["Xếp hạng don-vi-su-nghiep"], "Hạng")
    assert number(body[0][5]) == Decimal("90.78")
    write_ranking(rows, regime, tmp_path / "r.csv", decimal_comma=True)
    csv_rows = read_csv(tmp_path / "r.csv", ";")
    assert [(r["unit"], r["rank"], r["total"], r["status"]) for r in csv_rows] == [
        ("so-b", "1", "93,59", ""),
        ("so-a", "2", "61,04", ""),
        ("tt-c", "1", "72,62", ""),
        ("ca", "", "91,06", ""),
    ]
    write_ranking(rows, regime, tmp_path / "r.json")
    data = no_floats((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["regime"]["id"] == "binhthuan-2019"
    assert [(r["unit"], r["total"], r["percent"]) for r in data["ranking"]][2] == ("tt-c", "72.62", "90.78")


def test_totals_with_a_decimal_point_and_commas_read_the_same(tmp_path: Path) -> None:
    """The same totals with ',' between cells and decimal points (and columns in another order)."""
    comma = tmp_path / "a.csv"
    comma.write_text(
        " Total ,Unit,GROUP,name,max,submitted\n"
        "61.04,so-a,so-nganh,Sở A,100,12/09/2019\n"
        '"93,59",so-b,so-nganh,Sở B,,2019-09-13\n'
        "72.62,tt-c,don-vi-su-nghiep,Trung tâm C,80,\n"
        "91.06,ca,luc-luong-vu-trang,Công an,,\n",
        encoding="utf-8",
    )
    semicolon = tmp_path / "b.csv"
    semicolon.write_text(TOTALS, encoding="utf-8")
    assert read_totals(comma) == read_totals(semicolon)


def test_totals_without_a_regime_are_written_with_ids_and_their_own_places(tmp_path: Path) -> None:
    """Without a regime, groups and classes are shown by id and numbers to the places given."""
    rows = itcriteria.rank(
        [{"unit": "a", "group": "g", "total": Decimal("7.125")}, {"unit": "b", "group": "g", "total": 9}]
    )
    write_ranking(rows, None, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Xếp hạng g"]
    assert sheet["A1"].value == "Xếp hạng — g"
    assert cell_of(sheet, 7.125).number_format == "0.000"


def problems_of(tmp_path: Path, text: str | bytes, **options: Any) -> list[itcriteria.Problem]:
    path = tmp_path / "tong-diem.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(itcriteria.SubmissionError) as caught:
        read_totals(path, **options)
    assert caught.value.subject == str(path)
    assert all(str(path) in p.where for p in caught.value.problems)
    return list(caught.value.problems)


def test_every_bad_line_of_a_totals_file_is_reported_at_once(tmp_path: Path) -> None:
    """Each bad cell is one problem naming the file, the line and the column."""
    problems = problems_of(
        tmp_path,
        "unit;group;total;max;submitted\n"
        "a;so-nganh;abc;;\n"  # 2: not a number
        ";so-nganh;5;;\n"  # 3: no unit
        "c;so-nganh;;;\n"  # 4: no total
        "d;so-nganh;-1;;\n"  # 5: negative
        "e;so-nganh;101;100;\n"  # 6: above max
        "f;so-nganh;5;0;\n"  # 7: max not above 0
        "g;so-nganh;5;;31/02/2019\n"  # 8: no such day
        "h;so-nganh;1.234,5;;\n"  # 9: thousands separator
        "i;so-nganh;5\n"  # 10: too few cells
        "j;so-nganh;5;;;extra\n"  # 11: too many
        "k;xa;5;;\n"  # 12: not a group of the regime
        "l;so-nganh;5;;\n"
        "l;so-nganh;6;;\n",  # 14: listed twice
        regime=itcriteria.get_regime("binhthuan-2019"),
    )
    got = [(p.where.split(" line ")[1], p.field) for p in problems]
    assert got == [
        ("2, column total", "total"),
        ("3, column unit", "unit"),
        ("4, column total", "total"),
        ("5, column total", "total"),
        ("6, column total", "total"),
        ("7, column max", "max"),
        ("8, column submitted", "submitted"),
        ("9, column total", "total"),
        ("10, column max", "max"),
        ("11, column 6", "6"),
        ("12, column group", "group"),
        ("14, column unit", "unit"),
    ]
    messages = [p.message for p in problems]
    assert messages[0] == "expected a number, got “abc”"
    assert "more than the maximum 100" in messages[4] and "31/02/2019" in messages[6]
    assert (
        "thousands separators, which are not accepted" in messages[7] and "first on line 13" in messages[11]
    )


def test_a_decimal_comma_between_commas_is_caught(tmp_path: Path) -> None:
    """61,04 unquoted in a ','-separated file splits the line; the message says what to do."""
    (problem,) = problems_of(tmp_path, "unit,group,total\na,so-nganh,61,04\n")
    assert problem.where.endswith("line 2, column 4")
    assert "';' between cells, or the number in quotes" in problem.message


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("unit;group;totl\n", "line 1, column 3", "unknown column 'totl'"),
        ("unit;group;total;unit\na;b;1;a\n", "line 1, column 4", "column unit is named twice"),
        ("unit;total\na;1\n", "line 1, column group", "required column missing"),
        ("", "line 1", "the file is empty"),
        ("\n \n", "line 1", "the file is empty"),
        ("unit;group;total\n", "line 2", "no units"),
        (b"unit;group;total\na;s\xf4;1\n", "line 2", "not UTF-8 text"),
    ],
)
def test_a_bad_totals_file_says_where(tmp_path: Path, text: str | bytes, where: str, message: str) -> None:
    """Bad headers, empty files and text that is not UTF-8 are reported with the line."""
    problems = problems_of(tmp_path, text)
    assert problems[0].where.endswith(where) and message in problems[0].message


def test_a_missing_totals_file_is_an_os_error(tmp_path: Path) -> None:
    """A file that is not there raises FileNotFoundError, as opening it would."""
    with pytest.raises(FileNotFoundError):
        read_totals(tmp_path / "none.csv")


# --- whole files or nothing -------------------------------------------------------------------------


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A folder with a results file already in it."""
    (tmp_path / "ket-qua.xlsx").write_bytes(b"the previous results")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("ket-qua.xlsx", {"format": "pdf"}, "unsupported format 'pdf'"),
        ("ket-qua.xlsx.bak", {}, "cannot tell the format"),
        ("ket-qua.xlsx", {"lang": "fr"}, "unknown language 'fr'"),
    ],
)
def test_a_refused_write_touches_nothing(
    result: itcriteria.RoundResult, existing: Path, name: str, options: dict[str, Any], message: str
) -> None:
    """An unknown format, suffix or language fails before any file is made or changed."""
    before = listing(existing)
    with pytest.raises(itcriteria.ItcriteriaError, match=message):
        write_results(result, existing / name, **options)
    with pytest.raises(itcriteria.ItcriteriaError, match=message):
        write_ranking(result.ranking, result.regime, existing / name, **options)
    assert listing(existing) == before


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "json"])
def test_a_folder_that_does_not_exist_is_an_os_error(
    result: itcriteria.RoundResult, tmp_path: Path, suffix: str
) -> None:
    """Writing into a missing folder raises FileNotFoundError naming it, and creates nothing."""
    with pytest.raises(FileNotFoundError, match="no such folder") as caught:
        write_results(result, tmp_path / "missing" / f"r.{suffix}")
    assert caught.value.filename == str(tmp_path / "missing")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_is_an_os_error(result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """A folder where the file should go is left alone: IsADirectoryError, nothing written."""
    (tmp_path / "r.xlsx").mkdir()
    with pytest.raises(IsADirectoryError):
        write_results(result, tmp_path / "r.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"] and not any((tmp_path / "r.xlsx").iterdir())


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "json"])
def test_a_failed_replace_leaves_the_existing_file_and_no_temporary_one(
    result: itcriteria.RoundResult, existing: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """When the last step fails (the file is open elsewhere, the disk is full), the old file stays
    as it was and the temporary file is removed."""
    target = existing / "ket-qua.xlsx"
    target.rename(existing / f"ket-qua.{suffix}")
    before = listing(existing)

    def refuse(source: object, destination: object) -> None:
        raise PermissionError(13, "the file is open in another program", str(destination))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_results(result, existing / f"ket-qua.{suffix}")
    assert listing(existing) == before


def test_a_failure_while_building_the_workbook_leaves_nothing_behind(
    result: itcriteria.RoundResult,
    existing: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An error half way through the sheets leaves the old file, and removes the temporary sheet
    files the streaming writer had made."""
    scratch = tmp_path_factory.mktemp("scratch")
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = listing(existing)

    def broken(*args: object) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(_results_xlsx, "_gap_sheet", broken)
    with pytest.raises(RuntimeError, match="broken"):
        write_results(result, existing / "ket-qua.xlsx")
    assert listing(existing) == before
    assert list(scratch.iterdir()) == []


def test_a_new_file_replaces_the_old_one_keeping_its_permissions(
    result: itcriteria.RoundResult, existing: Path
) -> None:
    """Writing over a results file replaces it whole and keeps who may read it."""
    target = existing / "ket-qua.xlsx"
    target.chmod(0o640)
    write_results(result, target)
    assert openpyxl.load_workbook(target).sheetnames[0] == "Xếp hạng so-nganh"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in existing.iterdir()] == ["ket-qua.xlsx"]


def test_formats_are_listed_and_given_formats_override_the_suffix(
    result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """format= wins over the suffix; the three formats are xlsx, csv and json."""
    assert _results.FORMATS == ("xlsx", "csv", "json")
    path = tmp_path / "xep-hang.txt"
    write_results(result, path, format="CSV")
    assert path.read_bytes().startswith("\ufeffMã nhóm,".encode())
