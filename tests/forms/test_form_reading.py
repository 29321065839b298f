"""Reading filled forms: Excel templates filled in, CSV and JSON forms, read back to exactly the
scorecard of the same answers given as JSON; every problem named by file, sheet, cell, criterion and
field; batches with and without skipping bad forms."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from filling import Sheet, as_text, drawing, fill, first
from hypothesis import given, settings
from hypothesis import strategies as st

import itcriteria
from builders import build, leaf, parent, ratio
from itcriteria import Problem, SubmissionError
from itcriteria.forms.layout import NAME_REGIME, NAME_VERSION
from itcriteria.forms.reading import FormBatch, read_form, read_forms
from itcriteria.forms.template import write_template
from itcriteria.testing import submissions

D = Decimal
FORMS = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
BINHTHUAN = itcriteria.get_regime("binhthuan-2019")
EXAMPLES: list[dict[str, Any]] = json.loads(FORMS.read_text(encoding="utf-8"))
SO_TTTT = EXAMPLES[0]
CHOICE = {
    "kind": "choice",
    "label": {"vi": "Mức", "en": "Level"},
    "levels": [
        {"id": "du", "title": {"vi": "Đầy đủ", "en": "Complete"}, "fraction": 1},
        {"id": "mot-phan", "title": {"vi": "Một phần, chưa đủ", "en": "Partial"}, "fraction": "0.5"},
        {"id": "khong", "title": {"vi": "Không có", "en": "None"}, "fraction": 0},
    ],
}
SMALL = build(
    parent(
        "1",
        10,
        leaf("1.1", 4, ratio(zero_denominator="not_applicable"), benchmark={"ratio": "0.8"}),
        leaf("1.2", 3, {"kind": "count", "label": "n"}, rule="per_item(count, 1, 3)"),
        leaf("1.3", 3, {"kind": "number", "label": "x", "max": 100}, rule="value / 100 * max_points"),
    ),
    leaf("2", 2, {"kind": "yes_no", "label": "Có"}),
    leaf("3", 3, CHOICE, groups=["so"]),
    leaf(
        "4",
        3,
        {"kind": "number", "label": "y", "min": "-5", "max": "5"},
        rule="clamp(value, 0, 3)",
        groups=["huyen"],
    ),
)


def csv_text(form: Mapping[str, Any], regime: itcriteria.Regime, delimiter: str, comma: bool) -> str:
    """``form`` in the documented CSV layout."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    unit = form["unit"]
    writer.writerow(["key", "value"])
    writer.writerows([["regime", regime.id], ["unit.id", unit["id"]], ["unit.name", unit["name"]]])
    writer.writerows([["unit.group", unit["group"]], ["period", form["period"]], ["submitted", "12/09/2019"]])
    writer.writerow([])
    writer.writerow(["criterion", "numerator", "denominator", "value", "evidence"])
    for cid, answer in form["answers"].items():
        if isinstance(answer, Mapping) and "numerator" in answer:
            row = [as_text(answer["numerator"], comma), as_text(answer["denominator"], comma), ""]
        else:
            value = answer["value"] if isinstance(answer, Mapping) else answer
            if isinstance(value, bool):
                text = "Có" if value else "Không"
            elif isinstance(value, int | Decimal):
                text = as_text(value, comma)
            else:
                text = value
            row = ["", "", text]
        writer.writerow([cid, *row, f"BC-{cid}"])
    return out.getvalue()


def same_card(regime: itcriteria.Regime, read: itcriteria.Submission, form: Mapping[str, Any]) -> None:
    """The form read back scores exactly as the JSON answers do, criterion by criterion."""
    (card,) = regime.score_all([read])
    (expected,) = regime.score_all([form])
    assert (card.total, card.max_total, card.band) == (expected.total, expected.max_total, expected.band)
    assert dict(card.scores) == dict(expected.scores)
    for leaf_ in regime.leaves(card.group):
        assert card.node(leaf_.id) == expected.node(leaf_.id)
    assert read.unit == itcriteria.Unit(form["unit"]["id"], form["unit"]["name"], form["unit"]["group"])
    assert read.submitted == dt.date(2019, 9, 12) and read.regime == regime.id


