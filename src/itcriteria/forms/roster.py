"""Reading a round's roster of units from a spreadsheet: CSV or the first sheet of an xlsx workbook.

The first non-blank row names the columns, in English or in Vietnamese, in any order and case:
``id`` (``Mã``, ``Mã đơn vị``), ``name`` (``Tên``, ``Tên đơn vị``), ``group`` (``Nhóm``, ``Nhóm đơn
vị``) and, for units ranked within a parent, ``parent`` (``Đơn vị cấp trên``, ``Mã đơn vị cấp trên``).
Other columns (notes, contacts) are left alone. A group is given by its id or its title. Every
problem of the file is reported at once, at its cell (``roster.xlsx!Sheet1!A7``, ``roster.csv!C3``).
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

from .._core import (
    RefusedInput,
    csv_row_problem,
    id_problem,
    limits,
    read_bounded,
    restore_cell,
    text_problem,
)
from ..exceptions import Problem, SubmissionError
from ..model import Unit
from ..regimes import Regime
from .sources import column_letter
from .xlsx import _DAMAGED, _check_archive

#: The column names a roster may use for each field (compared case-insensitively).
ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "mã", "mã đơn vị"),
    "name": ("name", "tên", "tên đơn vị"),
    "group": ("group", "nhóm", "nhóm đơn vị"),
    "parent": ("parent", "đơn vị cấp trên", "mã đơn vị cấp trên"),
}
_BY_HEADER = {
    unicodedata.normalize("NFC", header): field for field, names in ROSTER_COLUMNS.items() for header in names
}


def read_roster(
    path: str | os.PathLike[str], regime: Regime | None = None, *, shown: str | None = None
) -> tuple[Unit, ...]:
    """The units of a roster file (``.csv`` or ``.xlsx``), in file order.

    With ``regime`` a group may be given by its title (Vietnamese or English) as well as its id, and an
    unknown group is a problem. Raises :class:`~itcriteria.SubmissionError` listing every problem of
    the file. ``shown`` names the file in messages (default: ``path``).
    """
    file = Path(path)
    source = shown if shown is not None else os.fspath(path)
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _not_a_roster(source, "a roster is a .csv or .xlsx file")
    try:
        data = read_bounded(file, limit=limits.MAX_FORM_BYTES, shown=source)
    except RefusedInput as error:
        raise _not_a_roster(source, str(error).removeprefix(f"{source}: ")) from None
    rows = _xlsx_rows(data, source) if suffix == ".xlsx" else _csv_rows(data, source)
    return _units(rows, regime, source)


#: A row of the file: its number as a spreadsheet shows it, the cells, and how a cell is named.
_Row = tuple[int, Sequence[object], str]


def _not_a_roster(source: str, message: str) -> SubmissionError:
    return SubmissionError(source, [Problem(source, f"not a roster: {message}")])


def _csv_rows(data: bytes, source: str) -> list[_Row]:
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _not_a_roster(source, "not UTF-8 text; save it as CSV in UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows: list[_Row] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            problem = csv_row_problem(record)
            if problem:
                raise _not_a_roster(source, f"row {number}: {problem}")
            rows.append((number, record, f"{source}!{{column}}{number}"))
    except csv.Error as error:
        raise _not_a_roster(source, f"not a readable CSV file: {error}") from None
    return rows


def _xlsx_rows(data: bytes, source: str) -> list[_Row]:
    import openpyxl

    archive = io.BytesIO(data)
    try:
        with zipfile.ZipFile(archive) as unread:
            _check_archive(unread, source)  # a zip bomb refused from its directory, before openpyxl
    except _DAMAGED as error:
        raise _not_a_roster(source, f"not a readable Excel workbook: {type(error).__name__}") from None
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\b")
            workbook = openpyxl.load_workbook(archive, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows: list[_Row] = [
                (number, cells, f"{source}!{sheet.title}!{{column}}{number}")
                for number, cells in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
        finally:
            workbook.close()
    except _DAMAGED as error:
        raise _not_a_roster(source, f"not a readable Excel workbook: {type(error).__name__}") from None
    return rows


def _units(rows: list[_Row], regime: Regime | None, source: str) -> tuple[Unit, ...]:
    problems: list[Problem] = []
    filled = [(number, cells, where) for number, cells, where in rows if any(_text(c) for c in cells)]
    if not filled:
        raise _not_a_roster(source, "the file has no rows")
    number, header, where = filled[0]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _BY_HEADER.get(unicodedata.normalize("NFC", _text(cell).casefold()))
        if field is not None and field in columns:
            cell_at = where.format(column=column_letter(index + 1))
            problems.append(Problem(cell_at, f"column {field} is given twice", field=field))
        elif field is not None:
            columns[field] = index
    absent = [field for field in ("id", "name", "group") if field not in columns]
    if absent:
        names = "; ".join(f"{field}: {' / '.join(ROSTER_COLUMNS[field])}" for field in absent)
        problems.append(Problem(where.format(column="A"), f"row {number} has no column {names}"))
        raise SubmissionError(f"roster {source}", problems)
    units: list[Unit] = []
    first: dict[str, str] = {}
    for _number, cells, where in filled[1:]:
        values = {field: _text(cells[i]) if i < len(cells) else "" for field, i in columns.items()}

        def at(field: str, where: str = where) -> str:
            return where.format(column=column_letter(columns[field] + 1))

        found = len(problems)
        for field in ("id", "name", "group"):
            if not values[field]:
                problems.append(Problem(at(field), f"the unit's {field} is empty", field=field))
        for field, value in values.items():
            if not value:
                continue
            if field in ("id", "parent"):
                problem = id_problem(value, "unit id" if field == "id" else "parent unit id")
            else:
                problem = text_problem(value, f"unit {field}")
            if problem:
                problems.append(Problem(at(field), problem, field=field))
        if values["group"]:
            values["group"] = _group(values["group"], regime, at("group"), problems)
        if len(problems) > found:
            continue
        unit = Unit(values["id"], values["name"], values["group"], values.get("parent") or None)
        if unit.id in first:
            message = f"unit {unit.id} is listed twice (first at {first[unit.id]})"
            problems.append(Problem(at("id"), message, field="id"))
            continue
        first[unit.id] = at("id")
        units.append(unit)
    if problems:
        raise SubmissionError(f"roster {source}", problems)
    return tuple(units)


def _group(value: str, regime: Regime | None, where: str, problems: list[Problem]) -> str:
    """The group id of a cell giving the group's id or title."""
    if regime is None:
        return value
    wanted = unicodedata.normalize("NFC", value).casefold()
    for group in regime.groups:
        names = (group.id, group.title.vi, group.title.en)
        if wanted in (unicodedata.normalize("NFC", name).casefold() for name in names if name):
            return group.id
    known = ", ".join(group.id for group in regime.groups)
    problems.append(Problem(where, f"unknown unit group {value!r} (groups: {known})", field="group"))
    return value


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return restore_cell(str(cell).strip())
