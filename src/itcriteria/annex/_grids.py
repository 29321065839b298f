"""Annex files as grids of text: the sheets of an xlsx, the tables of a docx, the rows of a csv.

A merged cell keeps its text in its first (top-left) grid cell only; the cells it spans read as empty,
in Word as in Excel, so a heading merged across the row is read once. Sizes are bounded: an annex is
a few hundred rows, and a file far larger is refused before it is read whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import Problem, RegimeError

#: An annex file larger than this is refused unread (a province's annex is well under 1 MB).
MAX_FILE_BYTES = 20_000_000
#: At most this many rows and columns of one table are read.
MAX_ROWS = 5_000
MAX_COLUMNS = 60

SUFFIXES = (".xlsx", ".docx", ".csv")


@attrs.frozen
class Grid:
    """One table of an annex file: ``name`` is the sheet's name or ``bảng N`` (the N-th Word table,
    counted from 1); ``rows`` are its cells' text, spanned cells of a merge empty."""

    name: str
    rows: tuple[tuple[str, ...], ...]
    letters: bool  # columns are named by letter (a sheet) or by number (Word, csv)
    preamble: tuple[str, ...] = ()  # the Word document's paragraphs (its title lines, …)

    def column(self, index: int) -> str:
        """The column's name as the officer sees it: ``C`` in a sheet, ``3`` in a Word table or csv."""
        if not self.letters:
            return str(index + 1)
        name = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        return name


def read_grids(path: Path) -> tuple[Grid, ...]:
    """Every table of the annex file at ``path`` (.xlsx, .docx or .csv), in file order.

    Raises RegimeError naming the file when it cannot be read, is empty or has no table.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        _fail(path, f"an annex is an .xlsx, .docx or .csv file, not {suffix or 'a file without suffix'}")
    try:
        size = path.stat().st_size
    except OSError as err:
        _fail(path, f"cannot read the file: {err.strerror or err}")
    if size == 0:
        _fail(path, "the file is empty")
    if size > MAX_FILE_BYTES:
        _fail(
            path, f"the file has {size} bytes, more than an annex ({MAX_FILE_BYTES}); is it the right file?"
        )
    grids: tuple[Grid, ...]
    try:
        if suffix == ".csv":
            grids = (_csv_grid(path),)
        elif suffix == ".xlsx":
            grids = _xlsx_grids(path)
        else:
            grids = _docx_grids(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        if isinstance(err, RegimeError):
            raise
        _fail(path, f"not a readable {suffix[1:]} file: {err}")
    grids = tuple(g for g in grids if any(any(cell for cell in row) for row in g.rows))
    if not grids:
        what = "table" if suffix == ".docx" else "cell with text"
        _fail(path, f"the file has no {what}; an annex is a table with STT, Tiêu chí and Điểm tối đa columns")
    return grids


def _fail(path: Path, message: str) -> Any:
    raise RegimeError(str(path), [Problem("", message)])


def _csv_grid(path: Path) -> Grid:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")  # Excel writes a BOM in front of UTF-8 csv
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for i, row in enumerate(csv.reader(io.StringIO(text), dialect)):
        if i >= MAX_ROWS:
            break
        rows.append(tuple(cell.strip() for cell in row[:MAX_COLUMNS]))
    return Grid(path.stem, _square(rows), letters=False)


def _xlsx_grids(path: Path) -> tuple[Grid, ...]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    try:
        grids = []
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS), max_col=MAX_COLUMNS):
                # a merged range's spanned cells are MergedCell objects whose value is None
                rows.append(tuple(_cell_text(cell.value) for cell in row))
            grids.append(Grid(sheet.title, _square(rows), letters=True))
        return tuple(grids)
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _docx_grids(path: Path) -> tuple[Grid, ...]:
    import docx

    document = docx.Document(str(path))
    preamble = tuple(p.text.strip() for p in document.paragraphs if p.text.strip())
    grids = []
    for number, table in enumerate(document.tables, start=1):
        rows = []
        above: list[object] = []
        for r, row in enumerate(table.rows):
            if r >= MAX_ROWS:
                break
            texts = []
            elements: list[object] = []
            for c, cell in enumerate(row.cells[:MAX_COLUMNS]):
                # python-docx repeats a merged cell's object across every grid cell it spans: keep the
                # text in the first one (leftmost, topmost) only.
                element = cell._tc
                spanned = (elements and elements[-1] is element) or (c < len(above) and above[c] is element)
                texts.append("" if spanned else _paragraphs(cell.paragraphs))
                elements.append(element)
            above = elements
            rows.append(tuple(texts))
        grids.append(Grid(f"bảng {number}", _square(rows), letters=False, preamble=preamble))
    return tuple(grids)


def _paragraphs(paragraphs: Iterable[Any]) -> str:
    return "\n".join(p.text.strip() for p in paragraphs if p.text.strip())


def _square(rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    width = max((len(r) for r in rows), default=0)
    return tuple(r + ("",) * (width - len(r)) for r in rows)
