"""Filled xlsx forms read with python-calamine: cell values as openpyxl reads them, error cells as their
text, and a sheet spanning too many cells refused before the dense read."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from filling import Sheet, fill, first

import itcriteria
from itcriteria.forms import xlsx
from itcriteria.forms.template import write_template

FORMS = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
BINHTHUAN = itcriteria.get_regime("binhthuan-2019")
SO_TTTT = json.loads(FORMS.read_text(encoding="utf-8"))[0]
SHEET = "xl/worksheets/sheet1.xml"


def filled(folder: Path) -> Sheet:
    """The Bình Thuận 2019 template of every group, filled with the first example form."""
    path = write_template(BINHTHUAN, folder / "form.xlsx")
    sheet = Sheet(path)
    fill(sheet, BINHTHUAN, SO_TTTT, "vi", first, fixed=False)
    return sheet


def rewritten(path: Path, change: Any) -> Path:
    """``path`` with its form sheet's XML passed through ``change``."""
    parts = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in parts.infolist():
            data = parts.read(info)
            target.writestr(info.filename, change(data) if info.filename == SHEET else data)
    path.write_bytes(out.getvalue())
    return path


def only_problem(path: Path) -> itcriteria.Problem:
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.read_form(path, BINHTHUAN)
    (problem,) = caught.value.problems
    return problem


def test_cell_values_are_what_openpyxl_reads(tmp_path: Path) -> None:
    """Every cell of a filled form (whole and fractional numbers, dates, datetimes, times, yes/no cells,
    text with line breaks, text that looks like a formula, error cells, emptied cells) reads as openpyxl
    reads it, so the checks downstream see what they always saw; a whole number openpyxl gave as a
    float (written ``1e+20``) is the exact int of the same number."""
    sheet = filled(tmp_path)
    values: dict[tuple[str, str], object] = {
        ("1.1", "numerator"): 45.0,
        ("1.1", "denominator"): 45,
        ("1.2", "numerator"): 0.1,
        ("1.2", "denominator"): -3,
        ("1.3", "numerator"): 1e20,
        ("1.3", "denominator"): "#DIV/0!",
        ("1.4", "value"): True,
        ("2.1", "numerator"): dt.datetime(2019, 9, 14, 16, 30),
        ("2.1", "denominator"): dt.date(2019, 9, 12),
        ("2.2", "numerator"): dt.time(10, 30),
        ("2.2", "denominator"): "#N/A",
        ("2.3", "numerator"): None,
        ("2.3", "evidence"): "dòng 1\ndòng 2",
        ("2.5", "evidence"): '=HYPERLINK("http://x","y")',
    }
    for (cid, field), value in values.items():
        cell = sheet.input(cid, field)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, as the template writes such text: never a formula
    path = sheet.save()
    raw = xlsx.read_xlsx(path, str(path))
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    grid = list(workbook[sheet.sheet.title].iter_rows(values_only=True))
    compared = 0
    for cells in [raw.fields, *raw.answers.values()]:
        for cell in cells.values():
            reference = cell.where.rsplit("!", 1)[1]
            column, row = openpyxl.utils.cell.coordinate_from_string(reference)
            expected = grid[row - 1][openpyxl.utils.column_index_from_string(column) - 1]
            if isinstance(expected, float) and expected.is_integer():
                expected = int(expected)
            assert (type(cell.value), cell.value) == (type(expected), expected), cell.where
            compared += 1
    assert compared > 100
    assert raw.answers["1.3"]["numerator"].value == 10**20
    assert raw.answers["1.3"]["denominator"].value == "#DIV/0!"
    assert raw.answers["2.5"]["evidence"].value == '=HYPERLINK("http://x","y")'


def test_an_error_cell_is_refused_by_its_text(tmp_path: Path) -> None:
    """A formula that failed (#DIV/0!) where a number belongs is refused naming the error, not as missing."""
    sheet = filled(tmp_path)
    cell = sheet.input("1.1", "numerator")
    cell.value = "#DIV/0!"  # openpyxl writes an error cell
    problem = only_problem(sheet.save())
    assert (problem.where, problem.criterion, problem.field) == (sheet.where(cell), "1.1", "numerator")
    assert problem.message == "expected a number, got “#DIV/0!”"