_TEMPLATES: dict[tuple[str, str | None, str], bytes] = {}


def template_bytes(regime: itcriteria.Regime, group: str | None, lang: str) -> bytes:
    key = (regime.id, group, lang)
    if key not in _TEMPLATES:
        with tempfile.TemporaryDirectory() as folder:
            path = write_template(regime, Path(folder) / "t.xlsx", group=group, lang=lang)
            _TEMPLATES[key] = path.read_bytes()
    return _TEMPLATES[key]


def new_sheet(folder: Path, regime: itcriteria.Regime, group: str | None, lang: str = "vi") -> Sheet:
    path = folder / "form.xlsx"
    path.write_bytes(template_bytes(regime, group, lang))
    return Sheet(path)


def filled(
    folder: Path, form: Mapping[str, Any] = SO_TTTT, *, group: str | None = "so-nganh", lang: str = "vi"
) -> Sheet:
    """The Bình Thuận template filled with ``form`` in the plainest style, ready to be broken."""
    sheet = new_sheet(folder, BINHTHUAN, group, lang)
    fill(sheet, BINHTHUAN, form, lang, first, fixed=group is not None)
    return sheet


def problems_of(path: Path, regime: itcriteria.Regime = BINHTHUAN) -> tuple[Problem, ...]:
    with pytest.raises(SubmissionError) as excinfo:
        read_form(path, regime)
    assert excinfo.value.subject == str(path)
    return excinfo.value.problems


# --- Round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", [BINHTHUAN, SMALL], ids=lambda r: r.id)
@settings(max_examples=min(settings.default.max_examples, 200))  # each example writes and reads a workbook
@given(data=st.data())
def test_filled_template_scores_as_the_json_answers(regime: itcriteria.Regime, data: st.DataObject) -> None:
    """A template (for the form's group or for all, in either language) filled with generated answers
    in every accepted style (numbers native or as text with a decimal comma or point, yes/no words of
    either language, levels by title or id, dates as cells or text), saved and read back, gives exactly
    the scorecard of the same answers given as JSON."""
    form = data.draw(submissions(regime))
    lang = data.draw(st.sampled_from(["vi", "en"]))
    fixed = data.draw(st.booleans())
    with tempfile.TemporaryDirectory() as folder:
        sheet = new_sheet(Path(folder), regime, form["unit"]["group"] if fixed else None, lang)
        fill(sheet, regime, form, lang, drawing(data), fixed)
        read = read_form(sheet.save(), regime)
    same_card(regime, read, form)
    assert read.period == form["period"]
    assert all(answer.evidence == f"BC-{cid}" for cid, answer in read.answers.items())


