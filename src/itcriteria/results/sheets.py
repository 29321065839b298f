"""Worksheet plumbing for result workbooks: valid, unique sheet names and a row writer with the cell
formats every sheet shares (headings in bold, numbers as numeric cells shown to the regime's places,
dates as dd/mm/yyyy), set up to print (A4, fit to the page's width, the heading row on every page).

Workbooks are written by XlsxWriter in its ``constant_memory`` mode: each row goes to the sheet's
temporary file as soon as the next row starts, and text is written in the cell (not in a shared table
of strings), so a national round of 12,000 units is never held in memory cell by cell. Rows are
appended in order; a row's height is set when the row is written, from the text it wraps.

XlsxWriter was chosen over openpyxl's write-only mode for result workbooks because it is faster per
cell, keeps memory flat however many cells a sheet has, and writes what the workbook needs: formats,
internal links, frozen panes, autofilters and page setup. (Form templates, which need data validation,
protection and defined names that the form reader relies on, stay with openpyxl.)

Numbers are Decimals until they are written. An xlsx numeric cell is an IEEE double by definition;
the Decimal is written as the double nearest to it (``float(value)``, written back as ``%.16g``), the
same value Excel stores when the number is typed in. A number of at most 15 significant digits
(every total and point at the regime's places) reads back exactly as ``Decimal(repr(cell.value))``;
a longer one (a percent of the maximum such as 64.2526315…) keeps the precision of a double. The
number format (``0.00`` for two places) shows them to the regime's places, with the reader's own
decimal separator.

Text is always written as a text cell (``write_string``), never as a formula, whatever it starts
with: a unit named ``=1+2`` stays a name (issue 17).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .._core import wrapped_lines

#: Excel's limit on the length of a sheet name.
MAX_SHEET_NAME = 31
_INVALID = re.compile(r"[\[\]:*?/\\]")
_RESERVED = {"history"}  # Excel keeps this name for itself
DATE_FORMAT = "dd/mm/yyyy"
#: Text longer than this, or with a line break, wraps in its cell.
WRAP_AT = 60
_LINE_HEIGHT = 15.0  # points: one line of 11-point Calibri, Excel's default row
_A4 = 9
#: A sheet whose columns are wider than this (in characters) prints in landscape.
LANDSCAPE_ABOVE = 110


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Valid, unique sheet names for ``wanted``, in the same order, chosen deterministically.

    Characters Excel refuses (``[ ] : * ? / \\``) become ``_``, leading and trailing apostrophes
    are dropped, and a name is at most 31 characters. A name that had to change, or that equals an
    earlier one (Excel compares names without case), ends in ``~`` and four hex digits of a hash
    of the wanted text, so the same unit gets the same sheet name in every workbook; a counter
    settles the (unlikely) clash of two hashes.
    """
    taken: set[str] = set()
    names = []
    for text in wanted:
        clean = _INVALID.sub("_", text).strip("'") or "_"
        name = clean[:MAX_SHEET_NAME]
        if name != text or name.casefold() in taken or name.casefold() in _RESERVED:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:4]
            name = _suffixed(clean, f"~{digest}")
            count = 2
            while name.casefold() in taken:
                name = _suffixed(clean, f"~{digest}~{count}")
                count += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _suffixed(name: str, suffix: str) -> str:
    return name[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix


def number_format(places: int) -> str:
    """The Excel number format showing ``places`` decimals: ``0``, ``0.0``, ``0.00``, …"""
    return "0." + "0" * places if places > 0 else "0"


def link_to(sheet: str) -> str:
    """The address of the top of another sheet of the same workbook."""
    quoted = sheet.replace("'", "''")
    return f"internal:'{quoted}'!A1"


class Book:
    """An XlsxWriter workbook and the cell formats its sheets share, each made once."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._formats: dict[tuple[str | None, str | None, bool], Format] = {}

    def add_sheet(self, title: str) -> Worksheet:
        """A new sheet, the one before it finished: its temporary file is closed (XlsxWriter opens it
        again when it assembles the workbook), so a workbook of a thousand sheets does not hold a
        thousand open files."""
        self.close_sheets()
        return self.workbook.add_worksheet(title)

    def close_sheets(self) -> None:
        """Close the sheets' temporary files; also what a failed write does before it gives up."""
        for sheet in self.workbook.worksheets():
            sheet._opt_close()  # XlsxWriter's own step for this (no public name); a closed file stays closed

    def format(self, number: str | None = None, font: str | None = None, wrap: bool = False) -> Format:
        """The format of a number format, a font (``bold`` or ``title``) and wrapping, made once."""
        key = (number, font, wrap)
        made = self._formats.get(key)
        if made is None:
            properties: dict[str, Any] = {}
            if number is not None:
                properties["num_format"] = number
            if font is not None:
                properties["bold"] = True
            if font == "title":
                properties["font_size"] = 13
            if wrap:
                properties |= {"text_wrap": True, "valign": "top"}
            made = self._formats[key] = self.workbook.add_format(properties)
        return made


class SheetWriter:
    """Appends rows to one sheet: title lines, a heading row, and rows of values.

    Column widths, the frozen heading and the page setup are fixed when the sheet is made.
    """

    def __init__(
        self,
        book: Book,
        title: str,
        widths: Sequence[float],
        *,
        places: int,
        freeze_below: int | None = None,
    ) -> None:
        sheet = book.add_sheet(title)
        self.book, self.sheet = book, sheet
        self.widths = list(widths)
        self.number = book.format(number_format(places))
        self.bold_number = book.format(number_format(places), "bold")
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)
        if freeze_below is not None:
            sheet.freeze_panes(freeze_below, 0)
        sheet.set_paper(_A4)
        if sum(widths) > LANDSCAPE_ABOVE:
            sheet.set_landscape()
        sheet.fit_to_pages(1, 0)  # as wide as the page, as many pages down as it takes
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.set_footer("&C&P / &N")
        self.rows = 0
        self.heading_row: int | None = None

    @classmethod
    def opened(
        cls,
        book: Book,
        title: str,
        widths: Sequence[float],
        *,
        places: int,
        head: Sequence[str],
        lines: Sequence[Sequence[Any]] = (),
    ) -> SheetWriter:
        """A sheet with ``head`` on top (its first line as the title), then ``lines`` of values, a
        blank line, and room for the heading row, which stays in view when scrolling and is repeated
        on every printed page."""
        sheet = cls(book, title, widths, places=places, freeze_below=len(head) + len(lines) + 2)
        sheet.title(head[0])
        for line in head[1:]:
            sheet.line(line)
        for values in lines:
            sheet.line(*values)
        sheet.blank()
        return sheet

    def title(self, text: str) -> None:
        self.sheet.set_row(self.rows, _LINE_HEIGHT * 1.3)
        self.sheet.write_string(self.rows, 0, text, self.book.format(font="title"))
        self.rows += 1

    def line(self, *values: Any) -> None:
        """A line of text or numbers above or between tables (text runs on over the next cells)."""
        for column, value in enumerate(values):
            self._write(column, value, False, wrap=False)
        self.rows += 1

    def blank(self) -> None:
        self.rows += 1

    def heading(self, labels: Iterable[str]) -> None:
        """The heading row of a table: bold, wrapped, repeated on every printed page (the first
        heading row of the sheet)."""
        labels = list(labels)
        self._height(labels)
        style = self.book.format(font="bold", wrap=True)
        for column, text in enumerate(labels):
            self.sheet.write_string(self.rows, column, text, style)
        if self.heading_row is None:
            self.heading_row = self.rows
            self.sheet.repeat_rows(self.rows)
        self.rows += 1

    def row(
        self,
        values: Iterable[Any],
        *,
        bold: bool = False,
        links: dict[int, str] | None = None,
        wrap: bool = True,
    ) -> None:
        """A table row; ``links`` maps a column index (from 0) to a sheet the cell links to. Long
        text wraps and makes the row as high as it needs, unless ``wrap`` is false (one line a row,
        as a sheet to filter reads best)."""
        values = list(values)
        if wrap:
            self._height(values)
        for column, value in enumerate(values):
            if links and column in links and value is not None:
                style = self.book.format(font="bold" if bold else None, wrap=wrap and _wraps(value))
                self.sheet.write_url(self.rows, column, link_to(links[column]), style, str(value))
            else:
                self._write(column, value, bold, wrap=wrap)
        self.rows += 1

    def autofilter(self, first_row: int, columns: int) -> None:
        """Filter buttons on the heading row ``first_row`` over the rows written below it."""
        self.sheet.autofilter(first_row, 0, max(first_row, self.rows - 1), columns - 1)

    def _height(self, values: Sequence[Any]) -> None:
        """The row's height from the text it wraps: Excel and LibreOffice do not size rows written
        by a streaming writer, and a printed row too low cuts its text."""
        lines = 1
        for column, value in enumerate(values):
            if isinstance(value, str) and _wraps(value) and column < len(self.widths):
                lines = max(lines, wrapped_lines(value, self.widths[column]))
        if lines > 1:
            self.sheet.set_row(self.rows, _LINE_HEIGHT * lines)

    def _write(self, column: int, value: Any, bold: bool, *, wrap: bool = True) -> None:
        """A value as written: numbers with the regime's places, dates as dd/mm/yyyy, long text
        wrapped (in tables), text always as text."""
        sheet, row = self.sheet, self.rows
        if value is None:
            return
        if isinstance(value, str):
            wraps = wrap and _wraps(value)
            style = self.book.format(font="bold", wrap=wraps) if bold or wraps else None
            sheet.write_string(row, column, value, style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, Decimal):
            sheet.write_number(row, column, float(value), self.bold_number if bold else self.number)
        elif isinstance(value, int):
            sheet.write_number(row, column, value, self.book.format(font="bold") if bold else None)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, column, value, self.book.format(DATE_FORMAT, "bold" if bold else None))
        else:
            sheet.write_string(row, column, str(value))


def _wraps(value: object) -> bool:
    return isinstance(value, str) and (len(value) > WRAP_AT or "\n" in value)