def test_cells_far_apart_are_refused_before_the_dense_read(tmp_path: Path) -> None:
    """A few kilobytes with a cell at XFD1048576, or a cell without a reference on the last row, would
    make the reader allocate the whole grid: the sheet's span is counted first and refused at once."""
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    path = rewritten(filled(tmp_path).save(), lambda xml: xml.replace(b"</sheetData>", far))
    assert path.stat().st_size < 20_000
    started = time.process_time()
    problem = only_problem(path)
    assert time.process_time() - started < 5
    assert problem.message == (
        "the sheet 'Phiếu' spans 1,048,576 rows by 16,384 columns, over the limit of 1,000,000 cells"
    )
    unplaced = b'<row r="1048576"><c t="n"><v>1</v></c></row></sheetData>'  # placed by the row alone
    path = rewritten(filled(tmp_path).save(), lambda xml: xml.replace(b"</sheetData>", unplaced))
    assert re.fullmatch(
        r"the sheet 'Phiếu' spans 1,048,576 rows by \d+ columns, .*", only_problem(path).message
    )


def test_the_quick_measure_of_a_sheet_agrees_with_parsing_it(tmp_path: Path) -> None:
    """The extent measured from the bytes of a sheet equals the one parsing finds; a sheet the quick
    measure cannot vouch for (namespace prefixes, comments, cells without a reference) is parsed."""
    xml = zipfile.ZipFile(filled(tmp_path).save()).read(SHEET)
    rows, columns, errors = xlsx._extent_and_errors(xml)
    assert (rows, columns, errors) == xlsx._parsed_extent(xml) and rows > 30 and columns == 12
    prefixed = re.sub(rb"<(/?)(row|c|v|sheetData)\b", rb"<\1x:\2", xml).replace(
        b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ', 1
    )
    assert xlsx._extent_and_errors(prefixed) == (rows, columns, {})
    hidden = xml.replace(b"</sheetData>", b'<!-- <c r="XFD1"/> --><row><c/><c/></row></sheetData>')
    assert xlsx._extent_and_errors(hidden) == (rows + 1, columns, {})


def test_a_workbook_with_ambiguous_parts_or_a_dtd_is_not_a_form(tmp_path: Path) -> None:
    """Two parts whose names differ only in case, a workbook part declaring a DTD (where entities would
    be), shared strings declaring billions of texts (the reader would reserve room for them all), data
    before the archive and another kind of workbook's parts are refused before any cell is read."""
    path = filled(tmp_path).save()
    data = path.read_bytes()
    doubled = tmp_path / "doubled.xlsx"
    doubled.write_bytes(data)
    with zipfile.ZipFile(doubled, "a") as archive:
        archive.writestr(SHEET.upper(), b"<worksheet/>")
    assert "two parts are named" in only_problem(doubled).message
    entity = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>'
    dtd = tmp_path / "dtd.xlsx"
    parts = zipfile.ZipFile(path)
    with zipfile.ZipFile(dtd, "w") as target:
        for info in parts.infolist():
            content = parts.read(info)
            if info.filename == "xl/workbook.xml":
                content = entity + content.split(b"?>", 1)[-1]
            target.writestr(info.filename, content)
    assert "document type" in only_problem(dtd).message
    strings = tmp_path / "strings.xlsx"
    strings.write_bytes(data)
    huge = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    huge += b'uniqueCount="99999999999999"/>'
    with zipfile.ZipFile(strings, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", huge)
    assert only_problem(strings).message.endswith(
        "99,999,999,999,999 distinct texts, over the limit of 1,000,000"
    )
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508 + data)
    assert only_problem(prefixed).message.endswith("the archive does not start with a part")
    binary = tmp_path / "binary.xlsx"
    binary.write_bytes(data)
    with zipfile.ZipFile(binary, "a") as archive:
        archive.writestr("xl/workbook.bin", b"")
    assert "another kind of workbook" in only_problem(binary).message


def test_a_zip_of_a_version_zipfile_cannot_read_is_not_a_form(tmp_path: Path) -> None:
    """A workbook whose directory asks for a zip version the standard library cannot extract is
    refused as not a workbook, not a NotImplementedError (a crash the fuzz harness found)."""
    data = bytearray(filled(tmp_path).save().read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first entry of the central directory
    data[entry + 6 : entry + 8] = (102).to_bytes(2, "little")  # version needed to extract: 10.2
    odd = tmp_path / "odd.xlsx"
    odd.write_bytes(bytes(data))
    assert "not an Excel workbook (.xlsx)" in only_problem(odd).message
