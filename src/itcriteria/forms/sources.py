"""Filled forms as files: what an Excel, CSV or JSON form holds, each value with the place it came from.

A reader here knows its file format, not the regime: it returns a :class:`RawForm` of cells as given
(``form.xlsx!Phiếu!H24``, ``form.csv!B3``, ``form.json!answers["1.1"].numerator``) and the problems of
the layout itself (an unknown key, a row given twice). :mod:`itcriteria._form_reading` checks the
values against the regime. A file that is not a form at all (not a workbook, not an itcriteria
template, a template version this itcriteria does not know, not JSON) raises a
:class:`~itcriteria.exceptions.SubmissionError` with that one problem.

The CSV layout (UTF-8, with or without a byte-order mark; comma-separated, or semicolon-separated as
spreadsheet programs save CSV where the decimal separator is a comma)::

    key,value
    regime,binhthuan-2019
    unit.id,so-tttt
    unit.name,Sở Thông tin và Truyền thông
    unit.group,so-nganh
    unit.parent,
    period,2019
    submitted,12/09/2019

    criterion,numerator,denominator,value,evidence,note
    1.1,45,45,,Báo cáo số 12/BC-STTTT,
    1.4,,,Có,,
    3.1,,,Đầy đủ,,
    6.2,"40,5",45,,,

The first line is ``key,value``; ``unit.id``, ``unit.name``, ``unit.group`` and ``submitted`` are
required, ``regime`` (checked when given), ``unit.parent`` and ``period`` optional. The answer table
starts at the row whose first cell is ``criterion``; after it come any of ``numerator``,
``denominator``, ``value``, ``evidence`` and ``note`` in any order. Blank rows are skipped; rows are
numbered as a spreadsheet program shows them, so a problem names the cell (``form.csv!C12``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._core import RefusedInput, csv_row_problem, json_decimal, json_limits_problem, limits, read_bounded
from ..exceptions import Problem, SubmissionError
from .layout import ANSWER_FIELDS, UNIT_FIELDS

FIELDS = tuple(ANSWER_FIELDS)  # numerator, denominator, value, evidence, note
HEADER_FIELDS = (
    "regime",
    *UNIT_FIELDS,
)  # regime, unit.id, unit.name, unit.group, unit.parent, period, submitted


@attrs.frozen
class Cell:
    """A value as the file gives it, and where it is (``form.xlsx!Phiếu!H24``)."""

    value: object
    where: str


@attrs.frozen
class RawForm:
    """A form's cells before they are checked against a regime.

    ``fields`` holds the header (``regime``, ``unit.id`` … ``submitted``); ``answers`` each criterion's
    cells by field, blank ones included when the file has a place for them; ``rows`` where each
    criterion is; ``absent`` where to report a criterion the file has no place for (``{id}`` stands for
    its id); ``problems`` the defects of the layout found while reading.
    """

    source: str
    fields: Mapping[str, Cell]
    answers: Mapping[str, Mapping[str, Cell]]
    rows: Mapping[str, str]
    absent: str
    problems: tuple[Problem, ...] = ()

    def absent_where(self, criterion: str) -> str:
        """Where a criterion without a place in the file is reported."""
        return self.absent.replace("{id}", criterion)


def not_a_form(source: str, message: str) -> SubmissionError:
    """The error of a file that is not a form: one problem naming the file."""
    return SubmissionError(source, [Problem(source, message)])


def reason(error: BaseException) -> str:
    """Why reading failed, as a short phrase: the system's words for an OSError, else the message."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def column_letter(column: int) -> str:
    """The letters of a 1-based column number (1 → A, 28 → AB)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- CSV ------------------------------------------------------------------------------------------


def read_csv(path: Path, source: str) -> RawForm:
    """The cells of a CSV form in the layout of the module docstring."""
    text = _text(path, source, "CSV")
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().replace('"', "")
    delimiter = next((d for d in ",;\t" if first.lower().startswith(f"key{d}")), None)
    if delimiter is None:
        raise not_a_form(
            source, "not an itcriteria CSV form: its first line must be key,value (or key;value)"
        )
    records = _records(text.lstrip("\ufeff"), delimiter, source)
    problems: list[Problem] = []
    fields: dict[str, Cell] = {}
    answers: dict[str, dict[str, Cell]] = {}
    rows: dict[str, str] = {}
    header: dict[int, str] | None = None

    def where(row: int, column: int) -> str:
        return f"{source}!{column_letter(column + 1)}{row}"

    for row, record in _numbered(records):
        cells = [cell.strip() for cell in record]
        if row == 1:
            continue
        if header is None and cells[0].lower() == "criterion":
            header = _csv_header(cells, row, where, problems)
            continue
        width = 2 if header is None else len(cells)
        for column in range(width, len(cells)):
            if cells[column] and (header is None or column not in header):
                problems.append(Problem(where(row, column), f"unexpected cell {cells[column]!r}"))
        if header is None:
            key, value = cells[0].lower(), cells[1] if len(cells) > 1 else ""
            if key not in HEADER_FIELDS:
                known = ", ".join(HEADER_FIELDS)
                problems.append(Problem(where(row, 0), f"unknown key {key!r} (keys: {known})"))
            elif key in fields:
                problems.append(Problem(where(row, 0), f"{key} is given twice", field=key))
            else:
                fields[key] = Cell(value, where(row, 1))
            continue
        cid = cells[0]
        if cid in answers:
            problems.append(Problem(where(row, 0), f"criterion {cid} has two rows", cid))
            continue
        rows[cid] = where(row, 0)
        answers[cid] = {
            field: Cell(cells[column] if column < len(cells) else "", where(row, column))
            for column, field in header.items()
        }
    return RawForm(source, fields, answers, rows, source, tuple(problems))


def _records(text: str, delimiter: str, source: str) -> list[list[str]]:
    """The CSV records, each field and row within the limits."""
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            problem = csv_row_problem(record)
            if problem:
                raise not_a_form(source, f"row {len(records) + 1}: {problem}")
            records.append(record)
    except csv.Error as error:  # a field over the csv module's own limit
        raise not_a_form(source, f"not a readable CSV file: {error}") from None
    return records


def _numbered(records: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with their row number as a spreadsheet program shows it."""
    for row, record in enumerate(records, start=1):
        if any(cell.strip() for cell in record):
            yield row, record


