"""Totals computed elsewhere, read from a CSV file, for :func:`itcriteria.rank`
(``itcriteria rank --totals FILE.csv --policy NAME``); a results CSV itcriteria wrote reads back too."""

from __future__ import annotations

import csv
import datetime as dt
import os
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .._core import (
    ZERO,
    RefusedInput,
    answer_number,
    csv_row_problem,
    limits,
    parse_date,
    read_bounded,
    restore_cell,
)
from ..exceptions import Problem, SubmissionError
from ..regimes import Regime
from .labels import label


def _heading(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip()).casefold()


#: Columns every totals file has, and the ones it may have.
REQUIRED = ("unit", "group", "total")
OPTIONAL = ("name", "max", "parent", "submitted", "reason")

#: The label of each column's heading in a results CSV (``Mã đơn vị``, ``Unit id``).
_LABELS = {
    **{key: key for key in ("unit", "total", "name", "max", "reason", "rank", "percent", "band", "status")},
    "group": "group_id",
    "group_title": "group",
    "parent": "within",
    "submitted": "sent",
}
#: Every heading a column may have (compared case-insensitively): its id, its heading in a results CSV
#: in Vietnamese and English, and a roster's Vietnamese names. The results CSV's rank, percent, class
#: and status are left alone (ranking works them out again); ``group_title`` gives the group when no
#: column gives its id.
COLUMNS: dict[str, tuple[str, ...]] = {
    column: (column, label(key, "vi"), label(key, "en")) for column, key in _LABELS.items()
}
COLUMNS["unit"] += ("mã",)
COLUMNS["group_title"] += ("nhóm",)
COLUMNS["parent"] += ("within", "đơn vị cấp trên", "mã đơn vị cấp trên")
_BY_HEADING = {_heading(name): column for column, names in COLUMNS.items() for name in names}


def read_totals(path: str | os.PathLike[str], *, regime: Regime | None = None) -> list[dict[str, Any]]:
    """Read units' totals from a CSV file, as entries for :func:`itcriteria.rank`.

    The first line names the columns, in any order (case and spaces around names ignored):
    ``unit``, ``group`` and ``total``, and optionally ``name``, ``max``, ``parent`` (the parent
    unit, for groups ranked within parents), ``submitted`` (dd/mm/yyyy or ISO, for the
    ``submitted`` tie-break) and ``reason`` (why a unit with an empty total, not evaluated, is
    listed but not ranked; a unit with a total gets its reason from the regime).

    The headings of a results CSV, in Vietnamese or English, name the same columns (``Mã đơn
    vị``/``Unit id``, ``Mã nhóm``/``Group id``, ``Tổng điểm``/``Total``, ``Tên đơn vị``/``Unit
    name``, ``Điểm tối đa``/``Max``, ``Trực thuộc``/``Within``, ``Ngày gửi``/``Sent on``, ``Lý do
    không xếp hạng``/``Why not ranked``), so such a file reads back; its rank, percent, class and
    status are left alone (ranking works them out again). Without a group id column, ``Nhóm đơn
    vị`` (``Unit group``) gives the group by its id, or with ``regime`` by its title.

    Cells are separated by ``;`` when the first line has one, by ``,`` otherwise. Numbers take a
    decimal point or a decimal comma (``61.04`` or ``61,04``; with ``,`` between cells a decimal
    comma must be in quotes), no thousands separators. The file is UTF-8, with or without a
    byte-order mark; blank lines are skipped.

    Each entry has ``unit``, ``group`` and ``total`` (a Decimal), and whichever of ``name``,
    ``max`` (a Decimal), ``parent`` and ``submitted`` (a date) the line fills in. With ``regime``
    the groups are checked against it here, where the line can be named.

    Raises SubmissionError listing every problem of the file at once, each naming the file, the
    line and the column, also when the file is not a regular file or is over the size limit; OSError
    when it cannot be found.
    """
    file = Path(path)
    file.stat()  # a file that is not there is an OSError, as the command line reports it
    try:
        raw = read_bounded(file, limit=limits.MAX_TOTALS_BYTES)
    except RefusedInput as err:
        raise SubmissionError(str(file), [Problem(str(file), str(err).removeprefix(f"{file}: "))]) from None
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = "not UTF-8 text; save the file as CSV UTF-8"
        raise SubmissionError(str(file), [Problem(f"{file} line {line}", message)]) from None
    lines = text.splitlines(keepends=True)
    header_line = next((line for line in lines if line.strip()), None)
    if header_line is None:
        message = f"the file is empty; its first line names the columns: {', '.join(REQUIRED)}"
        raise SubmissionError(str(file), [Problem(f"{file} line 1", message)])
    delimiter = ";" if ";" in header_line else ","
    reader = csv.reader(lines, delimiter=delimiter)
    columns: list[str] = []
    headings: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for cells in _bounded(reader, file):
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if not columns:
            columns = _header(cells, file, line, problems)
            headings = {column: cell.strip() for column, cell in zip(columns, cells, strict=True)}
            continue
        entry = _entry(cells, columns, _Where(file, line, delimiter, headings), regime, problems)
        if entry is None:
            continue
        unit = entry["unit"]
        if unit in seen:
            message = f"unit {unit} is listed twice (first on line {seen[unit]})"
            problems.append(Problem(f"{file} line {line}, column unit", message, field="unit"))
        else:
            seen[unit] = line
        entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(f"{file} line 2", "no units: the file has only its first line"))
    if problems:
        raise SubmissionError(str(file), problems)
    return entries


