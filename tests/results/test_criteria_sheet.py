"""The criteria sheet of a results workbook (every evaluated unit × every criterion, one row each, to
filter) and the limit on per-unit sheets, read back with openpyxl."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import itcriteria
from itcriteria.results.writing import write_results
from itcriteria.results.xlsx import UNIT_SHEETS

ROUND = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"
BENCHMARKS = Path(__file__).parents[2] / "benchmarks"
CRITERIA = "Điểm từng tiêu chí"
FIXED = ["Tình trạng phiếu", "Thẩm định", "Tiêu chí chưa đạt", CRITERIA]
VERDICT = {True: "đạt", False: "chưa đạt", None: None}


@pytest.fixture(scope="module")
def result() -> itcriteria.RoundResult:
    return itcriteria.load_round(ROUND).run()


def number(value: object) -> Decimal:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value))


def criteria_rows(book: Any) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """The heading and the rows of the criteria sheet's table."""
    rows = list(book[CRITERIA].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị")
    return list(rows[start]), [row for row in rows[start + 1 :] if any(v is not None for v in row)]


def test_the_criteria_sheet_has_a_row_per_unit_and_criterion_equal_to_the_scorecards(
    result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """Units in ranking order, criteria in official order: each row's points, maximum, points lost and
    benchmark verdict are the appraised scorecard's, and a sub-criterion's answer and calculation are
    those of the unit's own sheet."""
    path = tmp_path / "ket-qua.xlsx"
    write_results(result, path)
    book = openpyxl.load_workbook(path)
    heading, body = criteria_rows(book)
    assert heading[:4] == ["Mã đơn vị", "Tên đơn vị", "Nhóm đơn vị", "Mã tiêu chí"]
    units = [row.unit for row in result.ranking if row.unit in result.cards]
    expected = []
    for unit in units:
        card = result.cards[unit]
        group = result.regime.group(card.group).title.vi
        for criterion in result.regime.walk(card.group):
            node = card.node(criterion.id)
            scored = (node.score, node.max, node.max - node.score, VERDICT[node.benchmark_met])
            expected.append((unit, card.unit.name, group, criterion.id, criterion.title.vi, *scored))
    got = [(*row[:4], row[5], number(row[7]), number(row[8]), number(row[9]), row[10]) for row in body]
    assert got == expected
    for row in body:  # the same answer and calculation as on the unit's own sheet
        unit_rows = {r[0]: r for r in book[row[0]].iter_rows(values_only=True) if r[0] == row[3]}
        own = unit_rows[row[3]]
        assert (row[6], row[13]) == (own[2], own[9])
    levels = {row[3]: row[4] for row in body}
    assert (levels["1"], levels["1.1"]) == (1, 2)


def test_the_criteria_sheet_filters_and_keeps_its_heading_in_view(
    result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """Filter buttons cover the heading row and every row below it; the panes freeze under the heading."""
    path = tmp_path / "ket-qua.xlsx"
    write_results(result, path, lang="en")
    sheet = openpyxl.load_workbook(path)["All criteria"]
    rows = list(sheet.iter_rows(values_only=True))
    heading = next(i for i, row in enumerate(rows) if row[0] == "Unit id") + 1
    last = max(i for i, row in enumerate(rows, start=1) if any(v is not None for v in row))
    assert sheet.auto_filter.ref == f"A{heading}:N{last}"
    assert sheet.freeze_panes == f"A{heading + 1}"
    assert sheet.print_title_rows == f"${heading}:${heading}"


def test_up_to_the_limit_every_unit_has_its_sheet_and_above_it_none(
    result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """With ``unit_sheets`` at the number of evaluated units each gets a sheet; one below, no unit has
    one, no name links anywhere, the gaps sheet lists no rows, and both sheets say why on top."""
    evaluated = len(result.cards)
    at_limit, above = tmp_path / "at.xlsx", tmp_path / "above.xlsx"
    write_results(result, at_limit, unit_sheets=evaluated)
    write_results(result, above, unit_sheets=evaluated - 1)
    full = openpyxl.load_workbook(at_limit)
    assert set(result.cards) <= set(full.sheetnames)
    book = openpyxl.load_workbook(above)
    assert [name for name in book.sheetnames if not name.startswith("Xếp hạng")] == FIXED
    assert not [c for s in book.worksheets for row in s.iter_rows() for c in row if c.hyperlink]
    said = (
        f"Vòng đánh giá có {evaluated} đơn vị được đánh giá, nhiều hơn {evaluated - 1} đơn vị được lập "
        f"trang tính riêng: chi tiết của từng đơn vị ở trang «{CRITERIA}» (lọc theo mã đơn vị)."
    )
    for name in ("Tiêu chí chưa đạt", CRITERIA):
        assert said in [row[0] for row in book[name].iter_rows(values_only=True)]
    gaps = [row[0] for row in book["Tiêu chí chưa đạt"].iter_rows(values_only=True) if row[0]]
    assert gaps[-1].startswith("Tiêu chí chưa đạt: lọc trang «Điểm từng tiêu chí»")
    assert criteria_rows(book)[1] == criteria_rows(full)[1]  # the detail is all still there
    unlimited = tmp_path / "all.xlsx"
    write_results(result, unlimited, unit_sheets=None)
    assert openpyxl.load_workbook(unlimited).sheetnames == full.sheetnames


def test_the_default_limit_is_documented() -> None:
    """The default limit is the one write_results documents: 500 evaluated units."""
    assert UNIT_SHEETS == 500
    assert "(500 by default" in (write_results.__doc__ or "")


CHILD = textwrap.dedent(
    """
    import resource, sys
    sys.path.insert(0, sys.argv[1])
    from scale import province
    from itcriteria.results.writing import write_results

    result = province(150).run()
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    write_results(result, sys.argv[2])
    print(len(result.cards))
    """
)


def test_a_workbook_of_more_sheets_than_open_files_allowed_is_written(tmp_path: Path) -> None:
    """Over a hundred unit sheets written with at most 64 open files: each sheet's temporary file is
    closed when the next sheet starts, so the number of sheets is not bounded by the open-file limit."""
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < 64:
        pytest.fail("this test needs a limit of at least 64 open files to lower")
    target = tmp_path / "ket-qua.xlsx"
    command = [sys.executable, "-c", CHILD, str(BENCHMARKS), str(target)]
    evaluated = int(subprocess.run(command, check=True, timeout=600, capture_output=True).stdout)
    book = openpyxl.load_workbook(target, read_only=True)
    assert evaluated > 100 and len(book.sheetnames) == 4 + len(FIXED) + evaluated  # 4 ranking sheets
    book.close()