def _csv_header(cells: list[str], row: int, where: Any, problems: list[Problem]) -> dict[int, str]:
    header: dict[int, str] = {}
    for column, name in enumerate(cells[1:], start=1):
        name = name.lower()
        if not name:
            continue
        if name not in FIELDS:
            problems.append(
                Problem(where(row, column), f"unknown column {name!r} (columns: {', '.join(FIELDS)})")
            )
        elif name in header.values():
            problems.append(Problem(where(row, column), f"column {name} is given twice"))
        else:
            header[column] = name
    return header


def form_bytes(path: Path, source: str) -> bytes:
    try:
        return read_bounded(path, limit=limits.MAX_FORM_BYTES, shown=source)
    except RefusedInput as error:
        raise not_a_form(source, str(error).removeprefix(f"{source}: ")) from None


def _text(path: Path, source: str, kind: str) -> str:
    data = form_bytes(path, source)
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise not_a_form(source, f"not a UTF-8 {kind} file: save it as {kind} in UTF-8") from None


# --- JSON -----------------------------------------------------------------------------------------

_UNIT_KEYS = ("id", "name", "group", "parent")


def load_json(text: str, source: str) -> Any:
    """JSON read exactly (fractions as Decimal) and within the depth and number-length limits."""
    problem = json_limits_problem(text)
    if problem:
        raise not_a_form(source, problem)
    try:
        return json.loads(text, parse_float=json_decimal, parse_int=int)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, and integers too long to read
        raise not_a_form(source, f"not valid JSON: {error}") from None


def read_json(path: Path, source: str) -> RawForm:
    """The values of a form in the submission JSON shape (``itcriteria.submission_schema()``).

    Numbers are read exactly: JSON numbers with a fraction become Decimals, never floats.
    """
    data = load_json(_text(path, source, "JSON").lstrip("\ufeff"), source)
    if not isinstance(data, dict):
        what = f"a list of {len(data)} items" if isinstance(data, list) else type(data).__name__
        raise not_a_form(source, f"expected one form (a JSON object), got {what}")
    problems: list[Problem] = []
    fields: dict[str, Cell] = {}
    for key, value in data.items():
        if key == "unit":
            fields.update(_json_unit(source, value, problems))
        elif key in ("regime", "period", "submitted"):
            fields[key] = Cell(value, f"{source}!{key}")
        elif key != "answers":
            problems.append(Problem(f"{source}!{key}", "unknown field"))
    if "unit" not in data:
        problems.append(Problem(f"{source}!unit", "required field missing", field="unit"))
    answers: dict[str, dict[str, Cell]] = {}
    rows: dict[str, str] = {}
    given = data.get("answers", {})
    if not isinstance(given, dict):
        problems.append(Problem(f"{source}!answers", "expected an object of answers keyed by criterion id"))
        given = {}
    for cid, answer in given.items():
        at = f'{source}!answers["{cid}"]'
        rows[cid] = at
        if isinstance(answer, dict):
            answers[cid] = {}
            for field, value in answer.items():
                if field in FIELDS:
                    answers[cid][field] = Cell(value, f"{at}.{field}")
                else:
                    problems.append(Problem(f"{at}.{field}", "unknown field", cid, field))
        elif answer is None or isinstance(answer, list):
            message = "expected a value or an object with numerator/denominator/value"
            problems.append(Problem(at, message, cid, "value"))
        else:
            answers[cid] = {"value": Cell(answer, at)}  # shorthand for {"value": ...}
    absent = f'{source}!answers["{{id}}"]'
    return RawForm(source, fields, answers, rows, absent, tuple(problems))


def _json_unit(source: str, unit: object, problems: list[Problem]) -> dict[str, Cell]:
    if not isinstance(unit, dict):
        problems.append(Problem(f"{source}!unit", "expected an object with id, name and group", field="unit"))
        return {}
    for key in unit:
        if key not in _UNIT_KEYS:
            problems.append(Problem(f"{source}!unit.{key}", "unknown field", field=f"unit.{key}"))
    return {f"unit.{key}": Cell(unit[key], f"{source}!unit.{key}") for key in _UNIT_KEYS if key in unit}