def _header(cells: list[str], file: Path, line: int, problems: list[Problem]) -> list[str]:
    """The column of each heading (its id); an unknown heading keeps its own text."""
    columns = [_BY_HEADING.get(_heading(cell), cell.strip().lower()) for cell in cells]
    known = (*REQUIRED, *OPTIONAL)
    for index, name in enumerate(columns):
        where = f"{file} line {line}, column {index + 1}"
        if name not in COLUMNS:
            message = f"unknown column {cells[index].strip()!r}; the columns are {', '.join(known)}"
            problems.append(Problem(where, message, field=name or None))
        elif columns.index(name) != index:
            problems.append(Problem(where, f"column {name} is named twice", field=name))
    for name in REQUIRED:
        if name not in columns and not (name == "group" and "group_title" in columns):
            problems.append(
                Problem(f"{file} line {line}, column {name}", "required column missing", field=name)
            )
    return columns


def _bounded(reader: Any, file: Path) -> Any:
    """The rows of ``reader``, each within the CSV limits (field size, column count)."""
    try:
        for cells in reader:
            problem = csv_row_problem(cells)
            if problem:
                raise SubmissionError(str(file), [Problem(f"{file} line {reader.line_num}", problem)])
            yield cells
    except csv.Error as err:  # a field over the csv module's own limit
        raise SubmissionError(str(file), [Problem(f"{file} line {reader.line_num}", str(err))]) from None


@attrs.frozen
class _Where:
    """Names a cell of the file: the file, the line and the column."""

    file: Path
    line: int
    delimiter: str
    headings: Mapping[str, str]

    def __call__(self, column: str) -> str:
        """The cell of ``column`` (an id), named by the heading the file gives it."""
        return f"{self.file} line {self.line}, column {self.headings.get(column, column)}"


def _entry(
    cells: list[str], columns: list[str], where: _Where, regime: Regime | None, problems: list[Problem]
) -> dict[str, Any] | None:
    before = len(problems)
    if len(cells) != len(columns):
        column = columns[len(cells)] if len(cells) < len(columns) else str(len(columns) + 1)
        message = f"{len(cells)} cells where the first line names {len(columns)} columns"
        if where.delimiter == "," and len(cells) > len(columns):
            message += " (a decimal comma needs ';' between cells, or the number in quotes)"
        problems.append(Problem(where(column), message, field=column))
        return None
    # a results CSV written by itcriteria reads back as written: its text cells are neutralised
    values = {name: restore_cell(cell.strip()) for name, cell in zip(columns, cells, strict=True)}
    if "group" not in values and "group_title" in values:  # a group by its title, or its id
        values["group"] = _group_of_title(values.pop("group_title"), regime)
        where = attrs.evolve(where, headings={**where.headings, "group": where.headings["group_title"]})
    entry: dict[str, Any] = {}
    for name in ("unit", "group"):
        if name in values and not values[name]:
            problems.append(Problem(where(name), "empty; every line needs it", field=name))
        elif name in values:
            entry[name] = values[name]
    group = entry.get("group")
    if regime is not None and group is not None and not any(g.id == group for g in regime.groups):
        known = ", ".join(g.id for g in regime.groups)
        message = f"unknown unit group {group!r} of {regime.id} (groups: {known})"
        problems.append(Problem(where("group"), message, field="group"))
    reason = values.get("reason") if not values.get("total") else None  # only a unit without a total
    total = _number(values, "total", where, problems, required=not reason)
    maximum = _number(values, "max", where, problems)
    if total is not None and total < ZERO:
        problems.append(Problem(where("total"), f"a total cannot be negative, got {total}", field="total"))
    if maximum is not None and maximum <= ZERO:
        problems.append(Problem(where("max"), f"the maximum must be above 0, got {maximum}", field="max"))
    elif maximum is not None and total is not None and total > maximum:
        message = f"total {total} is more than the maximum {maximum}"
        problems.append(Problem(where("total"), message, field="total"))
    submitted = _date(values, where, problems)
    if len(problems) > before:
        return None
    if total is not None:
        entry["total"] = total
    if reason:
        entry["reason"] = reason
    for name, value in (("name", values.get("name")), ("parent", values.get("parent"))):
        if value:
            entry[name] = value
    if maximum is not None:
        entry["max"] = maximum
    if submitted is not None:
        entry["submitted"] = submitted
    return entry


def _group_of_title(value: str, regime: Regime | None) -> str:
    """The id of the regime's group whose id or title ``value`` is; ``value`` itself otherwise (then
    checked as an id)."""
    wanted = _heading(value)
    for group in regime.groups if regime is not None else ():
        if wanted in (_heading(name) for name in (group.id, group.title.vi, group.title.en) if name):
            return group.id
    return value


def _number(
    values: Mapping[str, str], name: str, where: _Where, problems: list[Problem], *, required: bool = False
) -> Decimal | None:
    text = values.get(name, "")
    if not text:
        if required and name in values:
            problems.append(Problem(where(name), "empty; every line needs it", field=name))
        return None
    try:
        return Decimal(answer_number(text))  # the one rule of numeric text
    except (TypeError, ValueError) as err:
        problems.append(Problem(where(name), str(err), field=name))
        return None


def _date(values: Mapping[str, str], where: _Where, problems: list[Problem]) -> dt.date | None:
    text = values.get("submitted", "")
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as err:
        problems.append(Problem(where("submitted"), str(err), field="submitted"))
        return None