@pytest.mark.parametrize("regime", [BINHTHUAN, SMALL], ids=lambda r: r.id)
@given(data=st.data())
def test_csv_and_json_forms_score_as_the_json_answers(regime: itcriteria.Regime, data: st.DataObject) -> None:
    """The same answers as a CSV form (comma- or semicolon-separated, decimal comma or point, a
    byte-order mark or not) and as a JSON file (numbers as numeric text) read back to the same scorecard."""
    form = data.draw(submissions(regime))
    delimiter = data.draw(st.sampled_from([",", ";"]))
    bom = data.draw(st.sampled_from(["", "\ufeff"]))
    text = csv_text(form, regime, delimiter, comma=data.draw(st.booleans()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.csv"
        path.write_text(bom + text, encoding="utf-8")
        from_csv = read_form(path, regime)
        path = Path(folder) / "form.json"
        as_json = json.dumps({**form, "submitted": "12/09/2019"}, default=lambda d: as_text(d, comma=False))
        path.write_text(as_json, encoding="utf-8")
        from_json = read_form(path, regime)
    same_card(regime, from_csv, form)
    same_card(regime, from_json, form)


def test_example_forms_read_from_json_files(tmp_path: Path) -> None:
    """Every example form of Bình Thuận 2019, each in its own JSON file, reads to the same scorecards."""
    paths = []
    for example in EXAMPLES:
        path = tmp_path / f"{example['unit']['id']}.json"
        path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    batch = read_forms(paths, BINHTHUAN)
    assert batch.paths == tuple(paths) and batch.skipped == ()
    cards = BINHTHUAN.score_all(batch.forms)
    assert [c.total for c in cards] == [c.total for c in BINHTHUAN.score_all(EXAMPLES)]


# --- Values -----------------------------------------------------------------------------------------


def test_decimal_comma_and_exact_numbers(tmp_path: Path) -> None:
    """Whole numbers typed as text or stored as a number cell (45.0) are read exactly; Vietnamese yes/no
    typed with decomposed accents and level titles in any case are understood."""
    sheet = filled(tmp_path)
    sheet.input("1.1", "numerator").value = " 44 "
    sheet.input("1.2", "denominator").value = 45.0
    sheet.input("1.3", "numerator").value = "40,0"
    sheet.input("1.4", "value").value = unicodedata.normalize("NFD", "không")
    sheet.input("3.1", "value").value = "  MỘT PHẦN "
    sheet.input("6.1", "value").value = "3"
    form = read_form(sheet.save(), BINHTHUAN)
    assert form.answers["1.1"].numerator == 44
    assert form.answers["1.2"].denominator == D("45")
    assert form.answers["1.3"].numerator == D("40")
    assert form.answers["1.4"].value is False
    assert form.answers["3.1"].value == "mot-phan"
    assert form.answers["6.1"].value == 3
    assert BINHTHUAN.score(form).node("1.4").score == 0


def test_counted_parts_of_a_ratio_are_whole_numbers(tmp_path: Path) -> None:
    """A numerator or denominator that counts things (staff, computers) with a fraction, typed with a
    decimal comma or stored as a fractional cell, is refused at its cell, never scored (issue 18)."""
    sheet = filled(tmp_path)
    sheet.input("1.1", "numerator").value = "12,5"
    sheet.input("1.2", "denominator").value = 45.1
    problems = problems_of(sheet.save())
    assert [(p.criterion, p.field) for p in problems] == [("1.1", "numerator"), ("1.2", "denominator")]
    assert problems[0].where.endswith("!Phiếu!H18")
    assert "is a whole number, got 12.5" in problems[0].message
    assert "fractional = true" in problems[0].message


def test_number_text_has_one_rule_in_every_reader() -> None:
    """Numeric text reads the same from a cell, a CSV field, JSON text and a Python mapping: one comma or
    point is the decimal separator; thousands separators, ambiguous text, Python's underscores and
    exponents and non-ASCII digits are refused."""
    from itcriteria.forms import values as _form_values

    assert _form_values.number("12,5") == _form_values.number("12.5") == D("12.5")
    assert _form_values.number("0,125") == D("0.125") and _form_values.number("1234,5") == D("1234.5")
    assert _form_values.number("-3") == -3 and _form_values.number(".5") == D("0.5")
    refused = {
        "1.830": "ambiguous",
        "12,500": "ambiguous",
        "1.234.567": "thousands separators",
        "1 234": "thousands separators",
        "1_830": "expected a number",
        "1e3": "expected a number",
        "NaN": "expected a number",
        "١٢": "expected a number",
    }
    for text, message in refused.items():
        with pytest.raises(ValueError, match=message):
            _form_values.number(text)


def test_the_unit_block(tmp_path: Path) -> None:
    """The unit's group by id or title, a parent unit, and a unit id and period typed as numbers (which
    a spreadsheet stores as numbers) read as text."""
    sheet = filled(tmp_path, group=None)
    sheet.unit("unit.id").value = 1024
    sheet.unit("unit.group").value = "so-nganh"
    sheet.unit("unit.parent").value = "  ubnd-tinh "
    sheet.unit("period").value = 2019
    form = read_form(sheet.save(), BINHTHUAN)
    assert form.unit == itcriteria.Unit("1024", SO_TTTT["unit"]["name"], "so-nganh", "ubnd-tinh")
    assert (form.period, form.regime) == ("2019", "binhthuan-2019")
    assert set(form.answers) == {leaf.id for leaf in BINHTHUAN.leaves("so-nganh")}


def test_thousands_separators_are_refused(tmp_path: Path) -> None:
    """Grouped digits and a lone separator before exactly three digits are refused with how to write
    the number; ``1,2340`` is the decimal."""
    sheet = filled(tmp_path)
    sheet.input("2.1", "numerator").value = "1.830"
    sheet.input("2.1", "denominator").value = "1.905.000"
    sheet.input("2.2", "numerator").value = "1 700"
    sheet.input("2.3", "numerator").value = "12e3"
    sheet.input("2.5", "numerator").value = "44,0000"
    problems = {(p.criterion, p.field): p for p in problems_of(sheet.save())}
    assert set(problems) == {
        ("2.1", "numerator"),
        ("2.1", "denominator"),
        ("2.2", "numerator"),
        ("2.3", "numerator"),
    }
    assert problems[("2.1", "numerator")].message == (
        "“1.830” is ambiguous (a thousands separator or a decimal one?): write 1830 for the whole number, "
        "or 1.8300 for the decimal"
    )
    assert problems[("2.1", "denominator")].message.startswith("“1.905.000” has thousands separators")
    assert "write 1700" in problems[("2.2", "numerator")].message
    assert problems[("2.3", "numerator")].message == "expected a number, got “12e3”"
    assert problems[("2.1", "numerator")].where == sheet.where(sheet.input("2.1", "numerator"))


# --- Every error of an Excel form, at once ----------------------------------------------------------


def test_every_problem_of_a_workbook_names_its_cell(tmp_path: Path) -> None:
    """A bad number, a missing numerator, an unknown level, a numerator above its denominator, a count
    with a fraction, yes/no nonsense, an unknown group and a missing date: one error, each problem with
    the file, sheet, cell, criterion and field, in the form's order."""
    sheet = filled(tmp_path, group=None)
    sheet.unit("unit.group").value = "Sở, ngành"
    sheet.unit("submitted").value = None
    sheet.input("1.1", "numerator").value = "bốn mươi"
    sheet.input("1.2", "numerator").value = None
    sheet.input("1.3", "numerator").value = 50
    sheet.input("1.4", "value").value = "có lẽ"
    sheet.input("2.6", "value").value = "2,5"
    sheet.input("3.1", "value").value = "Tốt lắm"
    problems = problems_of(sheet.save())
    found = [(p.where, p.criterion, p.field) for p in problems]
    assert found == [
        (sheet.where(sheet.unit("unit.group")), None, "unit.group"),
        (sheet.where(sheet.unit("submitted")), None, "submitted"),
        (sheet.where(sheet.input("1.1", "numerator")), "1.1", "numerator"),
        (sheet.where(sheet.input("1.2", "numerator")), "1.2", "numerator"),
        (sheet.where(sheet.input("1.3", "numerator")), "1.3", "numerator"),
        (sheet.where(sheet.input("1.4", "value")), "1.4", "value"),
        (sheet.where(sheet.input("2.6", "value")), "2.6", "value"),
        (sheet.where(sheet.input("3.1", "value")), "3.1", "value"),
    ]
    messages = [p.message for p in problems]
    assert (
        messages[0]
        == "unknown unit group “Sở, ngành” (groups: so-nganh, don-vi-su-nghiep, huyen, luc-luong-vu-trang)"
    )
    assert messages[1] == "required field submitted missing"
    assert messages[2] == "expected a number, got “bốn mươi”"
    assert messages[3] == "missing numerator (Số máy tính kết nối Internet băng rộng)"
    assert messages[4] == "numerator 50 is above the denominator 45"
    assert messages[5] == "expected yes or no (Có/Không, Yes/No), got “có lẽ”"
    assert messages[6] == "a count is a whole number, got 2.5"
    assert messages[7] == (
        "“Tốt lắm” is not one of the levels: Đầy đủ (day-du), Một phần (mot-phan), Không cung cấp (khong)"
    )
    assert (
        str(problems[2]) == f"{sheet.where(sheet.input('1.1', 'numerator'))} (criterion 1.1): {messages[2]}"
    )
    assert re.search(
        r"^submission .*form\.xlsx: 8 problems:", str(SubmissionError(str(sheet.path), problems))
    )


def test_empty_rows_and_other_groups_rows(tmp_path: Path) -> None:
    """On a template of every group, a sub-criterion of the unit's group left empty is missing at each of
    its cells, and another group's row filled in is refused (left empty, it is fine)."""
    sheet = filled(tmp_path, group=None)
    sheet.input("2.1", "numerator").value = None
    sheet.input("2.1", "denominator").value = None
    sheet.input("2.4", "numerator").value = 3
    sheet.input("2.4", "denominator").value = 4
    problems = problems_of(sheet.save())
    assert [(p.where, p.criterion, p.field) for p in problems] == [
        (sheet.where(sheet.input("2.1", "numerator")), "2.1", "numerator"),
        (sheet.where(sheet.input("2.1", "denominator")), "2.1", "denominator"),
        (sheet.where(sheet.input("2.4", "numerator")), "2.4", "numerator"),
    ]
    assert problems[2].message == "sub-criterion 2.4 is not for unit group 'so-nganh': leave it empty"


def test_bad_dates(tmp_path: Path) -> None:
    """A date that is no day of the calendar and a two-digit year are refused at the date cell; a
    datetime cell is its day, and a number typed into the date cell is the day Excel shows for it."""
    for value, message in [
        ("31/02/2019", "“31/02/2019” is not a day of the calendar"),
        ("12/9/19", "expected a date as dd/mm/yyyy or yyyy-mm-dd, got “12/9/19”"),
    ]:
        sheet = filled(tmp_path)
        sheet.unit("submitted").value = value
        (problem,) = problems_of(sheet.save())
        assert (problem.where, problem.field, problem.message) == (
            sheet.where(sheet.unit("submitted")),
            "submitted",
            message,
        )
    sheet = filled(tmp_path)
    sheet.unit("submitted").value = dt.datetime(2019, 9, 14, 16, 30)
    assert read_form(sheet.save(), BINHTHUAN).submitted == dt.date(2019, 9, 14)
    sheet = filled(tmp_path)
    sheet.unit("submitted").value = 43720  # the cell is formatted as a date: 12/09/2019
    assert read_form(sheet.save(), BINHTHUAN).submitted == dt.date(2019, 9, 12)


def test_a_form_of_another_regime_is_one_problem(tmp_path: Path) -> None:
    """Read under binhthuan-2020, a 2019 form is one problem at its regime cell, whatever else is wrong."""
    sheet = filled(tmp_path)
    sheet.input("1.1", "numerator").value = "x"
    (problem,) = problems_of(sheet.save(), itcriteria.get_regime("binhthuan-2020"))
    assert problem.where == sheet.where(sheet.named(NAME_REGIME))
    assert problem.message == "this is a form of regime 'binhthuan-2019', not 'binhthuan-2020'"


def test_files_that_are_not_forms(tmp_path: Path) -> None:
    """An unknown template version, a workbook without the form key, a text file called .xlsx, a missing
    file and an unknown suffix each give one problem naming the file."""
    sheet = filled(tmp_path)
    sheet.named(NAME_VERSION).value = 99
    (problem,) = problems_of(sheet.save())
    assert problem.message == "form template version 99 is not one this itcriteria reads (1)"
    plain = openpyxl.Workbook()
    plain.active["A1"] = "Phiếu đánh giá"  # type: ignore[index]
    plain.save(tmp_path / "plain.xlsx")
    (problem,) = problems_of(tmp_path / "plain.xlsx")
    assert problem.where == str(tmp_path / "plain.xlsx")
    assert problem.message.startswith("not an itcriteria form: the workbook has no form key")
    (tmp_path / "text.xlsx").write_text("unit,so-tttt", encoding="utf-8")
    (problem,) = problems_of(tmp_path / "text.xlsx")
    assert problem.message == "not an Excel workbook (.xlsx): File is not a zip file"
    (problem,) = problems_of(tmp_path / "gone.xlsx")
    assert problem.message == "cannot read the file: No such file or directory"
    (tmp_path / "form.ods").write_bytes(b"")
    (problem,) = problems_of(tmp_path / "form.ods")
    assert problem.message == "not a form file ('.ods'): forms are .xlsx, .csv or .json"


def test_an_emptied_regime_cell(tmp_path: Path) -> None:
    """A workbook whose regime cell was emptied (protection lifted) does not say its regime: one problem."""
    sheet = filled(tmp_path)
    sheet.named(NAME_REGIME).value = None
    (problem,) = problems_of(sheet.save())
    assert (
        problem.message
        == f"the form does not say its regime ({sheet.where(sheet.named(NAME_REGIME))} is empty)"
    )


def test_reading_is_pure(tmp_path: Path) -> None:
    """Reading a form, good or bad, writes nothing: the folder and the file stay as they were."""
    path = filled(tmp_path).save()
    before = path.read_bytes(), path.stat().st_mtime_ns
    read_form(path, BINHTHUAN)
    problems_of(path, itcriteria.get_regime("binhthuan-2020"))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir()] == ["form.xlsx"]


# --- CSV and JSON errors ----------------------------------------------------------------------------


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_of_a_csv_form_names_its_cell(tmp_path: Path) -> None:
    """Unknown keys and columns, a missing name, a bad number, an unknown criterion, a row given twice and
    a sub-criterion with no row: each at its cell (as a spreadsheet program numbers them), or at the file."""
    text = csv_text(SO_TTTT, BINHTHUAN, ",", comma=True).splitlines()
    assert text[8].startswith("criterion,") and text[9].startswith("1.1,")
    text[3] = "unit.ten,Sở Thông tin"  # was unit.name
    text[8] = "criterion,numerator,denominator,value,evidence,ghi chu"
    text[9] = '1.1,"4x,5",45,,BC-1.1'
    text = [line for line in text if not line.startswith("6.2,")]
    text += ["1.2,45,45,,", "9.9,,,1,"]
    path = write_csv(tmp_path / "form.csv", "\n".join(text) + "\n")
    problems = problems_of(path)
    found = [(p.where, p.criterion, p.field, p.message) for p in problems]
    keys = "regime, unit.id, unit.name, unit.group, unit.parent, period, submitted"
    title = BINHTHUAN.criterion("6.2").title.vi
    assert found == [
        (f"{path}!A4", None, None, f"unknown key 'unit.ten' (keys: {keys})"),
        (
            f"{path}!F9",
            None,
            None,
            "unknown column 'ghi chu' (columns: numerator, denominator, value, evidence, note)",
        ),
        (f"{path}!A28", "1.2", None, "criterion 1.2 has two rows"),
        (str(path), None, "unit.name", "required field unit.name missing"),
        (f"{path}!B10", "1.1", "numerator", "expected a number, got “4x,5”"),
        (str(path), "6.2", "numerator", f"missing answer (numerator and denominator) for “{title}”"),
        (f"{path}!A29", "9.9", "id", "regime binhthuan-2019 has no criterion '9.9'"),
    ]


def test_csv_layout_errors(tmp_path: Path) -> None:
    """A file not starting with key,value is one problem; a key given twice and a stray cell are named."""
    path = write_csv(tmp_path / "form.csv", "unit.id,so-tttt\n")
    (problem,) = problems_of(path)
    assert problem.message == "not an itcriteria CSV form: its first line must be key,value (or key;value)"
    lines = csv_text(SO_TTTT, BINHTHUAN, ";", comma=True).splitlines()
    lines.insert(2, "unit.id;so-tu-phap;extra")
    problems = problems_of(write_csv(tmp_path / "twice.csv", "\n".join(lines)))
    assert [(p.where, p.message) for p in problems] == [
        (f"{tmp_path / 'twice.csv'}!C3", "unexpected cell 'extra'"),
        (f"{tmp_path / 'twice.csv'}!A4", "unit.id is given twice"),
    ]
    lines = csv_text(SO_TTTT, BINHTHUAN, ",", comma=False).splitlines()
    lines[8] += ",value"
    lines.append("1,,,15,")
    problems = problems_of(write_csv(tmp_path / "parent.csv", "\n".join(lines)))
    assert [(p.where, p.criterion, p.message) for p in problems] == [
        (f"{tmp_path / 'parent.csv'}!F9", None, "column value is given twice"),
        (
            f"{tmp_path / 'parent.csv'}!A29",
            "1",
            "criterion 1 is scored by its sub-criteria (1.1, 1.2, 1.3, 1.4); answer those",
        ),
    ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("key,value\nunit.name,Sơn Hà\n".encode("cp1258"))
    (problem,) = problems_of(latin)
    assert problem.message == "not a UTF-8 CSV file: save it as CSV in UTF-8"


def test_csv_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    """A CSV saved where the decimal separator is a comma (semicolons between cells), every cell quoted,
    reads as the same form; its regime line, when given, must be this regime's."""
    text = csv_text(SO_TTTT, BINHTHUAN, ";", comma=True).replace("6.2;40;45", "6.2;40,0;45")
    text = "\n".join(";".join(f'"{cell}"' for cell in line.split(";")) for line in text.splitlines())
    form = read_form(write_csv(tmp_path / "form.csv", text), BINHTHUAN)
    assert form.answers["6.2"].numerator == D("40")
    (problem,) = problems_of(write_csv(tmp_path / "x.csv", text.replace("binhthuan-2019", "binhthuan-2018")))
    assert (problem.where, problem.field) == (f"{tmp_path / 'x.csv'}!B2", "regime")


def test_json_errors(tmp_path: Path) -> None:
    """Broken JSON and a list of forms are one problem; unknown fields, a decimal comma, an ambiguous
    number, a list as an answer and a wrong type are each named by their path in the file."""
    path = tmp_path / "form.json"
    path.write_text('{"unit": ', encoding="utf-8")
    (problem,) = problems_of(path)
    assert problem.message.startswith("not valid JSON: Expecting value: line 1 column 10")
    path.write_text('{"unit": ' + "9" * 5000 + "}", encoding="utf-8")
    (problem,) = problems_of(path)
    assert problem.message == "a number longer than 100 characters"
    path.write_text(json.dumps(EXAMPLES), encoding="utf-8")
    (problem,) = problems_of(path)
    assert problem.message == "expected one form (a JSON object), got a list of 8 items"
    form = json.loads(json.dumps(SO_TTTT))
    form["colour"] = "blue"
    form["unit"]["phone"] = "0252"
    form["answers"]["1.1"] = {"numerator": "44,0", "denominator": 45, "comment": "x"}
    form["answers"]["1.2"] = {"numerator": "1,234", "denominator": 2000}
    form["answers"]["1.4"] = [True]
    form["answers"]["2.6"] = {"value": "nhiều"}
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    problems = problems_of(path)
    assert [(p.where, p.criterion, p.field) for p in problems] == [
        (f"{path}!unit.phone", None, "unit.phone"),
        (f"{path}!colour", None, None),
        (f'{path}!answers["1.1"].comment', "1.1", "comment"),
        (f'{path}!answers["1.4"]', "1.4", "value"),
        (f'{path}!answers["1.2"].numerator', "1.2", "numerator"),
        (f'{path}!answers["2.6"].value', "2.6", "value"),
    ]
    messages = [p.message for p in problems]
    assert messages[:4] == ["unknown field"] * 3 + [
        "expected a value or an object with numerator/denominator/value"
    ]
    assert messages[4].startswith("“1,234” is ambiguous")
    assert messages[5] == "expected a number, got “nhiều”"
    path.write_text(json.dumps({**SO_TTTT, "regime": "binhthuan-2018"}), encoding="utf-8")
    (problem,) = problems_of(path)
    assert (problem.where, problem.field) == (f"{path}!regime", "regime")
    form["answers"] = {"1.1": {"numerator": "44,0", "denominator": 45}}
    form["unit"] = {"id": "so-tttt", "name": "Sở", "group": "so-nganh"}
    form["submitted"] = 43720
    del form["colour"]
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    problems = problems_of(path)
    assert (problems[0].where, problems[0].message) == (
        f"{path}!submitted",
        "expected a date, got the number 43720: write dd/mm/yyyy (or format the cell as a date)",
    )
    assert [p.criterion for p in problems[1:]] == [leaf.id for leaf in BINHTHUAN.leaves("so-nganh")][1:]


def test_json_numbers_are_exact(tmp_path: Path) -> None:
    """JSON numbers with a fraction and numeric text with a point or comma are Decimals, never binary
    floats; numeric text that reads as thousands to some and as a decimal to others ("1.830") is refused
    in JSON as in a spreadsheet, and a JSON number 1.830 is exact (issue 18)."""
    path = tmp_path / "form.json"
    form = {"unit": {"id": "u", "name": "U", "group": "so"}, "submitted": "12/09/2019"}
    answers = {"1.1": {"numerator": 1, "denominator": 2}, "1.2": 1, "2": True, "3": "du"}
    path.write_text(json.dumps({**form, "answers": {**answers, "1.3": "0,1"}}), encoding="utf-8")
    assert read_form(path, SMALL).answers["1.3"].value == D("0.1")
    text = json.dumps({**form, "answers": answers}).replace('"2": true', '"1.3": 1.830, "2": true')
    path.write_text(text, encoding="utf-8")
    value = read_form(path, SMALL).answers["1.3"].value
    assert value == D("1.830") and type(value) is Decimal
    path.write_text(json.dumps({**form, "answers": {**answers, "1.3": "1.830"}}), encoding="utf-8")
    (problem,) = problems_of(path, SMALL)
    assert (problem.criterion, problem.field) == ("1.3", "value")
    assert problem.message.startswith("“1.830” is ambiguous")


# --- Batches ----------------------------------------------------------------------------------------


def batch_folder(tmp_path: Path) -> list[Path]:
    """Two good forms (xlsx and json), one bad xlsx, one not a form, one second form of a unit."""
    good = filled(tmp_path).save().rename(tmp_path / "so-tttt.xlsx")
    json_form = tmp_path / "so-tu-phap.json"
    json_form.write_text(json.dumps(EXAMPLES[1], ensure_ascii=False), encoding="utf-8")
    bad = filled(tmp_path, EXAMPLES[2])
    bad.input("1.1", "numerator").value = "?"
    bad_path = bad.save().rename(tmp_path / "bql-kcn.xlsx")
    junk = tmp_path / "notes.csv"
    junk.write_text("hello\n", encoding="utf-8")
    again = tmp_path / "so-tttt-again.json"
    again.write_text(json.dumps(SO_TTTT, ensure_ascii=False), encoding="utf-8")
    return [good, json_form, bad_path, junk, again]


def test_a_batch_reports_every_bad_form(tmp_path: Path) -> None:
    """One error lists the problems of every bad form, each naming its file; a unit's second form is one
    of them."""
    paths = batch_folder(tmp_path)
    with pytest.raises(SubmissionError) as excinfo:
        read_forms(paths, BINHTHUAN)
    error = excinfo.value
    assert error.subject == "batch of 5 forms under binhthuan-2019 (3 not read)"
    assert [p.where.split("!")[0] for p in error.problems] == [str(paths[2]), str(paths[3]), str(paths[4])]
    assert error.problems[2].message == f"a second form from unit so-tttt (the first is {paths[0]})"
    assert error.problems[2].where == f"{paths[4]}!unit.id"


def test_skip_invalid_keeps_the_good_forms(tmp_path: Path) -> None:
    """With ``skip_invalid`` the good forms come back in order with their files, and each skipped file
    with its problems; the good ones score."""
    paths = batch_folder(tmp_path)
    batch = read_forms(iter(paths), BINHTHUAN, skip_invalid=True)
    assert isinstance(batch, FormBatch)
    assert [f.unit.id for f in batch.forms] == ["so-tttt", "so-tu-phap"]
    assert batch.paths == (paths[0], paths[1])
    assert [s.path for s in batch.skipped] == [paths[2], paths[3], paths[4]]
    assert str(batch.skipped[3 - 1]).startswith(
        f"{paths[4]}: 1 problem:\n  - {paths[4]}!unit.id: a second form"
    )
    (bad,) = batch.skipped[0].problems
    assert (bad.criterion, bad.field, bad.message) == ("1.1", "numerator", "expected a number, got “?”")
    assert len(BINHTHUAN.score_all(batch.forms)) == 2
    assert read_forms([], BINHTHUAN) == FormBatch((), (), ())
